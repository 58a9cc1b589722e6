"""The look back as Markdown, HTML and PDF: one list of sections (paragraphs, tables of numbers,
SVG charts) that each format writes out, so that every chart's numbers are also in a table."""

from __future__ import annotations

from dataclasses import dataclass, field

from massnahmen.domain.dates import german
from massnahmen.domain.vocab import ASSESSMENT, STATUS
from massnahmen.reports import charts
from massnahmen.reports.common import number, percent, plural
from massnahmen.reports.lookback import Lookback
from massnahmen.reports.pdf_marks import LOOKBACK_BOOKMARK, LOOKBACK_KEYWORDS
from massnahmen.reports.render_html import CSS, HTML_MARKER, _table, h, preface_html
from massnahmen.reports.render_md import MD_MARKER, md, md_table


@dataclass
class Part:
    kind: str  # "p", "table", "chart"
    text: str = ""
    headers: list[str] = field(default_factory=list)  # a table's
    rows: list[list[str]] = field(default_factory=list)
    right: tuple[int, ...] = ()
    svg: str = ""


@dataclass
class Section:
    title: str
    parts: list[Part]


def _status_label(key: str) -> str:
    return STATUS.label(key).split(" (")[0]


def title_lines(lb: Lookback) -> list[tuple[str, str]]:
    rows = [("Konzept", lb.concept)]
    if lb.body:
        rows.append(("Beschlossen von", lb.body))
    if lb.adopted_on:
        rows.append(("Beschlossen am", german(lb.adopted_on)))
    rows.append(("Zeitraum", f"{german(lb.since)} bis {german(lb.until)}"))
    if lb.office:
        rows.append(("Erstellt von", lb.office))
    if lb.filters:
        rows.append(("Auswahl", "; ".join(lb.filters)))
    return rows


