"""The Typer app: global options, error handling, and registration of the command modules.

Command modules import the store, rich and friends inside their functions, so that a quick
read-only command loads only what it uses."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import typer
from typer.core import TyperGroup

from massnahmen.domain.errors import MassnahmenError

EXIT_REFUSED = 1
EXIT_USAGE = 2


class _Group(TyperGroup):
    """Turns every MassnahmenError into a German message on stderr and its exit code."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except MassnahmenError as exc:
            from massnahmen.cli.output import report_error

            raise typer.Exit(report_error(exc)) from None
        except KeyboardInterrupt:
            sys.stderr.write("Abgebrochen.\n")
            raise typer.Exit(130) from None


app = typer.Typer(
    cls=_Group,
    help="Maßnahmen eines Integrationskonzepts pflegen: Status, Sachstände, Wiedervorlagen.\n\n"
    "Ohne Unterbefehl öffnet sich die Arbeitsoberfläche (TUI).",
    no_args_is_help=False,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@dataclass
class State:
    db: Path | None
    user: str | None


def state(ctx: typer.Context) -> State:
    root = ctx.find_root()
    if not isinstance(root.obj, State):
        root.obj = State(None, None)
    return root.obj


def open_store(ctx: typer.Context):
    """Open the database named by --db / $MASSNAHMEN_DB / ./massnahmen.db."""
    from massnahmen.store.db import Store

    s = state(ctx)
    return Store.open(s.db, s.user)


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    db: Path = typer.Option(None, "--db", help="Datenbankdatei (sonst $MASSNAHMEN_DB, sonst ./massnahmen.db)."),
    user: str = typer.Option(None, "--user", help="Wer ändert (sonst $MASSNAHMEN_USER, sonst der Anmeldename)."),
) -> None:
    ctx.obj = State(db, user)
    if ctx.invoked_subcommand is None:
        from massnahmen.cli.tui_entry import open_tui

        open_tui(ctx)


# Each module registers its commands on `app` when imported (one line per module).
COMMAND_MODULES = (
    "massnahmen.cli.measures",
    "massnahmen.cli.admin",
    "massnahmen.cli.reports",
    "massnahmen.cli.io",
)


def _register() -> None:
    import importlib

    for name in COMMAND_MODULES:
        importlib.import_module(name)


_register()
