"""The review list behind `massnahmen due`: open measures whose review is overdue or due within
n days, grouped by the responsible contact so that each person is called or written once."""

from __future__ import annotations

from dataclasses import dataclass, field as dc_field
from datetime import date

from massnahmen.domain.contacts import contact_display
from massnahmen.domain.dates import DEFAULT_DUE_DAYS
from massnahmen.domain.timeliness import DUE, OVERDUE, due_until
from massnahmen.reports.common import OPEN_SQL
from massnahmen.store import timeliness


@dataclass
class DueMeasure:
    code: str
    title: str
    field_code: str
    field: str
    status: str
    assessment: str | None
    review_date: str  # ISO
    days: int  # review_date − today: negative = overdue by that many days

    @property
    def state(self) -> str:
        return OVERDUE if self.days < 0 else DUE

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "title": self.title,
            "field": self.field,
            "status": self.status,
            "assessment": self.assessment,
            "review_date": self.review_date,
            "days": self.days,
            "state": self.state,
        }


@dataclass
class DueGroup:
    """One responsible contact (or none) with their measures, the most overdue first."""

    contact_id: int | None
    name: str | None
    organisation: str | None
    email: str | None
    phone: str | None
    measures: list[DueMeasure] = dc_field(default_factory=list)

    @property
    def label(self) -> str:
        return contact_display(self.name, self.organisation)

    @property
    def overdue(self) -> int:
        return sum(1 for m in self.measures if m.days < 0)

    @property
    def due(self) -> int:
        return len(self.measures) - self.overdue

    def to_dict(self) -> dict:
        contact = None
        if self.contact_id is not None:
            contact = {"name": self.name, "organisation": self.organisation, "email": self.email, "phone": self.phone}
        return {
            "contact": contact,
            "overdue": self.overdue,
            "due": self.due,
            "measures": [m.to_dict() for m in self.measures],
        }


@dataclass
class DueList:
    today: date
    within: int
    groups: list[DueGroup]

    @property
    def total(self) -> int:
        return sum(len(g.measures) for g in self.groups)

    @property
    def overdue(self) -> int:
        return sum(g.overdue for g in self.groups)

    def to_dict(self) -> dict:
        return {
            "today": self.today.isoformat(),
            "within": self.within,
            "total": self.total,
            "overdue": self.overdue,
            "contacts": [g.to_dict() for g in self.groups],
        }


QUERY = f"""
SELECT m.code, m.title, f.code, f.name, m.status, m.assessment, m.review_date,
       m.contact_id, c.name, c.organisation, c.email, c.phone
FROM measures m
JOIN fields f ON f.id = m.field_id
LEFT JOIN contacts c ON c.id = m.contact_id
WHERE {timeliness.overdue_or_due("m.review_date", ":until")} AND +m.archived = 0 AND +m.status IN {OPEN_SQL}
ORDER BY m.review_date, m.code_sort
"""


def due_list(store, today: date, *, within: int = DEFAULT_DUE_DAYS) -> DueList:
    """Open, non-archived measures with a review date up to today + within days.

    Groups are ordered by their most urgent measure (so everyone with an overdue review comes
    first); the measures without a responsible contact come last, as their own group."""
    if within < 0:
        raise ValueError("within must be 0 or more days")
    until = due_until(today, within).isoformat()
    with store.reading() as conn:
        rows = conn.execute(QUERY, {"until": until}).fetchall()
    groups: dict[int | None, DueGroup] = {}
    for code, title, fcode, fname, status, grade, review, cid, cname, corg, cmail, cphone in rows:
        group = groups.get(cid)
        if group is None:
            group = groups[cid] = DueGroup(cid, cname, corg, cmail, cphone)
        days = (date.fromisoformat(review) - today).days
        group.measures.append(DueMeasure(code, title, fcode, fname, status, grade, review, days))
    ordered = [g for cid, g in groups.items() if cid is not None]
    if None in groups:
        ordered.append(groups[None])
    return DueList(today=today, within=within, groups=ordered)
