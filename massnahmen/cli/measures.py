"""Everyday commands on measures: list, show, add, edit, review, history, archive, restore.

Imports inside the command functions are deliberate: every command module is loaded for every
command (Typer builds the whole app), so each command imports the store, pydantic, rich and the
importers only when it runs (start-up time, see docs/architecture.md)."""

from __future__ import annotations

from typing import Annotated

import typer

from massnahmen.cli.base import app, open_store
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
from massnahmen.cli.output import Col, echo, print_fields, print_json, print_table
from massnahmen.cli.status_view import option_date, option_days, option_version
from massnahmen.domain.records import as_dict

Opt = str | None
CodeArg = Annotated[str, typer.Argument(help="Nr. der Maßnahme, z. B. 3.2.1")]


def _value_options(**given: str | None) -> dict:
    """The attribute values a command received (None = not given; '' or only spaces = clear: one
    rule for blank values, README „Leere Werte“)."""
    return {k: (v if v.strip() else "") for k, v in given.items() if v is not None}


@app.command("list")
def list_cmd(
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
    fmt: Annotated[str, typer.Option("--format", help="table, csv oder json")] = "table",
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", metavar="DATUM", help="Stand am Ende dieses Tages, aus dem Verlauf rekonstruiert."),
    ] = None,
) -> None:
    """Maßnahmen auflisten, gefiltert und durchsucht."""
    fmt = check_format(fmt, ("table", "csv", "json"))
    option_days(due_within, "--due-within")
    from massnahmen.store.measures import query_measures

    as_of_day = option_date(as_of, "--as-of")
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
        if as_of_day is not None:
            from dataclasses import replace

            from massnahmen.store.as_of import query_measures_as_of

            rows = query_measures_as_of(store, replace(flt, today=as_of_day), as_of_day)
        else:
            rows = query_measures(store, flt)
    if fmt == "json":
        from massnahmen.store.measures import row_contract

        print_json([row_contract(r) for r in rows])
    elif fmt == "csv":
        import sys

        from massnahmen.cli.output import for_terminal
        from massnahmen.exporting.csv_format import write_csv

        write_csv(rows, for_terminal(sys.stdout), bom=False)
    elif rows:
        print_measure_table(rows, as_of_day)
    if not rows:
        echo("Keine Maßnahmen gefunden.", err=True)
        raise typer.Exit(1)


def print_measure_table(rows: list[dict], day=None, *, contact: bool = True) -> None:
    """The measures as a table (contact=False: without Zuständig, for one contact's measures). On
    a terminal too narrow for every column without cutting words (80 columns), Handlungsfeld and
    Zuständig move below the title, dim, in its cell. day: the Stichtag of overdue/due (today)."""
    from massnahmen.cli.output import column_widths, stdout_is_terminal, terminal_width
    from massnahmen.domain.attributes import BY_KEY
    from massnahmen.domain.clock import today
    from massnahmen.domain.dates import german
    from massnahmen.domain.text import one_line
    from massnahmen.domain.timeliness import LABELS, OVERDUE, timeliness
    from massnahmen.domain.vocab import ASSESSMENT, CLOSED_STATUSES, STATUS
    from massnahmen.store.measures import contact_display

    day = day or today()
    table_rows, row_styles = [], []
    for r in rows:
        state = timeliness(r["status"], r["review_date"], day)
        review = german(r["review_date"])
        if LABELS.get(state):
            review = f"{review} ({LABELS[state]})" if review else LABELS[state]
        table_rows.append(
            [
                r["code"],
                r["title"],
                r["field"],
                contact_display(r),
                STATUS.label(r["status"]),
                ASSESSMENT.label(r["assessment"]),
                review,
            ]
        )
        row_styles.append("red" if state == OVERDUE else ("dim" if r["status"] in CLOSED_STATUSES else None))
    label = {k: BY_KEY[k].label for k in ("code", "title", "field", "contact", "status", "assessment", "review_date")}
    columns = [
        Col(label["code"], "fixed"),
        Col(label["title"], ratio=3, max_width=50),
        Col(label["field"], max_width=24),
        Col(label["contact"], ratio=2, max_width=30),
        Col(label["status"], max_width=25),
        Col(label["assessment"], "fixed"),
        Col(label["review_date"], max_width=24),
    ]
    if not contact:
        del columns[3]
        table_rows = [row[:3] + row[4:] for row in table_rows]
    if stdout_is_terminal():
        cells = [[one_line(v) for v in row] for row in table_rows]
        if not column_widths(columns, cells, terminal_width())[1]:
            # Status and Wiedervorlage as narrow as their words: the rest is the title's
            columns = [
                columns[0],
                Col(label["title"]),
                Col(label["status"], max_width=1),
                Col(label["assessment"], "fixed"),
                Col(label["review_date"], max_width=1),
            ]
            below = 4 if contact else 3  # the columns that move below the title end before this one
            table_rows = [
                [row[0], [row[1], " · ".join(v for v in row[2:below] if v)], *row[below:]] for row in table_rows
            ]
    print_table(columns, table_rows, row_styles=row_styles)
    echo(f"{len(rows)} Maßnahme" + ("" if len(rows) == 1 else "n"), err=True)


