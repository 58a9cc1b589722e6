"""Printing for the CLI: rich tables on a terminal, tab-separated lines when piped, JSON for scripts.

User text is data: it is never parsed as markup, and control characters are shown escaped. The one
place that escapes them is write() (plain text) and the Console from console() (rich output), so a
caller cannot forget it; JSON escapes them itself (print_json)."""

from __future__ import annotations

import json
import sys
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from massnahmen.domain.text import one_line, printable

_JSON_CONTROL = None

# The CLI's rich styles for the domain's style names (domain.vocab: "ampel.rot"); the one style map
# of the CLI (the TUI has its own, tui.styles.STYLES).
STYLES: dict[str, str] = {
    "ampel.gruen": "bold green",
    "ampel.gelb": "bold yellow",
    "ampel.rot": "bold red",
    "ampel.none": "dim",
}


def check_format(value: str, allowed: tuple[str, ...]) -> str:
    """The --format value, or a usage error (exit 2) naming the allowed ones."""
    from massnahmen.domain.errors import UsageProblem

    value = (value or "").strip().lower()
    if value not in allowed:
        raise UsageProblem(f"--format „{value}“ ist unbekannt; erlaubt: {', '.join(allowed)}")
    return value


def report_error(exc) -> int:
    """Print a MassnahmenError as the German message (and hint) on stderr; return its exit code.
    The command line's options and commands come in here (cli.hints), not from the store."""
    from massnahmen.cli import hints

    write("Fehler: " + printable(hints.message(exc)).replace("\n", "\n  ") + "\n", err=True)
    hint = hints.hint(exc)
    if hint:
        write(f"Hinweis: {hint}\n", err=True)
    return exc.exit_code


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


_CONSOLE_CLASS = None


def _console_class():
    """A rich Console whose rendered text passes through printable(): the escape sequences rich
    writes for its own styles are made later, from the styles, and cursor moves are control
    segments, so only the user's text is escaped."""
    global _CONSOLE_CLASS
    if _CONSOLE_CLASS is None:
        from rich.console import Console
        from rich.segment import Segment

        class SafeConsole(Console):
            def render(self, renderable, options=None):
                for segment in super().render(renderable, options):
                    text = segment.text
                    if segment.control or not text or text.isprintable():
                        yield segment
                    else:
                        yield Segment(printable(text), segment.style, segment.control)

        _CONSOLE_CLASS = SafeConsole
    return _CONSOLE_CLASS


def console(stderr: bool = False):
    return _console_class()(stderr=stderr, markup=False, highlight=False, emoji=False)


def _encodable(stream, text: str) -> bool:
    try:
        text.encode(getattr(stream, "encoding", None) or "utf-8")
    except UnicodeEncodeError:
        return False
    except LookupError:
        pass
    return True


def write(text: str, *, err: bool = False) -> None:
    """Write text with control characters made visible (printable(): ESC, BEL, CSI … appear as
    \\x1b etc., newlines stay); where the stream's encoding lacks a character (a Windows code page
    when output is redirected), it becomes '?' instead of a crash."""
    text = printable(text)
    stream = sys.stderr if err else sys.stdout
    if not _encodable(stream, text):
        encoding = stream.encoding
        text = text.encode(encoding, "replace").decode(encoding)
    stream.write(text)


class _Visible:
    """A text stream whose writes pass through printable() (data formats shown on a terminal)."""

    def __init__(self, stream) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(printable(text))

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


def for_terminal(stream):
    """CSV, JSON or ICS on stdout unchanged when piped or redirected (data), but with control
    characters made visible when stdout is a terminal, where they would be executed."""
    return _Visible(stream) if stdout_is_terminal() else stream


def echo(text: str = "", *, err: bool = False) -> None:
    """Print plain text (no markup) to stdout or stderr."""
    write(text + "\n", err=err)


def print_json(data: Any) -> None:
    """JSON for scripts; on a stream that cannot hold every character, \\u escapes keep it exact."""
    text = json_text(data)
    if not _encodable(sys.stdout, text):
        text = json.dumps(data, ensure_ascii=True, indent=2, default=str) + "\n"
    sys.stdout.write(text)


def json_text(data: Any) -> str:
    """Indented JSON; json.dumps escapes C0 controls, and here the C1 controls (CSI U+009B …), the
    line separators and bidi overrides become \\u escapes too (the same string to a JSON reader)."""
    global _JSON_CONTROL
    text = json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n"
    if text.isascii():
        return text
    if _JSON_CONTROL is None:
        import re

        _JSON_CONTROL = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
    return _JSON_CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


@dataclass(frozen=True)
class Col:
    """A table column. kind "text" wraps at word boundaries and never narrower than its longest
    word; kind "fixed" (codes, dates, numbers, single words) is never wrapped. ratio: the share of
    the spare width a long text column gets; max_width: the widest it grows."""

    header: str
    kind: str = "text"
    ratio: int = 1
    max_width: int | None = None


GAP = 2  # spaces between two columns, on a terminal and in the allocation
MAX_WORD = 40  # a text column is never made wider than this for one long word (a URL, a path)
MIN_TEXT = 8  # nor narrower than this when the table has room to spare


def _cell_text(value: object) -> str:
    """A cell as text: one line, or the lines of a list/tuple (each made one line), newline-joined."""
    if isinstance(value, (list, tuple)):
        return "\n".join(one_line(str(v)) for v in value if v not in (None, ""))
    return one_line("" if value is None else str(value))


def _longest_word(text: str) -> int:
    return max((len(w) for w in text.split()), default=0)


