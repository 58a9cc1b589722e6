"""Measures: queries with filters and paging, and writes with history and optimistic locking."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from massnahmen.domain.attributes import ATTRIBUTES, BY_KEY, PLAIN_COLUMNS, parse_values
from massnahmen.domain.bounds import MAX_TEXT, check_date, check_days, check_version, some_of
from massnahmen.domain.clock import now_iso, today as clock_today
from massnahmen.domain.contacts import contact_display as display_contact
from massnahmen.domain.dates import german, iso, parse_date
from massnahmen.domain.errors import AlreadyExists, ConflictError, InvalidValue, NotFound, ValidationFailed
from massnahmen.domain.records import (
    CONTACT_KEYS,
    MEASURE_FIELDS,
    MEASURE_KEYS,
    Contact,
    Measure,
    Review,
    as_dict,
    from_iso,
)
from massnahmen.domain.reviews import NEXT_REVIEW, REVIEW_DAY, check_next_review, check_review_day, next_review_for
from massnahmen.domain.text import code_sort_key, next_free_code, search_fold
from massnahmen.domain.vocab import ASSESSMENT, STATUS
from massnahmen.store.catalog import find_contact, find_field, find_goal
from massnahmen.store.db import Store
from massnahmen.store.filter import MeasureFilter  # also imported from here by its many users
from massnahmen.store.history import Timeline, changes_after, measure_changes, merge_timeline, record_changes

# attribute key → column in the measures table (start/end are SQL words, so they carry _date;
# a reference is the id of a field, goal or contact)
COLUMN = {a.key: a.column for a in ATTRIBUTES if a.column is not None}  # (each attribute has one)
SEARCHED = ("code", "title", "description", "partners", "funding", "indicator", "source", "notes")


def search_text(values: dict) -> str:
    return search_fold(" ".join(str(values[k]) for k in SEARCHED if values.get(k)))


# What a row of query_measures holds, (row key, SQL): the attributes in the registry's order, a
# reference as what it points to, framed by the measure's id and bookkeeping.
_REFERENCED = {
    "field": (("field", "f.name"), ("field_code", "f.code")),
    "goal": (("goal", "g.name"),),
    "contact": (
        ("contact_id", "m.contact_id"),
        ("contact_name", "c.name"),
        *((part.row_key, f"c.{part.key}") for part in BY_KEY["contact"].parts),
    ),
}
_SELECTED = (
    ("id", "m.id"),
    *(pair for a in ATTRIBUTES for pair in _REFERENCED.get(a.key, ((a.row_key, f"m.{a.column}"),))),
    *((key, f"m.{key}") for key in ("updated_at", "updated_by", "created_at", "archived", "version")),
)
SELECT = f"""
SELECT {", ".join(sql for _key, sql in _SELECTED)}
FROM measures m
JOIN fields f ON f.id = m.field_id
LEFT JOIN goals g ON g.id = m.goal_id
LEFT JOIN contacts c ON c.id = m.contact_id
"""
ROW_KEYS = tuple(key for key, _sql in _SELECTED)


def row_contract(row: dict) -> dict:
    """A row of query_measures as the JSON object of a measure (MEASURE_KEYS in order, the contact nested)."""
    out = {}
    for key in MEASURE_KEYS:
        if key == "contact":
            out[key] = {k: row[f"contact_{k}"] for k in CONTACT_KEYS} if row["contact_id"] is not None else None
        else:
            out[key] = row[key]
    return out


def contact_display(row: dict) -> str:
    """'Name (Organisation)' of a row's contact."""
    return display_contact(row.get("contact_name"), row.get("contact_organisation"))


def query_measures(
    store: Store, flt: MeasureFilter | None = None, *, limit: int | None = None, offset: int = 0
) -> list[dict]:
    """Rows as dicts (ROW_KEYS); with limit/offset a window of the result, for the TUI table."""
    flt = flt or MeasureFilter()
    with store.reading() as conn:
        where, params = flt.where(conn)
        sql = SELECT + where + flt.order_by()
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params = [*params, limit, offset]
        return [dict(zip(ROW_KEYS, r, strict=True)) for r in conn.execute(sql, params)]


