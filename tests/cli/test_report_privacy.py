"""Published reports name organisations, never a person's e-mail, phone or name; the internal
version (--with-contacts) does, and says so on every page. User text with markup characters comes
out literally in every format, the PDF included. The chart code stays off the quick paths."""

from __future__ import annotations

import io
import json
import re
import sqlite3
import subprocess
import sys
from datetime import date

import pytest

from massnahmen.store.db import Store

FORMATS = ["md", "html", "json", "pdf"]


def _text(path) -> str:
    if path.suffix == ".pdf":
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(path.read_bytes()))
        pages = [p.extract_text() or "" for p in reader.pages]
        # zero-width spaces let an address break; pypdf reads a typeset hyphen as U+00AD
        return "\n\f".join(pages).replace("\u200b", "").replace("\u00ad", "-")
    return path.read_text(encoding="utf-8")


def _pages(path) -> list[str]:
    from pypdf import PdfReader

    return [p.extract_text() or "" for p in PdfReader(io.BytesIO(path.read_bytes())).pages]


def _contacts(db):
    conn = sqlite3.connect(db)
    try:
        return conn.execute("""SELECT DISTINCT c.name, c.email, c.phone FROM contacts c
                               JOIN measures m ON m.contact_id = c.id WHERE m.archived = 0""").fetchall()
    finally:
        conn.close()


def _flat(text: str) -> str:
    """PDF text without line breaks (a cell may wrap inside an address)."""
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("fmt", FORMATS)
def test_published_report_has_no_e_mail_phone_or_person(cli, demo_db, tmp_path, fmt):
    target = tmp_path / f"bericht.{fmt}"
    result = cli(demo_db, "report", "--ausfuehrlich", "-o", target)
    assert result.exit_code == 0, result.output
    text = _text(target)
    flat = _flat(text)
    contacts = _contacts(demo_db)
    assert contacts
    for name, email, phone in contacts:
        assert email and _flat(email) not in flat, email
        assert phone and _flat(phone) not in flat, phone
        assert not name or name not in text, name
    assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", text)  # no e-mail address at all
    assert "INTERN" not in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_internal_report_has_the_contacts_and_says_intern(cli, demo_db, tmp_path, fmt):
    target = tmp_path / f"intern.{fmt}"
    assert cli(demo_db, "report", "--with-contacts", "-o", target).exit_code == 0
    flat = _flat(_text(target))
    name, email, phone = next(c for c in _contacts(demo_db) if all(c))
    assert _flat(email) in flat and _flat(phone) in flat and _flat(name) in flat
    if fmt == "pdf":
        pages = _pages(target)
        assert len(pages) > 3 and all("INTERN" in p for p in pages)
    elif fmt == "json":
        assert json.loads(target.read_text(encoding="utf-8"))["title"]["internal"] is True
    else:
        assert "INTERN – nicht zur Veröffentlichung" in target.read_text(encoding="utf-8")


def test_title_names_the_office_never_the_login(cli, demo_db, tmp_path):
    target = tmp_path / "b.md"
    assert cli(demo_db, "--user", "root", "report", "-o", target).exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert "root" not in text and "tester" not in text
    assert "- **Erstellt von:** Landratsamt Musterhausen, Stabsstelle Integration" in text
    cli(demo_db, "concept", "--office", "")
    assert cli(demo_db, "report", "-o", target).exit_code == 0
    assert "Erstellt von" not in target.read_text(encoding="utf-8")  # no office: no author line


MARKUP = "Kurs #1 [neu] *fett* _kursiv_ $x$ @ref <b> \\n `code` = Ziel ~ 50 % \"zitiert\" // Ende"


@pytest.fixture
def markup_db(small_db):
    from massnahmen.store.measures import add_measure, add_review

    with Store.open(small_db) as store:
        add_measure(store, {"code": "1.1.8", "title": MARKUP, "field": "1", "status": "in Umsetzung",
                            "assessment": "rot"})
        add_review(store, "1.1.8", "Notiz: " + MARKUP, on=date(2026, 9, 1))
    return small_db


@pytest.mark.parametrize("fmt", ["pdf", "html"])
def test_markup_characters_come_out_literally(cli, markup_db, tmp_path, fmt):
    target = tmp_path / f"b.{fmt}"
    result = cli(markup_db, "report", "--ausfuehrlich", "-o", target)
    assert result.exit_code == 0, result.output
    if fmt == "html":
        import html

        text = html.unescape(re.sub(r"<[^>]+>", " ", target.read_text(encoding="utf-8")))
    else:
        text = _text(target)
    assert _flat(MARKUP) in _flat(text)


def test_preface_markdown_on_top(cli, markup_db, tmp_path):
    preface = tmp_path / "vorwort.md"
    preface.write_text("# Zum Bericht\n\nDer Ausschuss bat um **Zahlen**.\n\n- erstens\n- zweitens #3\n",
                       encoding="utf-8")
    for fmt in ("html", "pdf", "md"):
        target = tmp_path / f"b.{fmt}"
        assert cli(markup_db, "report", "--preface", preface, "-o", target).exit_code == 0
        text = _text(target)
        assert "Vorwort" in text and "Zum Bericht" in text and "zweitens #3" in text
    html_text = (tmp_path / "b.html").read_text(encoding="utf-8")
    assert "<strong>Zahlen</strong>" in html_text and "<li>erstens</li>" in html_text
    assert html_text.index("Zum Bericht") < html_text.index('id="ueberblick"')


def test_pdf_to_a_terminal_is_refused_and_own_pdf_is_replaced(cli, demo_db, tmp_path):
    target = tmp_path / "b.pdf"
    assert cli(demo_db, "report", "-o", target).exit_code == 0
    assert target.read_bytes().startswith(b"%PDF-")
    assert cli(demo_db, "report", "-o", target).exit_code == 0  # an earlier report: replaced
    other = tmp_path / "fremd.pdf"
    other.write_bytes(b"%PDF-1.4\n% something else\n")
    result = cli(demo_db, "report", "-o", other)
    assert result.exit_code != 0 and other.read_bytes().startswith(b"%PDF-1.4\n% something")


@pytest.mark.parametrize("module", ["massnahmen.cli.status_view", "massnahmen.tui.runtime.app", "massnahmen.cli.app",
                                    "massnahmen.reports.report", "massnahmen.reports.render_html"])
def test_quick_paths_do_not_load_charts_or_typst(module):
    code = (f"import sys, {module}\n"
            "bad = [m for m in ('massnahmen.reports.charts', 'typst', 'massnahmen.reports.render_typst') "
            "if m in sys.modules]\n"
            "assert not bad, bad\n")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_chart_svgs_are_plain(demo_db):
    from massnahmen.reports.charts import all_charts
    from massnahmen.reports.report import sachstandsbericht

    with Store.open(demo_db) as store:
        report = sachstandsbericht(store, date(2026, 11, 21))
    for title, svg in all_charts(report.charts):
        assert svg.startswith("<svg") and "<script" not in svg and "href" not in svg
        assert 'font-family="sans-serif"' in svg and "<pattern" in svg
        assert title
    status_svg = all_charts(report.charts)[0][1]
    for _code, _name, counts in report.charts.status_by_field:  # every total is written as text
        assert f">{sum(counts.values())}</text>" in status_svg
