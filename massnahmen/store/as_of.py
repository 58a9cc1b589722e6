"""The measures as they stood at the end of a day, reconstructed from the Verlauf.

Every change of a measure is in the `changes` table (old → new per attribute, oldest first by id).
Starting from today's values and undoing, newest first, every change written after the day gives
the values of that day: status, Ampel, Wiedervorlage, title, Nr., Handlungsfeld, Ziel, Beginn,
Ende, archived. A measure whose 'created' row (or created_at) lies after the day did not exist yet.
The latest Sachstand up to the day comes from the `reviews` table.

states_at() walks the history once for several days (newest day first), so the look back over
ten years costs no more than one reconstruction."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace as dc_replace
from datetime import date, timedelta

from massnahmen.domain.text import fold
from massnahmen.domain.vocab import CLOSED_STATUSES, STATUS
from massnahmen.store.catalog import find_field
from massnahmen.store.measures import query_measures


@dataclass(frozen=True)
class MeasureState:
    """One measure's values at a day (ids for field, goal and contact)."""

    id: int
    code: str
    title: str
    field_id: int
    goal_id: int | None
    contact_id: int | None
    status: str
    assessment: str | None
    review_date: str | None  # ISO
    start: str | None
    end: str | None
    archived: bool
    created: str  # ISO day the measure was entered


@dataclass(frozen=True)
class ReviewState:
    """A Sachstand entry (the latest up to a day, or one of a measure's history)."""

    measure_id: int
    date: str  # ISO
    status: str | None
    assessment: str | None
    note: str


MEASURES = """
SELECT m.id, m.code, m.title, m.field_id, m.goal_id, m.contact_id, m.status, m.assessment,
       m.review_date, m.start_date, m.end_date, m.archived,
       coalesce((SELECT min(substr(ch.at, 1, 10)) FROM changes ch
                 WHERE ch.measure_id = m.id AND ch.field = 'created'), substr(m.created_at, 1, 10))
FROM measures m
ORDER BY m.code_sort
"""

# the attributes whose history is undone, and the MeasureState attribute each one sets
TRACKED = {
    "code": "code",
    "title": "title",
    "status": "status",
    "assessment": "assessment",
    "review_date": "review_date",
    "start": "start",
    "end": "end",
    "field": "field_id",
    "goal": "goal_id",
    "archived": "archived",
}

CHANGES_AFTER = f"""
SELECT at, measure_id, field, old FROM changes
WHERE at >= :after AND field IN ({", ".join(f"'{k}'" for k in TRACKED)})
ORDER BY at DESC, id DESC
"""


def _after(day: date) -> str:
    """The first timestamp after the day ('2026-01-01' sorts after every '2025-12-31T…')."""
    return (day + timedelta(days=1)).isoformat()


def current_states(conn) -> list[MeasureState]:
    """Every measure (archived ones too) with today's values, in the order of their Nr."""
    return [
        MeasureState(mid, code, title, fid, gid, cid, status, grade, review, start, end, bool(archived), created or "")
        for (mid, code, title, fid, gid, cid, status, grade, review, start, end, archived, created) in conn.execute(
            MEASURES
        )
    ]


def _name_maps(conn) -> tuple[dict[str, int], dict[tuple[int, str], int], dict[str, int]]:
    """Field names (and codes) → id; (field id, goal name) → id; goal names → id (any field)."""
    fields: dict[str, int] = {}
    for fid, code, name in conn.execute("SELECT id, code, name FROM fields"):
        fields.setdefault(name, fid)
        fields.setdefault(code, fid)
    goals: dict[tuple[int, str], int] = {}
    any_goal: dict[str, int] = {}
    for gid, fid, name in conn.execute("SELECT id, field_id, name FROM goals"):
        goals[(fid, name)] = gid
        any_goal.setdefault(name, gid)
    return fields, goals, any_goal


