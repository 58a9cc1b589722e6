"""The Typer app object and what every command module shares: German usage errors and help,
error handling, the global state (--db, --user) and opening the store.

The command modules register their commands on `app`; cli.app imports them and adds the root
callback, so nothing here imports a command module (no import cycles)."""

from __future__ import annotations

import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path

import typer
from typer._click.exceptions import UsageError  # Typer carries its own copy of click
from typer.core import TyperGroup, TyperOption

from massnahmen.domain.errors import MassnahmenError

EXIT_USAGE = 2


def _hint(exc) -> str:
    param = getattr(exc, "param", None)
    if getattr(exc, "param_hint", None):
        hint = exc.param_hint
        return " / ".join(hint) if isinstance(hint, (list, tuple)) else str(hint)
    if param is not None:
        return " / ".join(getattr(param, "opts", None) or [param.name or ""])
    return ""


_VALUE_PROBLEMS = (
    ("valid int", "erwartet wird eine ganze Zahl"),
    ("valid float", "erwartet wird eine Zahl"),
    ("valid number", "erwartet wird eine Zahl"),
    ("greater than", "der Wert ist zu klein"),
    ("less than", "der Wert ist zu groß"),
    ("range", "der Wert liegt außerhalb des erlaubten Bereichs"),
)


def german_usage(exc) -> str:
    """Click's (English) usage errors in German."""
    name = type(exc).__name__
    message = str(getattr(exc, "message", exc))
    if name == "NoSuchOption":
        text = f"Die Option „{exc.option_name}“ gibt es hier nicht."
        if exc.possibilities:
            text += " Meinten Sie " + " oder ".join(f"„{p}“" for p in sorted(exc.possibilities)) + "?"
        return text
    if name == "MissingParameter":
        if exc.param is not None and getattr(exc.param, "param_type_name", "") == "argument":
            return f"Die Angabe „{argument_label(exc.param)}“ fehlt."
        what = "Die Angabe" if getattr(exc, "param_type", "") == "argument" else "Die Option"
        return f"{what} „{_hint(exc)}“ fehlt."
    if name == "BadParameter":
        detail = next((german for english, german in _VALUE_PROBLEMS if english in message), "ungültiger Wert")
        return f"„{_hint(exc)}“: {detail}."
    if message.startswith("No such command"):
        command = message.split("'")[1] if "'" in message else message
        return f"Den Befehl „{command}“ gibt es nicht." + _suggestion(command, getattr(exc, "ctx", None))
    if message.startswith("Got unexpected extra argument"):
        extra = message[message.rfind(" (") + 2 : message.rfind(")")]
        return f"Zu viele Angaben: „{extra}“."
    if "requires an argument" in message:
        option = message.split("'")[1] if "'" in message else ""
        return f"Die Option „{option}“ braucht einen Wert."
    return f"Falscher Aufruf ({message})."


def _suggestion(word: str, ctx) -> str:
    """' Meinten Sie „list“?' for a mistyped subcommand, else ''."""
    import difflib

    list_commands = getattr(getattr(ctx, "command", None), "list_commands", None)
    names = sorted(list_commands(ctx)) if list_commands is not None else []
    close = difflib.get_close_matches(word.lower(), names, n=2, cutoff=0.6)
    return (" Meinten Sie " + " oder ".join(f"„{c}“" for c in close) + "?") if close else ""


# Typer shows a value's type (<str>, <int>) where no metavar is given; an office reads German
# placeholders instead.
_METAVARS = {"str": "TEXT", "text": "TEXT", "int": "ZAHL", "integer": "ZAHL", "float": "ZAHL", "path": "DATEI"}

_COMPLETION_HELP = {
    "--install-completion": "Tab-Vervollständigung für die aktuelle Shell einrichten.",
    "--show-completion": "Das Skript der Tab-Vervollständigung zeigen (zum Kopieren oder Anpassen).",
}


# the placeholders of arguments without a metavar of their own: by the parameter's name, and for
# a reference by what the command group is about
_ARGUMENTS = {"code": "NR", "dest": "ZIEL", "out": "DATEI", "file": "DATEI", "name": "NAME", "field": "FELD"}
_REFERENCES = {"contacts": "KONTAKT", "edit-goal": "ZIEL", "remove-goal": "ZIEL", "fields": "FELD"}
# how a missing argument is named in the error („Die Angabe „Nr.“ fehlt.“)
_ARGUMENT_LABELS = {"NR": "Nr.", "ID": "ID", "ID...": "ID"}


