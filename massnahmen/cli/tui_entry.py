"""`massnahmen` without a subcommand: the officers' TUI."""

from __future__ import annotations

import typer

from massnahmen.cli.output import echo


def open_tui(ctx: typer.Context) -> None:
    echo("Die Arbeitsoberfläche (TUI) ist noch in Arbeit.")
    echo("Bis dahin: massnahmen --help zeigt alle Befehle, z. B. massnahmen --db sample.db list")
