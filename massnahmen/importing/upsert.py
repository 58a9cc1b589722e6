"""The upsert by Nr. in one transaction (as the CSV and JSON contracts describe the import).

A column absent from the file leaves that value unchanged; an empty cell clears it; a required value
cannot be cleared. Fields, goals and contacts named in the file are found (folded comparison) or
created. Everything is planned first — nothing is written while a single row is still in doubt —
then written with executemany, with one history row per changed value."""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass, field
from bisect import bisect_left
from operator import itemgetter

from massnahmen.domain.attributes import PLAIN_COLUMNS
from massnahmen.domain.bounds import some_of
from massnahmen.domain.clock import now_iso
from massnahmen.domain.contacts import contact_display
from massnahmen.domain.errors import InvalidValue, NotFound
from massnahmen.domain.models import Contact
from massnahmen.domain.text import fold, fold_key
from massnahmen.importing.headers import label
from massnahmen.importing.rows import Problem, Row
from massnahmen.store.catalog import contact_search_text, find_goal, insert_contact, insert_goal
from massnahmen.store.history import record_changes
from massnahmen.store.measures import COLUMN, SEARCHED, code_sort_key

VALUE_KEYS = tuple(k for k in PLAIN_COLUMNS if k != "code")
_VALUES = itemgetter(*VALUE_KEYS)  # a row's values in the order of the table's columns
_FIRST = itemgetter(0)
_SEARCHED_VALUES = itemgetter(*SEARCHED)
_CHUNK = 5000  # rows written per executemany


class _FoldCache(dict):
    """fold() of single cell values, each distinct value folded once."""

    def __missing__(self, text: str) -> str:
        self[text] = value = fold(text if isinstance(text, str) or not text else str(text))
        return value


def import_search_text(values: dict, folded: _FoldCache) -> str:
    """Exactly store.measures.search_text(values): folding works character by character and
    collapses white space, so the folded parts joined by one space equal the folded whole."""
    parts = [folded[str(values[k])] for k in SEARCHED if values.get(k)]
    return " ".join([p for p in parts if p])


def import_search_texts(rows: list[dict], folded: _FoldCache) -> list[str]:
    """import_search_text of many rows, column by column (the same text, a third of the time)."""
    if not rows:
        return []
    lookup = folded.__getitem__  # None and "" fold to "", which filter() leaves out
    try:
        return [" ".join(filter(None, map(lookup, _SEARCHED_VALUES(r)))) for r in rows]
    except KeyError:  # a row without some of the keys
        pass
    columns = []
    for key in SEARCHED:
        values = [r.get(key) for r in rows]
        columns.append([folded[v if isinstance(v, str) else str(v)] if v else "" for v in values])
    return [" ".join(filter(None, parts)) for parts in zip(*columns)]
_CODE_NAME = re.compile(r"^(\S+)\s+(.+)$")
_DISPLAY = re.compile(r"^(.+?)\s*\(([^()]+)\)$")


_ORGANISATION_WORDS = re.compile(  # heads of German compound nouns: "Gesundheitsamt", "Kreisverband"
    r"(?:amt|jobcenter|agentur|verein|e\.? ?v|gmbh|ggmbh|kammer|ihk|hwk|volkshochschule|vhs|schule|stadt|"
    r"landkreis|kreis|verband|caritas|diakonie|awo|drk|bamf|polizei|polizeirevier|gemeinde|beirat|buro|stelle|"
    r"zentrum|netzwerk|ministerium|behorde|dienst|werk|bibliothek|kita|hochschule|universitat|stiftung|"
    r"initiative|verwaltung|referat|fachbereich|abteilung|arbeitsgruppe|arbeitskreis|organisation|kirche|"
    r"moschee|club|klub|kommune|landratsamt|rathaus|ag|ak)\b"
)


def looks_like_organisation(text: str) -> bool:
    """'Gesundheitsamt', 'AWO Kreisverband', 'Stadtbibliothek' rather than a person's name."""
    return bool(_ORGANISATION_WORDS.search(fold(text)))


