"""The PDF at scale: above a budget of rows a PDF is refused before it is laid out (German message,
the command line names its filters, nothing written), and the project's own PDFs are recognised
whatever their size (their document information, found through the trailer)."""

from __future__ import annotations

import re

import pypdf
import pytest

from massnahmen.domain.errors import TooLarge
from massnahmen.reports import pdf_budget
from tests.conftest import file_digest


@pytest.fixture
def small_budget(monkeypatch):
    monkeypatch.setattr(pdf_budget, "ROW_BUDGET", 2)  # small_db has 3 measures


def test_a_pdf_above_the_budget_is_refused_and_nothing_written(small_db, cli, tmp_path, small_budget):
    target = tmp_path / "bericht.pdf"
    result = cli(small_db, "report", "-o", target)
    assert result.exit_code == 1
    assert "Das PDF hätte 3 Zeilen" in result.stderr and "höchstens 2 Zeilen" in result.stderr
    assert "--field" in result.stderr and "--status" in result.stderr and "--format html" in result.stderr
    assert "Traceback" not in result.output
    assert not target.exists() and list(tmp_path.iterdir()) == [small_db]


def test_an_earlier_file_stays_as_it_was(small_db, cli, tmp_path, monkeypatch):
    target = tmp_path / "bericht.pdf"
    assert cli(small_db, "report", "-o", target).exit_code == 0
    before = file_digest(target)
    monkeypatch.setattr(pdf_budget, "ROW_BUDGET", 2)
    assert cli(small_db, "report", "-o", target).exit_code == 1
    assert file_digest(target) == before


def test_a_filter_brings_the_pdf_under_the_budget(small_db, cli, tmp_path, small_budget):
    target = tmp_path / "bericht.pdf"
    result = cli(small_db, "report", "--field", "1", "-o", target)  # 2 measures in field 1
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"%PDF-")
    assert cli(small_db, "report", "--format", "html", "-o", tmp_path / "b.html").exit_code == 0  # no limit


def test_detailed_counts_every_sachstand(small_db, cli, tmp_path, monkeypatch):
    assert cli(small_db, "review", "1.1.1", "--note", "Gut besucht.").exit_code == 0
    assert cli(small_db, "review", "1.1.1", "--note", "Neuer Raum.", "--date", "01.11.2026").exit_code == 0
    monkeypatch.setattr(pdf_budget, "ROW_BUDGET", 4)
    assert cli(small_db, "report", "-o", tmp_path / "a.pdf").exit_code == 0
    result = cli(small_db, "report", "--ausfuehrlich", "-o", tmp_path / "b.pdf")
    assert result.exit_code == 1 and "Das PDF hätte 5 Zeilen" in result.stderr
    assert not (tmp_path / "b.pdf").exists()


def test_look_back_and_ideas_pdf_have_the_budget_too(small_db, cli, tmp_path, monkeypatch):
    monkeypatch.setattr(pdf_budget, "ROW_BUDGET", 0)
    look = cli(small_db, "report", "--kind", "rueckblick", "-o", tmp_path / "r.pdf")
    assert look.exit_code == 1 and "--field" in look.stderr and not (tmp_path / "r.pdf").exists()
    assert cli(small_db, "ideas", "add", "--text", "Ein Sprachcafé am Abend", "--field", "1").exit_code == 0
    ideas = cli(small_db, "report", "--kind", "ideen", "-o", tmp_path / "i.pdf")
    assert ideas.exit_code == 1 and "--format html" in ideas.stderr and not (tmp_path / "i.pdf").exists()


def test_the_tui_phrases_the_refusal_with_its_dialog_not_options():
    from massnahmen.tui.hints import hint

    for kind in ("sachstand", "rueckblick", "ideen"):
        text = hint(TooLarge("Das PDF hätte 9 Zeilen.", kind=kind, rows=9, limit=2, pages=1))
        assert text and "--" not in text and "HTML" in text


# -- recognising the project's own PDFs of any size --------------------------------------------
def pad(pdf: bytes, size: int) -> bytes:
    """The same PDF with a comment of `size` bytes after its header, as a PDF of thousands of pages
    has a page tree of that size before its first bookmark; the cross-reference offsets follow."""
    header_end = pdf.index(b"\n", pdf.index(b"\n") + 1) + 1
    filler = b"%" + b"x" * (size - 2) + b"\n"
    out = pdf[:header_end] + filler + pdf[header_end:]
    start = int(re.search(rb"startxref\s+(\d+)", out[-64:]).group(1))
    table_at = start + len(filler)
    section = re.match(rb"xref\s*\r?\n\d+ \d+\s*?\r?\n", out[table_at:])
    pos = table_at + section.end()
    body = bytearray(out)
    while body[pos:pos + 7] != b"trailer":
        entry = bytes(body[pos:pos + 20])
        if entry[17:18] == b"n":
            body[pos:pos + 10] = f"{int(entry[:10]) + len(filler):010d}".encode()
        pos += 20
    tail = bytes(body).rsplit(b"startxref", 1)
    return tail[0] + b"startxref\n" + str(table_at).encode() + b"\n%%EOF"


@pytest.mark.parametrize("kind, name", [("sachstand", "bericht.pdf"), ("rueckblick", "rueckblick.pdf"),
                                        ("ideen", "ideen.pdf")])
def test_own_pdf_is_replaced_even_when_its_bookmark_lies_far_in(small_db, cli, tmp_path, kind, name):
    target = tmp_path / name
    assert cli(small_db, "report", "--kind", kind, "-o", target).exit_code == 0
    big = pad(target.read_bytes(), 64 * 1024)
    target.write_bytes(big)
    assert len(pypdf.PdfReader(target).pages) >= 1  # still a valid PDF
    result = cli(small_db, "report", "--kind", kind, "-o", target)
    assert result.exit_code == 0, result.output
    assert target.read_bytes() != big


def test_a_foreign_pdf_is_still_refused(small_db, cli, tmp_path):
    import typst

    target = tmp_path / "bericht.pdf"
    foreign = typst.compile(b'#set document(title: "Haushalt 2026", keywords: ("Haushalt",))\n= Haushalt\nText',
                            ignore_system_fonts=True)
    target.write_bytes(pad(foreign, 64 * 1024))
    before = file_digest(target)
    result = cli(small_db, "report", "-o", target)
    assert result.exit_code == 1 and "gibt es schon" in result.stderr
    assert file_digest(target) == before
