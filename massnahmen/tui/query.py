"""The measure filter as the TUI uses it, and the choice lists it reads (no Textual in this file)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace

from massnahmen.domain.attributes import BY_KEY
from massnahmen.domain.text import one_line
from massnahmen.domain.vocab import ASSESSMENT, STATUS
from massnahmen.store.filter import MeasureFilter

SORT_COLUMNS = ("code", "title", "field", "contact", "status", "assessment", "review_date")
SORT_LABELS = {key: BY_KEY[key].label for key in SORT_COLUMNS}


@dataclass
class TuiFilter(MeasureFilter):
    """MeasureFilter with what the screens need around it: copies with changes and a short
    German description of the active filters."""

    def copy(self, **changes) -> TuiFilter:
        return replace(self, **changes)

    def describe(self, contacts: dict[str, str] | None = None, goals: dict[str, str] | None = None) -> list[str]:
        """Short German words for the active filters (shown above the table); contacts and goals
        give the names of references by id ("#3" → „Jana Böhme“): an id means nothing to an officer."""
        contacts, goals = contacts or {}, goals or {}
        parts: list[str] = [f"Suche „{one_line(self.search, 30)}“"] if self.search else []
        if self.archived == "only":
            parts.append("Archiv")
        if self.field:
            parts.append(f"Feld {self.field}")
        if self.fields:
            parts.append(("Feld " if len(self.fields) == 1 else "Felder ") + ", ".join(self.fields))
        if self.goal:
            parts.append(f"Ziel {goals.get(self.goal, self.goal)}")
        if self.statuses:
            parts.append("Status " + ", ".join(STATUS.label(s) for s in self.statuses))
        if self.contact:
            parts.append(f"Zuständig {contacts.get(self.contact, self.contact)}")
        if self.overdue:
            parts.append("nur überfällig")
        if self.due_within is not None:
            parts.append(f"fällig in {self.due_within} Tagen")
        if self.no_review:
            parts.append("ohne Wiedervorlage")
        chosen_assessments = list(dict.fromkeys(self.assessments + ([self.assessment] if self.assessment else [])))
        if chosen_assessments:
            parts.append(
                "Ampel "
                + " oder ".join("nicht bewertet" if a == "none" else ASSESSMENT.label(a) for a in chosen_assessments)
            )
        if self.open_only:
            parts.append("alle offenen")
        return parts

    def to_saved(self) -> dict:
        """The filter as a saved view keeps it (JSON; not the day it was saved on)."""
        return {k: v for k, v in asdict(self).items() if k != "today" and v != getattr(TuiFilter(), k)}

    @classmethod
    def from_saved(cls, saved: dict) -> TuiFilter:
        """A saved view's filter; keys this version does not know are left out."""
        known = {f.name for f in fields(cls)} - {"today"}
        return cls(**{k: v for k, v in saved.items() if k in known})


def contact_choices(store) -> list[tuple[str, str]]:
    """(shown name, "#id") of every contact, for choice lists, in the order of the Kontakte screen
    (by name, then organisation; without counting each one's measures)."""
    from massnahmen.store.catalog import all_contacts  # with pydantic: not for the first frame

    return [(c.display, f"#{c.id}") for c in all_contacts(store, by_name=True)]