@dataclass
class Planned:
    """One accepted row: a new measure or the changes to an existing one."""

    line: int
    code: str
    new: bool
    columns: dict  # new: all values; changed: the merged values
    field_id: int
    goal_id: int | None
    contact_id: int | None
    diffs: list[tuple[str, object, object]] = field(default_factory=list)
    measure_id: int | None = None
    contact_updates: dict[int, dict[str, str]] = field(default_factory=dict)


class Catalog:
    """Fields, goals and contacts of the file, plus the ones this import would create
    (negative ids until written)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.field_rows = {r[0]: (r[0], r[1], r[2]) for r in conn.execute("SELECT id, code, name FROM fields")}
        # indexes, so that every lookup takes constant (or logarithmic) time, however many fields,
        # goals and contacts the database and the file hold
        ordered = conn.execute("SELECT id, code, name FROM fields ORDER BY position, code").fetchall()
        self._field_by_code: dict[str, int] = {}
        self._fields_by_key: dict[str, list[int]] = {}
        self._field_by_code_key: dict[tuple[str, str], int] = {}
        for fid, code, name in ordered:
            self._field_by_code.setdefault(code, fid)
            self._fields_by_key.setdefault(fold_key(name), []).append(fid)
            self._field_by_code_key.setdefault((code, fold_key(name)), fid)
        self._field_keys = sorted(self._fields_by_key)  # for "begins with" by bisection
        self.codes: set[str] = {r[1] for r in ordered}
        self._max_number = max((int(c) for c in self.codes if c.isdigit()), default=0)
        self._pending_by_key: dict[str, int] = {}
        self.goal_names: dict[int, str] = {}
        self._goals: dict[int, tuple[dict[str, list[int]], dict[str, list[int]]]] = {}  # field → (by code, by name)
        for gid, fid, gcode, gname in conn.execute("SELECT id, field_id, code, name FROM goals ORDER BY id"):
            self.goal_names[gid] = gname
            by_code, by_name = self._goals.setdefault(fid, ({}, {}))
            if gcode:
                by_code.setdefault(gcode, []).append(gid)
            by_name.setdefault(fold_key(gname), []).append(gid)
        self.contacts: dict[int, dict] = {}
        self.by_pair: dict[tuple[str, str], int] = {}
        self.by_name: dict[str, list[int]] = {}
        self.by_org: dict[str, list[int]] = {}
        for cid, name, org, email, phone in conn.execute(
            "SELECT id, name, organisation, email, phone FROM contacts ORDER BY id"
        ):
            self._index_contact(cid, {"name": name, "organisation": org, "email": email, "phone": phone})
        self.pending_fields: dict[int, tuple[str, str]] = {}
        self.pending_goals: dict[int, tuple[int, str]] = {}
        self.pending_contacts: set[int] = set()
        self._next = -1
        self._field_cache: dict[str, int | InvalidValue] = {}
        self._goal_cache: dict[tuple[int, str], int | InvalidValue] = {}
        self._contact_cache: dict[tuple, int | None] = {}
        self._raw_cache: dict[tuple, int | None] = {}  # exact cell text → id, before any folding
        self.update_seen: dict[tuple, dict] = {}
        self.derived_fields = 0  # new measures whose field came from the Nr.

    def _temp_id(self) -> int:
        self._next -= 1
        return self._next

    def _index_contact(self, cid: int, data: dict) -> None:
        self.contacts[cid] = data
        self.by_pair.setdefault((fold_key(data["name"]), fold_key(data["organisation"])), cid)
        if data["name"]:
            self.by_name.setdefault(fold_key(data["name"]), []).append(cid)
        if data["organisation"]:
            self.by_org.setdefault(fold_key(data["organisation"]), []).append(cid)

    # -- names for the history and the summary ----------------------------------------------
    def field_name(self, fid: int | None) -> str | None:
        if fid is None:
            return None
        if fid in self.pending_fields:
            return self.pending_fields[fid][1]
        return self.field_rows[fid][2]

    def goal_name(self, gid: int | None) -> str | None:
        if gid is None:
            return None
        if gid in self.pending_goals:
            return self.pending_goals[gid][1]
        return self.goal_names.get(gid)

    def contact_name(self, cid: int | None) -> str | None:
        if cid is None:
            return None
        c = self.contacts[cid]
        return contact_display(c["name"], c["organisation"]) or None

    # -- fields -----------------------------------------------------------------------------
    def field(self, text: str) -> int:
        hit = self._raw_cache.get(("f", text))
        if hit is not None:
            return hit
        key = fold(text)
        hit = self._field_cache.get(key)
        if hit is None:
            try:
                hit = self._find_or_plan_field(text.strip())
            except InvalidValue as exc:
                hit = exc
            self._field_cache[key] = hit
        if isinstance(hit, InvalidValue):
            raise hit
        self._raw_cache[("f", text)] = hit
        return hit

    def _existing_field(self, text: str) -> int | None:
        """What store.catalog.find_field finds, from the indexes: by code, by name, by the beginning
        of a name; None when nothing matches; InvalidValue when several do."""
        wanted = text.strip()
        if wanted in self._field_by_code:
            return self._field_by_code[wanted]
        key = fold_key(wanted)
        matches = self._fields_by_key.get(key, [])
        if not matches and key:
            at = bisect_left(self._field_keys, key)
            names = [k for k in self._field_keys[at:at + 2] if k.startswith(key)]
            matches = [fid for k in names for fid in self._fields_by_key[k]]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise InvalidValue("Handlungsfeld", f"„{text}“ ist nicht eindeutig (mehrere Handlungsfelder "
                                                "beginnen so); bitte den vollen Namen oder das Kürzel angeben")
        return None

    def _find_or_plan_field(self, text: str) -> int:
        wanted = fold_key(text)
        pending = self._pending_by_key.get(wanted)
        if pending is not None:
            return pending
        found = self._existing_field(text)
        if found is not None:
            return found
        m = _CODE_NAME.match(text)
        codes = self.codes
        if m:  # "3 Bildung und Sprache": code and name of one field
            found = self._field_by_code_key.get((m.group(1), fold_key(m.group(2))))
            if found is not None:
                return found
        if m and re.fullmatch(r"[0-9][0-9.]*|[A-ZÄÖÜ]{1,3}[0-9]*", m.group(1)) and m.group(1) not in codes:
            code, name = m.group(1), m.group(2).strip()
        else:
            code, name = str(self._max_number + 1), text
            while code in codes:
                code = str(int(code) + 1)
        fid = self._temp_id()
        self.pending_fields[fid] = (code, name)
        codes.add(code)
        if code.isdigit():
            self._max_number = max(self._max_number, int(code))
        self._pending_by_key.setdefault(fold_key(name), fid)
        self._pending_by_key.setdefault(fold_key(f"{code} {name}"), fid)
        return fid

    def field_by_code_prefix(self, code: str) -> str | None:
        """The code of an existing field that the measure's Nr. starts with ("3.2.1" → "3")."""
        prefix = re.split(r"[.\-/ ]", code, maxsplit=1)[0]
        if prefix and prefix != code and any(row[1] == prefix for row in self.field_rows.values()):
            return prefix
        return None

    # -- goals ------------------------------------------------------------------------------
    def goal(self, field_id: int, text: str) -> int:
        hit = self._raw_cache.get(("g", field_id, text))
        if hit is not None:
            return hit
        key = (field_id, fold_key(text))
        hit = self._goal_cache.get(key)
        if hit is None:
            try:
                hit = self._find_or_plan_goal(field_id, text.strip())
            except InvalidValue as exc:
                hit = exc
            self._goal_cache[key] = hit
        if isinstance(hit, InvalidValue):
            raise hit
        self._raw_cache[("g", field_id, text)] = hit
        return hit

    def _existing_goal(self, field_id: int, text: str) -> int | None:
        """What store.catalog.find_goal finds inside one field, from the indexes (None: nothing)."""
        wanted = text.strip()
        if wanted.startswith("#") and wanted[1:].isdigit():
            try:
                return find_goal(self.conn, wanted, field_id)[0]
            except NotFound:
                return None
        by_code, by_name = self._goals.get(field_id, ({}, {}))
        matches = by_code.get(wanted) or by_name.get(fold_key(wanted), [])
        if len(matches) > 1:
            raise InvalidValue("Ziel", f"„{text}“ ist in diesem Handlungsfeld nicht eindeutig")
        return matches[0] if matches else None

    def _find_or_plan_goal(self, field_id: int, text: str) -> int:
        if field_id > 0:
            found = self._existing_goal(field_id, text)
            if found is not None:
                return found
        gid = self._temp_id()
        self.pending_goals[gid] = (field_id, text)
        return gid

    def goal_in_field(self, field_id: int, name: str | None) -> int | None:
        """The goal of the same name in another field (when a measure moves), else None."""
        if not name:
            return None
        try:
            return self.goal(field_id, name) if field_id > 0 and self._goal_exists(field_id, name) else None
        except InvalidValue:
            return None

    def _goal_exists(self, field_id: int, name: str) -> bool:
        try:
            return self._existing_goal(field_id, name) is not None
        except InvalidValue:
            return True  # several: goal() reports it

    # -- contacts ---------------------------------------------------------------------------
    def contact(self, name: str | None, organisation: str | None, *, one_cell: bool) -> int | None:
        """A contact by name and organisation (two columns), or by one cell holding
        'Name', 'Organisation', 'Name (Organisation)' or 'Name, Organisation'."""
        raw_key = ("c", name, organisation, one_cell)
        if raw_key in self._raw_cache:
            return self._raw_cache[raw_key]
        cache_key = (fold_key(name), fold_key(organisation), one_cell)
        if cache_key in self._contact_cache:
            cid = self._contact_cache[cache_key]
        else:
            cid = self._find_or_plan_contact(name, organisation, one_cell)
            self._contact_cache[cache_key] = cid
        self._raw_cache[raw_key] = cid
        return cid

    def _pair(self, name: str | None, org: str | None) -> int | None:
        return self.by_pair.get((fold_key(name), fold_key(org)))

    def _find_or_plan_contact(self, name: str | None, org: str | None, one_cell: bool) -> int | None:
        if not name and not org:
            return None
        if not org:  # an empty Organisation cell: "Name, Organisation" may still stand in Zuständig
            one_cell = True
        if not one_cell:
            found = self._pair(name, org)
            if found is None and name and not org:
                candidates = self.by_name.get(fold_key(name), [])
                found = candidates[0] if len(candidates) == 1 else None
            return found if found is not None else self._plan_contact(name, org)
        cell = name or org or ""
        found = self._pair(cell, None) or self._pair(None, cell)
        if found:
            return found
        parts: tuple[str | None, str | None] = (cell, None)
        m = _DISPLAY.match(cell)
        if m:
            parts = (m.group(1).strip(), m.group(2).strip())
        elif "," in cell:
            first, rest = cell.split(",", 1)
            if first.strip() and rest.strip():
                parts = (first.strip(), rest.strip())
        found = self._pair(*parts)
        if found:
            return found
        if parts[1] is None:
            candidates = self.by_name.get(fold_key(cell), [])
            if len(candidates) == 1:
                return candidates[0]
            at_org = self.by_org.get(fold_key(cell), [])
            if len(at_org) == 1:  # the one contact of that organisation, as `--contact ORG` finds it
                return at_org[0]
            if looks_like_organisation(cell):
                parts = (None, cell)
        return self._plan_contact(*parts)

    def _plan_contact(self, name: str | None, org: str | None) -> int:
        cid = self._temp_id()
        self.pending_contacts.add(cid)
        self._index_contact(cid, {"name": name, "organisation": org, "email": None, "phone": None})
        return cid


