"""User text never drives the terminal: control characters are shown, not executed, in every line the
CLI prints (echo, errors, import summaries, usage errors, rich output, JSON), and line separators
are line breaks in CSV and ICS exports. The TUI's side: tests/tui/test_user_text_tui.py."""

from __future__ import annotations

import io
import json
import re

from tests.conftest import file_digest
from massnahmen.domain.text import line_breaks, one_line, printable

ESC_TITLE = "Neu\x1b]0;gekapert\x07\x1b[2J"  # sets the window title, clears the screen
BEL_TITLE = "Glocke\x07\x9b31m"  # BEL and the 8-bit CSI
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def assert_clean(*streams: str) -> None:
    """No raw C0 (but tab and newline), DEL, C1 or line separator reaches the terminal."""
    for text in streams:
        found = RAW_CONTROL.findall(text or "")
        assert not found, f"raw control characters {found!r} in {text!r}"
        assert "Traceback" not in (text or "")


def run(cli, db, *args, input=None):
    result = cli(db, *args, input=input)
    assert_clean(result.stdout, result.stderr)
    return result


# -- the one function ------------------------------------------------------------------------
def test_printable_and_one_line_escape_controls_and_break_lines():
    assert printable("a\x1b[2Jb\x07") == "a\\x1b[2Jb\\x07"
    assert printable("x\x9b31m\x7f") == "x\\x9b31m\\x7f"
    assert printable("eins\u2028zwei\u2029drei\x85vier\r\nfünf\rsechs") == "eins\nzwei\ndrei\nvier\nfünf\nsechs"
    assert printable("Tab\tund\nZeile") == "Tab\tund\nZeile"
    assert printable("\u202egnirts") == "\\u202egnirts"
    assert printable("z.\u00a0B. Straße 🟢") == "z.\u00a0B. Straße 🟢"  # ordinary text untouched
    assert one_line("a\u2028b\x85c") == "a b c"
    assert line_breaks("a\u2028b") == "a\nb"


def test_write_is_the_single_place(capsys):
    from massnahmen.cli.output import echo, write

    echo("Titel " + ESC_TITLE)
    write("zwei\nZeilen\x07\n", err=True)
    out, err = capsys.readouterr()
    assert_clean(out, err)
    assert "Neu\\x1b]0;gekapert\\x07\\x1b[2J" in out
    assert err == "zwei\nZeilen\\x07\n"


def test_rich_console_escapes_user_text_but_keeps_its_own_styles():
    from rich.text import Text

    from massnahmen.cli.output import _console_class

    buffer = io.StringIO()
    console = _console_class()(file=buffer, force_terminal=True, color_system="standard", width=100,
                               markup=False, highlight=False, emoji=False)
    console.print(Text("Kontakt " + ESC_TITLE, style="bold"))
    out = buffer.getvalue()
    assert "Neu\\x1b]0;gekapert" in out and "\\x1b[2J" in out  # (rich itself drops BEL)
    assert "\x1b[1m" in out  # rich's own bold
    assert "\x1b[2J" not in out and "\x07" not in out


def test_json_escapes_c1_controls_and_stays_the_same_data(capsys):
    from massnahmen.cli.output import print_json

    data = {"title": BEL_TITLE + "\u2028" + ESC_TITLE}
    print_json(data)
    out = capsys.readouterr().out
    assert_clean(out)
    assert json.loads(out) == data


def test_terminal_stream_for_data_formats(monkeypatch):
    from massnahmen.cli import output

    buffer = io.StringIO()
    monkeypatch.setattr(output, "stdout_is_terminal", lambda: True)
    output.for_terminal(buffer).write("a;" + ESC_TITLE + "\r\n")
    assert_clean(buffer.getvalue())
    monkeypatch.setattr(output, "stdout_is_terminal", lambda: False)
    piped = io.StringIO()
    output.for_terminal(piped).write("a;\x1b\r\n")  # piped: the data unchanged
    assert piped.getvalue() == "a;\x1b\r\n"


# -- the examples from the CLI ----------------------------------------------------------------
def test_edit_echo_shows_old_and_new_title_escaped(cli, small_db):
    run(cli, small_db, "edit", "1.1.2", "--title", ESC_TITLE)
    result = run(cli, small_db, "edit", "1.1.2", "--title", BEL_TITLE)
    assert result.exit_code == 0
    assert "Neu\\x1b]0;gekapert\\x07\\x1b[2J → Glocke\\x07\\x9b31m" in result.stdout


def test_add_and_show_and_list_escape(cli, small_db):
    result = run(cli, small_db, "add", "--code", "1.9", "--title", ESC_TITLE, "--field", "1")
    assert result.exit_code == 0
    assert run(cli, small_db, "show", "1.9").exit_code == 0
    assert run(cli, small_db, "list").exit_code == 0
    assert run(cli, small_db, "history", "1.9").exit_code == 0


