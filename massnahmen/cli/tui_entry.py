"""`massnahmen` without a subcommand: the officers' TUI (Textual is imported only here)."""

from __future__ import annotations

import os

from massnahmen.domain import settings

FULL_CHECK_MAX_BYTES = 64 * 1024 * 1024  # larger files start after the cheap checks only


def open_tui(ctx) -> None:
    """`massnahmen [--db DATEI] [--user NAME]` as Typer parsed it."""
    from massnahmen.cli.base import state

    run_tui_on(state(ctx).db, state(ctx).user)


def run_tui_on(db: str | os.PathLike | None, user: str | None) -> None:
    """Open the database first (a bad file gets its German message before any screen), then the app."""
    from massnahmen.store.db import Store

    start = settings.tui_start()  # UsageProblem → "Fehler: …", exit 2, before the file is opened
    store = Store.open(db, user)  # MassnahmenError → "Fehler: …", exit 1, via the CLI's error handling
    # Every page is read once (a zeroed page anywhere would otherwise surface as error toasts on
    # the screens); it runs while Textual is imported and must be done before the first screen.
    verified = store.verify_in_background(max_bytes=FULL_CHECK_MAX_BYTES)
    from massnahmen.tui.runtime.quiet import start_without_collector  # (no Textual in it)

    try:
        with start_without_collector():  # until the first frame (tui/runtime/quiet.py says why)
            from massnahmen.tui.runtime.app import run_tui

            verified()
            run_tui(store, start=start)
    finally:
        store.close()
