"""Citizens' ideas: the channels the office keeps, the inbox with filters and paging, the decisions
(field, merge, accept, decline) with their Verlauf, the links to measures, and the erasure of a
submitter's personal data (DSGVO) so that it is gone from the file's bytes.

The personal data of a submitter is read only by get_idea (for the office's own view) and by
thank_you_contacts (consented contacts only); every other query here returns none of it."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from massnahmen.domain.clock import now_iso
from massnahmen.domain.errors import (
    AlreadyExists,
    DatabaseProblem,
    InUse,
    InvalidValue,
    NotFound,
    ValidationFailed,
)
from massnahmen.domain.ideas import (
    IDEA_STATUS,
    OPEN_IDEA_STATUSES,
    Idea,
    IdeaChange,
    Submitter,
    clean_email,
    clean_name,
    clean_text,
    fingerprint,
    first_sentence,
    idea_source,
    similar_pairs,
)
from massnahmen.domain.text import counted, fold, fold_key, search_fold
from massnahmen.store.catalog import find_field
from massnahmen.store.db import Store
from massnahmen.store.measures import add_measure, suggest_code
from massnahmen.store.search import stored_before, word_clauses

KIND = "Idee"


# -- channels ------------------------------------------------------------------------------------
@dataclass
class Channel:
    id: int
    name: str
    ideas: int = 0


def list_channels(store: Store) -> list[Channel]:
    with store.reading() as conn:
        rows = conn.execute(
            "SELECT c.id, c.name, (SELECT count(*) FROM ideas i WHERE i.channel_id = c.id) "
            "FROM idea_channels c ORDER BY c.position, c.name COLLATE NOCASE"
        ).fetchall()
    return [Channel(*r) for r in rows]


def find_channel(conn: sqlite3.Connection, ref: str) -> tuple[int, str]:
    """A channel by its name, compared folded (a unique beginning is enough): (id, name)."""
    wanted = fold_key(ref)
    rows = conn.execute("SELECT id, name FROM idea_channels ORDER BY position, name").fetchall()
    exact = [r for r in rows if fold_key(r[1]) == wanted]
    if len(exact) == 1:
        return exact[0]
    starts = [r for r in rows if wanted and fold_key(r[1]).startswith(wanted)]
    if len(starts) == 1:
        return starts[0]
    known = ", ".join(r[1] for r in rows) or "keine"
    raise NotFound(f"Den Kanal „{ref}“ gibt es nicht (bekannt: {known}).", kind="channel", value=ref)


def add_channel(store: Store, name: str) -> Channel:
    clean = clean_name(name, "Kanal")
    if not clean:
        raise InvalidValue("Kanal", "darf nicht leer sein")
    with store.write() as conn:
        for _id, existing in conn.execute("SELECT id, name FROM idea_channels"):
            if fold_key(existing) == fold_key(clean):
                raise AlreadyExists(f"Den Kanal „{existing}“ gibt es schon.", kind="channel", value=existing)
        position = conn.execute("SELECT coalesce(max(position), 0) + 1 FROM idea_channels").fetchone()[0]
        cur = conn.execute(
            "INSERT INTO idea_channels (name, position, created_at) VALUES (?, ?, ?)", (clean, position, now_iso())
        )
        assert cur.lastrowid is not None  # an INSERT gives the new row's id
        return Channel(cur.lastrowid, clean)


def remove_channel(store: Store, name: str) -> str:
    with store.write() as conn:
        cid, cname = find_channel(conn, name)
        used = conn.execute("SELECT count(*) FROM ideas WHERE channel_id = ?", (cid,)).fetchone()[0]
        if used:
            raise InUse(
                f"Der Kanal „{cname}“ hat noch {counted(used, 'Idee', 'Ideen')}; er bleibt.",
                what="channel",
                name=cname,
                measures=used,
                choices=(),
            )
        conn.execute("DELETE FROM idea_channels WHERE id = ?", (cid,))
        return cname


def ensure_channels(conn: sqlite3.Connection, names: Iterable[str]) -> dict[str, int]:
    """The ids of these channel names, creating those not there yet (an import's --channel or the
    demo); returns {name as given: id}. Runs inside the caller's transaction."""
    known = {fold_key(n): i for i, n in conn.execute("SELECT id, name FROM idea_channels")}
    out: dict[str, int] = {}
    for name in names:
        key = fold_key(name)
        if key not in known:
            position = conn.execute("SELECT coalesce(max(position), 0) + 1 FROM idea_channels").fetchone()[0]
            known[key] = conn.execute(
                "INSERT INTO idea_channels (name, position, created_at) VALUES (?, ?, ?)", (name, position, now_iso())
            ).lastrowid
        out[name] = known[key]
    return out


