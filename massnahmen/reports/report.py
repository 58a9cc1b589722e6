"""The Sachstandsbericht for the council: title data, a summary per Handlungsfeld, then per
field → goal → measure the status, Ampel, responsible contact, period, latest Sachstand and what
changed since a date. Plain data; render_md / render_html / JSON turn it into a document."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field as dc_field
from datetime import date

from massnahmen.domain.contacts import contact_display
from massnahmen.domain.dates import add_months
from massnahmen.domain.text import code_sort_key
from massnahmen.reports.changes import ChangesReport, changes_since
from massnahmen.reports.common import concept_row
from massnahmen.reports.status import StatusOverview, status_overview

NO_GOAL = "ohne Ziel"


@dataclass
class LatestReview:
    date: str
    author: str | None
    status: str | None
    assessment: str | None
    note: str

    def to_dict(self) -> dict:
        return {"date": self.date, "author": self.author, "status": self.status,
                "assessment": self.assessment, "note": self.note}


@dataclass
class HistoryEntry:
    at: str
    author: str | None
    field: str
    old: str | None
    new: str | None

    def to_dict(self) -> dict:
        return {"at": self.at, "author": self.author, "field": self.field, "old": self.old, "new": self.new}


@dataclass
class ReportMeasure:
    code: str
    title: str
    status: str
    assessment: str | None
    contact_name: str | None
    contact_organisation: str | None
    contact_email: str | None
    contact_phone: str | None
    partners: str | None
    start: str | None
    end: str | None
    review_date: str | None
    indicator: str | None
    latest: LatestReview | None = None
    changes: list[HistoryEntry] = dc_field(default_factory=list)

    @property
    def contact(self) -> str:
        return contact_display(self.contact_name, self.contact_organisation)

    def to_dict(self) -> dict:
        contact = None
        if self.contact_name or self.contact_organisation:
            contact = {"name": self.contact_name, "organisation": self.contact_organisation,
                       "email": self.contact_email, "phone": self.contact_phone}
        return {
            "code": self.code, "title": self.title, "status": self.status, "assessment": self.assessment,
            "contact": contact, "partners": self.partners, "start": self.start, "end": self.end,
            "review_date": self.review_date, "indicator": self.indicator,
            "latest_review": self.latest.to_dict() if self.latest else None,
            "changes_since": [c.to_dict() for c in self.changes],
        }


@dataclass
class GoalSection:
    code: str | None
    name: str
    measures: list[ReportMeasure] = dc_field(default_factory=list)

    def to_dict(self) -> dict:
        return {"code": self.code, "name": self.name, "measures": [m.to_dict() for m in self.measures]}


@dataclass
class FieldSection:
    code: str
    name: str
    goals: list[GoalSection] = dc_field(default_factory=list)

    @property
    def measure_count(self) -> int:
        return sum(len(g.measures) for g in self.goals)

    def to_dict(self) -> dict:
        return {"code": self.code, "name": self.name, "goals": [g.to_dict() for g in self.goals]}


@dataclass
class Report:
    concept: str
    body: str | None
    adopted_on: str | None
    today: date
    since: date
    author: str
    overview: StatusOverview
    changes: ChangesReport
    fields: list[FieldSection]

    @property
    def empty(self) -> bool:
        return self.overview.empty

    def to_dict(self) -> dict:
        overview = self.overview.to_dict()
        return {
            "title": {"concept": self.concept, "body": self.body, "adopted_on": self.adopted_on,
                      "date": self.today.isoformat(), "since": self.since.isoformat(), "author": self.author},
            "summary": {k: overview[k] for k in ("total", "open", "closed", "share_closed", "status",
                                                 "fields", "assessment_open", "reviews")},
            "changes": self.changes.to_dict(),
            "fields": [f.to_dict() for f in self.fields],
        }


MEASURES = """
SELECT m.id, m.field_id, m.goal_id, m.code, m.title, m.status, m.assessment,
       c.name, c.organisation, c.email, c.phone, m.partners, m.start_date, m.end_date,
       m.review_date, m.indicator
