"""Sachstandsabfragen: which contact got which open measures in which version and file, and what
came back. Tables requests and request_items (schema 4)."""

from __future__ import annotations

import secrets
import sqlite3
from dataclasses import dataclass, field

from massnahmen.domain.clock import now_iso
from massnahmen.domain.contacts import contact_display
from massnahmen.domain.errors import NotFound
from massnahmen.domain.request_form import recipient_token
from massnahmen.domain.vocab import CLOSED_STATUSES
from massnahmen.store.catalog import find_contact, find_field
from massnahmen.store.db import Store
from massnahmen.store.filter import MeasureFilter
from massnahmen.store.history import changes_after


@dataclass
class RequestMeasure:
    id: int
    code: str
    title: str
    status: str
    assessment: str | None
    review_date: str | None
    version: int
    last_note: str | None = None
    last_date: str | None = None


@dataclass
class Recipient:
    contact_id: int
    name: str | None
    organisation: str | None
    email: str | None
    measures: list[RequestMeasure] = field(default_factory=list)
    file_name: str = ""
    token: str = ""  # of this recipient's workbook (domain.request_form.recipient_token)

    @property
    def display(self) -> str:
        return contact_display(self.name, self.organisation)


@dataclass
class Request:
    id: int
    token: str
    created_at: str
    author: str
    answer_by: str | None
    field: str | None
    folder: str | None
    complete: bool = True  # False: recorded, but its files were never all written (interrupted)
    signed: bool = True  # True: a token per recipient; False: one per request (before schema 8)


_REQUEST_COLUMNS = "id, token, created_at, author, answer_by, field, folder, complete, signed"


@dataclass
class RequestItem:
    id: int
    request_id: int
    contact_id: int
    contact_name: str | None
    contact_email: str | None
    measure_id: int
    code: str
    version: int
    file_name: str | None
    answered_at: str | None
    answered_version: int | None
    review_id: int | None


_ITEM_COLUMNS = (
    "id",
    "request_id",
    "contact_id",
    "contact_name",
    "contact_email",
    "measure_id",
    "code",
    "version",
    "file_name",
    "answered_at",
    "answered_version",
    "review_id",
)


def recipients(store: Store, contacts: list[str] | None = None, field_ref: str | None = None) -> list[Recipient]:
    """The contacts (all responsible ones, or those named) with their open, not archived measures
    (of one Handlungsfeld with field_ref), each with its latest Sachstand; contacts without such
    measures are left out. Ordered by contact name, measures by Nr."""
    with store.reading() as conn:
        wanted = [find_contact(conn, ref) for ref in contacts or []]
        field_id = find_field(conn, field_ref)[0] if field_ref else None
        where = [
            "m.archived = 0",
            f"m.status NOT IN ({','.join('?' * len(CLOSED_STATUSES))})",
            "m.contact_id IS NOT NULL",
        ]
        params: list = list(CLOSED_STATUSES)
        if wanted:
            where.append(f"m.contact_id IN ({','.join('?' * len(wanted))})")
            params.extend(wanted)
        if field_id is not None:
            where.append("m.field_id = ?")
            params.append(field_id)
        sql = f"""
            SELECT c.id, c.name, c.organisation, c.email, m.id, m.code, m.title, m.status, m.assessment,
                   m.review_date, m.version,
                   (SELECT r.note FROM reviews r WHERE r.measure_id = m.id ORDER BY r.date DESC, r.id DESC LIMIT 1),
                   (SELECT r.date FROM reviews r WHERE r.measure_id = m.id ORDER BY r.date DESC, r.id DESC LIMIT 1)
            FROM measures m JOIN contacts c ON c.id = m.contact_id
            WHERE {" AND ".join(where)}
            ORDER BY c.name COLLATE NOCASE, c.organisation COLLATE NOCASE, c.id, m.code_sort"""
        out: dict[int, Recipient] = {}
        for r in conn.execute(sql, params):
            rec = out.get(r[0])
            if rec is None:
                rec = out[r[0]] = Recipient(r[0], r[1], r[2], r[3])
            rec.measures.append(RequestMeasure(*r[4:]))
        missing = [ref for ref, cid in zip(contacts or [], wanted, strict=True) if cid not in out]
        if missing and wanted and not out:
            raise NotFound("Für " + ", ".join(f"„{m}“" for m in missing) + " gibt es keine offenen Maßnahmen.")
        return list(out.values())


