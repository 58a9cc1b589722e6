"""The schema (created with sqlite-utils), its version in PRAGMA user_version, and migrations."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from massnahmen.domain.clock import now_iso

SCHEMA_VERSION = 9
IDEAS_FROM = 6  # the schema version that has the citizens' idea tables first (block at the end)
VIEWS_FROM = 7  # … the saved views and the officers' preferences (block at the end)

INDEXES = [
    ("measures", ["status"]),
    ("measures", ["field_id"]),
    ("measures", ["goal_id", "archived"]),  # with archived: counting a goal's or contact's
    ("measures", ["contact_id", "archived"]),  # measures reads the index alone
    ("measures", ["review_date"]),
    ("measures", ["archived", "code_sort"]),
    # covers every column the status overview counts, so it never reads the table (schema 3)
    ("measures", ["archived", "field_id", "status", "assessment", "review_date", "contact_id"]),
    ("goals", ["field_id"]),
    ("reviews", ["measure_id", "date"]),
    ("reviews", ["date"]),
    ("changes", ["measure_id", "version"]),
    ("changes", ["at"]),
    ("request_items", ["request_id", "contact_id"]),
    ("request_items", ["measure_id"]),
]


# Every table's columns in their order, with their Python types: the one list the schema is
# created from, Store.open checks an existing file against (expected_columns) and the bulk
# writer (store.bulk) builds its rows and statements from.
COLUMNS: dict[str, dict[str, type]] = {
    "concept": {
        "id": int,
        "name": str,
        "body": str,
        "adopted_on": str,
        "created_at": str,
        "office": str,
        "secret": str,
    },
    "fields": {"id": int, "code": str, "name": str, "position": int, "search": str},
    "goals": {"id": int, "field_id": int, "code": str, "name": str, "search": str},
    "contacts": {"id": int, "name": str, "organisation": str, "role": str, "email": str, "phone": str, "search": str},
    "measures": {
        "id": int,
        "code": str,
        "code_sort": str,
        "title": str,
        "description": str,
        "field_id": int,
        "goal_id": int,
        "contact_id": int,
        "partners": str,
        "status": str,
        "assessment": str,
        "priority": str,
        "start_date": str,
        "end_date": str,
        "review_date": str,
        "funding": str,
        "indicator": str,
        "source": str,
        "notes": str,
        "archived": int,
        "created_at": str,
        "created_by": str,
        "updated_at": str,
        "updated_by": str,
        "version": int,
        "search": str,
    },
    "reviews": {
        "id": int,
        "measure_id": int,
        "date": str,
        "author": str,
        "status": str,
        "assessment": str,
        "note": str,
        "next_review_date": str,
        "created_at": str,
    },
    "changes": {
        "id": int,
        "measure_id": int,
        "version": int,
        "at": str,
        "author": str,
        "field": str,
        "old": str,
        "new": str,
        "context": str,
    },
    # a Sachstandsabfrage (store.requests): one workbook per contact, one item per measure in it
    "requests": {
        "id": int,
        "token": str,
        "created_at": str,
        "author": str,
        "answer_by": str,
        "field": str,
        "folder": str,
        "complete": int,
        "signed": int,
    },
    "request_items": {
        "id": int,
        "request_id": int,
        "contact_id": int,
        "contact_name": str,
        "contact_email": str,
        "measure_id": int,
        "code": str,
        "version": int,
        "file_name": str,
        "answered_at": str,
        "answered_version": int,
        "review_id": int,
    },
}

# Tables a migration added: {version that has them first: (table, …)}.
TABLES_ADDED: dict[int, tuple[str, ...]] = {
    5: ("requests", "request_items"),
}

# Columns a migration added: {version that has them first: {table: (column, …)}}.
COLUMNS_ADDED: dict[int, dict[str, tuple[str, ...]]] = {
    2: {"measures": ("priority",), "changes": ("context",)},
    4: {"concept": ("office",)},
    # the secret the token of each recipient's workbook is derived from; whether a request was
    # recorded completely (its files written) and whether its workbooks carry such tokens
    8: {"concept": ("secret",), "requests": ("complete", "signed")},
}


def expected_columns(version: int = SCHEMA_VERSION) -> dict[str, set[str]]:
    """The tables and columns a file of this schema version must have."""
    expected = {
        table: set(columns)
        for table, columns in COLUMNS.items()
        if not any(added_in > version and table in tables for added_in, tables in TABLES_ADDED.items())
    }
    for added_in, tables in COLUMNS_ADDED.items():
        if added_in > version:
            for table, columns in tables.items():
                if table in expected:  # a table of a later version than this file has no columns to miss
                    expected[table] -= set(columns)
    return expected


# column defaults of the tables (what a row gets when the value is not given)
DEFAULTS: dict[str, dict[str, object]] = {
    "fields": {"position": 0},
    "measures": {"status": "geplant", "archived": 0, "version": 1},
}


def create_schema(conn: sqlite3.Connection) -> None:
    """Create every table of the current version in an empty database (inside a transaction)."""
    from sqlite_utils import Database  # ≈ 90 ms: only when a file is created or migrated

    db = Database(conn)
    db.table("concept").create(COLUMNS["concept"], pk="id", not_null=["name"])
    db.table("fields").create(COLUMNS["fields"], pk="id", not_null=["code", "name"], defaults=DEFAULTS["fields"])
    db.table("fields").create_index(["code"], unique=True)
    db.table("goals").create(
        COLUMNS["goals"],
        pk="id",
        not_null=["field_id", "name"],
        foreign_keys=[("field_id", "fields", "id")],
    )
    db.table("goals").create_index(["field_id", "name"], unique=True)
    db.table("contacts").create(COLUMNS["contacts"], pk="id")
    db.table("measures").create(
        COLUMNS["measures"],
        pk="id",
        not_null=[
            "code",
            "code_sort",
            "title",
            "field_id",
            "status",
            "archived",
            "created_at",
            "updated_at",
            "version",
        ],
        defaults=DEFAULTS["measures"],
        foreign_keys=[
            ("field_id", "fields", "id"),
            ("goal_id", "goals", "id"),
            ("contact_id", "contacts", "id"),
        ],
    )
    db.table("measures").create_index(["code"], unique=True)
    db.table("reviews").create(
        COLUMNS["reviews"],
        pk="id",
        not_null=["measure_id", "date", "author", "note"],
        foreign_keys=[("measure_id", "measures", "id")],
    )
    db.table("changes").create(
        COLUMNS["changes"],
        pk="id",
        not_null=["measure_id", "at", "author", "field"],
        foreign_keys=[("measure_id", "measures", "id")],
    )
    _create_request_tables(conn)
    for table, columns in INDEXES:
        db.table(table).create_index(columns, if_not_exists=True)
    create_idea_tables(conn)
    create_view_tables(conn)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _create_request_tables(conn: sqlite3.Connection) -> None:
    from sqlite_utils import Database  # ≈ 90 ms: only when a file is created or migrated

    db = Database(conn)
    db.table("requests").create(COLUMNS["requests"], pk="id", not_null=["token", "created_at", "author"])
    db.table("request_items").create(
        COLUMNS["request_items"],
        pk="id",
        not_null=["request_id", "contact_id", "measure_id", "version"],
        foreign_keys=[
            ("request_id", "requests", "id"),
            ("contact_id", "contacts", "id"),
            ("measure_id", "measures", "id"),
            ("review_id", "reviews", "id"),
        ],
    )


def _migrate_1_to_2(conn: sqlite3.Connection) -> None:
    """Version 1 had no priority and no change context (and fewer indexes)."""
    from sqlite_utils import Database  # ≈ 90 ms: only when a file is created or migrated

    db = Database(conn)
    for table, columns in COLUMNS_ADDED[2].items():
        for column in columns:
            db.table(table).add_column(column, COLUMNS[table][column])


def _migrate_2_to_3(conn: sqlite3.Connection) -> None:
    """Version 3 only adds the covering index of the status overview (created in migrate())."""


def _migrate_3_to_4(conn: sqlite3.Connection) -> None:
    """Version 4 adds the office that writes the reports (concept.office, the author line of the
    Sachstandsbericht; empty until set)."""
    from sqlite_utils import Database  # ≈ 90 ms: only when a file is created or migrated

    db = Database(conn)
    for table, columns in COLUMNS_ADDED[4].items():
        for column in columns:
            if column not in db.table(table).columns_dict:  # a file marked older may have it already
                db.table(table).add_column(column, COLUMNS[table][column])


def _migrate_4_to_5(conn: sqlite3.Connection) -> None:
    """Version 5 adds the Sachstandsabfrage's tables: requests and their items (contact, measure, version, file);
    a file that already has them (its version number set back by hand) keeps them."""
    from sqlite_utils import Database  # ≈ 90 ms: only when a file is created or migrated

    if not Database(conn)["requests"].exists():
        _create_request_tables(conn)


def _migrate_5_to_6(conn: sqlite3.Connection) -> None:
    """Version 6 adds the citizens' ideas (the tables of the block at the end of this module)."""
    create_idea_tables(conn)


