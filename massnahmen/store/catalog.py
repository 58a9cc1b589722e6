"""The concept row, Handlungsfelder with their Ziele, and contacts."""

from __future__ import annotations

import sqlite3

from massnahmen.domain.bounds import MAX_NAME, check_contact_lengths, check_lengths
from massnahmen.domain.clock import now_iso
from massnahmen.domain.contacts import contact_display
from massnahmen.domain.errors import AlreadyExists, Ambiguous, InUse, InvalidValue, NotFound
from massnahmen.domain.records import Concept, Contact, Field, Goal, as_dict, from_iso
from massnahmen.domain.text import counted, fold, fold_key, search_fold
from massnahmen.store.db import Store
from massnahmen.store.history import record_changes


def _many(measures: list, one: str, many: str) -> str:
    """„steht 1 Maßnahme“, „stehen 3 Maßnahmen“."""
    n = len(measures)
    return f"{one if n == 1 else many} {counted(n, 'Maßnahme', 'Maßnahmen')}"


def _sample(measures: list[tuple]) -> str:
    """'1.1, 1.2, … ' – the first codes of (id, code) rows, for messages about measures in use."""
    return ", ".join(m[1] for m in measures[:5]) + (" …" if len(measures) > 5 else "")


def _checked(model: str, **values):
    """The values checked by the domain model of that name, as the plain record the reads give.
    pydantic is imported here, where values come in, not by the reads."""
    from massnahmen.domain import models  # pydantic ≈ 100 ms: only where values come in, not on the reads

    return getattr(models, model)(**values).record()


# -- concept -------------------------------------------------------------------------------
def get_concept(store: Store) -> Concept:
    with store.reading() as conn:
        row = conn.execute("SELECT name, body, adopted_on FROM concept WHERE id = 1").fetchone()
    if row is None:
        return Concept(name=store.path.stem)
    return Concept(name=row[0], body=row[1], adopted_on=from_iso(row[2]))


def set_concept(
    store: Store, *, name: str | None = None, body: str | None = None, adopted_on: str | None = None
) -> Concept:
    check_lengths(
        ("Name des Konzepts", name and name.strip(), MAX_NAME), ("Beschlossen von", body and body.strip(), MAX_NAME)
    )
    current = get_concept(store)
    updated = _checked(
        "Concept",
        name=current.name if name is None else name,
        body=current.body if body is None else (body or None),
        adopted_on=current.adopted_on if adopted_on is None else (adopted_on or None),
    )
    with store.write() as conn:
        conn.execute(
            "UPDATE concept SET name = ?, body = ?, adopted_on = ? WHERE id = 1",
            (updated.name, updated.body, updated.adopted_on and updated.adopted_on.isoformat()),
        )
    return updated


# -- fields --------------------------------------------------------------------------------
def list_fields(store: Store) -> list[Field]:
    with store.reading() as conn:
        rows = conn.execute(
            """SELECT f.id, f.code, f.name,
                      (SELECT count(*) FROM measures m WHERE m.field_id = f.id AND m.archived = 0)
               FROM fields f ORDER BY f.position, f.code"""
        ).fetchall()
    return [Field(id=r[0], code=r[1], name=r[2], measures=r[3]) for r in rows]


def _all_fields(conn: sqlite3.Connection) -> list[tuple[int, str, str]]:
    return conn.execute("SELECT id, code, name FROM fields ORDER BY position, code").fetchall()


def fields_in_order(store: Store) -> list[Field]:
    """Every Handlungsfeld (id, code, name) in the order of the list: by position, then code."""
    with store.reading() as conn:
        return [Field(id=r[0], code=r[1], name=r[2]) for r in _all_fields(conn)]


def find_field(conn: sqlite3.Connection, ref: str | None) -> tuple[int, str, str]:
    """A field by its code ("3") or its name, compared folded; (id, code, name)."""
    wanted = (ref or "").strip()
    rows = _all_fields(conn)
    for row in rows:
        if row[1] == wanted:
            return row
    key = fold_key(wanted)
    matches = [r for r in rows if fold_key(r[2]) == key]
    if not matches and key:
        matches = [r for r in rows if fold_key(r[2]).startswith(key)]
    if len(matches) == 1:
        return matches[0]
    known = "; ".join(f"{r[1]} {r[2]}" for r in rows) or "noch keine"
    if len(matches) > 1:
        raise Ambiguous(
            f"Handlungsfeld „{wanted}“ ist nicht eindeutig; vorhanden: {known}", matches, kind="field", value=wanted
        )
    raise NotFound(f"Handlungsfeld „{wanted}“ gibt es nicht; vorhanden: {known}", kind="field", value=wanted)


