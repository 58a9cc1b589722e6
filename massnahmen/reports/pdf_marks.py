"""How a PDF that massnahmen wrote is recognised, so that a later `report -o` may replace it:
its first bookmark (in the first 4 KB of a small Typst PDF) or, in any size, the keywords of its
document information (found through the trailer, store.files.pdf_info). No heavy imports: used
before writing."""

from __future__ import annotations

from massnahmen.store.files import pdf_info, read_head

REPORT_BOOKMARK = "Sachstandsbericht (Titelblatt)"
LOOKBACK_BOOKMARK = "Rueckblick (Titelblatt)"
IDEAS_BOOKMARK = "Was ist aus Ihren Ideen geworden (Titel)"
BOOKMARKS = (REPORT_BOOKMARK, LOOKBACK_BOOKMARK)

REPORT_KEYWORDS = "massnahmen Sachstandsbericht"
LOOKBACK_KEYWORDS = "massnahmen Rückblick"
IDEAS_KEYWORDS = "massnahmen Ideen"
KEYWORDS = (REPORT_KEYWORDS, LOOKBACK_KEYWORDS)


def _forms(key: str, text: str) -> tuple[bytes, bytes]:
    """How a text entry appears in a PDF: a literal string or UTF-16 in hex."""
    return (
        f"/{key}({text})".encode("latin-1", "replace"),
        f"/{key}<FEFF".encode() + text.encode("utf-16-be").hex().upper().encode() + b">",
    )


def bookmark_forms(text: str) -> tuple[bytes, bytes]:
    return _forms("Title", text)


def keyword_forms(text: str) -> tuple[bytes, bytes]:
    return _forms("Keywords", text)


def is_ours(path, bookmarks: tuple[str, ...], keywords: tuple[str, ...]) -> bool:
    """A PDF that massnahmen wrote with one of these first bookmarks or keywords."""

    head = read_head(path)
    if not head.startswith(b"%PDF-"):
        return False
    if any(form in head for text in bookmarks for form in bookmark_forms(text)):
        return True
    info = pdf_info(path)
    return any(form in info for text in keywords for form in keyword_forms(text))