@dataclass
class Plan:
    accepted: list[Planned]
    unchanged: list[str]
    rejected: list[Row]
    problems: list[Problem]
    catalog: Catalog
    warnings: list[str] = field(default_factory=list)

    @property
    def new(self) -> list[Planned]:
        return [p for p in self.accepted if p.new]

    @property
    def changed(self) -> list[Planned]:
        return [p for p in self.accepted if not p.new]

    def used_pending(self) -> tuple[list[int], list[int], list[int]]:
        """The fields, goals and contacts to create: only those accepted rows use."""
        accepted = self.accepted
        fields = {f for f in {p.field_id for p in accepted} if f < 0}
        goals = {g for g in {p.goal_id for p in accepted} if g is not None and g < 0}
        fields |= {owner for owner, _name in map(self.catalog.pending_goals.__getitem__, goals) if owner < 0}
        contacts = {c for c in {p.contact_id for p in accepted} if c is not None and c < 0}
        order = lambda ids: sorted(ids, reverse=True)  # noqa: E731 — creation order (-2, -3, …)
        return order(fields), order(goals), order(contacts)

    def created_names(self) -> dict[str, list[str]]:
        fields, goals, contacts = self.used_pending()
        cat = self.catalog
        return {
            "fields": [f"{cat.pending_fields[f][0]} {cat.pending_fields[f][1]}" for f in fields],
            "goals": [f"{cat.pending_goals[g][1]} ({cat.field_name(cat.pending_goals[g][0])})" for g in goals],
            "contacts": [cat.contact_name(c) or "" for c in contacts],
        }

    def contact_updates(self) -> dict[int, dict[str, str]]:
        merged: dict[int, dict[str, str]] = {}
        for p in self.accepted:
            for cid, values in p.contact_updates.items():
                target = merged.setdefault(cid, {})
                for k, v in values.items():
                    target.setdefault(k, v)
        return merged

    @property
    def has_writes(self) -> bool:
        return bool(self.accepted) or any(self.contact_updates().values())


