"""agenda: a programme's goals, groups and actions as YAML/TOML files in git.

The library API (no CLI inside)::

    import netwerkagenda as na

    repo = na.load_repo("path/to/repo")        # records + per-file problems
    findings = repo.validate()                 # list[Finding], sorted
    for action in repo.actions:
        print(action.id, action.status, action.date("due"))
"""

from __future__ import annotations

__version__ = "0.1.0"

from netwerkagenda.errors import AgendaError, RepositoryNotFound, UsageError
from netwerkagenda.findings import Finding, Severity
from netwerkagenda.model import Record, Update
from netwerkagenda.repo import Repository, load_repo
from netwerkagenda.settings import Settings, find_root

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
    "find_root",
    "load_repo",
]
