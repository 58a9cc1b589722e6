"""pydantic models that check what comes in (forms, imports, the command line) for the concept,
its fields, goals and contacts; `record()` gives the plain record the store reads back
(domain/records.py)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from massnahmen.domain import records
from massnahmen.domain.contacts import contact_display, email_problem
from massnahmen.domain.errors import InvalidValue, ValidationFailed


def _blank_to_none(value: object) -> object:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def german_errors(exc: ValidationError) -> ValidationFailed:
    """pydantic's errors as our German ones (our validators raise InvalidValue already)."""
    problems = []
    for err in exc.errors():
        original = (err.get("ctx") or {}).get("error")
        if isinstance(original, InvalidValue):
            problems.append(original)
        else:
            where = ".".join(str(p) for p in err.get("loc", ())) or "Eingabe"
            problems.append(InvalidValue(where, f"ungültiger Wert „{err.get('input')}“"))
    return ValidationFailed(problems)


class _Model(BaseModel):
    """Base model: raises ValidationFailed with German messages instead of pydantic's errors."""

    model_config = ConfigDict(str_strip_whitespace=True, frozen=False)

    def __init__(self, **data) -> None:
        try:
            super().__init__(**data)
        except ValidationError as exc:
            raise german_errors(exc) from None

    def record(self):
        """The same values as the plain record of domain/records.py with this class's name."""
        return getattr(records, type(self).__name__)(**self.model_dump())


class Concept(_Model):
    name: str
    body: str | None = None
    adopted_on: date | None = None

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        if not v:
            raise InvalidValue("Name des Konzepts", "darf nicht leer sein")
        return v


class Field(_Model):
    """Handlungsfeld."""

    id: int | None = None
    code: str
    name: str
    measures: int = 0

    @field_validator("code", "name")
    @classmethod
    def _required(cls, v: str, info) -> str:
        if not v:
            label = "Kürzel" if info.field_name == "code" else "Name"
            raise InvalidValue(f"Handlungsfeld, {label}", "darf nicht leer sein")
        return v


class Goal(_Model):
    """Ziel inside a Handlungsfeld."""

    id: int | None = None
    field_id: int | None = None
    field: str | None = None
    code: str | None = None
    name: str
    measures: int = 0

    @field_validator("name")
    @classmethod
    def _required(cls, v: str) -> str:
        if not v:
            raise InvalidValue("Ziel", "darf nicht leer sein")
        return v

    _code = field_validator("code", mode="before")(lambda cls, v: _blank_to_none(v))


class Contact(_Model):
    """Zuständig / Ansprechpartner·in: a person, or just an organisation."""

    id: int | None = None
    name: str | None = None
    organisation: str | None = None
    role: str | None = None
    email: str | None = None
    phone: str | None = None
    measures: int = 0

    _blank = field_validator("name", "organisation", "role", "email", "phone", mode="before")(
        lambda cls, v: _blank_to_none(v)
    )

    @field_validator("email")
    @classmethod
    def _email(cls, v: str | None) -> str | None:
        problem = email_problem(v)
        if problem:
            raise InvalidValue("E-Mail", problem)
        return v

    @model_validator(mode="after")
    def _someone(self) -> Contact:
        if not self.name and not self.organisation:
            raise InvalidValue("Kontakt", "braucht einen Namen oder eine Organisation")
        return self

    @property
    def display(self) -> str:
        return contact_display(self.name, self.organisation)