_CURRENT_KEYS = ("id", "code", "field_id", "goal_id", "contact_id", *VALUE_KEYS)
_AT = {k: i for i, k in enumerate(_CURRENT_KEYS)}  # a stored measure is a tuple in this order
_ALL_SQL = (
    "SELECT id, code, field_id, goal_id, contact_id, "
    + ", ".join(COLUMN[k] for k in VALUE_KEYS)
    + " FROM measures"
)
_EXISTING_SQL = _ALL_SQL + " WHERE code IN (SELECT value FROM json_each(?))"


def _existing(conn: sqlite3.Connection, codes: set[str]) -> dict[str, tuple]:
    """The stored measures with these codes (as tuples in _CURRENT_KEYS order)."""
    stored = conn.execute("SELECT count(*) FROM measures").fetchone()[0]
    if not stored or not codes:
        return {}
    if len(codes) * 4 >= stored:  # most of the table: one scan is cheaper than a lookup per code
        return {r[1]: r for r in conn.execute(_ALL_SQL) if r[1] in codes}
    return {r[1]: r for r in conn.execute(_EXISTING_SQL, (json.dumps(sorted(codes)),))}


def plan_import(conn: sqlite3.Connection, rows: list[Row], columns: dict[str, str], *,
                progress=None) -> Plan:
    """Decide for every row: new, changed, unchanged or refused. Reads only."""
    catalog = Catalog(conn)
    problems: list[Problem] = []
    code_column = columns.get("code", "Nr")
    first_line: dict[str, int] = {}
    lines_by_code: dict[str, list[int]] = {}  # only the codes that occur more than once
    for row in rows:
        if row.code and not row.problems:
            first = first_line.setdefault(row.code, row.line)
            if first != row.line:
                lines_by_code.setdefault(row.code, [first]).append(row.line)
    del first_line
    messages: dict[str, str] = {}  # one bounded message per repeated code, shared by its rows
    for row in rows if lines_by_code else ():
        lines = lines_by_code.get(row.code or "")
        if lines:
            message = messages.get(row.code or "")
            if message is None:
                unit = "Einträgen" if isinstance(row.raw, dict) else "Zeilen"
                message = messages[row.code or ""] = (
                    f"„{row.code}“ kommt mehrfach vor ({unit} {some_of(lines)})")
            row.problems.append(_problem_like(row, code_column, message))
    existing = _existing(conn, {row.code for row in rows if row.code})
    for row in rows:
        if row.code in existing and "status" in row.values and row.values["status"] is None:
            row.problems.append(_problem_like(row, columns.get("status"), "darf nicht leer sein"))
    accepted: list[Planned] = []
    unchanged: list[str] = []
    rejected: list[Row] = []
    total = len(rows)
    for n, row in enumerate(rows):
        if progress and n % 5000 == 0:
            progress("Abgleichen", n, total)
        if not row.problems:
            try:
                planned = _plan_row(catalog, row, existing.get(row.code or ""), columns)
            except InvalidValue as exc:  # a reference that cannot be resolved
                column = columns.get(_KEY_OF_LABEL.get(exc.label, ""), exc.label)
                row.problems.append(_problem_like(row, column, exc.detail))
                planned = None
            if planned is not None and not row.problems:
                if planned.new or planned.diffs or planned.contact_updates:
                    accepted.append(planned)
                else:
                    unchanged.append(planned.code)
        if row.problems:
            rejected.append(row)
            problems.extend(row.problems)
    if progress:
        progress("Abgleichen", total, total)
    return Plan(accepted, unchanged, rejected, problems, catalog)


