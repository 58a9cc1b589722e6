"""Options shared by several commands (the filters of list, export and due)."""

from __future__ import annotations

from typing import Annotated

import typer

from massnahmen.cli.output import check_format  # noqa: F401  (shared with typer-free paths)

FieldOpt = Annotated[str | None, typer.Option("--field", "-f", help="Handlungsfeld (Kürzel oder Name).")]
StatusOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--status",
        "-s",
        help="Status (mehrfach möglich): geplant, in_umsetzung, verstetigt, "
        "zurueckgestellt, umgesetzt, verworfen – auch „in Arbeit“, „erledigt“ …",
    ),
]
ContactOpt = Annotated[str | None, typer.Option("--contact", "-c", help="Zuständig (Name, Organisation oder #Nummer).")]
GoalOpt = Annotated[str | None, typer.Option("--goal", help="Ziel (Kürzel oder Name).")]
OverdueOpt = Annotated[bool, typer.Option("--overdue", help="Nur offene Maßnahmen mit überfälliger Wiedervorlage.")]
DueWithinOpt = Annotated[
    int | None,
    typer.Option(
        "--due-within", metavar="TAGE", help="Nur offene Maßnahmen mit Wiedervorlage in den nächsten TAGE Tagen."
    ),
]
SearchOpt = Annotated[str | None, typer.Option("--search", "-q", help="Suchtext („strasse“ findet „Straße“).")]
OpenOpt = Annotated[bool, typer.Option("--open", help="Nur offene Maßnahmen (ohne umgesetzt/verworfen).")]
ArchivedOpt = Annotated[bool, typer.Option("--archived", help="Nur archivierte Maßnahmen.")]
SortOpt = Annotated[
    str,
    typer.Option(
        "--sort", help="Sortierung: code, title, field, contact, status, assessment, review_date, updated_at."
    ),
]


def measure_filter(
    *,
    field=None,
    status=None,
    contact=None,
    goal=None,
    overdue=False,
    due_within=None,
    search=None,
    open_only=False,
    archived=False,
    sort="code",
):
    from massnahmen.store.measures import MeasureFilter

    return MeasureFilter(
        field=field,
        statuses=list(status or []),
        contact=contact,
        goal=goal,
        overdue=overdue,
        due_within=due_within,
        search=search,
        open_only=open_only,
        archived="only" if archived else "exclude",
        sort=sort,
    )