def recipients_of(store: Store, flt: MeasureFilter) -> list[Recipient]:
    """Recipients for the contacts responsible for the measures the filter finds (a view of the
    TUI), with their open measures – of the filter's Handlungsfeld only, if it names one."""
    with store.reading() as conn:
        where, params = flt.where(conn)
        where += (" AND " if where else " WHERE ") + "m.contact_id IS NOT NULL"
        ids = [r[0] for r in conn.execute("SELECT DISTINCT m.contact_id FROM measures m" + where, params)]
    return recipients(store, [f"#{i}" for i in sorted(ids)], flt.field) if ids else []


def concept_secret(conn: sqlite3.Connection) -> str:
    """The concept's secret for the recipients' tokens, made on first use (inside the caller's
    write transaction)."""
    row = conn.execute("SELECT secret FROM concept WHERE id = 1").fetchone()
    if row is not None and row[0]:
        return row[0]
    secret = secrets.token_hex(32)
    conn.execute("UPDATE concept SET secret = ? WHERE id = 1", (secret,))
    return secret


def next_request_id(store: Store) -> int:
    """The number the next request will most likely get (its file names are checked before anything
    is written; record_request says which one it got). Request ids are plain rowids: max + 1."""
    with store.reading() as conn:
        top = conn.execute("SELECT MAX(id) FROM requests").fetchone()[0]
    return (top or 0) + 1


def record_request(
    store: Store,
    recipients: list[Recipient],
    *,
    answer_by: str | None,
    field_ref: str | None,
    folder: str | None,
    name_files,
) -> Request:
    """Record a request and its items in one transaction, not yet complete (complete_request marks
    it so once its files are written). name_files(request_id) sets each recipient's file_name; each
    recipient gets its token."""

    token = secrets.token_hex(8)
    created = now_iso()
    with store.write() as conn:
        secret = concept_secret(conn)
        cur = conn.execute(
            "INSERT INTO requests (token, created_at, author, answer_by, field, folder, complete, "
            "signed) VALUES (?, ?, ?, ?, ?, ?, 0, 1)",
            (token, created, store.user, answer_by, field_ref, folder),
        )
        request_id = cur.lastrowid
        assert request_id is not None  # an INSERT gives the new row's id
        name_files(request_id)
        for rec in recipients:
            rec.token = recipient_token(secret, request_id, token, rec.contact_id, [m.id for m in rec.measures])
        conn.executemany(
            "INSERT INTO request_items (request_id, contact_id, contact_name, contact_email, measure_id, code, "
            "version, file_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (request_id, rec.contact_id, rec.display, rec.email, m.id, m.code, m.version, rec.file_name)
                for rec in recipients
                for m in rec.measures
            ],
        )
    return Request(request_id, token, created, store.user, answer_by, field_ref, folder, False, True)


def complete_request(store: Store, request_id: int) -> None:
    """All files of the request are written: it counts (answers are taken only for a complete one)."""
    with store.write() as conn:
        conn.execute("UPDATE requests SET complete = 1 WHERE id = ?", (request_id,))


def delete_request(store: Store, request_id: int) -> int:
    """Forget a request and its items (the Sachstände taken from its answers stay); returns the
    number of answered items. NotFound for an unknown number."""
    with store.write() as conn:
        if conn.execute("SELECT 1 FROM requests WHERE id = ?", (request_id,)).fetchone() is None:
            raise NotFound(f"Die Sachstandsabfrage Nr. {request_id} gibt es in dieser Datenbank nicht.")
        answered = conn.execute(
            "SELECT COUNT(*) FROM request_items WHERE request_id = ? AND review_id IS NOT NULL", (request_id,)
        ).fetchone()[0]
        conn.execute("DELETE FROM request_items WHERE request_id = ?", (request_id,))
        conn.execute("DELETE FROM requests WHERE id = ?", (request_id,))
    return answered


def _request(row) -> Request:
    return Request(row[0], row[1], row[2], row[3], row[4], row[5], row[6], complete=bool(row[7]), signed=bool(row[8]))


def get_request(store: Store, request_id: int) -> Request:
    with store.reading() as conn:
        row = conn.execute(f"SELECT {_REQUEST_COLUMNS} FROM requests WHERE id = ?", (request_id,)).fetchone()
    if row is None:
        raise NotFound(f"Die Sachstandsabfrage Nr. {request_id} gibt es in dieser Datenbank nicht.")
    return _request(row)


def list_requests(store: Store) -> list[Request]:
    with store.reading() as conn:
        return [_request(r) for r in conn.execute(f"SELECT {_REQUEST_COLUMNS} FROM requests ORDER BY id")]


@dataclass
class Binding:
    """What the database knows of one recipient of a request: what an answer file must match."""

    request: Request
    contact_id: int
    author: str  # the contact's name (or organisation) – the author of the Sachstände
    items: list  # RequestItem of this contact
    token: str  # the token their workbook carries


