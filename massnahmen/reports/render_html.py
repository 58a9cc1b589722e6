"""The Sachstandsbericht as one self-contained HTML file: inline CSS, no scripts, no network,
prints cleanly on A4 from any browser, shows the Ampel in colour and in words.

Every piece of user text goes through html.escape (after control characters are made visible)."""

from __future__ import annotations

import html

from massnahmen.domain.text import printable
from massnahmen.domain.vocab import STATUS
from massnahmen.reports import wording as w
from massnahmen.reports.common import number
from massnahmen.reports.preface import parse

CSS = """
@page { size: A4; margin: 16mm 14mm 18mm 14mm;
        @bottom-right { content: "Seite " counter(page) " von " counter(pages); font: 8.5pt sans-serif; }
        }
@page :first { @bottom-right { content: none; } }
* { box-sizing: border-box; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: sans-serif; font-size: 10pt; line-height: 1.35; color: #111; background: #fff;
       max-width: 182mm; margin: 0 auto; padding: 10mm 6mm; }
h1 { font-size: 24pt; margin: 0 0 .2em; }
h2 { font-size: 14pt; margin: 1.1em 0 .3em; border-bottom: 1.5px solid #333; padding-bottom: .1em; }
h3 { font-size: 11pt; margin: .9em 0 .25em; }
h2, h3 { break-after: avoid; page-break-after: avoid; }
.keep { break-inside: avoid; page-break-inside: avoid; break-after: avoid; page-break-after: avoid; }
p { margin: .25em 0 .5em; }
table { border-collapse: collapse; width: 100%; margin: .3em 0 .7em; }
th, td { border: .5pt solid #8a8a8a; padding: 1.5pt 4pt; text-align: left; vertical-align: top; }
thead { display: table-header-group; }
th { background: #e8e8e8; }
td.n, th.n { text-align: right; white-space: nowrap; }
tr { break-inside: avoid; page-break-inside: avoid; }
tr.sum td { font-weight: bold; border-top: 1.5px solid #333; }
table.measures { font-size: 8pt; line-height: 1.25; table-layout: fixed; hyphens: auto; }
table.measures col.nr { width: 6%; } table.measures col.ti { width: 27%; }
table.measures col.un { width: 19%; } table.measures col.st { width: 11%; }
table.measures col.am { width: 9%; } table.measures col.sa { width: 28%; }
table.counts { font-size: 8.5pt; } table.counts td:first-child { white-space: nowrap; }
table.measures tr.goal td { background: #f3f3f3; font-style: italic; }
table.measures tr.hist td { border-top: none; font-size: 8pt; color: #222; }
table.measures tr.hist ul { margin: 0; padding-left: 1.2em; }
.title-page { break-after: page; page-break-after: always; padding-top: 30mm; }
.title-page .concept { font-size: 15pt; margin: 0 0 2.2em; }
.title-page table { width: auto; font-size: 11pt; }
.title-page th { background: none; border: none; padding: 2pt 1.5em 2pt 0; font-weight: normal; color: #444; }
.title-page td { border: none; padding: 2pt 0; }
.internal { border: 2px solid #000; padding: 2pt 6pt; font-weight: bold; letter-spacing: .05em;
            display: inline-block; margin: .3em 0; }
.running { display: none; }
nav.contents { margin-top: 25mm; }
section.preface { break-after: page; page-break-after: always; }
nav.contents ol { padding-left: 1.4em; } nav.contents ul { list-style: none; padding-left: 0; }
nav.contents a { color: inherit; text-decoration: none; }
section.summary { break-after: page; page-break-after: always; }
.chart { break-inside: avoid; page-break-inside: avoid; margin: .2em 0 .6em; }
.chart svg { width: 100%; height: auto; }
.chart h3 { margin-top: .5em; }
.ampel { white-space: nowrap; } td .ampel { white-space: normal; }
.ampel::before { content: "\\25CF\\00A0"; }
.ampel-gruen::before { color: #009e73; } .ampel-gelb::before { color: #c9b800; }
.ampel-rot::before { color: #d55e00; } .ampel-keine::before { color: #bbb; content: "\\25CB\\00A0"; }
p.events { margin: .15em 0 .35em; font-size: 8.5pt; }
.muted { color: #555; }
@media screen and (max-width: 40em) { table:not(.title-page table) { display: block; overflow-x: auto; } }
@media print { body { max-width: none; padding: 0; } .running { display: block; position: fixed; top: -10mm;
               left: 0; right: 0; text-align: center; font: bold 9pt sans-serif; } }
"""