def test_not_found_message_escapes_the_reference(cli, small_db):
    before = file_digest(small_db)
    result = run(cli, small_db, "show", "9.9" + ESC_TITLE)
    assert result.exit_code == 1
    assert "Maßnahme „9.9Neu\\x1b]0;gekapert\\x07\\x1b[2J“ gibt es nicht." in result.stderr
    result = run(cli, small_db, "edit", "9.9\x1b[2J", "--title", "x")
    assert result.exit_code == 1 and "gibt es nicht" in result.stderr
    result = run(cli, small_db, "contacts", "show", "Niemand\x07")
    assert result.exit_code == 1 and "Niemand\\x07" in result.stderr
    assert file_digest(small_db) == before


def test_ambiguous_lists_escape_the_names(cli, small_db):
    assert run(cli, small_db, "fields", "add", "7", "Amt\x1b[2J Nord").exit_code == 0
    assert run(cli, small_db, "fields", "add", "8", "Amt\x07 Süd").exit_code == 0
    before = file_digest(small_db)
    result = run(cli, small_db, "list", "--field", "Amt")
    assert result.exit_code == 1
    assert "nicht eindeutig" in result.stderr and "Amt\\x1b[2J Nord" in result.stderr
    assert run(cli, small_db, "contacts", "add", "Amt\x1b]0;x\x07 Eins").exit_code == 0
    assert run(cli, small_db, "contacts", "add", "Amt\x9b2J Zwei").exit_code == 0
    result = run(cli, small_db, "contacts", "show", "Amt")
    assert result.exit_code == 1 and "nicht eindeutig" in result.stderr
    assert "\\x9b2J" in result.stderr
    assert file_digest(small_db) != before  # (the two contacts)


def test_conflict_message_escapes_the_changes(cli, small_db):
    run(cli, small_db, "edit", "1.1.2", "--title", ESC_TITLE)
    before = file_digest(small_db)
    result = run(cli, small_db, "edit", "1.1.2", "--title", "Meins", "--expect-version", "1")
    assert result.exit_code != 0
    assert "wurde inzwischen geändert" in result.stderr
    assert "Neu\\x1b]0;gekapert\\x07\\x1b[2J" in result.stderr
    assert file_digest(small_db) == before


def test_import_summary_escapes_new_names_and_unknown_headers(cli, small_db, tmp_path):
    csv_file = tmp_path / "partner.csv"
    csv_file.write_text(
        "Nr;Maßnahme;Handlungsfeld;Zuständig;Spalte\x1b[2J\n"
        '9.1;Titel\x1b[31m rot;"Feld\x1b]0;x\x07 neu";Kontakt\x9b31m neu;egal\n',
        encoding="utf-8",
    )
    result = run(cli, small_db, "import", "--dry-run", str(csv_file))
    assert result.exit_code == 0, result.stderr
    assert "Feld\\x1b]0;x\\x07 neu" in result.stdout
    assert "Kontakt\\x9b31m neu" in result.stdout
    assert "Spalte\\x1b[2J" in result.stderr
    result = run(cli, small_db, "import", str(csv_file))
    assert result.exit_code == 0, result.stderr
    assert "Angelegt: Kontakt „Kontakt\\x9b31m neu“" in result.stdout
    assert run(cli, small_db, "contacts").exit_code == 0
    assert run(cli, small_db, "fields").exit_code == 0


def test_usage_error_escapes_the_unknown_command(cli, small_db):
    result = run(cli, small_db, "liste\x1b[2J")
    assert result.exit_code == 2
    assert "Den Befehl „liste\\x1b[2J“ gibt es nicht." in result.stderr


def test_reports_escape(cli, small_db):
    run(cli, small_db, "edit", "1.1.2", "--title", ESC_TITLE)
    run(cli, small_db, "review", "1.1.2", "--note", "Notiz\x1b[2J\u2028zweite Zeile")
    for args in (["status"], ["status", "--format", "md"], ["due"], ["changes", "--since", "01.01.2026"],
                 ["report"], ["report", "--format", "html"]):
        assert run(cli, small_db, *args).exit_code == 0, args
    result = run(cli, small_db, "report", "--format", "json")
    assert json.loads(result.stdout)


# -- exports -----------------------------------------------------------------------------------
def test_csv_export_turns_line_separators_into_quoted_line_breaks(cli, small_db, tmp_path):
    run(cli, small_db, "edit", "1.1.2", "--title", "eins\u2028zwei\x85drei\u2029vier")
    target = tmp_path / "aus.csv"
    assert run(cli, small_db, "export", "-o", str(target)).exit_code == 0
    text = target.read_text(encoding="utf-8-sig")
    assert "\u2028" not in text and "\x85" not in text and "\u2029" not in text
    assert '"eins\nzwei\ndrei\nvier"' in text


def test_ics_escapes_line_separators_and_drops_c1(cli, small_db, tmp_path):
    from massnahmen.exporting.ics import escape_text

    assert escape_text("a\u2028b\x85c\u2029d\x9be") == "a\\nb\\nc\\nde"
    run(cli, small_db, "edit", "1.1.2", "--title", "eins\u2028zwei\x9b31m")
    target = tmp_path / "wv.ics"
    assert run(cli, small_db, "export", "--format", "ics", "-o", str(target)).exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]", text)
    assert "eins\\nzwei31m" in text.replace("\r\n ", "")
