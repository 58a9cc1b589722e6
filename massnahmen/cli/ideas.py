"""Citizens' ideas on the command line: `massnahmen ideas list|show|add|import|assign|accept|merge|
decline|reopen|forget|channels|report`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from massnahmen.cli.base import _Group, app, open_store, protected_paths
from massnahmen.cli.output import Col, echo, print_fields, print_json, print_table

ideas_app = typer.Typer(
    cls=_Group,
    help="Bürgerideen: sammeln, entscheiden, Rückmeldung geben.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(ideas_app, name="ideas")

Opt = str | None
IdArg = Annotated[str, typer.Argument(metavar="ID", help="Nummer der Idee, z. B. 12 oder #12.")]


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


# -- list, show --------------------------------------------------------------------------------
@ideas_app.command("list")
def list_cmd(
    ctx: typer.Context,
    status: Annotated[
        Opt,
        typer.Option("--status", help="neu, in_pruefung, aufgenommen, zusammengefuehrt, nicht_aufgenommen oder offen."),
    ] = None,
    field: Annotated[Opt, typer.Option("--field", help="Handlungsfeld (Kürzel oder Name; „-“: ohne).")] = None,
    channel: Annotated[Opt, typer.Option("--channel", help="Kanal, z. B. Online-Umfrage.")] = None,
    search: Annotated[Opt, typer.Option("--search", help="Wörter im Text (ohne Groß/klein, Umlaute).")] = None,
    late: Annotated[bool, typer.Option("--late", help="Nur nach Fristende eingegangene.")] = False,
    topic: Annotated[
        Opt, typer.Option("--topic", metavar="THEMA", help="Thema laut Umfrage (Wörter daraus; „-“: ohne Thema).")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="table, json oder csv")] = "table",
    with_contacts: Annotated[
        bool,
        typer.Option(
            "--with-contacts",
            help="Nur Ideen mit Einwilligung, mit Name, E-Mail, Telefon, PLZ (für ein Dankschreiben).",
        ),
    ] = False,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", metavar="DATEI", help="CSV oder JSON in diese Datei schreiben.")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Eine vorhandene andere Datei ersetzen.")] = False,
) -> None:
    """Ideen auflisten (neueste zuerst), gefiltert und durchsucht."""
    from massnahmen.cli.output import check_format
    from massnahmen.store.ideas import IdeaFilter, query_ideas, thank_you_contacts

    fmt = check_format(fmt, ("table", "json", "csv"))
    if output is not None:
        return _list_to_file(
            ctx,
            output,
            fmt,
            force,
            with_contacts,
            IdeaFilter(
                status=status, field=field, channel=channel, search=search, late=True if late else None, topic=topic
            ),
        )
    flt = IdeaFilter(
        status=status, field=field, channel=channel, search=search, late=True if late else None, topic=topic
    )
    with open_store(ctx) as store:
        ideas = query_ideas(store, flt)
        contacts = None
        if with_contacts:
            contacts = {c.idea_id: c for c in thank_you_contacts(store, flt)}
            ideas = [i for i in ideas if i.id in contacts]
    if fmt == "json":
        from massnahmen.domain.ideas import Submitter

        out = []
        for idea in ideas:
            data = idea.contract(personal=False)
            if contacts is not None:
                c = contacts[idea.id]
                data["submitter"] = Submitter(c.name, c.email, c.phone, c.postcode, True).contract()
            out.append(data)
        print_json(out)
    elif fmt == "csv":
        import sys

        from massnahmen.cli.output import for_terminal
        from massnahmen.exporting.ideas_csv import write_ideas_csv

        table = (
            {k: (c.name, c.email, c.phone, c.postcode) for k, c in contacts.items()} if contacts is not None else None
        )
        write_ideas_csv(ideas, for_terminal(sys.stdout), contacts=table, bom=False)
    elif ideas:
        _print_idea_table(ideas, contacts)
    if not ideas:
        echo("Keine Ideen gefunden.", err=True)
        raise typer.Exit(1)


def _list_to_file(ctx, output: Path, fmt: str, force: bool, with_contacts: bool, flt) -> None:
    from massnahmen.cli.output import json_text
    from massnahmen.domain.errors import UsageProblem
    from massnahmen.domain.ideas import Submitter
    from massnahmen.exporting.ideas_csv import csv_kind, json_kind, write_ideas_csv
    from massnahmen.store.files import atomic_write, check_target
    from massnahmen.store.ideas import query_ideas, thank_you_contacts

    if fmt == "table":
        fmt = "json" if output.suffix.lower() == ".json" else "csv"
    if fmt not in ("csv", "json"):
        raise UsageProblem("-o schreibt CSV oder JSON; bitte --format csv oder --format json.")
    kind = csv_kind(with_contacts) if fmt == "csv" else json_kind()
    protected = protected_paths(ctx)
    check_target(output, kind, force=force, protected=protected)
    with open_store(ctx) as store:
        ideas = query_ideas(store, flt)
        contacts = {c.idea_id: c for c in thank_you_contacts(store, flt)} if with_contacts else None
    if contacts is not None:
        ideas = [i for i in ideas if i.id in contacts]
    with atomic_write(output, kind, force=force, protected=protected, newline="" if fmt == "csv" else "\n") as handle:
        if fmt == "csv":
            table = (
                {k: (c.name, c.email, c.phone, c.postcode) for k, c in contacts.items()}
                if contacts is not None
                else None
            )
            n = write_ideas_csv(ideas, handle, contacts=table)
        else:
            out = []
            for idea in ideas:
                data = idea.contract(personal=False)
                if contacts is not None:
                    c = contacts[idea.id]
                    data["submitter"] = Submitter(c.name, c.email, c.phone, c.postcode, True).contract()
                out.append(data)
            handle.write(json_text(out))
            n = len(out)
    echo(f"{_plural(n, 'Idee', 'Ideen')} geschrieben: {output}")


def _print_idea_table(ideas, contacts=None) -> None:
    from massnahmen.domain.dates import german
    from massnahmen.domain.ideas import IDEA_STATUS, short_text

    rows = []
    topics = any(i.topic for i in ideas)
    for i in ideas:
        decision = IDEA_STATUS.label(i.status)
        if i.measures:
            decision += " → " + ", ".join(i.measures)
        elif i.merged_into:
            decision += f" → #{i.merged_into}"
        text = short_text(i.text, 120) + (
            " (ähnlich: " + ", ".join(f"#{n}" for n in i.similar) + ")" if i.similar else ""
        )
        row = [
            f"#{i.id}",
            german(i.submitted_on) + (" (spät)" if i.late else ""),
            i.channel or "",
            i.field_code or "",
            *([i.topic or ""] if topics else []),
            decision,
            text,
        ]
        if contacts is not None:
            c = contacts[i.id]
            row.append(", ".join(p for p in (c.name, c.email, c.phone) if p))
        rows.append(row)
    columns = [
        Col("Nr.", "fixed"),
        Col("Eingang", "fixed"),
        Col("Kanal", max_width=22),
        Col("Feld", "fixed"),
        *([Col("Thema", max_width=22)] if topics else []),
        Col("Entscheidung", max_width=24),
        Col("Idee", ratio=4),
    ]
    if contacts is not None:
        columns.append(Col("Kontakt", ratio=2))
    print_table(columns, rows)
    echo(_plural(len(ideas), "Idee", "Ideen"), err=True)


@ideas_app.command()
def show(
    ctx: typer.Context,
    idea_id: IdArg,
    fmt: Annotated[str, typer.Option("--format", help="text oder json")] = "text",
) -> None:
    """Eine Idee mit Entscheidung, Maßnahmen, Einreicher·in und Verlauf zeigen."""
    from massnahmen.cli.output import check_format
    from massnahmen.domain.dates import german
    from massnahmen.domain.ideas import IDEA_STATUS, short_text
    from massnahmen.store.ideas import get_idea, idea_history, merged_here

    fmt = check_format(fmt, ("text", "json"))
    with open_store(ctx) as store:
        idea = get_idea(store, idea_id)
        history = idea_history(store, idea.id)
        followers = merged_here(store, idea.id)
        similar = [(n, get_idea(store, n, personal=False).text) for n in idea.similar]
    if fmt == "json":
        print_json(idea.contract())
        return
    s = idea.submitter
    submitter = None
    if s is not None:
        submitter = "\n".join(
            p
            for p in (
                s.name,
                s.email,
                s.phone,
                f"PLZ {s.postcode}" if s.postcode else None,
                "Kontakt erlaubt" if s.consent else "keine Einwilligung zum Kontakt",
            )
            if p
        )
    decision = IDEA_STATUS.label(idea.status)
    if idea.merged_into:
        decision += f" (mit #{idea.merged_into})"
    print_fields(
        [
            ("Eingang", (german(idea.submitted_on) + (" (nach Fristende)" if idea.late else "")).strip() or None),
            ("Kanal", idea.channel),
            ("Antwort-ID", idea.external_id),
            ("Handlungsfeld", f"{idea.field_code} {idea.field}" if idea.field_code else None),
            (
                "Thema",
                (idea.topic + ("" if idea.field_code else " (laut Umfrage; noch ohne Handlungsfeld)"))
                if idea.topic
                else None,
            ),
            ("Entscheidung", decision),
            (
                "Begründung",
                (idea.reason + ("" if idea.reason_public else " (nicht öffentlich)")) if idea.reason else None,
            ),
            ("Maßnahmen", ", ".join(idea.measures) or None),
            ("Zusammengeführt", ", ".join(f"#{n}" for n in followers) or None),
            ("Ähnlicher Text", "\n".join(f"#{n} „{short_text(text, 70)}“" for n, text in similar) or None),
            ("Einreicher·in", submitter),
            ("Idee", idea.text),
        ],
        title=f"Idee #{idea.id}",
    )
    if history:
        echo("")
        echo("Verlauf:")
        for c in history:
            change = _change_text(c)
            echo(f"  {german(c.at)} {c.at[11:16]} {c.author}: {change}")


def _change_text(c) -> str:
    from massnahmen.domain.ideas import CHANGE_LABELS, IDEA_STATUS, short_text

    if c.field == "created":
        return "erfasst" + (f" ({c.context})" if c.context else "")
    label = CHANGE_LABELS.get(c.field, c.field)
    old, new = c.old, c.new
    if c.field == "status":
        old, new = IDEA_STATUS.label(old), IDEA_STATUS.label(new)
    old = short_text(old or "–", 60)
    new = short_text(new or "–", 60)
    return f"{label} {old} → {new}" + (f" ({c.context})" if c.context else "")


# -- collecting --------------------------------------------------------------------------------
@ideas_app.command()
def add(
    ctx: typer.Context,
    text: Annotated[str, typer.Option("--text", help="Die Idee, wie sie eingereicht wurde.")],
    channel: Annotated[Opt, typer.Option("--channel", help="Kanal (Standard: Brief).")] = None,
    day: Annotated[Opt, typer.Option("--date", metavar="DATUM", help="Eingang (Standard: heute).")] = None,
    field: Annotated[Opt, typer.Option("--field", help="Vorgeschlagenes Handlungsfeld.")] = None,
    name: Annotated[Opt, typer.Option("--name", help="Name (freiwillig).")] = None,
    email: Annotated[Opt, typer.Option("--email", help="E-Mail (freiwillig).")] = None,
    phone: Annotated[Opt, typer.Option("--phone", help="Telefon (freiwillig).")] = None,
    postcode: Annotated[Opt, typer.Option("--postcode", help="PLZ (freiwillig).")] = None,
    consent: Annotated[bool, typer.Option("--consent", help="Einverstanden mit einer Rückmeldung.")] = False,
) -> None:
    """Eine Idee erfassen (ein Brief, eine Karte von einer Konferenz)."""
    from massnahmen.cli.status_view import option_date
    from massnahmen.domain.clock import today
    from massnahmen.store.ideas import add_idea, clean_submitter

    submitted = option_date(day, "--date") or today()
    submitter = clean_submitter(name, email, phone, postcode, consent)
    with open_store(ctx) as store:
        idea = add_idea(
            store, text, channel=channel or "Brief", submitted_on=submitted, field=field, submitter=submitter
        )
    echo(f"Idee #{idea.id} erfasst ({idea.channel}).")


@ideas_app.command("import")
def import_cmd(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="DATEI", help="CSV-Export einer Umfrage.")],
    channel: Annotated[
        Opt, typer.Option("--channel", help="Kanal aller Ideen der Datei, z. B. Online-Umfrage.")
    ] = None,
    deadline: Annotated[
        Opt,
        typer.Option(
            "--deadline", metavar="DATUM", help="Fristende: spätere Ideen werden übernommen und als verspätet markiert."
        ),
    ] = None,
    maps: Annotated[
        list[str] | None,
        typer.Option("--map", metavar="SPALTE=FELD", help='Spalte zuordnen, z. B. --map "Frage 3=Idee" (mehrfach).'),
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Nur prüfen und zählen, nichts schreiben.")] = False,
    on_error: Annotated[
        str,
        typer.Option(
            "--on-error",
            help="abort (Standard: bei einer fehlerhaften Zeile nichts "
            "schreiben) oder skip (fehlerhafte Zeilen "
            "auslassen).",
        ),
    ] = "abort",
) -> None:
    """Ideen aus dem Export einer Umfrage übernehmen (doppelte werden erkannt)."""
    from massnahmen.cli.status_view import option_date
    from massnahmen.importing.ideas import import_ideas

    limit = option_date(deadline, "--deadline")
    with open_store(ctx) as store:
        result = import_ideas(
            store, file, channel=channel, deadline=limit, maps=maps, dry_run=dry_run, on_error=on_error
        )
    for note in result.notes:
        echo(f"Hinweis: {note}", err=True)
    if result.unknown_columns:
        echo("Nicht übernommene Spalten: " + ", ".join(f"„{c}“" for c in result.unknown_columns), err=True)
    for problem in result.problems[:50]:
        echo(f"Fehler: {problem.text()}", err=True)
    if len(result.problems) > 50:
        echo(f"… und {len(result.problems) - 50} weitere Fehler.", err=True)
    if result.topics:
        echo(
            'Hinweis: Ein Thema später einem Handlungsfeld zuordnen: ideas assign --topic "THEMA" --field FELD',
            err=True,
        )
    for idea, other in result.similar[:50]:
        echo(f"Ähnlich: {idea} gleicht fast {other}" + ("" if result.written else " (vor dem Import)"), err=True)
    if len(result.similar) > 50:
        echo(f"… und {len(result.similar) - 50} weitere ähnliche Ideen.", err=True)
    counts = (
        f"{_plural(result.new, 'neue Idee', 'neue Ideen')}"
        + (f" (davon {result.late} nach Fristende)" if result.late else "")
        + (
            f", {_plural(result.changed, 'geänderte', 'geänderte')} (an der Antwort-ID erkannt)"
            if result.changed
            else ""
        )
        + f", {result.known} schon vorhanden"
        + (f", {result.repeated} doppelt in der Datei" if result.repeated else "")
        + (f", {_plural(len(result.similar), 'ähnlich einer anderen', 'ähnlich anderen')}" if result.similar else "")
    )
    if result.problems and on_error == "abort":
        echo(
            f"Nichts importiert: {_plural(len(result.problems), 'Fehler', 'Fehler')} in „{file.name}“. "
            "Bitte korrigieren oder mit --on-error skip die fehlerhaften Zeilen auslassen.",
            err=True,
        )
        raise typer.Exit(1)
    if dry_run:
        echo(f"Probelauf, nichts geschrieben: {counts}.")
        return
    for idea_id, keys in result.updated:
        from massnahmen.domain.ideas import CHANGE_LABELS

        echo(f"Geändert: #{idea_id} ({', '.join(CHANGE_LABELS.get(k, k) for k in keys)})", err=True)
    echo(f"Importiert aus „{file.name}“: {counts}.")


# -- deciding ----------------------------------------------------------------------------------
@ideas_app.command()
def assign(
    ctx: typer.Context,
    idea_ids: Annotated[list[str] | None, typer.Argument(metavar="[ID...]", help="Eine oder mehrere Ideen.")] = None,
    field: Annotated[str, typer.Option("--field", help="Handlungsfeld (Kürzel oder Name; „-“ leert).")] = "",
    topic: Annotated[
        Opt, typer.Option("--topic", metavar="THEMA", help="Alle Ideen dieses Themas laut Umfrage (statt ID).")
    ] = None,
) -> None:
    """Ideen einem Handlungsfeld zuordnen (neue gehen in Prüfung)."""
    from massnahmen.domain.errors import UsageProblem
    from massnahmen.store.ideas import IdeaFilter, query_ideas, set_field

    if not field.strip():
        raise UsageProblem("Bitte --field FELD angeben, z. B. --field 4 (oder „-“ zum Leeren).")
    if bool(idea_ids) == bool(topic):
        raise UsageProblem("Bitte entweder ID... oder --topic THEMA angeben.")
    with open_store(ctx) as store:
        if topic:
            idea_ids = [str(i.id) for i in query_ideas(store, IdeaFilter(topic=topic))]
            if not idea_ids:
                echo(f"Keine Ideen zum Thema „{topic}“ gefunden.", err=True)
                raise typer.Exit(1)
        n = set_field(store, idea_ids or [], None if field.strip() == "-" else field)
    echo(f"{_plural(n, 'Idee', 'Ideen')} geändert.")


@ideas_app.command()
def accept(
    ctx: typer.Context,
    idea_id: IdArg,
    measures: Annotated[
        list[str] | None,
        typer.Option("--measure", metavar="NR", help="In diese Maßnahme aufnehmen (mehrfach möglich)."),
    ] = None,
    new: Annotated[bool, typer.Option("--new", help="Eine neue Maßnahme aus der Idee anlegen.")] = False,
    code: Annotated[
        Opt,
        typer.Option(
            "--code", metavar="NR", help="Nr. der neuen Maßnahme (Standard: die nächste freie im Handlungsfeld)."
        ),
    ] = None,
    title: Annotated[Opt, typer.Option("--title", help="Titel (Standard: der erste Satz der Idee).")] = None,
    field: Annotated[Opt, typer.Option("--field", help="Handlungsfeld (Standard: das der Idee).")] = None,
) -> None:
    """Eine Idee aufnehmen: in bestehende Maßnahmen oder als neue Maßnahme."""
    from massnahmen.domain.errors import UsageProblem
    from massnahmen.store.ideas import accept_as_new_measure, accept_idea

    if bool(measures) == new:
        raise UsageProblem("Bitte entweder --measure NR oder --new angeben.")
    if not new and (code or title or field):
        raise UsageProblem("--code, --title und --field gehören zu --new.")
    with open_store(ctx) as store:
        if new:
            idea, created = accept_as_new_measure(store, idea_id, {"code": code, "title": title, "field": field})
            echo(
                f"Idee #{idea.id} aufgenommen: neue Maßnahme {created} angelegt"
                + ("." if code else " (die nächste freie Nr. im Handlungsfeld).")
            )
        else:
            idea = accept_idea(store, idea_id, measures or [])
            echo(f"Idee #{idea.id} aufgenommen in: {', '.join(idea.measures)}.")


@ideas_app.command()
def merge(
    ctx: typer.Context,
    idea_id: IdArg,
    into: Annotated[str, typer.Option("--into", metavar="ID", help="Die Idee, in die sie eingeht.")],
) -> None:
    """Eine doppelte Idee mit einer anderen zusammenführen."""
    from massnahmen.store.ideas import merge_idea

    with open_store(ctx) as store:
        idea = merge_idea(store, idea_id, into)
    echo(f"Idee #{idea.id} mit #{idea.merged_into} zusammengeführt.")


@ideas_app.command()
def decline(
    ctx: typer.Context,
    idea_id: IdArg,
    reason: Annotated[str, typer.Option("--reason", help="Begründung (erscheint in der Rückmeldung).")],
    internal: Annotated[bool, typer.Option("--internal", help="Begründung nicht veröffentlichen.")] = False,
) -> None:
    """Eine Idee nicht aufnehmen, mit Begründung."""
    from massnahmen.store.ideas import decline_idea

    with open_store(ctx) as store:
        idea = decline_idea(store, idea_id, reason, public=not internal)
    echo(f"Idee #{idea.id}: nicht aufgenommen.")


@ideas_app.command()
def reopen(
    ctx: typer.Context,
    idea_id: IdArg,
    status: Annotated[str, typer.Option("--status", help="neu oder in_pruefung")] = "in_pruefung",
) -> None:
    """Eine Entscheidung zurücknehmen: die Idee wieder prüfen."""
    from massnahmen.domain.ideas import IDEA_STATUS
    from massnahmen.store.ideas import set_status

    with open_store(ctx) as store:
        idea = set_status(store, idea_id, status)
    echo(f"Idee #{idea.id}: {IDEA_STATUS.label(idea.status)}.")


# -- privacy -----------------------------------------------------------------------------------
@ideas_app.command()
def forget(
    ctx: typer.Context,
    idea_ids: Annotated[list[str] | None, typer.Argument(metavar="[ID...]", help="Ideen.")] = None,
    submitter: Annotated[
        Opt, typer.Option("--submitter", metavar="E-MAIL", help="Alle Angaben dieser Person löschen.")
    ] = None,
    older_than: Annotated[
        Opt,
        typer.Option(
            "--older-than", metavar="DATUM", help="Angaben zu Ideen, die vor diesem Tag eingingen (Aufbewahrungsfrist)."
        ),
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Ohne Rückfrage löschen (für Skripte).")] = False,
) -> None:
    """Persönliche Angaben löschen (DSGVO); die Ideen bleiben. Die Angaben sind danach auch aus
    den Bytes der Datei entfernt."""
    from massnahmen.cli.status_view import option_date
    from massnahmen.domain.errors import UsageProblem
    from massnahmen.store.ideas import forget as erase, to_forget

    if not idea_ids and not submitter and older_than is None:
        raise UsageProblem("Bitte ID, --submitter E-MAIL oder --older-than DATUM angeben.")
    before = option_date(older_than, "--older-than")
    with open_store(ctx) as store:
        chosen = to_forget(store, idea_ids=idea_ids or [], email=submitter, older_than=before)
        if (
            chosen
            and not yes
            and not _confirmed(
                f"Persönliche Angaben zu {_plural(len(chosen), 'Idee', 'Ideen')} endgültig löschen "
                f"({_numbers(chosen)})?"
            )
        ):
            echo("Nichts gelöscht.", err=True)
            raise typer.Exit(1)
        erased = erase(store, idea_ids=idea_ids or [], email=submitter, older_than=before) if chosen else []
    if not erased:
        echo("Keine persönlichen Angaben gefunden; nichts gelöscht.", err=True)
        raise typer.Exit(1)
    echo(f"Persönliche Angaben zu {_plural(len(erased), 'Idee', 'Ideen')} gelöscht ({_numbers(erased)}).")


def _numbers(ids: list[int]) -> str:
    return ", ".join(f"#{n}" for n in ids[:10]) + (" …" if len(ids) > 10 else "")


def stdin_is_terminal() -> bool:
    import sys

    return sys.stdin is not None and sys.stdin.isatty()


def _confirmed(question: str) -> bool:
    """Ask on the terminal (ja/nein); without one (a script, a pipe) refuse and point to --yes."""
    import sys

    from massnahmen.cli.output import write

    if not stdin_is_terminal():
        echo(
            f"{question} Keine Rückfrage möglich (keine Eingabe am Terminal); zum Löschen ohne "
            "Rückfrage --yes angeben.",
            err=True,
        )
        raise typer.Exit(1)
    write(f"{question} [j/N] ", err=True)
    answer = sys.stdin.readline().strip().casefold()
    return answer in ("j", "ja", "y", "yes")


# -- channels ----------------------------------------------------------------------------------
@ideas_app.command()
def channels(
    ctx: typer.Context,
    action: Annotated[Opt, typer.Argument(metavar="[add|remove]", help="add oder remove")] = None,
    name: Annotated[Opt, typer.Argument(metavar="[NAME]", help="Name des Kanals.")] = None,
) -> None:
    """Die Kanäle, über die Ideen eingehen, zeigen, anlegen oder entfernen."""
    from massnahmen.domain.errors import UsageProblem
    from massnahmen.store.ideas import add_channel, list_channels, remove_channel

    if action is not None and action not in ("add", "remove"):
        raise UsageProblem(f'„{action}“: erwartet add oder remove, z. B. ideas channels add "AG Wohnen".')
    if action and not name:
        raise UsageProblem(f"ideas channels {action} braucht einen NAME.")
    with open_store(ctx) as store:
        if action == "add":
            made = add_channel(store, name or "")
            echo(f"Kanal „{made.name}“ angelegt.")
            return
        if action == "remove":
            echo(f"Kanal „{remove_channel(store, name or '')}“ entfernt.")
            return
        rows = list_channels(store)
    print_table([Col("Kanal"), Col("Ideen", "fixed")], [[c.name, str(c.ideas)] for c in rows])


# -- the feedback report -----------------------------------------------------------------------
@ideas_app.command()
def report(
    ctx: typer.Context,
    fmt: Annotated[Opt, typer.Option("--format", help="md, html oder json (Standard: nach -o, sonst md).")] = None,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", metavar="DATEI", help="In diese Datei schreiben.")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Eine vorhandene andere Datei ersetzen.")] = False,
) -> None:
    """„Was ist aus Ihren Ideen geworden?“ – die Rückmeldung an die Bürgerinnen und Bürger
    (ohne persönliche Angaben)."""
    write_feedback(ctx, fmt, output, force)


def write_feedback(ctx: typer.Context, fmt: str | None, output: Path | None, force: bool) -> None:
    """The feedback report to the screen or -o FILE (also `report --kind ideen`)."""
    from massnahmen.cli.output import check_format
    from massnahmen.cli.status_view import is_terminal, write_payload
    from massnahmen.domain.errors import UsageProblem
    from massnahmen.reports.ideas import FORMATS, feedback_text, output_kind
    from massnahmen.store.files import atomic_write, check_target

    if fmt is None:
        suffix = output.suffix.lower().lstrip(".") if output is not None else ""
        fmt = {"html": "html", "htm": "html", "json": "json", "pdf": "pdf"}.get(suffix, "md")
    fmt = check_format(fmt, FORMATS)
    if fmt == "pdf" and output is None and is_terminal():
        raise UsageProblem("Ein PDF gehört in eine Datei: -o ideen.pdf")
    kind = output_kind(fmt)
    protected = protected_paths(ctx)
    target = check_target(output, kind, force=force, protected=protected) if output is not None else None
    with open_store(ctx) as store:
        text = feedback_text(store, fmt)
    binary = isinstance(text, bytes)
    if target is None:
        write_payload(text)
        return
    with atomic_write(
        target, kind, force=force, protected=protected, binary=binary, **({} if binary else {"newline": "\n"})
    ) as handle:
        handle.write(text)
    echo(f"Rückmeldung geschrieben: {target}")
