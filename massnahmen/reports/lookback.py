"""The look back (`report --kind rueckblick`), e.g. for the Fachtag: per year and Handlungsfeld the
measures added, umgesetzt and verworfen; the state of the concept at each year's end (from the
Verlauf, store.as_of); how the Ampel moved; Sachstände per year; open measures without a
Sachstand for more than a year; the fields with the most and the least progress.

Which measures count: those that belong to the concept at the end of the period (not archived
then), in every year and every number of the look back, as in a Sachstandsbericht with that
Stichtag; a measure archived by then counts nowhere (their number is given apart, `archived`).

Progress of a field: the share of its measures that are umgesetzt or verstetigt at the end of the
period minus that share at its start, in percentage points (verworfen is no progress)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field as dc_field
from datetime import date, timedelta

from massnahmen.domain.errors import UsageProblem
from massnahmen.domain.text import fold
from massnahmen.domain.vocab import ASSESSMENT, CLOSED_STATUSES, STATUS
from massnahmen.reports.common import percent
from massnahmen.store.as_of import (
    archived_states_at,
    changes_between,
    latest_reviews_on,
    reviews_between,
    states_at,
)

RANK = {"rot": 0, "gelb": 1, "gruen": 2}
PROGRESS = ("umgesetzt", "verstetigt")
SILENT_DAYS = 365


@dataclass
class YearRow:
    year: int
    end: date  # the day the year's state is taken (31.12. or the end of the period)
    added: dict[str, int]  # field code → n
    finished: dict[str, int]
    dropped: dict[str, int]
    status: dict[str, int]  # status → n at the year's end
    assessments: dict[str, int]  # Ampel of the open measures at the year's end (keine included)
    better: int  # Ampel changes towards grün
    worse: int  # towards rot
    reviews: int

    def to_dict(self) -> dict:
        return {
            "year": self.year,
            "end": self.end.isoformat(),
            "added": sum(self.added.values()),
            "finished": sum(self.finished.values()),
            "dropped": sum(self.dropped.values()),
            "added_by_field": self.added,
            "finished_by_field": self.finished,
            "dropped_by_field": self.dropped,
            "status_at_end": self.status,
            "ampel_open_at_end": self.assessments,
            "ampel_better": self.better,
            "ampel_worse": self.worse,
            "reviews": self.reviews,
        }


@dataclass
class Silent:
    code: str
    title: str
    field: str
    last_review: str | None  # ISO

    def to_dict(self) -> dict:
        return {"code": self.code, "title": self.title, "field": self.field, "last_review": self.last_review}


@dataclass
class FieldProgress:
    code: str
    name: str
    total: int
    before: int  # umgesetzt or verstetigt at the start
    after: int  # … at the end
    total_before: int

    @property
    def points(self) -> int:
        return percent(self.after, self.total) - percent(self.before, self.total_before)

    def to_dict(self) -> dict:
        return {
            "field": self.code,
            "name": self.name,
            "total": self.total,
            "progress_points": self.points,
            "share_at_start": percent(self.before, self.total_before),
            "share_at_end": percent(self.after, self.total),
        }


@dataclass
class Lookback:
    concept: str
    body: str | None
    adopted_on: str | None
    office: str | None
    since: date
    until: date
    fields: list[tuple[str, str]]  # (code, name)
    years: list[YearRow]
    silent: list[Silent]
    progress: list[FieldProgress]  # most progress first
    total: int  # measures at the end of the period
    archived: int = 0  # measures of the period archived at its end: not counted anywhere
    filters: list[str] = dc_field(default_factory=list)
    preface: str | None = None

    def to_dict(self) -> dict:
        return {
            "title": {
                "concept": self.concept,
                "body": self.body,
                "adopted_on": self.adopted_on,
                "office": self.office,
                "since": self.since.isoformat(),
                "until": self.until.isoformat(),
                "kind": "rueckblick",
                "filters": self.filters,
            },
            "total": self.total,
            "archived_not_counted": self.archived,
            "fields": [{"code": c, "name": n} for c, n in self.fields],
            "years": [y.to_dict() for y in self.years],
            "without_sachstand_for_a_year": [s.to_dict() for s in self.silent],
            "progress": [p.to_dict() for p in self.progress],
        }


def lookback(
    store,
    today: date,
    *,
    since: date | None = None,
    until: date | None = None,
    field_filter: list[str] | None = None,
    preface: str | None = None,
) -> Lookback:

    until = min(until or today, today)
    with store.reading() as conn:
        row = conn.execute("SELECT name, body, adopted_on, office FROM concept WHERE id = 1").fetchone()
        name, body, adopted_on, office = row if row else ("Integrationskonzept", None, None, None)
        fields = conn.execute("SELECT id, code, name FROM fields ORDER BY position, code").fetchall()
        if since is None:
            first = conn.execute("SELECT min(substr(at, 1, 10)) FROM changes WHERE field = 'created'").fetchone()[0]
            since = date.fromisoformat(adopted_on) if adopted_on else (date.fromisoformat(first) if first else until)
        if since > until:
            raise UsageProblem(
                f"Der Beginn ({since:%d.%m.%Y}) liegt nach dem Ende des Rückblicks ({until:%d.%m.%Y}).", param="since"
            )
        wanted = None
        if field_filter:
            wanted = set()
            for w in field_filter:
                hits = {fid for fid, code, fname in fields if fold(w.strip()) in (fold(code), fold(fname))}
                if not hits:
                    raise UsageProblem(f"Handlungsfeld „{w}“ gibt es nicht.", param="fields")
                wanted |= hits
        ends = [min(date(y, 12, 31), until) for y in range(since.year, until.year + 1)]
        start_day = since - timedelta(days=1)
        snapshots = states_at(conn, [*ends, start_day])
        # the measures of the concept at the end of the period (in the chosen fields, by their field
        # then) count in every year; one archived by then counts in none
        chosen_ids = {s.id for s in snapshots[until] if wanted is None or s.field_id in wanted}
        archived = sum(1 for s in archived_states_at(conn, until) if wanted is None or s.field_id in wanted)

        def keep(s) -> bool:
            return s.id in chosen_ids

        changes = changes_between(conn, since, until, ("created", "status", "assessment"))
        reviews = reviews_between(conn, since, until)
        latest = latest_reviews_on(conn, until)
    field_code = {fid: code for fid, code, _n in fields}
    state_by_id = {s.id: s for day in ends for s in snapshots[day]}
    years = []
    for y, end in zip(range(since.year, until.year + 1), ends, strict=True):
        states = [s for s in snapshots[end] if keep(s)]
        status = dict.fromkeys(STATUS.keys, 0)
        assessments = dict.fromkeys((*ASSESSMENT.keys, "keine"), 0)
        for s in states:
            status[s.status] += 1
            if s.status not in CLOSED_STATUSES:
                assessments[s.assessment if s.assessment in assessments else "keine"] += 1
        years.append(
            YearRow(y, end, defaultdict(int), defaultdict(int), defaultdict(int), status, assessments, 0, 0, 0)
        )
    by_year = {r.year: r for r in years}
    for c in changes:
        changed = state_by_id.get(c.measure_id)
        if changed is None or not keep(changed):
            continue
        r = by_year.get(int(c.at[:4]))
        if r is None:
            continue
        code = field_code[changed.field_id]
        if c.field == "created":
            r.added[code] += 1
        elif c.field == "status" and c.new == "umgesetzt" and c.old != "umgesetzt":
            r.finished[code] += 1
        elif c.field == "status" and c.new == "verworfen" and c.old != "verworfen":
            r.dropped[code] += 1
        elif c.field == "assessment" and c.old in RANK and c.new in RANK:
            if RANK[c.new] > RANK[c.old]:
                r.better += 1
            elif RANK[c.new] < RANK[c.old]:
                r.worse += 1
    for rv in reviews:
        reviewed = state_by_id.get(rv.measure_id)
        if reviewed is not None and keep(reviewed) and int(rv.date[:4]) in by_year:
            by_year[int(rv.date[:4])].reviews += 1
    for r in years:
        r.added, r.finished, r.dropped = dict(r.added), dict(r.finished), dict(r.dropped)
    # years before the first measure say nothing: they are left out (the title keeps the period)
    while (
        len(years) > 1
        and not sum(years[0].status.values())
        and not years[0].reviews
        and not any((years[0].added, years[0].finished, years[0].dropped))
    ):
        years.pop(0)
    # open measures without a Sachstand for more than a year (at the end of the period)
    limit = (until - timedelta(days=SILENT_DAYS)).isoformat()
    field_names = {fid: f"{code} {fname}" for fid, code, fname in fields}
    silent = []
    for s in snapshots[until]:
        if not keep(s) or s.status in CLOSED_STATUSES:
            continue
        last = latest.get(s.id)
        last_day = last.date if last else None
        if (last_day or s.created) < limit:
            silent.append(Silent(s.code, s.title, field_names[s.field_id], last_day))
    # progress per field
    before: Counter[int] = Counter()
    total_before: Counter[int] = Counter()
    for s in snapshots[start_day]:
        if keep(s):
            total_before[s.field_id] += 1
            before[s.field_id] += s.status in PROGRESS
    after: Counter[int] = Counter()
    total_after: Counter[int] = Counter()
    for s in snapshots[until]:
        if keep(s):
            total_after[s.field_id] += 1
            after[s.field_id] += s.status in PROGRESS
    progress = [
        FieldProgress(code, fname, total_after[fid], before[fid], after[fid], total_before[fid])
        for fid, code, fname in fields
        if total_after[fid]
    ]
    progress.sort(key=lambda p: (-p.points, p.code))
    shown_fields = [
        (code, fname)
        for fid, code, fname in fields
        if (wanted is None or fid in wanted) and any(s.field_id == fid for s in state_by_id.values() if keep(s))
    ]
    filters = [f"Handlungsfeld: {', '.join(field_filter)}"] if field_filter else []
    return Lookback(
        name,
        body,
        adopted_on,
        office,
        since,
        until,
        shown_fields,
        years,
        silent,
        progress,
        total=len(chosen_ids),
        archived=archived,
        filters=filters,
        preface=preface,
    )
