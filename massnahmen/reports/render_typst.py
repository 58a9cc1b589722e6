"""The Sachstandsbericht as PDF: Typst markup generated from the report data, compiled with the
`typst` package (fonts bundled with it and embedded in the PDF; no system fonts, no network).

Every piece of user text enters the markup as a Typst string literal (#"…"), never as markup, so
# [ ] * _ $ @ < > \\ ` come out as typed. The charts are the same SVG as in the HTML, passed as
bytes. Imported only on the PDF path."""

from __future__ import annotations

import re
from pathlib import Path

from massnahmen.domain.text import printable
from massnahmen.domain.vocab import STATUS
from massnahmen.reports import wording as w
from massnahmen.reports.charts import all_charts
from massnahmen.reports.common import number
from massnahmen.reports.pdf_marks import REPORT_BOOKMARK, REPORT_KEYWORDS
from massnahmen.reports.preface import parse

PDF_KEYWORDS = REPORT_KEYWORDS
FONTS = Path(__file__).with_name("fonts")  # Noto Emoji: emoji in published text print as emoji
BOOKMARK = REPORT_BOOKMARK


def hidden_bookmark(text: str) -> str:
    return f"#place(hide(heading(level: 1, outlined: false, bookmarked: true, {s(text)})))"


def s(text: object) -> str:
    """A Typst string literal (code mode) holding the text exactly."""
    raw = printable("" if text is None else str(text))
    return '"' + raw.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", " ") + '"'


def t(text: object) -> str:
    """The text in markup mode: #"…"."""
    return "#" + s(text)


PREAMBLE = """
#set document(title: {title}, keywords: ({keywords},))
#set text(lang: "de", region: "DE", font: ("Libertinus Serif", "Noto Emoji"), size: 10pt, hyphenate: true)
#set par(justify: false, leading: 0.55em, spacing: 0.8em)
#set page(paper: "a4", margin: (top: 17mm, bottom: 18mm, x: 16mm),
  header: {header},
  footer: context {{
    let n = counter(page).get().first()
    if n > 1 [#set text(size: 8.5pt); {footer_left} #h(1fr) Seite #n von #counter(page).final().first()]
  }})
#set heading(numbering: none)
#show heading.where(level: 1): it => block(sticky: true, above: 1.4em, below: 0.7em,
  text(size: 15pt, weight: "bold", it.body) + v(-0.4em) + line(length: 100%, stroke: 0.8pt))
#show heading.where(level: 2): it => block(sticky: true, above: 1.1em, below: 0.5em,
  text(size: 11.5pt, weight: "bold", it.body))
#show heading.where(level: 3): it => block(sticky: true, above: 0.9em, below: 0.4em,
  text(size: 10.5pt, weight: "bold", it.body))
#set table(stroke: 0.4pt + luma(150), inset: (x: 3pt, y: 2pt))
#set table.cell(breakable: false)
#show table: set text(hyphenate: false)
#show table.cell.where(y: 0): set text(weight: "bold")
"""

ASSESSMENT_DOT = {"gruen": 'rgb("#009e73")', "gelb": 'rgb("#c9b800")', "rot": 'rgb("#d55e00")'}


def _segments(parts) -> str:
    out = []
    for style, text in parts:
        if style == "b":
            out.append(f"#strong({s(text)})")
        elif style == "i":
            out.append(f"#emph({s(text)})")
        else:
            out.append(t(text))
    return "".join(out)


def _preface(text: str) -> list[str]:
    out = []
    for block in parse(text):
        if block.kind == "h":
            out.append(f"#heading(level: {min(3, block.level + 1)}, outlined: false)[{_segments(block.parts)}]")
        elif block.kind == "p":
            out.append(_segments(block.parts) + "\n")
        else:
            func = "list" if block.kind == "ul" else "enum"
            out.append(f"#{func}(" + ", ".join(f"[{_segments(i)}]" for i in block.parts) + ")")
    return out


def _title_page(r) -> list[str]:
    rows = ", ".join(f"{s(k)}, {s(v)}" for k, v in w.title_lines(r))
    out = [
        hidden_bookmark(BOOKMARK),
        "#v(30mm)",
        '#text(size: 26pt, weight: "bold")[Sachstandsbericht]',
        "#v(2mm)",
        f"#text(size: 15pt)[{t(r.concept)}]",
        "#v(12mm)",
    ]
    if r.internal:
        out.append(f'#box(stroke: 1.2pt, inset: 5pt, text(weight: "bold", {s(w.INTERNAL_MARK)}))')
        out.append("#v(6mm)")
    out.append(
        "#grid(columns: 2, row-gutter: 6pt, column-gutter: 8mm, ..(" + rows + ",).map(x => text(size: 11pt, x)))"
    )
    out.append("#v(1fr)")
    out.append("#outline(title: [Inhalt], depth: 1, indent: 0pt)")
    out.append("#pagebreak()")
    return out