def versions_of(store: Store, flt: MeasureFilter | None = None) -> dict[str, int]:
    """Nr. → version of every measure the filter finds: what marking them all needs (a few bytes a
    measure, not the whole row)."""
    flt = flt or MeasureFilter()
    with store.reading() as conn:
        where, params = flt.where(conn)
        return dict(conn.execute("SELECT m.code, m.version FROM measures m" + where, params))


def count_with_versions(store: Store, flt: MeasureFilter, *, up_to: int) -> tuple[int, dict[str, int] | None]:
    """How many measures the filter finds and, when they are at most up_to, Nr. → version of each
    (from the same scan: the TUI marks them all at once with it); None for the versions of more."""
    with store.reading() as conn:
        where, params = flt.where(conn)
        rows = conn.execute(
            "SELECT m.code, m.version FROM measures m" + where + " LIMIT ?", [*params, up_to + 1]
        ).fetchall()
        if len(rows) <= up_to:
            return len(rows), dict(rows)
        return conn.execute("SELECT count(*) FROM measures m" + where, params).fetchone()[0], None


def count_measures(store: Store, flt: MeasureFilter | None = None) -> int:
    flt = flt or MeasureFilter()
    with store.reading() as conn:
        where, params = flt.where(conn)
        sql = "SELECT count(*) FROM measures m" + where  # every filter is on m's own columns
        return conn.execute(sql, params).fetchone()[0]


def _row_by_code(conn: sqlite3.Connection, code: str) -> dict:
    row = conn.execute(SELECT + " WHERE m.code = ?", ((code or "").strip(),)).fetchone()
    if row is None:
        raise NotFound(f"Maßnahme „{code}“ gibt es nicht.", kind="measure", value=code)
    return dict(zip(ROW_KEYS, row, strict=True))


def _reviews(conn: sqlite3.Connection, measure_id: int, limit: int | None = None) -> list[Review]:
    sql = (
        "SELECT id, date, author, status, assessment, note, next_review_date FROM reviews "
        "WHERE measure_id = ? ORDER BY date DESC, id DESC"
    )
    params: tuple = (measure_id,)
    if limit:
        sql += " LIMIT ?"
        params = (measure_id, limit)
    return [
        Review(
            id=r[0],
            date=date.fromisoformat(r[1]),
            author=r[2],
            status=r[3],
            assessment=r[4],
            note=r[5],
            next_review_date=from_iso(r[6]),
        )
        for r in conn.execute(sql, params)
    ]


def reviews_of(store: Store, measure_id: int, limit: int | None = None) -> list[Review]:
    """A measure's Sachstand entries, newest first (for a detail pane that already has the row)."""
    with store.reading() as conn:
        return _reviews(conn, measure_id, limit)


def to_model(row: dict, reviews: list[Review] | None = None) -> Measure:
    contact = None
    if row["contact_id"] is not None:
        contact = Contact(
            id=row["contact_id"],
            name=row["contact_name"],
            organisation=row["contact_organisation"],
            email=row["contact_email"],
            phone=row["contact_phone"],
        )
    data = {k: row[k] for k in ROW_KEYS if k in MEASURE_FIELDS and k != "contact"}
    for key in ("start", "end", "review_date"):
        data[key] = from_iso(data.get(key))
    data["archived"] = bool(data.get("archived"))
    return Measure(**data, contact=contact, reviews=reviews or [])


def get_measure(store: Store, code: str, *, reviews: int | None = 5) -> Measure:
    """One measure with its latest Sachstand entries (reviews=None: all)."""
    with store.reading() as conn:
        row = _row_by_code(conn, code)
        return to_model(row, _reviews(conn, row["id"], reviews))


VALUE_KEYS = tuple(k for k in PLAIN_COLUMNS if k != "code")  # a measure's own values besides its Nr.


@dataclass(frozen=True, slots=True)
class StoredMeasure:
    """A measure as its row stores it: ids of field, goal and contact, and the plain values by
    attribute key (VALUE_KEYS; dates as ISO text)."""

    id: int
    code: str
    version: int
    field_id: int
    goal_id: int | None
    contact_id: int | None
    values: dict[str, object]