def states_at(conn, days: Iterable[date]) -> dict[date, list[MeasureState]]:
    """{day: the non-archived measures that existed at the end of that day, with that day's values}."""
    return _states(conn, days)


def _states(conn, days: Iterable[date], archived: bool = False) -> dict:
    """states_at; with archived=True {day: the measures that existed then and were archived}."""
    wanted = sorted(set(days), reverse=True)
    if not wanted:
        return {}
    current = {s.id: s for s in current_states(conn)}
    order = list(current)
    values = {mid: dict(s.__dict__) for mid, s in current.items()}
    fields, goals, any_goal = _name_maps(conn)
    rows = conn.execute(CHANGES_AFTER, {"after": _after(wanted[-1])}).fetchall()
    # the rows are newest first; each day undoes the rows from its next day on
    cut_times = [_after(d) for d in wanted]
    out: dict[date, list[MeasureState]] = {}
    i = 0
    for day, cut in zip(wanted, cut_times, strict=True):
        while i < len(rows) and rows[i][0] >= cut:
            _at, mid, key, old = rows[i]
            i += 1
            v = values.get(mid)
            if v is None:
                continue
            attr = TRACKED[key]
            if key == "field":
                v[attr] = fields.get(old, v[attr]) if old else v[attr]
            elif key == "goal":
                v[attr] = (goals.get((v["field_id"], old)) or any_goal.get(old)) if old else None
            elif key == "archived":
                v[attr] = old == "ja"
            elif key in ("code", "title", "status"):
                if old:  # never empty; a missing old value keeps the later one
                    v[attr] = old
            else:
                v[attr] = old
        day_iso = day.isoformat()
        out[day] = [
            MeasureState(**values[mid])
            for mid in order
            if values[mid]["created"] <= day_iso and values[mid]["archived"] == archived
        ]
    return out


def archived_at(conn, day: date) -> int:
    """How many measures that existed at the end of the day were archived then."""
    return len(archived_states_at(conn, day))


def archived_states_at(conn, day: date) -> list[MeasureState]:
    """The measures that existed at the end of the day and were archived then, with that day's values."""
    return _states(conn, [day], archived=True)[day]


def states_on(conn, day: date | None) -> list[MeasureState]:
    """The non-archived measures at the end of the day; None: today's values as stored."""
    if day is None:
        return [s for s in current_states(conn) if not s.archived]
    return states_at(conn, [day])[day]


LATEST_REVIEWS = """
SELECT measure_id, date, status, assessment, note FROM (
  SELECT measure_id, date, status, assessment, note,
         row_number() OVER (PARTITION BY measure_id ORDER BY date DESC, id DESC) AS n
  FROM reviews WHERE date <= :day
) WHERE n = 1
"""


def latest_reviews_on(conn, day: date | None) -> dict[int, ReviewState]:
    """{measure id: its latest Sachstand up to the day (all of them without a day)}."""
    params = {"day": (day or date.max).isoformat()}
    return {r[0]: ReviewState(*r) for r in conn.execute(LATEST_REVIEWS, params)}


def reviews_between(conn, since: date | None, until: date | None) -> list[ReviewState]:
    """Every Sachstand from since through until (both inclusive, open ends allowed), oldest first."""
    params = {"since": (since or date.min).isoformat(), "until": (until or date.max).isoformat()}
    return [
        ReviewState(*r)
        for r in conn.execute(
            "SELECT measure_id, date, status, assessment, note FROM reviews "
            "WHERE date >= :since AND date <= :until ORDER BY date, id",
            params,
        )
    ]


@dataclass(frozen=True)
class ChangeState:
    """One row of the Verlauf (only the facts the reports read)."""

    measure_id: int
    at: str
    field: str
    old: str | None
    new: str | None
    context: str | None


