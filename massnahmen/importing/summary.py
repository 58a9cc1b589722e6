"""What an import did (or would do), as plain data for the CLI's table and for JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from massnahmen.domain.text import counted
from massnahmen.importing.rows import Problem


@dataclass
class ImportSummary:
    file: str
    kind: str = "csv"
    encoding: str = ""
    encoding_detected: bool = False
    delimiter: str = ""
    records: int = 0
    dry_run: bool = False
    on_error: str = "abort"
    written: bool = False
    refused: bool = False
    backup: Path | None = None
    new: list[str] = field(default_factory=list)
    changed: list[tuple[str, list[tuple[str, object, object]]]] = field(default_factory=list)
    unchanged: int = 0
    failed: int = 0
    created: dict[str, list[str]] = field(default_factory=lambda: {"fields": [], "goals": [], "contacts": []})
    contacts_updated: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)  # columns of the file not imported (unknown)
    notes: list[str] = field(default_factory=list)
    rejects: Path | None = None
    rejects_error: str | None = None  # the rejects file could not be written (nothing of it left)
    numbered: list[tuple[int, str]] = field(default_factory=list)  # --nummerieren: (line, Nr. given)
    recognised: list[tuple[int, str]] = field(default_factory=list)  # rows without Nr. found by title
    # same title, another source: (line, Nr., origin)
    elsewhere: list[tuple[int, str, str]] = field(default_factory=list)
    reviews: Any = None  # review_history.HistoryResult: the Sachstände of a table of measures with them

    def numbering_lines(self) -> list[str]:
        """„Nr. vergeben: Zeile 2 → 4.3, …“ and the rows without Nr. that were there already."""
        unit = "Eintrag" if self.kind == "json" else "Zeile"
        lines = []
        if self.numbered:
            verb = "Nr. würde vergeben" if self.dry_run or self.refused else "Nr. vergeben"
            lines.append(f"{verb}: " + ", ".join(f"{unit} {line} → {code}" for line, code in self.numbered))
        if self.recognised:
            lines.append(
                "Schon vorhanden (gleicher Titel im Handlungsfeld, unverändert): "
                + ", ".join(f"{unit} {line} = {code}" for line, code in self.recognised)
            )
        if self.elsewhere:
            lines.append(
                "Gleicher Titel im Handlungsfeld, aber eine Maßnahme anderer Herkunft – nicht "
                "zusammengeführt, nichts übernommen (bitte prüfen; als eigene Maßnahme mit einer Nr. "
                "importieren): "
                + ", ".join(f"{unit} {line} = {code} ({origin})" for line, code, origin in self.elsewhere)
            )
        return lines

    @property
    def exit_code(self) -> int:
        if self.refused or self.rejects_error:
            return 1
        if self.failed and not (self.new or self.changed or self.unchanged):
            return 1  # every row was refused: nothing could go in
        return 0

    def counts(self) -> list[tuple[str, int]]:
        return [
            ("neu", len(self.new)),
            ("geändert", len(self.changed)),
            ("unverändert", self.unchanged),
            ("fehlerhaft", self.failed),
            *self.review_counts(),
            ("angelegt: Handlungsfelder", len(self.created["fields"])),
            ("angelegt: Ziele", len(self.created["goals"])),
            ("angelegt: Kontakte", len(self.created["contacts"])),
        ]

    def review_counts(self) -> list[tuple[str, int]]:
        if self.reviews is None:
            return []
        return [
            ("Sachstände: neu", len(self.reviews.new)),
            ("Sachstände: schon vorhanden", self.reviews.existing),
            ("Platzhalter übersprungen", self.reviews.placeholders),
        ]

    def _reviews_text(self) -> str:
        if self.reviews is None:
            return ""
        return (
            f" Sachstände: {len(self.reviews.new)} neu, {self.reviews.existing} schon vorhanden"
            + (f", {self.reviews.placeholders} Platzhalter übersprungen" if self.reviews.placeholders else "")
            + "."
        )

    def headline(self) -> str:
        """One sentence that says what happened."""
        n_new, n_changed = len(self.new), len(self.changed)
        if self.refused:
            if self.dry_run:
                return (
                    f"Probelauf: {counted(self.failed, 'fehlerhafte Zeile', 'fehlerhafte Zeilen')} – so würde der "
                    "Import abgelehnt; nichts wurde geschrieben."
                )
            return (
                f"Import abgelehnt: {counted(self.failed, 'fehlerhafte Zeile', 'fehlerhafte Zeilen')}; "
                "nichts wurde geschrieben."
            )
        if self.dry_run:
            if not (n_new or n_changed or self.contacts_updated or (self.reviews and self.reviews.new)):
                return "Probelauf: keine Änderung – die Datenbank entspricht schon der Datei; nichts wurde geschrieben."
            return (
                f"Probelauf: {n_new} neu, {n_changed} geändert würden geschrieben;{self._reviews_text()} "
                "Nichts wurde geschrieben."
            ).replace(";  ", "; ")
        if not self.written:
            if self.failed and not (self.unchanged or n_new or n_changed):
                return "Keine Zeile war in Ordnung; nichts wurde geschrieben."
            return "Keine Änderung: die Datenbank entspricht schon der Datei; nichts wurde geschrieben."
        text = f"Import fertig: {n_new} neu, {n_changed} geändert, {self.unchanged} unverändert." + self._reviews_text()
        if self.failed:
            text += f" Warnung: {counted(self.failed, 'fehlerhafte Zeile', 'fehlerhafte Zeilen')} übersprungen"
            text += f" (siehe {self.rejects})." if self.rejects else "."
        return text

    def rejects_failure(self) -> str | None:
        """What was stored and what not, when the rejects file could not be written."""
        if not self.rejects_error:
            return None
        rows = f"{self.failed} fehlerhafte{'' if self.failed == 1 else 'n'} Zeile{'' if self.failed == 1 else 'n'}"
        if self.written:
            stored = (
                f"Gespeichert ist der Import ({len(self.new)} neu, {len(self.changed)} geändert, "
                f"Sicherung davor: {self.backup})."
            )
        else:
            stored = "In die Datenbank wurde nichts geschrieben."
        return (
            f"{self.rejects_error} {stored} Nicht gespeichert: die {rows} (Gründe oben; die Zeilen "
            f"stehen unverändert in „{self.file}“)."
        )

    def as_dict(self) -> dict:
        return {
            "file": self.file,
            "format": self.kind,
            "encoding": self.encoding,
            "encoding_detected": self.encoding_detected,
            "delimiter": self.delimiter,
            "records": self.records,
            "dry_run": self.dry_run,
            "on_error": self.on_error,
            "written": self.written,
            "refused": self.refused,
            "backup": str(self.backup) if self.backup else None,
            "counts": {
                "new": len(self.new),
                "changed": len(self.changed),
                "unchanged": self.unchanged,
                "failed": self.failed,
                "created_fields": len(self.created["fields"]),
                "created_goals": len(self.created["goals"]),
                "created_contacts": len(self.created["contacts"]),
                "updated_contacts": len(self.contacts_updated),
            },
            "new": self.new,
            "changed": [
                {"code": code, "changes": [{"attribute": k, "old": _plain(o), "new": _plain(n)} for k, o, n in diffs]}
                for code, diffs in self.changed
            ],
            "created": self.created,
            "updated_contacts": self.contacts_updated,
            "problems": [p.as_dict() for p in self.problems],
            "warnings": self.warnings,
            "notes": self.notes,
            "rejects": str(self.rejects) if self.rejects else None,
            "rejects_error": self.rejects_error,
            "numbered": [{"line": line, "code": code} for line, code in self.numbered],
            "recognised": [{"line": line, "code": code} for line, code in self.recognised],
            "same_title_elsewhere": [
                {"line": line, "code": code, "origin": origin} for line, code, origin in self.elsewhere
            ],
            "reviews": None
            if self.reviews is None
            else {
                "new": [
                    {
                        "code": e.code,
                        "date": e.day.isoformat(),
                        "note": e.note,
                        "status": e.status,
                        "assessment": e.assessment,
                    }
                    for e in self.reviews.new
                ],
                "existing": self.reviews.existing,
                "placeholders": self.reviews.placeholders,
                "problems": self.reviews.problems,
            },
        }


def _plain(value: object) -> object:
    return None if value in (None, "") else value