def h(text: object) -> str:
    """User text, escaped; control characters shown as \\x1b and the like."""
    return html.escape(printable("" if text is None else str(text)), quote=True)


def _table(headers: list[str], rows: list[list[str]], *, right: tuple[int, ...] = (), last_is_sum: bool = False) -> str:
    """Headers and cells must already be HTML."""
    cls = [' class="n"' if i in right else "" for i in range(len(headers))]
    out = [
        "<table>",
        "<thead><tr>" + "".join(f"<th{c}>{x}</th>" for c, x in zip(cls, headers, strict=False)) + "</tr></thead>",
        "<tbody>",
    ]
    for i, row in enumerate(rows):
        tr = '<tr class="sum">' if last_is_sum and i == len(rows) - 1 else "<tr>"
        out.append(tr + "".join(f"<td{c}>{x}</td>" for c, x in zip(cls, row, strict=False)) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


HTML_MARKER = '<meta name="generator" content="massnahmen">'  # a later report -o may replace the file
INTERNAL_PAGE = '@page { @top-center { content: "' + w.INTERNAL_MARK + '"; font: bold 9pt sans-serif; } }'


def _segments(parts) -> str:
    out = []
    for style, text in parts:
        out.append(
            f"<strong>{h(text)}</strong>" if style == "b" else f"<em>{h(text)}</em>" if style == "i" else h(text)
        )
    return "".join(out)


def preface_html(text: str) -> list[str]:
    out = []
    for block in parse(text):
        if block.kind == "h":
            level = min(6, block.level + 2)
            out.append(f"<h{level}>{_segments(block.parts)}</h{level}>")
        elif block.kind == "p":
            out.append(f"<p>{_segments(block.parts)}</p>")
        else:
            out.append(
                f"<{block.kind}>" + "".join(f"<li>{_segments(i)}</li>" for i in block.parts) + f"</{block.kind}>"
            )
    return out


def _status_table(r) -> str:
    keys = STATUS.keys
    headers = ["Handlungsfeld", *[h(w.status_label(k)) for k in keys], "gesamt"]
    rows = []
    totals = dict.fromkeys(keys, 0)
    for code, name, counts in r.charts.status_by_field:
        rows.append([h(f"{code} {name}"), *[number(counts.get(k, 0)) for k in keys], number(sum(counts.values()))])
        for k in keys:
            totals[k] += counts.get(k, 0)
    rows.append(["Summe", *[number(totals[k]) for k in keys], number(sum(totals.values()))])
    return _table(headers, rows, right=tuple(range(1, len(headers))), last_is_sum=True).replace(
        "<table>", '<table class="counts">', 1
    )


def _summary(r) -> list[str]:
    # the charts: only for a report's summary (status and the quick paths do without)
    from massnahmen.reports.charts import all_charts

    parts = ['<section class="summary" id="ueberblick">', "<h2>Überblick</h2>"]
    parts += [f"<p>{h(x)}</p>" for x in w.summary_sentences(r)]
    parts.append(f"<p>{h(w.period_sentence(r.period))}</p>")
    for i, (title, svg) in enumerate(all_charts(r.charts)):
        svg = svg.replace(' xmlns="http://www.w3.org/2000/svg"', "", 1)  # inline SVG needs no namespace
        parts.append(f'<div class="chart"><h3>{h(title)}</h3>{svg}')
        if i == 0:
            parts.append(_status_table(r))
        parts.append("</div>")
    parts.append("</section>")
    return parts


def _field(part, r) -> list[str]:
    anchor = f"feld-{h(part.code)}"
    parts = [
        f'<section class="field" id="{anchor}">',
        '<div class="keep">',
        f"<h2>{h(part.code)} {h(part.name)}</h2>",
        f"<p>{h(w.field_sentence(part))}</p>",
        "</div>",
    ]
    parts.append(
        '<table class="measures"><colgroup><col class="nr"><col class="ti"><col class="un">'
        '<col class="st"><col class="am"><col class="sa"></colgroup>'
    )
    parts.append("<thead><tr>" + "".join(f"<th>{h(x)}</th>" for x in w.TABLE_HEADERS) + "</tr></thead><tbody>")
    goal = None
    for line in part.lines:
        heading = w.goal_heading(line)
        if heading and heading != goal:
            parts.append(f'<tr class="goal"><td colspan="6">{h(heading)}</td></tr>')
        goal = heading
        c = w.cells(line, r.internal)
        key = line.assessment if line.assessment in ("gruen", "gelb", "rot") else "keine"
        assessment = f'<span class="ampel ampel-{key}">{h(c[4])}</span>' if c[4] != "–" else "–"
        parts.append(
            f'<tr class="m"><td>{h(c[0])}</td><td>{h(c[1])}</td><td>{h(c[2])}</td><td>{h(c[3])}</td>'
            f"<td>{assessment}</td><td>{h(c[5])}</td></tr>"
        )
        if r.detailed and line.history:
            items = "".join(f"<li>{h(x)}</li>" for x in w.history_items(line))
            parts.append(f'<tr class="hist"><td></td><td colspan="5">Alle Sachstände:<ul>{items}</ul></td></tr>')
    parts.append("</tbody></table>")
    groups = w.event_groups(part.period)
    if groups:
        parts.append("<h3>Veränderungen im Berichtszeitraum</h3>")
        for label, events in groups:
            parts.append(f'<p class="events"><strong>{h(label)}:</strong> {h("; ".join(events))}.</p>')
    parts.append("</section>")
    return parts


def report_html(r, *, preface: str | None = None) -> str:
    style = CSS + (INTERNAL_PAGE if r.internal else "")
    parts = [
        "<!DOCTYPE html>",
        '<html lang="de">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        HTML_MARKER,
        f"<title>Sachstandsbericht – {h(r.concept)}</title>",
        f"<style>{style}</style>",
        "</head>",
        "<body>",
    ]
    if r.internal:
        parts.append(f'<div class="running">{h(w.INTERNAL_MARK)}</div>')
    parts += ['<header class="title-page">', "<h1>Sachstandsbericht</h1>", f'<p class="concept">{h(r.concept)}</p>']
    if r.internal:
        parts.append(f'<p class="internal">{h(w.INTERNAL_MARK)}</p>')
    parts.append(
        "<table>" + "".join(f"<tr><th>{h(k)}</th><td>{h(v)}</td></tr>" for k, v in w.title_lines(r)) + "</table>"
    )
    if r.empty:
        parts.append("</header>")
        parts.append("<p>Keine Maßnahmen (in dieser Auswahl) zum Stichtag.</p>")
    else:
        toc = []
        if r.preface:
            toc.append('<li><a href="#vorwort">Vorwort</a></li>')
        toc.append('<li><a href="#ueberblick">Überblick</a></li>')
        toc += [f'<li><a href="#feld-{h(p.code)}">{h(p.code)} {h(p.name)}</a></li>' for p in r.fields]
        # the fields carry their own numbers: a plain list, not numbered a second time
        parts.append('<nav class="contents"><h2>Inhalt</h2><ul>' + "".join(toc) + "</ul></nav>")
        parts.append("</header>")
        if r.preface:
            parts.append('<section id="vorwort" class="preface"><h2>Vorwort</h2>')
            parts += preface_html(r.preface)
            parts.append("</section>")
        parts += _summary(r)
        for part in r.fields:
            parts += _field(part, r)
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"
