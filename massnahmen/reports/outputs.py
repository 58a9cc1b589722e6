"""How an earlier `report -o` file of each format begins, so that store.files may replace it
(and nothing else) – apart from the report modules, which it only reads constants from."""

from __future__ import annotations

from massnahmen.reports.pdf_marks import BOOKMARKS, KEYWORDS, bookmark_forms, is_ours
from massnahmen.reports.render_html import HTML_MARKER
from massnahmen.reports.render_md import MD_MARKER
from massnahmen.store.files import OutputKind, first_line_is


def is_our_pdf_file(path) -> bool:
    """A PDF written by `report` (Sachstandsbericht or Rückblick), of any size."""

    return is_ours(path, BOOKMARKS, KEYWORDS)


def is_our_pdf(head: bytes) -> bool:
    """A PDF written by `report` (Sachstandsbericht or Rückblick): its first bookmark."""

    return head.startswith(b"%PDF-") and any(form in head for text in BOOKMARKS for form in bookmark_forms(text))


def output_kind(fmt: str):
    """How an earlier `report -o` file of this format begins (store.files decides about replacing)."""

    if fmt == "html":
        return OutputKind(
            "Sachstandsbericht (HTML)",
            lambda head: head.lstrip(b"\xef\xbb\xbf").startswith(b"<!DOCTYPE html>") and HTML_MARKER.encode() in head,
            "bericht.html",
        )
    if fmt == "json":
        return OutputKind(
            "Sachstandsbericht (JSON)",
            lambda head: head.startswith(b'{\n  "title": {\n    "concept": '),
            "bericht.json",
        )
    if fmt == "pdf":
        return OutputKind("Sachstandsbericht (PDF)", is_our_pdf, "bericht.pdf", recognise_file=is_our_pdf_file)
    return OutputKind("Sachstandsbericht (Markdown)", first_line_is(MD_MARKER), "bericht.md")