# -- reading -------------------------------------------------------------------------------------
@dataclass
class IdeaFilter:
    """What the inbox, `ideas list` and the report filter by."""

    status: str | None = None  # a key of IDEA_STATUS, or "offen" for neu + in Prüfung
    field: str | None = None  # code or name; "-" for ideas without a field
    channel: str | None = None
    search: str | None = None
    late: bool | None = None
    topic: str | None = None  # words of the survey's topic (folded); "-" for ideas without one

    def where(self, conn: sqlite3.Connection) -> tuple[str, list]:
        clauses: list[str] = []
        params: list = []
        if self.status:
            if fold_key(self.status) in ("offen", "open"):
                clauses.append(f"i.status IN ({','.join('?' * len(OPEN_IDEA_STATUSES))})")
                params.extend(OPEN_IDEA_STATUSES)
            else:
                clauses.append("i.status = ?")
                params.append(parse_status(self.status))
        if self.field:
            if self.field.strip() == "-":
                clauses.append("i.field_id IS NULL")
            else:
                clauses.append("i.field_id = ?")
                params.append(find_field(conn, self.field)[0])
        if self.channel:
            clauses.append("i.channel_id = ?")
            params.append(find_channel(conn, self.channel)[0])
        if self.topic:
            if self.topic.strip() == "-":
                clauses.append("i.topic IS NULL")
            else:
                clauses.append("i.topic IN (SELECT value FROM json_each(?))")
                params.append(_json(topics_like(conn, self.topic)))
        if self.late is not None:
            clauses.append("i.late = ?")
            params.append(int(self.late))
        if self.search and self.search.strip():
            for clause, forms in word_clauses("i.search", self.search, stored_before=stored_before(conn, "ideas")):
                word = forms[-1]
                if word.startswith("#") and word[1:].isdigit():
                    clauses.append("i.id = ?")
                    params.append(int(word[1:]))
                else:
                    clauses.append(clause)
                    params.extend(forms)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def topics_like(conn: sqlite3.Connection, words: str) -> list[str]:
    """The stored topics that contain these words (folded: case, umlauts, ß do not count)."""
    wanted = fold(words).split()
    return [
        t
        for (t,) in conn.execute("SELECT DISTINCT topic FROM ideas WHERE topic IS NOT NULL")
        if all(w in fold(t) for w in wanted)
    ]


def topic_counts(store: Store) -> list[tuple[str, int, int]]:
    """(topic, ideas, of them without a Handlungsfeld) of every topic the surveys named."""
    with store.reading() as conn:
        return [
            tuple(r)
            for r in conn.execute(
                "SELECT topic, count(*), sum(field_id IS NULL) FROM ideas WHERE topic IS NOT NULL "
                "GROUP BY topic ORDER BY topic COLLATE NOCASE"
            )
        ]


def parse_status(value: str) -> str:
    try:
        key = IDEA_STATUS.parse(value, label="Entscheidung")
        assert key is not None  # the decision is not optional: an empty one is refused
        return key
    except InvalidValue as exc:
        exc.param = "status"
        raise


_SELECT = """
SELECT i.id, i.text, c.name, i.submitted_on, f.code, f.name, i.status, i.reason, i.reason_public,
       i.merged_into, i.late, i.version, i.created_at, i.created_by, i.updated_at, i.updated_by,
       (SELECT group_concat(m.code, char(31)) FROM idea_measures im JOIN measures m ON m.id = im.measure_id
        WHERE im.idea_id = i.id),
       i.topic, i.external_id, i.similar_to,
       (SELECT group_concat(s.id, char(31)) FROM ideas s WHERE s.similar_to = i.id)
FROM ideas i
LEFT JOIN idea_channels c ON c.id = i.channel_id
LEFT JOIN fields f ON f.id = i.field_id
"""


def _idea(row: Sequence) -> Idea:
    return Idea(
        id=row[0],
        text=row[1],
        channel=row[2],
        submitted_on=row[3],
        field_code=row[4],
        field=row[5],
        status=row[6],
        reason=row[7],
        reason_public=bool(row[8]),
        merged_into=row[9],
        late=bool(row[10]),
        version=row[11],
        created_at=row[12],
        created_by=row[13],
        updated_at=row[14],
        updated_by=row[15],
        measures=sorted(row[16].split("\x1f")) if row[16] else [],
        topic=row[17],
        external_id=row[18],
        similar=sorted(({row[19]} if row[19] else set()) | {int(n) for n in (row[20] or "").split("\x1f") if n}),
    )


def query_ideas(
    store: Store, flt: IdeaFilter | None = None, *, limit: int | None = None, offset: int = 0
) -> list[Idea]:
    """Ideas newest first (without personal data); limit/offset give a page of the inbox."""
    flt = flt or IdeaFilter()
    with store.reading() as conn:
        where, params = flt.where(conn)
        sql = _SELECT + where + " ORDER BY i.submitted_on IS NULL, i.submitted_on DESC, i.id DESC"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params = [*params, limit, offset]
        return [_idea(r) for r in conn.execute(sql, params)]


