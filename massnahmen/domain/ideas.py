"""Citizens' ideas (Bürgerideen): their decision vocabulary, the fingerprint that makes a re-import
find an idea again, the checks of a submitter's data and the title a measure proposed from an idea
gets. No I/O."""

from __future__ import annotations

import bisect
import hashlib
import math
import re
from collections.abc import Hashable
from dataclasses import dataclass, field as dc_field
from datetime import date
from typing import TypeVar

from massnahmen.domain.bounds import MAX_NAME, MAX_TEXT
from massnahmen.domain.errors import InvalidValue
from massnahmen.domain.text import fold
from massnahmen.domain.vocab import Term, Vocabulary

IDEA_STATUS = Vocabulary(
    "Entscheidung",
    [
        Term("neu", "neu", ("eingegangen", "offen", "new")),
        Term("in_pruefung", "in Prüfung", ("pruefen", "wird geprueft", "in Bearbeitung", "review")),
        Term("aufgenommen", "aufgenommen", ("angenommen", "umgesetzt", "accepted"), closed=True),
        Term("zusammengefuehrt", "zusammengeführt", ("doppelt", "dublette", "merged"), closed=True),
        Term("nicht_aufgenommen", "nicht aufgenommen", ("abgelehnt", "declined"), closed=True),
    ],
    style="idea",
)
OPEN_IDEA_STATUSES = ("neu", "in_pruefung")
DEFAULT_CHANNELS = ("Online-Umfrage", "E-Mail", "Brief", "Telefon", "Veranstaltung")
SOURCE_PREFIX = "Bürgerbeteiligung: "
TITLE_LIMIT = 90
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s|\n")


@dataclass
class Submitter:
    """Who gave an idea: kept apart from the idea, erased on request (DSGVO)."""

    name: str | None = None
    email: str | None = None
    phone: str | None = None
    postcode: str | None = None
    consent: bool = False

    def is_empty(self) -> bool:
        return not any((self.name, self.email, self.phone, self.postcode))

    def contract(self) -> dict:
        return {
            "name": self.name,
            "email": self.email,
            "phone": self.phone,
            "postcode": self.postcode,
            "consent": self.consent,
        }


@dataclass
class Idea:
    id: int
    text: str
    channel: str | None
    submitted_on: str | None  # ISO day
    field_code: str | None
    field: str | None
    status: str
    reason: str | None = None
    reason_public: bool = True
    merged_into: int | None = None
    late: bool = False
    measures: list[str] = dc_field(default_factory=list)  # codes
    submitter: Submitter | None = None
    topic: str | None = None  # what the survey named as its subject when that is no Handlungsfeld
    external_id: str | None = None  # the survey's answer ID
    similar: list[int] = dc_field(default_factory=list)  # ideas of (almost) the same text
    version: int = 1
    created_at: str | None = None
    created_by: str | None = None
    updated_at: str | None = None
    updated_by: str | None = None

    def contract(self, *, personal: bool = True) -> dict:
        """The JSON object of an idea (personal=False: submitter always null)."""
        return {
            "id": self.id,
            "text": self.text,
            "channel": self.channel,
            "submitted_on": self.submitted_on,
            "field": self.field_code,
            "status": self.status,
            "reason": self.reason,
            "measures": list(self.measures),
            "merged_into": self.merged_into,
            "late": self.late,
            "submitter": self.submitter.contract() if personal and self.submitter else None,
            "topic": self.topic,
            "external_id": self.external_id,
            "similar": list(self.similar),
        }


# the Verlauf's keys of an idea in German
CHANGE_LABELS = {
    "created": "erfasst",
    "field": "Handlungsfeld",
    "status": "Entscheidung",
    "measure": "Maßnahme",
    "merged_into": "zusammengeführt mit",
    "reason": "Begründung",
    "reason_public": "Begründung öffentlich",
    "submitter": "Angaben der Einreicher·in",
    "text": "Text",
    "channel": "Kanal",
    "submitted_on": "Eingang",
    "topic": "Thema",
}


@dataclass
class IdeaChange:
    at: str
    author: str
    field: str
    old: str | None
    new: str | None
    context: str | None = None


def fingerprint(text: str, day: date | str | None, channel: str | None, *, folded: str | None = None) -> str:
    """A stable key of text + day + channel: the same survey answer imported twice is one idea.
    Case, accents and white space do not count (folded: fold(text), when the caller has it)."""
    day_text = day.isoformat() if isinstance(day, date) else (day or "")
    raw = "\x1f".join((fold(text) if folded is None else folded, day_text, fold(channel)))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:32]


def clean_text(text: str | None, label: str = "Idee") -> str:
    """The idea's text: line ends unified, outer white space gone; empty or too long refused."""
    value = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not value:
        raise InvalidValue(label, "darf nicht leer sein")
    if len(value) > MAX_TEXT:
        raise InvalidValue(label, f"ist zu lang ({len(value)} Zeichen, höchstens {MAX_TEXT})")
    return value


