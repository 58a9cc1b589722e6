"""The command line face. `main` is the console script; the Typer app lives in cli.app.

Every call goes through Typer; the root group imports a command's module and builds that one
command only when it is called (cli.base.COMMAND_MODULES), and `massnahmen` without a subcommand
opens the TUI from the root callback. Typer itself costs about 50 ms of a call; benchmarks/status
and benchmarks/cli compare the whole call with Taskwarrior."""

from __future__ import annotations


def main() -> None:
    from massnahmen.cli.app import app

    app()