def count_ideas(store: Store, flt: IdeaFilter | None = None) -> int:
    flt = flt or IdeaFilter()
    with store.reading() as conn:
        where, params = flt.where(conn)
        return conn.execute("SELECT count(*) FROM ideas i" + where, params).fetchone()[0]


@dataclass
class IdeaCounts:
    total: int
    by_status: dict[str, int]  # status key → n, in the vocabulary's order
    by_channel: list[tuple[str, int]]
    by_field: list[tuple[str, int]]  # "code name" (or "ohne Handlungsfeld") → n


def idea_counts(store: Store, flt: IdeaFilter | None = None) -> IdeaCounts:
    """How many ideas per decision, channel and field (of those the filter lets through)."""
    flt = flt or IdeaFilter()
    with store.reading() as conn:
        where, params = flt.where(conn)
        status = dict(conn.execute(f"SELECT i.status, count(*) FROM ideas i{where} GROUP BY i.status", params))
        channels = conn.execute(
            f"SELECT coalesce(c.name, 'ohne Kanal'), count(*) FROM ideas i LEFT JOIN idea_channels c "
            f"ON c.id = i.channel_id{where} GROUP BY i.channel_id ORDER BY min(c.position), 1",
            params,
        ).fetchall()
        fields = conn.execute(
            f"SELECT coalesce(f.code || ' ' || f.name, 'ohne Handlungsfeld'), count(*) FROM ideas i "
            f"LEFT JOIN fields f ON f.id = i.field_id{where} GROUP BY i.field_id "
            f"ORDER BY f.id IS NULL, min(f.position), min(f.code)",
            params,
        ).fetchall()
    by_status = {k: status.get(k, 0) for k in IDEA_STATUS.keys}
    return IdeaCounts(sum(by_status.values()), by_status, [tuple(r) for r in channels], [tuple(r) for r in fields])


def _row(conn: sqlite3.Connection, idea_id: int | str) -> Idea:
    number = parse_id(idea_id)
    row = conn.execute(_SELECT + " WHERE i.id = ?", (number,)).fetchone()
    if row is None:
        raise NotFound(f"Die Idee #{number} gibt es nicht.", kind="idea", value=str(idea_id))
    return _idea(row)


def parse_id(value: int | str) -> int:
    """'12' or '#12' → 12."""
    if isinstance(value, int):
        return value
    text = str(value).strip().lstrip("#")
    if not text.isdigit() or len(text) > 18:
        raise InvalidValue("Idee", f"„{value}“ ist keine Nummer einer Idee (z. B. 12 oder #12)", param="id")
    return int(text)


def _submitter(conn: sqlite3.Connection, idea_id: int) -> Submitter | None:
    row = conn.execute(
        "SELECT name, email, phone, postcode, consent FROM idea_submitters WHERE idea_id = ?", (idea_id,)
    ).fetchone()
    return Submitter(row[0], row[1], row[2], row[3], bool(row[4])) if row else None


def get_idea(store: Store, idea_id: int | str, *, personal: bool = True) -> Idea:
    """One idea with its measures (and, for the office, its submitter)."""
    with store.reading() as conn:
        idea = _row(conn, idea_id)
        if personal:
            idea.submitter = _submitter(conn, idea.id)
        return idea


def idea_history(store: Store, idea_id: int | str) -> list[IdeaChange]:
    with store.reading() as conn:
        idea = _row(conn, idea_id)
        rows = conn.execute(
            "SELECT at, author, field, old, new, context FROM idea_changes WHERE idea_id = ? ORDER BY id", (idea.id,)
        ).fetchall()
    return [IdeaChange(*r) for r in rows]


def merged_here(store: Store, idea_id: int) -> list[int]:
    """The ideas merged into this one."""
    with store.reading() as conn:
        return [r[0] for r in conn.execute("SELECT id FROM ideas WHERE merged_into = ? ORDER BY id", (idea_id,))]


@dataclass
class IdeaLink:
    id: int
    text: str
    channel: str | None
    submitted_on: str | None
    status: str


def ideas_of_measure(store: Store, code: str) -> list[IdeaLink]:
    """The ideas the measure with this Nr. came from (no personal data)."""
    with store.reading() as conn:
        rows = conn.execute(
            "SELECT i.id, i.text, c.name, i.submitted_on, i.status FROM idea_measures im "
            "JOIN measures m ON m.id = im.measure_id "
            "JOIN ideas i ON i.id = im.idea_id LEFT JOIN idea_channels c ON c.id = i.channel_id "
            "WHERE m.code = ? ORDER BY i.id",
            (code,),
        ).fetchall()
    return [IdeaLink(*r) for r in rows]


# -- writing -------------------------------------------------------------------------------------
ChangeItem = tuple[str, object, object]  # (field, old, new)


def _text(value: object) -> str | None:
    return None if value is None or value == "" else str(value)