_STORED_SQL = (
    "SELECT id, code, version, field_id, goal_id, contact_id, "
    + ", ".join(COLUMN[k] for k in VALUE_KEYS)
    + " FROM measures WHERE code IN (SELECT value FROM json_each(?))"
)


def measures_by_code(store: Store, codes: Iterable[str]) -> dict[str, StoredMeasure]:
    """The stored measures among these codes (archived ones included), by code."""
    wanted = sorted(set(codes))
    if not wanted:
        return {}
    with store.reading() as conn:
        rows = conn.execute(_STORED_SQL, (json.dumps(wanted),)).fetchall()
    return {
        r[1]: StoredMeasure(
            id=r[0],
            code=r[1],
            version=r[2],
            field_id=r[3],
            goal_id=r[4],
            contact_id=r[5],
            values=dict(zip(VALUE_KEYS, r[6:], strict=True)),
        )
        for r in rows
    }


# -- writes --------------------------------------------------------------------------------
def _check_version(conn: sqlite3.Connection, row: dict, expected_version: int | None) -> None:
    if expected_version is None or expected_version == row["version"]:
        return
    check_version(expected_version, "Erwartete Version")
    others = changes_after(conn, row["id"], expected_version)
    lines = [f"  {german(c.at[:10])} {c.at[11:16]} {c.author}: {c.describe()}" for c in others] or [
        "  (Änderung ohne Verlauf)"
    ]
    raise ConflictError(
        f"Maßnahme „{row['code']}“ wurde inzwischen geändert; nichts wurde überschrieben:\n" + "\n".join(lines),
        changes=[as_dict(c) for c in others],
    )


def _resolve(conn: sqlite3.Connection, values: dict, current: dict | None) -> dict:
    """Turn field/goal/contact references into ids (and names for the history)."""
    out: dict = {}
    field_id = None
    if "field" in values:
        fid, _code, fname = find_field(conn, values["field"])
        out["field"] = (fid, fname)
        field_id = fid
    elif current is not None:
        field_id = conn.execute("SELECT field_id FROM measures WHERE id = ?", (current["id"],)).fetchone()[0]
    if "goal" in values:
        if values["goal"]:
            gid, _f, gname = find_goal(conn, values["goal"], field_id)
            out["goal"] = (gid, gname)
        else:
            out["goal"] = (None, None)
    elif current is not None and "field" in values and current["goal"]:
        # the goal belongs to the old field: keep it only if the new field has one of that name
        try:
            gid, _f, gname = find_goal(conn, current["goal"], field_id)
            out["goal"] = (gid, gname)
        except NotFound:
            out["goal"] = (None, None)
    if "contact" in values:
        if values["contact"]:
            cid = find_contact(conn, values["contact"])
            name, org = conn.execute("SELECT name, organisation FROM contacts WHERE id = ?", (cid,)).fetchone()
            out["contact"] = (cid, display_contact(name, org))
        else:
            out["contact"] = (None, None)
    return out


def suggest_code(store: Store, field: str) -> str:
    """The next free Nr. of a Handlungsfeld (code or name), for a new measure without one."""
    with store.reading() as conn:
        prefix = conn.execute("SELECT code FROM fields WHERE id = ?", (find_field(conn, field)[0],)).fetchone()[0]
        taken = [
            r[0]
            for r in conn.execute(
                "SELECT code FROM measures WHERE substr(code, 1, ?) = ?", (len(prefix) + 1, prefix + ".")
            )
        ]
    return next_free_code(prefix, taken)


