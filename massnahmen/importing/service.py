"""import_file: read, check, plan and write in one transaction; backups and the rejects file."""

from __future__ import annotations

import csv
import gc
import json
from pathlib import Path

from massnahmen.domain.bounds import MAX_NAMED, some_of
from massnahmen.domain.errors import MassnahmenError, UsageProblem
from massnahmen.domain.text import counted, fold_key
from massnahmen.importing.headers import COLUMNS, IGNORE, is_header, match_headers, parse_maps
from massnahmen.importing.plan import Rejected, plan_import
from massnahmen.importing.reading import ImportRefused, Source, read_source
from massnahmen.importing.review_history import check_entries, layout, read_entries, write_entries
from massnahmen.importing.rows import Problem, column_name, csv_rows, json_rows, shorten
from massnahmen.importing.summary import ImportSummary
from massnahmen.importing.tree import flat_tree
from massnahmen.importing.write import write_plan
from massnahmen.store.backups import KEEP_IMPORT_BACKUPS as KEEP_BACKUPS, backup_before_import as _backup_copy
from massnahmen.store.bulk import bulk_writer
from massnahmen.store.catalog import find_field
from massnahmen.store.db import busy_timeout
from massnahmen.store.files import OutputKind, any_of, atomic_write, check_target, header_ends_with, starts_with

ON_ERROR = ("abort", "skip")
REJECTS_COLUMN = "Fehler"
REJECTS_JSON_KEY = "fehler"
# the rejects file: a CSV whose header ends with „Fehler“, or our JSON list with "fehler" first
REJECTS = OutputKind(
    "Fehlerdatei",
    any_of(
        header_ends_with(REJECTS_COLUMN),
        starts_with(f'[\n  {{\n    "{REJECTS_JSON_KEY}": ', f'[\r\n  {{\r\n    "{REJECTS_JSON_KEY}": '),
    ),
    example="fehler.csv",
    feminine=True,
)
REJECTS_INPUT = "„Fehlerdatei“"  # how the file checks name the input (store.files.check_target's option)


def import_file(
    store,
    path: Path,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    maps: list[str] | None = None,
    on_error: str = "abort",
    dry_run: bool = False,
    rejects: Path | None = None,
    force: bool = False,
    progress=None,
    sheet: str | None = None,
    field: str | None = None,
    numbering: bool = False,
    history=None,
    source: Source | None = None,
) -> ImportSummary:
    """Import a CSV (or JSON) file into the open store. Raises ImportRefused / UsageProblem for a
    file that cannot be imported at all; row problems are in the summary (refused=True with abort).

    The rejects file is checked (store.files.check_target; force allows replacing a foreign file)
    before anything is written; if writing it still fails afterwards, summary.rejects_error says
    so and nothing of it is left on disk.

    field (--field, an existing Handlungsfeld by code or name; NotFound otherwise, before anything is
    read) is the field of rows without one; numbering (--nummerieren) gives rows without a Nr. the
    next free ones of their field (plan.plan_import).

    history (a wide review_history.Layout of the same header) makes it a table of measures with their
    Sachstände: in the same transaction, after the measures, each row's dated Sachstände are
    attached (those of refused rows not); importing it again changes nothing. source: the file as
    read already (importing.tree gives a tree-shaped table as such a wide one)."""
    # Hundreds of thousands of small objects and no reference cycles worth collecting: the cyclic
    # garbage collector would walk them again and again (measured at 100 000 rows: a fresh import
    # takes 7.8 s of CPU without it, 10.6 s with it).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _import_file(
            store,
            path,
            encoding=encoding,
            delimiter=delimiter,
            maps=maps,
            on_error=on_error,
            dry_run=dry_run,
            rejects=rejects,
            force=force,
            progress=progress,
            sheet=sheet,
            field=field,
            numbering=numbering,
            history=history,
            source=source,
        )
    finally:
        if collecting:
            gc.enable()


