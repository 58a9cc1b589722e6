"""Text that looks like markup or HTML comes out literally in every report format; the HTML is
self-contained and printable; the Markdown renders as tables and headings."""

from __future__ import annotations

import json
from datetime import date
from html.parser import HTMLParser

import pytest

from massnahmen.store.db import Store

TODAY = "2026-11-21"
TITLE = "[bold]Sprachcafé[/] <script>alert(1)</script> | A & B *kursiv* `code`"
CONTACT = "[red]Frau[/] <b>Özdemir</b>"
NOTE = "Erste Zeile [/]\n- keine Liste\n# keine Überschrift\n\x1b[2J Steuerzeichen"


@pytest.fixture
def tricky_db(small_db):
    """small_db plus a measure whose texts look like rich markup, HTML and Markdown."""
    from massnahmen.store import catalog
    from massnahmen.store.measures import add_measure, add_review

    with Store.open(small_db) as store:
        catalog.add_contact(store, name=CONTACT, organisation="Verein <Brücke> | e. V.",
                            email="a@b.example", phone="+49 30 1234")
        add_measure(store, {"code": "1.1.9", "title": TITLE, "field": "1", "goal": "1.1", "contact": CONTACT,
                            "status": "in Umsetzung", "review_date": "01.10.2026", "assessment": "rot",
                            "partners": "=SUMME(A1) [i]x[/i]", "start": "2026", "end": "Q4/2027"})
        add_review(store, "1.1.9", NOTE, assessment="rot", next_review="2026-10-01", on=date(2026, 9, 1))
    return small_db


def _no_raw_markup(text: str) -> None:
    assert "\x1b" not in text  # the ESC of the note is shown as text, never sent to the terminal


@pytest.mark.parametrize("command", [
    ["status"], ["status", "--format", "md"], ["status", "--format", "json"],
    ["due"], ["due", "--format", "json"], ["due", "--format", "csv"],
    ["changes", "--since", "2026-01-01"], ["changes", "--since", "2026-01-01", "--format", "json"],
])
def test_cli_prints_markup_literally(cli, tricky_db, command):
    result = cli(tricky_db, *command, "--today", TODAY)
    assert result.exit_code == 0, result.output
    _no_raw_markup(result.output)
    out = result.output
    if "json" in command:
        assert TITLE in json.dumps(json.loads(out), ensure_ascii=False)
    elif command[-1] == "md":
        assert "\\[bold\\]Sprachcafé\\[/\\] \\<script\\>" in out
    else:
        assert "[bold]Sprachcafé[/] <script" in out


def test_json_keeps_user_text_unchanged(cli, tricky_db):
    data = json.loads(cli(tricky_db, "due", "--format", "json", "--today", TODAY).output)
    titles = [m["title"] for g in data for m in g["measures"]]
    assert TITLE in titles
    contacts = [g["contact"]["name"] for g in data if g["contact"]]
    assert CONTACT in contacts


def test_plain_table_shows_markup_and_control_codes_as_text(cli, tricky_db):
    out = cli(tricky_db, "due", "--today", TODAY).output
    assert "[bold]Sprachcafé[/] <script>alert(1)</script> | A & B" in out
    assert "[red]Frau[/] <b>Özdemir</b>" in out
    changes = cli(tricky_db, "changes", "--since", "2026-01-01", "--today", TODAY).output
    assert "Erste Zeile [/] - keine Liste # keine Überschrift \\x1b[2J Steuerzeichen" in changes


def test_rich_terminal_output_shows_markup_literally(tricky_db):
    """The rich renderer (used on a terminal) never interprets user text as markup."""
    from rich.console import Console

    from massnahmen.cli import status_view
    from massnahmen.reports.status import status_overview

    console = Console(record=True, width=200, force_terminal=True, markup=False)
    with Store.open(tricky_db) as store:
        overview = status_overview(store, date(2026, 11, 21))
    original = status_view._rich_status
    import massnahmen.cli.output as output

    saved = output.console
    output.console = lambda stderr=False: console
    try:
        original(overview)
    finally:
        output.console = saved
    text = console.export_text()
    assert "[bold]Sprachcafé[/] <script>alert(1)</script>" in text
    assert "Am dringendsten:" in text


# -- Markdown -------------------------------------------------------------------------------
def _markdown_html(text: str) -> str:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table").render(text)