_KEY_OF_LABEL = {"Handlungsfeld": "field", "Ziel": "goal", "Zuständig": "contact"}


def _problem_like(row: Row, column: str | None, message: str) -> Problem:
    json_row = isinstance(row.raw, dict)
    return Problem(row.line, column, message, "Eintrag" if json_row else "Zeile", "Feld" if json_row else "Spalte")


def _contact_parts(row: Row) -> tuple[bool, str | None, str | None, bool]:
    """(given, name, organisation, one_cell)."""
    spec = row.contact
    if spec is None or ("contact" not in spec and "organisation" not in spec):
        return False, None, None, False
    one_cell = "organisation" not in spec  # one cell: "Name", "Name (Organisation)" or "Name, Organisation"
    return True, spec.get("contact"), spec.get("organisation"), one_cell


def _plan_contact_updates(catalog: Catalog, cid: int | None, row: Row) -> dict[int, dict[str, str]]:
    if cid is None or row.contact is None or not (row.contact.get("email") or row.contact.get("phone")):
        return {}
    seen_key = (cid, row.contact.get("email"), row.contact.get("phone"))
    seen = catalog.update_seen.get(seen_key)
    if seen is not None:
        return seen
    catalog.update_seen[seen_key] = result = _contact_changes(catalog, cid, row)
    return result