def add_measure(store: Store, values: dict) -> Measure:
    """Create a measure; values by attribute key (German text, references by name or code)."""
    parsed = parse_values(values, creating=True)
    now = now_iso()
    with store.write() as conn:
        existing = conn.execute("SELECT title FROM measures WHERE code = ?", (parsed["code"],)).fetchone()
        if existing:
            raise AlreadyExists(
                f"Die Nr. „{parsed['code']}“ ist schon vergeben (Maßnahme „{existing[0]}“).",
                kind="measure",
                value=parsed["code"],
            )
        code = parsed["code"]
        assert code is not None  # required: parse_values raised otherwise
        refs = _resolve(conn, parsed, None)
        columns: dict[str, object] = {COLUMN[k]: parsed.get(k) for k in PLAIN_COLUMNS}
        columns.update(
            code_sort=code_sort_key(code),
            field_id=refs["field"][0],
            goal_id=refs.get("goal", (None,))[0],
            contact_id=refs.get("contact", (None,))[0],
            archived=0,
            created_at=now,
            created_by=store.user,
            updated_at=now,
            updated_by=store.user,
            version=1,
            search=search_text(parsed),
        )
        cur = conn.execute(
            f"INSERT INTO measures ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            list(columns.values()),
        )
        assert cur.lastrowid is not None  # an INSERT gives the new row's id
        record_changes(store, conn, [(cur.lastrowid, "created", None, code)], bump=False)
        return to_model(_row_by_code(conn, code))


def _apply(
    store: Store,
    conn: sqlite3.Connection,
    row: dict,
    parsed: dict,
    *,
    context: str | None = None,
    extra: Iterable[tuple[str, object, object]] = (),
) -> list[tuple[str, object, object]]:
    """Write the differences between row and parsed values; return (field, old, new) per change.
    extra: changes the caller made to the row itself, recorded in the same history entry."""
    extra = list(extra)
    refs = _resolve(conn, parsed, row)
    sets: dict[str, object] = {}
    diffs: list[tuple[str, object, object]] = []
    for key, value in parsed.items():
        if key in ("field", "goal", "contact"):
            continue
        old = row[key]
        if (old or None) != (value or None):
            sets[COLUMN[key]] = value
            diffs.append((key, old, value))
    if "code" in sets:
        clash = conn.execute(
            "SELECT title FROM measures WHERE code = ? AND id != ?", (sets["code"], row["id"])
        ).fetchone()
        if clash:
            raise AlreadyExists(
                f"Die Nr. „{sets['code']}“ ist schon vergeben (Maßnahme „{clash[0]}“).",
                kind="measure",
                value=parsed["code"],
            )
        sets["code_sort"] = code_sort_key(str(sets["code"]))
    old_names = {"field": row["field"], "goal": row["goal"], "contact": contact_display(row)}
    current_ids = conn.execute(
        "SELECT field_id, goal_id, contact_id FROM measures WHERE id = ?", (row["id"],)
    ).fetchone()
    for key, (new_id, new_name), old_id in (
        (k, refs[k], current_ids[i]) for i, k in enumerate(("field", "goal", "contact")) if k in refs
    ):
        if new_id != old_id:
            sets[COLUMN[key]] = new_id
            diffs.append((key, old_names[key] or None, new_name))
    diffs += extra
    if not diffs:
        return []
    if any(COLUMN.get(k) in sets for k in ("code", *SEARCHED)):
        merged = {k: row[k] for k in SEARCHED} | {k: v for k, v in parsed.items() if k in SEARCHED}
        sets["search"] = search_text(merged)
    if sets:
        conn.execute(
            f"UPDATE measures SET {', '.join(f'{c} = ?' for c in sets)} WHERE id = ?",
            [*sets.values(), row["id"]],
        )
    record_changes(store, conn, [(row["id"], k, old, new) for k, old, new in diffs], context=context)
    return diffs


def update_measure(
    store: Store, code: str, values: dict, *, expected_version: int | None = None, context: str | None = None
) -> tuple[Measure, list[tuple[str, object, object]]]:
    """Change the given attributes (empty text clears an optional one). Refused with ConflictError
    when the measure's version is no longer expected_version. Returns the measure and the diffs."""
    parsed = parse_values(values, creating=False)
    with store.write() as conn:
        row = _row_by_code(conn, code)
        _check_version(conn, row, expected_version)
        diffs = _apply(store, conn, row, parsed, context=context)
        return to_model(_row_by_code(conn, parsed.get("code") or row["code"])), diffs