def record_idea_changes(
    store: Store,
    conn: sqlite3.Connection,
    idea_id: int,
    changes: Iterable[ChangeItem],
    *,
    context: str | None = None,
    bump: bool = True,
) -> None:
    """The ideas' Verlauf (never personal data: a submitter change is written as a word)."""
    rows = [(idea_id, now_iso(), store.user, f, _text(o), _text(n), context or store.context) for f, o, n in changes]
    if not rows:
        return
    conn.executemany(
        "INSERT INTO idea_changes (idea_id, at, author, field, old, new, context) VALUES (?, ?, ?, ?, ?, ?, ?)", rows
    )
    if bump:
        conn.execute(
            "UPDATE ideas SET version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?",
            (rows[0][1], store.user, idea_id),
        )


@dataclass
class NewIdea:
    """An idea to write (an import's row, a card typed in, the demo's)."""

    text: str
    submitted_on: str | None = None  # ISO day
    channel: str | None = None
    field_id: int | None = None
    late: bool = False
    submitter: Submitter | None = None
    status: str = "neu"
    created_at: str | None = None
    created_by: str | None = None
    # a decision made already (generated data): written with its Verlauf at decided_at
    id: int | None = None
    reason: str | None = None
    reason_public: bool = True
    merged_into: int | None = None
    measure_ids: tuple[int, ...] = ()
    decided_at: str | None = None
    decided_by: str | None = None
    topic: str | None = None
    external_id: str | None = None

    @cached_property
    def folded(self) -> str:
        return fold(self.text)

    @cached_property
    def fingerprint(self) -> str:
        return fingerprint(self.text, self.submitted_on, self.channel, folded=self.folded)


def known_fingerprints(conn: sqlite3.Connection, prints: Iterable[str]) -> set[str]:
    return {
        r[0]
        for r in conn.execute(
            "SELECT fingerprint FROM ideas WHERE fingerprint IN (SELECT value FROM json_each(?))",
            (json.dumps(list(prints)),),
        )
    }


def insert_ideas(
    conn: sqlite3.Connection, items: Sequence[NewIdea], *, user: str, context: str | None = None
) -> list[int]:
    """Write new ideas with their submitters and a 'created' Verlauf row each, inside the caller's
    transaction; an idea whose fingerprint is there already is skipped. Returns the new ids."""
    channels = ensure_channels(conn, sorted({i.channel for i in items if i.channel}))
    seen = known_fingerprints(conn, [i.fingerprint for i in items])
    now = now_iso()
    ids: list[int] = []
    next_id = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM ideas").fetchone()[0]
    idea_rows, submitter_rows, link_rows, decisions = [], [], [], []
    change_rows: list[tuple[int, str | None, str, str, str | None, str | None, str | None]] = []
    for item in items:
        fp = item.fingerprint
        if fp in seen:
            continue
        seen.add(fp)
        number = item.id if item.id is not None else next_id
        next_id = max(next_id, number) + 1
        at, by = item.created_at or now, item.created_by or user
        decided = item.status != "neu" and item.decided_at is not None
        idea_rows.append(
            (
                number,
                item.text,
                item.submitted_on,
                channels.get(item.channel or ""),
                item.field_id,
                item.status,
                int(item.late),
                fp,
                search_fold(item.folded),
                at,
                by,
                item.decided_at if decided else at,
                (item.decided_by or by) if decided else by,
                2 if decided else 1,
                item.reason,
                int(item.reason_public),
                item.topic,
                item.external_id,
            )
        )
        if item.merged_into is not None:
            decisions.append((item.merged_into, number))
        if item.submitter is not None and not item.submitter.is_empty():
            s = item.submitter
            submitter_rows.append((number, s.name, s.email, s.phone, s.postcode, int(s.consent)))
        change_rows.append((number, at, by, "created", None, f"#{number}", context))
        if decided:
            when, who = item.decided_at, item.decided_by or by
            change_rows.append((number, when, who, "status", "neu", item.status, None))
            if item.merged_into is not None:
                change_rows.append((number, when, who, "merged_into", None, f"#{item.merged_into}", None))
            if item.reason:
                change_rows.append((number, when, who, "reason", None, item.reason, None))
        for mid in item.measure_ids:
            link_rows.append((number, mid, item.decided_at or at, item.decided_by or by))
            if decided:
                code = conn.execute("SELECT code FROM measures WHERE id = ?", (mid,)).fetchone()
                change_rows.append(
                    (number, item.decided_at, item.decided_by or by, "measure", None, code[0] if code else None, None)
                )
        ids.append(number)
    conn.executemany(
        "INSERT INTO ideas (id, text, submitted_on, channel_id, field_id, status, late, fingerprint, search, "
        "created_at, created_by, updated_at, updated_by, version, reason, reason_public, topic, external_id) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        idea_rows,
    )
    conn.executemany("UPDATE ideas SET merged_into = ? WHERE id = ?", decisions)
    conn.executemany(
        "INSERT INTO idea_submitters (idea_id, name, email, phone, postcode, consent) VALUES (?, ?, ?, ?, ?, ?)",
        submitter_rows,
    )
    conn.executemany(
        "INSERT INTO idea_measures (idea_id, measure_id, created_at, created_by) VALUES (?, ?, ?, ?)", link_rows
    )
    conn.executemany(
        "INSERT INTO idea_changes (idea_id, at, author, field, old, new, context) VALUES (?, ?, ?, ?, ?, ?, ?)",
        change_rows,
    )
    return ids