def _contact_changes(catalog: Catalog, cid: int, row: Row) -> dict[int, dict[str, str]]:
    current = catalog.contacts[cid]
    changes = {}
    for key in ("email", "phone"):
        value = row.contact.get(key)
        if value and value != current.get(key):
            changes[key] = value
    if cid < 0:  # a new contact takes the first address given for it
        for key, value in changes.items():
            current[key] = value
        return {}
    return {cid: changes} if changes else {}


_GETTERS: dict[tuple, tuple] = {}
_MISSING: dict[tuple, list[str]] = {}  # the value keys a row of this shape (its keys) lacks


def _getters(values: dict) -> tuple:
    """Two functions that give the present values of a row and of the stored measure, in one order."""
    keys = [k for k in VALUE_KEYS if k in values]
    if not keys:
        return (lambda _v: ()), (lambda _c: ())
    positions = [_AT[k] for k in keys]
    if len(keys) == 1:
        return (lambda v: (v[keys[0]],)), (lambda c: (c[positions[0]],))
    return itemgetter(*keys), itemgetter(*positions)


def _plan_row(catalog: Catalog, row: Row, current: tuple | None, columns: dict[str, str]) -> Planned | None:
    values = row.values
    code = values["code"] or ""
    given, cname, corg, one_cell = _contact_parts(row)
    if current is None:
        field_text = values.get("field")
        if "field" not in values:  # "3.2.1" in a table without a Handlungsfeld column: field "3"
            derived = catalog.field_by_code_prefix(code)
            if derived is not None:
                field_text = derived
                catalog.derived_fields += 1
        missing = [k for k in ("title",) if k not in values] + (["field"] if field_text is None and
                                                                 "field" not in values else [])
        if missing:
            what = " und ".join(f"„{label(k)}“" for k in missing)
            row.problems.append(_problem_like(
                row, None, f"Die neue Maßnahme „{code}“ braucht {what}, die Datei hat dafür keine Spalte"))
            return None
        status = values.get("status") or "geplant"
        field_id = catalog.field(field_text or "")
        goal_id = catalog.goal(field_id, values["goal"]) if values.get("goal") else None
        contact_id = catalog.contact(cname, corg, one_cell=one_cell) if given else None
        merged = values  # the row's own dict, completed (no copy of 100 000 dicts)
        shape = tuple(values)
        missing = _MISSING.get(shape)
        if missing is None:
            missing = _MISSING[shape] = [k for k in VALUE_KEYS if k not in values]
        for key in missing:
            merged[key] = None
        merged["code"], merged["status"] = code, status
        planned = Planned(row.line, code, True, merged, field_id, goal_id, contact_id)
        planned.contact_updates = _plan_contact_updates(catalog, contact_id, row)
        return planned
    diffs: list[tuple[str, object, object]] = []
    getters = _GETTERS.get(tuple(values))
    if getters is None:
        getters = _GETTERS[tuple(values)] = _getters(values)
    if getters[0](values) != getters[1](current):  # the usual re-import: every value as stored
        for key in VALUE_KEYS:
            if key in values:
                new, old = values[key], current[_AT[key]]
                if (old or None) != (new or None):
                    diffs.append((key, old, new))
    old_field, old_goal, old_contact = current[2], current[3], current[4]
    field_id = old_field
    if "field" in values:
        field_id = catalog.field(values["field"] or "")
    goal_id = old_goal
    if "goal" in values:
        goal_id = catalog.goal(field_id, values["goal"]) if values["goal"] else None
    elif field_id != old_field and goal_id is not None:
        goal_id = catalog.goal_in_field(field_id, catalog.goal_name(goal_id))
    contact_id = old_contact
    if given:
        contact_id = catalog.contact(cname, corg, one_cell=one_cell)
    merged = None
    if diffs:
        merged = {k: current[_AT[k]] for k in VALUE_KEYS} | {"code": code}
        for key, _old, new in diffs:
            merged[key] = new
    if field_id != old_field:
        diffs.append(("field", catalog.field_name(old_field), catalog.field_name(field_id)))
    if goal_id != old_goal:
        diffs.append(("goal", catalog.goal_name(old_goal), catalog.goal_name(goal_id)))
    if contact_id != old_contact:
        diffs.append(("contact", catalog.contact_name(old_contact), catalog.contact_name(contact_id)))
    if merged is None and diffs:  # only the field, goal or contact changed
        merged = {k: current[_AT[k]] for k in VALUE_KEYS} | {"code": code}
    planned = Planned(row.line, code, False, merged or {}, field_id, goal_id, contact_id, diffs, current[0])
    planned.contact_updates = _plan_contact_updates(catalog, contact_id, row)
    return planned


