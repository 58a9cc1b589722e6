"""Timeliness is computed, never stored: überfällig, fällig, ohne Wiedervorlage."""

from __future__ import annotations

from datetime import date, timedelta

from massnahmen.domain.dates import DEFAULT_DUE_DAYS
from massnahmen.domain.vocab import CLOSED_STATUSES

OVERDUE = "ueberfaellig"
DUE = "faellig"
NO_REVIEW = "ohne_wiedervorlage"
ON_TRACK = "ok"
CLOSED = "abgeschlossen"

LABELS = {
    OVERDUE: "überfällig",
    DUE: "fällig",
    NO_REVIEW: "ohne Wiedervorlage",
    ON_TRACK: "",
    CLOSED: "",
}


def due_until(today: date, within_days: int = DEFAULT_DUE_DAYS) -> date:
    """The last day a review counts as fällig (and not yet as beyond the horizon)."""
    return today + timedelta(days=within_days)


def timeliness(status: str | None, review_date: str | None, today: date, within_days: int = DEFAULT_DUE_DAYS) -> str:
    """Classify one measure. review_date is ISO text as stored."""
    if status in CLOSED_STATUSES:
        return CLOSED
    if not review_date:
        return NO_REVIEW
    today_iso = today.isoformat()
    if review_date < today_iso:
        return OVERDUE
    if review_date <= due_until(today, within_days).isoformat():
        return DUE
    return ON_TRACK
