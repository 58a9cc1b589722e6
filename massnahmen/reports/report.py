"""The Sachstandsbericht for the council, as plain data: title page data, the figures behind the
charts, per Handlungsfeld one line per measure and the changes of the reporting period in words.

Published by default: organisations and functions, never a person's name, e-mail or phone
(with_contacts=True makes the internal version). Internal bookkeeping of the Verlauf (archive
flags, a first Ampel, the routine next date of a Sachstand) does not appear.

Definitions (also in the README):
- umgesetzt and verworfen are counted apart; "erreicht" means umgesetzt.
- A measure is *neu geplant* in the period when its planned end (Ende) moved later, its
  Wiedervorlage moved later by a change that was not the next date of a Sachstand, or it was
  zurückgestellt – each time only while the measure stayed open.
- "Ampel auf Rot": the Ampel became rot (from grün, gelb or none).
- begonnen in a year: the Beginn lies in that year (not after the Stichtag) and the measure is no
  longer geplant; umgesetzt in a year: the last change to umgesetzt (else its Ende) lies in it.

Everything is computed from the measures as they stood at the Stichtag (store.as_of), so the same
code serves `--as-of`."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field as dc_field
from datetime import date, timedelta

from massnahmen.domain.dates import add_months, german
from massnahmen.domain.errors import UsageProblem
from massnahmen.domain.text import code_sort_key, fold
from massnahmen.domain.vocab import ASSESSMENT, CLOSED_STATUSES, STATUS
from massnahmen.reports.common import percent
from massnahmen.store.as_of import changes_between, latest_reviews_on, reviews_between, states_on

NO_ASSESSMENT = "keine"
ASSESSMENT_KEYS = (*ASSESSMENT.keys, NO_ASSESSMENT)


def assessment_label(key: str | None) -> str:
    return ASSESSMENT.label(key) if key in ASSESSMENT.by_key else "nicht bewertet"


@dataclass
class Review:
    date: str
    note: str
    status: str | None = None
    assessment: str | None = None

    def to_dict(self) -> dict:
        return {"date": self.date, "note": self.note}


@dataclass
class Line:
    """One measure in its field's table."""

    code: str
    title: str
    field_code: str
    field_name: str
    goal_code: str | None
    goal_name: str | None
    unit: str  # Zuständige Stelle: organisation, else the function; never a person
    status: str
    assessment: str | None
    review_date: str | None
    start: str | None
    end: str | None
    latest: Review | None
    person: str | None = None  # only in the internal version
    email: str | None = None
    phone: str | None = None
    history: list[Review] = dc_field(default_factory=list)  # --ausfuehrlich: every Sachstand, newest first
    changed: bool = False  # a change or Sachstand in the period

    def to_dict(self, internal: bool) -> dict:
        out: dict[str, object] = {
            "code": self.code,
            "title": self.title,
            "field": self.field_code,
            "field_name": self.field_name,
            "goal": self.goal_code or self.goal_name,
            "unit": self.unit or None,
            "status": self.status,
            "assessment": self.assessment,
            "review_date": self.review_date,
            "latest_review": self.latest.to_dict() if self.latest else None,
        }
        if internal:
            out["contact"] = {"name": self.person, "email": self.email, "phone": self.phone}
        if self.history:
            out["reviews"] = [r.to_dict() for r in self.history]
        return out


EVENT_KINDS = ("new", "finished", "dropped", "replanned", "red")
EVENT_LABELS = {
    "new": "Neu aufgenommen",
    "finished": "Umgesetzt",
    "dropped": "Verworfen",
    "replanned": "Neu geplant (später oder zurückgestellt)",
    "red": "Ampel auf Rot",
}


@dataclass
class Event:
    kind: str
    code: str
    title: str
    field_code: str
    at: str  # ISO day
    detail: str = ""  # in words, e.g. "Ende vom 30.06.2026 auf den 31.12.2026 verschoben"

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "title": self.title,
            "field": self.field_code,
            "date": self.at,
            "detail": self.detail or None,
        }