def binding(store: Store, request_id: int, contact_id: int) -> Binding | None:
    """The request as recorded for this contact; None if the contact did not get it."""

    request = get_request(store, request_id)
    items = request_items(store, request_id, contact_id)
    if not items:
        return None
    with store.reading() as conn:
        row = conn.execute("SELECT name, organisation FROM contacts WHERE id = ?", (contact_id,)).fetchone()
        secret = conn.execute("SELECT secret FROM concept WHERE id = 1").fetchone()
    author = ((row[0] or row[1]) if row else None) or items[0].contact_name or "Rückmeldung"
    if request.signed:
        token = (
            recipient_token(secret[0], request.id, request.token, contact_id, [i.measure_id for i in items])
            if secret and secret[0]
            else ""
        )
    else:
        token = request.token
    return Binding(request, contact_id, author, items, token)


def request_items(store: Store, request_id: int, contact_id: int | None = None) -> list[RequestItem]:
    sql = f"SELECT {', '.join(_ITEM_COLUMNS)} FROM request_items WHERE request_id = ?"
    params: list = [request_id]
    if contact_id is not None:
        sql += " AND contact_id = ?"
        params.append(contact_id)
    with store.reading() as conn:
        return [RequestItem(*r) for r in conn.execute(sql + " ORDER BY id", params)]


def mark_answered(store: Store, item_id: int, *, review_id: int | None, version: int) -> None:
    with store.write() as conn:
        conn.execute(
            "UPDATE request_items SET answered_at = ?, answered_version = ?, review_id = ? WHERE id = ?",
            (now_iso(), version, review_id, item_id),
        )


def measure_state(store: Store, measure_id: int) -> tuple[str, int] | None:
    """(code, version) of a measure, None if it is gone."""
    with store.reading() as conn:
        row = conn.execute("SELECT code, version FROM measures WHERE id = ?", (measure_id,)).fetchone()
    return (row[0], row[1]) if row else None


def same_review_exists(store: Store, measure_id: int, day: str, author: str, note: str) -> int | None:
    """The id of a Sachstand with exactly this date, author and note (an answer imported before)."""
    with store.reading() as conn:
        row = conn.execute(
            "SELECT id FROM reviews WHERE measure_id = ? AND date = ? AND author = ? AND note = ?",
            (measure_id, day, author, note),
        ).fetchone()
    return row[0] if row else None


def changes_since(store: Store, measure_id: int, version: int) -> list:
    """What the office changed on a measure after the given version (store.history.Change)."""

    with store.reading() as conn:
        return changes_after(conn, measure_id, version)


def reviews_since(conn: sqlite3.Connection, measure_ids: list[int], since: str) -> set[int]:
    """The measures among measure_ids with a Sachstand recorded on or after since (ISO time)."""
    if not measure_ids:
        return set()
    out: set[int] = set()
    for start in range(0, len(measure_ids), 500):
        chunk = measure_ids[start : start + 500]
        out.update(
            r[0]
            for r in conn.execute(
                f"SELECT DISTINCT measure_id FROM reviews WHERE created_at >= ? AND measure_id IN "
                f"({','.join('?' * len(chunk))})",
                [since, *chunk],
            )
        )
    return out


@dataclass
class ContactReturn:
    """Rücklauf of one contact in one request."""

    contact_id: int
    name: str
    email: str | None
    file_name: str | None
    measures: int
    answered_at: str | None  # the latest answer imported from this contact's file
    missing: list[str]  # codes still without a new Sachstand


def request_returns(store: Store, request: Request) -> list[ContactReturn]:
    """Per contact of a request: answered when, and which measures still lack a new Sachstand (none
    from the answer file and none recorded otherwise since the request went out)."""
    items = request_items(store, request.id)
    with store.reading() as conn:
        with_review = reviews_since(conn, [i.measure_id for i in items], request.created_at)
        current = dict(
            conn.execute(
                "SELECT id, code FROM measures WHERE id IN (SELECT measure_id FROM request_items WHERE request_id = ?)",
                (request.id,),
            ).fetchall()
        )
    out: dict[int, ContactReturn] = {}
    for item in items:
        ret = out.get(item.contact_id)
        if ret is None:
            ret = out[item.contact_id] = ContactReturn(
                item.contact_id, item.contact_name or "", item.contact_email, item.file_name, 0, None, []
            )
        ret.measures += 1
        if item.answered_at and (ret.answered_at is None or item.answered_at > ret.answered_at):
            ret.answered_at = item.answered_at
        if item.review_id is None and item.measure_id not in with_review:
            ret.missing.append(current.get(item.measure_id, item.code))
    return list(out.values())
