"""Reports from the CLI: status, due, report (Sachstandsbericht), changes.

The numbers come from massnahmen.reports (SQL, plain data). This module only renders: rich on a
terminal, plain text when piped, JSON/Markdown/HTML/CSV for scripts. Everything heavy is imported
inside the commands so that `massnahmen status` stays quick."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from massnahmen.cli.base import app, open_store, protected_paths, state
from massnahmen.cli.options import check_format
from massnahmen.cli.status_view import (
    is_terminal,
    option_date,
    option_days,
    option_today,
    run_status,
    write_payload,
    write_text,
)

TodayOpt = Annotated[
    str | None,
    typer.Option(
        "--today", metavar="DATUM", help="Stichtag für überfällig/fällig, z. B. 21.11.2026 (Standard: heute)."
    ),
]


# -- status ---------------------------------------------------------------------------------
@app.command()
def status(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", help="table, json oder md")] = "table",
    today: TodayOpt = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", metavar="DATUM", help="Stand am Ende dieses Tages, aus dem Verlauf rekonstruiert."),
    ] = None,
) -> None:
    """Überblick: Maßnahmen je Handlungsfeld und Status, Ampel, überfällige und fällige Wiedervorlagen."""
    root = state(ctx)
    run_status(root.db, root.user, fmt, today, as_of)


# -- due ------------------------------------------------------------------------------------
DUE_CSV_HEADER = [
    "Zuständig",
    "Organisation",
    "E-Mail",
    "Telefon",
    "Nr",
    "Maßnahme",
    "Handlungsfeld",
    "Status",
    "Ampel",
    "Wiedervorlage",
    "Tage",
    "Lage",
]


@app.command()
def due(
    ctx: typer.Context,
    within: Annotated[
        int,
        typer.Option(
            "--within", metavar="TAGE", help="Fällig in den nächsten TAGE Tagen (Standard 30); Überfällige immer dabei."
        ),
    ] = 30,
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

    from massnahmen.domain.csv_contract import protect
    from massnahmen.domain.dates import german
    from massnahmen.domain.text import line_breaks
    from massnahmen.domain.vocab import ASSESSMENT, STATUS
    from massnahmen.reports.common import days_text

    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    wrapper = io.TextIOWrapper(buffer, encoding="utf-8", newline="", write_through=True) if buffer else None
    stream = wrapper or sys.stdout
    from massnahmen.cli.output import for_terminal

    try:
        writer = csv.writer(for_terminal(stream), delimiter=";", lineterminator="\r\n")
        writer.writerow(DUE_CSV_HEADER)
        for g in result.groups:
            for m in g.measures:
                cells = [g.name, g.organisation, g.email, g.phone, m.code, m.title, f"{m.field_code} {m.field}"]
                writer.writerow(
                    [protect(line_breaks(c or "")) for c in cells]
                    + [
                        STATUS.label(m.status),
                        ASSESSMENT.label(m.assessment),
                        german(m.review_date),
                        str(m.days),
                        days_text(m.days),
                    ]
                )
        stream.flush()
    finally:
        if wrapper is not None:
            wrapper.detach()


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
        for m, row in zip(g.measures, due_rows(g), strict=True):
            table.add_row(*(Text(row[i]) for i in keep), style="red" if m.days < 0 else "")
        out.print(table)


# -- report ---------------------------------------------------------------------------------
FORMATS_BY_SUFFIX = {"html": "html", "htm": "html", "json": "json", "pdf": "pdf", "md": "md"}
Many = list[str] | None


@app.command()
def report(
    ctx: typer.Context,
    fmt: Annotated[
        str | None,
        typer.Option("--format", help="md, html, pdf oder json (Standard: nach der Endung von -o, sonst md)"),
    ] = None,
    kind: Annotated[
        str,
        typer.Option(
            "--kind",
            metavar="ART",
            help="sachstand (Sachstandsbericht, Standard), rueckblick "
            "(Rückblick je Jahr, z. B. für den Fachtag) oder ideen "
            "(Rückmeldung zu den Bürgerideen)",
        ),
    ] = "sachstand",
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="DATUM",
            help="Beginn des Berichtszeitraums (Standard: das Jahr bis zum Stichtag, bei "
            "31.12.2025 ab 01.01.2025; beim Rückblick: Beschluss des Konzepts).",
        ),
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", metavar="DATUM", help="Ende des Rückblicks (Standard: Stichtag).")
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", metavar="DATUM", help="Stand am Ende dieses Tages, aus dem Verlauf rekonstruiert."),
    ] = None,
    field: Annotated[
        Many,
        typer.Option("--field", metavar="FELD", help="Nur dieses Handlungsfeld (Kürzel oder Name; mehrfach möglich)."),
    ] = None,
    status_filter: Annotated[
        Many, typer.Option("--status", metavar="STATUS", help="Nur Maßnahmen mit diesem Status (mehrfach möglich).")
    ] = None,
    assessment_filter: Annotated[
        Many,
        typer.Option("--ampel", metavar="AMPEL", help="Nur diese Ampel: grün, gelb, rot, keine (mehrfach möglich)."),
    ] = None,
    changed_only: Annotated[
        bool, typer.Option("--changed-only", help="Nur Maßnahmen mit Änderungen oder Sachständen im Berichtszeitraum.")
    ] = False,
    detailed: Annotated[bool, typer.Option("--ausfuehrlich", help="Zu jeder Maßnahme alle Sachstände.")] = False,
    with_contacts: Annotated[
        bool,
        typer.Option(
            "--with-contacts",
            help="Interne Fassung: mit Namen, E-Mail und Telefon der Zuständigen "
            "(auf jeder Seite als „intern“ gekennzeichnet).",
        ),
    ] = False,
    preface: Annotated[
        Path | None, typer.Option("--preface", metavar="DATEI", help="Vorwort aus einer Markdown-Datei an den Anfang.")
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", metavar="DATEI", help="In diese Datei schreiben (sonst Bildschirm)."),
    ] = None,
    today: TodayOpt = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Eine vorhandene fremde Datei bei -o ersetzen (nie eine Datenbank oder Sicherung)."
        ),
    ] = False,
) -> None:
    """Sachstandsbericht für Ausschuss, Kreistag oder Stadtrat (Markdown, HTML zum Drucken, PDF, JSON)
    oder der Rückblick je Jahr (--kind rueckblick). Veröffentlichungsfähig: Stellen statt Personen."""
    from massnahmen.domain.errors import UsageProblem

    if fmt is None:  # "-o bericht.html" means HTML
        suffix = output.suffix.lower().lstrip(".") if output is not None else ""
        fmt = FORMATS_BY_SUFFIX.get(suffix, "md")
    fmt = check_format(fmt, ("md", "html", "pdf", "json"))
    kind = {"rückblick": "rueckblick", "sachstandsbericht": "sachstand"}.get(kind.strip().lower(), kind.strip().lower())
    if kind not in ("sachstand", "rueckblick", "ideen"):
        raise UsageProblem(f"--kind „{kind}“ ist unbekannt; erlaubt: sachstand, rueckblick, ideen")
    day = option_today(today)
    as_of_day = option_date(as_of, "--as-of")
    since_day = option_date(since, "--since")
    until_day = option_date(until, "--until")
    if kind == "ideen":  # „Was ist aus Ihren Ideen geworden?“: the same as `ideas report`
        extra = [
            name
            for name, used in (
                ("--since", since),
                ("--until", until),
                ("--as-of", as_of),
                ("--field", field),
                ("--status", status_filter),
                ("--ampel", assessment_filter),
                ("--changed-only", changed_only),
                ("--ausfuehrlich", detailed),
                ("--with-contacts", with_contacts),
                ("--preface", preface),
            )
            if used
        ]
        if extra:
            raise UsageProblem(f"{', '.join(extra)} gilt nicht für die Rückmeldung zu den Ideen (--kind ideen).")
        from massnahmen.cli.ideas import write_feedback

        write_feedback(ctx, fmt, output, force)
        return
    stichtag = as_of_day or day
    if since_day and since_day > stichtag:
        raise UsageProblem(f"--since ({since_day:%d.%m.%Y}) liegt nach dem Stichtag ({stichtag:%d.%m.%Y}).")
    if until_day and since_day and until_day < since_day:
        raise UsageProblem(f"--until ({until_day:%d.%m.%Y}) liegt vor --since ({since_day:%d.%m.%Y}).")
    if kind == "rueckblick":
        extra = [
            name
            for name, used in (
                ("--status", status_filter),
                ("--ampel", assessment_filter),
                ("--changed-only", changed_only),
                ("--ausfuehrlich", detailed),
                ("--with-contacts", with_contacts),
                ("--as-of", as_of),
            )
            if used
        ]
        if extra:
            raise UsageProblem(
                f"{', '.join(extra)} gilt nur für den Sachstandsbericht, nicht für den Rückblick "
                "(dort: --since, --until, --field)."
            )
    elif until:
        raise UsageProblem(
            "--until gilt nur für den Rückblick (--kind rueckblick); der Sachstandsbericht nimmt --since und --as-of."
        )
    if fmt == "pdf" and output is None and is_terminal():
        raise UsageProblem("Ein PDF gehört in eine Datei: -o bericht.pdf")
    preface_text = _read_preface(preface) if preface is not None else None
    from massnahmen.reports.outputs import output_kind
    from massnahmen.store.files import check_target

    out_kind = output_kind(fmt)
    protected = protected_paths(ctx)
    target = check_target(output, out_kind, force=force, protected=protected) if output is not None else None
    from massnahmen.reports.rendering import KIND_LABELS, ReportRequest, report_data, write_report

    spec = ReportRequest(
        kind,
        day,
        since=since_day,
        until=until_day,
        as_of=as_of_day,
        fields=field or [],
        statuses=status_filter or [],
        assessments=assessment_filter or [],
        changed_only=changed_only,
        detailed=detailed,
        with_contacts=with_contacts,
        preface=preface_text,
    )
    with open_store(ctx) as store:
        data = report_data(store, spec)
    label, count = KIND_LABELS[kind], data.total
    payload = _render(data, fmt, kind, marker=target is not None)
    if target is None:
        write_payload(payload)
        return
    write_report(target, payload, fmt, force=force, protected=protected)
    from massnahmen.cli.output import echo
    from massnahmen.reports.common import plural

    echo(f"{label} geschrieben: {target} ({plural(count, 'Maßnahme', 'Maßnahmen')})")


def _read_preface(path: Path) -> str:
    from massnahmen.domain.errors import UsageProblem

    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UsageProblem(f"--preface: „{path}“ ließ sich nicht lesen ({exc.strerror or exc}).") from None
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", "replace")


def _render(data, fmt: str, kind: str, *, marker: bool):
    if fmt == "json":
        from massnahmen.cli.output import json_text

        return json_text(data.to_dict())
    from massnahmen.reports.rendering import render_report

    return render_report(data, fmt, kind, marker=marker)


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
    from massnahmen.reports.changes import kind_heading

    out = console()
    out.print(Text(changes_summary(result)))
    keep = [0, 1, 2, 3, 4] if out.width >= 110 else [0, 1, 2, 3]
    for kind, events in result.sections():
        if not events:
            continue
        out.print()
        out.print(Text(kind_heading(kind, len(events)), style="bold"))
        table = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False, show_edge=False)
        for i in keep:
            if i in (2, 3):
                table.add_column(CHANGES_HEADERS[i], overflow="fold", ratio=1 if i == 2 else 2, min_width=14)
            else:
                table.add_column(CHANGES_HEADERS[i], no_wrap=True, overflow="ellipsis", max_width=20)
        for row in changes_rows(kind, events):
            table.add_row(*(Text(row[i]) for i in keep))
        out.print(table)
