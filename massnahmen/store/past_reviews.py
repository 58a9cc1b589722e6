"""Sachstände from earlier years (a history import): written as they were, without touching the
measure's status, Ampel or Wiedervorlage; each measure's Verlauf notes the import once."""

from __future__ import annotations

from dataclasses import dataclass

from massnahmen.domain.clock import now_iso
from massnahmen.store.db import Store
from massnahmen.store.history import record_changes


@dataclass(frozen=True)
class PastReview:
    measure_id: int
    date: str  # ISO
    note: str
    status: str | None = None
    assessment: str | None = None


def measure_ids(store: Store, codes: list[str]) -> dict[str, int]:
    """Nr. → id of the measures that exist (archived ones included)."""
    out: dict[str, int] = {}
    with store.reading() as conn:
        for start in range(0, len(codes), 500):
            chunk = codes[start : start + 500]
            out.update(
                conn.execute(
                    f"SELECT code, id FROM measures WHERE code IN ({','.join('?' * len(chunk))})", chunk
                ).fetchall()
            )
    return out


def existing(store: Store, ids: list[int]) -> set[tuple[int, str, str]]:
    """(measure id, date, note) of the Sachstände these measures already have."""
    out: set[tuple[int, str, str]] = set()
    with store.reading() as conn:
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            out.update(
                conn.execute(
                    f"SELECT measure_id, date, note FROM reviews WHERE measure_id IN ({','.join('?' * len(chunk))})",
                    chunk,
                ).fetchall()
            )
    return out


def insert_past_reviews(store: Store, conn, reviews: list[PastReview], *, context: str) -> int:
    """Insert the Sachstände inside the caller's transaction; their author is context (the import
    that brought them, e.g. „Import sachstaende.csv“): whoever runs the import did not write them.
    Each measure's Verlauf notes the import once (by the user). Returns how many."""
    if not reviews:
        return 0
    created = now_iso()
    conn.executemany(
        "INSERT INTO reviews (measure_id, date, author, status, assessment, note, next_review_date, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, NULL, ?)",
        [(r.measure_id, r.date, context, r.status, r.assessment, r.note, created) for r in reviews],
    )
    per_measure: dict[int, list[str]] = {}
    for r in reviews:
        per_measure.setdefault(r.measure_id, []).append(r.date)
    record_changes(
        store,
        conn,
        [(mid, "review", None, ", ".join(sorted(days))) for mid, days in per_measure.items()],
        context=context,
    )
    return len(reviews)