def add_field(store: Store, code: str, name: str) -> Field:
    check_lengths(("Kürzel", code and code.strip(), 50), ("Handlungsfeld", name and name.strip(), 200))
    field = _checked("Field", code=code, name=name)
    with store.write() as conn:
        for _id, other_code, other_name in _all_fields(conn):
            if other_code == field.code or fold_key(other_name) == fold_key(field.name):
                raise AlreadyExists(
                    f"Handlungsfeld „{other_code} {other_name}“ gibt es schon.",
                    kind="field",
                    value=f"{other_code} {other_name}",
                )
        position = conn.execute("SELECT coalesce(max(position), 0) + 1 FROM fields").fetchone()[0]
        cur = conn.execute(
            "INSERT INTO fields (code, name, position, search) VALUES (?, ?, ?, ?)",
            (field.code, field.name, position, search_fold(field.name)),
        )
        field.id = cur.lastrowid
    return field


def edit_field(store: Store, ref: str, *, code: str | None = None, name: str | None = None) -> Field:
    with store.write() as conn:
        field_id, old_code, old_name = find_field(conn, ref)
        check_lengths(("Kürzel", code and code.strip(), 50), ("Handlungsfeld", name and name.strip(), 200))
        new = _checked("Field", code=code or old_code, name=name or old_name)
        for other_id, other_code, other_name in _all_fields(conn):
            if other_id != field_id and (other_code == new.code or fold_key(other_name) == fold_key(new.name)):
                raise AlreadyExists(
                    f"Handlungsfeld „{other_code} {other_name}“ gibt es schon.",
                    kind="field",
                    value=f"{other_code} {other_name}",
                )
        conn.execute(
            "UPDATE fields SET code = ?, name = ?, search = ? WHERE id = ?",
            (new.code, new.name, search_fold(new.name), field_id),
        )
        new.id = field_id
    return new


def remove_field(store: Store, ref: str, *, move_to: str | None = None) -> int:
    """Remove a field. Its measures (and goals) must be moved to another field: returns how many."""
    with store.write() as conn:
        field_id, code, name = find_field(conn, ref)
        measures = conn.execute(
            "SELECT id, code FROM measures WHERE field_id = ? ORDER BY code_sort", (field_id,)
        ).fetchall()
        if measures and not move_to:
            raise InUse(
                f"Im Handlungsfeld „{code} {name}“ {_many(measures, 'steht', 'stehen')} ({_sample(measures)}).",
                what="field",
                name=f"{code} {name}",
                measures=len(measures),
                choices=("move",),
                hint="Sie müssen in ein anderes Handlungsfeld (die Ziele ziehen mit); "
                "Maßnahmen werden nie stillschweigend gelöscht.",
            )
        if measures:
            target_id, target_code, target_name = find_field(conn, move_to)
            if target_id == field_id:
                raise InvalidValue("Wohin", "muss ein anderes Handlungsfeld sein", param="move_to")
            target_goals = {
                fold_key(r[1]): r[0]
                for r in conn.execute("SELECT id, name FROM goals WHERE field_id = ?", (target_id,))
            }
            for goal_id, goal_name in conn.execute(
                "SELECT id, name FROM goals WHERE field_id = ?", (field_id,)
            ).fetchall():
                same = target_goals.get(fold_key(goal_name))
                if same:  # a goal of the same name exists there: merge
                    conn.execute("UPDATE measures SET goal_id = ? WHERE goal_id = ?", (same, goal_id))
                    conn.execute("DELETE FROM goals WHERE id = ?", (goal_id,))
                else:
                    conn.execute("UPDATE goals SET field_id = ? WHERE id = ?", (target_id, goal_id))
            record_changes(
                store,
                conn,
                [(m[0], "field", name, target_name) for m in measures],
                context=f"Handlungsfeld „{name}“ entfernt",
            )
            conn.execute("UPDATE measures SET field_id = ? WHERE field_id = ?", (target_id, field_id))
        # citizens' ideas suggested for this field go with its measures (or keep no field)
        conn.execute("UPDATE ideas SET field_id = ? WHERE field_id = ?", (target_id if measures else None, field_id))
        conn.execute("DELETE FROM goals WHERE field_id = ?", (field_id,))
        conn.execute("DELETE FROM fields WHERE id = ?", (field_id,))
    return len(measures)