def _migrate_6_to_7(conn: sqlite3.Connection) -> None:
    """Version 7 adds the saved views and the preferences (the tables of the last block)."""
    create_view_tables(conn)


def _migrate_7_to_8(conn: sqlite3.Connection) -> None:
    """Version 8 binds each workbook of a Sachstandsabfrage to its recipient: a secret in the
    concept (made with the first request) and, per request, whether it was recorded completely and
    whether its workbooks carry a token per recipient. Requests made before are complete and carry
    one token per request."""
    from sqlite_utils import Database  # ≈ 90 ms: only when a file is created or migrated

    db = Database(conn)
    for table, columns in COLUMNS_ADDED[8].items():
        for column in columns:
            if column not in db.table(table).columns_dict:
                db.table(table).add_column(column, COLUMNS[table][column])
    conn.execute("UPDATE requests SET complete = 1 WHERE complete IS NULL")
    conn.execute("UPDATE requests SET signed = 0 WHERE signed IS NULL")


def _migrate_8_to_9(conn: sqlite3.Connection) -> None:
    """Version 9 keeps more of what a survey said about an idea: its topic (a Themenbereich that is
    no Handlungsfeld), the survey's answer ID (external_id: finds the idea again on re-import) and
    the earlier idea it closely resembles (similar_to)."""
    from sqlite_utils import Database  # ≈ 90 ms: only when a file is created or migrated

    db = Database(conn)
    for table, columns in COLUMNS_ADDED[9].items():
        for column in columns:
            if column not in db.table(table).columns_dict:
                db.table(table).add_column(column, COLUMNS[table][column])
    db.table("ideas").create_index(["external_id"], if_not_exists=True)


MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {
    1: _migrate_1_to_2,
    2: _migrate_2_to_3,
    3: _migrate_3_to_4,
    4: _migrate_4_to_5,
    5: _migrate_5_to_6,
    6: _migrate_6_to_7,
    7: _migrate_7_to_8,
    8: _migrate_8_to_9,
}


def migrate(conn: sqlite3.Connection, from_version: int) -> None:
    """Bring a database from from_version to SCHEMA_VERSION (inside a transaction)."""
    from sqlite_utils import Database  # ≈ 90 ms: only when a file is created or migrated

    version = from_version
    while version < SCHEMA_VERSION:
        MIGRATIONS[version](conn)
        version += 1
        conn.execute(f"PRAGMA user_version = {version}")
    db = Database(conn)
    for table, columns in INDEXES:
        db.table(table).create_index(columns, if_not_exists=True)


# -- citizens' ideas (Bürgerideen) ---------------------------------------------------------------
# One block: the tables, their columns and the migration that adds them. The personal data of a
# submitter lives in idea_submitters only (erased by deleting its row); idea_changes, the ideas'
# Verlauf, never holds personal data.
COLUMNS.update(
    {
        "idea_channels": {"id": int, "name": str, "position": int, "created_at": str},
        "ideas": {
            "id": int,
            "text": str,
            "submitted_on": str,
            "channel_id": int,
            "field_id": int,
            "status": str,
            "reason": str,
            "reason_public": int,
            "merged_into": int,
            "late": int,
            "fingerprint": str,
            "search": str,
            "created_at": str,
            "created_by": str,
            "updated_at": str,
            "updated_by": str,
            "version": int,
            "topic": str,
            "external_id": str,
            "similar_to": int,
        },
        "idea_measures": {"id": int, "idea_id": int, "measure_id": int, "created_at": str, "created_by": str},
        "idea_submitters": {
            "id": int,
            "idea_id": int,
            "name": str,
            "email": str,
            "phone": str,
            "postcode": str,
            "consent": int,
        },
        "idea_changes": {
            "id": int,
            "idea_id": int,
            "at": str,
            "author": str,
            "field": str,
            "old": str,
            "new": str,
            "context": str,
        },
    }
)
TABLES_ADDED[IDEAS_FROM] = ("idea_channels", "ideas", "idea_measures", "idea_submitters", "idea_changes")
COLUMNS_ADDED[9] = {"ideas": ("topic", "external_id", "similar_to")}
DEFAULTS.update(
    {
        "idea_channels": {"position": 0},
        "ideas": {"status": "neu", "reason_public": 1, "late": 0, "version": 1},
        "idea_submitters": {"consent": 0},
    }
)
IDEA_INDEXES = [
    ("ideas", ["status"]),
    ("ideas", ["field_id"]),
    ("ideas", ["channel_id"]),
    ("ideas", ["submitted_on"]),
    ("idea_measures", ["measure_id"]),
    ("idea_changes", ["idea_id"]),
    ("ideas", ["external_id"]),
]


