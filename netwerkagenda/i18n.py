"""Labels, dates and amounts in Dutch and English."""

from __future__ import annotations

import datetime as dt

STATUS_LABELS = {
    "nl": {
        "planned": "gepland",
        "active": "in uitvoering",
        "done": "afgerond",
        "blocked": "geblokkeerd",
        "cancelled": "vervallen",
    },
    "en": {
        "planned": "planned",
        "active": "in progress",
        "done": "done",
        "blocked": "blocked",
        "cancelled": "cancelled",
    },
}

KIND_LABELS = {
    "nl": {"goal": "doel", "group": "groep", "action": "actie"},
    "en": {"goal": "goal", "group": "group", "action": "action"},
}

# what happened to a record, as agenda log and the brief's events say it
EVENT_WORDS = {
    "nl": {
        "added": "toegevoegd",
        "removed": "verwijderd",
        "renamed": "hernoemd",
        "update": "notitie",
        "started": "gestart",
        "done": "afgerond",
        "ended": "beëindigd",
        "changed": "gewijzigd",
        "moved": "{n} keer verschoven",
    },
    "en": {
        "added": "added",
        "removed": "removed",
        "renamed": "renamed",
        "update": "update",
        "started": "started",
        "done": "done",
        "ended": "ended",
        "changed": "changed",
        "moved": "moved {n} times",
    },
}