def measures_using(store: Store, *, field_id: int | None = None, goal_id: int | None = None) -> int:
    """How many measures, archived ones included, a field or goal still has (before removing it)."""
    column, value = ("field_id", field_id) if field_id is not None else ("goal_id", goal_id)
    with store.reading() as conn:
        return conn.execute(f"SELECT count(*) FROM measures WHERE {column} = ?", (value,)).fetchone()[0]


# -- goals ---------------------------------------------------------------------------------
def list_goals(store: Store, field_ref: str | None = None) -> list[Goal]:
    with store.reading() as conn:
        params: tuple = ()
        where = ""
        if field_ref:
            where = "WHERE g.field_id = ?"
            params = (find_field(conn, field_ref)[0],)
        rows = conn.execute(
            f"""SELECT g.id, g.field_id, f.name, g.code, g.name,
                       (SELECT count(*) FROM measures m WHERE m.goal_id = g.id AND m.archived = 0)
                FROM goals g JOIN fields f ON f.id = g.field_id {where}
                ORDER BY f.position, f.code, g.code, g.name""",
            params,
        ).fetchall()
    return [Goal(id=r[0], field_id=r[1], field=r[2], code=r[3], name=r[4], measures=r[5]) for r in rows]


def all_goals(store: Store) -> list[Goal]:
    """Every Ziel (id, field_id, code, name), oldest first."""
    with store.reading() as conn:
        rows = conn.execute("SELECT id, field_id, code, name FROM goals ORDER BY id").fetchall()
    return [Goal(id=r[0], field_id=r[1], code=r[2], name=r[3]) for r in rows]


def find_goal(conn: sqlite3.Connection, ref: str, field_id: int | None = None) -> tuple[int, int, str]:
    """A goal by '#id', code or name (folded), optionally inside one field; (id, field_id, name)."""
    wanted = (ref or "").strip()
    if wanted.startswith("#") and wanted[1:].isdigit():
        row = conn.execute("SELECT id, field_id, name FROM goals WHERE id = ?", (int(wanted[1:]),)).fetchone()
        if row and (field_id is None or row[1] == field_id):
            return row[0], row[1], row[2]
        raise NotFound(f"Ziel {wanted} gibt es nicht.", kind="goal", value=wanted)
    sql = "SELECT id, field_id, code, name FROM goals"
    params: tuple = ()
    if field_id is not None:
        sql += " WHERE field_id = ?"
        params = (field_id,)
    rows = conn.execute(sql, params).fetchall()
    matches = [r for r in rows if r[2] and r[2] == wanted]
    if not matches:
        key = fold_key(wanted)
        matches = [r for r in rows if fold_key(r[3]) == key]
    if len(matches) == 1:
        return matches[0][0], matches[0][1], matches[0][3]
    where = " in diesem Handlungsfeld" if field_id is not None else ""
    if len(matches) > 1:
        raise Ambiguous(
            f"Ziel „{wanted}“ ist nicht eindeutig{where}.",
            [(r[0], r[1], r[3]) for r in matches],
            kind="goal",
            value=wanted,
        )
    raise NotFound(f"Ziel „{wanted}“ gibt es nicht{where}.", kind="goal", value=wanted)


def add_goal(store: Store, field_ref: str, name: str, code: str | None = None) -> Goal:
    check_lengths(("Ziel", name and name.strip(), 500), ("Kürzel", code and code.strip(), 50))
    with store.write() as conn:
        return insert_goal(conn, find_field(conn, field_ref), name, code)