def sections(lb: Lookback) -> list[Section]:
    years = lb.years
    if not lb.total and not any(sum(y.status.values()) or y.reviews or y.added for y in years):
        return [Section("Überblick", [Part("p", "Keine Maßnahmen in diesem Zeitraum.")])]
    added = sum(sum(y.added.values()) for y in years)
    finished = sum(sum(y.finished.values()) for y in years)
    dropped = sum(sum(y.dropped.values()) for y in years)
    reviews = sum(y.reviews for y in years)
    intro = [
        Part(
            "p",
            f"Vom {german(lb.since)} bis zum {german(lb.until)} kamen "
            f"{plural(added, 'Maßnahme', 'Maßnahmen')} hinzu, {number(finished)} wurden umgesetzt und "
            f"{number(dropped)} verworfen; {plural(reviews, 'Sachstand wurde', 'Sachstände wurden')} "
            f"eingetragen. Am Ende des Zeitraums umfasst das Konzept "
            f"{plural(lb.total, 'Maßnahme', 'Maßnahmen')}." + archived_note(lb),
        )
    ]
    if len(lb.progress) >= 2:
        best, worst = lb.progress[0], lb.progress[-1]
        intro.append(
            Part(
                "p",
                f"Den größten Fortschritt machte das Handlungsfeld {best.code} {best.name} "
                f"({best.points:+d} Prozentpunkte umgesetzt oder verstetigt), den geringsten "
                f"{worst.code} {worst.name} ({worst.points:+d} Prozentpunkte).",
            )
        )
    out = [Section("Überblick", intro)]

    keys = STATUS.keys
    status_rows = [
        (f"{y.year}" + ("" if y.end.month == 12 and y.end.day == 31 else f" (bis {german(y.end)})"), y.status)
        for y in years
    ]
    svg = charts.stacked_bars(
        "lbst",
        "Stand des Konzepts am Jahresende",
        status_rows,
        [(t.key, _status_label(t.key)) for t in STATUS.terms],
        charts.STATUS_STYLES,
        label_width=130,
    )
    out.append(
        Section(
            "Stand des Konzepts am Jahresende",
            [
                Part(
                    "p",
                    "Status der Maßnahmen am 31.12. jedes Jahres (im letzten Jahr am Ende des Zeitraums), "
                    "aus dem Verlauf rekonstruiert; gezählt werden die Maßnahmen, die am Ende des Zeitraums "
                    "zum Konzept gehören.",
                ),
                Part("chart", svg=svg),
                Part(
                    "table",
                    headers=["Jahr", *[_status_label(k) for k in keys], "gesamt"],
                    rows=[[label, *[number(c[k]) for k in keys], number(sum(c.values()))] for label, c in status_rows],
                    right=tuple(range(1, len(keys) + 2)),
                ),
            ],
        )
    )

    svg = charts.columns(
        "lbyr",
        "Neu, umgesetzt und verworfen je Jahr",
        [(str(y.year), [sum(y.added.values()), sum(y.finished.values()), sum(y.dropped.values())]) for y in years],
        [("started", "neu aufgenommen"), ("finished", "umgesetzt"), ("dropped", "verworfen")],
        charts.SERIES_STYLES | {"dropped": charts.STATUS_STYLES["verworfen"]},
    )
    field_rows = []
    for code, name in lb.fields:
        field_rows.append(
            [
                f"{code} {name}",
                *[f"{y.added.get(code, 0)} / {y.finished.get(code, 0)} / {y.dropped.get(code, 0)}" for y in years],
            ]
        )
    field_rows.append(
        ["Summe", *[f"{sum(y.added.values())} / {sum(y.finished.values())} / {sum(y.dropped.values())}" for y in years]]
    )
    out.append(
        Section(
            "Neu, umgesetzt und verworfen je Jahr und Handlungsfeld",
            [
                Part("chart", svg=svg),
                Part("p", "Je Jahr: neu aufgenommen / umgesetzt / verworfen."),
                Part(
                    "table",
                    headers=["Handlungsfeld", *[str(y.year) for y in years]],
                    rows=field_rows,
                    right=tuple(range(1, len(years) + 1)),
                ),
            ],
        )
    )

    assessment_keys = (*ASSESSMENT.keys, "keine")
    out.append(
        Section(
            "Wie sich die Ampel bewegte",
            [
                Part(
                    "p",
                    "Ampel der offenen Maßnahmen am Jahresende; dazu, wie oft eine Ampel im Jahr besser "
                    "(Richtung grün) oder schlechter (Richtung rot) wurde. Eine erste Bewertung zählt nicht als "
                    "Bewegung.",
                ),
                Part(
                    "table",
                    headers=[
                        "Jahr",
                        *[ASSESSMENT.label(k) if k != "keine" else "nicht bewertet" for k in assessment_keys],
                        "besser",
                        "schlechter",
                    ],
                    rows=[
                        [
                            str(y.year),
                            *[number(y.assessments[k]) for k in assessment_keys],
                            number(y.better),
                            number(y.worse),
                        ]
                        for y in years
                    ],
                    right=tuple(range(1, len(assessment_keys) + 3)),
                ),
            ],
        )
    )

    svg = charts.bars(
        "lbrv",
        "Sachstände je Jahr",
        [("started", str(y.year), y.reviews) for y in years],
        charts.SERIES_STYLES,
        label_width=80,
    )
    out.append(
        Section(
            "Sachstände je Jahr",
            [
                Part("p", "Eingetragene Sachstände je Jahr (nach ihrem Datum)."),
                Part("chart", svg=svg),
                Part(
                    "table",
                    headers=["Jahr", "Sachstände"],
                    rows=[[str(y.year), number(y.reviews)] for y in years],
                    right=(1,),
                ),
            ],
        )
    )

    out.append(
        Section(
            "Fortschritt je Handlungsfeld",
            [
                Part(
                    "p",
                    "Anteil der Maßnahmen, die umgesetzt oder verstetigt sind, am Anfang und am Ende des "
                    "Zeitraums; Fortschritt in Prozentpunkten. Verworfene Maßnahmen zählen nicht als Fortschritt.",
                ),
                Part(
                    "table",
                    headers=["Handlungsfeld", "Maßnahmen", "Anfang", "Ende", "Fortschritt"],
                    rows=[
                        [
                            f"{p.code} {p.name}",
                            number(p.total),
                            f"{percent_text(p.before, p.total_before)}",
                            f"{percent_text(p.after, p.total)}",
                            f"{p.points:+d} Pkt.",
                        ]
                        for p in lb.progress
                    ],
                    right=(1, 2, 3, 4),
                ),
            ],
        )
    )

    silent_parts = [
        Part(
            "p",
            f"{plural(len(lb.silent), 'offene Maßnahme hat', 'offene Maßnahmen haben')} "
            f"seit mehr als einem Jahr (365 Tage vor dem {german(lb.until)}) keinen Sachstand.",
        )
    ]
    if lb.silent:
        silent_parts.append(
            Part(
                "table",
                headers=["Nr.", "Maßnahme", "Handlungsfeld", "Letzter Sachstand"],
                rows=[[s.code, s.title, s.field, german(s.last_review) or "noch keiner"] for s in lb.silent],
            )
        )
    out.append(Section("Ohne Sachstand seit mehr als einem Jahr", silent_parts))
    return out


def archived_note(lb: Lookback) -> str:
    """The measures archived by the end of the period: they count in no number of the look back."""
    if not lb.archived:
        return ""
    return (
        f" {plural(lb.archived, 'archivierte Maßnahme zählt', 'archivierte Maßnahmen zählen')} "
        "in keiner Zahl dieses Rückblicks mit, auch nicht in den Jahren vor dem Archivieren."
    )


def percent_text(part: int, whole: int) -> str:
    return f"{percent(part, whole)} %"


LOOKBACK_MD_MARKER = "<!-- Rückblick, erstellt mit massnahmen -->"