def _status_table(r) -> str:
    keys = STATUS.keys
    headers = ["Handlungsfeld", *[w.status_label(k) for k in keys], "gesamt"]
    cells = [s(x) for x in headers]
    totals = dict.fromkeys(keys, 0)
    for code, name, counts in r.charts.status_by_field:
        cells.append(s(f"{code} {name}"))
        cells += [s(number(counts.get(k, 0))) for k in keys]
        cells.append(s(number(sum(counts.values()))))
        for k in keys:
            totals[k] += counts.get(k, 0)
    cells.append('strong("Summe")')
    cells += [f"strong({s(number(totals[k]))})" for k in keys]
    cells.append(f"strong({s(number(sum(totals.values())))})")
    header = ", ".join(cells[: len(headers)])
    body = ", ".join(cells[len(headers) :])
    return (
        f"#text(size: 8.5pt, table(columns: (1fr, {', '.join(['auto'] * (len(headers) - 1))}), "
        f"align: (x, y) => if x == 0 {{ left }} else {{ right }}, "
        f"table.header({header}), {body}))"
    )


def _summary(r) -> list[str]:
    out = ["= Überblick"]
    out += [t(x) + "\n" for x in w.summary_sentences(r)]
    out.append(t(w.period_sentence(r.period)) + "\n")
    for i, (title, svg) in enumerate(all_charts(r.charts)):
        chart = f'image(bytes({s(svg)}), format: "svg", width: 100%)'
        extra = f"\n{_status_table(r)}" if i == 0 else ""
        out.append(f"#block(breakable: false)[\n== {t(title)}\n#{chart}{extra}\n]")
    out.append("#pagebreak()")
    return out


def _breakable(text: str) -> str:
    """A long e-mail address may break after @ and . and a - between letters (zero-width
    spaces; no hyphen is printed); a phone number stays whole."""

    return re.sub(r"(?<=[@.])(?=\S)|(?<=[A-Za-z]-)(?=[A-Za-z])", "\u200b", text)


def _assessment_cell(line, text: str) -> str:
    if text == "–":
        return s(text)
    colour = ASSESSMENT_DOT.get(line.assessment)
    dot = f'text(fill: {colour}, "●") + " " + ' if colour else 'text(fill: luma(150), "○") + " " + '
    return f"[#({dot}{s(text)})]"


def _field(part, r) -> list[str]:
    out = [
        f"#v(0.8em, weak: true)\n#block(sticky: true)[\n= {t(part.code + ' ' + part.name)}\n"
        f"{t(w.field_sentence(part))}\n]"
    ]
    header = ", ".join(f"table.cell(fill: luma(228), {s(x)})" for x in w.TABLE_HEADERS)
    rows = []
    goal = None
    for line in part.lines:
        heading = w.goal_heading(line)
        if heading and heading != goal:
            rows.append(f"table.cell(colspan: 6, fill: luma(244), emph({s(heading)}))")
        goal = heading
        c = w.cells(line, r.internal)
        unit = _breakable(c[2]) if r.internal else c[2]
        rows.append(", ".join([s(c[0]), s(c[1]), s(unit), s(c[3]), _assessment_cell(line, c[4]), s(c[5])]))
        if r.detailed and line.history:
            items = ", ".join(f"[{t(x)}]" for x in w.history_items(line))
            rows.append(f"[], table.cell(colspan: 5, text(size: 7.5pt)[Alle Sachstände: #list({items})])")
    out.append(
        "#text(size: 8pt, table(columns: (6%, 27%, 19%, 11%, 9%, 1fr), "
        f"table.header({header}), " + ", ".join(rows) + "))"
    )
    groups = w.event_groups(part.period)
    if groups:
        out.append("=== Veränderungen im Berichtszeitraum")
        for label, events in groups:
            out.append(f"#text(size: 8.5pt)[#strong({s(label + ':')}) {t('; '.join(events) + '.')}]\n")
    return out


def report_typst(r) -> str:
    """The Typst source of the report."""
    header = f'align(center, text(size: 8.5pt, weight: "bold", {s(w.INTERNAL_MARK)}))' if r.internal else "none"
    footer_left = t(r.concept)
    out = [
        PREAMBLE.format(
            title=s(f"Sachstandsbericht – {r.concept}"),
            keywords=s(PDF_KEYWORDS),
            header=header,
            footer_left=footer_left,
        )
    ]
    out += _title_page(r)
    if r.empty:
        out.append("Keine Maßnahmen (in dieser Auswahl) zum Stichtag.")
        return "\n".join(out) + "\n"
    if r.preface:
        out.append("= Vorwort")
        out += _preface(r.preface)
        out.append("#pagebreak()")
    out += _summary(r)
    for part in r.fields:
        out += _field(part, r)
    return "\n".join(out) + "\n"


def compile_pdf(markup: str) -> bytes:
    """Typst markup as PDF bytes: the fonts bundled with Typst and the monochrome emoji font
    shipped beside this module (fonts/, OFL), no system fonts."""
    import typst  # the PDF engine: only on this path

    # typst's stub binds input and font paths to one type variable; bytes markup with folder names
    # as text is how the library is meant to be called
    return typst.compile(
        markup.encode("utf-8"),
        font_paths=[str(FONTS)],  # type: ignore[misc]
        ignore_system_fonts=True,
    )


def report_pdf(r) -> bytes:
    """The report as PDF bytes."""
    return compile_pdf(report_typst(r))
