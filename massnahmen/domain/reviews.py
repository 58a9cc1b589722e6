"""Rules of a Sachstand that the store and both faces follow: which next Wiedervorlage is
proposed, and that it may not lie before the Sachstand."""

from __future__ import annotations

from datetime import date

from massnahmen.domain.dates import DEFAULT_NEXT_REVIEW_MONTHS, add_months
from massnahmen.domain.errors import InvalidValue
from massnahmen.domain.vocab import CLOSED_STATUSES

NEXT_REVIEW = "Nächste Wiedervorlage"
REVIEW_DAY = "Datum des Sachstands"


def proposed_next_review(day: date) -> date:
    """The next Wiedervorlage proposed for a Sachstand of this day: six months later."""
    return add_months(day, DEFAULT_NEXT_REVIEW_MONTHS)


def needs_next_review(status: str | None) -> bool:
    """A closed measure leaves the review cycle; every other one gets a next Wiedervorlage."""
    return status not in CLOSED_STATUSES


def next_review_for(day: date, status: str | None, given: date | None) -> date | None:
    """The next Wiedervorlage a Sachstand of this day sets: the given one, else the proposal
    for a measure that stays open, else none."""
    if given is None and needs_next_review(status):
        return proposed_next_review(day)
    return given


def check_next_review(next_day: date | None, day: date) -> None:
    """Refuse a next Wiedervorlage before the day of the Sachstand."""
    if next_day is not None and next_day < day:
        raise InvalidValue(NEXT_REVIEW, "liegt vor dem Datum des Sachstands")