@dataclass
class Period:
    since: date
    until: date
    events: dict[str, list[Event]] = dc_field(default_factory=lambda: {k: [] for k in EVENT_KINDS})
    reviews: int = 0  # Sachstände written in the period

    def counts(self) -> dict[str, int]:
        return {k: len(v) for k, v in self.events.items()} | {"reviews": self.reviews}

    @property
    def empty(self) -> bool:
        return not self.reviews and not any(self.events.values())

    def to_dict(self) -> dict:
        return {"since": self.since.isoformat(), "until": self.until.isoformat(), "counts": self.counts()} | {
            k: [e.to_dict() for e in v] for k, v in self.events.items()
        }


@dataclass
class FieldPart:
    code: str
    name: str
    lines: list[Line]
    period: Period
    overdue: int = 0

    def status_counts(self) -> dict[str, int]:
        counts = dict.fromkeys(STATUS.keys, 0)
        for line in self.lines:
            counts[line.status] = counts.get(line.status, 0) + 1
        return counts

    def to_dict(self, internal: bool) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "total": len(self.lines),
            "status": self.status_counts(),
            "overdue_reviews": self.overdue,
            "changes": self.period.to_dict(),
            "measures": [m.to_dict(internal) for m in self.lines],
        }


@dataclass
class Charts:
    """The figures of the summary's charts (the same numbers the charts and their tables show)."""

    status_by_field: list[tuple[str, str, dict[str, int]]]  # (code, name, {status: n})
    assessment_open: dict[str, int]  # gruen, gelb, rot, keine over the open measures
    per_year: list[tuple[int, int, int]]  # (year, begonnen, umgesetzt)
    overdue_by_field: list[tuple[str, str, int, int]]  # (code, name, overdue, open)

    def to_dict(self) -> dict:
        return {
            "status_by_field": [{"field": c, "name": n, "status": s} for c, n, s in self.status_by_field],
            "ampel_open": dict(self.assessment_open),
            "per_year": [{"year": y, "started": s, "finished": f} for y, s, f in self.per_year],
            "overdue_by_field": [
                {"field": c, "name": n, "overdue": o, "open": t} for c, n, o, t in self.overdue_by_field
            ],
        }


@dataclass
class Report:
    concept: str
    body: str | None
    adopted_on: str | None
    office: str | None
    stichtag: date
    as_of: bool  # reconstructed from the Verlauf
    period: Period
    fields: list[FieldPart]
    charts: Charts
    internal: bool = False
    detailed: bool = False
    filters: list[str] = dc_field(default_factory=list)  # in words, for the title page
    preface: str | None = None  # Markdown

    @property
    def lines(self) -> list[Line]:
        return [m for f in self.fields for m in f.lines]

    @property
    def total(self) -> int:
        return sum(len(f.lines) for f in self.fields)

    @property
    def empty(self) -> bool:
        return self.total == 0

    def by_status(self) -> dict[str, int]:
        counts = dict.fromkeys(STATUS.keys, 0)
        for f in self.fields:
            for k, n in f.status_counts().items():
                counts[k] += n
        return counts

    def key_figures(self) -> dict[str, int]:
        s = self.by_status()
        total = self.total
        open_ = total - sum(s[k] for k in CLOSED_STATUSES)
        return {
            "total": total,
            "open": open_,
            "umgesetzt": s["umgesetzt"],
            "verworfen": s["verworfen"],
            "share_umgesetzt": percent(s["umgesetzt"], total),
            "share_umgesetzt_of_pursued": percent(s["umgesetzt"], total - s["verworfen"]),
            "overdue_reviews": sum(f.overdue for f in self.fields),
        }

    def to_dict(self) -> dict:
        return {
            "title": {
                "concept": self.concept,
                "body": self.body,
                "adopted_on": self.adopted_on,
                "office": self.office,
                "stichtag": self.stichtag.isoformat(),
                "as_of": self.as_of,
                "since": self.period.since.isoformat(),
                "until": self.period.until.isoformat(),
                "internal": self.internal,
                "filters": self.filters,
            },
            "summary": self.key_figures() | {"status": self.by_status()},
            "charts": self.charts.to_dict(),
            "changes": self.period.to_dict(),
            "fields": [f.to_dict(self.internal) for f in self.fields],
            "measures": [m.to_dict(self.internal) for m in self.lines],
        }