# -- writing -------------------------------------------------------------------------------------
_INSERT_COLUMNS = ("code", "code_sort", *(COLUMN[k] for k in VALUE_KEYS), "field_id", "goal_id", "contact_id",
                   "archived", "created_at", "created_by", "updated_at", "updated_by", "version", "search")
_INSERT_SQL = (f"INSERT INTO measures ({', '.join(_INSERT_COLUMNS)}) "
               f"VALUES ({', '.join('?' * len(_INSERT_COLUMNS))})")
_UPDATE_COLUMNS = (*(COLUMN[k] for k in VALUE_KEYS), "field_id", "goal_id", "contact_id", "search")
_UPDATE_SQL = f"UPDATE measures SET {', '.join(c + ' = ?' for c in _UPDATE_COLUMNS)} WHERE id = ?"


def apply_plan(store, conn: sqlite3.Connection, plan: Plan, *, context: str, progress=None) -> None:
    """Write the plan inside the caller's transaction."""
    cat = plan.catalog
    fields, goals, contacts = plan.used_pending()
    ids: dict[int, int] = {}
    position = conn.execute("SELECT coalesce(max(position), 0) FROM fields").fetchone()[0]
    for fid in fields:
        code, name = cat.pending_fields[fid]
        position += 1
        cur = conn.execute("INSERT INTO fields (code, name, position, search) VALUES (?, ?, ?, ?)",
                           (code, name, position, fold(name)))
        ids[fid] = cur.lastrowid
    for gid in goals:
        owner, name = cat.pending_goals[gid]
        real_field = ids.get(owner, owner)
        ids[gid] = insert_goal(conn, (real_field, "", cat.field_name(owner) or ""), name, checked=True).id
    for cid in contacts:
        c = cat.contacts[cid]
        ids[cid] = insert_contact(conn, Contact(name=c["name"], organisation=c["organisation"],
                                                email=c["email"], phone=c["phone"]), checked=True).id
    for cid, values in plan.contact_updates().items():
        if not values:
            continue
        data = dict(cat.contacts[cid]) | values
        contact = Contact(name=data["name"], organisation=data["organisation"], email=data["email"],
                          phone=data["phone"])
        conn.execute("UPDATE contacts SET email = ?, phone = ?, search = ? WHERE id = ?",
                     (data["email"], data["phone"], contact_search_text(contact), cid))

    def real(i: int | None) -> int | None:
        return ids.get(i, i) if i is not None else None

    now, user = now_iso(), store.user
    cache_size = conn.execute("PRAGMA cache_size").fetchone()[0]
    conn.execute("PRAGMA cache_size = -16384")  # 16 MiB hold the indexes of 100 000 rows (64 MiB: no faster)
    try:
        _write_measures(store, conn, plan, real, now, user, context, progress)
    finally:
        conn.execute(f"PRAGMA cache_size = {int(cache_size)}")


