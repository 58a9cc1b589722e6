"""The command line face. `main` is the console script; the Typer app lives in cli.app.

One fast path: a plain `massnahmen [--db F] [--user U] status [--format X] [--today D]` is parsed
here and runs without building the Typer app, whose parameter handling alone (it loads pydantic
for every command) costs more than the whole overview. Anything else – help, unknown options,
other commands – goes to Typer, which then also reports usage errors."""

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


def main() -> None:
    fast = fast_status_args(sys.argv[1:])
    if fast is not None:
        from massnahmen.cli.output import report_error
        from massnahmen.cli.status_view import run_status
        from massnahmen.domain.errors import MassnahmenError

        import sqlite3

        try:
            run_status(**fast)
        except MassnahmenError as exc:
            sys.exit(report_error(exc))
        except sqlite3.Error as exc:
            from massnahmen.store.db import resolve_db_path
            from massnahmen.store.problems import translate_error

            sys.exit(report_error(translate_error(exc, resolve_db_path(fast["db"]))))
        except KeyboardInterrupt:
            sys.exit(130)
        return
    from massnahmen.cli.app import app

    app()