def column_widths(columns: Sequence[Col], cells: Sequence[Sequence[str]], width: int) -> tuple[list[int], bool]:
    """The width of each column for a table `width` characters wide (GAP between columns), and
    whether it fits without cutting a word: every fixed column as wide as its widest cell, every
    text column at least as wide as its longest word (up to MAX_WORD); the spare width goes to
    the text columns by ratio, none wider than its widest cell (or its max_width)."""
    natural, least = [], []
    for i, col in enumerate(columns):
        lines = [col.header] + [line for r in cells for line in r[i].split("\n")]
        wide = max(len(line) for line in lines)
        if col.kind == "fixed":
            natural.append(wide)
            least.append(wide)
            continue
        cap = max(col.max_width or wide, _longest_word(col.header))
        word = max(min(max(_longest_word(line) for line in lines), MAX_WORD), _longest_word(col.header))
        natural.append(max(min(wide, cap), word))
        least.append(min(max(word, MIN_TEXT), natural[-1]))
    room = width - GAP * (len(columns) - 1)
    if sum(natural) <= room:
        return natural, True
    widths = list(least)
    fits = sum(least) <= room
    if not fits:  # narrower than the words: shrink the text columns, widest first
        text = [i for i, c in enumerate(columns) if c.kind == "text"]
        while sum(widths) > room and text:
            i = max(text, key=lambda k: widths[k])
            if widths[i] <= 4:
                break
            widths[i] -= 1
        return widths, False
    spare = room - sum(widths)
    growing = [i for i, c in enumerate(columns) if c.kind == "text" and widths[i] < natural[i]]
    while spare > 0 and growing:
        total = sum(columns[i].ratio for i in growing)
        handed = 0
        for i in growing:
            share = max(1, spare * columns[i].ratio // total) if handed < spare else 0
            share = min(share, natural[i] - widths[i], spare - handed)
            widths[i] += share
            handed += share
        spare -= handed
        growing = [i for i in growing if widths[i] < natural[i]]
        if not handed:
            break
    return widths, True


def terminal_width() -> int:
    return console().width


def print_table(
    headers: Sequence[str | Col],
    rows: Sequence[Sequence[object]],
    *,
    title: str | None = None,
    styles: Sequence[str | None] | None = None,
    row_styles: Sequence[str | None] | None = None,
    aligned: bool = False,
) -> None:
    """A table: on a terminal a rich table that fits the terminal's width (column_widths: words and
    dates are never cut, text wraps at word boundaries); piped, one line per row with the cells
    separated by a tab and no padding (the title, if any, first). A cell may be a list of lines:
    on a terminal the lines after the first are dim, piped they are joined by " – ". aligned: piped,
    the columns are padded with spaces instead (a short summary of labels and counts, not data)."""
    columns = [h if isinstance(h, Col) else Col(h) for h in headers]
    if not stdout_is_terminal():
        if title:
            echo(one_line(title))
        plain = [[c.header for c in columns]]
        plain += [[_cell_text(v).replace("\n", " – ") for v in r] for r in rows]
        if aligned:
            widths = [max(len(r[i]) for r in plain) for i in range(len(columns))]
            lines = ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=False)).rstrip() for r in plain]
        else:
            lines = ["\t".join(r) for r in plain]
        write("\n".join(lines) + "\n")
        return
    from rich import box
    from rich.table import Table
    from rich.text import Text

    cells = [[_cell_text(v) for v in row] for row in rows]
    out = console()
    widths, _fits = column_widths(columns, cells, out.width)
    table = Table(
        title=Text(one_line(title)) if title else None,
        header_style="bold",
        expand=False,
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        padding=(0, GAP - 1, 0, 0),
    )
    for i, (col, w) in enumerate(zip(columns, widths, strict=True)):
        table.add_column(
            col.header,
            style=(styles[i] if styles else None) or "",
            width=w,
            no_wrap=col.kind == "fixed",
            overflow="ellipsis",
        )
    for i, r in enumerate(cells):
        row = []
        for v in r:
            first, _, rest = v.partition("\n")
            text = Text(first)
            if rest:
                text.append("\n" + rest, style="dim")
            row.append(text)
        table.add_row(*row, style=(row_styles[i] if row_styles else None) or "")
    out.print(table)


def _wrapped(text: str, width: int | None, indent: int) -> list[str]:
    """text's lines, on a terminal word-wrapped to width with the continuation indented (a word
    longer than the line stays whole: the terminal folds it, but no word is split by us)."""
    lines = text.split("\n")
    if width is None:
        return lines
    out: list[str] = []
    for line in lines:
        out.extend(textwrap.wrap(line, max(20, width - indent), break_long_words=False, break_on_hyphens=False) or [""])
    return out


def print_fields(pairs: Sequence[tuple[str, object]], *, title: str | None = None) -> None:
    """Label: value lines (multi-line values indented), for 'show'. On a terminal values wrap at
    word boundaries below their first line; a label too wide for that puts its value on the lines
    below it. Piped, each value line is one line."""
    width = max(len(k) for k, _ in pairs) + 1
    term = terminal_width() if stdout_is_terminal() else None
    out = []
    if title:
        title = one_line(title)
        wrapped = _wrapped(title, term, 0)
        out.extend(wrapped)
        out.append("─" * min(78 if term is None else term, max(10, max(len(t) for t in wrapped))))
    for key, value in pairs:
        text = printable("" if value is None else str(value)) or "–"
        if (
            term is not None and width + 1 > term // 2 and ("\n" in text or width + 1 + len(text) > term)
        ):  # e.g. a Sachstand's long head line
            out.extend(_wrapped(f"{key}:", term, 0))
            out.extend(" " * 4 + line for line in _wrapped(text, term, 4))
            continue
        lines = _wrapped(text, term, width + 1)
        out.append(f"{(key + ':').ljust(width)} {lines[0]}")
        out.extend(" " * (width + 1) + line for line in lines[1:])
    write("\n".join(out) + "\n")
