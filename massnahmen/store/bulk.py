"""Many rows at once inside one write transaction: generated demo data, and imports.

The rows are named tuples built from the table's columns (store.schema.COLUMNS, in the table's
order) without the columns the store derives itself: the search texts and code_sort. An id may be
given (a new file whose rows refer to each other by id) or left None, and SQLite takes the next
one; the add_* methods return the ids either way. History rows go through the history writer
(store.history.insert_changes), so that there is one statement for the Verlauf.

    with bulk_write(store) as bulk:
        [field_id] = bulk.add_fields([FieldRow(code="3", name="Arbeit")])
        ids = bulk.add_measures(MeasureRow(code=..., title=..., field_id=field_id, ...) for ...)
        bulk.add_changes(ChangeRow(mid, 1, now, user, "created", None, code, context) for ...)

Nothing is checked beyond what the schema enforces (NOT NULL, unique codes, foreign keys): the
caller has resolved and validated its rows already. Nothing here commits; bulk_write() wraps
Store.write(), bulk_writer(conn) joins a transaction the caller opened, and a failure rolls back
every row of the transaction.
"""

from __future__ import annotations

import sqlite3
from collections import namedtuple
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from operator import attrgetter, itemgetter
from typing import Any

from massnahmen.domain.records import Contact
from massnahmen.domain.text import search_fold
from massnahmen.store.catalog import contact_search_text
from massnahmen.store.db import Store
from massnahmen.store.history import ChangeRow, insert_changes
from massnahmen.store.ideas import insert_ideas
from massnahmen.store.measures import COLUMN, SEARCHED, code_sort_key
from massnahmen.store.schema import COLUMNS, DEFAULTS

__all__ = [
    "Bulk",
    "ChangeRow",
    "ContactRow",
    "FieldRow",
    "GoalRow",
    "MeasureRow",
    "ReviewRow",
    "bulk_write",
    "bulk_writer",
]

CHUNK = 5000  # rows per executemany: bounds the memory of a generator's rows
_SEARCHED_COLUMNS = tuple(COLUMN[k] for k in SEARCHED)


class _Folded(dict):
    """search_fold() of single values, each distinct value folded once (bounded: cleared when large)."""

    LIMIT = 20_000

    def __missing__(self, text: str | None) -> str:
        if len(self) >= self.LIMIT:
            self.clear()
        self[text] = value = search_fold(text)
        return value


def _measure_search(folded: _Folded) -> Callable[[tuple], str]:
    """store.measures.search_text() from the searched columns' values. Folding works character by
    character and collapses white space, so the folded values joined by one space are the folded
    whole; each distinct value (a funding programme, a partner list) is folded only once."""
    lookup = folded.__getitem__
    return lambda values: " ".join(filter(None, map(lookup, values)))


def _contact_search(name, organisation, role, email) -> str:
    return contact_search_text(Contact(name=name, organisation=organisation, role=role, email=email))


def _derivations(folded: _Folded) -> dict[str, dict[str, tuple[tuple[str, ...], Callable[[tuple], object]]]]:
    """Per table: derived column → (the columns it is computed from, function of their values)."""
    search = _measure_search(folded)
    return {
        "fields": {"search": (("name",), lambda v: search_fold(v[0]))},
        "goals": {"search": (("name",), lambda v: search_fold(v[0]))},
        "contacts": {"search": (("name", "organisation", "role", "email"), lambda v: _contact_search(*v))},
        "measures": {"code_sort": (("code",), lambda v: code_sort_key(v[0])), "search": (_SEARCHED_COLUMNS, search)},
        "reviews": {},
    }


_DERIVED = {table: tuple(d) for table, d in _derivations(_Folded()).items()}


def _row_type(name: str, table: str, *, with_id: bool = True, defaults: dict | None = None) -> Any:
    """A named tuple of the table's own columns; every field defaults to the schema's default or None.
    (Its fields are known only at run time, hence Any for the type checker.)"""
    columns = [c for c in COLUMNS[table] if c not in _DERIVED[table] and (with_id or c != "id")]
    given = DEFAULTS.get(table, {}) | (defaults or {})
    row = namedtuple(name, columns, defaults=[given.get(c) for c in columns])  # type: ignore[misc]  # fields from COLUMNS
    row.__doc__ = f"A new row of {table} ({', '.join(columns)}); derived: {', '.join(_DERIVED[table]) or '-'}."
    return row


