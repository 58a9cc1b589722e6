"""A Sachstandsbericht or Rückblick from the database to the bytes or text of a file, shared by
`report` on the command line and „Bericht erstellen“ in the TUI (JSON is the faces' own)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from massnahmen.reports.lookback import lookback
from massnahmen.reports.outputs import output_kind
from massnahmen.reports.pdf_budget import check_pdf_size
from massnahmen.reports.render_html import report_html
from massnahmen.reports.render_md import report_md
from massnahmen.reports.report import Filters, sachstandsbericht
from massnahmen.store import files  # files.atomic_write is looked up at each call (a test may replace it)

KIND_LABELS = {"sachstand": "Sachstandsbericht", "rueckblick": "Rückblick"}


@dataclass
class ReportRequest:
    """What to report on. day: today; as_of: the Stichtag (Sachstandsbericht only); until: the end
    of the Rückblick; the filters other than fields are the Sachstandsbericht's."""

    kind: str  # sachstand | rueckblick
    day: date
    since: date | None = None
    until: date | None = None
    as_of: date | None = None
    fields: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    assessments: list[str] = field(default_factory=list)
    changed_only: bool = False
    detailed: bool = False
    with_contacts: bool = False
    preface: str | None = None


def report_data(store, spec: ReportRequest):
    """The report's plain data (Sachstandsbericht or Rückblick); it has .total and .to_dict()."""
    stichtag = spec.as_of or spec.day
    if spec.kind == "rueckblick":
        return lookback(
            store, stichtag, since=spec.since, until=spec.until, field_filter=spec.fields, preface=spec.preface
        )

    filters = Filters(
        fields=spec.fields, statuses=spec.statuses, assessments=spec.assessments, changed_only=spec.changed_only
    )
    return sachstandsbericht(
        store,
        spec.day,
        since=spec.since,
        as_of=spec.as_of,
        filters=filters,
        with_contacts=spec.with_contacts,
        detailed=spec.detailed,
        preface=spec.preface,
    )


def render_report(data, fmt: str, kind: str, *, marker: bool):
    """md (text), html (text) or pdf (bytes) of a report's data; marker: the Markdown file marker.
    A PDF above its budget of rows is refused (TooLarge) before it is laid out."""
    if fmt == "pdf":
        check_pdf_size(data, kind)
    if kind == "rueckblick":
        # the Rückblick's renderers (and its charts): only for a Rückblick
        from massnahmen.reports import render_lookback as lb

        if fmt == "pdf":
            return lb.lookback_pdf(data)
        return lb.lookback_html(data) if fmt == "html" else lb.lookback_md(data, marker=marker)
    if fmt == "pdf":
        from massnahmen.reports.render_typst import report_pdf  # the PDF's module (and its charts): only for a PDF

        return report_pdf(data)
    if fmt == "html":
        return report_html(data)
    return report_md(data, marker=marker)


def write_report(path, payload, fmt: str, *, force: bool = False, protected=()) -> None:
    """The rendered report into path, completely or not at all (store.files)."""
    binary = isinstance(payload, bytes)
    with files.atomic_write(
        path, output_kind(fmt), force=force, protected=protected, binary=binary, **({} if binary else {"newline": "\n"})
    ) as handle:
        handle.write(payload)
