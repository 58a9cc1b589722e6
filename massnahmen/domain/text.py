"""Text folding for search and name matching: "strasse" finds "Straße", "muller" finds "Müller"."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_SPECIAL = str.maketrans({"æ": "ae", "ø": "o", "œ": "oe", "ł": "l", "đ": "d", "ı": "i", "ð": "d", "þ": "th"})
_MARKS = re.compile("[\u0300-\u036f]+")


def fold(text: str | None) -> str:
    """Lower-case, strip accents and umlaut dots, ß → ss, collapse white space."""
    if not text:
        return ""
    text = text.casefold()  # also ß → ss
    if not text.isascii():  # the common German letters first: str.replace is far cheaper than NFKD
        text = text.replace("ä", "a").replace("ö", "o").replace("ü", "u").replace("é", "e")
    if not text.isascii():
        text = _MARKS.sub("", unicodedata.normalize("NFKD", text))
        if not text.isascii():
            text = text.translate(_SPECIAL)
    return " ".join(text.split())


_SPELLED_UMLAUT = re.compile("(?<=[aou])e+")


def search_fold(text: str | None) -> str:
    """fold() for search, both for the stored text and for what is typed: umlauts typed without
    dots count as the umlaut, ä = ae = a, ö = oe = o, ü = ue = u (and ß = ss), so "Buerger", "Bürger"
    and "Burger" are one word. An e after a, o or u is dropped on both sides, so a word with such an
    e of its own ("Steuer" → "steur", "neue" → "neu") still finds itself, and a word's beginning
    finds the word ("steu", "steue" and "steuer" find "Steuerberatung")."""
    folded = fold(text)
    return _SPELLED_UMLAUT.sub("", folded) if "e" in folded else folded


def search_forms(text: str | None) -> list[tuple[str, ...]]:
    """Per typed word what to look for in a stored search text: its search_fold(), and its plain
    fold() where that differs (a search text stored before search_fold() existed still has the e)."""
    out: list[tuple[str, ...]] = []
    for word in fold(text).split():
        folded = search_fold(word)
        out.append((folded,) if folded == word else (folded, word))
    return out


_DIGITS = re.compile(r"\d+")


def code_sort_key(code: str) -> str:
    """'3.2.10' sorts after '3.2.9': numbers padded, letters folded (the measures' code_sort)."""
    return _DIGITS.sub(lambda m: m.group(0).zfill(8), fold(code))


def next_free_code(prefix: str, taken: Iterable[str]) -> str:
    """The next free Nr. under a field's code: one past the highest number after „prefix.“
    (3.1.4 and 3.2 → 3.3), skipping any Nr. taken – the numbering of an import's --nummerieren."""
    pattern = re.compile(re.escape(prefix) + r"\.(\d+)(?:\D|$)")
    codes = set(taken)
    n = max((int(m.group(1)) for code in codes if (m := pattern.match(code))), default=0) + 1
    while f"{prefix}.{n}" in codes:
        n += 1
    return f"{prefix}.{n}"


_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def transliterate(text: str | None) -> str:
    """German umlauts spelled out (ä → ae), as in "ENTFAELLT" typed without umlauts."""
    return (text or "").translate(_UMLAUTS)


def fold_key(text: str | None) -> str:
    """A folded key without spaces and punctuation, for matching headers and names."""
    return "".join(c for c in fold(text) if c.isalnum())


# Characters a terminal would act on instead of showing: C0 controls except tab and newline, DEL,
# the C1 controls (U+0080–U+009F, among them CSI U+009B), bidi overrides/isolates that reorder the
# display, and lone surrogates. The line separators NEL (U+0085), U+2028 and U+2029 are line breaks.
LINE_BREAKS = "\u0085\u2028\u2029"
_BREAKS = re.compile("\r\n?|[\u0085\u2028\u2029]")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def line_breaks(text: str) -> str:
    """CR LF, a lone CR, NEL, U+2028 and U+2029 as plain \\n (for exports and display)."""
    return _BREAKS.sub("\n", text) if _BREAKS.search(text) else text


def _visible(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


MAX_CELL = 500  # characters of one table cell: the longest title; a 10 MB cell is cut here


def side_by_side(old: str | None, new: str | None, width: int) -> tuple[str, str]:
    """Two values on one line each, at most width characters: where a long beginning is the same,
    it is left out („…geschichte (Jana)“), so that the shortened values still show how they differ."""
    a, b = one_line(old, None), one_line(new, None)
    same = 0
    while same < min(len(a), len(b)) and a[same] == b[same]:
        same += 1
    if same > width // 2 and (len(a) > width or len(b) > width):
        start = same - width // 4
        a, b = "…" + a[start:], "…" + b[start:]
    return one_line(a, width), one_line(b, width)


def one_line(text: str | None, width: int | None = MAX_CELL, *, words: bool = False) -> str:
    """Text on one line without control characters (for tables); shortened to width with „…“
    (by default MAX_CELL, so that one overlong value never widens a whole table). words=True
    shortens at the end of a word where one ends in the second half („Sprachkurs für…“, not
    „Sprachkurs für Elt…“)."""
    if not text:
        return ""
    if text.isprintable() and "  " not in text and text[0] != " " != text[-1] and (width is None or len(text) <= width):
        return text  # the common case: nothing to clean (isprintable is False for every control)
    cut = False
    if width is not None and len(text) > width * 4 + 64:  # clean only what can be shown
        text, cut = text[: width * 4 + 64], True
    cleaned = " ".join(printable(text).split())
    if width is not None and (cut or len(cleaned) > width):
        head = cleaned[: max(1, width - 1)]
        if words:
            end = len(head) if cleaned[len(head)] == " " else head.rfind(" ")
            if end >= width // 2:
                head = head[:end].rstrip(" ,;·")
        cleaned = head + "…"
    return cleaned


def printable(text: str | None) -> str:
    """Multi-line text with control characters (ESC, BEL, CSI …) made visible, not executed.

    Newlines and tabs stay; CR LF, NEL, U+2028 and U+2029 become newlines. Every line the CLI
    writes passes through here (cli.output.write), so no caller can forget it."""
    if not text:
        return ""
    text = line_breaks(text)
    return _CONTROL.sub(_visible, text) if _CONTROL.search(text) else text


def counted(n: int, one: str, many: str) -> str:
    """'1 Maßnahme', '2 Maßnahmen', '1.234 Maßnahmen' (German thousands separator)."""
    return f"{n:,}".replace(",", ".") + " " + (one if n == 1 else many)
