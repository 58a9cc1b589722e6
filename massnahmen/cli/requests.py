"""request create / request status, and importing an answer (called by `import`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from massnahmen.cli.base import _Group, app, open_store, protected_paths
from massnahmen.cli.output import check_format, echo, print_json, print_table, write
from massnahmen.domain.text import counted

request_app = typer.Typer(
    cls=_Group,
    help="Sachstandsabfrage: Tabellen an die Zuständigen verschicken, Antworten übernehmen, Rücklauf verfolgen.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(request_app, name="request")

MAX_SHOWN = 30


@request_app.command("create")
def create(
    ctx: typer.Context,
    contacts: Annotated[
        list[str] | None,
        typer.Option(
            "--contact",
            "-c",
            metavar="KONTAKT",
            help="Nur an diese Zuständigen (mehrfach möglich); sonst an alle mit offenen Maßnahmen.",
        ),
    ] = None,
    field: Annotated[str | None, typer.Option("--field", "-f", help="Nur Maßnahmen dieses Handlungsfelds.")] = None,
    answer_by: Annotated[
        str | None, typer.Option("--answer-by", metavar="DATUM", help="Antwort erbeten bis, z. B. 31.01.2027.")
    ] = None,
    output: Annotated[
        Path, typer.Option("--output", "-o", metavar="ORDNER", help="In diesen Ordner schreiben (sonst der aktuelle).")
    ] = Path("."),
    office: Annotated[
        str | None,
        typer.Option(
            "--office",
            metavar="TEXT",
            help="Wohin die Antwort geht (steht in den Hinweisen); sonst die Stelle aus „concept --office“.",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Vorhandene fremde Dateien gleichen Namens ersetzen.")] = False,
) -> None:
    """Je Zuständigem eine Excel-Tabelle mit den offenen Maßnahmen zum Ausfüllen schreiben, dazu eine
    Verteilerliste (CSV) mit den E-Mail-Adressen für den Serienbrief."""
    from massnahmen.cli.status_view import option_date
    from massnahmen.domain.clock import today
    from massnahmen.domain.dates import iso
    from massnahmen.domain.errors import UsageProblem
    from massnahmen.store import requests as req

    by = option_date(answer_by, "--answer-by")
    if by is not None and by < today():
        raise UsageProblem(f"--answer-by ({by:%d.%m.%Y}) liegt in der Vergangenheit.")
    folder = Path(output)
    if not folder.is_dir():
        raise UsageProblem(
            f"-o „{folder}“ ist kein vorhandener Ordner.",
            hint="Den Ordner anlegen oder einen anderen angeben, z. B. -o abfrage",
        )
    protected = protected_paths(ctx)
    with open_store(ctx) as store:
        recipients = req.recipients(store, contacts, field)
        if contacts and recipients:
            found = {r.contact_id for r in recipients}
            from massnahmen.store.catalog import find_contact

            with store.reading() as conn:
                idle = [ref for ref in contacts if find_contact(conn, ref) not in found]
            for ref in idle:
                echo(
                    f"Hinweis: „{ref}“ hat keine offenen Maßnahmen{' in diesem Handlungsfeld' if field else ''}; "
                    "keine Datei.",
                    err=True,
                )
        if not recipients:
            echo("Keine offenen Maßnahmen mit Zuständigen gefunden; keine Abfrage angelegt.", err=True)
            raise typer.Exit(1)
        from massnahmen.exporting.request_files import write_request

        done = write_request(
            store,
            recipients,
            folder=folder,
            answer_by=iso(by),
            field_ref=field,
            office=office,
            force=force,
            protected=protected,
        )
    request, list_path = done.request, done.list_path
    measures = done.measures
    rows = [(r.display, r.email or "– keine E-Mail –", len(r.measures), r.file_name) for r in recipients]
    print_table(
        ["Zuständig", "E-Mail", "Maßnahmen", "Datei"],
        rows,
        title=f"Sachstandsabfrage Nr. {request.id}: {counted(len(recipients), 'Datei', 'Dateien')}, "
        f"{counted(measures, 'Maßnahme', 'Maßnahmen')}",
    )
    without = [r.display for r in recipients if not r.email]
    if without:
        echo(
            f"Warnung: ohne E-Mail-Adresse: {', '.join(without[:10])}"
            + (f" … und {len(without) - 10} weitere" if len(without) > 10 else ""),
            err=True,
        )
    echo(f"Verteilerliste für den Serienbrief: {list_path}", err=True)
    echo("Rücklauf verfolgen: massnahmen request status – Antworten übernehmen: massnahmen import DATEI.xlsx", err=True)


@request_app.command("status")
def status(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", help="table, json oder csv (Erinnerungsliste mit E-Mail).")] = "table",
    request_id: Annotated[
        int | None, typer.Option("--request", metavar="NR", help="Nur diese Abfrage (sonst alle).")
    ] = None,
) -> None:
    """Rücklauf: wer hat geantwortet und wann, wer nicht, welche Maßnahmen noch ohne neuen Sachstand sind."""
    fmt = check_format(fmt, ("table", "json", "csv"))
    from massnahmen.domain.dates import german
    from massnahmen.store import requests as req

    with open_store(ctx) as store:
        requests = [req.get_request(store, request_id)] if request_id is not None else req.list_requests(store)
        data = [(r, req.request_returns(store, r)) for r in requests]
    if fmt == "json":
        print_json(
            [
                {
                    "request": r.id,
                    "created_at": r.created_at,
                    "author": r.author,
                    "answer_by": r.answer_by,
                    "field": r.field,
                    "complete": r.complete,
                    "contacts": [
                        {
                            "name": c.name,
                            "email": c.email,
                            "file": c.file_name,
                            "measures": c.measures,
                            "answered_at": c.answered_at,
                            "missing": c.missing,
                        }
                        for c in returns
                    ],
                }
                for r, returns in data
            ]
        )
        return
    if fmt == "csv":
        import csv
        import sys

        from massnahmen.domain.csv_contract import protect

        writer = csv.writer(sys.stdout, delimiter=";", lineterminator="\n")
        writer.writerow(
            ["Abfrage", "Name", "E-Mail", "Datei", "Antwort bis", "Beantwortet am", "Offen", "Maßnahmen ohne Sachstand"]
        )
        for r, returns in data:
            for c in returns if r.complete else ():  # an incomplete request went out to nobody
                if not c.missing:
                    continue
                writer.writerow(
                    [
                        r.id,
                        protect(c.name),
                        protect(c.email or ""),
                        c.file_name or "",
                        german(r.answer_by) if r.answer_by else "",
                        german(c.answered_at[:10]) if c.answered_at else "",
                        len(c.missing),
                        ", ".join(c.missing),
                    ]
                )
        return
    if not data:
        echo("Noch keine Sachstandsabfrage. Anlegen mit: massnahmen request create", err=True)
        return
    for r, returns in data:
        answered = sum(1 for c in returns if c.answered_at)
        if not r.complete:
            echo(
                f"Sachstandsabfrage Nr. {r.id} vom {german(r.created_at[:10])}: unvollständig angelegt "
                f"(abgebrochen); Antworten darauf werden nicht übernommen. Löschen mit: massnahmen request delete "
                f"{r.id}",
                err=True,
            )
            continue
        title = (
            f"Sachstandsabfrage Nr. {r.id} vom {german(r.created_at[:10])}"
            + (f", Antwort bis {german(r.answer_by)}" if r.answer_by else "")
            + f": {answered} von {len(returns)} geantwortet"
        )
        rows = [
            (
                c.name,
                c.email or "–",
                german(c.answered_at[:10]) if c.answered_at else "keine Antwort",
                f"{c.measures - len(c.missing)} von {c.measures}",
                ", ".join(c.missing[:8]) + (" …" if len(c.missing) > 8 else "") or "–",
            )
            for c in returns
        ]
        print_table(["Zuständig", "E-Mail", "Antwort", "mit Sachstand", "noch ohne Sachstand"], rows, title=title)


@request_app.command("delete")
def delete(
    ctx: typer.Context,
    request_id: Annotated[int, typer.Argument(metavar="NR", help="Nummer der Abfrage (siehe request status).")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Ohne Rückfrage löschen.")] = False,
) -> None:
    """Eine Sachstandsabfrage vergessen, etwa eine abgebrochene (unvollständige). Übernommene
    Sachstände bleiben; die verschickten Dateien lassen sich danach nicht mehr einlesen."""
    import sys

    from massnahmen.domain.dates import german
    from massnahmen.store import requests as req

    with open_store(ctx) as store:
        request = req.get_request(store, request_id)
        items = req.request_items(store, request_id)
        answered = sum(1 for i in items if i.review_id is not None)
        state = "unvollständig angelegt (abgebrochen)" if not request.complete else "vollständig"
        echo(
            f"Sachstandsabfrage Nr. {request.id} vom {german(request.created_at[:10])}, {state}: "
            f"{len({i.contact_id for i in items})} Zuständige, {len(items)} Maßnahmen, {answered} beantwortet.",
            err=True,
        )
        if not yes:
            write(f"Abfrage Nr. {request.id} löschen? Übernommene Sachstände bleiben. [j/N] ", err=True)
            answer = sys.stdin.readline().strip().lower()
            if answer not in ("j", "ja", "y", "yes"):
                echo("Nichts gelöscht.", err=True)
                raise typer.Exit(1)
        req.delete_request(store, request_id)
    echo(
        f"Sachstandsabfrage Nr. {request_id} gelöscht."
        + (
            " Der übernommene Sachstand bleibt."
            if answered == 1
            else f" Die {answered} übernommenen Sachstände bleiben."
            if answered
            else ""
        )
    )


def import_answer(ctx, file: Path, *, dry_run: bool, accept: list[str], skip: list[str], fmt: str) -> None:
    """`massnahmen import ANTWORT.xlsx` for a filled-in Sachstandsabfrage."""
    from massnahmen.domain.clock import today
    from massnahmen.domain.dates import german
    from massnahmen.importing.answers import apply_answer, plan_answer, read_answer

    answer = read_answer(file, today=today())
    with open_store(ctx, verify=True) as store:
        plan = plan_answer(store, answer, accept=accept, skip=skip)
        if not dry_run:
            apply_answer(store, plan)
    code = 1 if (plan.conflicts or plan.failed) and not (plan.new or plan.accepted) else 0
    if plan.conflicts:
        code = 1
    if fmt == "json":

        def row(r):
            return {
                "line": r.line,
                "code": r.code,
                "note": r.note,
                "status": r.status,
                "assessment": r.assessment,
                "next_review": r.next_review.isoformat() if r.next_review else None,
                "date": (r.day or answer.file_day).isoformat(),
                "office_changes": [
                    {"at": c.at, "author": c.author, "field": c.field, "old": c.old, "new": c.new}
                    for c in r.office_changes
                ],
            }

        print_json(
            {
                "file": file.name,
                "request": answer.request_id,
                "author": answer.author,
                "dry_run": dry_run,
                "written": plan.written,
                "new": [row(r) for r in plan.new + plan.accepted],
                "unchanged": [r.code for r in plan.duplicate],
                "conflicts": [row(r) for r in plan.conflicts],
                "skipped": [r.code for r in plan.skipped],
                "problems": answer.problems,
                "backup": str(plan.backup) if plan.backup else None,
            }
        )
        raise typer.Exit(code)

    title = (
        f"Antwort auf Sachstandsabfrage Nr. {answer.request_id} von {answer.author} ({file.name}, Blatt "
        f"„{answer.sheet}“)" + (" – Probelauf" if dry_run else "")
    )
    print_table(
        ["Ergebnis", "Anzahl"],
        [
            ("neue Sachstände", len(plan.new) + len(plan.accepted)),
            ("schon übernommen", len(plan.duplicate)),
            ("im Amt inzwischen geändert (offen)", len(plan.conflicts)),
            ("übersprungen (--skip)", len(plan.skipped)),
            ("fehlerhaft", len(plan.failed)),
            ("leer gelassen", answer.empty),
        ],
        title=title,
    )
    verb = "würde übernommen" if dry_run else "übernommen"
    for r in (plan.new + plan.accepted)[:MAX_SHOWN]:
        echo(f"{r.code}: {verb} – {r.values_text()} (Stand {german(r.day or answer.file_day)})")
    for r in plan.conflicts + plan.accepted:
        changes = "; ".join(f"{german(c.at[:10])} {c.author}: {c.describe()}" for c in r.office_changes) or "geändert"
        which = "angenommen (--accept)" if r in plan.accepted else "nicht übernommen"
        echo(
            f"{r.code}: im Amt nach dem Versand geändert ({changes}); Antwort: {r.values_text()} – {which}",
            err=r in plan.conflicts,
        )
    if plan.conflicts:
        codes = " ".join(r.code for r in plan.conflicts[:5])
        echo(
            f"Entscheiden mit --accept NR (Antwort trotzdem übernehmen) oder --skip NR, z. B. --accept "
            f"{plan.conflicts[0].code}; alle: --accept all. Offen: {codes}",
            err=True,
        )
    for problem in answer.problems[: MAX_SHOWN * 2]:
        echo(f"Fehler: {problem}", err=True)
    if plan.backup:
        echo(f"Sicherung vor dem Import: {plan.backup}", err=True)
    n = len(plan.new) + len(plan.accepted)
    if dry_run:
        echo(
            f"Probelauf: {counted(n, 'Sachstand', 'Sachstände')} {'würde' if n == 1 else 'würden'} übernommen; "
            "nichts wurde geschrieben."
        )
    elif plan.written:
        echo(f"Fertig: {counted(n, 'Sachstand', 'Sachstände')} von {answer.author} übernommen.")
    else:
        echo("Keine Änderung: nichts Neues in der Antwort; nichts wurde geschrieben.")
    raise typer.Exit(code)
