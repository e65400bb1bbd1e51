"""The brief's words, one table per language: the sentences a fact is told in, the
labels of its lists, counts, and the few words the letter's Python puts between them.

The templates' own words (headings, the opening) are in the templates, where a user's
copy can change them; what the template context offers as ``words`` is
:attr:`BriefWords.sentences`.
"""

from __future__ import annotations

from dataclasses import dataclass

from netwerkagenda.i18n import lang_of


@dataclass(frozen=True)
class BriefWords:
    """Every word the brief's Python writes in one language."""

    sentences: dict[str, str]  # a fact as a sentence about "this", by key
    fact_labels: dict[str, str]  # a list of facts of one kind: "Afgerond: A en B."
    counts: tuple[str, ...]  # 0..12 in words
    times: dict[int, str]  # "twee keer", "twice"
    times_n: str  # beyond the table: "{n} keer"
    conjunction: str  # the last of a list: "a, b en c"
    this: str  # how a fact's sentence begins ("Dit ", "This ")
    subject: dict[str, str]  # for "this" after a note: "Deze actie", by record kind
    earlier: str  # an indicator's earlier measurements in the period
    title: str  # the brief's title before the programme's name
    more_info: str  # a link title that makes a link the letter's closing
    withdrawn: str  # a budget withdrawn, in a list line
    formerly: str  # a record renamed, in a list line
    to: str  # a record passed to a group, in a list line
    planned_start: str  # a missed start, in a list line
    days_late: str  # a late finish, in a list line
    of_target: str  # "1.010 van de 5.000"
    on: str  # "op 1 maart 2026"
    trend: tuple[str, str, str]  # before the previous value: went up, down, stayed
    empty_note: frozenset[str]  # the words a note that says nothing is made of
    note_tells: dict[str, tuple[str, ...]]  # a note with one of these tells the fact


NL = BriefWords(
    sentences={
        "finished": "Dit is op {date} afgerond.",
        "finished-": "Dit is afgerond.",
        "finished-late": (
            "Dit is op {date} afgerond, {days} dagen na de geplande einddatum van {due}."
        ),
        "cancelled": "Dit is op {date} geschrapt.",
        "cancelled-": "Dit is geschrapt.",
        "not-started": "Dit had op {date} moeten starten en is nog niet gestart.",
        "regrouped": "Dit is op {date} overgedragen aan {new}.",
        "regrouped-": "Dit is overgedragen aan {new}.",
        "started": "Dit is op {date} van start gegaan.",
        "started-": "Dit is van start gegaan.",
        "blocked": "Dit ligt sinds {date} stil.",
        "blocked-": "Dit ligt stil.",
        "blocked-until": "Dit lag stil van {date} tot {until}.",
        "blocked-over": "Dit is op {date} stilgelegd.",
        "resumed": "Dit is op {date} weer opgepakt.",
        "resumed-": "Dit is weer opgepakt.",
        "added": "We hebben dit op {date} aan de agenda toegevoegd.",
        "added-": "We hebben dit aan de agenda toegevoegd.",
        "removed": "We hebben dit op {date} van de agenda gehaald.",
        "removed-": "We hebben dit van de agenda gehaald.",
        "moved": "De einddatum is verschoven van {old} naar {new}.",
        "moved-n": "De einddatum is {times} verschoven: van {old} via {via} naar {new}.",
        "moved-back": "De einddatum is {times} verschoven en staat weer op {new}.",
        "budget-new": "Hiervoor is {new} begroot.",
        "budget-up": "Het budget is verhoogd van {old} naar {new}.",
        "budget-down": "Het budget is verlaagd van {old} naar {new}.",
        "budget-other": "Het budget is gewijzigd van {old} in {new}.",
        "budget-gone": "Het budget van {old} is vervallen.",
        "renamed": "Dit heette tot {date} ‘{old}’.",
        "renamed-": "Dit heette eerder ‘{old}’.",
        "formed": "Dit is op {date} van start gegaan.",
        "formed-": "Dit is van start gegaan.",
        "ended": "Dit is op {date} gestopt.",
        "ended-": "Dit is gestopt.",
        "via": "{a} en {b}",
        "expected": "Naar verwachting is dit in {month} gereed.",
        "planned": "De start staat gepland voor {date}.",
        "on-hold": "Dit ligt voorlopig stil.",
        "quiet": "Het laatste bericht hierover is van {date}.",
    },
    fact_labels={
        "finished": "Afgerond",
        "cancelled": "Vervallen",
        "budget": "Budget",
        "formed": "Van start gegaan",
        "ended": "Gestopt",
        "blocked": "Stilgelegd",
        "blocked-until": "Tijdelijk stilgelegd",
        "resumed": "Weer opgepakt",
        "started": "Gestart",
        "moved": "Einddatum verschoven",
        "not-started": "Niet gestart",
        "regrouped": "Overgedragen",
        "added": "Nieuw op de agenda",
        "removed": "Van de agenda gehaald",
        "renamed": "Nieuwe naam",
    },
    counts=(
        "nul",
        "één",
        "twee",
        "drie",
        "vier",
        "vijf",
        "zes",
        "zeven",
        "acht",
        "negen",
        "tien",
        "elf",
        "twaalf",
    ),
    times={
        2: "twee keer",
        3: "drie keer",
        4: "vier keer",
        5: "vijf keer",
        6: "zes keer",
        7: "zeven keer",
        8: "acht keer",
    },
    times_n="{n} keer",
    conjunction=" en ",
    this="Dit ",
    subject={"action": "Deze actie", "group": "Deze groep", "goal": "Deze opgave"},
    earlier="eerder in deze periode",
    title="Voortgangsbericht",
    more_info="meer informatie:",
    withdrawn="vervallen: ",
    formerly="voorheen ‘{old}’",
    to="naar",
    planned_start="start gepland op",
    days_late="dagen te laat",
    of_target=" van de ",
    on="op",
    trend=("was", "was", "was"),
    empty_note=frozenset(
        [
            "overleg",
            "gevoerd",
            "gehouden",
            "gesproken",
            "besproken",
            "vergadering",
            "vergaderd",
            "bijgewerkt",
            "overleggen",
            "afstemming",
            "contact",
            "gehad",
        ]
    ),
    note_tells={
        "started": ("gestart", "van start", "begonnen"),
        "resumed": ("hervat", "weer opgepakt"),
        "finished": ("afgerond", "opgeleverd"),
        "cancelled": ("geschrapt", "stopgezet"),
    },
)

