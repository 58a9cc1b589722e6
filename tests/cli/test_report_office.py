"""The office on the title page: schema 4 (concept.office), init --office, concept --office, and
the migration of a schema-3 file."""

from __future__ import annotations

import sqlite3

from massnahmen.store.db import Store
from massnahmen.store.office import get_office
from massnahmen.store.schema import SCHEMA_VERSION


def test_init_with_office(cli, tmp_path):
    db = tmp_path / "neu.db"
    result = cli(db, "init", "--name", "Integrationskonzept Teststadt", "--office", "Stadt Test, Integrationsbüro")
    assert result.exit_code == 0, result.output
    with Store.open(db) as store:
        assert get_office(store) == "Stadt Test, Integrationsbüro"
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_concept_shows_and_sets_the_office(cli, small_db):
    out = cli(small_db, "concept", "--office", "Landratsamt Test, Stabsstelle Integration").output
    assert "Erstellt von (Stelle): Landratsamt Test, Stabsstelle Integration" in out
    assert "Erstellt von (Stelle): –" in cli(small_db, "concept", "--office", "").output


def test_a_schema_3_file_gets_the_office_column(small_db):
    conn = sqlite3.connect(small_db)
    conn.execute("ALTER TABLE concept DROP COLUMN office")
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()
    with Store.open(small_db) as store:
        assert get_office(store) is None
    conn = sqlite3.connect(small_db)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert "office" in {r[1] for r in conn.execute("PRAGMA table_info(concept)")}
    finally:
        conn.close()
