"""Writing a Sachstandsabfrage: the request recorded in the database, one workbook per contact and
the Verteilerliste (CSV) into one folder – all of it or nothing. Shared by `request create` and the
TUI („Sachstandsabfrage“)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from massnahmen.exporting import request_workbook as rw
from massnahmen.store import requests as req
from massnahmen.store.catalog import get_concept
from massnahmen.store.files import atomic_write, check_target
from massnahmen.store.office import get_office


@dataclass
class WrittenRequest:
    request: req.Request
    recipients: list[req.Recipient]
    folder: Path
    list_path: Path

    @property
    def measures(self) -> int:
        return sum(len(r.measures) for r in self.recipients)

    @property
    def paths(self) -> list[Path]:
        return [self.folder / r.file_name for r in self.recipients]


def list_name(request_id: int) -> str:
    return f"Sachstandsabfrage-{request_id}-Verteiler.csv"


def write_request(
    store,
    recipients: list[req.Recipient],
    *,
    folder: Path,
    answer_by: str | None,
    field_ref: str | None,
    office: str | None,
    force: bool = False,
    protected: Iterable[str | os.PathLike] = (),
) -> WrittenRequest:
    """Record the request, write every workbook and the list, then mark the request complete.
    Whatever can be refused (a foreign file of the same name, a folder without write access) is
    checked before the database is touched. On a failure while writing, the files written so far
    are removed and the request is deleted again; a process killed meanwhile leaves the request
    recorded as incomplete (request status shows it, request delete removes it), never as a request
    that seems to have gone out. answer_by: ISO date or None."""
    folder = Path(folder)
    protected = list(protected)
    concept = get_concept(store).name
    # the workbook goes out of the office: it names the office (office None: the concept's), never
    # the user's login name; office "" names nobody
    sender = (get_office(store) if office is None else office.strip()) or ""

    def name_files(request_id: int) -> None:  # the file names carry the request's number
        taken: set[str] = set()
        for rec in recipients:
            rec.file_name = rw.file_name(request_id, rec.name or rec.organisation or f"Kontakt {rec.contact_id}", taken)

    def check_targets(request_id: int) -> None:
        for rec in recipients:
            check_target(folder / rec.file_name, rw._kind(), force=force, protected=protected)
        check_target(folder / list_name(request_id), rw.list_kind(), force=force, protected=protected)

    expected = req.next_request_id(store)
    name_files(expected)
    check_targets(expected)
    request = req.record_request(
        store, recipients, answer_by=answer_by, field_ref=field_ref, folder=str(folder), name_files=name_files
    )
    list_path = folder / list_name(request.id)
    written: list[Path] = []
    try:
        if request.id != expected:  # another request was recorded meanwhile: other names
            check_targets(request.id)
        for rec in recipients:
            target = folder / rec.file_name
            with atomic_write(target, rw._kind(), force=force, protected=protected, binary=True) as stream:
                rw.write_request_workbook(stream, request=request, recipient=rec, office=sender, concept=concept)
            written.append(target)
        with atomic_write(list_path, rw.list_kind(), force=force, protected=protected, encoding="utf-8") as stream:
            rw.write_recipient_list(stream, request=request, recipients=recipients)
        written.append(list_path)
        req.complete_request(store, request.id)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        req.delete_request(store, request.id)
        raise
    return WrittenRequest(request, recipients, folder, list_path)
