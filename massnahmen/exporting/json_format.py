"""JSON export: an array of measures as the JSON contract describes them (English keys, ISO dates, null)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO

from massnahmen.store.files import OutputKind, starts_with
from massnahmen.store.measures import row_contract


def write_json(rows: Iterable[dict], stream: TextIO) -> int:
    """Write rows of store.measures.query_measures; returns the number of rows."""

    data = [row_contract(r) for r in rows]
    stream.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    return len(data)


def _kind():
    """What an earlier export of this format looks like (store.files decides about overwriting)."""

    return OutputKind("JSON-Export", starts_with('[\n  {\n    "code": ', "[]\n"), example="massnahmen.json")
