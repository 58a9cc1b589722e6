"""The command line face. `main` is the console script; the Typer app lives in cli.app."""


def main() -> None:
    from massnahmen.cli.app import app

    app()
