"""What the TUI asks the store, beyond the plain MeasureFilter (no Textual in this file)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, replace

from massnahmen.domain.attributes import BY_KEY
from massnahmen.domain.vocab import CLOSED_STATUSES
from massnahmen.store import timeliness
from massnahmen.store.measures import MeasureFilter

SORT_COLUMNS = ("code", "title", "field", "contact", "status", "assessment", "review_date")
SORT_LABELS = {key: BY_KEY[key].label for key in SORT_COLUMNS}


@dataclass
class TuiFilter(MeasureFilter):
    """MeasureFilter plus the two selections the overview leads to: an Ampel value
    ('none' = nicht bewertet) and 'ohne Wiedervorlage'."""

    assessment: str | None = None
    no_review: bool = False

    def where(self, conn: sqlite3.Connection) -> tuple[str, list]:
        where, params = super().where(conn)
        extra: list[str] = []
        if self.assessment == "none":
            extra.append("m.assessment IS NULL")
        elif self.assessment:
            extra.append("m.assessment = ?")
            params = [*params, self.assessment]
        if self.no_review:
            extra.append(timeliness.without_review("m.review_date"))
            extra.append(f"m.status NOT IN ({','.join('?' * len(CLOSED_STATUSES))})")
            params = [*params, *CLOSED_STATUSES]
        if not extra:
            return where, params
        joined = " AND ".join(extra)
        return (where + " AND " + joined) if where else " WHERE " + joined, params

    def copy(self, **changes) -> "TuiFilter":
        return replace(self, **changes)

    def describe(self) -> list[str]:
        """Short German words for the active filters (shown above the table)."""
        parts: list[str] = []
        if self.archived == "only":
            parts.append("Archiv")
        if self.field:
            parts.append(f"Feld {self.field}")
        if self.goal:
            parts.append(f"Ziel {self.goal}")
        if self.statuses:
            from massnahmen.domain.vocab import STATUS

            parts.append("Status " + ", ".join(STATUS.label(s) for s in self.statuses))
        if self.contact:
            parts.append(f"Zuständig {self.contact}")
        if self.overdue:
            parts.append("nur überfällig")
        if self.due_within is not None:
            parts.append(f"fällig in {self.due_within} Tagen")
        if self.no_review:
            parts.append("ohne Wiedervorlage")
        if self.assessment:
            from massnahmen.domain.vocab import ASSESSMENT

            parts.append("Ampel " + ("nicht bewertet" if self.assessment == "none"
                                     else ASSESSMENT.label(self.assessment)))
        if self.open_only:
            parts.append("ohne abgeschlossene")
        return parts


def contact_choices(store) -> list[tuple[str, str]]:
    """(shown name, "#id") of every contact, for choice lists (the per-contact counts of
    list_contacts read only the (contact_id, archived) index: a few ms at 100 000 measures)."""
    from massnahmen.store.catalog import list_contacts

    return [(c.display, f"#{c.id}") for c in list_contacts(store)]
