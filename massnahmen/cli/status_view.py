"""`massnahmen status` without Typer: the quick overview is the command people run most, so it
must start fast (its start-up time is budgeted). Also the small option helpers the other report commands share."""

from __future__ import annotations

import os
import sys

from massnahmen.cli.output import check_format


def option_date(value: str | None, option: str):
    """An option's date (German or ISO); None when the option is not given. A bad one is a usage
    error (exit 2), and so is an empty or blank one: an option that names a day is left out or given
    a day (README, „Leere Werte“) – '' must not silently mean today."""
    from massnahmen.domain.dates import parse_date
    from massnahmen.domain.errors import InvalidValue, UsageProblem

    if value is None:
        return None
    if not value.strip():
        raise UsageProblem(
            f"{option} braucht ein Datum, z. B. {option} 31.12.2026; ein leerer Wert geht nicht "
            "(die Option dann weglassen)."
        )
    try:
        return parse_date(value, label=option)
    except InvalidValue as exc:
        raise UsageProblem(exc.message) from None


def option_days(value: int | None, option: str) -> int | None:
    """A day window (--within, --due-within) in domain.bounds' range; outside it a usage error."""
    if value is None:
        return None
    from massnahmen.domain.bounds import check_days
    from massnahmen.domain.errors import InvalidValue, UsageProblem

    try:
        return check_days(value, option)
    except InvalidValue as exc:
        raise UsageProblem(exc.message) from None


def option_version(value: int | None, option: str) -> int | None:
    """A version number (--expect-version) an SQLite INTEGER can hold; outside it a usage error."""
    if value is None:
        return None
    from massnahmen.domain.bounds import check_version
    from massnahmen.domain.errors import InvalidValue, UsageProblem

    try:
        return check_version(value, option)
    except InvalidValue as exc:
        raise UsageProblem(exc.message) from None


def option_today(value: str | None):
    if value is None:
        from massnahmen.domain.clock import today

        return today()
    return option_date(value, "--today")


# Stand-ins for a console or file encoding without these characters (Windows code page 1252).
FALLBACK = str.maketrans({"█": "#", "░": ".", "●": "*", "→": "->", "🟢": "(g)", "🟡": "(y)", "🔴": "(r)", "⚪": "( )"})


def write_text(text: str) -> None:
    """Write to stdout with control characters made visible (printable(), as cli.output.write);
    characters its encoding cannot show become plain stand-ins, never a crash."""
    from massnahmen.domain.text import printable

    text = printable(text)
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        text = text.translate(FALLBACK).encode(encoding, "replace").decode(encoding)
    except LookupError:
        pass
    sys.stdout.write(text)


def write_payload(payload: str | bytes) -> None:
    """A report to stdout: text through write_text, a PDF's bytes unchanged."""
    if isinstance(payload, bytes):
        sys.stdout.flush()
        sys.stdout.buffer.write(payload)
        sys.stdout.flush()
    else:
        write_text(payload)


def is_terminal() -> bool:
    return sys.stdout.isatty()


# -- status ---------------------------------------------------------------------------------
def run_status(
    db: str | os.PathLike | None,
    user: str | None,
    fmt: str = "table",
    today: str | None = None,
    as_of: str | None = None,
) -> None:
    """`massnahmen status`.
    as_of: the overview as it stood at the end of that day (from the Verlauf)."""
    fmt = check_format(fmt, ("table", "json", "md"))
    day = option_date(as_of, "--as-of") if as_of is not None else option_today(today)
    from massnahmen.store.db import Store

    with Store.open(db, user) as store:
        if as_of is not None:
            from massnahmen.reports.status import status_overview_as_of

            overview = status_overview_as_of(store, day)
        else:
            from massnahmen.reports.status import status_overview

            overview = status_overview(store, day)
    if fmt == "json":
        from massnahmen.cli.output import print_json

        print_json(overview.to_dict())
    elif fmt == "md":
        from massnahmen.reports.render_md import status_md

        write_text(status_md(overview))
    elif is_terminal() and not overview.empty:
        _rich_status(overview)
    else:
        from massnahmen.reports.render_text import status_text

        text = status_text(overview)
        if overview.empty:
            from massnahmen.cli.hints import EMPTY_CONCEPT

            text = f"{text.rstrip()} {EMPTY_CONCEPT}\n"
        write_text(text)


def _rich_status(o) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from massnahmen.cli.output import STYLES, console
    from massnahmen.domain.dates import german
    from massnahmen.domain.text import one_line
    from massnahmen.domain.vocab import ASSESSMENT, STATUS
    from massnahmen.reports.common import days_text, number
    from massnahmen.reports.render_text import assessment_parts, status_field_rows, status_heading

    out = console()
    head = status_heading(o)
    out.print(Text(head[0], style="bold"))
    out.print(Text(head[1]))
    out.print()
    headers, rows = status_field_rows(o)
    bar_column = len(headers) - 2
    short = out.width < 118
    if short:  # 80 columns: abbreviated status headers, explained below the table
        headers = [headers[0], *(t.abbreviation for t in STATUS.terms), "Summe", "Ant. umg.", "%"]
    table = Table(
        header_style="bold",
        box=box.SIMPLE_HEAD if not short else None,
        pad_edge=False,
        padding=(0, 1) if not short else (0, 1, 0, 0),
        show_edge=False,
    )
    for i, name in enumerate(headers):
        if i == 0:
            table.add_column(name, overflow="fold", min_width=14, ratio=1)
        else:
            table.add_column(name, justify="left" if i == bar_column else "right", no_wrap=True)
    for i, row in enumerate(rows):
        cells = [Text(c, style="green" if j == bar_column else "") for j, c in enumerate(row)]
        table.add_row(*cells, style="bold" if i == len(rows) - 1 else "", end_section=i == len(rows) - 2)
    out.print(table)
    if short:
        out.print(Text(" · ".join(f"{t.abbreviation} {t.label}" for t in STATUS.terms), style="dim"))
    out.print()
    assessments = Text("Ampel der offenen Maßnahmen: ")
    for i, (key, words, n) in enumerate(assessment_parts(o)):
        if i:
            assessments.append(" · ")
        assessments.append("● " + words, style=STYLES[ASSESSMENT.style(key)])
        assessments.append(f" {number(n)}")
    out.print(assessments)
    reviews = Text("Wiedervorlagen: ")
    reviews.append(f"{number(o.overdue)} überfällig", style="bold red" if o.overdue else "")
    reviews.append(f" · {number(o.due)} in den nächsten {o.due_days} Tagen fällig", style="yellow" if o.due else "")
    out.print(reviews)
    if o.urgent:
        out.print(Text("Am dringendsten:"))
        for u in o.urgent:
            line = Text("  ")
            line.append(
                f"{one_line(u.code)}  {days_text(u.days)} ({german(u.review_date)})",
                style="red" if u.overdue else "yellow",
            )
            line.append(f": {one_line(u.title)} – {one_line(u.contact) or 'ohne Zuständige'}")
            out.print(line)
    gaps = Text(
        f"Offene Maßnahmen ohne Zuständige: {number(o.open_without_contact)} · "
        f"ohne Wiedervorlage: {number(o.open_without_review_date)}"
    )
    out.print(gaps)
