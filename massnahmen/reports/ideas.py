"""„Was ist aus Ihren Ideen geworden?“ – the feedback to the people who gave ideas: per
Handlungsfeld each idea in short with its decision, the measure it led to with that measure's
current status and latest Sachstand, or the published reason; numbers per channel and field.

Never any personal data: the ideas are read without their submitters, and a reason not meant for
publication is replaced by a neutral sentence. One call gives the text of a format:

    text = feedback_text(store, "md")   # or "html", "json"
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field as dc_field
from datetime import date

from massnahmen.domain.clock import today as clock_today
from massnahmen.domain.dates import german
from massnahmen.domain.ideas import IDEA_STATUS, short_text
from massnahmen.domain.vocab import STATUS
from massnahmen.reports.pdf_budget import check_pdf_size
from massnahmen.reports.pdf_marks import IDEAS_BOOKMARK, IDEAS_KEYWORDS, bookmark_forms, is_ours
from massnahmen.store.db import Store
from massnahmen.store.files import OutputKind, first_line_is, starts_with
from massnahmen.store.ideas import concept_name, field_order, idea_counts, measure_briefs, query_ideas

TITLE = "Was ist aus Ihren Ideen geworden?"
NO_FIELD = "Ohne Handlungsfeld"
INTERNAL_REASON = "Nicht aufgenommen; die Begründung erhalten Sie auf Nachfrage."
OPEN_TEXT = "Wird noch geprüft."
FORMATS = ("md", "html", "pdf", "json")


@dataclass
class MeasureOutcome:
    code: str
    title: str
    status: str  # German label
    latest_review_on: str | None  # German date
    latest_review: str | None


@dataclass
class IdeaOutcome:
    id: int
    text: str  # in short
    channel: str | None
    submitted_on: str | None  # German date
    decision: str  # German label
    similar: int = 0  # ideas merged into this one
    measures: list[MeasureOutcome] = dc_field(default_factory=list)
    reason: str | None = None


@dataclass
class FieldSection:
    code: str | None
    name: str
    ideas: list[IdeaOutcome] = dc_field(default_factory=list)


@dataclass
class IdeasFeedback:
    title: str
    concept: str
    as_of: str  # German date
    total: int
    by_decision: list[tuple[str, int]]
    by_channel: list[tuple[str, int]]
    by_field: list[tuple[str, int]]
    sections: list[FieldSection]

    def to_dict(self) -> dict:
        return asdict(self)


def _review_text(note: str | None, limit: int = 240) -> str | None:
    return short_text(note, limit) if note else None


def ideas_feedback(store: Store, day: date | None = None) -> IdeasFeedback:
    """The data of the feedback report (merged ideas are counted with the idea they went into)."""
    day = day or clock_today()
    ideas = query_ideas(store)
    counts = idea_counts(store)
    similar: dict[int, int] = {}
    for idea in ideas:
        if idea.merged_into:
            similar[idea.merged_into] = similar.get(idea.merged_into, 0) + 1
    briefs = measure_briefs(store, [code for i in ideas for code in i.measures])
    sections = {code: FieldSection(code, name) for code, name in field_order(store)}
    without = FieldSection(None, NO_FIELD)
    for idea in sorted(ideas, key=lambda i: (i.submitted_on or "", i.id)):
        if idea.status == "zusammengefuehrt" and idea.merged_into:
            continue
        outcome = IdeaOutcome(
            id=idea.id,
            text=short_text(idea.text),
            channel=idea.channel,
            submitted_on=german(idea.submitted_on) or None,
            decision=IDEA_STATUS.label(idea.status),
            similar=similar.get(idea.id, 0),
        )
        if idea.status == "aufgenommen":
            for code in idea.measures:
                brief = briefs.get(code)
                if brief is None:
                    continue
                status = STATUS.label(brief.status) + (" (archiviert)" if brief.archived else "")
                outcome.measures.append(
                    MeasureOutcome(
                        brief.code,
                        brief.title,
                        status,
                        german(brief.review_date) or None,
                        _review_text(brief.review_note),
                    )
                )
        elif idea.status == "nicht_aufgenommen":
            outcome.reason = idea.reason if idea.reason_public and idea.reason else INTERNAL_REASON
        elif idea.status in ("neu", "in_pruefung"):  # the decision word as in the ideas list
            outcome.reason = OPEN_TEXT
        target = sections.get(idea.field_code) if idea.field_code else None
        (target or without).ideas.append(outcome)
    chosen = [s for s in sections.values() if s.ideas] + ([without] if without.ideas else [])
    decisions = [(IDEA_STATUS.label(k), n) for k, n in counts.by_status.items() if n]
    return IdeasFeedback(
        title=TITLE,
        concept=concept_name(store),
        as_of=german(day),
        total=counts.total,
        by_decision=decisions,
        by_channel=counts.by_channel,
        by_field=counts.by_field,
        sections=chosen,
    )


# -- rendering ---------------------------------------------------------------------------------
def _total(n: int) -> str:
    return "Eine Idee ist eingegangen." if n == 1 else f"{n} Ideen sind eingegangen."


def _md(text: str | None) -> str:
    """Text as Markdown shows it literally (markup-looking text stays text)."""
    out = " ".join((text or "").split())
    for ch in "\\`*_{}[]<>#|":
        out = out.replace(ch, "\\" + ch)
    return out


def _details(idea: IdeaOutcome) -> list[tuple[int, str]]:
    """(depth, line) under an idea's text, the same in every format: the decision, each measure
    with its status and latest Sachstand, and the published reason."""
    lines = [(0, f"Entscheidung: {idea.decision}")]
    for m in idea.measures:
        lines.append((0, f"Maßnahme {m.code} „{m.title}“: {m.status}"))
        if m.latest_review:
            lines.append((1, f"Sachstand {m.latest_review_on}: {m.latest_review}"))
    if idea.reason:
        lines.append((0, idea.reason))
    return lines


def feedback_md(report: IdeasFeedback) -> str:
    lines = [f"# {report.title}", ""]
    lines.append(
        f"{_md(report.concept)} – Stand {report.as_of}. {_total(report.total)} "
        "Herzlichen Dank allen, die mitgemacht haben!"
    )
    lines += ["", "## Die Ideen in Zahlen", "", "| Entscheidung | Ideen |", "|---|---:|"]
    lines += [f"| {_md(k)} | {n} |" for k, n in report.by_decision]
    lines += ["", "| Kanal | Ideen |", "|---|---:|"]
    lines += [f"| {_md(k)} | {n} |" for k, n in report.by_channel]
    lines += ["", "| Handlungsfeld | Ideen |", "|---|---:|"]
    lines += [f"| {_md(k)} | {n} |" for k, n in report.by_field]
    for section in report.sections:
        heading = f"{section.code} {section.name}" if section.code else section.name
        lines += ["", f"## {_md(heading)}", ""]
        for idea in section.ideas:
            origin = ", ".join(p for p in (idea.channel, idea.submitted_on) if p)
            similar = f" (und {idea.similar} ähnliche Idee{'n' if idea.similar != 1 else ''})" if idea.similar else ""
            lines.append(f"- **„{_md(idea.text)}“**{similar}" + (f" – {_md(origin)}" if origin else ""))
            lines += [f"{'  ' * (depth + 1)}- {_md(text)}" for depth, text in _details(idea)]
    return "\n".join(lines) + "\n"


def _h(text: object) -> str:
    return html.escape(str(text if text is not None else ""), quote=True)


def _count_table(head: str, rows: list[tuple[str, int]]) -> str:
    body = "".join(f'<tr><td>{_h(k)}</td><td class="n">{n}</td></tr>' for k, n in rows)
    return f"<table><thead><tr><th>{_h(head)}</th><th>Ideen</th></tr></thead><tbody>{body}</tbody></table>"


def feedback_html(report: IdeasFeedback) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="de"><head><meta charset="utf-8">',
        f"<title>{_h(report.title)}</title>",
        "<style>body{font-family:sans-serif;max-width:50rem;margin:2rem auto;line-height:1.45}"
        "table{border-collapse:collapse;margin:0 1.5rem 1rem 0;display:inline-table}"
        "td,th{border:1px solid #bbb;padding:.2rem .5rem}.n{text-align:right}"
        "li{margin-bottom:.6rem}.meta{color:#555}</style></head><body>",
        f"<h1>{_h(report.title)}</h1>",
        f"<p>{_h(report.concept)} – Stand {_h(report.as_of)}. {_h(_total(report.total))} "
        "Herzlichen Dank allen, die mitgemacht haben!</p>",
        "<h2>Die Ideen in Zahlen</h2>",
        _count_table("Entscheidung", report.by_decision),
        _count_table("Kanal", report.by_channel),
        _count_table("Handlungsfeld", report.by_field),
    ]
    for section in report.sections:
        heading = f"{section.code} {section.name}" if section.code else section.name
        parts.append(f"<h2>{_h(heading)}</h2><ul>")
        for idea in section.ideas:
            origin = ", ".join(p for p in (idea.channel, idea.submitted_on) if p)
            similar = f" (und {idea.similar} ähnliche)" if idea.similar else ""
            item = [f"<li><strong>„{_h(idea.text)}“</strong>{_h(similar)}"]
            if origin:
                item.append(f' <span class="meta">– {_h(origin)}</span>')
            item += [f"<br>{_h(text)}" for _depth, text in _details(idea)]
            parts.append("".join(item) + "</li>")
        parts.append("</ul>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def feedback_json(report: IdeasFeedback) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"


def feedback_typst(report: IdeasFeedback) -> str:
    """The feedback report as Typst markup (every user text a string literal, never markup)."""
    # the PDF's module (and its charts): only for a PDF
    from massnahmen.reports.render_typst import PREAMBLE, hidden_bookmark, s, t

    def counts(head: str, rows: list[tuple[str, int]]) -> str:
        cells = ", ".join(f"{s(k)}, {s(n)}" for k, n in rows)
        return f"#table(columns: (auto, auto), align: (left, right), table.header({s(head)}, [Ideen]), {cells})"

    out = [
        PREAMBLE.format(
            title=s(report.title), keywords=s(IDEAS_KEYWORDS), header="none", footer_left=t(report.concept)
        ),
        hidden_bookmark(IDEAS_BOOKMARK),
        f'#text(size: 22pt, weight: "bold")[{t(report.title)}]',
        "",
        f"{t(report.concept)} – Stand {t(report.as_of)}. {t(_total(report.total))} "
        "Herzlichen Dank allen, die mitgemacht haben!",
        "",
        "= Die Ideen in Zahlen",
        "#grid(columns: 3, column-gutter: 6mm, "
        + ", ".join(
            counts(head, rows)[1:]
            for head, rows in (
                ("Entscheidung", report.by_decision),
                ("Kanal", report.by_channel),
                ("Handlungsfeld", report.by_field),
            )
        )
        + ")",
    ]
    for section in report.sections:
        heading = f"{section.code} {section.name}" if section.code else section.name
        out.append(f"#heading(level: 1)[{t(heading)}]")
        for idea in section.ideas:
            origin = ", ".join(p for p in (idea.channel, idea.submitted_on) if p)
            similar = f" (und {idea.similar} ähnliche)" if idea.similar else ""
            lines = [f"#strong({s('„' + idea.text + '“')}){t(similar)}" + (f" – {t(origin)}" if origin else "")]
            lines += [t(text) for _depth, text in _details(idea)]
            out.append("#block(breakable: false, below: 0.9em)[" + " \\ ".join(lines) + "]")
    return "\n".join(out) + "\n"


def feedback_pdf(report: IdeasFeedback) -> bytes:
    from massnahmen.reports.render_typst import compile_pdf  # the PDF's module (and its charts): only for a PDF

    return compile_pdf(feedback_typst(report))


def feedback_text(store: Store, fmt: str = "md", day: date | None = None) -> str | bytes:
    """The feedback report as md, html or json text, or PDF bytes (what `ideas report` and
    `report --kind ideen` write)."""
    report = ideas_feedback(store, day)
    if fmt == "pdf":
        check_pdf_size(report, "ideen")
    renderers: dict[str, Callable[[IdeasFeedback], str | bytes]] = {
        "md": feedback_md,
        "html": feedback_html,
        "json": feedback_json,
        "pdf": feedback_pdf,
    }
    return renderers[fmt](report)


def output_kind(fmt: str):
    """What an earlier feedback report of this format looks like (may be overwritten)."""

    if fmt == "html":
        return OutputKind(
            "Ideen-Rückmeldung (HTML)",
            starts_with('<!DOCTYPE html>\n<html lang="de"><head>'),
            "ideen.html",
            feminine=True,
        )
    if fmt == "pdf":
        return OutputKind(
            "Ideen-Rückmeldung (PDF)",
            lambda head: head.startswith(b"%PDF-") and any(f in head for f in bookmark_forms(IDEAS_BOOKMARK)),
            "ideen.pdf",
            feminine=True,
            recognise_file=lambda path: is_ours(path, (IDEAS_BOOKMARK,), (IDEAS_KEYWORDS,)),
        )
    if fmt == "json":
        return OutputKind(
            "Ideen-Rückmeldung (JSON)",
            starts_with('{\n  "title": "Was ist aus Ihren Ideen'),
            "ideen.json",
            feminine=True,
        )
    return OutputKind("Ideen-Rückmeldung (Markdown)", first_line_is(f"# {TITLE}"), "ideen.md", feminine=True)