def _import_file(
    store,
    path: Path,
    *,
    encoding,
    delimiter,
    maps,
    on_error,
    dry_run,
    rejects,
    force,
    progress,
    sheet=None,
    field=None,
    numbering=False,
    history=None,
    source=None,
) -> ImportSummary:
    if on_error not in ON_ERROR:
        raise UsageProblem(f"„{on_error}“ ist unbekannt; erlaubt: abort, skip", param="on_error")
    path = Path(path)
    if rejects is not None and Path(rejects).resolve() == path.resolve():
        raise UsageProblem("Die Fehlerdatei darf nicht die importierte Datei selbst sein.", param="rejects")
    if rejects is not None:  # before anything is read or written
        check_target(rejects, REJECTS, force=force, protected=[store.path], option=REJECTS_INPUT)
    mapping = parse_maps(maps)
    default_field = default_field_code(store, field)
    may_be_empty = frozenset(({"code"} if numbering else set()) | ({"field"} if default_field else set()))
    if source is None:  # else read already (a tree-shaped table turned into a wide one: importing.tree)
        source = read_source(
            path,
            encoding=encoding,
            delimiter=delimiter,
            is_header=lambda cells: is_header(cells, mapping, numbering=numbering),
            sheet=sheet,
        )
    tree_notes: list[str] = []
    if history is None and source.kind == "csv" and not numbering:
        flat = flat_tree(source)  # headings and Sachstand rows in one list: a wide table, as a tree is
        if flat is not None:
            if rejects is not None:
                raise UsageProblem(
                    "Eine Fehlerdatei gibt es nicht für eine Liste mit Überschriften und Sachstandszeilen.",
                    param="rejects",
                )
            source, tree_notes = flat.source, flat.notes
            maps = flat.maps + [m for m in maps or [] if m.rsplit("=", 1)[0] in source.header]
            mapping = parse_maps(maps)
            history = layout(source.header, mapping)
            if history is not None:
                history.describe_periods = False
    summary = ImportSummary(
        file=path.name,
        kind=source.kind,
        encoding=source.encoding_label,
        encoding_detected=source.encoding_detected,
        dry_run=dry_run,
        on_error=on_error,
    )
    summary.notes.extend(tree_notes + source.notes)
    if history is not None:
        mapping = mapping | {
            fold_key(source.header[i]): IGNORE for i in history.history_columns if i < len(source.header)
        }
    if source.kind == "csv":
        summary.delimiter = source.delimiter_label
        rows, columns = _csv_rows(source, mapping, summary, progress, numbering=numbering, may_be_empty=may_be_empty)
    else:
        rows, unknown = json_rows(source, may_be_empty)
        if not rows:
            raise ImportRefused(f"„{path.name}“ enthält keine Maßnahmen (leere Liste).")
        for row in rows if not numbering else ():
            if "code" not in row.values and not any(p.column == "code" for p in row.problems):
                row.problems.append(Problem(row.line, "code", "fehlt (die Nr. der Maßnahme)", "Eintrag", "Feld"))
        if len(unknown) > MAX_NAMED:
            summary.warnings.append(
                f"{len(unknown)} Felder werden nicht importiert (unbekannt): {some_of([_quoted(k) for k in unknown])}."
            )
        else:
            summary.warnings.extend(f"Feld „{column_name(k)}“ wird nicht importiert (unbekannt)." for k in unknown)
        columns = {k: k for k in COLUMNS}
    summary.records = len(rows)
    if source.kind == "csv" and source.encoding_detected and source.encoding == "cp1252":
        summary.notes.append("Kodierung Windows-1252 erkannt (CSV aus Excel oder LibreOffice).")

    context = f"Import {path.name}"
    # one transaction: what the plan read is what it writes over, and a failure writes nothing
    with store.write() as conn:
        plan = plan_import(
            store, rows, columns, progress=progress, numbering=numbering, default_field=default_field, context=context
        )
        summary.problems = plan.problems
        for problem in plan.problems if source.sheet is not None else ():
            problem.unit = source.unit if problem.unit == "Zeile" else problem.unit  # name the sheet
        summary.failed = len(plan.rejected)
        summary.refused = bool(plan.rejected) and on_error == "abort"
        summary.new = [m.code for m in plan.new]
        summary.changed = [(m.code, m.diffs) for m in plan.changed]
        summary.unchanged = len(plan.unchanged)
        summary.created = plan.created
        if plan.derived_fields:
            derived = counted(plan.derived_fields, "neue Maßnahme", "neue Maßnahmen")
            summary.notes.append(
                f"Handlungsfeld für {derived} aus der Nr. "
                "abgeleitet (3.2.1 → Handlungsfeld 3), weil die Datei keine Spalte dafür hat."
            )
        summary.contacts_updated = [u.contact.display for u in plan.contact_updates]
        summary.numbered = plan.numbered
        summary.recognised = plan.recognised
        summary.elsewhere = plan.elsewhere
        reviews = None
        if history is not None:
            reviews = _plan_reviews(store, source, history, plan, summary)
            summary.refused = summary.refused or (bool(reviews.failed_lines) and on_error == "abort")
        if not dry_run and not summary.refused and (plan.has_writes or (reviews is not None and reviews.new)):
            summary.backup = backup_before_import(store)  # inside the transaction, before the first write
            if plan.has_writes:
                with bulk_writer(conn) as bulk:
                    write_plan(store, bulk, plan, context=context, progress=progress)
            if reviews is not None:
                write_entries(store, conn, reviews, context)
            summary.written = True
    if rejects is not None and plan.rejected:
        try:
            summary.rejects = write_rejects(source, plan.rejected, Path(rejects), force=force, protected=[store.path])
        except MassnahmenError as exc:
            summary.rejects_error = exc.message
    return summary


def _plan_reviews(store, source: Source, history, plan, summary: ImportSummary):
    """The Sachstände of the rows the plan accepts (review_history), kept in the summary."""
    refused_lines = {r.row.line for r in plan.rejected}
    reviews = read_entries(source, history, skip_lines=refused_lines)
    coming = {m.code for m in plan.new}
    check_entries(store, source, history, reviews, coming=coming)
    summary.reviews = reviews
    summary.failed += len(reviews.failed_lines - refused_lines)
    return reviews