def _archive_row(conn: sqlite3.Connection, row: dict, archived: bool) -> list[tuple[str, object, object]]:
    """Set the row's archived flag; the change for the history (none when it was set already)."""
    if bool(row["archived"]) == archived:
        return []
    conn.execute("UPDATE measures SET archived = ? WHERE id = ?", (int(archived), row["id"]))
    return [("archived", "nein" if archived else "ja", "ja" if archived else "nein")]


def set_archived(store: Store, code: str, archived: bool, *, expected_version: int | None = None) -> Measure:
    """Archive (never delete) a measure, or bring it back."""
    with store.write() as conn:
        row = _row_by_code(conn, code)
        _check_version(conn, row, expected_version)
        changed = _archive_row(conn, row, archived)
        if changed:
            record_changes(store, conn, [(row["id"], k, old, new) for k, old, new in changed])
        return to_model(_row_by_code(conn, code))


# -- many measures at once ----------------------------------------------------------------------
ARCHIVED = "archived"  # update_many: True archives, False brings back
POSTPONE_WEEKS = "postpone_weeks"  # update_many: the Wiedervorlage N weeks later (from its own date)


@dataclass(frozen=True)
class ManyResult:
    """What update_many did. undo holds, per changed measure, (code, version now, values that
    bring the changed attributes back) – update_many(undo) takes the change back."""

    changed: list[str]
    unchanged: list[str]
    conflicts: list[str]
    undo: list[tuple[str, int, dict]]


def _restoring(row: dict, keys: Iterable[str]) -> dict:
    """The row's values of these attribute keys as update_many takes them (references by code or id)."""
    keys = set(keys)
    if "field" in keys:
        keys.add("goal")  # a new field may drop the goal: bring both back
    out: dict[str, object] = {}
    for key in keys:
        if key == POSTPONE_WEEKS:
            out["review_date"] = row["review_date"] or ""
        elif key == ARCHIVED:
            out[ARCHIVED] = bool(row["archived"])
        elif key == "field":
            out["field"] = row["field_code"]
        elif key == "contact":
            out["contact"] = f"#{row['contact_id']}" if row["contact_id"] else ""
        else:
            out[key] = row[key] or ""
    return out


def update_many(
    store: Store,
    items: Iterable[tuple[str, int | None, dict]],
    *,
    context: str | None = None,
    skip_conflicts: bool = False,
) -> ManyResult:
    """Change many measures in one transaction, each with one history entry: items are (code, the
    version the officer saw or None, values by attribute key, plus ARCHIVED and POSTPONE_WEEKS).
    A measure changed by someone else since is a conflict: ConflictError naming them all and nothing
    written, or with skip_conflicts those are left alone and the others changed. An invalid value
    refuses the whole change."""
    today = clock_today()
    changed: list[str] = []
    unchanged: list[str] = []
    conflicts: list[str] = []
    undo: list[tuple[str, int, dict]] = []
    with store.write() as conn:
        rows = []
        for code, expected, values in items:
            row = _row_by_code(conn, code)
            if expected is not None and row["version"] != expected:
                conflicts.append(row["code"])
            else:
                rows.append((row, dict(values)))
        if conflicts and not skip_conflicts:
            raise ConflictError(
                f"{_many(len(conflicts))} inzwischen von anderen geändert: {some_of(conflicts)}. Nichts wurde geändert."
            )
        for row, values in rows:
            before = _restoring(row, values)
            archived = values.pop(ARCHIVED, None)
            weeks = values.pop(POSTPONE_WEEKS, None)
            if weeks is not None:
                check_days(int(weeks) * 7, "Wochen")
                start = parse_date(row["review_date"]) or today
                values["review_date"] = iso(max(start, today) + timedelta(weeks=int(weeks)))
            extra = _archive_row(conn, row, archived) if archived is not None else []
            if _apply(store, conn, row, parse_values(values, creating=False), context=context, extra=extra):
                changed.append(row["code"])
                version = conn.execute("SELECT version FROM measures WHERE id = ?", (row["id"],)).fetchone()[0]
                undo.append((row["code"], version, before))
            else:
                unchanged.append(row["code"])
    return ManyResult(changed, unchanged, conflicts, undo)


