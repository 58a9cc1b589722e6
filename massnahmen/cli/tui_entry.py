"""`massnahmen` without a subcommand: the officers' TUI (Textual is imported only here)."""

from __future__ import annotations

import os

import typer


def open_tui(ctx: typer.Context) -> None:
    """Open the database first (a bad file gets its German message before any screen), then the app."""
    from massnahmen.cli.app import open_store

    store = open_store(ctx)  # MassnahmenError → "Fehler: …", exit 1, via the CLI's error handling
    try:
        from massnahmen.tui.app import run_tui

        run_tui(store, start=os.environ.get("MASSNAHMEN_TUI_START") or None)
    finally:
        store.close()
