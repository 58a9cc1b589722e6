"""Realistic generated demo data: a fictitious district's Integrationskonzept in a new file.

build_demo() writes nine Handlungsfelder with their Ziele, about forty contacts, any number of
measures (120 look like a real concept, 100 000 are for benchmarks) and three years of Sachstand
entries with the matching Verlauf. Everything comes from random.Random(seed) and the given
`today`, so the same seed and day give the same content.

Submodules: words (the word lists and organisations), generate (the rows, without any I/O).
The rows are written through the store's bulk writer (store.bulk) in one transaction.
"""

from __future__ import annotations

import os
from datetime import date
from itertools import islice
from pathlib import Path

from massnahmen.demo.generate import DemoData, generate, generate_ideas
from massnahmen.domain import clock
from massnahmen.domain.errors import AlreadyExists, DatabaseProblem
from massnahmen.store.bulk import bulk_write
from massnahmen.store.db import Store
from massnahmen.store.files import DB_COMPANIONS, fsync_file, fsync_folder, open_temp, rename_new

__all__ = ["build_demo", "write_demo"]

BATCH = 5000  # measures (with their reviews and history) generated and written at a time


def build_demo(
    path: Path, *, measures: int = 120, today: date | None = None, seed: int = 2026, user: str = "demo"
) -> dict:
    """Create a new concept file at path filled with generated, realistic data; return the counts.

    Refuses an existing non-empty file (AlreadyExists). Same seed and today give the same content."""
    path = Path(path)
    if measures < 0:
        raise ValueError("measures must be 0 or more")
    day0 = today or clock.today()
    data = generate(seed=seed, today=day0, measures=measures)
    if path.is_dir():
        raise DatabaseProblem(f"„{path}“ ist ein Ordner, keine Datenbankdatei.")
    if path.exists() and path.stat().st_size > 0:
        raise AlreadyExists(
            f"„{path}“ gibt es schon; sie wird nicht überschrieben.",
            hint="Eine andere Datei wählen, z. B. massnahmen demo uebung2.db",
        )
    if not path.parent.is_dir():
        raise DatabaseProblem(f"Den Ordner „{path.parent}“ gibt es nicht.")
    # built under a temporary name beside the target and renamed when complete: a demo killed
    # halfway leaves no half-made file under the name the user chose
    temp, held = open_temp(path)  # empty, held while the demo is built (no other writer sweeps it)
    try:
        store = Store.create(
            temp, user, name=data.concept.name, body=data.concept.body, adopted_on=data.concept.adopted_on
        )
        with store:
            counts = write_demo(store, data)
        fsync_file(temp)
        if path.exists() and path.stat().st_size == 0:
            os.replace(temp, path)  # an empty file may be filled, as Store.create allows
        else:
            try:
                rename_new(temp, path)
            except FileExistsError:
                raise AlreadyExists(f"„{path}“ ist inzwischen entstanden; sie wird nicht überschrieben.") from None
        fsync_folder(path.parent)
        return counts
    finally:
        held.close()
        temp.unlink(missing_ok=True)
        for end in DB_COMPANIONS:
            Path(str(temp) + end).unlink(missing_ok=True)


def write_demo(store: Store, data: DemoData) -> dict:
    """Write the generated rows into the store's new, empty concept in one transaction; the counts."""
    with bulk_write(store) as bulk:
        bulk.update_concept(created_at=data.concept.created_at, office=data.concept.office or None)
        bulk.add_fields(data.fields)
        bulk.add_goals(data.goals)
        bulk.add_contacts(data.contacts)
        records = iter(data.measures)
        codes = {f.id: f.code for f in data.fields}
        made: list[tuple[int, str]] = []  # (measure id, field code) for the ideas
        while batch := list(islice(records, BATCH)):
            bulk.add_measures([r.measure for r in batch])
            bulk.add_reviews([review for r in batch for review in r.reviews])
            bulk.add_changes([change for r in batch for change in r.changes])
            if len(made) < 10_000:
                made += [(r.measure.id, codes[r.measure.field_id]) for r in batch if not r.measure.archived]
        if data.ideas_seed is not None and data.today is not None:
            bulk.add_ideas(
                generate_ideas(seed=data.ideas_seed, today=data.today, measures=made, fields=data.fields),
                user=store.user,
                context="Bürgerbeteiligung 2026",
            )
        bulk.date_channels(data.concept.created_at)
    return dict(bulk.counts)
