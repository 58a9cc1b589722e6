"""Domain: vocabularies, dates, text folding and pydantic models. No I/O, no UI.

Import the submodules directly (``from massnahmen.domain.vocab import STATUS``); this package
imports nothing eagerly so that read-only commands start fast."""
