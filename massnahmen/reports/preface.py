"""The small part of Markdown a preface needs (--preface FILE): headings (#), paragraphs, lists
(- or *, 1.), **bold** and *italic*. Parsed into blocks of plain text segments that each renderer
escapes for its format; everything else stays literal text."""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_PREFACE = 200_000  # characters read from the file


@dataclass(frozen=True)
class Block:
    kind: str  # "h" (level in `level`), "p", "ul", "ol"
    parts: list  # "p"/"h": [segments]; "ul"/"ol": [[segments], …]
    level: int = 0


_INLINE = re.compile(r"\*\*(.+?)\*\*|__(.+?)__|\*(?!\s)(.+?)(?<!\s)\*|(?<![\w])_(?!\s)(.+?)(?<!\s)_(?![\w])")


def segments(text: str) -> list[tuple[str, str]]:
    """[(style, text)] with style '', 'b' or 'i'."""
    out: list[tuple[str, str]] = []
    pos = 0
    for m in _INLINE.finditer(text):
        if m.start() > pos:
            out.append(("", text[pos : m.start()]))
        if m.group(1) or m.group(2):
            out.append(("b", m.group(1) or m.group(2)))
        else:
            out.append(("i", m.group(3) or m.group(4)))
        pos = m.end()
    if pos < len(text):
        out.append(("", text[pos:]))
    return out


def parse(text: str) -> list[Block]:
    blocks: list[Block] = []
    para: list[str] = []
    items: list[str] = []
    list_kind = ""

    def flush() -> None:
        nonlocal para, items, list_kind
        if para:
            blocks.append(Block("p", segments(" ".join(para))))
            para = []
        if items:
            blocks.append(Block(list_kind, [segments(i) for i in items]))
            items, list_kind = [], ""

    for raw in text[:MAX_PREFACE].replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        if not line:
            flush()
            continue
        heading = re.match(r"(#{1,6})\s+(.*)", line)
        bullet = re.match(r"[-*+]\s+(.*)", line)
        number = re.match(r"\d+[.)]\s+(.*)", line)
        if heading:
            flush()
            blocks.append(Block("h", segments(heading.group(2).rstrip("#").strip()), len(heading.group(1))))
        elif (item := bullet or number) is not None:
            kind = "ul" if bullet else "ol"
            if para or (items and list_kind != kind):
                flush()
            list_kind = kind
            items.append(item.group(1))
        elif items and raw.startswith((" ", "\t")):
            items[-1] += " " + line
        else:
            if items:
                flush()
            para.append(line)
    flush()
    return blocks
