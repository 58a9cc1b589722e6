"""Rules of a Sachstand that the store and both faces follow: which next Wiedervorlage is
proposed, that it may not lie before the Sachstand, that a Sachstand is not dated after today,
and which cells of imported tables are placeholders rather than Sachstände."""

from __future__ import annotations

from datetime import date

from massnahmen.domain.dates import DEFAULT_NEXT_REVIEW_MONTHS, add_months, german
from massnahmen.domain.errors import InvalidValue
from massnahmen.domain.text import fold_key
from massnahmen.domain.vocab import ASSESSMENT, CLOSED_STATUSES, STATUS, assessment_text

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


def check_review_day(day: date, today: date) -> None:
    """Refuse a Sachstand dated after today: it records what has happened (a typo such as 2036 for
    2026 would otherwise stay the measure's latest Sachstand in every report)."""
    if day > today:
        raise InvalidValue(
            REVIEW_DAY,
            f"„{german(day)}“ liegt in der Zukunft; ein Sachstand hält fest, was geschehen ist (spätestens heute)",
        )


# Cells of Sachstand tables that say "nothing new" rather than what happened (compared folded:
# case, accents, spaces and punctuation do not matter)
PLACEHOLDERS = frozenset(
    fold_key(text)
    for text in (
        "kein neuer Sachstand",
        "kein Sachstand",
        "keine neuen Sachstände",
        "kein neuer Stand",
        "keine Änderung",
        "keine Änderungen",
        "keine Veränderung",
        "keine Angabe",
        "keine Angaben",
        "k.A.",
        "k. A.",
        "ka",
        "n.a.",
        "n/a",
        "na",
        "siehe oben",
        "s.o.",
        "s. o.",
        "wie oben",
        "wie vor",
        "wie zuvor",
        "wie bisher",
        "wie im Vorjahr",
        "unverändert",
        "weiterhin unverändert",
        "idem",
        "dito",
        "ditto",
        "nichts Neues",
        "tbd",
    )
)


def is_placeholder(text: str | None) -> bool:
    """Is this cell a placeholder (empty, a dash, „siehe oben“, „unverändert“ …), not a Sachstand?"""
    stripped = (text or "").strip()
    if not stripped.strip("-–—‐−_.…/ ?"):
        return True
    return fold_key(stripped) in PLACEHOLDERS


def review_state(status: str | None, assessment: str | None, *, short: bool = False) -> list[str]:
    """The parts of a Sachstand's state worth showing: its status („in Umsetzung“) and its Ampel
    („grün (im Plan)“, short: „grün“). A part that was not recorded is left out – a Sachstand of
    earlier years brought by an import often has neither, and shows no empty „nicht bewertet“."""
    parts = []
    if status:
        parts.append(STATUS.label(status))
    if assessment:
        parts.append(ASSESSMENT.label(assessment) if short else assessment_text(assessment))
    return parts


def review_head(day: str, author: str | None, status: str | None, assessment: str | None) -> str:
    """„31.12.2013  Import wide.csv“ or „21.11.2026  Jana Böhme  in Umsetzung, gelb (verzögert)“: the
    line above a Sachstand's text, without empty parts."""
    state = ", ".join(review_state(status, assessment))
    return "  ".join(part for part in (day, author or "", state) if part)
