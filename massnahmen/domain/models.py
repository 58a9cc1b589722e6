"""pydantic models of the concept's parts; Measure.contract() is the object of the JSON contract."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from massnahmen.domain.attributes import ATTRIBUTES, display_value, label
from massnahmen.domain.contacts import contact_display, email_problem
from massnahmen.domain.errors import InvalidValue, ValidationFailed
from massnahmen.domain.vocab import ASSESSMENT, CLOSED_STATUSES, PRIORITY, STATUS

# The keys of a measure in JSON output and JSON import, in this order: the registry's attributes,
# then when the measure was last changed.
MEASURE_KEYS = (*(a.json_key for a in ATTRIBUTES), "updated_at")
CONTACT_KEYS = ("name", "organisation", "email", "phone")


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
    def _someone(self) -> "Contact":
        if not self.name and not self.organisation:
            raise InvalidValue("Kontakt", "braucht einen Namen oder eine Organisation")
        return self

    @property
    def display(self) -> str:
        return contact_display(self.name, self.organisation)

    def contract(self) -> dict:
        return {k: getattr(self, k) for k in CONTACT_KEYS}


class Review(_Model):
    """Sachstand: a dated progress note with status and Ampel at that time."""

    id: int | None = None
    date: date
    author: str
    status: str | None = None
    assessment: str | None = None
    note: str
    next_review_date: date | None = None

    @field_validator("status")
    @classmethod
    def _status(cls, v: str | None) -> str | None:
        return STATUS.parse(v) if v else None

    @field_validator("assessment")
    @classmethod
    def _assessment(cls, v: str | None) -> str | None:
        return ASSESSMENT.parse(v) if v else None

    @field_validator("note")
    @classmethod
    def _note(cls, v: str) -> str:
        if not v:
            raise InvalidValue("Sachstand", "darf nicht leer sein")
        return v


class Change(_Model):
    """One line of a measure's Verlauf."""

    at: str
    author: str
    attribute: str  # the attribute's key ("status", "review_date" …), "created" or "review"
    old: str | None = None
    new: str | None = None
    context: str | None = None

    def describe(self) -> str:
        """'Wiedervorlage 01.11.2026 → 15.01.2027', as the office reads it."""
        return (f"{label(self.attribute)} {display_value(self.attribute, self.old)} → "
                f"{display_value(self.attribute, self.new)}")


class Measure(_Model):
    """A measure as the JSON contract describes it, plus what the faces need to edit it."""

    code: str
    title: str
    description: str | None = None
    field: str
    field_code: str | None = None
    goal: str | None = None
    contact: Contact | None = None
    partners: str | None = None
    status: str
    assessment: str | None = None
    priority: str | None = None
    start: date | None = None
    end: date | None = None
    review_date: date | None = None
    funding: str | None = None
    indicator: str | None = None
    source: str | None = None
    notes: str | None = None
    updated_at: str | None = None
    updated_by: str | None = None
    created_at: str | None = None
    archived: bool = False
    version: int = 1
    reviews: list[Review] = []

    @field_validator("status")
    @classmethod
    def _status(cls, v: str) -> str:
        return STATUS.parse(v)

    @field_validator("assessment")
    @classmethod
    def _assessment(cls, v: str | None) -> str | None:
        return ASSESSMENT.parse(v)

    @field_validator("priority")
    @classmethod
    def _priority(cls, v: str | None) -> str | None:
        return PRIORITY.parse(v)

    @property
    def closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    def contract(self) -> dict:
        """The object of the JSON contract (English keys, ISO dates, null for missing)."""
        data = self.model_dump(mode="json", include=set(MEASURE_KEYS))
        data["contact"] = self.contact.contract() if self.contact else None
        return {k: data.get(k) for k in MEASURE_KEYS}