FROM measures m LEFT JOIN contacts c ON c.id = m.contact_id
WHERE m.archived = 0
ORDER BY m.code_sort
"""

LATEST_REVIEWS = """
SELECT measure_id, date, author, status, assessment, note FROM (
  SELECT r.measure_id, r.date, r.author, r.status, r.assessment, r.note,
         row_number() OVER (PARTITION BY r.measure_id ORDER BY r.date DESC, r.id DESC) AS n
  FROM reviews r JOIN measures m ON m.id = r.measure_id
  WHERE m.archived = 0
) WHERE n = 1
"""

HISTORY = """
SELECT ch.measure_id, ch.at, ch.author, ch.field, ch.old, ch.new
FROM changes ch JOIN measures m ON m.id = ch.measure_id
WHERE ch.at >= :since AND ch.at < :after AND m.archived = 0 AND ch.field NOT IN ('review')
ORDER BY ch.at, ch.id
"""


def default_since(today: date) -> date:
    """One year before today."""
    return add_months(today, -12)


def sachstandsbericht(store, today: date, *, since: date | None = None, author: str | None = None) -> Report:
    """Everything the council report shows, as of `today`, with changes since `since`
    (default: one year earlier). Archived measures are left out."""
    from datetime import timedelta

    since = since or default_since(today)
    overview = status_overview(store, today)
    changes = changes_since(store, since, today)
    params = {"since": since.isoformat(), "after": (today + timedelta(days=1)).isoformat()}
    with store.reading() as conn:
        name, body, adopted_on = concept_row(conn)
        fields = conn.execute("SELECT id, code, name FROM fields ORDER BY position, code").fetchall()
        goals = conn.execute("SELECT id, field_id, code, name FROM goals").fetchall()
        measures = conn.execute(MEASURES).fetchall()
        latest = {r[0]: LatestReview(*r[1:]) for r in conn.execute(LATEST_REVIEWS)}
        history: dict[int, list[HistoryEntry]] = defaultdict(list)
        for mid, at, who, fld, old, new in conn.execute(HISTORY, params):
            history[mid].append(HistoryEntry(at, who, fld, old, new))

    goal_info = {gid: (code, gname) for gid, _fid, code, gname in goals}
    by_field: dict[int, dict[int | None, list[ReportMeasure]]] = defaultdict(lambda: defaultdict(list))
    for (mid, fid, gid, code, title, status, grade, cname, corg, cmail, cphone, partners, start, end,
         review, indicator) in measures:
        by_field[fid][gid].append(ReportMeasure(
            code, title, status, grade, cname, corg, cmail, cphone, partners, start, end, review, indicator,
            latest.get(mid), history.get(mid, []),
        ))
    sections = []
    for fid, fcode, fname in fields:
        per_goal = by_field.get(fid)
        if not per_goal:
            continue
        section = FieldSection(fcode, fname)
        keyed = [
            (code_sort_key(goal_info[gid][0] or "") + "\x00" + goal_info[gid][1], gid)
            for gid in per_goal if gid is not None
        ]
        for _key, gid in sorted(keyed):
            gcode, gname = goal_info[gid]
            section.goals.append(GoalSection(gcode, gname, per_goal[gid]))
        if None in per_goal:
            section.goals.append(GoalSection(None, NO_GOAL, per_goal[None]))
        sections.append(section)
    return Report(
        concept=name, body=body, adopted_on=adopted_on, today=today, since=since,
        author=author or store.user, overview=overview, changes=changes, fields=sections,
    )


def output_kind(fmt: str):
    """How an earlier `report -o` file of this format begins (store.files decides about replacing)."""
    from massnahmen.reports.render_html import HTML_MARKER
    from massnahmen.reports.render_md import MD_MARKER
    from massnahmen.store.files import OutputKind, first_line_is

    if fmt == "html":
        return OutputKind("Sachstandsbericht (HTML)",
                          lambda head: head.lstrip(b"\xef\xbb\xbf").startswith(b"<!DOCTYPE html>")
                          and HTML_MARKER.encode() in head, "bericht.html")
    if fmt == "json":
        return OutputKind("Sachstandsbericht (JSON)",
                          lambda head: head.startswith(b'{\n  "title": {\n    "concept": '), "bericht.json")
    return OutputKind("Sachstandsbericht (Markdown)", first_line_is(MD_MARKER), "bericht.md")
