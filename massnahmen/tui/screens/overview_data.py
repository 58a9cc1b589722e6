"""Numbers for the Übersicht: the same overview `massnahmen status` prints (reports.status), plus
the latest Sachstand entries. No Textual in this file."""

from __future__ import annotations

from dataclasses import dataclass, field as dc_field
from datetime import date

from massnahmen.domain.dates import DEFAULT_DUE_DAYS
from massnahmen.reports.status import NO_ASSESSMENT, RecentReview, StatusOverview, latest_reviews, status_overview
from massnahmen.store.db import Store


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
    return Overview(
        status=status_overview(store, today, due_days=due_days),
        path=str(store.path),
        recent=latest_reviews(store, recent),
    )
