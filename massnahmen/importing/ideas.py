"""Importing citizens' ideas from a survey export: header matching for the words survey tools use,
line-exact problems, late ideas marked, the same file twice imports nothing new.

The file is read by a Source reader chosen by the file's suffix (READERS): CSV through the
importing.reading module; a spreadsheet reader plugs in by adding an entry that returns the same
(header line, header cells, [(line, cells)]) shape."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field as dc_field
from datetime import date
from pathlib import Path

from massnahmen.domain.dates import parse_date
from massnahmen.domain.errors import AlreadyExists, InvalidValue, NotFound, UsageProblem
from massnahmen.domain.ideas import Submitter, clean_email, clean_name, clean_text, parse_consent, similar_pairs
from massnahmen.domain.text import counted, fold_key
from massnahmen.importing.reading import ImportRefused, read_source
from massnahmen.store.catalog import find_field
from massnahmen.store.db import Store
from massnahmen.store.ideas import (
    Answered,
    NewIdea,
    find_channel,
    ideas_by_answer,
    insert_ideas,
    known_fingerprints,
    mark_similar,
    update_answer,
)

IGNORE = "-"

# key → (German label, the words survey tools and offices write in the header)
COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "text": (
        "Idee",
        (
            "Ihre Idee",
            "Ideen",
            "Vorschlag",
            "Ihr Vorschlag",
            "Vorschläge",
            "Anregung",
            "Anregungen",
            "Ihre Anregung",
            "Beitrag",
            "Text",
            "Hinweis",
            "Idea",
            "Kommentar",
        ),
    ),
    "submitted_on": (
        "Datum",
        (
            "Eingang",
            "Eingangsdatum",
            "Eingegangen am",
            "Datum Abgeschickt",
            "Abgeschickt",
            "submitdate",
            "datestamp",
            "Zeitstempel",
            "Timestamp",
            "Erstellt",
            "Datum der Einreichung",
        ),
    ),
    "field": ("Handlungsfeld", ("Themenbereich", "Thema", "Themenfeld", "Bereich", "Field")),
    "channel": ("Kanal", ("Eingangsweg", "Quelle", "Channel", "Beteiligungsformat")),
    "name": ("Name", ("Ihr Name", "Vor- und Nachname", "Vorname Nachname")),
    "email": ("E-Mail", ("Email", "Mail", "E-Mail-Adresse", "Ihre E-Mail-Adresse", "E-Mail Adresse")),
    "phone": ("Telefon", ("Tel", "Telefonnummer", "Tel.")),
    "postcode": ("PLZ", ("Postleitzahl", "Wohnort (PLZ)")),
    "consent": (
        "Einwilligung",
        (
            "Einverständnis",
            "Kontakt erwünscht",
            "Rückmeldung erwünscht",
            "Einwilligung Kontakt",
            "Kontaktaufnahme erlaubt",
            "Consent",
        ),
    ),
    "external_id": (
        "Antwort-ID",
        (
            "Antwort ID",
            "Antwortnummer",
            "Antwort-Nr.",
            "Response ID",
            "ResponseId",
            "Response",
            "Referenz",
            "Laufende Nummer",
            "id",
        ),
    ),
    "topic": ("Thema laut Umfrage", ("Thema (Umfrage)", "Umfragethema")),
}
_OPTIONAL_WORDS = ("freiwillig", "optional", "wahlweise", "kannangabe")
_LOOKUP: dict[str, str] = {}
for _key, (_label, _aliases) in COLUMNS.items():
    for _word in (_key, _label, *_aliases):
        _LOOKUP.setdefault(fold_key(_word), _key)
_TIME_PART = re.compile(r"^(\S+)[ T]\d{1,2}:\d{2}(:\d{2})?(\.\d+)?$")


def header_key(name: str) -> str | None:
    """The key of a header cell: „Name (freiwillig)“ is Name."""
    folded = fold_key(name)
    for word in _OPTIONAL_WORDS:
        if folded.endswith(word) and len(folded) > len(word):
            folded = folded[: -len(word)]
    return _LOOKUP.get(folded)


def parse_maps(maps: list[str] | None) -> dict[str, str]:
    """--map "Spalte=Feld" (Feld a label or alias above, or „-“ to leave the column out)."""
    out: dict[str, str] = {}
    for item in maps or []:
        if "=" not in item:
            raise UsageProblem(f"„{item}“: erwartet „Spalte=Feld“, z. B. „Frage 3=Idee“", param="maps")
        column, target = item.rsplit("=", 1)
        if not column.strip():
            raise UsageProblem(f"„{item}“: der Spaltenname fehlt", param="maps")
        target = target.strip()
        if target in ("", "-") or fold_key(target) in ("ignorieren", "weglassen"):
            out[fold_key(column)] = IGNORE
            continue
        key = header_key(target)
        if key is None:
            allowed = ", ".join(label for label, _a in COLUMNS.values())
            raise UsageProblem(f"„{item}“: „{target}“ ist kein Feld; erlaubt: {allowed} (oder „-“)", param="maps")
        out[fold_key(column)] = key
    return out


def match_header(header: list[str], maps: dict[str, str]) -> tuple[dict[int, str], dict[str, str], list[str]]:
    """(index → key, key → header as written, headers not imported)."""
    columns: dict[int, str] = {}
    names: dict[str, str] = {}
    unknown: list[str] = []
    for index, cell in enumerate(header):
        name = cell.strip()
        if not name:
            continue
        folded = fold_key(name)
        key = maps[folded] if folded in maps else header_key(name)
        if key == IGNORE:
            continue
        if key is None or key in names:
            unknown.append(name)
            continue
        columns[index] = key
        names[key] = name
    return columns, names, unknown


def _is_header(maps: dict[str, str]) -> Callable[[list[str]], bool]:
    def check(cells: list[str]) -> bool:
        return any((maps.get(fold_key(c)) or header_key(c)) == "text" for c in cells)

    return check


# -- readers -----------------------------------------------------------------------------------
Table = tuple[int, list[str], list[tuple[int, list[str]]], list[str]]  # header line, header, rows, notes


def read_csv(path: Path, maps: dict[str, str]) -> Table:
    source = read_source(path, is_header=_is_header(maps))
    if source.kind != "csv":
        raise ImportRefused(f"„{path.name}“ ist keine CSV-Datei einer Umfrage.")
    return source.header_line, source.header, source.rows, source.notes


# suffix → reader; a spreadsheet reader is added here when there is one
READERS: dict[str, Callable[[Path, dict[str, str]], Table]] = {}


def read_table(path: Path, maps: dict[str, str]) -> Table:
    reader = READERS.get(path.suffix.lower())
    if reader is not None:
        return reader(path, maps)
    if path.suffix.lower() in (".xlsx", ".xlsm", ".ods", ".xls"):
        raise ImportRefused(
            f"„{path.name}“ ist eine Tabellenkalkulation; bitte als CSV speichern "
            "(Datei → Speichern unter → CSV) und diese Datei importieren."
        )
    return read_csv(path, maps)


# -- the import --------------------------------------------------------------------------------
@dataclass
class Problem:
    line: int
    column: str | None
    message: str

    def text(self) -> str:
        where = f"Zeile {self.line}" + (f", Spalte „{self.column}“" if self.column else "")
        return f"{where}: {self.message}"


@dataclass
class IdeaImport:
    """What an import found and did."""

    path: Path
    channel: str | None
    rows: int = 0
    new: int = 0
    known: int = 0  # in the database already (the same text, day and channel)
    repeated: int = 0  # twice in the file
    late: int = 0
    empty: int = 0  # rows without an idea
    changed: int = 0  # found again by the survey's answer ID, with a text, day or topic that changed
    written: bool = False
    problems: list[Problem] = dc_field(default_factory=list)
    notes: list[str] = dc_field(default_factory=list)
    unknown_columns: list[str] = dc_field(default_factory=list)
    columns: dict[str, str] = dc_field(default_factory=dict)  # key → header
    ids: list[int] = dc_field(default_factory=list)
    topics: dict[str, int] = dc_field(default_factory=dict)  # kept topics (no Handlungsfeld) → ideas
    similar: list[tuple[str, str]] = dc_field(default_factory=list)  # („#31“ or „Zeile 12“, „#5“ or „Zeile 8“)
    updated: list[tuple[int, list[str]]] = dc_field(default_factory=list)  # (idea, changed keys)


def _day(raw: str, label: str) -> str | None:
    text = raw.strip()
    match = _TIME_PART.match(text)
    if match:
        text = match.group(1)
    day = parse_date(text, label=label)
    return day.isoformat() if day else None


def import_ideas(
    store: Store,
    path: Path,
    *,
    channel: str | None = None,
    deadline: date | None = None,
    maps: list[str] | None = None,
    dry_run: bool = False,
    on_error: str = "abort",
) -> IdeaImport:
    """Read a survey export and write its new ideas in one transaction. With on_error "abort" a
    single bad row writes nothing; with "skip" the good rows are written and the bad ones listed."""
    if on_error not in ("abort", "skip"):
        raise UsageProblem(f"„{on_error}“ ist unbekannt; erlaubt: abort, skip", param="on_error")
    parsed_maps = parse_maps(maps)
    header_line, header, rows, notes = read_table(path, parsed_maps)
    columns, names, unknown = match_header(header, parsed_maps)
    result = IdeaImport(path=path, channel=None, notes=list(notes), unknown_columns=unknown, columns=names)
    if "text" not in names:
        raise ImportRefused(
            f"In „{path.name}“ fehlt die Spalte mit den Ideen (z. B. „Idee“, „Ihre Idee“, „Vorschlag“, "
            f"„Anregung“); gelesene Kopfzeile (Zeile {header_line}): "
            + " | ".join(h.strip() for h in header if h.strip()),
            hint="Die Spalte mit den Ideen zuordnen.",
            remedy="map_idea",
        )
    if channel is None and "channel" not in names:
        raise UsageProblem(
            "Die Datei hat keine Spalte „Kanal“; bitte den Kanal angeben, z. B. „Online-Umfrage“.", remedy="channel"
        )
    with store.reading() as conn:
        channel_name = None
        if channel is not None:
            try:
                channel_name = find_channel(conn, channel)[1]
            except NotFound:
                channel_name = " ".join(channel.split())
                result.notes.append(f"Neuer Kanal „{channel_name}“ wird angelegt.")
        result.channel = channel_name
        fields: dict[str, int | None] = {}
        items: list[NewIdea] = []
        lines: dict[int, int] = {}  # id(item) → its line
        answer_lines: dict[tuple[str | None, str], int] = {}  # (channel, answer ID) → first line
        for line, cells in rows:
            values = {key: (cells[i] if i < len(cells) else "") for i, key in columns.items()}
            result.rows += 1
            if not values.get("text", "").strip():
                if any(v.strip() for v in values.values()):
                    result.empty += 1
                continue
            item, problems = _row_idea(conn, line, values, names, channel_name, fields, result)
            if problems:
                result.problems.extend(problems)
                continue
            if item.external_id:
                first = answer_lines.setdefault((item.channel, item.external_id), line)
                if first != line:
                    result.problems.append(
                        Problem(line, names.get("external_id"), f"„{item.external_id}“ steht schon in Zeile {first}")
                    )
                    continue
            if deadline and item.submitted_on and item.submitted_on > deadline.isoformat():
                item.late = True
            items.append(item)
            lines[id(item)] = line
        if result.empty:
            result.notes.append(f"{counted(result.empty, 'Zeile', 'Zeilen')} ohne Idee übersprungen.")
        if result.topics:
            result.notes.append(
                "Kein Handlungsfeld, als Thema der Idee behalten: "
                + ", ".join(f"„{t}“ ({counted(n, 'Idee', 'Ideen')})" for t, n in result.topics.items())
                + " – die Ideen kommen ohne Feld in den Eingang."
            )
        unique: dict[str, NewIdea] = {}
        for item in items:
            if item.fingerprint in unique:
                result.repeated += 1
            else:
                unique[item.fingerprint] = item
        answered, again = _found_again(conn, list(unique.values()))
        known = known_fingerprints(conn, [fp for fp, i in unique.items() if id(i) not in again])
        fresh = [i for fp, i in unique.items() if fp not in known and id(i) not in again]
        changes = [
            (idea_id, item)
            for item in unique.values()
            if (idea_id := again.get(id(item))) is not None and _differs(answered[idea_id], item)
        ]
        result.known = len(known) + len(again) - len(changes)
        result.changed = len(changes)
        pairs = similar_pairs([(lines[id(i)], i.text) for i in fresh], [(f"#{n}", t) for n, t in _texts(conn)])
    result.new = len(fresh)
    result.late = sum(1 for i in fresh if i.late)
    result.similar = [
        (f"Zeile {line}", f"Zeile {other}" if isinstance(other, int) else other) for line, other in pairs.items()
    ]
    if result.problems and on_error == "abort":
        result.new = result.changed = 0
        return result
    if dry_run or not (fresh or changes):
        return result
    context = f"Import {path.name}"
    with store.write() as conn:
        result.ids = insert_ideas(conn, fresh, user=store.user, context=context)
        marked = mark_similar(conn, result.ids)
        for idea_id, item in changes:
            try:
                keys = update_answer(
                    store,
                    conn,
                    idea_id,
                    {"text": item.text, "submitted_on": item.submitted_on, "topic": item.topic},
                    context=context,
                )
            except AlreadyExists as exc:
                result.notes.append(
                    f"Antwort-ID „{item.external_id}“ (#{idea_id}): der neue Text gleicht "
                    f"#{exc.value}; nicht übernommen."
                )
                result.changed -= 1
                continue
            result.updated.append((idea_id, keys))
    result.similar = [(f"#{a}", f"#{b}") for a, b in marked.items()]
    result.new = len(result.ids)
    result.written = True
    return result


def _found_again(conn, items: list[NewIdea]) -> tuple[dict[int, Answered], dict[int, int]]:
    """The ideas a survey answer ID finds again ({idea id: what it holds}) and {id(item): idea id}."""
    by_channel: dict[str | None, list[NewIdea]] = {}
    for item in items:
        if item.external_id:
            by_channel.setdefault(item.channel, []).append(item)
    answered: dict[int, Answered] = {}
    again: dict[int, int] = {}
    for channel, group in by_channel.items():
        stored = ideas_by_answer(conn, channel, [i.external_id for i in group if i.external_id])
        for item in group:
            if item.external_id in stored:
                found = stored[item.external_id]
                answered[found.id] = found
                again[id(item)] = found.id
    return answered, again


def _differs(stored: Answered, item: NewIdea) -> bool:
    return (stored.text, stored.submitted_on, stored.topic) != (item.text, item.submitted_on, item.topic)


def _texts(conn) -> list[tuple[int, str]]:
    return conn.execute("SELECT id, text FROM ideas ORDER BY id").fetchall()


def _row_idea(
    conn,
    line: int,
    values: dict[str, str],
    names: dict[str, str],
    channel: str | None,
    fields: dict[str, int | None],
    result: IdeaImport,
) -> tuple[NewIdea, list[Problem]]:
    problems: list[Problem] = []

    def check(key: str, fn, *args):
        try:
            return fn(*args)
        except InvalidValue as exc:
            problems.append(Problem(line, names.get(key), exc.detail))
            return None

    text = check("text", clean_text, values["text"], names["text"])
    day = check("submitted_on", _day, values.get("submitted_on", ""), names.get("submitted_on", "Datum"))
    field_id = None
    topic = check("topic", clean_name, values.get("topic"), names.get("topic", "Thema"))
    external_id = check("external_id", clean_name, values.get("external_id"), names.get("external_id", "Antwort-ID"))
    raw_field = values.get("field", "").strip()
    if raw_field:
        if raw_field not in fields:
            try:
                try:
                    fields[raw_field] = find_field(conn, raw_field)[0]
                except NotFound:  # „1 Bildung und Sprache“, as the ideas CSV writes it
                    fields[raw_field] = find_field(conn, raw_field.split()[0])[0]
            except NotFound:
                fields[raw_field] = None
        field_id = fields[raw_field]
        if field_id is None:  # what the survey said stays with the idea, to be given a field later
            topic = check("field", clean_name, raw_field, names["field"])
            if topic:
                result.topics[topic] = result.topics.get(topic, 0) + 1
    row_channel = channel
    if "channel" in values and values["channel"].strip():
        row_channel = " ".join(values["channel"].split())
    elif row_channel is None:
        problems.append(Problem(line, names.get("channel"), "der Kanal fehlt"))
    name = check("name", clean_name, values.get("name"), "Name")
    email = check("email", clean_email, values.get("email"), "E-Mail")
    phone = check("phone", clean_name, values.get("phone"), "Telefon")
    postcode = check("postcode", clean_name, values.get("postcode"), "PLZ")
    consent = False
    if values.get("consent", "").strip():
        consent = bool(check("consent", parse_consent, values["consent"]))
    submitter = Submitter(name, email, phone, postcode, consent)
    item = NewIdea(
        text=text or "",
        submitted_on=day,
        channel=row_channel,
        field_id=field_id,
        submitter=None if submitter.is_empty() else submitter,
        topic=topic,
        external_id=external_id,
    )
    return item, problems