@app.command()
def show(
    ctx: typer.Context,
    code: CodeArg,
    fmt: Annotated[str, typer.Option("--format", help="text oder json")] = "text",
) -> None:
    """Eine Maßnahme mit allen Angaben und den letzten Sachständen zeigen."""
    fmt = check_format(fmt, ("text", "json"))
    from massnahmen.store.measures import get_measure

    with open_store(ctx) as store:
        measure = get_measure(store, code)
        from massnahmen.store.ideas import ideas_of_measure

        ideas = ideas_of_measure(store, measure.code)
    if fmt == "json":
        print_json(measure.contract())
        return
    _print_measure(measure)
    if ideas:
        from massnahmen.domain.dates import german
        from massnahmen.domain.ideas import short_text

        echo("")
        echo("Aus Bürgerideen:")
        for idea in ideas:
            origin = ", ".join(p for p in (idea.channel, german(idea.submitted_on)) if p)
            print_fields([(f"  #{idea.id}" + (f" ({origin})" if origin else ""), short_text(idea.text, 200))])


def _print_measure(m) -> None:
    from massnahmen.domain.clock import today
    from massnahmen.domain.dates import german
    from massnahmen.domain.reviews import review_head
    from massnahmen.domain.timeliness import LABELS, timeliness
    from massnahmen.domain.vocab import PRIORITY, STATUS, assessment_text

    state = LABELS.get(timeliness(m.status, m.review_date and m.review_date.isoformat(), today()))
    contact = None
    if m.contact:
        contact = "\n".join(p for p in (m.contact.display, m.contact.email, m.contact.phone) if p)
    period = (
        f"{german(m.start)} – {german(m.end)}"
        if m.start and m.end
        else f"ab {german(m.start)}"
        if m.start
        else f"bis {german(m.end)}"
        if m.end
        else None
    )
    print_fields(
        [
            ("Handlungsfeld", f"{m.field_code} {m.field}"),
            ("Ziel", m.goal),
            ("Status", STATUS.label(m.status) + (" (archiviert)" if m.archived else "")),
            ("Ampel", assessment_text(m.assessment)),
            ("Priorität", PRIORITY.label(m.priority)),
            ("Wiedervorlage", (german(m.review_date) + (f" ({state})" if state else "")).strip()),
            ("Zuständig", contact),
            ("Partner", m.partners),
            ("Zeitraum", period),
            ("Finanzierung", m.funding),
            ("Indikator", m.indicator),
            ("Herkunft", m.source),
            ("Beschreibung", m.description),
            ("Notizen", m.notes),
            (
                "Geändert",
                f"{german(m.updated_at)} {m.updated_at[11:16]} von {m.updated_by} (Version {m.version})"
                if m.updated_at
                else None,
            ),
        ],
        title=f"{m.code}  {m.title}",
    )
    if m.reviews:
        echo("")
        echo("Letzte Sachstände:")
        for r in m.reviews:
            print_fields([("  " + review_head(german(r.date), r.author, r.status, r.assessment), r.note)])