MONTHS = {
    "nl": (
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}


def lang_of(lang: str) -> str:
    return lang if lang in STATUS_LABELS else "en"


def status_label(status: str | None, lang: str) -> str:
    if status is None:
        return "?"
    return STATUS_LABELS[lang_of(lang)].get(status, status)


def kind_label(kind: str, lang: str) -> str:
    return KIND_LABELS[lang_of(lang)].get(kind, kind)


def format_date(d: dt.date, lang: str, *, year: bool = True) -> str:
    """``20 september 2021`` (nl) or ``20 September 2021`` (en)."""
    month = MONTHS[lang_of(lang)][d.month - 1]
    return f"{d.day} {month} {d.year}" if year else f"{d.day} {month}"


def _trim(x: float) -> str:
    s = f"{x:.1f}"
    return s[:-2] if s.endswith(".0") else s


def format_amount(amount: float, currency: str = "EUR", lang: str = "nl") -> str:
    """Amounts as people write them: ``95 miljoen euro``, ``29,7 miljoen euro``,
    ``12.500 euro``; in English ``EUR 95 million``."""
    lang = lang_of(lang)
    cur = currency.upper()
    scales = (
        (1_000_000_000, "miljard", "billion"),
        (1_000_000, "miljoen", "million"),
    )
    for size, nl, en in scales:
        if abs(amount) >= size:
            num = _trim(amount / size)
            if lang == "nl":
                return f"{num.replace('.', ',')} {nl} {'euro' if cur == 'EUR' else cur}"
            return f"{'€' if cur == 'EUR' else cur + ' '}{num} {en}"
    if lang == "nl":
        whole = f"{amount:,.0f}" if float(amount).is_integer() else f"{amount:,.2f}"
        whole = whole.replace(",", "_").replace(".", ",").replace("_", ".")
        return f"{whole} {'euro' if cur == 'EUR' else cur}"
    whole = f"{amount:,.0f}" if float(amount).is_integer() else f"{amount:,.2f}"
    return f"{'€' if cur == 'EUR' else cur + ' '}{whole}"


def format_number(value: float, lang: str = "nl") -> str:
    """A figure with thousands separators, at most two decimals: nl ``1.010`` and
    ``12,5``, en ``1,010`` and ``12.5``."""
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")
    if lang_of(lang) == "nl":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text


def format_money(amount: float, currency: str = "EUR", lang: str = "nl") -> str:
    """An exact sum of money: nl ``€ 40.000``, en ``€40,000``; other currencies by
    their code: ``USD 5.000`` / ``USD 5,000``."""
    cur = currency.upper()
    whole = amount if float(amount).is_integer() else round(amount, 2)
    text = f"{whole:,.0f}" if float(whole).is_integer() else f"{whole:,.2f}"
    if lang_of(lang) == "nl":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
        return f"€ {text}" if cur == "EUR" else f"{cur} {text}"
    return f"€{text}" if cur == "EUR" else f"{cur} {text}"


# what agenda log says an event tells, beyond EVENT_WORDS: status transitions, a
# group's dates, measurements, indicators and budgets ({...} are filled in)
# field names as a Dutch log says them (English keeps the names as written in the files)
FIELD_WORDS = {
    "nl": {
        "title": "titel",
        "due": "deadline",
        "group": "groep",
        "owner": "eigenaar",
        "goals": "doelen",
        "progress": "voortgang",
        "depends_on": "hangt af van",
        "summary": "samenvatting",
        "description": "beschrijving",
        "tags": "labels",
        "links": "links",
        "kind": "soort",
        "parent": "valt onder",
        "chair": "voorzitter",
        "coach": "coach",
        "members": "leden",
        "order": "volgorde",
        "updates": "notities",
        "indicators": "indicatoren",
    },
    "en": {},
}


def field_word(name: str, lang: str) -> str:
    """A field's name in a log line: Dutch words in a Dutch log, else as written."""
    return FIELD_WORDS[lang_of(lang)].get(name, name)


LOG_WORDS = {
    "nl": {
        "started": "gestart",
        "resumed": "hervat",
        "reopened": "heropend",
        "blocked": "geblokkeerd",
        "cancelled": "vervallen",
        "done": "afgerond",
        "formed": "ingesteld",
        "ended": "beëindigd",
        "measurement": "meting {value}",
        "first": "eerste meting {value}",
        "target": "doel {target}",
        "up": "gestegen van {prev}",
        "down": "gedaald van {prev}",
        "same": "gelijk aan de vorige meting",
        "budget_set": "budget {new}",
        "budget_up": "budget verhoogd van {old} naar {new}",
        "budget_down": "budget verlaagd van {old} naar {new}",
        "budget_changed": "budget gewijzigd van {old} naar {new}",
        "budget_removed": "budget geschrapt (was {old})",
        "ind_added": "indicator toegevoegd: {title}",
        "ind_removed": "indicator verwijderd: {title}",
        "ind_title": "indicator hernoemd: {old} → {new}",
        "ind_target": "{title}: doel {old} → {new}",
        "ind_unit": "{title}: eenheid {old} → {new}",
        "ind_measurements": "{title}: eerdere metingen gewijzigd of verwijderd",
        "renamed_from": "hernoemd: {old} → {new}",
        "field_start": "geplande start",
        "field_started": "startdatum",
        "field_ended": "einddatum",
        "field_done": "datum afgerond",
    },
    "en": {
        "started": "started",
        "resumed": "resumed",
        "reopened": "reopened",
        "blocked": "blocked",
        "cancelled": "cancelled",
        "done": "done",
        "formed": "formed",
        "ended": "ended",
        "measurement": "measurement {value}",
        "first": "first measurement {value}",
        "target": "target {target}",
        "up": "up from {prev}",
        "down": "down from {prev}",
        "same": "unchanged",
        "budget_set": "budget set to {new}",
        "budget_up": "budget raised from {old} to {new}",
        "budget_down": "budget lowered from {old} to {new}",
        "budget_changed": "budget changed from {old} to {new}",
        "budget_removed": "budget removed (was {old})",
        "ind_added": "indicator added: {title}",
        "ind_removed": "indicator removed: {title}",
        "ind_title": "indicator renamed: {old} → {new}",
        "ind_target": "{title}: target {old} → {new}",
        "ind_unit": "{title}: unit {old} → {new}",
        "ind_measurements": "{title}: earlier measurements changed or removed",
        "renamed_from": "renamed: {old} → {new}",
        "field_start": "planned start",
        "field_started": "start date",
        "field_ended": "end date",
        "field_done": "done date",
    },
}
