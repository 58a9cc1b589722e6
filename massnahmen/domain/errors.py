"""Errors that carry a German message for the user and an exit code for scripts.

The message is plain German that every face can show: it names no command, option or key. What
the user can do about it is the face's to say (the command line names its options, the TUI its
keys and buttons), from the data an error carries: what was not found, what is still in use and
by how many measures, which ways out there are. `hint` is a face-neutral hint. `param` names the
parameter a refused input came in (e.g. "rejects", "maps", "statuses"), so that a face can name
its own option or field for it; `remedy` names a way out that a face phrases with its own options
or keys (e.g. "force": an existing file
may be replaced when the user asks for it; "never": not even then; "create_new": a new database
file would help – the command line names its commands for it)."""

from __future__ import annotations


class MassnahmenError(Exception):
    """Base of every error that is reported to the user (never as a traceback)."""

    exit_code = 1

    def __init__(
        self, message: str, *, hint: str | None = None, param: str | None = None, remedy: str | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.param = param
        self.remedy = remedy

    def __str__(self) -> str:
        hint = self.hint
        return self.message if not hint else f"{self.message}\n{hint}"


class InvalidValue(MassnahmenError, ValueError):
    """A single value was refused (unknown status, impossible date, empty title …).

    Also a ValueError, so that pydantic validators collect it like any other. param names the
    parameter the value came in (e.g. "move_to", "statuses"), so that a face can name its own
    input for it instead of the German label (the command line its option)."""

    def __init__(self, label: str, message: str, *, param: str | None = None) -> None:
        super().__init__(f"{label}: {message}", param=param)
        self.label = label
        self.detail = message


class ValidationFailed(MassnahmenError):
    """Several values were refused at once."""

    def __init__(self, problems: list[InvalidValue]) -> None:
        super().__init__("\n".join(p.message for p in problems))
        self.problems = problems


# German names of the kinds of records errors speak of (kind= of NotFound, AlreadyExists, InUse)
KINDS = {"measure": "Maßnahme", "field": "Handlungsfeld", "goal": "Ziel", "contact": "Kontakt", "view": "Ansicht"}


class NotFound(MassnahmenError):
    """No record of kind ("measure", "field", "goal", "contact" – KINDS) answers to value, the
    reference as given. Without a message: „<Kind> „value“ gibt es nicht.“"""

    def __init__(
        self, message: str | None = None, *, kind: str | None = None, value: str | None = None, hint: str | None = None
    ) -> None:
        if message is None:
            message = f"{KINDS.get(kind or '', 'Eintrag')} „{value}“ gibt es nicht."
        super().__init__(message, hint=hint)
        self.kind = kind
        self.value = value


class Ambiguous(NotFound):
    """A reference matches more than one record. Still a NotFound (no single record was found);
    candidates holds each match as the finder would have returned it (a contact's id, a field's
    or goal's row)."""

    def __init__(
        self,
        message: str,
        candidates: list | None = None,
        *,
        kind: str | None = None,
        value: str | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message, kind=kind, value=value, hint=hint)
        self.candidates = list(candidates or [])


class AlreadyExists(MassnahmenError):
    """A record of kind (KINDS; None for a file) named value is there already."""

    def __init__(
        self,
        message: str,
        *,
        kind: str | None = None,
        value: str | None = None,
        hint: str | None = None,
        remedy: str | None = None,
    ) -> None:
        super().__init__(message, hint=hint, remedy=remedy)
        self.kind = kind
        self.value = value


class InUse(MassnahmenError):
    """A record cannot be removed while measures still use it.

    what: the kind of record ("field", "goal", "contact" – KINDS); name: how it is shown;
    measures: how many measures use it (archived ones included); choices: the ways out the
    remover offers, "move" (to another record of that kind) and "clear" (the measures keep no
    such record) – a field's measures can only move."""

    def __init__(
        self,
        message: str,
        *,
        what: str,
        name: str,
        measures: int,
        choices: tuple[str, ...] = ("move",),
        hint: str | None = None,
    ) -> None:
        super().__init__(message, hint=hint)
        self.what = what
        self.name = name
        self.measures = measures
        self.choices = tuple(choices)


class ConflictError(MassnahmenError):
    """Someone else changed the record after it was read (optimistic locking)."""

    def __init__(self, message: str, changes: list[dict] | None = None) -> None:
        super().__init__(message)
        self.changes = changes or []


class DatabaseProblem(MassnahmenError):
    """The database file cannot be used: missing, foreign, newer, locked. path: the file a remedy
    speaks of (the missing database, or the one suggested in place of a folder)."""

    def __init__(
        self, message: str, *, path: str | None = None, hint: str | None = None, remedy: str | None = None
    ) -> None:
        super().__init__(message, hint=hint, remedy=remedy)
        self.path = path


class WriteCancelled(MassnahmenError):
    """The officer stopped waiting for a file another process keeps locked; nothing was written."""


class TargetRefused(MassnahmenError):
    """An output file may not be written there (the database, a backup, someone else's file)."""


class UsageProblem(MassnahmenError):
    """The command was called wrongly (an unknown format, contradicting choices)."""

    exit_code = 2


class TooLarge(MassnahmenError):
    """A document would be too large to make within bounded memory (a PDF of more rows than its
    budget). Carries what was asked for, so that each face can name its own ways to choose less:
    kind (sachstand, rueckblick, ideen), rows (measures and Sachstände the document would list),
    limit and the estimated pages."""

    def __init__(self, message: str, *, kind: str, rows: int, limit: int, pages: int) -> None:
        super().__init__(message)
        self.kind = kind
        self.rows = rows
        self.limit = limit
        self.pages = pages
