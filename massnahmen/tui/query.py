"""The measure filter as the TUI uses it, and the choice lists it reads (no Textual in this file)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from massnahmen.domain.attributes import BY_KEY
from massnahmen.domain.vocab import ASSESSMENT, STATUS
from massnahmen.store.catalog import list_contacts
from massnahmen.store.measures import MeasureFilter

SORT_COLUMNS = ("code", "title", "field", "contact", "status", "assessment", "review_date")
SORT_LABELS = {key: BY_KEY[key].label for key in SORT_COLUMNS}


@dataclass
class TuiFilter(MeasureFilter):
    """MeasureFilter with what the screens need around it: copies with changes and a short
    German description of the active filters."""

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
            parts.append("Ampel " + ("nicht bewertet" if self.assessment == "none"
                                     else ASSESSMENT.label(self.assessment)))
        if self.open_only:
            parts.append("ohne abgeschlossene")
        return parts


def contact_choices(store) -> list[tuple[str, str]]:
    """(shown name, "#id") of every contact, for choice lists (the per-contact counts of
    list_contacts read only the (contact_id, archived) index: a few ms at 100 000 measures)."""
    return [(c.display, f"#{c.id}") for c in list_contacts(store)]
