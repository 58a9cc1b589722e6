"""Emoji in published text print as emoji in the PDF (a monochrome emoji font is embedded), not as a
missing-glyph box."""

from __future__ import annotations

import pypdf

EMOJI_IDEA = "Ein Sommerfest 🎉 im Park 🌳 mit Musik 🎶 – super 👍"


def _fonts(pdf: pypdf.PdfReader) -> set[str]:
    names = set()
    for page in pdf.pages:
        fonts = page.get("/Resources", {}).get_object().get("/Font", {})
        for ref in fonts.get_object().values():
            font = ref.get_object()
            names.add(str(font.get("/BaseFont", "")))
            for child in font.get("/DescendantFonts", []):
                names.add(str(child.get_object().get("/BaseFont", "")))
    return names


def test_ideas_report_pdf_embeds_an_emoji_font(small_db, cli, tmp_path):
    assert cli(small_db, "ideas", "add", "--text", EMOJI_IDEA, "--field", "1").exit_code == 0
    target = tmp_path / "ideen.pdf"
    result = cli(small_db, "report", "--kind", "ideen", "-o", target)
    assert result.exit_code == 0, result.output
    pdf = pypdf.PdfReader(target)
    assert any("NotoEmoji" in name for name in _fonts(pdf)), _fonts(pdf)
    text = "".join(page.extract_text() for page in pdf.pages)
    assert "🎉" in text and "🌳" in text  # the glyphs map back to the emoji, none is .notdef


def test_report_pdf_embeds_the_emoji_font(demo_db, cli, tmp_path):
    target = tmp_path / "bericht.pdf"
    assert cli(demo_db, "edit", "1.1.1", "--title", "Sprachcafé 🙂 am Abend").exit_code == 0
    result = cli(demo_db, "report", "--field", "1", "-o", target)
    assert result.exit_code == 0, result.output
    assert any("NotoEmoji" in name for name in _fonts(pypdf.PdfReader(target)))
