"""The TUI on a file that passed the check the start does before the first screen: no error shown,
and a stray SQLite error later is German as well (the CLI's side: tests/cli/test_damaged_files.py)."""

from __future__ import annotations

import sqlite3

import pytest

from massnahmen.domain.errors import DatabaseProblem
from massnahmen.store.db import Store
from massnahmen.tui.runtime.app import MassnahmenApp
from tests.cli.test_damaged_files import DAMAGED
from tests.tui.pilot import notifications, settle

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def test_tui_pilot_on_a_healthy_file_after_the_check(small_db):
    store = Store.open(small_db)
    store.verify_in_background()()  # what the start does before the first screen
    app = MassnahmenApp(store, poll_seconds=0)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            assert not [n for n in notifications(app) if n.severity == "error"]

            def broken(_store):
                raise sqlite3.DatabaseError("database disk image is malformed")

            with pytest.raises(DatabaseProblem) as problem:  # a stray sqlite error: German as well
                app.db.call(broken)
            assert DAMAGED in problem.value.message
    finally:
        store.close()
