"""Matching column headers to the measure's attributes: case-, space-, punctuation- and
umlaut-insensitive, with the aliases offices use, and --map "Spalte=feld" for the rest."""

from __future__ import annotations

from dataclasses import dataclass, field

from massnahmen.domain.attributes import import_columns
from massnahmen.domain.errors import UsageProblem
from massnahmen.domain.periods import period_end, titled_period
from massnahmen.domain.text import fold_key

IGNORE = "-"
PERIOD = "@"  # --map "Sachstand Frühjahr 2025=30.04.2025": PERIOD + the ISO day of the column's Sachstände

# import key → German label (as the export writes it) and the aliases found in real sheets
COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {a.key: (a.header, a.aliases) for a in import_columns()}
# present in our own JSON export, not imported; „Fehler“ is the reason column of a --rejects file,
# so that a corrected rejects file imports as it is
KNOWN_IGNORED = {"updatedat", "geandert", "fehler"}

_LOOKUP: dict[str, str] = {}
for _key, (_label, _aliases) in COLUMNS.items():
    for _word in (_key, _label, *_aliases):
        _LOOKUP.setdefault(fold_key(_word), _key)


def label(key: str) -> str:
    return COLUMNS[key][0] if key in COLUMNS else key


def key_for(name: str) -> str | None:
    return _LOOKUP.get(fold_key(name))


def parse_maps(maps: list[str] | None) -> dict[str, str]:
    """--map "Spalte=feld" → {folded column: key or IGNORE}; feld is a German label, an alias,
    an English key, or '-' / 'ignorieren' to leave the column out."""
    out: dict[str, str] = {}
    for item in maps or []:
        if "=" not in item:
            raise UsageProblem(
                f"„{item}“: erwartet „Spalte=Feld“, z. B. „Verantwortliche Stelle=Zuständig“", param="maps"
            )
        column, target = item.rsplit("=", 1)
        if not column.strip():
            raise UsageProblem(f"„{item}“: der Spaltenname fehlt", param="maps")
        target = target.strip()
        if target in ("", "-") or fold_key(target) in ("ignorieren", "ignore", "weglassen"):
            out[fold_key(column)] = IGNORE
            continue
        key = key_for(target)
        if key is None and (day := _period_target(target)) is not None:
            out[fold_key(column)] = PERIOD + day.isoformat()
            continue
        if key is None:
            allowed = ", ".join(v[0] for v in COLUMNS.values())
            raise UsageProblem(
                f"„{item}“: „{target}“ ist kein Feld; erlaubt: {allowed}, ein Zeitraum oder "
                "Datum für eine Spalte mit Sachständen (z. B. „Sachstand 2016“ oder „31.12.2016“) "
                "oder „-“ zum Weglassen",
                param="maps",
            )
        out[fold_key(column)] = key
    return out


def _period_target(target: str):
    """The day a --map target names for a column of Sachstände: „31.12.2016“, „2015/2016“,
    „Sachstand 2. Hj. 2025“ (domain.periods); None for anything else."""

    return titled_period(target)[1] or period_end(target)


@dataclass
class HeaderMatch:
    columns: dict[int, str] = field(default_factory=dict)  # index → key
    names: dict[str, str] = field(default_factory=dict)  # key → header as written in the file
    unknown: list[str] = field(default_factory=list)  # headers not imported
    width: int = 0  # columns up to the last named one
    problems: list[str] = field(default_factory=list)  # e.g. two columns for the same value
    unused_maps: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def is_header(cells: list[str], maps: dict[str, str] | None = None, *, numbering: bool = False) -> bool:
    """Does this line hold the Nr. column (so that it is the header)? When the import numbers the
    rows itself (--nummerieren), a line with the title column („Maßnahme“) is the header as well."""
    maps = maps or {}
    wanted = ("code", "title") if numbering else ("code",)
    for cell in cells:
        folded = fold_key(cell)
        if maps.get(folded) in wanted or (folded not in maps and _LOOKUP.get(folded) in wanted):
            return True
    return False


def match_headers(header: list[str], maps: dict[str, str] | None = None) -> HeaderMatch:
    maps = dict(maps or {})
    result = HeaderMatch()
    named = [i for i, h in enumerate(header) if h.strip()]
    result.width = (named[-1] + 1) if named else 0
    used_maps: set[str] = set()
    for index in named:
        name = header[index].strip()
        folded = fold_key(name)
        if folded in maps:
            used_maps.add(folded)
            key: str | None = maps[folded]
        else:
            key = _LOOKUP.get(folded)
        if key == IGNORE or (key or "").startswith(PERIOD):  # left out; dated Sachstände: review_history
            continue
        if key is None:
            if folded not in KNOWN_IGNORED:
                result.unknown.append(name)
            continue
        if key in result.names:
            result.problems.append(f"Die Spalten „{result.names[key]}“ und „{name}“ meinen beide „{label(key)}“.")
            continue
        result.columns[index] = key
        result.names[key] = name
    result.unused_maps = [k for k in maps if k not in used_maps]
    if "period" in result.names and ({"start", "end"} & set(result.names)):
        name = result.names.pop("period")
        result.columns = {i: k for i, k in result.columns.items() if k != "period"}
        result.notes.append(f"Spalte „{name}“ wird nicht importiert, weil die Datei Beginn/Ende enthält.")
    return result
