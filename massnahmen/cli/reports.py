"""Reports from the CLI: status, due, report (Sachstandsbericht), changes.

The numbers come from massnahmen.reports (SQL, plain data). This module only renders: rich on a
terminal, plain text when piped, JSON/Markdown/HTML/CSV for scripts. Everything heavy is imported
inside the commands so that `massnahmen status` stays quick."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from massnahmen.cli.base import app, open_store, state
from massnahmen.cli.options import check_format
from massnahmen.cli.status_view import (
    is_terminal, option_date, option_days, option_today, run_status, write_text,
)

TodayOpt = Annotated[
    Optional[str],
    typer.Option("--today", metavar="DATUM",
                 help="Stichtag für überfällig/fällig, z. B. 21.11.2026 (Standard: heute)."),
]


# -- status ---------------------------------------------------------------------------------
@app.command()
def status(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", help="table, json oder md")] = "table",
    today: TodayOpt = None,
) -> None:
    """Überblick: Maßnahmen je Handlungsfeld und Status, Ampel, überfällige und fällige Wiedervorlagen."""
    root = state(ctx)
    run_status(root.db, root.user, fmt, today)


# -- due ------------------------------------------------------------------------------------
DUE_CSV_HEADER = ["Zuständig", "Organisation", "E-Mail", "Telefon", "Nr", "Maßnahme", "Handlungsfeld",
                  "Status", "Ampel", "Wiedervorlage", "Tage", "Lage"]


@app.command()
def due(
    ctx: typer.Context,
    within: Annotated[int, typer.Option("--within", metavar="TAGE",
                                        help="Fällig in den nächsten TAGE Tagen (Standard 30); "
                                             "Überfällige immer dabei.")] = 30,
    fmt: Annotated[str, typer.Option("--format", help="table, json oder csv")] = "table",
    today: TodayOpt = None,
) -> None:
    """Wiedervorlagen nach Zuständigen: Überfällige zuerst, mit E-Mail und Telefon."""
    fmt = check_format(fmt, ("table", "json", "csv"))
    option_days(within, "--within")
    day = option_today(today)
    from massnahmen.reports.due import due_list

    with open_store(ctx) as store:
        result = due_list(store, day, within=within)
    if fmt == "json":
        from massnahmen.cli.output import print_json

        print_json([g.to_dict() for g in result.groups])
    elif fmt == "csv":
        _due_csv(result)
    else:
        _due_table(result)


def _due_csv(result) -> None:
    """`;`-separated UTF-8 with CRLF, like the CSV export (text cells protected against formulas)."""
    import csv
    import io

    from massnahmen.domain.dates import german
    from massnahmen.domain.vocab import ASSESSMENT, STATUS
    from massnahmen.domain.text import line_breaks
    from massnahmen.domain.csv_contract import protect
    from massnahmen.reports.common import days_text

    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    stream = io.TextIOWrapper(buffer, encoding="utf-8", newline="", write_through=True) if buffer else sys.stdout
    from massnahmen.cli.output import for_terminal

    try:
        writer = csv.writer(for_terminal(stream), delimiter=";", lineterminator="\r\n")
        writer.writerow(DUE_CSV_HEADER)
        for g in result.groups:
            for m in g.measures:
                cells = [g.name, g.organisation, g.email, g.phone, m.code, m.title, f"{m.field_code} {m.field}"]
                writer.writerow([protect(line_breaks(c or "")) for c in cells] + [
                    STATUS.label(m.status), ASSESSMENT.label(m.assessment), german(m.review_date), str(m.days),
                    days_text(m.days),
                ])
        stream.flush()
    finally:
        if stream is not sys.stdout:
            stream.detach()


def _due_table(result) -> None:
    from massnahmen.reports.render_text import due_text

    if not is_terminal():
        write_text(due_text(result))
        return
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from massnahmen.cli.output import console
    from massnahmen.reports.render_text import DUE_HEADERS, contact_line, due_rows, due_summary

    out = console()
    out.print(Text(due_summary(result)))
    wide = out.width >= 110  # on 80 columns: no field and no status, the title gets the room
    keep = [0, 1, 2, 3, 4, 5] if wide else [0, 1, 4, 5]
    for g in result.groups:
        out.print()
        out.print(Text(contact_line(g), style="bold" if g.contact_id is not None else "bold yellow"))
        table = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False, show_edge=False)
        for i in keep:
            if i == 1:
                table.add_column(DUE_HEADERS[i], overflow="fold", ratio=1, min_width=16)
            else:
                table.add_column(DUE_HEADERS[i], no_wrap=i != 2, overflow="ellipsis", max_width=30 if i == 2 else None)
        for m, row in zip(g.measures, due_rows(g)):
            table.add_row(*(Text(row[i]) for i in keep), style="red" if m.days < 0 else "")
        out.print(table)


# -- report ---------------------------------------------------------------------------------
@app.command()
def report(
    ctx: typer.Context,
    fmt: Annotated[Optional[str], typer.Option(
        "--format", help="md, html oder json (Standard: nach der Endung von -o, sonst md)")] = None,
    since: Annotated[Optional[str], typer.Option("--since", metavar="DATUM",
                                                 help="Änderungen seit diesem Tag (Standard: vor einem Jahr).")] = None,
    output: Annotated[Optional[Path], typer.Option("-o", "--output", metavar="DATEI",
                                                   help="In diese Datei schreiben (sonst Bildschirm).")] = None,
    today: TodayOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Eine vorhandene fremde Datei bei -o ersetzen "
                                                        "(nie eine Datenbank oder Sicherung).")] = False,
) -> None:
    """Sachstandsbericht für Ausschuss, Kreistag oder Stadtrat (Markdown, HTML zum Drucken, JSON)."""
    from massnahmen.domain.errors import UsageProblem

    if fmt is None:  # "-o bericht.html" means HTML
        suffix = output.suffix.lower().lstrip(".") if output is not None else ""
        fmt = {"html": "html", "htm": "html", "json": "json"}.get(suffix, "md")
    fmt = check_format(fmt, ("md", "html", "json"))
    day = option_today(today)
    since_day = option_date(since, "--since") if since else None
    if since_day and since_day > day:
        raise UsageProblem(f"--since ({since_day:%d.%m.%Y}) liegt nach dem Stichtag ({day:%d.%m.%Y}).")
    from massnahmen.reports.report import output_kind
    from massnahmen.store.db import resolve_db_path
    from massnahmen.store.files import atomic_write, check_target

    kind = output_kind(fmt)
    protected = [resolve_db_path(state(ctx).db)]
    target = check_target(output, kind, force=force, protected=protected) if output is not None else None
    from massnahmen.reports.report import sachstandsbericht

    with open_store(ctx) as store:
        data = sachstandsbericht(store, day, since=since_day)
    if fmt == "json":
        from massnahmen.cli.output import json_text

        text = json_text(data.to_dict())
    elif fmt == "html":
        from massnahmen.reports.render_html import report_html

        text = report_html(data)
    else:
        from massnahmen.reports.render_md import report_md

        text = report_md(data, marker=target is not None)
    if target is None:
        write_text(text)
        return
    with atomic_write(target, kind, force=force, protected=protected, newline="\n") as handle:
        handle.write(text)
    from massnahmen.cli.output import echo
    from massnahmen.reports.common import plural

    echo(f"Sachstandsbericht geschrieben: {target} ({plural(data.overview.total, 'Maßnahme', 'Maßnahmen')})")


# -- changes --------------------------------------------------------------------------------
@app.command()
def changes(
    ctx: typer.Context,
    since: Annotated[str, typer.Option("--since", metavar="DATUM", help="Ab diesem Tag, z. B. 01.01.2026.")],
    fmt: Annotated[str, typer.Option("--format", help="table oder json")] = "table",
    today: TodayOpt = None,
) -> None:
    """Was seit einem Datum geschah: neue und abgeschlossene Maßnahmen, verschobene Wiedervorlagen,
    Statuswechsel, neue Sachstände."""
    from massnahmen.domain.errors import UsageProblem

    fmt = check_format(fmt, ("table", "json"))
    day = option_today(today)
    since_day = option_date(since, "--since")
    if since_day is None:
        raise UsageProblem("--since braucht ein Datum, z. B. --since 01.01.2026.")
    if since_day > day:
        raise UsageProblem(f"--since ({since_day:%d.%m.%Y}) liegt nach dem Stichtag ({day:%d.%m.%Y}).")
    from massnahmen.reports.changes import changes_since

    with open_store(ctx) as store:
        result = changes_since(store, since_day, day)
    if fmt == "json":
        from massnahmen.cli.output import print_json

        print_json(result.to_dict())
        return
    from massnahmen.reports.render_text import CHANGES_HEADERS, changes_rows, changes_summary, changes_text

    if not is_terminal():
        write_text(changes_text(result))
        return
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from massnahmen.cli.output import console
    from massnahmen.reports.changes import KIND_LABELS
    from massnahmen.reports.common import number

    out = console()
    out.print(Text(changes_summary(result)))
    keep = [0, 1, 2, 3, 4] if out.width >= 110 else [0, 1, 2, 3]
    for kind, events in result.sections():
        if not events:
            continue
        out.print()
        out.print(Text(f"{KIND_LABELS[kind]} ({number(len(events))})", style="bold"))
        table = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False, show_edge=False)
        for i in keep:
            if i in (2, 3):
                table.add_column(CHANGES_HEADERS[i], overflow="fold", ratio=1 if i == 2 else 2, min_width=14)
            else:
                table.add_column(CHANGES_HEADERS[i], no_wrap=True, overflow="ellipsis", max_width=20)
        for row in changes_rows(kind, events):
            table.add_row(*(Text(row[i]) for i in keep))
        out.print(table)
