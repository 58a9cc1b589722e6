"""import_file: read, check, plan and write in one transaction; backups and the rejects file."""

from __future__ import annotations

import csv
import gc
import json
from datetime import datetime
from pathlib import Path

from massnahmen.domain.errors import UsageProblem
from massnahmen.importing.headers import COLUMNS, is_header, match_headers, parse_maps
from massnahmen.importing.reading import ImportRefused, Source, read_source
from massnahmen.domain.bounds import MAX_NAMED, some_of
from massnahmen.importing.rows import Problem, Row, column_name, csv_rows, json_rows, shorten
from massnahmen.importing.summary import ImportSummary
from massnahmen.importing.upsert import apply_plan, plan_import

KEEP_BACKUPS = 3
ON_ERROR = ("abort", "skip")


def import_file(store, path: Path, *, encoding: str | None = None, delimiter: str | None = None,
                maps: list[str] | None = None, on_error: str = "abort", dry_run: bool = False,
                rejects: Path | None = None, progress=None) -> ImportSummary:
    """Import a CSV (or JSON) file into the open store. Raises ImportRefused / UsageProblem for a
    file that cannot be imported at all; row problems are in the summary (refused=True with abort)."""
    # Millions of small objects and no reference cycles worth collecting: the cyclic garbage
    # collector would walk them again and again (a third of the time at 100 000 rows).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _import_file(store, path, encoding=encoding, delimiter=delimiter, maps=maps, on_error=on_error,
                            dry_run=dry_run, rejects=rejects, progress=progress)
    finally:
        if collecting:
            gc.enable()


def _import_file(store, path: Path, *, encoding, delimiter, maps, on_error, dry_run, rejects,
                 progress) -> ImportSummary:
    if on_error not in ON_ERROR:
        raise UsageProblem(f"--on-error „{on_error}“ ist unbekannt; erlaubt: abort, skip")
    path = Path(path)
    if rejects is not None and Path(rejects).resolve() == path.resolve():
        raise UsageProblem("--rejects darf nicht die importierte Datei selbst sein.")
    mapping = parse_maps(maps)
    source = read_source(path, encoding=encoding, delimiter=delimiter,
                         is_header=lambda cells: is_header(cells, mapping))
    summary = ImportSummary(file=path.name, kind=source.kind, encoding=source.encoding_label,
                            encoding_detected=source.encoding_detected, dry_run=dry_run, on_error=on_error)
    summary.notes.extend(source.notes)
    if source.kind == "csv":
        summary.delimiter = source.delimiter_label
        rows, columns = _csv_rows(source, mapping, summary, progress)
    else:
        rows, unknown = json_rows(source)
        if not rows:
            raise ImportRefused(f"„{path.name}“ enthält keine Maßnahmen (leere Liste).")
        for row in rows:
            if "code" not in row.values and not any(p.column == "code" for p in row.problems):
                row.problems.append(Problem(row.line, "code", "fehlt (die Nr. der Maßnahme)", "Eintrag", "Feld"))
        if len(unknown) > MAX_NAMED:
            summary.warnings.append(f"{len(unknown)} Felder werden nicht importiert (unbekannt): "
                                    f"{some_of([_quoted(k) for k in unknown])}.")
        else:
            summary.warnings.extend(f"Feld „{column_name(k)}“ wird nicht importiert (unbekannt)." for k in unknown)
        columns = {k: k for k in COLUMNS}
    summary.records = len(rows)
    if source.kind == "csv" and source.encoding_detected and source.encoding == "cp1252":
        summary.notes.append("Kodierung Windows-1252 erkannt (CSV aus Excel oder LibreOffice).")

    context = f"Import {path.name}"
    with store.write() as conn:
        plan = plan_import(conn, rows, columns, progress=progress)
        summary.problems = plan.problems
        summary.failed = len(plan.rejected)
        summary.refused = bool(plan.rejected) and on_error == "abort"
        summary.new = [p.code for p in plan.new]
        summary.changed = [(p.code, p.diffs) for p in plan.changed if p.diffs]
        summary.unchanged = len(plan.unchanged) + sum(1 for p in plan.changed if not p.diffs)
        summary.created = plan.created_names()
        if plan.catalog.derived_fields:
            summary.notes.append(f"Handlungsfeld für {plan.catalog.derived_fields} neue Maßnahme(n) aus der Nr. "
                                 "abgeleitet (3.2.1 → Handlungsfeld 3), weil die Datei keine Spalte dafür hat.")
        summary.contacts_updated = [plan.catalog.contact_name(cid) or "" for cid, v in plan.contact_updates().items() if v]
        if not dry_run and not summary.refused and plan.has_writes:
            summary.backup = backup_before_import(store)
            apply_plan(store, conn, plan, context=context, progress=progress)
            summary.written = True
    if rejects is not None and plan.rejected:
        summary.rejects = write_rejects(source, plan.rejected, Path(rejects))
    return summary


