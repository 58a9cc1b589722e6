"""The CLI's tables and `show` at an 80-column terminal: text wraps at word boundaries, no date,
code or word is cut, no line is wider than the terminal; piped, tables are tab-separated lines
without padding."""

import json
import re
import sys

import pytest

from massnahmen.cli import output
from massnahmen.cli.output import Col, column_widths

DATE = re.compile(r"\d\d\.\d\d\.\d{4}")


@pytest.fixture
def terminal(monkeypatch):
    """Make the CLI believe stdout is a terminal `width` columns wide (default 80)."""
    def at(width: int = 80) -> None:
        cls = output._console_class()
        monkeypatch.setattr(output, "stdout_is_terminal", lambda: True)
        monkeypatch.setattr(output, "console", lambda stderr=False: cls(
            width=width, file=sys.stderr if stderr else sys.stdout, color_system=None,
            markup=False, highlight=False, emoji=False))
    return at


PUNCTUATION = "()„“,;:·"


def _tokens(text: str) -> set[str]:
    """The words of the output, without the brackets and quotes the display puts around them."""
    return {w.strip(PUNCTUATION) for w in text.replace("─", " ").split()}


def _words(*values) -> set[str]:
    return {w.strip(PUNCTUATION) for v in values if v for w in str(v).split()}


def _assert_fits(out: str, width: int = 80) -> None:
    assert out.strip()
    assert max(len(line) for line in out.splitlines()) <= width, out


def _json(cli, db, *args):
    r = cli(db, *args, "--format", "json")
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def test_list_at_80_columns_cuts_no_word_date_or_code(cli, demo_db, terminal):
    measures = _json(cli, demo_db, "list")
    terminal(80)
    r = cli(demo_db, "list")
    assert r.exit_code == 0, r.output
    _assert_fits(r.stdout)
    tokens = _tokens(r.stdout)
    for m in measures:
        contact = m["contact"] or {}
        expected = _words(m["code"], m["title"], m["field"], contact.get("name"), contact.get("organisation"))
        assert expected <= tokens, (m["code"], expected - tokens)
        if m["review_date"]:
            day = "{2}.{1}.{0}".format(*m["review_date"].split("-"))
            assert day in tokens
        # the code starts a line: the first column is never wrapped
        assert re.search(rf"(?m)^{re.escape(m['code'])} ", r.stdout)
    assert "Handlungsfeld" not in r.stdout.splitlines()[0]  # the compact layout at 80 columns


def test_list_on_a_wide_terminal_keeps_every_column(cli, demo_db, terminal):
    terminal(200)
    r = cli(demo_db, "list")
    header = r.stdout.splitlines()[0].split()
    assert header == ["Nr.", "Maßnahme", "Handlungsfeld", "Zuständig", "Status", "Ampel", "Wiedervorlage"]
    _assert_fits(r.stdout, 200)


def test_contacts_at_80_columns(cli, demo_db, terminal):
    contacts = _json(cli, demo_db, "contacts", "list")
    terminal(80)
    r = cli(demo_db, "contacts")
    assert r.exit_code == 0, r.output
    _assert_fits(r.stdout)
    tokens = _tokens(r.stdout)
    for c in contacts:
        expected = _words(c["name"], c["organisation"], c["role"], c["email"], c["phone"])
        assert expected <= tokens, expected - tokens
        if c["phone"]:
            assert c["phone"] in r.stdout  # a telephone number is never broken at its space


def test_contacts_show_at_80_columns(cli, demo_db, terminal):
    contact = next(c for c in _json(cli, demo_db, "contacts", "list") if c["measures"] > 2)
    terminal(80)
    r = cli(demo_db, "contacts", "show", f"#{contact['id']}")
    assert r.exit_code == 0, r.output
    _assert_fits(r.stdout)
    assert "Zuständig" not in r.stdout  # the same contact in every row is not repeated


def test_show_and_history_at_80_columns(cli, demo_db, terminal):
    measures = _json(cli, demo_db, "list")
    code = max(measures, key=lambda m: len(m["description"] or ""))["code"]
    full = _json(cli, demo_db, "show", code)
    history = _json(cli, demo_db, "history", code)
    terminal(80)
    r = cli(demo_db, "show", code)
    assert r.exit_code == 0, r.output
    _assert_fits(r.stdout)
    assert _words(full["title"], full["description"], full["partners"]) <= _tokens(r.stdout)
    r = cli(demo_db, "history", code)
    assert r.exit_code == 0, r.output
    _assert_fits(r.stdout)
    tokens = _tokens(r.stdout)
    for review in history["reviews"]:
        assert _words(review["note"]) <= tokens
    for change in history["changes"]:
        # „21.11.2026 14:05“ stays on one line
        at = change["at"]
        assert f"{at[8:10]}.{at[5:7]}.{at[:4]} {at[11:16]}" in r.stdout


def test_a_title_longer_than_the_line_wraps_at_words(cli, small_db, terminal):
    title = "Begegnungstreff zum Auszug aus Gemeinschaftsunterkünften für Hausverwaltungen " * 3
    assert cli(small_db, "edit", "1.1.2", "--title", title.strip()).exit_code == 0
    terminal(80)
    out = cli(small_db, "list").stdout
    _assert_fits(out)
    assert "Gemeinschaftsunterkünften" in out and "Gemeinschaftsunterkü\n" not in out
    assert DATE.findall(out) == ["01.11.2026", "10.12.2026"]


def test_piped_tables_are_tab_separated_without_padding(cli, small_db):
    lines = cli(small_db, "list").stdout.splitlines()
    assert lines[0] == "Nr.\tMaßnahme\tHandlungsfeld\tZuständig\tStatus\tAmpel\tWiedervorlage"
    assert lines[1] == ("1.1.1\tSprachcafé an der Volkshochschule\tBildung und Sprache\t"
                        "Jörg Weiß (Volkshochschule)\tin Umsetzung\t\t01.11.2026 (überfällig)")
    for line in lines:
        assert line.count("\t") == 6 and "  " not in line
    lines = cli(small_db, "contacts").stdout.splitlines()
    assert lines[0] == "#\tName\tOrganisation\tFunktion\tE-Mail\tTelefon\tMaßnahmen"
    assert all(line.count("\t") == 6 and "  " not in line for line in lines)
    lines = cli(small_db, "history", "1.1.1").stdout.splitlines()
    assert lines[0].startswith("Verlauf 1.1.1") and lines[1] == "Wann\tWer\tWas\tÄnderung\tAnlass"


def test_show_piped_keeps_each_value_on_one_line(cli, small_db):
    text = "Ein langer Satz " * 20
    assert cli(small_db, "edit", "1.1.1", "--description", text.strip()).exit_code == 0
    out = cli(small_db, "show", "1.1.1").stdout
    assert f"Beschreibung:  {text.strip()}\n" in out


def test_column_widths():
    columns = [Col("Nr.", "fixed"), Col("Titel", ratio=3), Col("Datum")]
    cells = [["1.1.10", "Sprachcafé an der Volkshochschule", "01.11.2026 (überfällig)"]]
    assert column_widths(columns, cells, 200) == ([6, 33, 23], True)
    widths, fits = column_widths(columns, cells, 40)
    assert fits and sum(widths) + 4 <= 40 and widths[0] == 6 and widths[2] >= len("(überfällig)")
    widths, fits = column_widths(columns, cells, 20)  # narrower than its words: said so
    assert not fits
