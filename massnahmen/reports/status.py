"""The quick overview behind `massnahmen status`: counts per Handlungsfeld and status, the Ampel,
overdue and due reviews, gaps (no contact, no review date).

One aggregate query over the measures (GROUP BY field, status, Ampel) plus two small ones; the
result is plain data that any face renders."""

from __future__ import annotations

from dataclasses import dataclass, field as dc_field
from datetime import date

from massnahmen.domain.contacts import contact_display
from massnahmen.domain.dates import DEFAULT_DUE_DAYS
from massnahmen.domain.text import code_sort_key
from massnahmen.domain.timeliness import due_until
from massnahmen.domain.vocab import ASSESSMENT, CLOSED_STATUSES, STATUS
from massnahmen.reports.common import OPEN_SQL, concept_row, percent
from massnahmen.store import timeliness

NO_ASSESSMENT = "keine"  # key for "nicht bewertet" in the Ampel counts
URGENT_SHOWN = 3


def _zero_statuses() -> dict[str, int]:
    return {key: 0 for key in STATUS.keys}


@dataclass
class FieldCounts:
    """One Handlungsfeld: measures per status (every status key present)."""

    code: str
    name: str
    counts: dict[str, int] = dc_field(default_factory=_zero_statuses)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def closed(self) -> int:
        return sum(self.counts[s] for s in CLOSED_STATUSES)

    @property
    def share_closed(self) -> int:
        """Closed measures (umgesetzt + verworfen) in percent."""
        return percent(self.closed, self.total)

    @property
    def share_done(self) -> int:
        """Umgesetzt in percent (verworfen is not achieved)."""
        return percent(self.counts.get("umgesetzt", 0), self.total)

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "total": self.total,
            "closed": self.closed,
            "share_closed": self.share_closed,
            "share_umgesetzt": self.share_done,
            "status": dict(self.counts),
        }


@dataclass
class UrgentReview:
    """An open measure whose review is overdue or due soon."""

    code: str
    title: str
    review_date: str  # ISO
    days: int  # review_date − today: negative = overdue by that many days
    contact: str

    @property
    def overdue(self) -> bool:
        return self.days < 0

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "title": self.title,
            "review_date": self.review_date,
            "days": self.days,
            "overdue": self.overdue,
            "contact": self.contact or None,
        }


@dataclass
class StatusOverview:
    concept: str
    body: str | None
    adopted_on: str | None
    today: date
    due_days: int
    fields: list[FieldCounts]
    assessment: dict[str, int]  # gruen, gelb, rot, keine – over the open measures
    overdue: int
    due: int
    urgent: list[UrgentReview]
    open_without_contact: int
    open_without_review_date: int
    archived: int

    @property
    def by_status(self) -> dict[str, int]:
        totals = _zero_statuses()
        for f in self.fields:
            for key, n in f.counts.items():
                totals[key] = totals.get(key, 0) + n
        return totals

    @property
    def total(self) -> int:
        return sum(f.total for f in self.fields)

    @property
    def closed(self) -> int:
        return sum(f.closed for f in self.fields)

    @property
    def open(self) -> int:
        return self.total - self.closed

    @property
    def share_closed(self) -> int:
        return percent(self.closed, self.total)

    @property
    def done(self) -> int:
        return self.by_status.get("umgesetzt", 0)

    @property
    def dropped(self) -> int:
        return self.by_status.get("verworfen", 0)

    @property
    def share_done(self) -> int:
        """Umgesetzt in percent of all measures (verworfen is not achieved)."""
        return percent(self.done, self.total)

    @property
    def empty(self) -> bool:
        return self.total == 0

    def to_dict(self) -> dict:
        return {
            "concept": {"name": self.concept, "body": self.body, "adopted_on": self.adopted_on},
            "today": self.today.isoformat(),
            "due_days": self.due_days,
            "total": self.total,
            "open": self.open,
            "closed": self.closed,
            "share_closed": self.share_closed,
            "share_umgesetzt": self.share_done,
            "archived": self.archived,
            "status": self.by_status,
            "fields": [f.to_dict() for f in self.fields],
            "assessment_open": dict(self.assessment),
            "reviews": {
                "overdue": self.overdue,
                "due": self.due,
                "most_urgent": [u.to_dict() for u in self.urgent],
            },
            "open_without_contact": self.open_without_contact,
            "open_without_review_date": self.open_without_review_date,
        }


# An index holding every column the overview counts lets SQLite answer from the index alone
# (about 20 ms for 100 000 measures instead of about 100 ms for a table scan plus sorting).
# Used when the file has it; without it the table is scanned (never row lookups via another index,
# which would be slower still).
COVERING_COLUMNS = ("archived", "field_id", "status", "assessment", "review_date", "contact_id")
COVERING_INDEX = "idx_measures_" + "_".join(COVERING_COLUMNS)

AGGREGATE = f"""
SELECT field_id, status, assessment, count(*),
       sum(contact_id IS NULL), sum({timeliness.without_review("review_date")}),
       sum({timeliness.overdue("review_date", ":today")}),
       sum({timeliness.due("review_date", ":today", ":due_end")})
FROM measures {{access}}
WHERE archived = 0
GROUP BY field_id, status, assessment
"""


def _aggregate_sql(conn) -> str:
    found = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?", (COVERING_INDEX,)).fetchone()
    return AGGREGATE.format(access=f"INDEXED BY {COVERING_INDEX}" if found else "NOT INDEXED")


