"""The command line as a German office expects it: version, suggestions, German placeholders,
office words for status and Ampel, and the settings named in the help."""

from __future__ import annotations

import re

import pytest

from massnahmen.domain import settings
from massnahmen.domain.errors import UsageProblem
from massnahmen.domain.vocab import ASSESSMENT, STATUS


def test_version_is_printed(cli):
    from importlib.metadata import version

    r = cli(None, "--version")
    assert r.exit_code == 0
    assert r.stdout.strip() == f"massnahmen {version('massnahmen')}"


@pytest.mark.parametrize("typed,meant", [("lst", "list"), ("stauts", "status"), ("hisotry", "history")])
def test_mistyped_command_gets_a_suggestion(cli, typed, meant):
    r = cli(None, typed)
    assert r.exit_code == 2
    assert f"Den Befehl „{typed}“ gibt es nicht. Meinten Sie „{meant}“?" in r.stderr


def test_mistyped_subcommand_of_a_group_gets_a_suggestion(cli):
    r = cli(None, "contacts", "lsit")
    assert r.exit_code == 2
    assert "Meinten Sie „list“?" in r.stderr


def test_unrelated_word_gets_no_suggestion(cli):
    r = cli(None, "xyzzy")
    assert r.exit_code == 2
    assert "Den Befehl „xyzzy“ gibt es nicht." in r.stderr
    assert "Meinten Sie" not in r.stderr


def _all_help_pages(cli) -> dict[str, str]:
    from massnahmen.cli.app import app
    from typer.main import get_command

    root = get_command(app)
    pages = {"": cli(None, "--help").stdout}
    for name in root.list_commands(None):
        command = root.get_command(None, name)
        pages[name] = cli(None, name, "--help").stdout
        for sub in getattr(command, "commands", {}) or {}:
            pages[f"{name} {sub}"] = cli(None, name, sub, "--help").stdout
    return pages


def test_help_pages_show_no_python_types(cli):
    pages = _all_help_pages(cli)
    assert len(pages) > 15
    for name, text in pages.items():
        assert "Optionen:" in text, name
        assert not re.search(r"<(str|int|float|path|list\[[a-z]+\])>", text), (name, text)


# words of click and Typer's English help and usage, and Textual's, that must not reach a German page
ENGLISH = re.compile(r"\b(Usage|Options|Arguments|Commands|OPTIONS|ARGS|COMMAND|Dismiss|Show this message|"
                     r"default|required|env var|Error|Missing|Try)\b|\{[a-z_]+\}")


def test_help_pages_and_usage_errors_are_german(cli):
    from massnahmen.cli.app import app
    from typer.main import get_command

    pages = _all_help_pages(cli)
    for name, text in pages.items():
        head = text.splitlines()[0]
        assert head.startswith("Aufruf: ") and "[OPTIONEN]" in head, (name, head)
        found = ENGLISH.search(text)
        assert found is None, (name, found.group(0), text)
    assert pages[""].splitlines()[0].endswith(" [OPTIONEN] BEFEHL [ANGABEN]...")
    assert pages["show"].splitlines()[0].endswith(" show [OPTIONEN] NR")
    assert pages["backup"].splitlines()[0].endswith(" backup [OPTIONEN] [ZIEL]")
    assert pages["contacts edit"].splitlines()[0].endswith(" contacts edit [OPTIONEN] KONTAKT")
    # every command called without its required argument names it in German
    root = get_command(app)
    commands = [(name, c) for name, c in root.commands.items()]
    commands += [(f"{name} {sub}", c) for name, group in root.commands.items()
                 for sub, c in (getattr(group, "commands", {}) or {}).items()]
    checked = 0
    for name, command in commands:
        if not any(p.param_type_name == "argument" and p.required for p in command.params):
            continue
        result = cli(None, *name.split())
        assert result.exit_code == 2, (name, result.output)
        assert ENGLISH.search(result.stderr) is None and "Die Angabe „" in result.stderr, (name, result.stderr)
        checked += 1
    assert checked > 10
    assert "Die Angabe „Nr.“ fehlt." in cli(None, "show").stderr
    assert "Die Angabe „Datei“ fehlt." in cli(None, "import").stderr


def test_root_help_names_every_setting_and_completion(cli):
    text = cli(None, "--help").stdout
    for name in (settings.DB, settings.USER, settings.BUSY_TIMEOUT, settings.TUI_START, settings.TODAY):
        assert name in text
    assert "--install-completion" in text
    assert "Tab-Vervollständigung" in text
    assert "Install completion" not in text