def clean_name(value: str | None, label: str) -> str | None:
    text = " ".join((value or "").split())
    if len(text) > MAX_NAME:
        raise InvalidValue(label, f"ist zu lang ({len(text)} Zeichen, höchstens {MAX_NAME})")
    return text or None


def clean_email(value: str | None, label: str = "E-Mail") -> str | None:
    text = (value or "").strip()
    if not text:
        return None
    if not _EMAIL.match(text) or len(text) > MAX_NAME:
        raise InvalidValue(label, f"„{text}“ ist keine E-Mail-Adresse")
    return text


_YES = {"ja", "j", "yes", "y", "1", "x", "true", "wahr", "zugestimmt", "einverstanden", "ok"}
_NO = {"nein", "n", "no", "0", "false", "falsch", "", "-", "keine angabe"}


def parse_consent(value: str | None, label: str = "Einwilligung") -> bool:
    text = fold(value or "").strip(" .")
    if text in _YES or text.startswith(("ja", "ich stimme", "ich bin einverstanden")):
        return True
    if text in _NO or text.startswith(("nein", "ich stimme nicht")):
        return False
    raise InvalidValue(label, f"„{value}“ ist weder ja noch nein")


def first_sentence(text: str, limit: int = TITLE_LIMIT) -> str:
    """The title a measure proposed from an idea gets: the idea's first sentence, shortened at a
    word boundary to limit characters (with …)."""
    flat = (text or "").strip()
    parts = _SENTENCE_END.split(flat, maxsplit=1)
    sentence = " ".join(parts[0].split()) if parts else ""
    if len(sentence) <= limit:
        return sentence.rstrip(".") if not sentence.endswith("..") else sentence
    cut = sentence[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:-") + "…"


def idea_source(channel: str | None) -> str:
    """The Herkunft of a measure taken up from an idea."""
    return SOURCE_PREFIX + (channel or "ohne Kanal")


def short_text(text: str, limit: int = 160) -> str:
    """An idea in short for lists and the feedback report (one line, cut at a word)."""
    flat = " ".join((text or "").split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:-") + "…"


# -- near-duplicates -----------------------------------------------------------------------------
SIMILAR_SCORE = 90  # rapidfuzz ratio (0–100) of the compared texts from which two ideas are similar
_ASIDE = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")  # „(wie oben)“, „[s. o.]“
_FILLERS = (
    "wie oben",
    "siehe oben",
    "s o",
    "dito",
    "ebenso",
    "wie gesagt",
    "wie schon gesagt",
    "noch einmal",
    "nochmal",
)
_NOT_WORD = re.compile(r"[^0-9a-z]+")


def similarity_text(text: str | None) -> str:
    """What two ideas are compared by: folded, asides in brackets and fillers („wie oben“,
    „siehe oben“, „dito“) left out, punctuation gone."""
    flat = _NOT_WORD.sub(" ", fold(_ASIDE.sub(" ", text or "")))
    flat = f" {' '.join(flat.split())} "
    for filler in _FILLERS:
        flat = flat.replace(f" {filler} ", " ")
    return " ".join(flat.split())


NewKey = TypeVar("NewKey", bound=Hashable)  # what names a new text (an id, a line number)
KnownKey = TypeVar("KnownKey", bound=Hashable)  # what names a known one


def similar_pairs(
    new: list[tuple[NewKey, str]], known: list[tuple[KnownKey, str]], *, score: int = SIMILAR_SCORE
) -> dict[NewKey, NewKey | KnownKey]:
    """{key of a new text: key of the known or earlier new text it is most like}. Texts are
    compared by similarity_text; each new one also against the new ones before it.

    Only texts of a length that can reach the score are compared (the ratio of two texts of
    lengths a ≤ b is at most 2a / (a + b)), so a survey of thousands of ideas is not compared
    each with each."""
    if not new:
        return {}
    from rapidfuzz import fuzz, process  # rapidfuzz ≈ 20 ms: only when texts are compared

    slack = 1 - score / 100
    shorter, longer = (1 - slack) / (1 + slack), (1 + slack) / (1 - slack)
    lengths: list[int] = []  # the compared texts, ordered by length
    texts: list[str] = []
    keys: list[NewKey | KnownKey] = []

    def add(key: NewKey | KnownKey, text: str) -> None:
        at = bisect.bisect_right(lengths, len(text))
        lengths.insert(at, len(text))
        texts.insert(at, text)
        keys.insert(at, key)

    for known_key, text in known:
        if t := similarity_text(text):
            add(known_key, t)
    out: dict[NewKey, NewKey | KnownKey] = {}
    for key, text in new:
        mine = similarity_text(text)
        if not mine:
            continue
        lo = bisect.bisect_left(lengths, math.ceil(len(mine) * shorter - 1e-9))
        hi = bisect.bisect_right(lengths, math.floor(len(mine) * longer + 1e-9))
        if lo < hi:
            match = process.extractOne(mine, texts[lo:hi], scorer=fuzz.ratio, score_cutoff=score)
            if match is not None:
                out[key] = keys[lo + match[2]]
        add(key, mine)
    return out
