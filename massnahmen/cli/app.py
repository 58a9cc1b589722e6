"""The whole command line: the root callback (global options, the TUI without a subcommand). The
command modules register their commands on the shared app when imported; the root group imports a
module only when one of its commands is called (cli.base.COMMAND_MODULES)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from massnahmen.cli.base import State, app
from massnahmen.domain import settings

__all__ = ["app"]


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            number = version("massnahmen")
        except PackageNotFoundError:  # run from a source tree that was never installed
            number = "unbekannt"
        sys.stdout.write(f"massnahmen {number}\n")
        raise typer.Exit(0)


@app.callback(invoke_without_command=True, epilog="Umgebungsvariablen:\n\n" + settings.help_text())
def root(
    ctx: typer.Context,
    db: Annotated[
        Path | None,
        typer.Option(
            "--db",
            metavar="DATEI",
            envvar=settings.DB,
            show_envvar=True,
            help="Datenbankdatei (sonst ./massnahmen.db).",
        ),
    ] = None,
    user: Annotated[
        str | None,
        typer.Option(
            "--user", metavar="NAME", envvar=settings.USER, show_envvar=True, help="Wer ändert (sonst der Anmeldename)."
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", is_eager=True, callback=_version, help="Die Version zeigen und beenden.")
    ] = False,
) -> None:
    ctx.obj = State(db, user)
    if ctx.invoked_subcommand is None:
        from massnahmen.cli.tui_entry import open_tui  # Textual is loaded only for the TUI

        open_tui(ctx)
