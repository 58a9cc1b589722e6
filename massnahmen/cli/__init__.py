"""The command line face. `main` is the console script; the Typer app lives in cli.app.

Two fast paths: a plain `massnahmen [--db F] [--user U] status [--format X] [--today D]`, and
`massnahmen [--db F] [--user U]` that opens the TUI, are parsed here and run without building the
Typer app, whose parameter handling alone (it loads pydantic for every command) costs more than
the whole overview, and a tenth of a second of the TUI's start. Anything else – help, unknown
options, other commands – goes to Typer, which then also reports usage errors."""

from __future__ import annotations

import sys

_GLOBAL = ("--db", "--user")
_STATUS = ("--format", "--today")


def _options(tokens: list[str], names: tuple[str, ...]) -> dict[str, str] | None:
    """--name VALUE / --name=VALUE pairs for the given names; None for anything else."""
    found: dict[str, str] = {}
    i = 0
    while i < len(tokens):
        token = tokens[i]
        name, eq, value = token.partition("=")
        if name not in names or name in found:
            return None
        if not eq:
            if i + 1 >= len(tokens) or tokens[i + 1].startswith("-"):
                return None
            value = tokens[i + 1]
            i += 1
        found[name] = value
        i += 1
    return found


def fast_status_args(argv: list[str]) -> dict | None:
    """The arguments of a plain status call, or None when Typer should handle argv."""
    if "status" not in argv:
        return None
    at = argv.index("status")
    before, after = _options(argv[:at], _GLOBAL), _options(argv[at + 1:], _STATUS)
    if before is None or after is None:
        return None
    return {"db": before.get("--db"), "user": before.get("--user"),
            "fmt": after.get("--format", "table"), "today": after.get("--today")}


def fast_tui_args(argv: list[str]) -> dict | None:
    """The arguments of a plain TUI start (only --db and --user), or None when Typer should handle argv."""
    options = _options(argv, _GLOBAL)
    if options is None:
        return None
    return {"db": options.get("--db"), "user": options.get("--user")}


def _run_fast(run, db: str | None) -> None:
    """run() with the CLI's German error messages and exit codes (as Typer's commands have them)."""
    import sqlite3

    from massnahmen.cli.output import report_error
    from massnahmen.domain.errors import MassnahmenError

    try:
        run()
    except MassnahmenError as exc:
        sys.exit(report_error(exc))
    except sqlite3.Error as exc:
        from massnahmen.store.db import resolve_db_path
        from massnahmen.store.problems import translate_error

        sys.exit(report_error(translate_error(exc, resolve_db_path(db))))
    except KeyboardInterrupt:
        sys.exit(130)


def main() -> None:
    argv = sys.argv[1:]
    status = fast_status_args(argv)
    if status is not None:
        from massnahmen.cli.status_view import run_status

        _run_fast(lambda: run_status(**status), status["db"])
        return
    tui = fast_tui_args(argv)
    if tui is not None:
        from massnahmen.cli.tui_entry import run_tui_on

        _run_fast(lambda: run_tui_on(**tui), tui["db"])
        return
    from massnahmen.cli.app import app

    app()
