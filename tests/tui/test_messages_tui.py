"""The TUI shows the file checks' messages without the command line's options (no --force)."""

from __future__ import annotations

from massnahmen.tui.dialogs.jobs import JobDialog
from tests.conftest import file_digest
from tests.tui.pilot import running
from tests.tui.test_documents_tui import error_of, fill, palette, submit


async def test_refused_export_targets_name_no_option(small_db, tmp_path):
    before = file_digest(small_db)
    foreign = tmp_path / "brief.csv"
    foreign.write_text("Liebe Kolleginnen\n", encoding="utf-8")
    async with running(small_db) as (app, pilot):
        await palette(pilot, "Exportieren")
        assert isinstance(app.screen, JobDialog)
        for path, expected in ((small_db, "ist die geöffnete Datenbank und wird nie überschrieben."),
                               (foreign, "die Datei wird nicht überschrieben.")):
            await fill(pilot, path=str(path))
            await submit(pilot)
            shown = error_of(app, "path")
            assert expected in shown and "--" not in shown, shown
    assert foreign.read_text(encoding="utf-8") == "Liebe Kolleginnen\n"
    assert file_digest(small_db) == before
