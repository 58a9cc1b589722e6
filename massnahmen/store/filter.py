"""MeasureFilter: what list, export, due lists and the TUI table filter and sort measures by, as
the WHERE and ORDER BY of a query on `measures m`. Its own module, free of the domain's pydantic
models (store.catalog, which resolves a field, goal or contact, is imported when a filter needs
it): the TUI's first frame needs the filter's class, not pydantic's ≈ 90 ms."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field as dc_field
from datetime import date

from massnahmen.domain.bounds import check_days
from massnahmen.domain.clock import today as clock_today
from massnahmen.domain.errors import InvalidValue
from massnahmen.domain.timeliness import due_until
from massnahmen.domain.vocab import ASSESSMENT, CLOSED_STATUSES, STATUS
from massnahmen.store import timeliness
from massnahmen.store.search import stored_before, word_clauses

SORTS = {
    "code": "m.code_sort",
    "title": "m.title COLLATE NOCASE",
    "field": "f.position, f.code, m.code_sort",
    "contact": "coalesce(c.name, c.organisation) COLLATE NOCASE",
    "status": "m.status",
    "assessment": "m.assessment",
    "review_date": "m.review_date IS NULL, m.review_date",
    "updated_at": "m.updated_at",
}


def _as_param(param: str, check, *args, **kwargs):
    """check(*args, **kwargs), its InvalidValue marked as coming in through param (the command
    line names its option for it)."""
    try:
        return check(*args, **kwargs)
    except InvalidValue as exc:
        exc.param = param
        raise


@dataclass
class MeasureFilter:
    """What list, export, due lists and the TUI table filter by."""

    field: str | None = None
    statuses: list[str] = dc_field(default_factory=list)
    contact: str | None = None
    goal: str | None = None
    overdue: bool = False
    due_within: int | None = None
    search: str | None = None
    open_only: bool = False
    archived: str = "exclude"  # exclude | only | include
    today: date | None = None
    sort: str = "code"
    descending: bool = False
    assessment: str | None = None  # an Ampel key, or "none" for measures not assessed
    no_review: bool = False  # open measures without a Wiedervorlage
    fields: list[str] = dc_field(default_factory=list)  # several Handlungsfelder (any of them)
    assessments: list[str] = dc_field(default_factory=list)  # several Ampel keys or "none" (any of them)

    def where(self, conn: sqlite3.Connection) -> tuple[str, list]:
        from massnahmen.store.catalog import find_field, find_goal, match_contacts  # see the module's text

        clauses: list[str] = []
        params: list = []
        if self.archived == "exclude":
            clauses.append("m.archived = 0")
        elif self.archived == "only":
            clauses.append("m.archived = 1")
        field_id = None
        if self.field:
            field_id = find_field(conn, self.field)[0]
            clauses.append("m.field_id = ?")
            params.append(field_id)
        if self.fields:
            ids = sorted({find_field(conn, ref)[0] for ref in self.fields})
            clauses.append(f"m.field_id IN ({','.join('?' * len(ids))})")
            params.extend(ids)
        if self.goal:  # inside the field if one is given: a goal's name may stand in two fields
            clauses.append("m.goal_id = ?")
            params.append(find_goal(conn, self.goal, field_id)[0])
        if self.statuses:
            keys = [_as_param("statuses", STATUS.parse, s, label="Status") for s in self.statuses]
            clauses.append(f"m.status IN ({','.join('?' * len(keys))})")
            params.extend(keys)
        if self.open_only or self.overdue or self.due_within is not None:
            clauses.append(f"m.status NOT IN ({','.join('?' * len(CLOSED_STATUSES))})")
            params.extend(CLOSED_STATUSES)
        if self.contact:
            ids = match_contacts(conn, self.contact)
            clauses.append(f"m.contact_id IN ({','.join('?' * len(ids))})")
            params.extend(ids)
        day = self.today or clock_today()
        if self.overdue and self.due_within is not None:
            _as_param("due_within", check_days, self.due_within, "Fällig in Tagen")
            clauses.append(timeliness.overdue_or_due("m.review_date", "?"))
            params.append(due_until(day, self.due_within).isoformat())
        elif self.overdue:
            clauses.append(timeliness.overdue("m.review_date", "?"))
            params.append(day.isoformat())
        elif self.due_within is not None:
            _as_param("due_within", check_days, self.due_within, "Fällig in Tagen")
            clauses.append(timeliness.due("m.review_date", "?", "?"))
            params.extend([day.isoformat(), due_until(day, self.due_within).isoformat()])
        if self.search and self.search.strip():
            # Join-free, so that counting 100 000 rows stays a single scan: the measure's own
            # folded text, or a contact, field or goal (few rows, matched here) whose text has the word.
            # Each word in any of its folded forms (ü = ue = u, store.search).
            own = word_clauses("m.search", self.search, stored_before=stored_before(conn, "measures"))
            for (clause, forms), (other, all_forms) in zip(own, word_clauses("search", self.search), strict=True):
                alternatives = [clause]
                params.extend(forms)
                for column, table in (("contact_id", "contacts"), ("field_id", "fields"), ("goal_id", "goals")):
                    ids = [r[0] for r in conn.execute(f"SELECT id FROM {table} WHERE {other}", all_forms)]
                    if ids:
                        alternatives.append(f"m.{column} IN ({','.join(map(str, ids))})")
                clauses.append("(" + " OR ".join(alternatives) + ")")
        wanted = list(dict.fromkeys(self.assessments + ([self.assessment] if self.assessment else [])))
        if wanted:  # rot and gelb: either of them; "none": not assessed
            keys = [_as_param("assessments", ASSESSMENT.parse, a, label="Ampel") for a in wanted if a != "none"]
            alternatives = [f"m.assessment IN ({','.join('?' * len(keys))})"] if keys else []
            params.extend(keys)
            if "none" in wanted:
                alternatives.append("m.assessment IS NULL")
            clauses.append("(" + " OR ".join(alternatives) + ")")
        if self.no_review:
            clauses.append(timeliness.without_review("m.review_date"))
            clauses.append(f"m.status NOT IN ({','.join('?' * len(CLOSED_STATUSES))})")
            params.extend(CLOSED_STATUSES)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    def order_by(self) -> str:
        if self.sort not in SORTS:
            raise InvalidValue("Sortierung", f"„{self.sort}“ ist unbekannt; erlaubt: {', '.join(SORTS)}")
        direction = " DESC" if self.descending else ""
        parts = [p.strip() + direction for p in SORTS[self.sort].split(",")]
        if not parts[-1].startswith("m.code_sort"):
            parts.append("m.code_sort")  # equal values in the order of their Nr.
        return " ORDER BY " + ", ".join(parts)
