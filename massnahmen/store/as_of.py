"""The measures as they stood at the end of a day, reconstructed from the Verlauf.

Every change of a measure is in the `changes` table (old → new per attribute, oldest first by id).
Starting from today's values and undoing, newest first, every change written after the day gives
the values of that day: status, Ampel, Wiedervorlage, title, Nr., Handlungsfeld, Ziel, Beginn,
Ende, archived. A measure whose 'created' row (or created_at) lies after the day did not exist yet.
The latest Sachstand up to the day comes from the `reviews` table.

states_at() walks the history once for several days (newest day first), so the look back over
ten years costs no more than one reconstruction."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta


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
TRACKED = {"code": "code", "title": "title", "status": "status", "assessment": "assessment",
           "review_date": "review_date", "start": "start", "end": "end", "field": "field_id",
           "goal": "goal_id", "archived": "archived"}

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
        MeasureState(mid, code, title, fid, gid, cid, status, grade, review, start, end, bool(archived),
                     created or "")
        for (mid, code, title, fid, gid, cid, status, grade, review, start, end, archived, created)
        in conn.execute(MEASURES)
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
    for day, cut in zip(wanted, cut_times):
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
        out[day] = [MeasureState(**values[mid]) for mid in order
                    if values[mid]["created"] <= day_iso and not values[mid]["archived"]]
    return out


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
    return [ReviewState(*r) for r in conn.execute(
        "SELECT measure_id, date, status, assessment, note FROM reviews "
        "WHERE date >= :since AND date <= :until ORDER BY date, id", params)]


@dataclass(frozen=True)
class ChangeState:
    """One row of the Verlauf (only the facts the reports read)."""

    measure_id: int
    at: str
    field: str
    old: str | None
    new: str | None
    context: str | None


def changes_between(conn, since: date | None, until: date | None,
                    fields: Iterable[str] = ("created", "status", "assessment", "review_date", "end")
                    ) -> list[ChangeState]:
    """Changes of the given attributes from since through the end of until, oldest first."""
    keys = list(fields)
    since_text = (since or date.min).isoformat()
    after_text = _after(until) if until and until < date.max else "9999-12-31T99"
    return [ChangeState(*r) for r in conn.execute(
        "SELECT measure_id, at, field, old, new, context FROM changes "
        f"WHERE at >= ? AND at < ? AND field IN ({', '.join('?' * len(keys))}) ORDER BY at, id",
        (since_text, after_text, *keys))]
