"""History: what changed in the records, from git and from the dates written in them.

- :mod:`netwerkagenda.git`: the only module that talks to git.
- :mod:`netwerkagenda.history.when`: ``--since``/``--until`` values (a pure parser).
- :mod:`netwerkagenda.history.changes`: semantic changes between states of a record.
- :mod:`netwerkagenda.history.timeline`: one timeline of events for a period.
"""

from __future__ import annotations