@dataclass
class Filters:
    fields: list[str] = dc_field(default_factory=list)  # codes or names
    statuses: list[str] = dc_field(default_factory=list)  # as typed (labels or keys)
    assessments: list[str] = dc_field(default_factory=list)
    changed_only: bool = False


def default_since(today: date) -> date:
    """The first day of the year up to the Stichtag: the day after the same day a year earlier
    (Stichtag 31.12.2025 → 01.01.2025)."""
    return add_months(today, -12) + timedelta(days=1)


def _unit(org: str | None, role: str | None) -> str:
    return org or role or ""


def _later(old: str | None, new: str | None) -> bool:
    return bool(old and new and new > old)


def period_events(conn, states: dict, since: date, until: date, field_of: dict) -> tuple[Period, set[int]]:
    """The council-relevant events of the period for the given measures (id → state); the ids of
    the measures with any change or Sachstand in it."""

    period = Period(since, until)
    touched: set[int] = set()
    rows = changes_between(conn, since, until)
    closing = {(c.measure_id, c.at) for c in rows if c.field == "status" and c.new in CLOSED_STATUSES}
    seen: dict[str, set[int]] = defaultdict(set)

    def add(kind: str, mid: int, at: str, detail: str = "") -> None:
        touched.add(mid)
        if mid in seen[kind]:
            if kind == "replanned" and detail:  # the latest re-planning counts, described once
                for e in period.events[kind]:
                    if e.code == states[mid].code:
                        e.detail, e.at = detail, at[:10]
            return
        seen[kind].add(mid)
        s = states[mid]
        period.events[kind].append(Event(kind, s.code, s.title, field_of[s.field_id][0], at[:10], detail))

    for c in rows:
        if c.measure_id not in states:
            continue
        if c.field == "created":
            add("new", c.measure_id, c.at)
        elif c.field == "status":
            if c.new == "umgesetzt" and c.old != "umgesetzt":
                add("finished", c.measure_id, c.at)
            elif c.new == "verworfen" and c.old != "verworfen":
                add("dropped", c.measure_id, c.at)
            elif c.new == "zurueckgestellt" and c.old not in CLOSED_STATUSES:
                add("replanned", c.measure_id, c.at, "zurückgestellt")
            else:
                touched.add(c.measure_id)
        elif c.field == "assessment":
            if c.new == "rot" and c.old != "rot":
                add("red", c.measure_id, c.at)
            touched.add(c.measure_id)
        elif c.field == "end":
            if _later(c.old, c.new) and (c.measure_id, c.at) not in closing:
                add("replanned", c.measure_id, c.at, f"Ende vom {german(c.old)} auf den {german(c.new)} verschoben")
        elif c.field == "review_date":
            if _later(c.old, c.new) and c.context != "Sachstand" and (c.measure_id, c.at) not in closing:
                add(
                    "replanned",
                    c.measure_id,
                    c.at,
                    f"Wiedervorlage vom {german(c.old)} auf den {german(c.new)} verschoben",
                )
    for r in reviews_between(conn, since, until):
        if r.measure_id in states:
            period.reviews += 1
            touched.add(r.measure_id)
    return period, touched


def _match_fields(wanted: list[str], fields: list[tuple[int, str, str]]) -> set[int]:
    out = set()
    for w in wanted:
        key = fold(w.strip())
        hits = [fid for fid, code, name in fields if key in (fold(code), fold(name))]
        if not hits:
            raise UsageProblem(
                f"Handlungsfeld „{w}“ gibt es nicht; vorhanden: " + ", ".join(code for _i, code, _n in fields),
                param="fields",
            )
        out.update(hits)
    return out