def default_field_code(store, field: str | None) -> str | None:
    """The code of the field --field names (by code or name, as everywhere); NotFound/Ambiguous
    with the German message when it names none or several."""
    if field is None:
        return None

    with store.reading() as conn:
        return find_field(conn, field)[1]


def _csv_rows(
    source: Source,
    mapping: dict[str, str],
    summary: ImportSummary,
    progress,
    *,
    numbering: bool = False,
    may_be_empty: frozenset[str] = frozenset(),
):
    match = match_headers(source.header, mapping)
    name = source.path.name
    present = some_of([_quoted(h) for h in source.header if h.strip()], limit=30) or "keine"
    if match.unused_maps:
        columns = ", ".join(f"„{c}“" for c in match.unused_maps)
        raise UsageProblem(
            (f"die Spalte {columns} gibt es" if len(match.unused_maps) == 1 else f"die Spalten {columns} gibt es")
            + f" in „{name}“ nicht; vorhanden: {present}",
            param="maps",
        )
    if "code" not in match.names and not numbering:
        raise ImportRefused(
            f"In „{name}“ fehlt die Spalte „Nr“ (gesucht: Nr, Nummer, Kennung, ID); "
            f"Kopfzeile {source.header_line}: {present}.",
            hint="Eine andere Spalte als Nr zuordnen; eine Liste ohne Nr. lässt sich nummerieren "
            "(mit einem Handlungsfeld für alle Zeilen).",
            remedy="map_code",
        )
    if match.problems:
        extra = len(match.problems) - MAX_NAMED
        raise ImportRefused(
            " ".join(shorten(p) for p in match.problems[:MAX_NAMED])
            + (f" … und {extra} weitere doppelte Spalten." if extra > 0 else ""),
            hint="Eine der Spalten weglassen.",
            remedy="map_ignore",
        )
    if not any(any(c.strip() for c in cells) for _line, cells in source.rows):
        raise ImportRefused(f"„{name}“ enthält nur die Kopfzeile, keine Maßnahmen.")
    summary.notes.extend(match.notes)
    if len(match.unknown) > MAX_NAMED:  # one warning, not one per column of a very wide header
        summary.warnings.append(
            f"{len(match.unknown)} Spalten werden nicht importiert (unbekannt): "
            f"{some_of([_quoted(u) for u in match.unknown])}."
        )
    for unknown in match.unknown if len(match.unknown) <= MAX_NAMED else ():
        summary.warnings.append(f"Spalte „{column_name(unknown)}“ wird nicht importiert (unbekannt).")
    summary.unknown_columns = [column_name(u) for u in match.unknown]
    if ({"email", "phone"} & set(match.names)) and not ({"contact", "organisation"} & set(match.names)):
        summary.warnings.append(
            "E-Mail/Telefon werden nur mit einer Spalte „Zuständig“ oder „Organisation“ übernommen."
        )
    rows = csv_rows(source, match, progress=progress, may_be_empty=may_be_empty)
    return rows, dict(match.names)


def _quoted(name: str) -> str:
    return f"„{column_name(name)}“"


def backup_before_import(store) -> Path:
    """The safety copy beside the database, taken inside the import's transaction before the first
    write (store.backups: checked, renamed when complete; the newest KEEP_BACKUPS stay)."""

    return _backup_copy(Path(store.path), keep=KEEP_BACKUPS, busy_timeout=busy_timeout())


def write_rejects(source: Source, rejected: list[Rejected], target: Path, *, force: bool = False, protected=()) -> Path:
    """The refused rows unchanged (same columns, encoding and separator) plus a column „Fehler“,
    written completely or not at all (store.files.atomic_write)."""
    reasons = {id(r.row): "; ".join(p.text() for p in r.problems) for r in rejected}
    rows = [r.row for r in rejected]
    if source.kind == "json":
        data = [
            {REJECTS_JSON_KEY: reasons[id(r)]} | {k: v for k, v in r.raw.items() if k != REJECTS_JSON_KEY}
            for r in rows
            if isinstance(r.raw, dict)
        ]  # a JSON source's rows are all objects
        with atomic_write(target, REJECTS, force=force, protected=protected, option=REJECTS_INPUT, newline="\n") as out:
            out.write(json.dumps(data, ensure_ascii=False, indent=2, default=repr) + "\n")
        return target
    width = max([len(source.header)] + [len(r.raw) for r in rows])
    encoding = "utf-8-sig" if source.bom else source.encoding
    with atomic_write(
        target, REJECTS, force=force, protected=protected, option=REJECTS_INPUT, encoding=encoding, errors="replace"
    ) as out:
        writer = csv.writer(out, delimiter=source.delimiter or ";", lineterminator="\r\n")
        writer.writerow(list(source.header) + [""] * (width - len(source.header)) + [REJECTS_COLUMN])
        for r in rows:
            cells = list(r.raw)
            writer.writerow(cells + [""] * (width - len(cells)) + [reasons[id(r)]])
    return target


__all__ = ["import_file", "ImportRefused", "ImportSummary"]