def test_markdown_report_escapes_and_renders(cli, tricky_db):
    out = cli(tricky_db, "report", "--format", "md", "--today", TODAY, "--since", "2026-01-01").output
    html = _markdown_html(out)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "[bold]Sprachcafé[/]" in html  # literal, with its brackets
    assert "<em>" not in html and "<code>" not in html  # *kursiv* and `code` stay literal
    assert "<b>" not in html and "Özdemir" not in html  # published: the organisation, not the person
    assert "Verein \\&lt;Brücke\\&gt;" in out or "Verein &lt;Brücke&gt; | e. V." in html
    # the note: '- keine Liste' and '# keine Überschrift' are text, not a list or a heading
    assert "keine Überschrift</h1>" not in html and "<li>keine Liste" not in html
    assert "\\x1b[2J Steuerzeichen" in html
    assert html.count("<table>") >= 1
    for table in html.split("<table>")[1:]:
        body = table.split("</table>")[0]
        rows = [r for r in body.split("<tr>")[1:]]
        widths = {r.count("<td") + r.count("<th") for r in rows}
        assert len(widths) == 1  # a '|' in a title never adds a column
    assert "<h2>1 Bildung und Sprache</h2>" in html
    assert "<td>[bold]Sprachcafé[/] &lt;script&gt;alert(1)&lt;/script&gt; | A &amp; B *kursiv* `code`</td>" in html


def test_markdown_status_table_cells_stay_in_their_columns(cli, tricky_db):
    out = cli(tricky_db, "status", "--format", "md", "--today", TODAY).output
    html = _markdown_html(out)
    assert "<script>" not in html
    assert html.count("<table>") == 2  # fields and the most urgent reviews
    urgent = html.split("<table>")[2]
    assert "[bold]Sprachcafé[/] &lt;script&gt;alert(1)&lt;/script&gt; | A &amp; B" in urgent
    assert all(r.count("<td") == 4 for r in urgent.split("<tr>")[2:])


# -- HTML -----------------------------------------------------------------------------------
class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data):
        self.text.append(data)


def test_html_report_is_self_contained_escaped_and_printable(cli, tricky_db):
    out = cli(tricky_db, "report", "--format", "html", "--today", TODAY).output
    parser = _Collector()
    parser.feed(out)
    text = "".join(parser.text)
    assert "script" not in parser.tags and "b" not in parser.tags
    assert {"link", "img", "iframe", "object"}.isdisjoint(parser.tags)
    assert not any(name == "src" or (name == "href" and not (v or "").startswith("#")) for name, v in parser.attrs)
    assert "http://" not in out and "https://" not in out and "@import" not in out
    assert TITLE in text  # the browser shows the title exactly as typed
    assert CONTACT not in text and "Verein <Brücke> | e. V." in text  # the organisation, not the person
    assert "@page { size: A4" in out and "break-inside: avoid" in out and "break-after: page" in out
    # on a phone a wide table scrolls inside itself, the page does not (seen in a 390 px screenshot)
    assert "@media screen and (max-width: 40em) { table:not(.title-page table) { display: block; overflow-x: auto; }" in out
    assert '<span class="ampel ampel-rot">rot</span>' in out  # colour and words
    assert "ampel-gruen" in out or "ampel-keine" in out
    assert '<html lang="de">' in out and '<meta charset="utf-8">' in out
    assert "\\x1b[2J Steuerzeichen" in text and "\x1b" not in out


def test_html_and_markdown_show_period_and_latest_note(cli, tricky_db):
    html = cli(tricky_db, "report", "--format", "html", "--today", TODAY).output
    assert "Letzter Sachstand" in html and "01.09.2026: Erste Zeile [/] - keine Liste # keine Überschrift" in html
    assert "tester" not in html  # who wrote the Sachstand is not published
    md = cli(tricky_db, "report", "--today", TODAY).output
    assert "| rot | 01.09.2026: Erste Zeile \\[/\\] - keine Liste \\# keine Überschrift" in md


def test_md_escape_helpers():
    from massnahmen.reports.render_md import md, md_block

    assert md("a|b") == "a\\|b"
    assert md("[x](y)") == "\\[x\\](y)"
    assert md("<i>") == "\\<i\\>"
    assert md("zwei\nZeilen") == "zwei Zeilen"
    assert md_block("1. kein\n+ auch nicht") == ["1\\. kein\\", "\\+ auch nicht"]


@pytest.mark.parametrize("width", [80, 160])
def test_rich_due_list_shows_markup_literally(tricky_db, monkeypatch, width):
    from rich.console import Console

    import massnahmen.cli.output as output
    from massnahmen.cli import reports as cli_reports
    from massnahmen.reports.due import due_list

    console = Console(record=True, width=width, force_terminal=True, markup=False)
    monkeypatch.setattr(output, "console", lambda stderr=False: console)
    monkeypatch.setattr(cli_reports, "is_terminal", lambda: True)
    with Store.open(tricky_db) as store:
        cli_reports._due_table(due_list(store, date(2026, 11, 21)))
        due_text = console.export_text(clear=True)
    joined = " ".join(due_text.split())
    assert "[red]Frau[/] <b>Özdemir</b>" in joined
    assert "[bold]Sprachcafé[/]" in joined and "überfällig seit 51 Tagen" in joined
    assert "\x1b[2J" not in due_text