def _argument_metavar(name: str, path: tuple[str, ...]) -> str:
    if name == "ref":
        return next((_REFERENCES[p] for p in reversed(path) if p in _REFERENCES), "NAME")
    return _ARGUMENTS.get(name, name.upper())


def _usage_name(param):
    """An argument on the usage line: required ones plain (NR), optional ones in brackets ([ZIEL])."""

    def name() -> str:
        text = param.metavar or param.name.upper()
        if not param.required and not text.startswith("["):
            text = f"[{text}]"
        if param.nargs != 1 and not text.rstrip("]").endswith("..."):
            text += "..."
        return text

    return name


def argument_label(param) -> str:
    """„Nr.“, „Datei“: an argument as the German error message names it."""
    metavar = (getattr(param, "metavar", None) or getattr(param, "name", "") or "").strip("[]")
    return _ARGUMENT_LABELS.get(metavar) or metavar.capitalize()


def _germanise(command, path: tuple[str, ...] = ()) -> None:
    """German metavars and usage words on a command and everything below it."""
    if getattr(command, "options_metavar", None) == "[OPTIONS]":
        command.options_metavar = "[OPTIONEN]"
    if getattr(command, "subcommand_metavar", None) == "COMMAND [ARGS]...":
        command.subcommand_metavar = "BEFEHL [ANGABEN]..."
    for param in getattr(command, "params", ()):
        if param.param_type_name == "argument":  # its name is its placeholder already
            param.display_type_rich = lambda ctx: None
            if param.metavar is None:
                param.metavar = _argument_metavar(param.name or "", path)
            usage = _usage_name(param)
            param.get_usage_pieces = lambda ctx, name=usage: [name()]
            continue
        if param.metavar is None and not getattr(param, "is_flag", False):
            param.metavar = _METAVARS.get(getattr(param.type, "name", ""), "WERT")
    for name, sub in (getattr(command, "commands", None) or {}).items():
        _germanise(sub, (*path, name))


def _usage_exit(exc) -> typer.Exit:
    ctx = getattr(exc, "ctx", None)
    command = " ".join(["massnahmen", *ctx.command_path.split()[1:]]) if ctx is not None else "massnahmen"
    from massnahmen.cli.output import write

    write(f"Fehler: {german_usage(exc)}\nHinweis: {command} --help zeigt alle Angaben.\n", err=True)
    return typer.Exit(EXIT_USAGE)


