"""Numbers for the Übersicht, with small SQL queries of its own (no Textual in this file).

Kept here because massnahmen/reports/status.py was not available when the TUI was written."""

from __future__ import annotations

from dataclasses import dataclass, field as dc_field
from datetime import date, timedelta

from massnahmen.domain.dates import DEFAULT_DUE_DAYS
from massnahmen.domain.vocab import CLOSED_STATUSES, STATUS
from massnahmen.store.db import Store


@dataclass
class FieldRow:
    code: str
    name: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class RecentReview:
    date: str
    code: str
    title: str
    author: str
    status: str | None
    assessment: str | None
    note: str


@dataclass
class Overview:
    concept: str
    path: str
    fields: list[FieldRow] = dc_field(default_factory=list)
    assessment: dict[str, int] = dc_field(default_factory=dict)  # gruen/gelb/rot/none (open measures)
    overdue: int = 0
    due: int = 0
    no_review: int = 0
    total: int = 0
    archived: int = 0
    recent: list[RecentReview] = dc_field(default_factory=list)

    @property
    def open_total(self) -> int:
        """Measures outside the archive that are not umgesetzt or verworfen."""
        totals = self.status_totals()
        return self.total - sum(totals.get(key, 0) for key in CLOSED_STATUSES)

    def status_totals(self) -> dict[str, int]:
        out = {key: 0 for key in STATUS.keys}
        for row in self.fields:
            for key, n in row.counts.items():
                out[key] = out.get(key, 0) + n
        return out


def load_overview(store: Store, today: date, *, due_days: int = DEFAULT_DUE_DAYS, recent: int = 8) -> Overview:
    closed = ",".join("?" * len(CLOSED_STATUSES))
    with store.reading() as conn:
        row = conn.execute("SELECT name FROM concept WHERE id = 1").fetchone()
        ov = Overview(concept=row[0] if row else store.path.stem, path=str(store.path))
        per_field: dict[int, dict[str, int]] = {}
        for field_id, status, n in conn.execute(
            "SELECT field_id, status, count(*) FROM measures WHERE archived = 0 GROUP BY field_id, status"
        ):
            per_field.setdefault(field_id, {})[status] = n
        for fid, code, name in conn.execute("SELECT id, code, name FROM fields ORDER BY position, code"):
            counts = {key: per_field.get(fid, {}).get(key, 0) for key in STATUS.keys}
            ov.fields.append(FieldRow(code=code, name=name, counts=counts))
        ov.total = sum(f.total for f in ov.fields)
        ov.assessment = {"gruen": 0, "gelb": 0, "rot": 0, "none": 0}
        for key, n in conn.execute(
            f"SELECT assessment, count(*) FROM measures WHERE archived = 0 AND status NOT IN ({closed}) "
            "GROUP BY assessment", CLOSED_STATUSES,
        ):
            ov.assessment[key or "none"] = ov.assessment.get(key or "none", 0) + n
        day = today.isoformat()
        limit = (today + timedelta(days=due_days)).isoformat()
        ov.overdue, ov.due, ov.no_review = conn.execute(
            f"""SELECT coalesce(sum(review_date < ?), 0),
                       coalesce(sum(review_date >= ? AND review_date <= ?), 0),
                       coalesce(sum(review_date IS NULL), 0)
                FROM measures WHERE archived = 0 AND status NOT IN ({closed})""",
            (day, day, limit, *CLOSED_STATUSES),
        ).fetchone()
        ov.archived = conn.execute("SELECT count(*) FROM measures WHERE archived = 1").fetchone()[0]
        for r in conn.execute(
            """SELECT r.date, m.code, m.title, r.author, r.status, r.assessment, r.note
               FROM reviews r JOIN measures m ON m.id = r.measure_id
               ORDER BY r.date DESC, r.id DESC LIMIT ?""", (recent,),
        ):
            ov.recent.append(RecentReview(*r))
    return ov