def insert_goal(
    conn: sqlite3.Connection, field: tuple[int, str, str], name: str, code: str | None = None, *, checked: bool = False
) -> Goal:
    """Insert a goal inside an open transaction (also used by the import). checked=True: the
    caller has made sure the field has no goal of that name (the import's catalog, which knows
    every goal), so the field's goals are not read again for each new one."""
    goal = _checked("Goal", field_id=field[0], field=field[2], name=name, code=code)
    for (other,) in () if checked else conn.execute("SELECT name FROM goals WHERE field_id = ?", (field[0],)):
        if fold_key(other) == fold_key(goal.name):
            raise AlreadyExists(f"Ziel „{other}“ gibt es in „{field[2]}“ schon.", kind="goal", value=other)
    cur = conn.execute(
        "INSERT INTO goals (field_id, code, name, search) VALUES (?, ?, ?, ?)",
        (field[0], goal.code, goal.name, search_fold(goal.name)),
    )
    goal.id = cur.lastrowid
    return goal


def edit_goal(
    store: Store, ref: str, *, name: str | None = None, code: str | None = None, field_ref: str | None = None
) -> Goal:
    check_lengths(("Ziel", name and name.strip(), 500), ("Kürzel", code and code.strip(), 50))
    with store.write() as conn:
        goal_id, field_id, old_name = find_goal(conn, ref)
        new_name = name or old_name
        for other_id, other in conn.execute("SELECT id, name FROM goals WHERE field_id = ?", (field_id,)):
            if other_id != goal_id and fold_key(other) == fold_key(new_name):
                raise AlreadyExists(f"Ziel „{other}“ gibt es in diesem Handlungsfeld schon.", kind="goal", value=other)
        sets = ["name = ?", "search = ?"]
        params: list = [new_name, search_fold(new_name)]
        if code is not None:
            sets.append("code = ?")
            params.append(code.strip() or None)
        conn.execute(f"UPDATE goals SET {', '.join(sets)} WHERE id = ?", (*params, goal_id))
        if new_name != old_name:
            affected = conn.execute("SELECT id FROM measures WHERE goal_id = ?", (goal_id,)).fetchall()
            record_changes(
                store, conn, [(m[0], "goal", old_name, new_name) for m in affected], context="Ziel umbenannt"
            )
        row = conn.execute(
            "SELECT g.id, g.field_id, f.name, g.code, g.name FROM goals g JOIN fields f ON f.id = g.field_id "
            "WHERE g.id = ?",
            (goal_id,),
        ).fetchone()
    return Goal(id=row[0], field_id=row[1], field=row[2], code=row[3], name=row[4])


def remove_goal(store: Store, ref: str, *, move_to: str | None = None, clear: bool = False) -> int:
    """Remove a goal; its measures move to another goal of the same field, or lose their goal."""
    with store.write() as conn:
        goal_id, field_id, name = find_goal(conn, ref)
        measures = conn.execute("SELECT id, code FROM measures WHERE goal_id = ?", (goal_id,)).fetchall()
        if measures and not (move_to or clear):
            raise InUse(
                f"Dem Ziel „{name}“ {_many(measures, 'dient', 'dienen')} ({_sample(measures)}).",
                what="goal",
                name=name,
                measures=len(measures),
                choices=("move", "clear"),
                hint="Sie müssen einem anderen Ziel zugeordnet werden oder ihr Ziel verlieren.",
            )
        target_id, target_name = None, None
        if measures and move_to:
            target_id, _f, target_name = find_goal(conn, move_to, field_id)
            if target_id == goal_id:
                raise InvalidValue("Wohin", "muss ein anderes Ziel sein", param="move_to")
        if measures:
            record_changes(
                store, conn, [(m[0], "goal", name, target_name) for m in measures], context=f"Ziel „{name}“ entfernt"
            )
            conn.execute("UPDATE measures SET goal_id = ? WHERE goal_id = ?", (target_id, goal_id))
        conn.execute("DELETE FROM goals WHERE id = ?", (goal_id,))
    return len(measures)


# -- contacts ------------------------------------------------------------------------------
_CONTACT_SQL = """SELECT c.id, c.name, c.organisation, c.role, c.email, c.phone,
    (SELECT count(*) FROM measures m WHERE m.contact_id = c.id AND m.archived = 0) FROM contacts c"""