def _many(n: int) -> str:
    return "1 Maßnahme wurde" if n == 1 else f"{n} Maßnahmen wurden"


def add_review(
    store: Store,
    code: str,
    note: str,
    *,
    status: str | None = None,
    assessment: str | None = None,
    next_review: str | date | None = None,
    on: date | None = None,
    expected_version: int | None = None,
    clear_assessment: bool = False,
) -> tuple[Measure, Review]:
    """Record a Sachstand. The measure takes the new status, Ampel and review date; the next review
    defaults to six months ahead (none for a closed status). No assessment keeps the stored Ampel;
    clear_assessment=True resets it to „nicht bewertet“ (with an assessment given: a problem)."""
    problems: list[InvalidValue] = []
    day = on or clock_today()
    try:
        check_date(day, german(day), REVIEW_DAY)
        check_review_day(day, clock_today())
    except InvalidValue as exc:
        problems.append(exc)
    try:
        status_key = STATUS.parse(status, label="Status") if status else None
    except InvalidValue as exc:
        problems.append(exc)
        status_key = None
    try:
        assessment_key = ASSESSMENT.parse(assessment, label="Ampel") if assessment else None
    except InvalidValue as exc:
        problems.append(exc)
        assessment_key = None
    if clear_assessment and assessment_key:
        problems.append(InvalidValue("Ampel", "entweder eine Ampel oder „nicht bewertet“, nicht beides"))
    try:
        next_day = parse_date(next_review, label=NEXT_REVIEW) if next_review else None
    except InvalidValue as exc:
        problems.append(exc)
        next_day = None
    note = (note or "").replace("\r\n", "\n").strip()
    if not note:
        problems.append(InvalidValue("Sachstand", "darf nicht leer sein"))
    elif len(note) > MAX_TEXT:
        problems.append(InvalidValue("Sachstand", f"ist zu lang ({len(note)} Zeichen, höchstens {MAX_TEXT})"))
    if problems:
        raise ValidationFailed(problems)
    with store.write() as conn:
        row = _row_by_code(conn, code)
        _check_version(conn, row, expected_version)
        new_status = status_key or row["status"]
        next_day = next_review_for(day, new_status, next_day)
        try:
            check_next_review(next_day, day)
        except InvalidValue as exc:
            raise ValidationFailed([exc]) from None
        new_assessment = None if clear_assessment else (assessment_key or row["assessment"])
        review = Review(
            date=day,
            author=store.user,
            status=new_status,
            assessment=new_assessment,
            note=note,
            next_review_date=next_day,
        )
        cur = conn.execute(
            "INSERT INTO reviews (measure_id, date, author, status, assessment, note, next_review_date, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (row["id"], day.isoformat(), store.user, review.status, review.assessment, note, iso(next_day), now_iso()),
        )
        review.id = cur.lastrowid
        updates = {"status": new_status, "review_date": iso(next_day)}
        if assessment_key or clear_assessment:
            updates["assessment"] = new_assessment
        diffs = _apply(store, conn, row, updates, context="Sachstand")
        if not diffs:  # the review itself is a change others must notice
            record_changes(store, conn, [(row["id"], "review", None, day.isoformat())], context="Sachstand")
        return to_model(_row_by_code(conn, code), _reviews(conn, row["id"], 5)), review


def measure_history(store: Store, code: str) -> tuple[Measure, list, list[Review]]:
    """(measure, changes oldest first, all Sachstand entries newest first)."""
    with store.reading() as conn:
        row = _row_by_code(conn, code)
        return to_model(row), measure_changes(conn, row["id"]), _reviews(conn, row["id"])


def timeline(store: Store, code: str) -> Timeline:
    """The Verlauf of a measure: its changes and Sachstände interleaved, oldest first."""
    with store.reading() as conn:
        row = _row_by_code(conn, code)
        return merge_timeline(to_model(row), measure_changes(conn, row["id"]), _reviews(conn, row["id"]))
