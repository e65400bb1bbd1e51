"""agenda: a programme's goals, groups and actions as YAML/TOML files in git.

The library API (no CLI inside)::

    import netwerkagenda as na

    repo = na.load_repo("path/to/repo")        # records + per-file problems
    findings = repo.validate()                 # list[Finding], sorted
    for action in repo.actions:
        print(action.id, action.status, action.date("due"))

Names are imported on first use, so ``agenda --version`` loads none of it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "AgendaError": "netwerkagenda.errors",
    "RepositoryNotFound": "netwerkagenda.errors",
    "UsageError": "netwerkagenda.errors",
    "Finding": "netwerkagenda.findings",
    "Severity": "netwerkagenda.findings",
    "Record": "netwerkagenda.model",
    "Update": "netwerkagenda.model",
    "Repository": "netwerkagenda.records.repository",
    "load_repo": "netwerkagenda.records.repository",
    "Settings": "netwerkagenda.settings",
    "find_root": "netwerkagenda.settings",
    "query": "netwerkagenda.views.query",
    "dashboard": "netwerkagenda.views.status",
    "record_view": "netwerkagenda.views.show",
}

if TYPE_CHECKING:
    from netwerkagenda.errors import AgendaError, RepositoryNotFound, UsageError
    from netwerkagenda.findings import Finding, Severity
    from netwerkagenda.model import Record, Update
    from netwerkagenda.records.repository import Repository, load_repo
    from netwerkagenda.settings import Settings, find_root
    from netwerkagenda.views.query import query
    from netwerkagenda.views.show import record_view
    from netwerkagenda.views.status import dashboard


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'netwerkagenda' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "AgendaError",
    "Finding",
    "Record",
    "Repository",
    "RepositoryNotFound",
    "Settings",
    "Severity",
    "Update",
    "UsageError",
    "__version__",
    "dashboard",
    "find_root",
    "load_repo",
    "query",
    "record_view",
]
