"""Commands around the measures: init, contacts, fields (with goals), backup, demo.

Imports inside the command functions are deliberate: every command module is loaded for every
command (Typer builds the whole app), so each command imports the store, pydantic, rich and the
importers only when it runs (start-up time, see docs/architecture.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from massnahmen.cli.base import _Group, app, open_store, state
from massnahmen.cli.options import check_format
from massnahmen.cli.output import echo, print_json, print_table
from massnahmen.domain.records import as_dict
from massnahmen.domain.text import counted

Opt = str | None


@app.command()
def init(
    ctx: typer.Context,
    name: Annotated[str, typer.Option("--name", help="Name des Konzepts.")] = "Integrationskonzept",
    body: Annotated[Opt, typer.Option("--body", help="Beschlossen von (z. B. Kreistag Landkreis X).")] = None,
    adopted_on: Annotated[Opt, typer.Option("--adopted-on", help="Beschlossen am, z. B. 14.03.2024.")] = None,
    office: Annotated[
        Opt,
        typer.Option(
            "--office",
            help="Stelle, die die Berichte erstellt (z. B. "
            "Landratsamt X, Stabsstelle Integration); steht auf dem Titelblatt.",
        ),
    ] = None,
) -> None:
    """Eine neue, leere Datenbank für ein Konzept anlegen."""
    from massnahmen.domain.bounds import MAX_NAME, check_lengths
    from massnahmen.domain.dates import iso, parse_date
    from massnahmen.domain.models import Concept
    from massnahmen.store.db import Store

    check_lengths(
        ("Name des Konzepts", name and name.strip(), MAX_NAME),
        ("Beschlossen von", body and body.strip(), MAX_NAME),
        ("Erstellt von (Stelle)", office and office.strip(), MAX_NAME),
    )
    adopted_day = parse_date(adopted_on, label="--adopted-on")
    adopted = iso(adopted_day)
    concept = Concept(name=name, body=body, adopted_on=adopted_day)
    s = state(ctx)
    store = Store.create(s.db, s.user, name=concept.name, body=concept.body, adopted_on=adopted)
    try:
        if office and office.strip():
            from massnahmen.store.office import set_office

            set_office(store, office)
    finally:
        store.close()
    echo(f"Neue Datenbank „{store.path}“ für „{concept.name}“ angelegt.")
    echo(f'Weiter mit: massnahmen --db {store.path} fields add 1 "Bildung und Sprache"')


@app.command("concept")
def concept_cmd(
    ctx: typer.Context,
    name: Annotated[Opt, typer.Option("--name", help="Neuer Name des Konzepts.")] = None,
    body: Annotated[Opt, typer.Option("--body", help="Beschlossen von ('' leert).")] = None,
    adopted_on: Annotated[Opt, typer.Option("--adopted-on", help="Beschlossen am ('' leert).")] = None,
    office: Annotated[
        Opt,
        typer.Option("--office", help="Stelle, die die Berichte erstellt ('' leert: dann keine Zeile „Erstellt von“)."),
    ] = None,
) -> None:
    """Die Angaben zum Konzept zeigen oder ändern (Titelblatt des Sachstandsberichts)."""
    from massnahmen.domain.dates import german, iso, parse_date
    from massnahmen.store.catalog import get_concept, set_concept
    from massnahmen.store.office import get_office, set_office

    with open_store(ctx) as store:
        if name is not None or body is not None or adopted_on is not None:
            adopted = None if adopted_on is None else (iso(parse_date(adopted_on, label="--adopted-on")) or "")
            set_concept(store, name=name, body=body, adopted_on=adopted)
        if office is not None:
            set_office(store, office)
        concept = get_concept(store)
        current_office = get_office(store)
    echo(f"Konzept: {concept.name}")
    echo(f"Beschlossen von: {concept.body or '–'}")
    echo(f"Beschlossen am: {german(concept.adopted_on) if concept.adopted_on else '–'}")
    echo(f"Erstellt von (Stelle): {current_office or '–'}")


# -- contacts ------------------------------------------------------------------------------
contacts_app = typer.Typer(
    cls=_Group,
    help="Kontakte (Zuständige) auflisten, anlegen, ändern, entfernen.",
    invoke_without_command=True,
    rich_markup_mode=None,
)
app.add_typer(contacts_app, name="contacts")


@contacts_app.callback()
def contacts_default(ctx: typer.Context) -> None:
    if ctx.invoked_subcommand is None:
        contacts_list(ctx)


@contacts_app.command("list")
def contacts_list(
    ctx: typer.Context,
    search: Annotated[Opt, typer.Option("--search", "-q", help="Suchtext.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table oder json")] = "table",
) -> None:
    """Alle Kontakte mit der Zahl ihrer Maßnahmen."""
    fmt = check_format(fmt, ("table", "json"))
    from massnahmen.store.catalog import list_contacts

    with open_store(ctx) as store:
        contacts = list_contacts(store, search)
    if fmt == "json":
        print_json([as_dict(c) for c in contacts])
        return
    if not contacts:
        echo("Keine Kontakte gefunden.", err=True)
        raise typer.Exit(1)
    print_contact_table(contacts)


def print_contact_table(contacts) -> None:
    """The contacts as a table; on a terminal too narrow for every column without cutting words
    (80 columns), one „Kontakt“ column: name and organisation, below them dim the function and
    e-mail · telephone."""
    from massnahmen.cli.output import Col, column_widths, stdout_is_terminal, terminal_width
    from massnahmen.domain.text import one_line

    columns = [
        Col("#", "fixed"),
        Col("Name", max_width=30),
        Col("Organisation", ratio=2, max_width=40),
        Col("Funktion", max_width=40),
        Col("E-Mail", max_width=50),
        Col("Telefon", "fixed"),
        Col("Maßnahmen", "fixed"),
    ]
    rows: list[tuple] = [(c.id, c.name, c.organisation, c.role, c.email, c.phone, c.measures) for c in contacts]
    if stdout_is_terminal():
        cells = [[one_line("" if v is None else str(v)) for v in row] for row in rows]
        width = terminal_width()
        if not column_widths(columns, cells, width)[1]:
            columns = [columns[0], Col("Kontakt"), columns[-1]]
            room = width - len(str(max(c.id or 0 for c in contacts))) - len("Maßnahmen") - 4
            rows = []
            for c in contacts:
                reach = " · ".join(v for v in (c.email, c.phone) if v)
                lines = [c.display, c.role] + ([reach] if len(reach) <= room else [c.email, c.phone])
                rows.append((c.id, lines, c.measures))
    print_table(columns, rows)


@contacts_app.command("show")
def contacts_show(
    ctx: typer.Context, ref: Annotated[str, typer.Argument(help="Name, Organisation oder #Nummer.")]
) -> None:
    """Einen Kontakt mit den Maßnahmen zeigen, für die er zuständig ist."""
    from massnahmen.cli.measures import print_measure_table
    from massnahmen.cli.output import print_fields
    from massnahmen.store.catalog import get_contact
    from massnahmen.store.measures import MeasureFilter, query_measures

    with open_store(ctx) as store:
        contact = get_contact(store, ref)
        rows = query_measures(store, MeasureFilter(contact=f"#{contact.id}"))
    print_fields(
        [
            ("Organisation", contact.organisation),
            ("Funktion", contact.role),
            ("E-Mail", contact.email),
            ("Telefon", contact.phone),
        ],
        title=f"#{contact.id} {contact.display}",
    )
    echo("")
    if rows:
        print_measure_table(rows, contact=False)
    else:
        echo("Für keine Maßnahme zuständig.")


def _contact_options(name, organisation, role, email, phone) -> dict:
    return {
        k: v
        for k, v in dict(name=name, organisation=organisation, role=role, email=email, phone=phone).items()
        if v is not None
    }


@contacts_app.command("add")
def contacts_add(
    ctx: typer.Context,
    name: Annotated[Opt, typer.Argument(help="Name der Person (leer lassen, wenn nur eine Organisation).")] = None,
    organisation: Annotated[Opt, typer.Option("--organisation", "-o", help="Organisation.")] = None,
    role: Annotated[Opt, typer.Option("--role", help="Funktion.")] = None,
    email: Annotated[Opt, typer.Option("--email", help="E-Mail.")] = None,
    phone: Annotated[Opt, typer.Option("--phone", help="Telefon.")] = None,
) -> None:
    """Einen Kontakt anlegen."""
    from massnahmen.store.catalog import add_contact

    with open_store(ctx) as store:
        contact = add_contact(store, **_contact_options(name, organisation, role, email, phone))
    echo(f"Kontakt #{contact.id} „{contact.display}“ angelegt.")


@contacts_app.command("edit")
def contacts_edit(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="Name, Organisation oder #Nummer.")],
    name: Annotated[Opt, typer.Option("--name", help="Name ('' leert).")] = None,
    organisation: Annotated[Opt, typer.Option("--organisation", "-o", help="Organisation ('' leert).")] = None,
    role: Annotated[Opt, typer.Option("--role", help="Funktion.")] = None,
    email: Annotated[Opt, typer.Option("--email", help="E-Mail.")] = None,
    phone: Annotated[Opt, typer.Option("--phone", help="Telefon.")] = None,
) -> None:
    """Angaben eines Kontakts ändern."""
    from massnahmen.store.catalog import edit_contact

    with open_store(ctx) as store:
        contact = edit_contact(store, ref, **_contact_options(name, organisation, role, email, phone))
    echo(f"Kontakt #{contact.id} „{contact.display}“ gespeichert.")


@contacts_app.command("remove")
def contacts_remove(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="Name, Organisation oder #Nummer.")],
    reassign: Annotated[Opt, typer.Option("--reassign", help="Maßnahmen an diesen Kontakt übertragen.")] = None,
    clear: Annotated[bool, typer.Option("--clear", help="Bei den Maßnahmen die Zuständigkeit leeren.")] = False,
) -> None:
    """Einen Kontakt entfernen; seine Maßnahmen werden übertragen oder ohne Zuständigkeit gelassen."""
    from massnahmen.store.catalog import remove_contact

    with open_store(ctx) as store:
        moved = remove_contact(store, ref, reassign_to=reassign, clear=clear)
    detail = ""
    if moved:
        detail = f"; {counted(moved, 'Maßnahme', 'Maßnahmen')} " + (
            f"an „{reassign}“ übertragen" if reassign else "ohne Zuständigkeit"
        )
    echo(f"Kontakt „{ref}“ entfernt{detail}.")


# -- fields and goals ------------------------------------------------------------------------
fields_app = typer.Typer(
    cls=_Group,
    help="Handlungsfelder und ihre Ziele auflisten, anlegen, ändern, entfernen.",
    invoke_without_command=True,
    rich_markup_mode=None,
)
app.add_typer(fields_app, name="fields")


@fields_app.callback()
def fields_default(ctx: typer.Context) -> None:
    if ctx.invoked_subcommand is None:
        fields_list(ctx)


@fields_app.command("list")
def fields_list(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", help="table oder json")] = "table",
) -> None:
    """Alle Handlungsfelder mit ihren Zielen und der Zahl der Maßnahmen."""
    fmt = check_format(fmt, ("table", "json"))
    from massnahmen.store.catalog import list_fields, list_goals

    with open_store(ctx) as store:
        fields = list_fields(store)
        goals = list_goals(store)
    if fmt == "json":
        print_json(
            [
                as_dict(f, exclude={"id"})
                | {"goals": [as_dict(g, include={"code", "name", "measures"}) for g in goals if g.field_id == f.id]}
                for f in fields
            ]
        )
        return
    if not fields:
        echo('Noch keine Handlungsfelder. Anlegen mit: massnahmen fields add 1 "Bildung und Sprache"', err=True)
        raise typer.Exit(1)
    rows: list[tuple[str, str, int]] = []
    styles: list[str | None] = []
    for f in fields:
        rows.append((f.code, f.name, f.measures))
        styles.append("bold")
        for g in goals:
            if g.field_id == f.id:
                rows.append((g.code or "", f"  Ziel: {g.name}", g.measures))
                styles.append(None)
    print_table(["Kürzel", "Handlungsfeld / Ziel", "Maßnahmen"], rows, row_styles=styles)


@fields_app.command("add")
def fields_add(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(help="Kürzel, z. B. 3")],
    name: Annotated[str, typer.Argument(help="Name, z. B. „Wohnen“")],
) -> None:
    """Ein Handlungsfeld anlegen."""
    from massnahmen.store.catalog import add_field

    with open_store(ctx) as store:
        field = add_field(store, code, name)
    echo(f"Handlungsfeld {field.code} „{field.name}“ angelegt.")


@fields_app.command("edit")
def fields_edit(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="Kürzel oder Name.")],
    code: Annotated[Opt, typer.Option("--code", help="Neues Kürzel.")] = None,
    name: Annotated[Opt, typer.Option("--name", help="Neuer Name.")] = None,
) -> None:
    """Kürzel oder Namen eines Handlungsfelds ändern."""
    from massnahmen.store.catalog import edit_field

    with open_store(ctx) as store:
        field = edit_field(store, ref, code=code, name=name)
    echo(f"Handlungsfeld {field.code} „{field.name}“ gespeichert.")


@fields_app.command("remove")
def fields_remove(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="Kürzel oder Name.")],
    move_to: Annotated[
        Opt, typer.Option("--move-to", help="Maßnahmen und Ziele in dieses Handlungsfeld verschieben.")
    ] = None,
) -> None:
    """Ein Handlungsfeld entfernen (seine Maßnahmen müssen in ein anderes verschoben werden)."""
    from massnahmen.store.catalog import remove_field

    with open_store(ctx) as store:
        moved = remove_field(store, ref, move_to=move_to)
    moved_text = f"; {counted(moved, 'Maßnahme', 'Maßnahmen')} nach „{move_to}“ verschoben." if moved else "."
    echo(f"Handlungsfeld „{ref}“ entfernt" + moved_text)


@fields_app.command("add-goal")
def fields_add_goal(
    ctx: typer.Context,
    field: Annotated[str, typer.Argument(help="Handlungsfeld (Kürzel oder Name).")],
    name: Annotated[str, typer.Argument(help="Das Ziel.")],
    code: Annotated[Opt, typer.Option("--code", help="Kürzel, z. B. 3.2")] = None,
) -> None:
    """Ein Ziel in einem Handlungsfeld anlegen."""
    from massnahmen.store.catalog import add_goal

    with open_store(ctx) as store:
        goal = add_goal(store, field, name, code)
    echo(f"Ziel „{goal.name}“ in „{goal.field}“ angelegt.")


@fields_app.command("edit-goal")
def fields_edit_goal(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="Ziel (Kürzel oder Name).")],
    name: Annotated[Opt, typer.Option("--name", help="Neuer Wortlaut.")] = None,
    code: Annotated[Opt, typer.Option("--code", help="Neues Kürzel ('' leert).")] = None,
) -> None:
    """Wortlaut oder Kürzel eines Ziels ändern."""
    from massnahmen.store.catalog import edit_goal

    with open_store(ctx) as store:
        goal = edit_goal(store, ref, name=name, code=code)
    echo(f"Ziel „{goal.name}“ gespeichert.")


@fields_app.command("remove-goal")
def fields_remove_goal(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="Ziel (Kürzel oder Name).")],
    move_to: Annotated[Opt, typer.Option("--move-to", help="Maßnahmen diesem Ziel zuordnen.")] = None,
    clear: Annotated[bool, typer.Option("--clear", help="Bei den Maßnahmen das Ziel leeren.")] = False,
) -> None:
    """Ein Ziel entfernen; seine Maßnahmen gehen an ein anderes Ziel oder bleiben ohne Ziel."""
    from massnahmen.store.catalog import remove_goal

    with open_store(ctx) as store:
        moved = remove_goal(store, ref, move_to=move_to, clear=clear)
    echo(f"Ziel „{ref}“ entfernt" + (f"; {counted(moved, 'Maßnahme', 'Maßnahmen')} betroffen." if moved else "."))


# -- backup and demo -------------------------------------------------------------------------
@app.command()
def backup(
    ctx: typer.Context,
    dest: Annotated[Path | None, typer.Argument(help="Zieldatei oder -ordner (Standard: neben der Datenbank).")] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Eine vorhandene fremde Zieldatei ersetzen (nie eine Datenbank oder Sicherung)."),
    ] = False,
) -> None:
    """Eine geprüfte, konsistente Sicherungskopie anlegen (auch während jemand anderes schreibt)."""
    with open_store(ctx, verify=True) as store:  # a copy of a damaged file would be no backup
        target = store.backup(dest, force=force)
    echo(f"Sicherung geschrieben: {target}")


@app.command()
def demo(
    out: Annotated[Path, typer.Argument(help="Neue Datei, z. B. demo.db")],
    measures: Annotated[int, typer.Option("--measures", "-n", min=1, max=2_000_000, help="Zahl der Maßnahmen.")] = 120,
    today: Annotated[Opt, typer.Option("--today", help="Stichtag für Fälligkeiten (Standard: heute).")] = None,
    seed: Annotated[int, typer.Option("--seed", help="Zufallsstartwert (gleicher Wert, gleiche Daten).")] = 2026,
) -> None:
    """Eine Datenbank mit realistischen, erfundenen Beispieldaten erzeugen."""
    import time

    from massnahmen.cli.status_view import option_date
    from massnahmen.demo import build_demo

    day = option_date(today, "--today")
    started = time.perf_counter()
    counts = build_demo(out, measures=measures, today=day, seed=seed)
    took = time.perf_counter() - started
    echo(
        f"Beispieldaten in „{out}“: {counts.get('measures', measures)} Maßnahmen, "
        f"{counts.get('contacts', 0)} Kontakte, {counts.get('reviews', 0)} Sachstände ({took:.1f} s)."
    )