def _parse_assessments(values: list[str]) -> set[str | None]:
    """The Ampel keys asked for (NO_ASSESSMENT for „keine“); a blank value parses to None."""
    out: set[str | None] = set()
    for v in values:
        if fold(v.strip()) in ("keine", "nicht bewertet", "ohne", "-", "–"):
            out.add(NO_ASSESSMENT)
        else:
            out.add(ASSESSMENT.parse(v, param="assessments"))
    return out


def filter_words(filters: Filters) -> list[str]:
    words = []
    if filters.fields:
        words.append("Handlungsfeld: " + ", ".join(filters.fields))
    if filters.statuses:
        words.append("Status: " + ", ".join(STATUS.label(STATUS.parse(s, param="statuses")) for s in filters.statuses))
    if filters.assessments:
        words.append(
            "Ampel: "
            + ", ".join(
                assessment_label(a) for a in sorted(_parse_assessments(filters.assessments), key=lambda a: a or "")
            )
        )
    if filters.changed_only:
        words.append("nur Maßnahmen mit Änderungen im Berichtszeitraum")
    return words


def _per_year(conn, states: list, stichtag: date, first_year: int) -> list[tuple[int, int, int]]:
    finished_at: dict[int, str] = {}
    for c in changes_between(conn, None, stichtag, ("status",)):
        if c.new == "umgesetzt":
            finished_at[c.measure_id] = c.at[:10]
    started: Counter[int] = Counter()
    finished: Counter[int] = Counter()
    day = stichtag.isoformat()
    for s in states:
        if s.start and s.start <= day and s.status not in ("geplant",):
            started[int(s.start[:4])] += 1
        if s.status == "umgesetzt":
            when = finished_at.get(s.id) or (s.end if s.end and s.end <= day else None)
            if when:
                finished[int(when[:4])] += 1
    years = [y for y in (*started, *finished)]
    start = min([first_year, *years]) if years else first_year
    return [(y, started[y], finished[y]) for y in range(start, stichtag.year + 1)]


