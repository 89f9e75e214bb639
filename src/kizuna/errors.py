"""Exceptions shared by every Kizuna package.

Hierarchy::

    KizunaError
    ├── InvalidInput          bad data from a user or a file; CLI exit code 2, API 4xx
    │   ├── InvalidFile       a file that is missing, corrupt or in the wrong format
    │   ├── UnknownName       an unknown scenario, profile, aircraft, district...
    │   ├── PermissionDenied  the actor may not read or change this record; API 403
    │   └── Conflict          the record changed since the caller read it (a concurrent
    │                         change won); API 409
    └── Infeasible            valid input with no legal or feasible answer; CLI exit code 1

Messages are one line and name the file, field or value at fault, because the CLI prints them
as they are and the API returns them in the error body.
"""

from __future__ import annotations

__all__ = [
    "Conflict",
    "Infeasible",
    "InvalidFile",
    "InvalidInput",
    "KizunaError",
    "PermissionDenied",
    "UnknownName",
]


class KizunaError(Exception):
    """Base of every error Kizuna raises on purpose."""


class InvalidInput(KizunaError, ValueError):
    """Input that does not meet its contract.

    Parameters
    ----------
    message
        One line naming the field or value and the problem.
    field
        Dotted path of the offending field, when there is one (the API reports it).
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class InvalidFile(InvalidInput):
    """A file that cannot be read as the format it claims to be."""

    def __init__(self, path: object, problem: str) -> None:
        super().__init__(f"{path}: {problem}", field=None)
        self.path = path


class UnknownName(InvalidInput, KeyError):
    """A name that is not in the catalogue it was looked up in."""

    def __init__(self, kind: str, name: str, known: list[str] | None = None) -> None:
        hint = f" (known: {', '.join(sorted(known))})" if known else ""
        super().__init__(f"unknown {kind} {name!r}{hint}", field=kind)
        self.name = name

    def __str__(self) -> str:  # KeyError would quote the message otherwise
        return str(self.args[0])


class PermissionDenied(InvalidInput):
    """An actor asked for a record the access policy does not let them see or change."""

    def __init__(self, actor_id: str, what: str) -> None:
        super().__init__(f"permission denied: {actor_id} may not access {what}", field=None)
        self.actor_id = actor_id
        self.what = what


class Conflict(InvalidInput):
    """A change based on a state the record has left: another change committed first.

    The caller reads the record again and decides again; nothing of this change was written.
    """


class Infeasible(KizunaError):
    """Valid input for which no legal or feasible answer exists."""
