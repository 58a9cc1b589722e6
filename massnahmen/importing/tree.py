"""Tree-shaped tables, as cities publish the monitoring of their concept: one list of rows linked by
a parent column (`id`, `parent`). The top rows are the Handlungsfelder, the rows below them the
measures, and below each measure a plan row („Planung“, its text the measure's description) and
Sachstand rows whose title names the period („Sachstand 2015 / 2016“, domain.periods). The Ampel
comes as a colour (domain.colours).

Such a table is turned into the wide layout the import already knows (review_history): one row per
measure, in the file's own column names where there is one (the Nr. from the title „1.2 …“ or the
row's id, the Handlungsfeld under the parent column), and a column „Stand <Tag>“ with its
„Ampel <Tag>“ per period. The rows keep their line in the file, so messages point into it."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from massnahmen.domain.colours import assessment_of_colour
from massnahmen.domain.dates import german
from massnahmen.domain.periods import titled_period
from massnahmen.domain.reviews import is_placeholder
from massnahmen.domain.text import fold_key
from massnahmen.domain.vocab import ASSESSMENT
from massnahmen.importing.headers import key_for
from massnahmen.importing.reading import ImportRefused, Source
from massnahmen.importing.spreadsheet import NUMBERS_AS_NUMBERS

PARENT_HEADERS = {
    "parent",
    "parentid",
    "elternid",
    "eltern",
    "ubergeordnet",
    "uebergeordnet",
    "oberpunkt",
    "parentnode",
    "vater",
}
ID_HEADERS = {"id", "nodeid", "knotenid", "knoten", "key", "schlussel", "schluessel"}
TITLE_HEADERS = {"title", "titel", "name", "label", "bezeichnung", "uberschrift", "ueberschrift", "maßnahme"}
TEXT_HEADERS = {"text", "body", "content", "inhalt", "beschreibung", "description", "details"}
COLOUR_HEADERS = {
    "color",
    "colour",
    "farbe",
    "ampel",
    "ampelfarbe",
    "statuscolor",
    "statusfarbe",
    "bewertung",
    "trafficlight",
}
_NUMBERED = re.compile(r"^\s*(\d+(?:\.\d+)*)\s*[.:)]?\s+[–\-:]?\s*(\S.*)$")
_FIELD_HEADING = re.compile(r"^\s*(?:handlungsfeld|hf|themenfeld|bereich)\s*(\d+)\s*[.:)–\-]?\s*(.*)$", re.IGNORECASE)


@dataclass
class TreeColumns:
    id: int
    parent: int
    title: int
    text: int | None = None
    colour: int | None = None
    status: int | None = None
    code: int | None = None  # a Nr. column of its own, beside the id


def tree_columns(header: list[str]) -> TreeColumns | None:
    """The columns of a tree-shaped table, None if the header has no id and parent column."""
    folded = [fold_key(h) for h in header]

    def first(names: set[str], *, key: str | None = None, skip: tuple[int | None, ...] = ()) -> int | None:
        for i, f in enumerate(folded):
            if i not in skip and (f in {fold_key(n) for n in names} or (key and key_for(header[i]) == key)):
                return i
        return None

    parent = first(PARENT_HEADERS)
    ident = first(ID_HEADERS, skip=(parent,))
    if parent is None or ident is None:
        return None
    title = first(TITLE_HEADERS, key="title", skip=(parent, ident))
    if title is None:
        return None
    taken = (parent, ident, title)
    text = first(TEXT_HEADERS, key="description", skip=taken)
    colour = first(COLOUR_HEADERS, key="assessment", skip=(*taken, text))
    status = first(set(), key="status", skip=(*taken, text, colour))
    code = first(set(), key="code", skip=(*taken, text, colour, status))
    return TreeColumns(ident, parent, title, text, colour, status, code)


@dataclass
class _Node:
    line: int
    id: str
    parent: str
    title: str
    text: str
    colour: str
    status: str
    code: str
    children: list[_Node] = field(default_factory=list)
    depth: int = 0


@dataclass
class Tree:
    """The tree as a wide table (source) with the maps that name its columns, and what was found."""

    source: Source
    maps: list[str]
    notes: list[str]


def read_tree(source: Source, cols: TreeColumns) -> Tree:
    """The measures of a tree-shaped table as a wide table; ImportRefused for a broken tree (a
    parent that is not there, an id twice, a Sachstand row directly below a Handlungsfeld)."""
    header = source.header
    unit = source.unit

    def cell(cells: list[str], index: int | None) -> str:
        return cells[index].strip() if index is not None and index < len(cells) else ""

    nodes: dict[str, _Node] = {}
    order: list[_Node] = []
    problems: list[str] = []
    for line, cells in source.rows:
        if not any(c.strip() for c in cells):
            continue
        node = _Node(
            line,
            cell(cells, cols.id),
            cell(cells, cols.parent),
            cell(cells, cols.title),
            cell(cells, cols.text),
            cell(cells, cols.colour),
            cell(cells, cols.status),
            cell(cells, cols.code),
        )
        if not node.id:
            problems.append(f"{unit} {line}, Spalte „{header[cols.id]}“: ist leer")
            continue
        if node.id in nodes:
            problems.append(
                f"{unit} {line}, Spalte „{header[cols.id]}“: „{node.id}“ kommt mehrfach vor "
                f"(auch {unit} {nodes[node.id].line})"
            )
            continue
        nodes[node.id] = node
        order.append(node)
    roots: list[_Node] = []
    for node in order:
        if not node.parent:
            roots.append(node)
        elif node.parent in nodes and node.parent != node.id:
            nodes[node.parent].children.append(node)
        else:
            problems.append(
                f"{unit} {node.line}, Spalte „{header[cols.parent]}“: die Zeile „{node.parent}“ gibt es nicht"
            )
    stack = [(r, 0) for r in roots]
    while stack:
        node, depth = stack.pop()
        node.depth = depth
        stack.extend((child, depth + 1) for child in node.children)

    def is_period(node: _Node) -> bool:
        return titled_period(node.title)[0]

    parents_of_periods = Counter(nodes[n.parent].depth for n in order if n.parent in nodes and is_period(n))
    level = parents_of_periods.most_common(1)[0][0] if parents_of_periods else 1
    if level < 1:
        for n in order:
            if is_period(n) and n.parent in nodes and nodes[n.parent].depth == 0:
                problems.append(
                    f"{unit} {n.line}, Spalte „{header[cols.title]}“: ein Sachstand („{n.title}“) "
                    "direkt unter einem Handlungsfeld – er gehört unter eine Maßnahme"
                )
        level = 1
    if problems:
        raise ImportRefused(
            f"„{source.path.name}“ ist als Baum (Spalten „{header[cols.id]}“ und "
            f"„{header[cols.parent]}“) nicht lesbar: "
            + "; ".join(problems[:10])
            + (f" … und {len(problems) - 10} weitere" if len(problems) > 10 else "")
        )
    found = f"Baum erkannt (Spalten „{header[cols.id]}“ und „{header[cols.parent]}“)"
    code_column = cols.code if cols.code is not None else cols.id
    return _as_wide(
        source, cols, order, nodes, level, code_title=header[code_column], field_title=header[cols.parent], found=found
    )


def _root(node: _Node, nodes: dict[str, _Node]) -> _Node:
    while node.parent:
        node = nodes[node.parent]
    return node


def _field_text(root: _Node) -> str:
    """„Handlungsfeld 1: Sprache und Bildung“ → „1 Sprache und Bildung“ (code and name)."""
    m = _FIELD_HEADING.match(root.title) or _NUMBERED.match(root.title)
    if m and m.group(2).strip():
        return f"{m.group(1)} {m.group(2).strip()}"
    return root.title


def _as_wide(
    source: Source,
    cols: TreeColumns,
    order: list[_Node],
    nodes: dict[str, _Node],
    level: int,
    *,
    code_title: str,
    field_title: str,
    found: str,
) -> Tree:
    """The measures (rows at depth level) as one wide row each: code_title and field_title name the
    columns of the Nr. and the Handlungsfeld."""
    header = source.header
    measures = [n for n in order if n.depth == level and not titled_period(n.title)[0]]
    days: dict = {}  # day → how the rows name it
    colours: dict[str, str | None] = {}
    unknown: dict[str, int] = {}
    skipped_levels = sum(1 for n in order if n.depth > level + 1 or 0 < n.depth < level)

    def assessment_of(node: _Node) -> str:
        key, known = assessment_of_colour(node.colour)
        if node.colour:
            colours.setdefault(node.colour, key)
            if not known:
                unknown.setdefault(node.colour, node.line)
        return key or ""

    rows: list[tuple[int, list[str]]] = []
    entries: list[dict] = []
    from_ids = 0
    for m in measures:
        numbered = _NUMBERED.match(m.title)
        code = m.code or (numbered.group(1) if numbered else m.id)
        from_ids += not m.code and not numbered
        title = numbered.group(2).strip() if numbered and not m.code else m.title
        plans: list[_Node] = []
        periods: dict[date, tuple[str, str]] = {}
        for child in m.children:
            looks, day = titled_period(child.title)
            if looks and day is not None:
                text = child.text
                if day in periods and text:  # two rows of one period: one Sachstand with both texts
                    text = periods[day][0] + "\n\n" + text
                periods[day] = (text, assessment_of(child) or (periods.get(day, ("", ""))[1]))
                days.setdefault(day, child.title)
            elif looks:
                raise ImportRefused(
                    f"{source.unit} {child.line}, Spalte „{header[cols.title]}“: „{child.title}“ "
                    "sieht nach einem Sachstand aus, aber kein Datum ist daraus zu erkennen"
                )
            elif child.text:
                plans.append(child)
        description = m.text
        for plan in plans:
            description = (description + "\n\n" + f"{plan.title}: {plan.text}").strip() if description else plan.text
        own = assessment_of(m)
        real = [day for day, (text, _key) in periods.items() if not is_placeholder(text)]
        latest = max(real) if real else None  # the Ampel of the latest real Sachstand
        entries.append(
            {
                "line": m.line,
                "code": code,
                "title": title,
                "field": _field_text(_root(m, nodes)),
                "description": description,
                "status": m.status,
                "assessment": own or (periods[latest][1] if latest else ""),
                "periods": periods,
            }
        )
    ordered_days = sorted(days)
    new_header = [code_title, header[cols.title], field_title]
    maps = [f"{new_header[0]}=Nr", f"{new_header[1]}=Maßnahme", f"{new_header[2]}=Handlungsfeld"]
    if cols.text is not None:
        new_header.append(header[cols.text])
        maps.append(f"{header[cols.text]}=Beschreibung")
    if cols.status is not None:
        new_header.append(header[cols.status])
        maps.append(f"{header[cols.status]}=Status")
    colour_title = header[cols.colour] if cols.colour is not None else None
    if colour_title is not None:
        new_header.append(colour_title)
        maps.append(f"{colour_title}=Ampel")
    for day in ordered_days:
        new_header += [f"Stand {german(day)}", f"Ampel {german(day)}"]
    for e in entries:
        cells = [e["code"], e["title"], e["field"]] + ([e["description"]] if cols.text is not None else [])
        if cols.status is not None:
            cells.append(e["status"])
        if colour_title is not None:
            cells.append(ASSESSMENT.label(e["assessment"]) if e["assessment"] else "")
        for day in ordered_days:
            text, key = e["periods"].get(day, ("", ""))
            cells += [text, ASSESSMENT.label(key) if key and text else ""]
        rows.append((e["line"], cells))
    names = dict(days)
    notes = [
        (
            f"{found}: "
            f"{sum(1 for n in order if n.depth == 0)} Handlungsfelder, {len(measures)} Maßnahmen, "
            f"{sum(len(e['periods']) for e in entries)} Zeilen mit Sachständen; Zeilen ohne Zeitraum unter "
            "einer Maßnahme (z. B. „Planung“) gehen in ihre Beschreibung."
        )
    ]
    if ordered_days:
        notes.append(
            "Sachstände je Zeitraum (das Ende des Zeitraums ist das Datum): "
            + ", ".join(f"„{names[day]}“ → {german(day)}" for day in ordered_days)
            + "."
        )
    if from_ids:
        notes.append(
            f"{from_ids} Maßnahme(n) ohne Nr. im Titel: ihre Nr. ist die Kennung aus der Spalte „{code_title}“."
        )
    if colours:
        notes.append(
            "Ampel aus Farben (nahe Grün → grün, Gelb/Orange → gelb, Rot → rot, Weiß/Grau und andere → "
            "nicht bewertet): "
            + ", ".join(f"„{c}“ → {ASSESSMENT.label(k) if k else 'nicht bewertet'}" for c, k in colours.items())
            + "."
        )
    if unknown:
        notes.append(
            "Unbekannte Farbe(n), als „nicht bewertet“ übernommen: "
            + ", ".join(f"„{c}“ ({source.unit} {line})" for c, line in unknown.items())
            + "."
        )
    if skipped_levels:
        notes.append(f"{skipped_levels} Zeile(n) auf weiteren Ebenen des Baums nicht übernommen.")
    # the ids are no Nr. of measures: the reader's remark on numbers in the Nr. column does not apply
    kept = [n for n in source.notes if NUMBERS_AS_NUMBERS not in n]
    wide = dataclasses.replace(source, header=new_header, rows=rows, cell_problems={}, apostrophe=False, notes=kept)
    return Tree(wide, maps, notes)


def flat_tree(source: Source) -> Tree | None:
    """A flat list read as a tree by its heading rows: a row „Handlungsfeld 1: …“ (or one with only a
    title) starts a Handlungsfeld, a row with a Nr. (or a numbered title „1.2 …“) is a measure, and the
    rows below it are its Sachstände when their title names a period („Sachstand 2015 / 2016“), else
    its plan. None if no row's title names a period (then it is an ordinary list of measures)."""
    header = source.header
    title = next((i for i, h in enumerate(header) if key_for(h) == "title"), None)
    if title is None or not any(_looks_like_period_row(cells, title) for _line, cells in source.rows):
        return None
    code = next((i for i, h in enumerate(header) if key_for(h) == "code"), None)
    text = next((i for i, h in enumerate(header) if key_for(h) == "description" or fold_key(h) in TEXT_HEADERS), None)
    colour = next(
        (
            i
            for i, h in enumerate(header)
            if i not in (title, code, text) and (key_for(h) == "assessment" or fold_key(h) in COLOUR_HEADERS)
        ),
        None,
    )
    status = next(
        (i for i, h in enumerate(header) if i not in (title, code, text, colour) and key_for(h) == "status"), None
    )
    cols = TreeColumns(code if code is not None else title, title, title, text, colour, status, code)

    def cell(cells: list[str], index: int | None) -> str:
        return cells[index].strip() if index is not None and index < len(cells) else ""

    nodes: dict[str, _Node] = {}
    order: list[_Node] = []
    field_id = measure_id = ""
    problems: list[str] = []
    for line, cells in source.rows:
        node = _Node(
            line,
            f"#{line}",
            "",
            cell(cells, title),
            cell(cells, text),
            cell(cells, colour),
            cell(cells, status),
            cell(cells, code),
        )
        if not node.title and not node.code:
            continue
        alone = not any(c.strip() for i, c in enumerate(cells) if i != title)
        if titled_period(node.title)[0] or (not node.code and not _NUMBERED.match(node.title) and not alone):
            if not measure_id:
                problems.append(
                    f"{source.unit} {line}, Spalte „{header[title]}“: „{node.title}“ steht unter keiner Maßnahme"
                )
                continue
            node.parent, node.depth = measure_id, 2
        elif (
            _FIELD_HEADING.match(node.title)
            or (alone and not _NUMBERED.match(node.title))
            or (
                alone and not node.code and _NUMBERED.match(node.title) and "." not in node.title.split()[0].rstrip(".")
            )
        ):
            field_id, measure_id = node.id, ""
        else:
            if not field_id:
                problems.append(
                    f"{source.unit} {line}, Spalte „{header[title]}“: die Maßnahme „{node.title}“ "
                    "steht unter keiner Überschrift eines Handlungsfelds"
                )
                continue
            node.parent, node.depth, measure_id = field_id, 1, node.id
        nodes[node.id] = node
        order.append(node)
        if node.parent:
            nodes[node.parent].children.append(node)
    if problems:
        raise ImportRefused(
            f"„{source.path.name}“ (Überschriften und Sachstandszeilen in einer Liste) ist nicht "
            "lesbar: "
            + "; ".join(problems[:10])
            + (f" … und {len(problems) - 10} weitere" if len(problems) > 10 else "")
        )
    code_title = header[code] if code is not None else "Nr."
    return _as_wide(
        source,
        cols,
        order,
        nodes,
        1,
        code_title=code_title,
        field_title="Handlungsfeld",
        found=f"Liste mit Überschriften und Sachstandszeilen erkannt (Spalte „{header[title]}“)",
    )


def _looks_like_period_row(cells: list[str], title: int) -> bool:
    value = cells[title] if title < len(cells) else ""
    return value[:12].lstrip().lower().startswith(("sachstand", "stand")) and titled_period(value)[0]
