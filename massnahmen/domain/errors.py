"""Errors that carry a German message for the user and an exit code for scripts."""

from __future__ import annotations


class MassnahmenError(Exception):
    """Base of every error that is reported to the user (never as a traceback)."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message}\n{self.hint}"


class InvalidValue(MassnahmenError, ValueError):
    """A single value was refused (unknown status, impossible date, empty title …).

    Also a ValueError, so that pydantic validators collect it like any other."""

    def __init__(self, label: str, message: str) -> None:
        super().__init__(f"{label}: {message}")
        self.label = label
        self.detail = message


class ValidationFailed(MassnahmenError):
    """Several values were refused at once."""

    def __init__(self, problems: list[InvalidValue]) -> None:
        super().__init__("\n".join(p.message for p in problems))
        self.problems = problems


class NotFound(MassnahmenError):
    pass


class Ambiguous(NotFound):
    """A reference matches more than one record. Still a NotFound (no single record was found);
    candidates holds each match as the finder would have returned it (a contact's id, a field's
    or goal's row)."""

    def __init__(self, message: str, candidates: list | None = None, *, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.candidates = list(candidates or [])


class AlreadyExists(MassnahmenError):
    pass


class InUse(MassnahmenError):
    pass


class ConflictError(MassnahmenError):
    """Someone else changed the record after it was read (optimistic locking)."""

    def __init__(self, message: str, changes: list[dict] | None = None) -> None:
        super().__init__(message)
        self.changes = changes or []


class DatabaseProblem(MassnahmenError):
    """The database file cannot be used: missing, foreign, newer, locked."""


class TargetRefused(MassnahmenError):
    """An output file may not be written there (the database, a backup, someone else's file)."""


class UsageProblem(MassnahmenError):
    """The command was called wrongly (unknown --format, contradicting options)."""

    exit_code = 2