class _Group(TyperGroup):
    """Turns every MassnahmenError into a German message on stderr and its exit code, and click's
    usage errors into German ones (exit 2)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _germanise(self, (self.name,) if self.name else ())

    def get_params(self, ctx):
        params = super().get_params(ctx)
        for param in params:  # Typer appends the completion options after building the group
            if isinstance(param, TyperOption) and param.opts and param.opts[0] in _COMPLETION_HELP:
                param.help = _COMPLETION_HELP[param.opts[0]]
        return params

    def make_context(self, info_name, args, parent=None, **extra):
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except UsageError as exc:
            if type(exc).__name__ == "NoArgsIsHelpError":
                raise
            raise _usage_exit(exc) from None

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except UsageError as exc:
            if type(exc).__name__ == "NoArgsIsHelpError":
                raise
            raise _usage_exit(exc) from None
        except MassnahmenError as exc:
            from massnahmen.cli.output import report_error

            raise typer.Exit(report_error(exc)) from None
        except sqlite3.Error as exc:
            from massnahmen.cli.output import report_error

            raise typer.Exit(report_error(sqlite_problem(ctx, exc))) from None
        except KeyboardInterrupt:
            sys.stderr.write("Abgebrochen.\n")
            raise typer.Exit(130) from None


_HELP_WORDS = {
    "Arguments": "Angaben",
    "Options": "Optionen",
    "Commands": "Befehle",
    "required": "erforderlich",
    "default: {default}": "Standard: {default}",
    "env var: {var}": "Umgebungsvariable: {var}",
    "(dynamic)": "(veränderlich)",
    "Aborted!": "Abgebrochen.",
}


def _german_help() -> None:
    """The help pages' own words in German (Typer and its click take them from module-level names).
    If a later Typer moves them, the help simply stays English; nothing else depends on this."""
    try:
        import typer.core as typer_core
        from typer._click import decorators, formatting
    except ImportError:  # pragma: no cover
        return
    if getattr(typer_core, "_", None) is not None and not getattr(typer_core._, "german", False):
        english = typer_core._

        def german(message: str) -> str:
            return _HELP_WORDS.get(message) or english(message)

        german.german = True  # type: ignore[attr-defined]  # marks the replacement, so it is made once
        typer_core._ = german
    original_help_option = decorators.help_option
    if not getattr(original_help_option, "german", False):

        def help_option(*args, **kwargs):
            make = original_help_option(*args, **kwargs)

            def apply(command):
                result = make(command)
                command.params[-1].help = "Diese Hilfe zeigen."
                return result

            return apply

        help_option.german = True  # type: ignore[attr-defined]  # marks the replacement
        decorators.help_option = help_option
    write_usage = formatting.HelpFormatter.write_usage
    if not getattr(write_usage, "german", False):

        def write_usage_german(self, prog, args="", prefix=None):
            return write_usage(self, prog, args, "Aufruf: " if prefix is None else prefix)

        write_usage_german.german = True  # type: ignore[attr-defined]  # marks the replacement
        formatting.HelpFormatter.write_usage = write_usage_german  # type: ignore[method-assign]  # the German usage line


# Which module registers each command: a command's module is imported, and only its command built,
# when it is called (Typer would otherwise inspect all of them, 40-odd functions, on every call).
# tests/cli/test_cli_conventions.py checks that this table names every command the modules register.
COMMAND_MODULES = {
    "measures": ("list", "show", "add", "edit", "review", "history", "archive", "restore"),
    "reports": ("status", "due", "report", "changes"),
    "io": ("import", "export"),
    "admin": ("init", "concept", "contacts", "fields", "backup", "demo"),
    "ideas": ("ideas",),
    "requests": ("request",),
}
_MODULE_OF = {name: module for module, names in COMMAND_MODULES.items() for name in names}


class _RootGroup(_Group):
    """The root command: builds a command from its module when it is asked for (a call, help, or
    completion), not all commands on every call."""

    def list_commands(self, ctx):
        return sorted(set(self.commands) | set(_MODULE_OF))

    def get_command(self, ctx, cmd_name):
        if cmd_name not in self.commands and cmd_name in _MODULE_OF:
            command = build_command(cmd_name)
            _germanise(command, (cmd_name,))
            self.commands[cmd_name] = command
        return self.commands.get(cmd_name)


def build_command(name: str):
    """The click command `name`, after importing the module that registers it on `app`."""
    import importlib

    from typer.main import get_command_from_info, get_command_name, get_group_from_info

    importlib.import_module(f"massnahmen.cli.{_MODULE_OF[name]}")
    short, markup = app.pretty_exceptions_short, app.rich_markup_mode
    for info in app.registered_commands:
        if (info.name or (info.callback and get_command_name(info.callback.__name__))) == name:
            return get_command_from_info(info, pretty_exceptions_short=short, rich_markup_mode=markup)
    for group in app.registered_groups:
        if group.name == name:
            return get_group_from_info(
                group, suggest_commands=app.suggest_commands, pretty_exceptions_short=short, rich_markup_mode=markup
            )
    raise LookupError(f"massnahmen.cli.{_MODULE_OF[name]} registers no command {name!r}")


_german_help()

app = typer.Typer(
    cls=_RootGroup,
    help="Maßnahmen eines Integrationskonzepts pflegen: Status, Sachstände, Wiedervorlagen.\n\n"
    "Ohne Unterbefehl öffnet sich die Arbeitsoberfläche (TUI).",
    no_args_is_help=False,
    add_completion=True,
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


def open_store(ctx: typer.Context, *, verify: bool = False):
    """Open the database named by --db / $MASSNAHMEN_DB / ./massnahmen.db (verify: read every page
    first, for commands that must not start from a damaged file)."""
    from massnahmen.store.db import Store

    s = state(ctx)
    return Store.open(s.db, s.user, verify=verify)


def protected_paths(ctx) -> list[Path]:
    """The database this command works on: never an output file (store.files refuses it)."""
    from massnahmen.store.db import resolve_db_path

    return [resolve_db_path(state(ctx).db)]


def sqlite_problem(ctx, exc):
    """A stray sqlite3 error (one no store function translated) as the German message."""
    from massnahmen.store.db import resolve_db_path
    from massnahmen.store.problems import translate_error

    db = state(ctx).db if ctx is not None else None
    return translate_error(exc, resolve_db_path(db))