def lookback_md(lb: Lookback, *, marker: bool = False) -> str:
    lines = ([MD_MARKER] if marker else []) + [f"# Rückblick: {md(lb.concept)}", ""]
    lines += [f"- **{k}:** {md(v)}" for k, v in title_lines(lb)]
    if lb.preface:
        lines += ["", "## Vorwort", "", *lb.preface.strip().splitlines()]
    for sec in sections(lb):
        lines += ["", f"## {md(sec.title)}", ""]
        for p in sec.parts:
            if p.kind == "p":
                lines += [md(p.text), ""]
            elif p.kind == "table":
                lines += md_table([md(x) for x in p.headers], [[md(c) for c in r] for r in p.rows], right=p.right)
                lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def lookback_html(lb: Lookback) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="de">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        HTML_MARKER,
        f"<title>Rückblick – {h(lb.concept)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        '<header class="title-page">',
        "<h1>Rückblick</h1>",
        f'<p class="concept">{h(lb.concept)}</p>',
        "<table>" + "".join(f"<tr><th>{h(k)}</th><td>{h(v)}</td></tr>" for k, v in title_lines(lb)) + "</table>",
    ]
    secs = sections(lb)
    toc = (['<li><a href="#vorwort">Vorwort</a></li>'] if lb.preface else []) + [
        f'<li><a href="#teil-{i}">{h(s.title)}</a></li>' for i, s in enumerate(secs)
    ]
    parts.append('<nav class="contents"><h2>Inhalt</h2><ol>' + "".join(toc) + "</ol></nav></header>")
    if lb.preface:
        parts.append('<section id="vorwort"><h2>Vorwort</h2>')
        parts += preface_html(lb.preface)
        parts.append("</section>")
    for i, sec in enumerate(secs):
        parts.append(f'<section id="teil-{i}"><div class="keep"><h2>{h(sec.title)}</h2></div>')
        for p in sec.parts:
            if p.kind == "p":
                parts.append(f"<p>{h(p.text)}</p>")
            elif p.kind == "chart":
                svg = p.svg.replace(' xmlns="http://www.w3.org/2000/svg"', "", 1)
                parts.append(f'<div class="chart">{svg}</div>')
            else:
                parts.append(
                    _table([h(x) for x in p.headers], [[h(c) for c in r] for r in p.rows], right=p.right).replace(
                        "<table>", '<table class="counts">', 1
                    )
                )
        parts.append("</section>")
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"


def lookback_typst(lb: Lookback) -> str:
    # the PDF's module (and its charts): only for a PDF
    from massnahmen.reports.render_typst import PREAMBLE, _preface, hidden_bookmark, s, t

    out = [
        PREAMBLE.format(
            title=s(f"Rückblick – {lb.concept}"),
            keywords=s(LOOKBACK_KEYWORDS),
            header="none",
            footer_left=t(lb.concept),
        )
    ]
    rows = ", ".join(f"{s(k)}, {s(v)}" for k, v in title_lines(lb))
    out += [
        hidden_bookmark(LOOKBACK_BOOKMARK),
        "#v(30mm)",
        '#text(size: 26pt, weight: "bold")[Rückblick]',
        "#v(2mm)",
        f"#text(size: 15pt)[{t(lb.concept)}]",
        "#v(12mm)",
        "#grid(columns: 2, row-gutter: 6pt, column-gutter: 8mm, ..(" + rows + ",).map(x => text(size: 11pt, x)))",
        "#v(1fr)",
        "#outline(title: [Inhalt], depth: 1, indent: 0pt)",
        "#pagebreak()",
    ]
    if lb.preface:
        out.append("= Vorwort")
        out += _preface(lb.preface)
    for sec in sections(lb):
        out.append(f"= {t(sec.title)}")
        for p in sec.parts:
            if p.kind == "p":
                out.append(t(p.text) + "\n")
            elif p.kind == "chart":
                out.append(f'#block(breakable: false, image(bytes({s(p.svg)}), format: "svg", width: 100%))')
            else:
                n = len(p.headers)
                right = list(p.right)
                header = ", ".join(f"table.cell(fill: luma(228), {s(x)})" for x in p.headers)
                body = ", ".join(s(c) for r in p.rows for c in r)
                wide = (
                    p.headers.index("Maßnahme")
                    if "Maßnahme" in p.headers
                    else (0 if p.headers[0] == "Handlungsfeld" else -1)
                )
                cols = ", ".join("1fr" if i == wide else "auto" for i in range(n))
                out.append(
                    f"#text(size: 8.5pt, table(columns: ({cols},), "
                    f"align: (x, y) => if x in {tuple(right) if right else ()!r} {{ right }} else {{ left }}, "
                    f"table.header({header}), {body}))"
                )
    return "\n".join(out) + "\n"


def lookback_pdf(lb: Lookback) -> bytes:
    from massnahmen.reports.render_typst import compile_pdf  # the PDF's module (and its charts): only for a PDF

    return compile_pdf(lookback_typst(lb))
