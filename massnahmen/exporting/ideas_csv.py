"""Ideas as CSV (`;`, German header, German dates, cells protected against formula injection).

Without contacts the file holds no personal data. With contacts it is the office's list for a
thank-you letter: only ideas whose submitter consented to be contacted, with name, e-mail, phone
and postcode."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

from massnahmen.domain.csv_contract import protect
from massnahmen.domain.dates import german
from massnahmen.domain.ideas import IDEA_STATUS, Idea
from massnahmen.domain.text import line_breaks
from massnahmen.store.files import OutputKind, first_line_is, starts_with

HEADER = [
    "Nr.",
    "Idee",
    "Datum",
    "Kanal",
    "Handlungsfeld",
    "Entscheidung",
    "Begründung",
    "Maßnahmen",
    "zusammengeführt mit",
    "verspätet",
    "Thema laut Umfrage",
    "Antwort-ID",
    "ähnlich wie",
]
CONTACT_HEADER = ["Name", "E-Mail", "Telefon", "PLZ"]


def _cell(value: object) -> str:
    if value is None or value == "":
        return ""
    return protect(line_breaks(str(value)))


def idea_cells(idea: Idea) -> list[str]:
    return [
        f"#{idea.id}",
        _cell(idea.text),
        german(idea.submitted_on),
        _cell(idea.channel),
        _cell(f"{idea.field_code} {idea.field}" if idea.field_code else ""),
        IDEA_STATUS.label(idea.status),
        _cell(idea.reason),
        _cell(", ".join(idea.measures)),
        f"#{idea.merged_into}" if idea.merged_into else "",
        "ja" if idea.late else "",
        _cell(idea.topic),
        _cell(idea.external_id),
        ", ".join(f"#{n}" for n in idea.similar),
    ]


def write_ideas_csv(
    ideas: Iterable[Idea], stream: TextIO, *, contacts: dict[int, tuple] | None = None, bom: bool = True
) -> int:
    """Write ideas; with contacts ({idea id: (name, email, phone, postcode)} of consenting
    submitters) only those ideas, each with its contact columns. Returns the number of rows."""
    if bom:
        stream.write("\ufeff")
    writer = csv.writer(stream, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(HEADER + (CONTACT_HEADER if contacts is not None else []))
    n = 0
    for idea in ideas:
        row = idea_cells(idea)
        if contacts is not None:
            if idea.id not in contacts:
                continue
            row += [_cell(v) for v in contacts[idea.id]]
        writer.writerow(row)
        n += 1
    return n


def csv_kind(contacts: bool = False):
    """What an earlier ideas CSV looks like (store.files decides about overwriting)."""

    extra = CONTACT_HEADER if contacts else []
    current, earlier = first_line_is(";".join(HEADER + extra)), first_line_is(";".join(HEADER[:-3] + extra))
    label = "Kontaktliste (Ideen)" if contacts else "Ideen-Export (CSV)"
    # an export written before the survey's topic, answer ID and similar ideas were columns is one, too
    return OutputKind(label, lambda head: current(head) or earlier(head), example="ideen.csv", feminine=contacts)


def json_kind():
    return OutputKind("Ideen-Export (JSON)", starts_with('[\n  {\n    "id": ', "[]\n"), example="ideen.json")