def test_db_option_reads_its_environment_variable(cli, small_db, monkeypatch):
    monkeypatch.setenv(settings.DB, str(small_db))
    r = cli(None, "list", "--format", "json")
    assert r.exit_code == 0, r.stderr
    assert r.stdout.lstrip().startswith("[")


def test_a_broken_fixed_day_is_a_usage_error(cli, small_db, monkeypatch):
    monkeypatch.setenv(settings.TODAY, "morgen")
    with pytest.raises(UsageProblem, match="MASSNAHMEN_TODAY=„morgen“ ist kein Datum"):
        settings.fixed_today()
    r = cli(small_db, "due")
    assert r.exit_code == 2
    assert "MASSNAHMEN_TODAY" in r.stderr
    assert "Traceback" not in r.stderr


def test_busy_timeout_falls_back_on_nonsense(monkeypatch):
    monkeypatch.setenv(settings.BUSY_TIMEOUT, "bald")
    assert settings.busy_timeout() == settings.DEFAULT_BUSY_TIMEOUT
    monkeypatch.setenv(settings.BUSY_TIMEOUT, "0.5")
    assert settings.busy_timeout() == 0.5


@pytest.mark.parametrize("word,key", [
    ("läuft", "in_umsetzung"), ("laeuft", "in_umsetzung"), ("in Planung", "geplant"),
    ("in Vorbereitung", "geplant"), ("beendet", "umgesetzt"), ("gestoppt", "verworfen"),
    ("eingestellt", "verworfen"), ("in_umsetzung", "in_umsetzung"), ("in Umsetzung", "in_umsetzung"),
])
def test_office_status_words(word, key):
    assert STATUS.parse(word) == key


def test_ampel_is_the_one_word(cli, small_db):
    assert ASSESSMENT.name == "Ampel"
    header = cli(small_db, "export", "--format", "csv").stdout.splitlines()[0]
    assert ";Ampel;" in header
    assert "Bewertung" not in header
    r = cli(small_db, "edit", "1.1.1", "--assessment", "lila")
    assert r.exit_code == 1
    assert "Ampel: „lila“ ist unbekannt; erlaubt: grün, gelb, rot" in r.stderr


def test_stand_and_bewertung_columns_are_understood(cli, small_db, tmp_path):
    path = tmp_path / "liste.csv"
    path.write_text("Nr;Maßnahme;Handlungsfeld;Stand;Bewertung\n"
                    "1.9;Lesepatenschaften;1;läuft;gelb\n", encoding="utf-8")
    r = cli(small_db, "import", str(path))
    assert r.exit_code == 0, r.stderr
    shown = cli(small_db, "show", "1.9", "--format", "json")
    data = __import__("json").loads(shown.stdout)
    assert (data["status"], data["assessment"]) == ("in_umsetzung", "gelb")


def test_every_registered_command_is_in_the_lazy_table():
    """The root group builds a command from the module cli.base.COMMAND_MODULES names; a command a
    module registers but the table lacks would be unreachable."""
    import importlib

    from typer.main import get_command_name

    from massnahmen.cli.base import COMMAND_MODULES, app

    for module in COMMAND_MODULES:
        importlib.import_module(f"massnahmen.cli.{module}")
    registered = {info.name or get_command_name(info.callback.__name__) for info in app.registered_commands}
    registered |= {group.name for group in app.registered_groups}
    listed = {name for names in COMMAND_MODULES.values() for name in names}
    assert registered == listed


def test_a_call_builds_only_its_own_command():
    """`show` imports its module and builds one command: the other command modules stay unloaded."""
    import subprocess
    import sys

    code = ("import sys\nfrom typer.testing import CliRunner\nfrom massnahmen.cli.app import app\n"
            "CliRunner().invoke(app, ['show', '--help'])\n"
            "print(sorted(m for m in sys.modules if m.startswith('massnahmen.cli.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    loaded = set(eval(out))
    assert "massnahmen.cli.measures" in loaded
    assert not loaded & {"massnahmen.cli.ideas", "massnahmen.cli.requests", "massnahmen.cli.admin"}


def test_command_lists_never_cut_a_help_at_an_abbreviation(cli):
    """A command's short help is its first sentence: „z. B.“ in it would end the sentence at „z.“."""
    for name, text in _all_help_pages(cli).items():
        listed = text.split("Befehle:", 1)[1] if "Befehle:" in text else ""
        for line in listed.splitlines():
            assert not re.search(r"\b\w{1,2}\.$", line.strip()), (name, line)