def mark_similar(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, int]:
    """Flag each of these (new) ideas whose text is almost that of another one: similar_to is the
    idea it is most like (one before it). Inside the caller's transaction; returns {id: similar id}."""
    if not ids:
        return {}
    wanted = set(ids)
    rows = conn.execute("SELECT id, text FROM ideas ORDER BY id").fetchall()
    pairs = similar_pairs([(i, t) for i, t in rows if i in wanted], [(i, t) for i, t in rows if i not in wanted])
    conn.executemany("UPDATE ideas SET similar_to = ? WHERE id = ?", [(b, a) for a, b in pairs.items()])
    return pairs


@dataclass
class Answered:
    """An idea as a survey answer gave it before (found again by the answer's ID)."""

    id: int
    text: str
    submitted_on: str | None
    topic: str | None
    field_id: int | None


def ideas_by_answer(conn: sqlite3.Connection, channel: str | None, answer_ids: Iterable[str]) -> dict[str, Answered]:
    """The ideas of this channel with these survey answer IDs: {answer ID: idea}."""
    rows = conn.execute(
        "SELECT i.external_id, c.name, i.id, i.text, i.submitted_on, i.topic, i.field_id FROM ideas i "
        "LEFT JOIN idea_channels c ON c.id = i.channel_id "
        "WHERE i.external_id IN (SELECT value FROM json_each(?)) ORDER BY i.id",
        (_json(sorted(set(answer_ids))),),
    )
    wanted = fold_key(channel)
    return {r[0]: Answered(*r[2:]) for r in rows if fold_key(r[1]) == wanted}


def update_answer(store: Store, conn: sqlite3.Connection, idea_id: int, values: dict, *, context: str) -> list[str]:
    """Take over what a survey answer now says (text, submitted_on, topic), with the Verlauf;
    inside the caller's transaction. Returns the keys that changed."""
    idea = _row(conn, idea_id)
    items: list[ChangeItem] = []
    for key in ("text", "submitted_on", "topic"):
        if key in values and values[key] != getattr(idea, key):
            items.append((key, getattr(idea, key), values[key]))
    if not items:
        return []
    new = {key: values[key] for key, _old, _new in items}  # (as values holds them)
    text = new.get("text", idea.text)
    day = new.get("submitted_on", idea.submitted_on)
    fp = fingerprint(text, day, idea.channel)
    clash = conn.execute("SELECT id FROM ideas WHERE fingerprint = ? AND id != ?", (fp, idea.id)).fetchone()
    if clash:
        raise AlreadyExists(f"Diese Idee ist schon erfasst (#{clash[0]}).", kind="idea", value=str(clash[0]))
    conn.execute(
        "UPDATE ideas SET text = ?, search = ?, submitted_on = ?, topic = ?, fingerprint = ? WHERE id = ?",
        (text, fold(text), day, new.get("topic", idea.topic), fp, idea.id),
    )
    record_idea_changes(store, conn, idea.id, items, context=context)
    return [key for key, _o, _n in items]


def clean_submitter(name=None, email=None, phone=None, postcode=None, consent=False) -> Submitter | None:
    """The submitter's data checked; None when nothing was given."""
    problems: list[InvalidValue] = []
    values = {}
    for key, check, raw, label in (
        ("name", clean_name, name, "Name"),
        ("email", clean_email, email, "E-Mail"),
        ("phone", clean_name, phone, "Telefon"),
        ("postcode", clean_name, postcode, "PLZ"),
    ):
        try:
            values[key] = check(raw, label)
        except InvalidValue as exc:
            problems.append(exc)
    if problems:
        raise ValidationFailed(problems)
    submitter = Submitter(**values, consent=bool(consent))
    return None if submitter.is_empty() else submitter


def add_idea(
    store: Store,
    text: str,
    *,
    channel: str | None = None,
    submitted_on: date | None = None,
    field: str | None = None,
    submitter: Submitter | None = None,
) -> Idea:
    """One idea typed in (a letter, a conference card). The same text, day and channel twice is
    refused as AlreadyExists."""
    text = clean_text(text)
    with store.write() as conn:
        channel_name = find_channel(conn, channel)[1] if channel else None
        field_id = find_field(conn, field)[0] if field else None
        item = NewIdea(
            text=text,
            submitted_on=submitted_on.isoformat() if submitted_on else None,
            channel=channel_name,
            field_id=field_id,
            submitter=submitter,
        )
        ids = insert_ideas(conn, [item], user=store.user)
        if not ids:
            number = conn.execute("SELECT id FROM ideas WHERE fingerprint = ?", (item.fingerprint,)).fetchone()[0]
            raise AlreadyExists(f"Diese Idee ist schon erfasst (#{number}).", kind="idea", value=str(number))
        mark_similar(conn, ids)
        return _row(conn, ids[0])


