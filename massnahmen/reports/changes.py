"""What happened since a date (`massnahmen changes --since`): new measures, closed ones,
re-dated reviews, other status moves and new Sachstand entries – read from the history
(`changes`) and the `reviews` table."""

from __future__ import annotations

from dataclasses import dataclass, field as dc_field
from datetime import date, timedelta

from massnahmen.domain.text import counted
from massnahmen.domain.vocab import CLOSED_STATUSES

KINDS = ("new", "closed", "redated", "status_moves", "reviews")
KIND_LABELS = {
    "new": "Neue Maßnahmen",
    "closed": "Abgeschlossen (umgesetzt oder verworfen)",
    "redated": "Wiedervorlage verschoben (ohne Sachstand, Maßnahme offen)",
    "status_moves": "Weitere Statuswechsel",
    "reviews": "Neue Sachstände",
}
# a section's heading with its count, in the singular or plural: „1 Maßnahme abgeschlossen (…)“
KIND_HEADINGS = {
    "new": ("neue Maßnahme", "neue Maßnahmen", ""),
    "closed": ("Maßnahme", "Maßnahmen", " abgeschlossen (umgesetzt oder verworfen)"),
    "redated": ("Wiedervorlage", "Wiedervorlagen", " verschoben (ohne Sachstand, Maßnahme offen)"),
    "status_moves": ("weiterer Statuswechsel", "weitere Statuswechsel", ""),
    "reviews": ("neuer Sachstand", "neue Sachstände", ""),
}


def kind_heading(kind: str, n: int) -> str:
    one, many, rest = KIND_HEADINGS[kind]
    return counted(n, one, many) + rest


@dataclass
class ChangeEvent:
    """One event; `old`/`new` are stored values (status keys, ISO dates), `note` for Sachstände."""

    kind: str
    code: str
    title: str
    at: str  # ISO date or timestamp
    author: str | None
    old: str | None = None
    new: str | None = None
    status: str | None = None
    assessment: str | None = None
    note: str | None = None

    def to_dict(self) -> dict:
        out = {"code": self.code, "title": self.title, "at": self.at, "author": self.author}
        if self.kind == "reviews":
            out |= {
                "status": self.status,
                "assessment": self.assessment,
                "note": self.note,
                "next_review_date": self.new,
            }
        elif self.kind != "new":
            out |= {"old": self.old, "new": self.new}
        return out


@dataclass
class ChangesReport:
    since: date
    until: date  # inclusive (the report's today)
    new: list[ChangeEvent] = dc_field(default_factory=list)
    closed: list[ChangeEvent] = dc_field(default_factory=list)
    redated: list[ChangeEvent] = dc_field(default_factory=list)
    status_moves: list[ChangeEvent] = dc_field(default_factory=list)
    reviews: list[ChangeEvent] = dc_field(default_factory=list)

    def sections(self) -> list[tuple[str, list[ChangeEvent]]]:
        return [(kind, getattr(self, kind)) for kind in KINDS]

    def counts(self) -> dict[str, int]:
        return {kind: len(events) for kind, events in self.sections()}

    @property
    def empty(self) -> bool:
        return not any(events for _kind, events in self.sections())

    def to_dict(self) -> dict:
        out = {"since": self.since.isoformat(), "until": self.until.isoformat(), "counts": self.counts()}
        return out | {kind: [e.to_dict() for e in events] for kind, events in self.sections()}


HISTORY = """
SELECT ch.field, ch.at, ch.author, ch.old, ch.new, m.code, m.title, ch.measure_id, ch.context
FROM changes ch JOIN measures m ON m.id = ch.measure_id
WHERE ch.at >= :since AND ch.at < :after AND ch.field IN ('created', 'status', 'review_date')
ORDER BY ch.at, m.code_sort, ch.id
"""

REVIEWS = """
SELECT r.date, r.author, r.status, r.assessment, r.note, r.next_review_date, m.code, m.title
FROM reviews r JOIN measures m ON m.id = r.measure_id
WHERE r.date >= :since AND r.date < :after
ORDER BY r.date, m.code_sort, r.id
"""


def is_postponement(old: str | None, new: str | None, context: str | None, closing: bool) -> bool:
    """A Wiedervorlage counts as *verschoben* only when its date moved later, the measure was not
    closed by the same change, and it was not the routine next date written with a Sachstand.
    A date cleared (a closed measure) or set for the first time is no postponement."""
    return bool(old and new and new > old) and context != "Sachstand" and not closing


def changes_since(store, since: date, today: date) -> ChangesReport:
    """Events from `since` (inclusive) through `today` (inclusive), oldest first."""
    params = {"since": since.isoformat(), "after": (today + timedelta(days=1)).isoformat()}
    report = ChangesReport(since=since, until=today)
    with store.reading() as conn:
        history = conn.execute(HISTORY, params).fetchall()
        reviews = conn.execute(REVIEWS, params).fetchall()
    closing = {
        (mid, at) for fld, at, _a, _o, new, _c, _t, mid, _x in history if fld == "status" and new in CLOSED_STATUSES
    }
    for fld, at, author, old, new, code, title, mid, context in history:
        if fld == "created":
            report.new.append(ChangeEvent("new", code, title, at, author))
        elif fld == "review_date":
            if is_postponement(old, new, context, (mid, at) in closing):
                report.redated.append(ChangeEvent("redated", code, title, at, author, old, new))
        elif new in CLOSED_STATUSES and old not in CLOSED_STATUSES:
            report.closed.append(ChangeEvent("closed", code, title, at, author, old, new))
        else:
            report.status_moves.append(ChangeEvent("status_moves", code, title, at, author, old, new))
    for day, author, status, grade, note, next_review, code, title in reviews:
        report.reviews.append(
            ChangeEvent(
                "reviews", code, title, day, author, None, next_review, status=status, assessment=grade, note=note
            )
        )
    return report