EN = BriefWords(
    sentences={
        "finished": "This was finished on {date}.",
        "finished-": "This has been finished.",
        "finished-late": "This was finished on {date}, {days} days after its due date of {due}.",
        "not-started": "This was planned to start on {date} and has not started yet.",
        "regrouped": "On {date} this passed to {new}.",
        "regrouped-": "This passed to {new}.",
        "cancelled": "This was cancelled on {date}.",
        "cancelled-": "This has been cancelled.",
        "started": "This started on {date}.",
        "started-": "This has started.",
        "blocked": "This has been on hold since {date}.",
        "blocked-": "This is on hold.",
        "blocked-until": "This was on hold from {date} to {until}.",
        "blocked-over": "This was put on hold on {date}.",
        "resumed": "This resumed on {date}.",
        "resumed-": "This has resumed.",
        "added": "We added this to the agenda on {date}.",
        "added-": "We added this to the agenda.",
        "removed": "We took this off the agenda on {date}.",
        "removed-": "We took this off the agenda.",
        "moved": "The due date moved from {old} to {new}.",
        "moved-n": "The due date moved {times}: from {old} via {via} to {new}.",
        "moved-back": "The due date moved {times} and is back at {new}.",
        "budget-new": "A budget of {new} was set aside for this.",
        "budget-up": "The budget went up from {old} to {new}.",
        "budget-down": "The budget went down from {old} to {new}.",
        "budget-other": "The budget changed from {old} to {new}.",
        "budget-gone": "The budget of {old} was withdrawn.",
        "renamed": "Until {date} this was called “{old}”.",
        "renamed-": "This used to be called “{old}”.",
        "formed": "This started on {date}.",
        "formed-": "This has started.",
        "ended": "This ended on {date}.",
        "ended-": "This has ended.",
        "via": "{a} and {b}",
        "expected": "We expect this to be ready in {month}.",
        "planned": "It is planned to start on {date}.",
        "on-hold": "This is on hold for now.",
        "quiet": "The last news of it dates from {date}.",
    },
    fact_labels={
        "finished": "Finished",
        "cancelled": "Cancelled",
        "budget": "Budget",
        "formed": "Started",
        "ended": "Ended",
        "blocked": "Put on hold",
        "blocked-until": "On hold for a while",
        "resumed": "Resumed",
        "started": "Started",
        "moved": "Due date moved",
        "not-started": "Not started",
        "regrouped": "Passed to another group",
        "added": "New on the agenda",
        "removed": "Taken off the agenda",
        "renamed": "Renamed",
    },
    counts=(
        "no",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
    ),
    times={1: "once", 2: "twice", 3: "three times", 4: "four times", 5: "five times"},
    times_n="{n} times",
    conjunction=" and ",
    this="This ",
    subject={"action": "This action", "group": "This group", "goal": "This goal"},
    earlier="earlier in this period",
    title="Progress report",
    more_info="more information:",
    withdrawn="withdrawn: ",
    formerly="formerly “{old}”",
    to="to",
    planned_start="planned to start on",
    days_late="days late",
    of_target=" of ",
    on="on",
    trend=("up from", "down from", "as"),
    empty_note=frozenset(
        ["update", "updated", "meeting", "held", "discussed", "call", "talked", "contact"]
    ),
    note_tells={
        "started": ("started", "kicked off", "began"),
        "resumed": ("resumed", "restarted"),
        "finished": ("finished", "completed"),
        "cancelled": ("cancelled", "canceled"),
    },
)

WORDS = {"nl": NL, "en": EN}

# a note is told or left out whatever language it is written in
EMPTY_NOTE_WORDS = NL.empty_note | EN.empty_note
NOTE_TELLS = {k: NL.note_tells[k] + EN.note_tells[k] for k in NL.note_tells}
MORE_INFO = (NL.more_info, EN.more_info)


def words_for(lang: str) -> BriefWords:
    """The table of ``lang`` (English for a language the brief does not know)."""
    return WORDS[lang_of(lang)]