def _field_name(conn: sqlite3.Connection, field_id: int | None) -> str | None:
    if field_id is None:
        return None
    code, name = conn.execute("SELECT code, name FROM fields WHERE id = ?", (field_id,)).fetchone()
    return f"{code} {name}"


def set_field(store: Store, idea_ids: Iterable[int | str], field: str | None) -> int:
    """Give ideas a Handlungsfeld (None: none); a new idea moves on to „in Prüfung“. Returns how
    many changed."""
    changed = 0
    with store.write() as conn:
        new_id = find_field(conn, field)[0] if field else None
        new_name = _field_name(conn, new_id)
        for ref in idea_ids:
            idea = _row(conn, ref)
            old_id = conn.execute("SELECT field_id FROM ideas WHERE id = ?", (idea.id,)).fetchone()[0]
            items: list[ChangeItem] = []
            if old_id != new_id:
                conn.execute("UPDATE ideas SET field_id = ? WHERE id = ?", (new_id, idea.id))
                items.append(("field", _field_name(conn, old_id), new_name))
            if idea.status == "neu" and new_id is not None:
                conn.execute("UPDATE ideas SET status = 'in_pruefung' WHERE id = ?", (idea.id,))
                items.append(("status", "neu", "in_pruefung"))
            if items:
                record_idea_changes(store, conn, idea.id, items)
                changed += 1
    return changed


def _reopen(store: Store, conn: sqlite3.Connection, idea: Idea, status: str) -> list[ChangeItem]:
    """Undo a decision (back to neu / in Prüfung): reason, merge and links go."""
    items: list[ChangeItem] = []
    if idea.reason:
        items.append(("reason", idea.reason, None))
    if idea.merged_into:
        items.append(("merged_into", f"#{idea.merged_into}", None))
    for code in idea.measures:
        items.append(("measure", code, None))
    conn.execute("DELETE FROM idea_measures WHERE idea_id = ?", (idea.id,))
    conn.execute(
        "UPDATE ideas SET status = ?, reason = NULL, reason_public = 1, merged_into = NULL WHERE id = ?",
        (status, idea.id),
    )
    if status != idea.status:
        items.insert(0, ("status", idea.status, status))
    return items


def set_status(store: Store, idea_id: int | str, status: str) -> Idea:
    """Back to „neu“ or „in Prüfung“ (a decision is made by accept, merge or decline)."""
    key = parse_status(status)
    if key not in OPEN_IDEA_STATUSES:
        raise InvalidValue(
            "Entscheidung",
            f"„{IDEA_STATUS.label(key)}“ wird durch Aufnehmen, Zusammenführen "
            "oder Ablehnen gesetzt; hier nur „neu“ oder „in Prüfung“",
            param="status",
        )
    with store.write() as conn:
        idea = _row(conn, idea_id)
        record_idea_changes(store, conn, idea.id, _reopen(store, conn, idea, key))
        return _row(conn, idea.id)


def _measure_id(conn: sqlite3.Connection, code: str) -> tuple[int, str]:
    row = conn.execute("SELECT id, code FROM measures WHERE code = ?", ((code or "").strip(),)).fetchone()
    if row is None:
        raise NotFound(f"Maßnahme „{code}“ gibt es nicht.", kind="measure", value=code)
    return row


def _link(store: Store, conn: sqlite3.Connection, idea: Idea, codes: Iterable[str], context: str | None) -> None:
    items: list[ChangeItem] = []
    if idea.status != "aufgenommen":
        items += _reopen(store, conn, idea, "aufgenommen")
        if not any(f == "status" for f, _o, _n in items):
            items.insert(0, ("status", idea.status, "aufgenommen"))
    linked = set(conn.execute("SELECT measure_id FROM idea_measures WHERE idea_id = ?", (idea.id,)).fetchall())
    for code in codes:
        mid, mcode = _measure_id(conn, code)
        if (mid,) in linked:
            continue
        conn.execute(
            "INSERT INTO idea_measures (idea_id, measure_id, created_at, created_by) VALUES (?, ?, ?, ?)",
            (idea.id, mid, now_iso(), store.user),
        )
        items.append(("measure", None, mcode))
    record_idea_changes(store, conn, idea.id, items, context=context)


def _check_decidable(idea: Idea) -> None:
    if idea.status == "zusammengefuehrt" and idea.merged_into:
        raise InvalidValue(
            "Idee",
            f"#{idea.id} ist mit #{idea.merged_into} zusammengeführt; bitte dort entscheiden "
            "(oder die Idee erst wieder öffnen)",
            param="id",
        )


