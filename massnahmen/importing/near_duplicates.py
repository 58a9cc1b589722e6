"""Contacts an import creates that look like ones already there („Jörg Weis“ beside „Jörg Weiß“):
reported, never merged – a typo and a namesake look the same to a program."""

from __future__ import annotations

from massnahmen.domain.text import fold

THRESHOLD = 90  # rapidfuzz score (0–100) from which two names are reported


def similar(new: list[str], existing: list[str], *, threshold: int = THRESHOLD) -> list[tuple[str, str]]:
    """(new name, existing name) pairs that are alike but not the same (folded: case, umlauts, ß)."""
    if not new or not existing:
        return []
    from rapidfuzz import fuzz, process  # rapidfuzz ≈ 20 ms: only when there are names to compare

    known = {fold(name): name for name in existing if name}
    out: list[tuple[str, str]] = []
    for name in new:
        key = fold(name)
        if not key or key in known:
            continue
        match = process.extractOne(key, list(known), scorer=fuzz.ratio, score_cutoff=threshold)
        if match is not None:
            out.append((name, known[match[0]]))
    return out