@app.command()
def add(
    ctx: typer.Context,
    code: Annotated[str, typer.Option("--code", help="Nr., z. B. 3.2.1 (eindeutig).")],
    title: Annotated[str, typer.Option("--title", help="Titel der Maßnahme.")],
    field: Annotated[str, typer.Option("--field", help="Handlungsfeld (Kürzel oder Name).")],
    goal: Annotated[Opt, typer.Option("--goal", help="Ziel im Handlungsfeld.")] = None,
    contact: Annotated[Opt, typer.Option("--contact", help="Zuständig (Name, Organisation oder #Nummer).")] = None,
    status: Annotated[Opt, typer.Option("--status", help="Status (Standard: geplant).")] = None,
    assessment: Annotated[Opt, typer.Option("--assessment", help="Ampel: gruen, gelb, rot.")] = None,
    priority: Annotated[Opt, typer.Option("--priority", help="Priorität: hoch, mittel, niedrig.")] = None,
    review_date: Annotated[Opt, typer.Option("--review-date", help="Wiedervorlage, z. B. 31.12.2026.")] = None,
    start: Annotated[Opt, typer.Option("--start", help="Beginn: 01.03.2026, 03/2026, Q1/2026 oder 2026.")] = None,
    end: Annotated[Opt, typer.Option("--end", help="Ende, wie Beginn.")] = None,
    description: Annotated[Opt, typer.Option("--description", help="Beschreibung.")] = None,
    partners: Annotated[Opt, typer.Option("--partners", help="Partner (Freitext).")] = None,
    funding: Annotated[Opt, typer.Option("--funding", help="Finanzierung.")] = None,
    indicator: Annotated[Opt, typer.Option("--indicator", help="Indikator.")] = None,
    source: Annotated[Opt, typer.Option("--source", help="Herkunft (z. B. AG Bildung 2026).")] = None,
    notes: Annotated[Opt, typer.Option("--notes", help="Notizen.")] = None,
) -> None:
    """Eine neue Maßnahme anlegen."""
    from massnahmen.store.measures import add_measure

    values = _value_options(
        code=code,
        title=title,
        field=field,
        goal=goal,
        contact=contact,
        status=status,
        assessment=assessment,
        priority=priority,
        review_date=review_date,
        start=start,
        end=end,
        description=description,
        partners=partners,
        funding=funding,
        indicator=indicator,
        source=source,
        notes=notes,
    )
    with open_store(ctx) as store:
        measure = add_measure(store, values)
    echo(f"Maßnahme {measure.code} angelegt.")


@app.command()
def edit(
    ctx: typer.Context,
    code: CodeArg,
    new_code: Annotated[Opt, typer.Option("--code", help="Neue Nr.")] = None,
    title: Annotated[Opt, typer.Option("--title", help="Titel.")] = None,
    field: Annotated[Opt, typer.Option("--field", help="Handlungsfeld.")] = None,
    goal: Annotated[Opt, typer.Option("--goal", help="Ziel ('' leert).")] = None,
    contact: Annotated[Opt, typer.Option("--contact", help="Zuständig ('' leert).")] = None,
    status: Annotated[Opt, typer.Option("--status", help="Status.")] = None,
    assessment: Annotated[Opt, typer.Option("--assessment", help="Ampel ('' leert).")] = None,
    priority: Annotated[Opt, typer.Option("--priority", help="Priorität ('' leert).")] = None,
    review_date: Annotated[Opt, typer.Option("--review-date", help="Wiedervorlage ('' leert).")] = None,
    start: Annotated[Opt, typer.Option("--start", help="Beginn.")] = None,
    end: Annotated[Opt, typer.Option("--end", help="Ende.")] = None,
    description: Annotated[Opt, typer.Option("--description", help="Beschreibung.")] = None,
    partners: Annotated[Opt, typer.Option("--partners", help="Partner.")] = None,
    funding: Annotated[Opt, typer.Option("--funding", help="Finanzierung.")] = None,
    indicator: Annotated[Opt, typer.Option("--indicator", help="Indikator.")] = None,
    source: Annotated[Opt, typer.Option("--source", help="Herkunft.")] = None,
    notes: Annotated[Opt, typer.Option("--notes", help="Notizen.")] = None,
    expect_version: Annotated[
        int | None,
        typer.Option("--expect-version", help="Nur ändern, wenn die Maßnahme noch diese Version hat (für Skripte)."),
    ] = None,
) -> None:
    """Angaben einer Maßnahme ändern (jede Änderung landet im Verlauf)."""
    from massnahmen.domain.attributes import display_value, label
    from massnahmen.store.measures import update_measure

    values = _value_options(
        code=new_code,
        title=title,
        field=field,
        goal=goal,
        contact=contact,
        status=status,
        assessment=assessment,
        priority=priority,
        review_date=review_date,
        start=start,
        end=end,
        description=description,
        partners=partners,
        funding=funding,
        indicator=indicator,
        source=source,
        notes=notes,
    )
    if not values:
        echo("Nichts zu ändern: bitte mindestens eine Option angeben (siehe massnahmen edit --help).", err=True)
        raise typer.Exit(2)
    option_version(expect_version, "--expect-version")
    with open_store(ctx) as store:
        measure, diffs = update_measure(store, code, values, expected_version=expect_version)
    if not diffs:
        echo(f"Maßnahme {measure.code}: keine Änderung.")
        return
    echo(f"Maßnahme {measure.code} geändert:")
    for key, old, new in diffs:
        echo(f"  {label(key)}: {display_value(key, old)} → {display_value(key, new)}")