def accept_idea(store: Store, idea_id: int | str, codes: Sequence[str]) -> Idea:
    """Take the idea up in existing measures (one or more; an accepted idea gains more links)."""
    if not codes:
        raise InvalidValue("Maßnahme", "bitte mindestens eine Nr. angeben", param="measure")
    with store.write() as conn:
        idea = _row(conn, idea_id)
        _check_decidable(idea)
        _link(store, conn, idea, codes, None)
        return _row(conn, idea.id)


def measure_values_from_idea(idea: Idea) -> dict:
    """What a new measure proposed from an idea starts with: the first sentence as the title, the
    idea's field, the idea as the description and „Bürgerbeteiligung: CHANNEL“ as the Herkunft."""
    values = {"title": first_sentence(idea.text), "source": idea_source(idea.channel), "description": idea.text}
    if idea.field_code:
        values["field"] = idea.field_code
    return values


def accept_as_new_measure(store: Store, idea_id: int | str, values: dict) -> tuple[Idea, str]:
    """Create a measure from the idea (values by attribute key; the idea's proposals fill what is
    not given, and without a code the next free Nr. of its field) and link it. Returns the idea and
    the new measure's code."""

    idea = get_idea(store, idea_id, personal=False)
    _check_decidable(idea)
    merged = measure_values_from_idea(idea) | {k: v for k, v in values.items() if v not in (None, "")}
    if not merged.get("field"):
        raise InvalidValue("Handlungsfeld", "die Idee hat keines; bitte eines angeben", param="field")
    if not merged.get("code"):
        merged["code"] = suggest_code(store, merged["field"])
    measure = add_measure(store, merged)
    with store.write() as conn:
        idea = _row(conn, idea.id)
        _link(store, conn, idea, [measure.code], "neue Maßnahme")
        return _row(conn, idea.id), measure.code


def link_new_measure(store: Store, idea_id: int | str, code: str) -> Idea:
    """Link a measure just created from the idea (the TUI's form saved it)."""
    with store.write() as conn:
        idea = _row(conn, idea_id)
        _link(store, conn, idea, [code], "neue Maßnahme")
        return _row(conn, idea.id)


def merge_idea(store: Store, idea_id: int | str, into: int | str) -> Idea:
    """A duplicate goes into another idea (which may not itself be merged: its target is taken)."""
    with store.write() as conn:
        idea = _row(conn, idea_id)
        target = _row(conn, into)
        seen = {idea.id}
        while target.merged_into:
            if target.merged_into in seen:
                break
            seen.add(target.id)
            target = _row(conn, target.merged_into)
        if target.id == idea.id:
            raise InvalidValue("Idee", "eine Idee lässt sich nicht mit sich selbst zusammenführen", param="into")
        items = _reopen(store, conn, idea, "zusammengefuehrt")
        conn.execute("UPDATE ideas SET merged_into = ? WHERE id = ?", (target.id, idea.id))
        if not any(f == "status" for f, _o, _n in items):
            items.insert(0, ("status", idea.status, "zusammengefuehrt"))
        items.append(("merged_into", None, f"#{target.id}"))
        # ideas merged into this one follow it
        followers = [r[0] for r in conn.execute("SELECT id FROM ideas WHERE merged_into = ?", (idea.id,))]
        for follower in followers:
            conn.execute("UPDATE ideas SET merged_into = ? WHERE id = ?", (target.id, follower))
            record_idea_changes(store, conn, follower, [("merged_into", f"#{idea.id}", f"#{target.id}")])
        record_idea_changes(store, conn, idea.id, items)
        return _row(conn, idea.id)


def decline_idea(store: Store, idea_id: int | str, reason: str, *, public: bool = True) -> Idea:
    """Not taken up, with a reason (public: it may be printed in the feedback report)."""
    reason = clean_text(reason, "Begründung")
    with store.write() as conn:
        idea = _row(conn, idea_id)
        _check_decidable(idea)
        items = _reopen(store, conn, idea, "nicht_aufgenommen")
        conn.execute("UPDATE ideas SET reason = ?, reason_public = ? WHERE id = ?", (reason, int(public), idea.id))
        items = [i for i in items if i[0] != "reason"]
        if not any(f == "status" for f, _o, _n in items):
            items.insert(0, ("status", idea.status, "nicht_aufgenommen"))
        items.append(("reason", idea.reason, reason))
        if not public:
            items.append(("reason_public", None, "nein"))
        record_idea_changes(store, conn, idea.id, items)
        return _row(conn, idea.id)


# -- the thank-you letter and the erasure --------------------------------------------------------
@dataclass
class ThankYouContact:
    idea_id: int
    name: str | None
    email: str | None
    phone: str | None
    postcode: str | None