def changes_between(
    conn,
    since: date | None,
    until: date | None,
    fields: Iterable[str] = ("created", "status", "assessment", "review_date", "end"),
) -> list[ChangeState]:
    """Changes of the given attributes from since through the end of until, oldest first."""
    keys = list(fields)
    since_text = (since or date.min).isoformat()
    after_text = _after(until) if until and until < date.max else "9999-12-31T99"
    return [
        ChangeState(*r)
        for r in conn.execute(
            "SELECT measure_id, at, field, old, new, context FROM changes "
            f"WHERE at >= ? AND at < ? AND field IN ({', '.join('?' * len(keys))}) ORDER BY at, id",
            (since_text, after_text, *keys),
        )
    ]


def query_measures_as_of(store, flt, day: date) -> list[dict]:
    """`list --as-of`: the rows of store.measures.query_measures with the values of that day
    (Nr., title, field, goal, status, Ampel, Wiedervorlage, Beginn, Ende), only measures that
    existed then and were not archived; the filters on those values apply to the values of that
    day (overdue and due counted from it). Contact, search words and the other texts are today's."""
    base = dc_replace(
        flt,
        field=None,
        statuses=[],
        overdue=False,
        due_within=None,
        open_only=False,
        archived="include",
        assessment=None,
        no_review=False,
        sort="code",
        descending=False,
    )
    rows = query_measures(store, base)
    with store.reading() as conn:
        states = {s.id: s for s in states_at(conn, [day])[day]}
        fields = {fid: (name, code) for fid, code, name in conn.execute("SELECT id, code, name FROM fields")}
        goals = dict(conn.execute("SELECT id, name FROM goals").fetchall())
        field_id = find_field(conn, flt.field)[0] if flt.field else None
    keys = {STATUS.parse(x, param="statuses") for x in flt.statuses}
    today = day.isoformat()
    due_end = (day + timedelta(days=flt.due_within)).isoformat() if flt.due_within is not None else None
    out = []
    for row in rows:
        s = states.get(row["id"])
        if s is None:
            continue
        fname, fcode = fields.get(s.field_id, (row["field"], row["field_code"]))
        row = row | {
            "code": s.code,
            "title": s.title,
            "field": fname,
            "field_code": fcode,
            "goal": goals.get(s.goal_id),
            "status": s.status,
            "assessment": s.assessment,
            "review_date": s.review_date,
            "start": s.start,
            "end": s.end,
            "archived": 0,
        }
        is_open = s.status not in CLOSED_STATUSES
        review = s.review_date
        if flt.archived == "only":
            continue  # archived measures are not part of a day's state
        if field_id is not None and s.field_id != field_id:
            continue
        if keys and s.status not in keys:
            continue
        if (flt.open_only or flt.overdue or due_end) and not is_open:
            continue
        if flt.overdue and due_end:
            if not review or review > due_end:
                continue
        elif flt.overdue and not (review and review < today):
            continue
        elif due_end and not flt.overdue and not (review and today <= review <= due_end):
            continue
        if flt.assessment == "none" and s.assessment is not None:
            continue
        if flt.assessment and flt.assessment != "none" and s.assessment != flt.assessment:
            continue
        if flt.no_review and (review or not is_open):
            continue
        out.append(row)
    sort_keys = {
        "title": lambda r: fold(r["title"]),
        "field": lambda r: (r["field_code"] or "",),
        "contact": lambda r: fold(r["contact_name"] or r["contact_organisation"] or ""),
        "status": lambda r: r["status"],
        "assessment": lambda r: r["assessment"] or "",
        "review_date": lambda r: (r["review_date"] is None, r["review_date"] or ""),
        "updated_at": lambda r: r["updated_at"] or "",
    }

    def natural(code: str) -> str:
        return re.sub(r"\d+", lambda m: m.group(0).zfill(8), fold(code))

    out.sort(key=lambda r: natural(r["code"]))
    if flt.sort in sort_keys:
        out.sort(key=sort_keys[flt.sort], reverse=flt.descending)
    elif flt.descending:
        out.reverse()
    return out