@app.command()
def review(
    ctx: typer.Context,
    code: CodeArg,
    note: Annotated[str, typer.Option("--note", "-m", help="Der Sachstand (Text).")],
    status: Annotated[Opt, typer.Option("--status", help="Neuer Status.")] = None,
    assessment: Annotated[Opt, typer.Option("--assessment", help="Ampel: gruen, gelb, rot.")] = None,
    next_date: Annotated[
        Opt, typer.Option("--next", help="Nächste Wiedervorlage (Standard: in sechs Monaten).")
    ] = None,
    on: Annotated[Opt, typer.Option("--date", help="Datum des Sachstands (Standard: heute).")] = None,
) -> None:
    """Einen Sachstand erfassen: Notiz, Status, Ampel, nächste Wiedervorlage."""
    from massnahmen.domain.dates import german
    from massnahmen.domain.vocab import STATUS, assessment_text
    from massnahmen.store.measures import add_review

    day = option_date(on, "--date")
    with open_store(ctx) as store:
        measure, entry = add_review(
            store, code, note, status=status, assessment=assessment, next_review=next_date, on=day
        )
    nxt = german(entry.next_review_date) or "keine (abgeschlossen)"
    echo(
        f"Sachstand für {measure.code} erfasst: {STATUS.label(entry.status)}, "
        f"{assessment_text(entry.assessment)}, nächste Wiedervorlage {nxt}."
    )


@app.command()
def history(
    ctx: typer.Context,
    code: CodeArg,
    fmt: Annotated[str, typer.Option("--format", help="table oder json")] = "table",
) -> None:
    """Den Verlauf einer Maßnahme zeigen: wer hat wann was geändert, und die Sachstände."""
    fmt = check_format(fmt, ("table", "json"))
    from massnahmen.domain.attributes import display_value, label
    from massnahmen.domain.dates import german
    from massnahmen.store.measures import timeline

    with open_store(ctx) as store:
        verlauf = timeline(store, code)
    measure = verlauf.measure
    if fmt == "json":
        print_json(
            {
                "code": measure.code,
                "version": measure.version,  # for edit --expect-version
                "changes": [as_dict(c, iso=True) for c in verlauf.changes()],
                "reviews": [as_dict(r, exclude={"id"}, iso=True) for r in verlauf.reviews()],
            }
        )
        return
    rows: list[tuple[str, str, str, str | None, str]] = []
    for entry in verlauf.entries:
        at = entry.at
        when = german(at[:10]) + (" " + at[11:16] if len(at) > 13 else "")
        if entry.review is not None:
            rows.append((when, entry.author, "Sachstand", entry.review.note, ""))
        elif entry.change is not None and entry.change.attribute != "review":  # (a Sachstand: from its review)
            c = entry.change
            if c.attribute == "created":
                detail = c.new
            else:
                detail = f"{display_value(c.attribute, c.old)} → {display_value(c.attribute, c.new)}"
            rows.append((when, entry.author, label(c.attribute), detail, c.context or ""))
    print_table(
        [
            Col("Wann", "fixed"),
            Col("Wer", max_width=16),
            Col("Was", max_width=14),
            Col("Änderung", ratio=6, max_width=60),
            Col("Anlass", max_width=24),
        ],
        rows,
        title=f"Verlauf {measure.code} {measure.title}",
    )


@app.command()
def archive(ctx: typer.Context, code: CodeArg) -> None:
    """Eine Maßnahme archivieren (nicht löschen; mit restore zurückholen)."""
    from massnahmen.store.measures import set_archived

    with open_store(ctx) as store:
        set_archived(store, code, True)
    echo(f"Maßnahme {code} archiviert. Zurückholen mit: massnahmen restore {code}")


@app.command()
def restore(ctx: typer.Context, code: CodeArg) -> None:
    """Eine archivierte Maßnahme zurückholen."""
    from massnahmen.store.measures import set_archived

    with open_store(ctx) as store:
        set_archived(store, code, False)
    echo(f"Maßnahme {code} ist wieder aktiv.")
