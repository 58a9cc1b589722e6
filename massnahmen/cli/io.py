"""import and export: CSV (as German spreadsheets save it), JSON, and ICS for calendars.

Imports inside the command functions are deliberate: every command module is loaded for every
command (Typer builds the whole app), so each command imports the store, pydantic, rich and the
importers only when it runs (start-up time, see docs/architecture.md)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from massnahmen.cli import hints
from massnahmen.domain.text import counted

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

from massnahmen.cli.base import app, open_store, protected_paths
from massnahmen.cli.options import (
    ArchivedOpt,
    ContactOpt,
    DueWithinOpt,
    FieldOpt,
    GoalOpt,
    OpenOpt,
    OverdueOpt,
    SearchOpt,
    SortOpt,
    StatusOpt,
    check_format,
    measure_filter,
)
from massnahmen.cli.output import echo, print_json, print_table
from massnahmen.cli.status_view import option_days

MAX_LISTED = 30
MAX_CREATED = 10


@app.command("import")
def import_cmd(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            help="CSV-Datei (Excel/LibreOffice, ; , oder Tab), Tabelle (.xlsx, "
            ".xlsm, .xls, .ods), JSON aus „massnahmen export --format json“ "
            "oder eine ausgefüllte Sachstandsabfrage.",
            metavar="DATEI",
            show_default=False,
        ),
    ],
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run",
            help="Nur prüfen und zeigen, was neu, geändert, unverändert und fehlerhaft wäre; nichts schreiben.",
        ),
    ] = False,
    delimiter: Annotated[
        str | None,
        typer.Option(
            "--delimiter", "-d", help="Trennzeichen erzwingen: ; , oder tab (sonst aus der Kopfzeile erkannt)."
        ),
    ] = None,
    encoding: Annotated[
        str | None,
        typer.Option(
            "--encoding", "-e", help="Kodierung erzwingen, z. B. utf-16 (sonst UTF-8 oder Windows-1252, erkannt)."
        ),
    ] = None,
    maps: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            "-m",
            metavar="SPALTE=FELD",
            help='Spalte zuordnen, z. B. --map "Verantwortliche Stelle=Zuständig"; '
            "„=-“ lässt sie weg (mehrfach möglich).",
        ),
    ] = None,
    on_error: Annotated[
        str,
        typer.Option(
            "--on-error",
            help="abort: eine fehlerhafte Zeile und nichts wird geschrieben; skip: gute Zeilen hinein, "
            "fehlerhafte nach --rejects.",
        ),
    ] = "abort",
    rejects: Annotated[
        Path | None,
        typer.Option(
            "--rejects", help="Fehlerhafte Zeilen unverändert (mit Spalte „Fehler“) in diese Datei schreiben."
        ),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="text oder json (Zusammenfassung für Skripte).")] = "text",
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Eine vorhandene fremde Datei bei --rejects ersetzen (nie eine Datenbank oder Sicherung)."
        ),
    ] = False,
    sheet: Annotated[
        str | None,
        typer.Option(
            "--sheet",
            help="Tabellenblatt einer .xlsx/.xls/.ods-Datei (sonst das erste mit einer Kopfzeile mit „Nr“).",
            metavar="NAME",
        ),
    ] = None,
    accept: Annotated[
        list[str] | None,
        typer.Option(
            "--accept",
            metavar="NR|all",
            help="Sachstandsabfrage: Antwort auch für eine inzwischen im Amt geänderte "
            "Maßnahme übernehmen (mehrfach möglich).",
        ),
    ] = None,
    skip: Annotated[
        list[str] | None,
        typer.Option(
            "--skip",
            metavar="NR|all",
            help="Sachstandsabfrage: Antwort zu dieser Maßnahme nicht übernehmen (mehrfach möglich).",
        ),
    ] = None,
    field: Annotated[
        str | None,
        typer.Option(
            "--field",
            "-f",
            metavar="HANDLUNGSFELD",
            help="Handlungsfeld (Kürzel oder Name) für Zeilen ohne eines, z. B. die Liste einer Arbeitsgruppe.",
        ),
    ] = None,
    numbering: Annotated[
        bool,
        typer.Option(
            "--nummerieren",
            "--number",
            help="Zeilen ohne Nr. oder mit einer laufenden Nummer (1, 2, 3 …) "
            "bekommen die nächsten freien Nr. ihres Handlungsfelds; schon "
            "importierte (gleicher Titel) bleiben unverändert.",
        ),
    ] = False,
) -> None:
    """Maßnahmen aus einer CSV-, JSON- oder Tabellendatei übernehmen (Abgleich über die Nr.);
    eine ausgefüllte Sachstandsabfrage wird erkannt und als Sachstände übernommen."""
    fmt = check_format(fmt, ("text", "json"))
    from massnahmen.domain.errors import UsageProblem
    from massnahmen.importing.headers import parse_maps
    from massnahmen.importing.reading import check_encoding, parse_delimiter
    from massnahmen.importing.service import ON_ERROR, import_file

    on_error = (on_error or "").strip().lower()
    if on_error not in ON_ERROR:
        raise UsageProblem(f"--on-error „{on_error}“ ist unbekannt; erlaubt: abort, skip")
    delim = parse_delimiter(delimiter)
    codec = check_encoding(encoding)
    parse_maps(maps)
    from massnahmen.importing.spreadsheet import SPREADSHEET_SUFFIXES, is_spreadsheet

    spreadsheet = file.is_file() and is_spreadsheet(file)
    if spreadsheet:
        from massnahmen.importing.answers import is_answer_file

        if is_answer_file(file):
            from massnahmen.cli.requests import import_answer

            if field is not None or numbering:
                raise UsageProblem("--field und --nummerieren gelten nicht für eine ausgefüllte Sachstandsabfrage.")

            import_answer(ctx, file, dry_run=dry_run, accept=accept or [], skip=skip or [], fmt=fmt)
            return
    if accept or skip:
        raise UsageProblem("--accept und --skip gelten nur für eine ausgefüllte Sachstandsabfrage.")
    if field is not None and not field.strip():
        raise UsageProblem("--field braucht ein Handlungsfeld (Kürzel oder Name).")
    from massnahmen.importing.headers import is_header
    from massnahmen.importing.review_history import layout, peek_header

    mapping = parse_maps(maps)
    header, read = peek_header(
        file,
        encoding=codec,
        delimiter=delim,
        sheet=sheet,
        is_header=lambda cells: is_header(cells, mapping, numbering=numbering),
    )
    tree = None
    from massnahmen.importing.tree import tree_columns

    tree_cols = tree_columns(header) if header else None
    if tree_cols is not None:  # one list of rows linked by id/parent: made a wide table first
        from massnahmen.importing.reading import read_source
        from massnahmen.importing.tree import read_tree

        if field is not None or numbering or rejects is not None:
            raise UsageProblem(
                "--field, --nummerieren und --rejects gelten nicht für eine Tabelle als Baum "
                "(Spalten „id“ und „parent“)."
            )
        tree = read_tree(
            read_source(
                file, encoding=codec, delimiter=delim, sheet=sheet, is_header=lambda cells: is_header(cells, mapping)
            ),
            tree_cols,
        )
        maps = tree.maps + [m for m in maps or [] if m.rsplit("=", 1)[0] in tree.source.header]
        mapping = parse_maps(maps)
        header = tree.source.header
    history = layout(header, mapping) if header else None
    if history is not None and history.undated:
        from massnahmen.importing.reading import ImportRefused
        from massnahmen.importing.review_history import undated_problem

        column = history.undated[0]
        raise ImportRefused(
            undated_problem(history) or "",
            hint=(
                f'Ein Datum geben, z. B. --map "{column}=31.12.2016" (oder =Sachstand 2. Hj. 2025), oder die Spalte '
                f'weglassen mit --map "{column}=-".'
            ),
        )
    if history is not None and tree is not None:
        history.describe_periods = False
    combined = history is not None and history.kind == "wide" and history.measures
    if history is not None and not combined:
        if field is not None or numbering:
            raise UsageProblem("--field und --nummerieren gelten nicht für eine Datei mit Sachständen.")
        _import_history(
            ctx,
            file,
            history,
            read,
            encoding=codec,
            delimiter=delim,
            sheet=sheet,
            mapping=mapping,
            dry_run=dry_run,
            on_error=on_error,
            rejects=rejects,
            fmt=fmt,
        )
        return
    if rejects is not None and rejects.suffix.lower() in SPREADSHEET_SUFFIXES:
        raise UsageProblem(
            f"--rejects schreibt eine CSV-Datei, keine Tabelle „{rejects.name}“; bitte einen "
            "Namen auf .csv wählen, z. B. --rejects fehler.csv"
        )
    if rejects is not None:  # before the database is even opened (opening may migrate it)
        from massnahmen.importing.service import REJECTS
        from massnahmen.store.files import check_target

        if rejects.resolve() != file.resolve():
            check_target(rejects, REJECTS, force=force, protected=protected_paths(ctx), option="--rejects")
    with open_store(ctx, verify=True) as store, _progress(file) as progress:
        summary = import_file(
            store,
            file,
            encoding=codec,
            delimiter=delim,
            maps=maps,
            on_error=on_error,
            dry_run=dry_run,
            rejects=rejects,
            force=force,
            progress=progress,
            sheet=sheet,
            field=field,
            numbering=numbering,
            history=history if combined else None,
            source=tree.source if tree else None,
        )
    if tree is not None:
        summary.notes[:0] = tree.notes
    if summary.created["contacts"]:
        _near_duplicates(ctx, summary)
    from massnahmen.importing.plan import NO_FIELD

    if numbering and field is None and any(NO_FIELD in p.message for p in summary.problems):
        summary.notes.append("Ein Handlungsfeld für alle Zeilen ohne eines gibt --field, z. B. --field 3.")
    if spreadsheet and summary.rejects:
        summary.notes.append(
            f"Die fehlerhaften Zeilen stehen als CSV-Datei (UTF-8, Semikolon) in "
            f"„{summary.rejects.name}“; sie lässt sich korrigiert wieder importieren."
        )
    if fmt == "json":
        print_json(summary.as_dict())
        if summary.rejects_error:
            echo(f"Fehler: {summary.rejects_failure()}", err=True)
    else:
        _render(summary)
    raise typer.Exit(summary.exit_code)


def _near_duplicates(ctx, summary) -> None:
    """Warn about new contacts that look like existing ones (a typo, or the same person twice)."""
    from massnahmen.domain.contacts import contact_display
    from massnahmen.importing.near_duplicates import similar
    from massnahmen.store.catalog import list_contacts

    created = list(summary.created["contacts"])
    with open_store(ctx) as store:
        existing = [
            text
            for c in list_contacts(store)
            for text in (c.name, contact_display(c.name, c.organisation) if c.name else c.organisation)
            if text
        ]
    others = [name for name in existing if name not in set(created) or not summary.written]
    for new, old in similar(created, others)[:MAX_LISTED]:
        summary.warnings.append(
            f"Neuer Kontakt „{new}“ ähnelt dem vorhandenen „{old}“ – Tippfehler? "
            "Dann in der Datei korrigieren oder später mit contacts remove --reassign "
            "zusammenführen."
        )


def _import_history(
    ctx, file: Path, found, read, *, encoding, delimiter, sheet, mapping, dry_run, on_error, rejects, fmt
) -> None:
    """A file of Sachstände (long: Nr., Datum, Sachstand; wide: „Sachstand 2023“ …)."""
    from massnahmen.domain.dates import german
    from massnahmen.domain.errors import UsageProblem
    from massnahmen.importing.headers import is_header
    from massnahmen.importing.reading import read_source
    from massnahmen.importing.review_history import import_history

    if rejects is not None:
        raise UsageProblem(
            "--rejects gibt es beim Import von Sachständen nicht; fehlerhafte Zeilen werden "
            "mit Zeile und Spalte genannt."
        )
    source = read or read_source(
        file, encoding=encoding, delimiter=delimiter, sheet=sheet, is_header=lambda cells: is_header(cells, mapping)
    )
    with open_store(ctx, verify=True) as store:
        result = import_history(store, source, found, dry_run=dry_run, on_error=on_error)
    code = 1 if result.refused or (result.failed_lines and not (result.new or result.existing)) else 0
    if fmt == "json":
        print_json(
            {
                "file": result.file,
                "layout": result.layout,
                "dry_run": dry_run,
                "written": result.written,
                "refused": result.refused,
                "new": [
                    {
                        "code": e.code,
                        "date": e.day.isoformat(),
                        "note": e.note,
                        "status": e.status,
                        "assessment": e.assessment,
                    }
                    for e in result.new
                ],
                "existing": result.existing,
                "placeholders": result.placeholders,
                "failed": len(result.failed_lines),
                "problems": result.problems,
                "notes": result.notes,
                "backup": str(result.backup) if result.backup else None,
            }
        )
        raise typer.Exit(code)
    kind = "eine Zeile je Sachstand" if result.layout == "long" else "eine Spalte je Zeitraum"
    print_table(
        ["Ergebnis", "Anzahl"],
        [
            ("neue Sachstände", len(result.new)),
            ("schon vorhanden", result.existing),
            ("Platzhalter übersprungen", result.placeholders),
            ("fehlerhafte Zeilen", len(result.failed_lines)),
        ],
        title=f"Sachstände aus {result.file} ({kind})" + (" – Probelauf" if dry_run else ""),
    )
    if dry_run:
        for e in result.new[:MAX_LISTED]:
            echo(f"neu: {e.code} {german(e.day)} – {_short(e.note, 120)}")
        if len(result.new) > MAX_LISTED:
            echo(f"… und {len(result.new) - MAX_LISTED} weitere")
    for note in result.notes:
        echo(f"Hinweis: {note}", err=True)
    for problem in result.problems[: MAX_LISTED * 2]:
        echo(("Fehler: " if result.refused else "Übersprungen: ") + _short(problem, 400), err=True)
    _future_hint(result)
    if result.backup:
        echo(f"Sicherung vor dem Import: {result.backup}", err=True)
    if result.refused:
        echo(
            f"{'Probelauf: so würde der Import abgelehnt' if dry_run else 'Import abgelehnt'}: "
            f"{counted(len(result.failed_lines), 'fehlerhafte Zeile', 'fehlerhafte Zeilen')}; "
            "nichts wurde geschrieben. " + hints.SKIP_FAULTY_ROWS,
            err=True,
        )
    elif dry_run:
        n = len(result.new)
        echo(
            f"Probelauf: {counted(n, 'Sachstand', 'Sachstände')} {'würde' if n == 1 else 'würden'} übernommen; "
            "nichts wurde geschrieben."
        )
    elif result.written:
        echo(
            f"Import fertig: {counted(len(result.new), 'Sachstand', 'Sachstände')} übernommen, "
            f"{result.existing} schon vorhanden"
            + (f", {result.placeholders} Platzhalter übersprungen." if result.placeholders else ".")
        )
    else:
        echo("Keine Änderung: alle Sachstände der Datei sind schon vorhanden; nichts wurde geschrieben.")
    raise typer.Exit(code)


def _future_hint(result) -> None:
    """The way out for a period that has not ended yet: its Sachstände get a day up to today."""
    from massnahmen.domain.clock import today
    from massnahmen.domain.dates import german

    for column in result.future_columns[:3]:
        echo(
            f'Tipp: Ist der Zeitraum „{column}“ noch nicht vorbei, gibt --map "{column}={german(today())}" '
            "seinen Sachständen ein Datum bis heute; ist die Jahreszahl vertippt, bitte in der Datei korrigieren.",
            err=True,
        )


class _progress:
    """A progress bar on stderr for large files, only when stderr is a terminal."""

    def __init__(self, file: Path) -> None:
        self.enabled = False
        try:
            self.enabled = sys.stderr.isatty() and Path(file).is_file() and Path(file).stat().st_size > 512_000
        except OSError:
            self.enabled = False
        self._bar: Progress | None = None
        self._tasks: dict[str, TaskID] = {}

    def __enter__(self):
        if not self.enabled:
            return None
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        from massnahmen.cli.output import console

        self._bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.completed}/{task.total}"),
            TimeElapsedColumn(),
            console=console(stderr=True),
            transient=True,
        )
        self._bar.start()
        return self.update

    def update(self, phase: str, done: int, total: int) -> None:
        if self._bar is None:
            return
        if phase not in self._tasks:
            self._tasks[phase] = self._bar.add_task(phase, total=max(total, 1))
        self._bar.update(self._tasks[phase], completed=done, total=max(total, 1))

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.stop()


def _render(summary) -> None:
    from massnahmen.domain.attributes import display_value, label
    from massnahmen.domain.dates import german

    form = summary.encoding + (f", {summary.delimiter}" if summary.delimiter else "")
    one, many = ("Eintrag", "Einträge") if summary.kind == "json" else ("Zeile", "Zeilen")
    title = f"Import {summary.file} ({form}; {summary.records} {one if summary.records == 1 else many})" + (
        " – Probelauf" if summary.dry_run else ""
    )
    print_table(["Ergebnis", "Anzahl"], summary.counts(), title=title, aligned=True)
    created = summary.created
    for word, names in (
        ("Handlungsfeld", created["fields"]),
        ("Ziel", created["goals"]),
        ("Kontakt", created["contacts"]),
    ):
        for name in names[:MAX_CREATED]:
            echo(f"{'Wird angelegt' if summary.dry_run else 'Angelegt'}: {word} „{name}“")
        if len(names) > MAX_CREATED:
            echo(f"… und {len(names) - MAX_CREATED} weitere ({word})")
    for name in summary.contacts_updated[:MAX_LISTED]:
        echo(f"Kontakt „{name}“: E-Mail/Telefon {'würde ' if summary.dry_run else ''}aktualisiert")
    for line in summary.numbering_lines():
        echo(_short(line, 2000))
    if summary.dry_run:
        if summary.new:
            more = len(summary.new) - MAX_LISTED
            echo(
                _short("neu: " + ", ".join(summary.new[:MAX_LISTED]), 2000)
                + (f" … und {more} weitere" if more > 0 else "")
            )
        for code, diffs in summary.changed[:MAX_LISTED]:
            details = "; ".join(f"{label(k)}: {display_value(k, o)} → {display_value(k, n)}" for k, o, n in diffs)
            echo(f"geändert: {code} – {_short(details)}")
        if len(summary.changed) > MAX_LISTED:
            echo(f"… und {len(summary.changed) - MAX_LISTED} weitere geänderte")
    if summary.reviews is not None and summary.dry_run:
        for e in summary.reviews.new[:MAX_LISTED]:
            echo(f"neuer Sachstand: {e.code} {german(e.day)} – {_short(e.note, 120)}")
        if len(summary.reviews.new) > MAX_LISTED:
            echo(f"… und {len(summary.reviews.new) - MAX_LISTED} weitere Sachstände")
    for note in summary.notes + (summary.reviews.notes if summary.reviews is not None else []):
        echo(f"Hinweis: {note}", err=True)
    for warning in summary.warnings:
        echo(f"Warnung: {warning}", err=True)
    if summary.unknown_columns:
        echo("Hinweis: " + hints.unknown_columns_hint(summary.unknown_columns), err=True)
    for problem in summary.problems[: MAX_LISTED * 2]:
        echo(("Fehler: " if summary.refused else "Übersprungen: ") + _short(problem.text(), 400), err=True)
    if len(summary.problems) > MAX_LISTED * 2:
        echo(f"… und {len(summary.problems) - MAX_LISTED * 2} weitere Fehler", err=True)
    for text in (summary.reviews.problems if summary.reviews is not None else [])[: MAX_LISTED * 2]:
        echo(("Fehler: " if summary.refused else "Übersprungen: ") + _short(text, 400), err=True)
    if summary.reviews is not None:
        _future_hint(summary.reviews)
    if summary.rejects:
        echo(f"Fehlerhafte Zeilen geschrieben nach: {summary.rejects}", err=True)
    if summary.backup:
        echo(f"Sicherung vor dem Import: {summary.backup}", err=True)
    echo(
        summary.headline() + (" " + hints.SKIP_FAULTY_ROWS if summary.refused and not summary.dry_run else ""),
        err=summary.refused,
    )
    if summary.rejects_error:
        echo(f"Fehler: {summary.rejects_failure()}", err=True)


def _short(text: str, width: int = 300) -> str:
    from massnahmen.domain.text import one_line

    return one_line(text, width)


@app.command()
def export(
    ctx: typer.Context,
    field: FieldOpt = None,
    status: StatusOpt = None,
    contact: ContactOpt = None,
    goal: GoalOpt = None,
    overdue: OverdueOpt = False,
    due_within: DueWithinOpt = None,
    search: SearchOpt = None,
    open_only: OpenOpt = False,
    archived: ArchivedOpt = False,
    sort: SortOpt = "code",
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="csv (wie der Import sie liest), xlsx (Excel), json "
            "oder ics (Kalender mit den Wiedervorlagen); ohne "
            "Angabe aus der Endung von -o, sonst csv.",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="In diese Datei schreiben (CSV als UTF-8 mit BOM, für Excel); sonst auf die Standardausgabe.",
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Eine vorhandene fremde Datei bei -o ersetzen (nie eine Datenbank oder Sicherung)."
        ),
    ] = False,
) -> None:
    """Maßnahmen exportieren: CSV oder Excel für Tabellenkalkulationen, JSON für Skripte, ICS für Kalender."""
    fmt = export_format(fmt, output)
    option_days(due_within, "--due-within")
    from massnahmen.store.measures import query_measures

    kind = _kind(fmt)
    protected = protected_paths(ctx)
    if output is not None:  # before anything is read: a refused target costs nothing
        from massnahmen.store.files import check_target

        check_target(output, kind, force=force, protected=protected)
    with open_store(ctx) as store:
        flt = measure_filter(
            field=field,
            status=status,
            contact=contact,
            goal=goal,
            overdue=overdue,
            due_within=due_within,
            search=search,
            open_only=open_only,
            archived=archived,
            sort=sort,
        )
        rows = query_measures(store, flt)
        writer = _writer(fmt, store)
    if output is None:
        _write_stdout(writer, rows)
    else:
        from massnahmen.exporting.measures_file import write_measures_file, written_text

        written = write_measures_file(writer, rows, output, fmt, force=force, protected=protected)
        echo(f"{written_text(written, fmt)} exportiert nach {output}", err=True)
    if not rows:
        echo("Keine Maßnahmen gefunden.", err=True)
        raise typer.Exit(1)


def export_format(fmt: str | None, output: Path | None) -> str:
    """--format, else the extension of -o, else csv; a contradiction is a wrong call (exit 2)."""
    from massnahmen.domain.errors import UsageProblem
    from massnahmen.exporting.measures_file import FORMAT_BY_SUFFIX, FORMATS, ending_conflict

    if fmt is None:
        fmt = FORMAT_BY_SUFFIX.get(output.suffix.lower(), "csv") if output is not None else "csv"
    fmt = check_format(fmt, FORMATS)
    conflict = ending_conflict(fmt, output) if output is not None else None
    if output is not None and conflict in FORMATS:
        raise UsageProblem(
            f"-o „{output.name}“ passt nicht zu --format {fmt} (die Endung meint {conflict}).",
            hint=f"Den Dateinamen auf .{fmt} enden lassen oder --format weglassen.",
        )
    if output is not None and conflict:
        raise UsageProblem(f"-o „{output.name}“: --format xlsx schreibt eine .xlsx-Datei.")
    if fmt == "xlsx" and output is None:
        raise UsageProblem("--format xlsx braucht eine Datei: -o massnahmen.xlsx")
    return fmt


def _writer(fmt: str, store):
    """(rows, text stream, bom) → number written, for the chosen format; ICS warns about the
    measures it left out."""
    from massnahmen.exporting.measures_file import row_writer

    skipped: list[str] = []
    inner = row_writer(fmt, store, skipped=skipped)
    if fmt != "ics":
        return inner

    def write(rows, stream, bom) -> int:
        written = inner(rows, stream, bom)
        if skipped:
            from massnahmen.domain.bounds import date_range_text, some_of

            echo(
                f"Warnung: {counted(len(skipped), 'Wiedervorlage', 'Wiedervorlagen')} ohne gültiges Datum "
                f"({date_range_text()}) nicht im Kalender: {some_of(skipped)}",
                err=True,
            )
        return written

    return write


def _write_stdout(writer, rows: list[dict]) -> None:
    import io

    from massnahmen.cli.output import for_terminal

    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a captured stdout without bytes underneath
        writer(rows, for_terminal(sys.stdout), False)
        return
    stream = io.TextIOWrapper(buffer, encoding="utf-8", newline="", write_through=True)
    try:
        writer(rows, for_terminal(stream), False)
        stream.flush()
    finally:
        stream.detach()


def _kind(fmt: str):
    from massnahmen.exporting.measures_file import output_kind

    return output_kind(fmt)
