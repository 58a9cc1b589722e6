"""The store's errors are typed, carry their data and speak plain German; the faces add their words
(the command line its options and commands, the TUI its keys and buttons)."""

import ast
from pathlib import Path

import pytest

import massnahmen
from massnahmen.cli import hints as cli_hints
from massnahmen.domain.errors import Ambiguous, AlreadyExists, DatabaseProblem, InUse, InvalidValue, NotFound
from massnahmen.store import catalog
from massnahmen.store.db import Store
from massnahmen.store.measures import MeasureFilter, get_measure, query_measures
from massnahmen.tui import hints as tui_hints

PACKAGE = Path(massnahmen.__file__).parent


@pytest.mark.parametrize("module", ["store/catalog.py", "store/measures.py"])
def test_store_strings_name_no_option_and_no_command(module):
    tree = ast.parse((PACKAGE / module).read_text(encoding="utf-8"))
    docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                  if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef)) and n.body
                  and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    texts = [n.value for n in ast.walk(tree)
             if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings]
    assert not [t for t in texts if "--" in t or "massnahmen " in t]


def _no_cli_words(text: str | None) -> bool:
    return text is None or ("--" not in text and "massnahmen " not in text)


def test_in_use_carries_its_data(small_db):
    with Store.open(small_db) as store:
        with pytest.raises(InUse) as field:
            catalog.remove_field(store, "1")
        with pytest.raises(InUse) as goal:
            catalog.remove_goal(store, "1.1")
        with pytest.raises(InUse) as contact:
            catalog.remove_contact(store, "Jobcenter Testkreis")
    assert (field.value.what, field.value.name, field.value.measures, field.value.choices) == (
        "field", "1 Bildung und Sprache", 2, ("move",))
    assert (goal.value.what, goal.value.name, goal.value.measures, goal.value.choices) == (
        "goal", "Sprachkursangebote ausbauen", 1, ("move", "clear"))
    assert (contact.value.what, contact.value.measures, contact.value.choices) == ("contact", 1, ("move", "clear"))
    for exc in (field.value, goal.value, contact.value):
        assert _no_cli_words(exc.message) and _no_cli_words(exc.hint)
        assert _no_cli_words(tui_hints.hint(exc)) and "Entf" in tui_hints.hint(exc)


def test_not_found_carries_kind_and_value(small_db):
    with Store.open(small_db) as store:
        cases = [
            (lambda: get_measure(store, "9.9"), "measure", "9.9"),
            (lambda: query_measures(store, MeasureFilter(field="Kultur")), "field", "Kultur"),
            (lambda: query_measures(store, MeasureFilter(goal="Nichts")), "goal", "Nichts"),
            (lambda: catalog.get_contact(store, "Niemand"), "contact", "Niemand"),
        ]
        for call, kind, value in cases:
            with pytest.raises(NotFound) as exc:
                call()
            assert (exc.value.kind, exc.value.value) == (kind, value)
            assert exc.value.hint is None and _no_cli_words(exc.value.message)
            assert cli_hints.hint(exc.value) == cli_hints.NOT_FOUND[kind]
            assert tui_hints.hint(exc.value) is None


def test_ambiguous_and_already_exists_carry_data(small_db):
    with Store.open(small_db) as store:
        catalog.add_contact(store, name="Anna Berg", organisation="Caritas")
        catalog.add_contact(store, name="Anna Berg", organisation="Diakonie")
        with pytest.raises(Ambiguous) as amb:
            catalog.get_contact(store, "Anna Berg")
        with pytest.raises(AlreadyExists) as dup:
            catalog.add_field(store, "7", "Bildung und Sprache")
    assert amb.value.kind == "contact" and len(amb.value.candidates) == 2 and amb.value.hint is None
    assert cli_hints.hint(amb.value) == f"Mit der Nummer wählen, z. B. #{amb.value.candidates[0]}"
    assert (dup.value.kind, dup.value.value) == ("field", "1 Bildung und Sprache")


def test_refused_values_name_their_parameter(small_db):
    with Store.open(small_db) as store:
        with pytest.raises(InvalidValue) as same:
            catalog.remove_contact(store, "Jobcenter Testkreis", reassign_to="Jobcenter Testkreis")
        with pytest.raises(InvalidValue) as status:
            query_measures(store, MeasureFilter(statuses=["halb fertig"]))
    assert same.value.param == "reassign_to" and same.value.message.startswith("An wen: ")
    assert cli_hints.message(same.value) == "--reassign: muss ein anderer Kontakt sein"
    assert status.value.param == "statuses" and not status.value.message.startswith("--")
    assert cli_hints.message(status.value).startswith("--status: „halb fertig“ ist unbekannt")


