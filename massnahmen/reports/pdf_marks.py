"""The first bookmark of every PDF `report` writes; a later `report -o` recognises its own file by
it (a Typst PDF's first 4 KB hold the bookmarks). No heavy imports: used before writing."""

from __future__ import annotations

REPORT_BOOKMARK = "Sachstandsbericht (Titelblatt)"
LOOKBACK_BOOKMARK = "Rueckblick (Titelblatt)"
IDEAS_BOOKMARK = "Was ist aus Ihren Ideen geworden (Titel)"
BOOKMARKS = (REPORT_BOOKMARK, LOOKBACK_BOOKMARK)


def bookmark_forms(text: str) -> tuple[bytes, bytes]:
    """How a bookmark title appears in a PDF: a literal string or UTF-16 in hex."""
    return (f"/Title({text})".encode("latin-1", "replace"),
            b"/Title<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">")
