"""Printing for the CLI: rich tables on a terminal, plain aligned text when piped, JSON for scripts.

User text is data: it is never parsed as markup, and control characters are shown escaped. The one
place that escapes them is write() (plain text) and the Console from console() (rich output), so a
caller cannot forget it; JSON escapes them itself (print_json)."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import Any

from massnahmen.domain.text import one_line, printable

_JSON_CONTROL = None


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


def print_table(headers: Sequence[str], rows: Sequence[Sequence[object]], *, title: str | None = None,
                styles: Sequence[str | None] | None = None, row_styles: Sequence[str | None] | None = None,
                widths: Sequence[int | None] | None = None) -> None:
    """A table: rich on a terminal, columns separated by two spaces when piped."""
    cells = [[one_line("" if v is None else str(v)) for v in row] for row in rows]
    if not stdout_is_terminal():
        if title:
            echo(one_line(title))
        widths_ = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
        lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths_)).rstrip()]
        lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths_)).rstrip() for r in cells]
        write("\n".join(lines) + "\n")
        return
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text(one_line(title)) if title else None, header_style="bold", expand=False)
    for i, h in enumerate(headers):
        table.add_column(h, style=(styles[i] if styles else None) or "",
                         max_width=(widths[i] if widths else None), overflow="fold")
    for i, r in enumerate(cells):
        table.add_row(*(Text(v) for v in r), style=(row_styles[i] if row_styles else None) or "")
    console().print(table)


def print_fields(pairs: Sequence[tuple[str, object]], *, title: str | None = None) -> None:
    """Label: value lines (multi-line values indented), for 'show'."""
    width = max(len(k) for k, _ in pairs) + 1
    out = []
    if title:
        out.append(one_line(title))
        out.append("─" * min(78, max(10, len(one_line(title)))))
    for key, value in pairs:
        text = printable("" if value is None else str(value)) or "–"
        lines = text.split("\n")
        out.append(f"{(key + ':').ljust(width)} {lines[0]}")
        out.extend(" " * (width + 1) + line for line in lines[1:])
    write("\n".join(out) + "\n")