def _csv_rows(source: Source, mapping: dict[str, str], summary: ImportSummary, progress):
    match = match_headers(source.header, mapping)
    name = source.path.name
    present = some_of([_quoted(h) for h in source.header if h.strip()], limit=30) or "keine"
    if match.unused_maps:
        raise UsageProblem(f"--map: die Spalte(n) {', '.join(match.unused_maps)} gibt es in „{name}“ nicht; "
                           f"vorhanden: {present}")
    if "code" not in match.names:
        raise ImportRefused(
            f"In „{name}“ fehlt die Spalte „Nr“ (gesucht: Nr, Nummer, Kennung, ID); "
            f"Kopfzeile {source.header_line}: {present}.",
            hint="Eine andere Spalte zuordnen mit --map \"Spalte=Nr\".",
        )
    if match.problems:
        extra = len(match.problems) - MAX_NAMED
        raise ImportRefused(" ".join(shorten(p) for p in match.problems[:MAX_NAMED])
                            + (f" … und {extra} weitere doppelte Spalten." if extra > 0 else ""),
                            hint="Eine der Spalten weglassen mit --map \"Spalte=-\".")
    if not any(any(c.strip() for c in cells) for _line, cells in source.rows):
        raise ImportRefused(f"„{name}“ enthält nur die Kopfzeile, keine Maßnahmen.")
    summary.notes.extend(match.notes)
    if len(match.unknown) > MAX_NAMED:  # one warning, not one per column of a very wide header
        summary.warnings.append(
            f"{len(match.unknown)} Spalten werden nicht importiert (unbekannt): "
            f"{some_of([_quoted(u) for u in match.unknown])} – zuordnen mit --map \"Spalte=Feld\" oder "
            "weglassen mit --map \"Spalte=-\"."
        )
    for unknown in match.unknown if len(match.unknown) <= MAX_NAMED else ():
        unknown = column_name(unknown)
        summary.warnings.append(
            f"Spalte „{unknown}“ wird nicht importiert (unbekannt) – zuordnen mit --map \"{unknown}=Feld\" "
            f"oder weglassen mit --map \"{unknown}=-\"."
        )
    if ({"email", "phone"} & set(match.names)) and not ({"contact", "organisation"} & set(match.names)):
        summary.warnings.append("E-Mail/Telefon werden nur mit einer Spalte „Zuständig“ oder „Organisation“ "
                                "übernommen.")
    rows = csv_rows(source, match, progress=progress)
    return rows, dict(match.names)


def _quoted(name: str) -> str:
    return f"„{column_name(name)}“"


def backup_before_import(store) -> Path:
    """A copy of the database beside it, taken inside the import's transaction before the first
    write; only the last KEEP_BACKUPS import copies are kept."""
    db = Path(store.path)
    suffix = db.suffix or ".db"
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = db.with_name(f"{db.stem}-sicherung-import-{stamp}{suffix}")
    n = 2
    while target.exists():
        target = db.with_name(f"{db.stem}-sicherung-import-{stamp}-{n}{suffix}")
        n += 1
    _copy_database(db, target)
    old = sorted(db.parent.glob(f"{db.stem}-sicherung-import-*{suffix}"), key=lambda p: p.stat().st_mtime)
    for extra in old[:-KEEP_BACKUPS]:
        try:
            extra.unlink()
        except OSError:
            pass
    return target


def _copy_database(db: Path, target: Path) -> None:
    """SQLite's online backup through a second connection: it only reads (a shared lock, which the
    import's reserved lock allows), so it copies the state before the import's first write."""
    import sqlite3

    from massnahmen.domain.errors import DatabaseProblem

    source = sqlite3.connect(f"file:{db.resolve().as_posix()}?mode=ro", uri=True, timeout=5)
    try:
        out = sqlite3.connect(str(target))
        try:
            source.backup(out)
        finally:
            out.close()
    except sqlite3.Error as exc:
        target.unlink(missing_ok=True)
        raise DatabaseProblem(f"Vor dem Import ließ sich keine Sicherungskopie anlegen ({exc}); nichts wurde "
                              "geschrieben.") from None
    finally:
        source.close()


def write_rejects(source: Source, rows: list[Row], target: Path) -> Path:
    """The refused rows unchanged (same columns, encoding and separator) plus a column „Fehler“."""
    reasons = {id(r): "; ".join(p.text() for p in r.problems) for r in rows}
    if not target.parent.exists():
        raise UsageProblem(f"--rejects: den Ordner „{target.parent}“ gibt es nicht.")
    if source.kind == "json":
        data = [dict(r.raw) | {"fehler": reasons[id(r)]} for r in rows]  # type: ignore[arg-type]
        target.write_text(json.dumps(data, ensure_ascii=False, indent=2, default=repr) + "\n", encoding="utf-8")
        return target
    width = max([len(source.header)] + [len(r.raw) for r in rows])  # type: ignore[arg-type]
    encoding = "utf-8-sig" if source.bom else source.encoding
    with target.open("w", encoding=encoding, errors="replace", newline="") as out:
        writer = csv.writer(out, delimiter=source.delimiter or ";", lineterminator="\r\n")
        writer.writerow(list(source.header) + [""] * (width - len(source.header)) + ["Fehler"])
        for r in rows:
            cells = list(r.raw)  # type: ignore[arg-type]
            writer.writerow(cells + [""] * (width - len(cells)) + [reasons[id(r)]])
    return target


__all__ = ["import_file", "ImportRefused", "ImportSummary"]