def _write_measures(store, conn, plan: Plan, real, now: str, user: str, context: str, progress) -> None:
    if progress:
        progress("Schreiben", 0, len(plan.accepted))
    before = conn.execute("SELECT coalesce(max(id), 0) FROM measures").fetchone()[0]
    # in the order of the code index: the b-trees of (archived, code_sort) and code grow at their end
    new = sorted(((code_sort_key(p.code), p) for p in plan.new), key=_FIRST)
    for start in range(0, len(new), _CHUNK):  # the search texts of one chunk at a time
        chunk = new[start:start + _CHUNK]
        searches = import_search_texts([p.columns for _s, p in chunk], _FoldCache())
        conn.executemany(_INSERT_SQL, (
            (p.code, sort, *_VALUES(p.columns), real(p.field_id), real(p.goal_id),
             real(p.contact_id), 0, now, user, now, user, 1, search)
            for (sort, p), search in zip(chunk, searches)
        ))
    if progress:
        progress("Schreiben", len(new), len(plan.accepted))
    changed = plan.changed
    updated = [p for p in changed if p.diffs]
    for start in range(0, len(updated), _CHUNK):
        chunk = updated[start:start + _CHUNK]
        searches = import_search_texts([p.columns for p in chunk], _FoldCache())
        conn.executemany(_UPDATE_SQL, (
            (*_VALUES(p.columns), real(p.field_id), real(p.goal_id), real(p.contact_id), search, p.measure_id)
            for p, search in zip(chunk, searches)
        ))
    if new:
        _record_created(store, conn, before, context)
    record_changes(store, conn, [(p.measure_id, k, old, value) for p in changed for k, old, value in p.diffs],
                   context=context)
    if progress:
        progress("Schreiben", len(plan.accepted), len(plan.accepted))




def _record_created(store, conn: sqlite3.Connection, before: int, context: str) -> None:
    """The history row 'created' of every measure this import inserted (ids above before), in one
    statement: what record_changes(..., bump=False) writes for (id, "created", None, code)."""
    conn.execute(
        "INSERT INTO changes (measure_id, version, at, author, field, old, new, context) "
        "SELECT id, version, ?, ?, 'created', NULL, code, ? FROM measures WHERE id > ? ORDER BY id",
        (now_iso(), store.user, context, before),
    )
