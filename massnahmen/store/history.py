"""The Verlauf: every change of a measure (who, when, old → new) and the version it produced."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from massnahmen.domain.clock import now_iso
from massnahmen.domain.records import Change, Measure, Review

ChangeTuple = tuple[int, str, object, object]  # (measure_id, attribute, old, new)


class ChangeRow(NamedTuple):
    """One finished history row: the columns of the changes table (schema.COLUMNS) in their order,
    without the id (SQLite gives it)."""

    measure_id: int
    version: int
    at: str
    author: str
    field: str
    old: str | None
    new: str | None
    context: str | None


_INSERT_CHANGES = (
    f"INSERT INTO changes ({', '.join(ChangeRow._fields)}) VALUES ({', '.join('?' * len(ChangeRow._fields))})"
)


def _text(value: object) -> str | None:
    if value is None or value == "":
        return None
    return str(value)


def record_changes(
    store, conn: sqlite3.Connection, changes: Iterable[ChangeTuple], *, context: str | None = None, bump: bool = True
) -> None:
    """Write history rows; with bump, raise each touched measure's version once.

    Runs inside the caller's transaction."""
    rows = [(mid, field, _text(old), _text(new)) for mid, field, old, new in changes]
    if not rows:
        return
    at = now_iso()
    context = context if context is not None else store.context
    touched = sorted({r[0] for r in rows})
    if bump:
        conn.executemany(
            "UPDATE measures SET version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?",
            [(at, store.user, mid) for mid in touched],
        )
    versions = dict(
        conn.execute(
            "SELECT id, version FROM measures WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(touched),),
        ).fetchall()
    )
    insert_changes(
        conn, [(mid, versions[mid], at, store.user, field, old, new, context) for mid, field, old, new in rows]
    )


def insert_changes(conn: sqlite3.Connection, rows: Iterable[ChangeRow | tuple]) -> int:
    """Write finished history rows as they are (version, time and author given by the caller),
    e.g. a generated or imported Verlauf; return how many. Runs inside the caller's transaction
    and neither checks nor bumps the measures' versions (record_changes does that)."""
    return conn.executemany(_INSERT_CHANGES, rows).rowcount


def changes_after(conn: sqlite3.Connection, measure_id: int, version: int) -> list[Change]:
    """What others changed after the given version (for the conflict message)."""
    rows = conn.execute(
        "SELECT at, author, field, old, new, context FROM changes WHERE measure_id = ? AND version > ? ORDER BY id",
        (measure_id, version),
    ).fetchall()
    return [Change(at=r[0], author=r[1], attribute=r[2], old=r[3], new=r[4], context=r[5]) for r in rows]


def measure_changes(conn: sqlite3.Connection, measure_id: int) -> list[Change]:
    rows = conn.execute(
        "SELECT at, author, field, old, new, context FROM changes WHERE measure_id = ? ORDER BY at, id",
        (measure_id,),
    ).fetchall()
    return [Change(at=r[0], author=r[1], attribute=r[2], old=r[3], new=r[4], context=r[5]) for r in rows]


@dataclass(frozen=True)
class TimelineEntry:
    """One line of the Verlauf: a change (at is its timestamp) or a Sachstand (at is its day,
    a Sachstand has no time)."""

    at: str
    author: str
    change: Change | None = None
    review: Review | None = None

    def order(self) -> tuple:
        """Oldest first by day; a day's changes by their time, then that day's Sachstände (they
        have no time, so they come after, e.g. after "angelegt"), the latest entered first as
        in the list of Sachstände. Changes at the same second keep the order they were written."""
        if self.review is not None:
            return self.at[:10], 1, "", -(self.review.id or 0)
        return self.at[:10], 0, self.at, 0


@dataclass(frozen=True)
class Timeline:
    """A measure's changes and Sachstände interleaved, oldest first."""

    measure: Measure
    entries: list[TimelineEntry]

    def changes(self) -> list[Change]:
        """Every change, oldest first."""
        return [e.change for e in self.entries if e.change is not None]

    def reviews(self) -> list[Review]:
        """The Sachstände, newest first (the latest entered first within a day)."""
        return sorted(
            (e.review for e in self.entries if e.review is not None), key=lambda r: (r.date, r.id or 0), reverse=True
        )


def merge_timeline(measure: Measure, changes: Iterable[Change], reviews: Iterable[Review]) -> Timeline:
    """Changes (in the order they were written) and Sachstände in one Timeline."""
    entries = [TimelineEntry(c.at, c.author, change=c) for c in changes]
    entries += [TimelineEntry(r.date.isoformat(), r.author, review=r) for r in reviews]
    entries.sort(key=TimelineEntry.order)  # stable: changes of one second stay in writing order
    return Timeline(measure, entries)