def _contact(row: tuple) -> Contact:
    return Contact(
        id=row[0], name=row[1], organisation=row[2], role=row[3], email=row[4], phone=row[5], measures=row[6]
    )


def contact_search_text(contact: Contact) -> str:
    return search_fold(" ".join(p for p in (contact.name, contact.organisation, contact.role, contact.email) if p))


def list_contacts(store: Store, search: str | None = None) -> list[Contact]:
    with store.reading() as conn:
        if search:
            forms = dict.fromkeys((search_fold(search), fold(search)))  # see store.search
            rows = conn.execute(
                _CONTACT_SQL
                + " WHERE "
                + " OR ".join(["c.search LIKE ?"] * len(forms))
                + " ORDER BY c.name, c.organisation",
                [f"%{f}%" for f in forms],
            ).fetchall()
        else:
            rows = conn.execute(_CONTACT_SQL + " ORDER BY c.name, c.organisation").fetchall()
    return [_contact(r) for r in rows]


def all_contacts(store: Store, *, by_name: bool = False) -> list[Contact]:
    """Every contact with role, e-mail and phone (without the count of measures), oldest first, or
    by_name as list_contacts orders them."""
    order = "name, organisation" if by_name else "id"
    with store.reading() as conn:
        rows = conn.execute(
            f"SELECT id, name, organisation, role, email, phone FROM contacts ORDER BY {order}"
        ).fetchall()
    return [Contact(id=r[0], name=r[1], organisation=r[2], role=r[3], email=r[4], phone=r[5]) for r in rows]


def get_contact(store: Store, ref: str) -> Contact:
    with store.reading() as conn:
        contact_id = find_contact(conn, ref)
        return _contact(conn.execute(_CONTACT_SQL + " WHERE c.id = ?", (contact_id,)).fetchone())


def find_contact(conn: sqlite3.Connection, ref: str) -> int:
    """A contact by '#id', 'Name (Organisation)', name or organisation, compared folded."""
    wanted = (ref or "").strip()
    if wanted.startswith("#") and wanted[1:].isdigit():
        row = conn.execute("SELECT id FROM contacts WHERE id = ?", (int(wanted[1:]),)).fetchone()
        if row:
            return row[0]
        raise NotFound(f"Kontakt {wanted} gibt es nicht.", kind="contact", value=wanted)
    key = fold_key(wanted)
    rows = conn.execute("SELECT id, name, organisation FROM contacts").fetchall()
    for attempt in (
        lambda r: fold_key(contact_display(r[1], r[2])) == key,
        lambda r: fold_key(r[1]) == key,
        lambda r: fold_key(r[2]) == key and not r[1],
        lambda r: fold_key(r[2]) == key,
        lambda r: bool(key) and key in fold_key(contact_display(r[1], r[2])),
    ):
        matches = [r for r in rows if attempt(r)]
        if len(matches) == 1:
            return matches[0][0]
        if len(matches) > 1:
            names = "; ".join(f"#{r[0]} {contact_display(r[1], r[2])}" for r in matches[:8])
            raise Ambiguous(
                f"Kontakt „{wanted}“ ist nicht eindeutig: {names}",
                [r[0] for r in matches],
                kind="contact",
                value=wanted,
            )
    raise NotFound(f"Kontakt „{wanted}“ gibt es nicht.", kind="contact", value=wanted)


def match_contacts(conn: sqlite3.Connection, ref: str) -> list[int]:
    """For filters: the one contact ref names exactly, else every contact whose name or organisation
    contains it ("jobcenter" → everyone at the Jobcenter)."""
    try:
        return [find_contact(conn, ref)]
    except Ambiguous:
        pass
    key = fold_key(ref)
    return [
        r[0]
        for r in conn.execute("SELECT id, name, organisation FROM contacts")
        if key in fold_key(contact_display(r[1], r[2]))
    ]