def create_idea_tables(conn: sqlite3.Connection) -> None:
    """The idea tables and the office's first channels (inside the caller's transaction)."""
    from sqlite_utils import Database  # ≈ 90 ms: only when a file is created or migrated

    # (the ideas' vocabulary is not loaded on the everyday paths, which open files made already)
    from massnahmen.domain.ideas import DEFAULT_CHANNELS

    db = Database(conn)
    db.table("idea_channels").create(
        COLUMNS["idea_channels"], pk="id", not_null=["name"], defaults=DEFAULTS["idea_channels"], if_not_exists=True
    )
    db.table("idea_channels").create_index(["name"], unique=True, if_not_exists=True)
    db.table("ideas").create(
        COLUMNS["ideas"],
        pk="id",
        not_null=["text", "status", "fingerprint", "created_at", "updated_at", "version"],
        defaults=DEFAULTS["ideas"],
        foreign_keys=[
            ("channel_id", "idea_channels", "id"),
            ("field_id", "fields", "id"),
            ("merged_into", "ideas", "id"),
        ],
        if_not_exists=True,
    )
    db.table("ideas").create_index(["fingerprint"], unique=True, if_not_exists=True)
    db.table("idea_measures").create(
        COLUMNS["idea_measures"],
        pk="id",
        not_null=["idea_id", "measure_id"],
        foreign_keys=[("idea_id", "ideas", "id"), ("measure_id", "measures", "id")],
        if_not_exists=True,
    )
    db.table("idea_measures").create_index(["idea_id", "measure_id"], unique=True, if_not_exists=True)
    db.table("idea_submitters").create(
        COLUMNS["idea_submitters"],
        pk="id",
        not_null=["idea_id"],
        defaults=DEFAULTS["idea_submitters"],
        foreign_keys=[("idea_id", "ideas", "id")],
        if_not_exists=True,
    )
    db.table("idea_submitters").create_index(["idea_id"], unique=True, if_not_exists=True)
    db.table("idea_changes").create(
        COLUMNS["idea_changes"],
        pk="id",
        not_null=["idea_id", "at", "author", "field"],
        foreign_keys=[("idea_id", "ideas", "id")],
        if_not_exists=True,
    )
    for table, columns in IDEA_INDEXES:
        db.table(table).create_index(columns, if_not_exists=True)
    if not conn.execute("SELECT 1 FROM idea_channels LIMIT 1").fetchone():
        now = now_iso()
        conn.executemany(
            "INSERT INTO idea_channels (name, position, created_at) VALUES (?, ?, ?)",
            [(name, i, now) for i, name in enumerate(DEFAULT_CHANNELS, start=1)],
        )


# -- saved views and preferences ----------------------------------------------------------------
# A view is a named filter and sort of the measure table, kept in the file so that colleagues
# share it; a preference is one officer's setting (e.g. the colour scheme), keyed by user name.
COLUMNS.update(
    {
        "views": {"id": int, "name": str, "filter": str, "created_at": str, "created_by": str, "updated_at": str},
        "preferences": {"user": str, "key": str, "value": str},
    }
)
TABLES_ADDED[VIEWS_FROM] = ("views", "preferences")


def create_view_tables(conn: sqlite3.Connection) -> None:
    """The views and preferences tables (inside the caller's transaction)."""
    from sqlite_utils import Database  # ≈ 90 ms: only when a file is created or migrated

    db = Database(conn)
    db.table("views").create(COLUMNS["views"], pk="id", not_null=["name", "filter", "created_at"], if_not_exists=True)
    db.table("views").create_index(["name"], unique=True, if_not_exists=True)
    db.table("preferences").create(COLUMNS["preferences"], pk=("user", "key"), not_null=["value"], if_not_exists=True)