def thank_you_contacts(store: Store, flt: IdeaFilter | None = None) -> list[ThankYouContact]:
    """The contact data of submitters who consented to be contacted (and only theirs)."""
    flt = flt or IdeaFilter()
    with store.reading() as conn:
        where, params = flt.where(conn)
        join = " AND " if where else " WHERE "
        rows = conn.execute(
            "SELECT i.id, s.name, s.email, s.phone, s.postcode FROM ideas i JOIN idea_submitters s "
            f"ON s.idea_id = i.id{where}{join}s.consent = 1 ORDER BY i.id",
            params,
        ).fetchall()
    return [ThankYouContact(*r) for r in rows]


def _with_submitter(
    conn: sqlite3.Connection, idea_ids: Sequence[int | str], email: str | None, older_than: date | None
) -> list[int]:
    """The ideas among those chosen that have a submitter's data stored."""
    targets: list[int] = []
    for ref in idea_ids:
        targets.append(_row(conn, ref).id)
    if email:
        wanted = email.strip().casefold()
        found = [
            r[0] for r in conn.execute("SELECT idea_id FROM idea_submitters WHERE lower(trim(email)) = ?", (wanted,))
        ]
        targets += found
        if not found:
            raise NotFound(f"Zu „{email}“ sind keine Angaben gespeichert.", kind="submitter", value=email)
    if older_than:
        targets += [
            r[0]
            for r in conn.execute(
                "SELECT s.idea_id FROM idea_submitters s JOIN ideas i ON i.id = s.idea_id "
                "WHERE coalesce(i.submitted_on, substr(i.created_at, 1, 10)) < ?",
                (older_than.isoformat(),),
            )
        ]
    return [
        r[0]
        for r in conn.execute(
            "SELECT idea_id FROM idea_submitters WHERE idea_id IN (SELECT value FROM json_each(?)) ORDER BY idea_id",
            (_json(sorted(set(targets))),),
        )
    ]


def to_forget(
    store: Store, *, idea_ids: Sequence[int | str] = (), email: str | None = None, older_than: date | None = None
) -> list[int]:
    """The ideas whose submitter's data forget() would erase (reads only: for a confirmation)."""
    with store.reading() as conn:
        return _with_submitter(conn, idea_ids, email, older_than)


def forget(
    store: Store,
    *,
    idea_ids: Sequence[int | str] = (),
    email: str | None = None,
    older_than: date | None = None,
    vacuum: bool = True,
) -> list[int]:
    """Erase submitters' personal data (the ideas stay): of these ideas, of every idea of one
    e-mail address, or of ideas that came in before older_than. With secure_delete the freed
    bytes are overwritten, and VACUUM afterwards rewrites the file, so that nothing of the erased
    data remains in it. Returns the ideas whose data was erased."""
    conn = store.conn
    conn.execute("PRAGMA secure_delete = ON")
    try:
        with store.write() as conn:
            erased = _with_submitter(conn, idea_ids, email, older_than)
            conn.execute(
                "DELETE FROM idea_submitters WHERE idea_id IN (SELECT value FROM json_each(?))", (_json(erased),)
            )
            for idea_id in erased:
                record_idea_changes(
                    store, conn, idea_id, [("submitter", "gespeichert", "gelöscht")], context="Datenschutz", bump=True
                )
    finally:
        conn.execute("PRAGMA secure_delete = OFF")
    if erased and vacuum:
        # rewrite the file without free pages; secure_delete has zeroed the erased bytes already, so
        # a VACUUM that must wait for another reader (and gives up) loses nothing
        try:
            with store.reading() as c:
                c.execute("VACUUM")
        except DatabaseProblem:
            pass
    return erased


def _json(values: Sequence) -> str:
    return json.dumps(list(values))


@dataclass
class MeasureBrief:
    """What the feedback report tells of a measure an idea led to."""

    code: str
    title: str
    status: str
    archived: bool
    review_date: str | None  # the latest Sachstand's day
    review_note: str | None


def measure_briefs(store: Store, codes: Iterable[str]) -> dict[str, MeasureBrief]:
    with store.reading() as conn:
        rows = conn.execute(
            "SELECT m.code, m.title, m.status, m.archived, r.date, r.note FROM measures m "
            "LEFT JOIN reviews r ON r.id = (SELECT r2.id FROM reviews r2 WHERE r2.measure_id = m.id "
            "ORDER BY r2.date DESC, r2.id DESC LIMIT 1) "
            "WHERE m.code IN (SELECT value FROM json_each(?))",
            (_json(sorted(set(codes))),),
        ).fetchall()
    return {r[0]: MeasureBrief(r[0], r[1], r[2], bool(r[3]), r[4], r[5]) for r in rows}


def concept_name(store: Store) -> str:
    with store.reading() as conn:
        row = conn.execute("SELECT name FROM concept WHERE id = 1").fetchone()
    return row[0] if row else ""


def field_order(store: Store) -> list[tuple[str, str]]:
    with store.reading() as conn:
        return [tuple(r) for r in conn.execute("SELECT code, name FROM fields ORDER BY position, code")]