def test_file_level_commands_are_the_command_lines_only(tmp_path):
    with pytest.raises(DatabaseProblem) as exc:
        Store.open(tmp_path / "fehlt.db")
    assert exc.value.hint is None and "massnahmen --db" not in str(exc.value)
    assert "massnahmen --db" in cli_hints.hint(exc.value)
    assert tui_hints.hint(exc.value) is None


# -- the command line's output is what it was before the store lost its option names ---------------
@pytest.mark.parametrize("args, stderr", [
    (["fields", "remove", "1"],
     "Fehler: Im Handlungsfeld „1 Bildung und Sprache“ stehen 2 Maßnahmen (1.1.1, 1.1.2).\n"
     "Hinweis: Mit --move-to ANDERES_FELD verschieben (die Ziele ziehen mit); "
     "Maßnahmen werden nie stillschweigend gelöscht.\n"),
    (["fields", "remove", "1", "--move-to", "1"], "Fehler: --move-to: muss ein anderes Handlungsfeld sein\n"),
    (["fields", "remove-goal", "1.1"],
     "Fehler: Dem Ziel „Sprachkursangebote ausbauen“ dient 1 Maßnahme (1.1.1).\n"
     "Hinweis: Mit --move-to ANDERES_ZIEL übertragen oder mit --clear das Ziel bei ihnen leeren.\n"),
    (["contacts", "remove", "Jobcenter Testkreis"],
     "Fehler: „Jobcenter Testkreis“ ist für 1 Maßnahme zuständig (5.1).\n"
     "Hinweis: Mit --reassign ANDERER_KONTAKT übertragen oder mit --clear die Zuständigkeit leeren.\n"),
    (["contacts", "remove", "Jobcenter Testkreis", "--reassign", "Jobcenter Testkreis"],
     "Fehler: --reassign: muss ein anderer Kontakt sein\n"),
    (["show", "9.9"], "Fehler: Maßnahme „9.9“ gibt es nicht.\nHinweis: Vorhandene zeigt: massnahmen list\n"),
    (["contacts", "show", "Niemand"],
     "Fehler: Kontakt „Niemand“ gibt es nicht.\n"
     "Hinweis: Anlegen mit: massnahmen contacts add NAME --organisation ORG\n"),
    (["contacts", "show", "#99"], "Fehler: Kontakt #99 gibt es nicht.\n"),
    (["list", "--field", "Kultur"],
     "Fehler: Handlungsfeld „Kultur“ gibt es nicht; vorhanden: 1 Bildung und Sprache; 5 Arbeit und Ausbildung\n"
     "Hinweis: Anlegen mit: massnahmen fields add KÜRZEL NAME\n"),
    (["list", "--goal", "Nichts"],
     "Fehler: Ziel „Nichts“ gibt es nicht.\nHinweis: Anlegen mit: massnahmen fields add-goal FELD ZIEL\n"),
])
def test_cli_output_unchanged(cli, small_db, args, stderr):
    r = cli(small_db, *args)
    assert r.exit_code == 1
    assert r.stderr == stderr


def test_the_tui_shows_no_command_line_words(small_db, tmp_path):
    from massnahmen.store.problems import translate_error
    from massnahmen.tui.runtime.app import MassnahmenApp

    shown = []

    class Toasts:
        def notify(self, message, **_):
            shown.append(message)

    with Store.open(small_db) as store:
        with pytest.raises(InUse) as in_use:
            catalog.remove_contact(store, "Jobcenter Testkreis")
    import sqlite3
    damaged = translate_error(sqlite3.DatabaseError("file is not a database"), tmp_path / "x.db")
    assert "massnahmen --db" in cli_hints.hint(damaged)
    for exc in (in_use.value, damaged):
        MassnahmenApp.show_error(Toasts(), exc)
    assert len(shown) == 2 and all(_no_cli_words(m) for m in shown)
    assert "„Übertragen und entfernen“ oder „Zuständigkeit leeren und entfernen“" in shown[0]
