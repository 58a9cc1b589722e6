"""Numbers for the Übersicht: the same overview `massnahmen status` prints (reports.status), plus
the latest Sachstand entries. No Textual in this file."""

from __future__ import annotations

from dataclasses import dataclass, field as dc_field
from datetime import date

from massnahmen.domain.dates import DEFAULT_DUE_DAYS
from massnahmen.reports.status import NO_ASSESSMENT, StatusOverview, status_overview
from massnahmen.store.db import Store


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
    status: StatusOverview
    path: str
    recent: list[RecentReview] = dc_field(default_factory=list)

    @property
    def assessment(self) -> dict[str, int]:
        """Ampel of the open measures with 'none' for nicht bewertet (the TUI filter's word)."""
        counts = dict(self.status.assessment)
        counts["none"] = counts.pop(NO_ASSESSMENT, 0)
        return counts


def load_overview(store: Store, today: date, *, due_days: int = DEFAULT_DUE_DAYS, recent: int = 8) -> Overview:
    overview = Overview(status=status_overview(store, today, due_days=due_days), path=str(store.path))
    with store.reading() as conn:
        overview.recent = [RecentReview(*r) for r in conn.execute(
            """SELECT r.date, m.code, m.title, r.author, r.status, r.assessment, r.note
               FROM reviews r JOIN measures m ON m.id = r.measure_id
               ORDER BY r.date DESC, r.id DESC LIMIT ?""", (recent,),
        )]
    return overview