URGENT = f"""
SELECT m.code, m.title, m.review_date, c.name, c.organisation
FROM measures m LEFT JOIN contacts c ON c.id = m.contact_id
WHERE {timeliness.overdue_or_due("m.review_date", ":due_end")} AND +m.archived = 0 AND +m.status IN {OPEN_SQL}
ORDER BY m.review_date, m.code_sort
LIMIT {URGENT_SHOWN}
"""


def status_overview(store, today: date, *, due_days: int = DEFAULT_DUE_DAYS) -> StatusOverview:
    """Counts of the non-archived measures as of `today`; due = review within `due_days` days."""
    params = {"today": today.isoformat(), "due_end": due_until(today, due_days).isoformat()}
    with store.reading() as conn:
        name, body, adopted_on = concept_row(conn)
        field_rows = conn.execute("SELECT id, code, name FROM fields ORDER BY position, code").fetchall()
        groups = conn.execute(_aggregate_sql(conn), params).fetchall()
        urgent_rows = conn.execute(URGENT, params).fetchall()
        archived = conn.execute("SELECT count(*) FROM measures WHERE archived = 1").fetchone()[0]
    fields = {fid: FieldCounts(code, fname) for fid, code, fname in field_rows}
    assessment = {key: 0 for key in ASSESSMENT.keys} | {NO_ASSESSMENT: 0}
    overdue = due = no_contact = no_review = 0
    for fid, status, grade, n, n_no_contact, n_no_review, n_overdue, n_due in groups:
        counts = fields[fid].counts
        counts[status] = counts.get(status, 0) + n
        if status in CLOSED_STATUSES:
            continue
        assessment[grade if grade in assessment else NO_ASSESSMENT] += n
        overdue += n_overdue or 0
        due += n_due or 0
        no_contact += n_no_contact or 0
        no_review += n_no_review or 0
    urgent = [
        UrgentReview(code, title, review, (date.fromisoformat(review) - today).days, contact_display(cname, corg))
        for code, title, review, cname, corg in urgent_rows
    ]
    return StatusOverview(
        concept=name,
        body=body,
        adopted_on=adopted_on,
        today=today,
        due_days=due_days,
        fields=list(fields.values()),
        assessment=assessment,
        overdue=overdue,
        due=due,
        urgent=urgent,
        open_without_contact=no_contact,
        open_without_review_date=no_review,
        archived=archived,
    )


@dataclass
class RecentReview:
    """One of the latest Sachstand entries, for an overview."""

    date: str
    code: str
    title: str
    author: str
    status: str | None
    assessment: str | None
    note: str


def latest_reviews(store, limit: int = 8) -> list[RecentReview]:
    with store.reading() as conn:
        return [
            RecentReview(*r)
            for r in conn.execute(
                """SELECT r.date, m.code, m.title, r.author, r.status, r.assessment, r.note
               FROM reviews r JOIN measures m ON m.id = r.measure_id
               ORDER BY r.date DESC, r.id DESC LIMIT ?""",
                (limit,),
            )
        ]


def status_overview_as_of(store, day: date, *, due_days: int = DEFAULT_DUE_DAYS) -> StatusOverview:
    """The same overview as it stood at the end of `day`, reconstructed from the Verlauf
    (store.as_of): status, Ampel, Wiedervorlage, field and title of that day; a measure entered
    later is not there yet. Overdue and due are counted against that day. The responsible
    contact is today's (the Verlauf records a contact by name only)."""
    from massnahmen.store.as_of import states_at  # only for --as-of: the plain overview stays lean

    due_end = due_until(day, due_days).isoformat()
    today_iso = day.isoformat()
    with store.reading() as conn:
        name, body, adopted_on = concept_row(conn)
        field_rows = conn.execute("SELECT id, code, name FROM fields ORDER BY position, code").fetchall()
        contacts = {
            cid: (cname, org) for cid, cname, org in conn.execute("SELECT id, name, organisation FROM contacts")
        }
        states = states_at(conn, [day])[day]
        archived = _archived_at(conn, day)
    fields = {fid: FieldCounts(code, fname) for fid, code, fname in field_rows}
    assessment = {key: 0 for key in ASSESSMENT.keys} | {NO_ASSESSMENT: 0}
    overdue = due = no_contact = no_review = 0
    urgent_all = []  # (review date, state) of the open measures due within the window
    for s in states:
        counts = fields[s.field_id].counts
        counts[s.status] = counts.get(s.status, 0) + 1
        if s.status in CLOSED_STATUSES:
            continue
        assessment[s.assessment if s.assessment in assessment else NO_ASSESSMENT] += 1
        no_contact += s.contact_id is None
        no_review += s.review_date is None
        if s.review_date:
            overdue += s.review_date < today_iso
            due += today_iso <= s.review_date <= due_end
            if s.review_date <= due_end:
                urgent_all.append((s.review_date, s))
    urgent_all.sort(key=lambda pair: (pair[0], code_sort_key(pair[1].code)))
    urgent = [
        UrgentReview(
            s.code,
            s.title,
            review,
            (date.fromisoformat(review) - day).days,
            contact_display(*contacts.get(s.contact_id, (None, None))),
        )
        for review, s in urgent_all[:URGENT_SHOWN]
    ]
    return StatusOverview(
        concept=name,
        body=body,
        adopted_on=adopted_on,
        today=day,
        due_days=due_days,
        fields=list(fields.values()),
        assessment=assessment,
        overdue=overdue,
        due=due,
        urgent=urgent,
        open_without_contact=no_contact,
        open_without_review_date=no_review,
        archived=archived,
    )


def _archived_at(conn, day: date) -> int:
    """How many measures existing at the end of the day were archived then."""
    # the past-days module (and the measures' queries it uses): not loaded by `status` for today
    from massnahmen.store.as_of import archived_at

    return archived_at(conn, day)