Row = Any  # a row of one of the types below (a named tuple whose fields come from COLUMNS)

# position None: after the last field
FieldRow = _row_type("FieldRow", "fields", defaults={"position": None})
GoalRow = _row_type("GoalRow", "goals")
ContactRow = _row_type("ContactRow", "contacts")
MeasureRow = _row_type("MeasureRow", "measures")
ReviewRow = _row_type("ReviewRow", "reviews", with_id=False)
_ROW_TYPES = {
    "fields": FieldRow,
    "goals": GoalRow,
    "contacts": ContactRow,
    "measures": MeasureRow,
    "reviews": ReviewRow,
}


def _tuple_getter(get_one: Callable, get_many: Callable, sources: tuple[str, ...]) -> Callable:
    """A function giving the sources' values of a row as a tuple (also for a single source)."""
    if len(sources) == 1:
        one = get_one(sources[0])
        return lambda row: (one(row),)
    return get_many(*sources)


def _chunks(rows: Iterable, size: int = CHUNK) -> Iterator[list]:
    it = iter(rows)
    while chunk := list(islice(it, size)):
        yield chunk


class Bulk:
    """Writes rows into the open transaction of conn; counts what it wrote per table (counts)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.counts: dict[str, int] = dict.fromkeys((*_ROW_TYPES, "changes"), 0)
        self._derive = _derivations(_Folded())
        self._inserts: dict[str, tuple[str, Callable[[tuple], tuple]]] = {}
        for table, row_type in _ROW_TYPES.items():
            derived = [
                (_tuple_getter(attrgetter, attrgetter, sources), compute)
                for sources, compute in self._derive[table].values()
            ]
            columns = (*row_type._fields, *self._derive[table])
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
            self._inserts[table] = (sql, self._values(derived))

    @staticmethod
    def _values(derived: list) -> Callable[[tuple], tuple]:
        if not derived:
            return tuple
        if len(derived) == 2:  # measures: the common case spelt out
            (get_a, compute_a), (get_b, compute_b) = derived
            return lambda row: (*row, compute_a(get_a(row)), compute_b(get_b(row)))
        [(get, compute)] = derived
        return lambda row: (*row, compute(get(row)))

    # -- inserts -----------------------------------------------------------------------------
    def add_fields(self, rows: Iterable[Row]) -> list[int]:
        """Handlungsfelder; a row without position comes after the last field."""
        rows = list(rows)
        if any(r.position is None for r in rows):
            last = self.conn.execute("SELECT coalesce(max(position), 0) FROM fields").fetchone()[0]
            placed = []
            for r in rows:
                if r.position is None:
                    last += 1
                    r = r._replace(position=last)
                placed.append(r)
            rows = placed
        return self._insert("fields", rows)

    def add_goals(self, rows: Iterable[Row]) -> list[int]:
        return self._insert("goals", rows)

    def add_contacts(self, rows: Iterable[Row]) -> list[int]:
        return self._insert("contacts", rows)

    def add_measures(self, rows: Iterable[Row]) -> list[int]:
        """New measures (code_sort and the search text are derived). created_at, updated_at and the
        other NOT NULL columns must be given; version defaults to 1, status to 'geplant'."""
        return self._insert("measures", rows)

    def add_reviews(self, rows: Iterable[Row]) -> int:
        """Sachstand entries as they are; the measures' status, Ampel and review date are the caller's."""
        before = self.counts["reviews"]
        self._insert("reviews", rows, ids=False)
        return self.counts["reviews"] - before

    def add_changes(self, rows: Iterable[Row]) -> int:
        """Finished history rows (ChangeRow) through the history writer."""
        n = 0
        for chunk in _chunks(rows):
            n += insert_changes(self.conn, chunk)
        self.counts["changes"] += n
        return n

    def _insert(self, table: str, rows: Iterable[Row], *, ids: bool = True) -> list[int]:
        """Insert in chunks; return the rows' ids (none when ids is False)."""
        sql, values = self._inserts[table]
        out: list[int] = []
        for chunk in _chunks(rows):
            if ids:
                out.extend(self._ids(table, chunk))
            self.conn.executemany(sql, map(values, chunk))
            self.counts[table] += len(chunk)
        return out

    def _ids(self, table: str, chunk: list[Row]) -> list[int]:
        given = [r.id for r in chunk]
        if None not in given:
            return given
        if any(i is not None for i in given):
            raise ValueError(f"{table}: either every row has an id or none")
        # without AUTOINCREMENT, SQLite gives a row without id the largest rowid + 1
        last = self.conn.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0]
        return list(range(last + 1, last + 1 + len(chunk)))

    def add_ideas(self, items, *, user: str, context: str | None = None) -> list[int]:
        """Citizens' ideas (store.ideas.NewIdea) with their submitters, decisions, links to
        measures and Verlauf; an idea already there (same text, day, channel) is skipped."""

        ids = insert_ideas(self.conn, list(items), user=user, context=context)
        self.counts["ideas"] = self.counts.get("ideas", 0) + len(ids)
        return ids

    # -- updates -----------------------------------------------------------------------------
    def update_concept(self, **values: object) -> None:
        """Set columns of the concept row (e.g. created_at of a generated concept)."""
        self._update("concept", [(1, values)])

    def date_channels(self, created_at: str) -> int:
        """Date every idea channel (a generated concept is dated in its past, and the same seed
        and day must give the same file)."""
        ids = [row[0] for row in self.conn.execute("SELECT id FROM idea_channels")]
        return self._update("idea_channels", [(i, {"created_at": created_at}) for i in ids])

    def update_contacts(self, updates: Iterable[tuple[int, dict[str, object]]]) -> int:
        """(id, {column: value}) pairs. The search text is derived again, so a change of name,
        organisation, role or email must give all four."""
        return self._update("contacts", updates)

    def update_measures(self, updates: Iterable[tuple[int, dict[str, object]]]) -> int:
        """(id, {column: value}) pairs; code_sort follows code, and the search text is derived again
        when a searched column is given (then all of them must be: code, title, description, …).
        The history is not written here: record_changes() or add_changes()."""
        return self._update("measures", updates)

    def _update(self, table: str, updates: Iterable[tuple[int, dict[str, object]]]) -> int:
        derive = self._derive.get(table, {})
        allowed = set(COLUMNS[table]) - set(derive) - {"id"}
        by_shape: dict[tuple[str, ...], list[tuple[int, dict]]] = {}
        for row_id, values in updates:
            by_shape.setdefault(tuple(values), []).append((row_id, values))
        n = 0
        for shape, group in by_shape.items():
            if not shape:
                continue
            unknown = set(shape) - allowed
            if unknown:
                raise ValueError(f"{table}: no such column to set: {', '.join(sorted(unknown))}")
            extra = []
            for column, (sources, compute) in derive.items():
                present = set(sources) & set(shape)
                if present and present != set(sources):
                    raise ValueError(f"{table}: {column} is derived from {', '.join(sources)}; give all of them")
                if present:
                    extra.append((column, _tuple_getter(itemgetter, itemgetter, sources), compute))
            columns = (*shape, *(c for c, _g, _f in extra))
            sql = f"UPDATE {table} SET {', '.join(f'{c} = ?' for c in columns)} WHERE id = ?"
            for chunk in _chunks(group):
                n += self.conn.executemany(
                    sql,
                    (
                        (*values.values(), *(compute(get(values)) for _c, get, compute in extra), row_id)
                        for row_id, values in chunk
                    ),
                ).rowcount
        return n


@contextmanager
def bulk_writer(conn: sqlite3.Connection, *, cache_mib: int = 64) -> Iterator[Bulk]:
    """A Bulk writing into the transaction already open on conn (e.g. Store.write() of the
    import, which reads and plans inside it first); a larger page cache while it lasts. Neither
    begins nor commits: the caller's transaction does."""
    previous = conn.execute("PRAGMA cache_size").fetchone()[0]
    conn.execute(f"PRAGMA cache_size = {-int(cache_mib) * 1024}")
    try:
        yield Bulk(conn)
    finally:
        conn.execute(f"PRAGMA cache_size = {int(previous)}")


@contextmanager
def bulk_write(store: Store, *, cache_mib: int = 64) -> Iterator[Bulk]:
    """One write transaction of the store for many rows (a larger page cache while it lasts)."""
    with store.write() as conn, bulk_writer(conn, cache_mib=cache_mib) as bulk:
        yield bulk