def sachstandsbericht(
    store,
    today: date,
    *,
    since: date | None = None,
    as_of: date | None = None,
    filters: Filters | None = None,
    with_contacts: bool = False,
    detailed: bool = False,
    preface: str | None = None,
) -> Report:
    """The report as of the Stichtag (as_of, else today), with the changes since `since`
    (default: one year earlier). Archived measures are left out."""

    filters = filters or Filters()
    stichtag = as_of or today
    since = since or default_since(stichtag)
    with store.reading() as conn:
        row = conn.execute("SELECT name, body, adopted_on, office FROM concept WHERE id = 1").fetchone()
        name, body, adopted_on, office = row if row else ("Integrationskonzept", None, None, None)
        fields = conn.execute("SELECT id, code, name FROM fields ORDER BY position, code").fetchall()
        goals = {gid: (code, gname) for gid, code, gname in conn.execute("SELECT id, code, name FROM goals")}
        contacts = {
            cid: (cname, org, role, mail, phone)
            for cid, cname, org, role, mail, phone in conn.execute(
                "SELECT id, name, organisation, role, email, phone FROM contacts"
            )
        }
        states = states_on(conn, as_of)
        field_of = {fid: (code, fname) for fid, code, fname in fields}
        wanted_fields = _match_fields(filters.fields, fields) if filters.fields else None
        wanted_status = {STATUS.parse(s, param="statuses") for s in filters.statuses}
        wanted_assessments = _parse_assessments(filters.assessments)
        chosen = [
            s
            for s in states
            if (wanted_fields is None or s.field_id in wanted_fields)
            and (not wanted_status or s.status in wanted_status)
            and (not wanted_assessments or (s.assessment or NO_ASSESSMENT) in wanted_assessments)
        ]
        by_id = {s.id: s for s in chosen}
        period, touched = period_events(conn, by_id, since, stichtag, field_of)
        if filters.changed_only:
            chosen = [s for s in chosen if s.id in touched]
            by_id = {s.id: s for s in chosen}
            for kind, events in period.events.items():
                period.events[kind] = [e for e in events if any(e.code == s.code for s in chosen)]
        review_ids = [r.measure_id for r in reviews_between(conn, since, stichtag) if r.measure_id in by_id]
        period.reviews = len(review_ids)
        latest = latest_reviews_on(conn, stichtag)
        history: dict[int, list[Review]] = defaultdict(list)
        if detailed:
            for state in reviews_between(conn, None, stichtag):
                if state.measure_id in by_id:
                    history[state.measure_id].append(Review(state.date, state.note, state.status, state.assessment))
        per_year = _per_year(conn, chosen, stichtag, int(adopted_on[:4]) if adopted_on else stichtag.year - 4)
    day = stichtag.isoformat()
    lines_by_field: dict[int, list[Line]] = defaultdict(list)
    overdue: Counter[int] = Counter()
    for s in chosen:
        cname, org, role, mail, phone = contacts.get(s.contact_id, (None, None, None, None, None))
        gcode, gname = goals.get(s.goal_id, (None, None))
        r = latest.get(s.id)
        line = Line(
            s.code,
            s.title,
            field_of[s.field_id][0],
            field_of[s.field_id][1],
            gcode,
            gname,
            _unit(org, role),
            s.status,
            s.assessment,
            s.review_date,
            s.start,
            s.end,
            Review(r.date, r.note, r.status, r.assessment) if r else None,
            changed=s.id in touched,
            history=sorted(history.get(s.id, []), key=lambda x: x.date, reverse=True),
        )
        if with_contacts:
            line.person, line.email, line.phone = cname, mail, phone
        lines_by_field[s.field_id].append(line)
        if s.status not in CLOSED_STATUSES and s.review_date and s.review_date < day:
            overdue[s.field_id] += 1
    parts = []
    for fid, fcode, fname in fields:
        lines = lines_by_field.get(fid)
        if not lines:
            continue
        # measures without a goal first, then goal by goal (in the order of their Nr.)
        lines.sort(
            key=lambda m: (
                m.goal_code is not None or m.goal_name is not None,
                code_sort_key(m.goal_code or ""),
                m.goal_name or "",
                code_sort_key(m.code),
            )
        )
        fperiod = Period(since, stichtag)
        for kind, events in period.events.items():
            fperiod.events[kind] = [e for e in events if e.field_code == fcode]
        parts.append(FieldPart(fcode, fname, lines, fperiod, overdue[fid]))
    field_reviews = Counter(by_id[mid].field_id for mid in review_ids)
    for part, fid in zip(parts, [fid for fid, _c, _n in fields if lines_by_field.get(fid)], strict=False):
        part.period.reviews = field_reviews[fid]
    assessment_open = dict.fromkeys(ASSESSMENT_KEYS, 0)
    for s in chosen:
        if s.status not in CLOSED_STATUSES:
            assessment_open[s.assessment if s.assessment in assessment_open else NO_ASSESSMENT] += 1
    charts = Charts(
        status_by_field=[(p.code, p.name, p.status_counts()) for p in parts],
        assessment_open=assessment_open,
        per_year=per_year,
        overdue_by_field=[
            (p.code, p.name, p.overdue, sum(1 for m in p.lines if m.status not in CLOSED_STATUSES)) for p in parts
        ],
    )
    return Report(
        concept=name,
        body=body,
        adopted_on=adopted_on,
        office=office,
        stichtag=stichtag,
        as_of=as_of is not None,
        period=period,
        fields=parts,
        charts=charts,
        internal=with_contacts,
        detailed=detailed,
        filters=filter_words(filters),
        preface=preface,
    )