def insert_contact(conn: sqlite3.Connection, contact: Contact, *, checked: bool = False) -> Contact:
    """Insert inside an open transaction, refusing a second contact of the same name and organisation
    (checked=True: the caller, the import's catalog, has made sure there is none)."""
    key = (fold_key(contact.name), fold_key(contact.organisation))
    for other_id, name, org in () if checked else conn.execute("SELECT id, name, organisation FROM contacts"):
        if (fold_key(name), fold_key(org)) == key:
            raise AlreadyExists(
                f"Kontakt „{contact.display}“ gibt es schon (#{other_id}).", kind="contact", value=contact.display
            )
    cur = conn.execute(
        "INSERT INTO contacts (name, organisation, role, email, phone, search) VALUES (?, ?, ?, ?, ?, ?)",
        (contact.name, contact.organisation, contact.role, contact.email, contact.phone, contact_search_text(contact)),
    )
    contact.id = cur.lastrowid
    return contact


def add_contact(store: Store, **values: str | None) -> Contact:
    check_contact_lengths({k: v and v.strip() for k, v in values.items()})
    contact = _checked("Contact", **values)
    with store.write() as conn:
        return insert_contact(conn, contact)


def edit_contact(store: Store, ref: str, **values: str | None) -> Contact:
    """Change the given attributes; an empty string clears one."""
    with store.write() as conn:
        contact_id = find_contact(conn, ref)
        current = _contact(conn.execute(_CONTACT_SQL + " WHERE c.id = ?", (contact_id,)).fetchone())
        data = as_dict(current, include={"name", "organisation", "role", "email", "phone"})
        data.update({k: v for k, v in values.items() if v is not None})
        check_contact_lengths({k: v and v.strip() for k, v in values.items() if v is not None})
        updated = _checked("Contact", id=contact_id, **data)
        for other_id, name, org in conn.execute("SELECT id, name, organisation FROM contacts"):
            if other_id != contact_id and (fold_key(name), fold_key(org)) == (
                fold_key(updated.name),
                fold_key(updated.organisation),
            ):
                raise AlreadyExists(
                    f"Kontakt „{updated.display}“ gibt es schon (#{other_id}).", kind="contact", value=updated.display
                )
        conn.execute(
            "UPDATE contacts SET name = ?, organisation = ?, role = ?, email = ?, phone = ?, search = ? WHERE id = ?",
            (
                updated.name,
                updated.organisation,
                updated.role,
                updated.email,
                updated.phone,
                contact_search_text(updated),
                contact_id,
            ),
        )
    return updated


def remove_contact(store: Store, ref: str, *, reassign_to: str | None = None, clear: bool = False) -> int:
    """Remove a contact; measures they are responsible for go to another contact or become unassigned."""
    with store.write() as conn:
        contact_id = find_contact(conn, ref)
        display = _contact(conn.execute(_CONTACT_SQL + " WHERE c.id = ?", (contact_id,)).fetchone()).display
        measures = conn.execute(
            "SELECT id, code FROM measures WHERE contact_id = ? ORDER BY code_sort", (contact_id,)
        ).fetchall()
        if measures and not (reassign_to or clear):
            raise InUse(
                f"„{display}“ ist für {counted(len(measures), 'Maßnahme', 'Maßnahmen')} zuständig "
                f"({_sample(measures)}).",
                what="contact",
                name=display,
                measures=len(measures),
                choices=("move", "clear"),
                hint="Sie müssen an einen anderen Kontakt übertragen werden oder ohne Zuständigkeit bleiben.",
            )
        target_id, target_display = None, None
        if measures and reassign_to:
            target_id = find_contact(conn, reassign_to)
            if target_id == contact_id:
                raise InvalidValue("An wen", "muss ein anderer Kontakt sein", param="reassign_to")
            row = conn.execute(_CONTACT_SQL + " WHERE c.id = ?", (target_id,)).fetchone()
            target_display = _contact(row).display
        if measures:
            record_changes(
                store,
                conn,
                [(m[0], "contact", display, target_display) for m in measures],
                context=f"Kontakt „{display}“ entfernt",
            )
            conn.execute(
                "UPDATE measures SET contact_id = ?, updated_at = ?, updated_by = ? WHERE contact_id = ?",
                (target_id, now_iso(), store.user, contact_id),
            )
        conn.execute("DELETE FROM contacts WHERE id = ?", (contact_id,))
    return len(measures)
