"""The concept's parts as the store reads them: plain dataclasses without validation (what the store
holds was checked when it was written). Reading and showing measures thus never loads pydantic; the
models in domain/models.py check what comes in (forms, imports, the command line)."""

from __future__ import annotations

import datetime
from collections.abc import Collection
from dataclasses import dataclass, field as dataclass_field, fields
from datetime import date

from massnahmen.domain.attributes import ATTRIBUTES, display_value, label
from massnahmen.domain.contacts import contact_display
from massnahmen.domain.vocab import CLOSED_STATUSES

# The keys of a measure in JSON output and JSON import, in this order: the registry's attributes,
# then when the measure was last changed.
MEASURE_KEYS = (*(a.json_key for a in ATTRIBUTES), "updated_at")
CONTACT_KEYS = ("name", "organisation", "email", "phone")


def from_iso(value: str | date | None) -> date | None:
    """An ISO date as the store keeps it, as a date."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


def as_dict(
    record, *, include: set[str] | None = None, exclude: Collection[str] = frozenset(), iso: bool = False
) -> dict:
    """The record's fields in their order (iso: dates as ISO text, as in JSON)."""
    out = {}
    for f in fields(record):
        if (include is not None and f.name not in include) or f.name in exclude:
            continue
        value = getattr(record, f.name)
        out[f.name] = value.isoformat() if iso and isinstance(value, date) else value
    return out


@dataclass(slots=True, kw_only=True)
class Concept:
    name: str
    body: str | None = None
    adopted_on: date | None = None


@dataclass(slots=True, kw_only=True)
class Field:
    """Handlungsfeld."""

    id: int | None = None
    code: str
    name: str
    measures: int = 0


@dataclass(slots=True, kw_only=True)
class Goal:
    """Ziel inside a Handlungsfeld."""

    id: int | None = None
    field_id: int | None = None
    field: str | None = None
    code: str | None = None
    name: str
    measures: int = 0


@dataclass(slots=True, kw_only=True)
class Contact:
    """Zuständig / Ansprechpartner·in: a person, or just an organisation."""

    id: int | None = None
    name: str | None = None
    organisation: str | None = None
    role: str | None = None
    email: str | None = None
    phone: str | None = None
    measures: int = 0

    @property
    def display(self) -> str:
        return contact_display(self.name, self.organisation)

    def contract(self) -> dict:
        return {k: getattr(self, k) for k in CONTACT_KEYS}


@dataclass(slots=True, kw_only=True)
class Review:
    """Sachstand: a dated progress note with status and Ampel at that time."""

    id: int | None = None
    date: date
    author: str
    status: str | None = None
    assessment: str | None = None
    note: str
    next_review_date: datetime.date | None = None  # `date` is a field of this class


@dataclass(slots=True, kw_only=True)
class Change:
    """One line of a measure's Verlauf."""

    at: str
    author: str
    attribute: str  # the attribute's key ("status", "review_date" …), "created" or "review"
    old: str | None = None
    new: str | None = None
    context: str | None = None

    def describe(self) -> str:
        """'Wiedervorlage 01.11.2026 → 15.01.2027', as the office reads it."""
        return (
            f"{label(self.attribute)} {display_value(self.attribute, self.old)} → "
            f"{display_value(self.attribute, self.new)}"
        )


@dataclass(slots=True, kw_only=True)
class Measure:
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
    reviews: list[Review] = dataclass_field(default_factory=list)

    @property
    def closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    def contract(self) -> dict:
        """The object of the JSON contract (English keys, ISO dates, null for missing)."""
        data = as_dict(self, include=set(MEASURE_KEYS), iso=True)
        data["contact"] = self.contact.contract() if self.contact else None
        return {k: data.get(k) for k in MEASURE_KEYS}


MEASURE_FIELDS = frozenset(f.name for f in fields(Measure))
