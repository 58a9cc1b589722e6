"""The demo concept as plain rows, generated from a seed and a day: no file, no SQL.

generate() makes the concept, the Handlungsfelder with their Ziele and the contacts at once, and
hands out the measures lazily, one MeasureRecord (the measure, its Sachstand entries and its
Verlauf) at a time, so that 100 000 measures never sit in memory together. Everything comes from
one random.Random(seed), drawn in a fixed order: the same seed and day give the same rows.

Each measure first gets its place in the concept (plan_measures: goal, final status, review date,
day of creation); then, in code order, its people, texts, Sachstand days, the events of its
history (status steps, Ampel, re-dated end, other contact, archived), and finally the walk through
those events that yields the reviews, the history rows and the measure's state today.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate
from typing import NamedTuple

from massnahmen.demo.words import (
    ASSESSMENT_WEIGHTS,
    DEFAULT_ORIGINS,
    DESCRIPTION_SENTENCES,
    FIELDS,
    FUNDING,
    GENERIC_INDICATORS,
    GENITIVE,
    IDEA_CHANNELS,
    IDEA_DECLINE_REASONS,
    IDEA_DUPLICATES,
    IDEA_TEXTS,
    INFLECTED,
    KREIS,
    NAMES,
    NOTES,
    OFFICERS,
    ORGS,
    PATHS,
    PRIORITIES,
    REVIEW_COUNT_WEIGHTS,
    REVIEW_NOTES,
    STATUS_SHARE,
    TIMING_SHARE,
    TOWNS,
)
from massnahmen.domain.ideas import Submitter
from massnahmen.domain.vocab import CLOSED_STATUSES
from massnahmen.store.bulk import ChangeRow, ContactRow, FieldRow, GoalRow, MeasureRow, ReviewRow
from massnahmen.store.ideas import NewIdea


class ConceptRecord(NamedTuple):
    name: str
    body: str
    adopted_on: str
    created_at: str
    office: str = ""


class MeasureRecord(NamedTuple):
    """One measure with its Sachstand entries and its Verlauf (oldest first)."""

    measure: MeasureRow
    reviews: list[ReviewRow]
    changes: list[ChangeRow]


@dataclass
class DemoData:
    concept: ConceptRecord
    fields: list[FieldRow]
    goals: list[GoalRow]
    contacts: list[ContactRow]
    measures: Iterator[MeasureRecord]  # lazily, in id order; to be read once
    ideas_seed: int | None = None  # the citizens' ideas are drawn after the measures (generate_ideas)
    today: date | None = None


class _Planned(NamedTuple):
    created: int  # ordinal day
    batch: bool  # came with the adopted plan's import
    final_status: str
    review: int | None  # ordinal day of the review date today
    timing: str  # overdue | due | none | later


class _State(NamedTuple):
    """Where a measure stands after its history."""

    status: str
    assessment: str | None
    review: int | None
    version: int
    created_at: str
    created_by: str
    updated_at: str
    updated_by: str


Diff = tuple[str, str | None, str | None]  # a line of the Verlauf: (attribute key, old, new)


class _Event(NamedTuple):
    day: int
    order: int  # of events on the same day
    kind: str  # review | edit
    payload: tuple[str, str | None, int | None] | list[Diff]  # review: (status, assessment, next review day)


# -- words ----------------------------------------------------------------------------------
_EMAIL = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ı": "i", " ": "-"})


def email_local(text: str) -> str:
    """'Jürgen Weiß' → 'juergen.weiss' (umlauts spelt out, other accents dropped)."""
    text = text.lower().translate(_EMAIL)
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c) and c.isascii())


def _inflected(name: str) -> str:
    """The name after an article in the dative or genitive ("der Ukrainischen Gemeinschaft")."""
    for plain, inflected in INFLECTED:
        if name.startswith(plain):
            return inflected + name[len(plain) :]
    return name


def _dative(org: dict, preposition: str = "") -> str:
    """'dem Jobcenter …', or with 'bei'/'von' contracted: 'beim Jobcenter …', 'von der VHS …'."""
    name = _inflected(org["name"])
    if org["dat"] == "dem" and preposition in ("bei", "von"):
        return f"{'beim' if preposition == 'bei' else 'vom'} {name}"
    return " ".join(p for p in (preposition, org["dat"], name) if p)


def _genitive(org: dict) -> str:
    name = org["name"]
    if org["dat"] == "der":
        return f"der {_inflected(name)}"
    for prefix, phrase in GENITIVE.items():
        if name.startswith(prefix):
            return phrase + name[len(prefix) :]
    return f"des {name}"


def _ts(day: int, seconds: int) -> str:
    """Ordinal day and seconds after midnight as an ISO timestamp (like now_iso())."""
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{date.fromordinal(day).isoformat()}T{h:02d}:{m:02d}:{s:02d}"


def _quota(n: int, shares, rng: random.Random) -> list[str]:
    """n keys in the given proportions (each at least once when n allows), shuffled."""
    counts = {k: int(n * p) for k, p in shares}
    if n >= len(shares):
        for k in counts:
            counts[k] = max(1, counts[k])
    keys = [k for k, _ in shares]
    by_share = sorted(keys, key=lambda k: -dict(shares)[k])
    i = 0
    while sum(counts.values()) < n:  # hand out the rounding rest, largest share first
        counts[by_share[i % len(keys)]] += 1
        i += 1
    while sum(counts.values()) > n:  # only when n < number of keys
        counts[max(keys, key=lambda k: counts[k])] -= 1
    out = [k for k in keys for _ in range(counts[k])]
    rng.shuffle(out)
    return out


# -- the catalog ----------------------------------------------------------------------------
def concept(adopted: int) -> ConceptRecord:
    """The concept adopted on the given ordinal day, valid for seven years."""
    year = date.fromordinal(adopted).year
    return ConceptRecord(
        name=f"Integrationskonzept {KREIS} {year}–{year + 6}",
        body=f"Kreistag {KREIS}",
        adopted_on=date.fromordinal(adopted).isoformat(),
        created_at=_ts(adopted + 7, 9 * 3600 + 1234),
        office=f"Landratsamt {KREIS.removeprefix('Landkreis ')}, Stabsstelle Integration",
    )


def fields_and_goals() -> tuple[list[FieldRow], list[GoalRow]]:
    """The nine Handlungsfelder and their Ziele, numbered from 1 (goal codes "1.1", "1.2", …)."""
    fields: list[FieldRow] = []
    goals: list[GoalRow] = []
    for fi, field in enumerate(FIELDS):
        fields.append(FieldRow(id=fi + 1, code=field["code"], name=field["name"], position=fi + 1))
        for gi, name in enumerate(field["goals"]):
            goals.append(GoalRow(id=len(goals) + 1, field_id=fi + 1, code=f"{field['code']}.{gi + 1}", name=name))
    return fields, goals


class _Person(NamedTuple):
    row: ContactRow
    org_index: int  # in ORGS


def people(rng: random.Random) -> list[_Person]:
    """About forty contacts: the officers, one to three people per organisation, a few central offices."""
    used: set[str] = set()
    out: list[_Person] = []
    exts: set[tuple[str, int]] = set()

    def phone(org: dict, digits: int = 4) -> str:
        while True:
            ext = rng.randint(10 ** (digits - 1), 10**digits - 1)
            if (org["phone"], ext) not in exts:
                exts.add((org["phone"], ext))
                return f"{org['phone']}{ext}"

    def person(origins) -> str:
        while True:
            origin = rng.choice(origins)
            firsts, lasts = NAMES[origin]
            name = f"{rng.choice(firsts)} {rng.choice(lasts)}"
            if name not in used:
                used.add(name)
                return name

    def add(name: str | None, org: dict, role: str, email: str, tel: str, index: int) -> None:
        out.append(
            _Person(
                ContactRow(id=len(out) + 1, name=name, organisation=org["name"], role=role, email=email, phone=tel),
                index,
            )
        )

    for name, _role in OFFICERS:
        used.add(name)
    for index, org in enumerate(ORGS):
        staff: list[tuple[str, str]] = []
        if index == 0:
            staff.extend(OFFICERS)
        for role in org["roles"][: org["people"]]:
            staff.append((person(org.get("origins", DEFAULT_ORIGINS)), role))
        for pname, role in staff:
            first, last = pname.split(" ", 1)
            add(
                pname,
                org,
                role,
                f"{email_local(first)}.{email_local(last)}@{org['slug']}.example.org",
                phone(org),
                index,
            )
        if org.get("office"):
            add(None, org, "Zentrale", f"{org['office']}@{org['slug']}.example.org", f"{org['phone']}0", index)
    return out


# -- generation -----------------------------------------------------------------------------
def generate(*, seed: int, today: date, measures: int) -> DemoData:
    """The demo concept for the seed and day, with the given number of measures (lazily)."""
    if measures < 0:
        raise ValueError("measures must be 0 or more")
    gen = _Generator(seed, today)
    fields, goals = fields_and_goals()
    persons = people(gen.rng)
    plan = gen.plan_measures(goals, measures)
    return DemoData(
        concept=concept(gen.adopted),
        fields=fields,
        goals=goals,
        contacts=[p.row for p in persons],
        measures=gen.measures(goals, persons, plan),
        ideas_seed=seed,
        today=today,
    )


class _Generator:
    """The random source, the day and the concept's adoption, and the measures drawn from them."""

    def __init__(self, seed: int, today: date) -> None:
        self.rng = rng = random.Random(seed)
        self.rnd = rnd = rng.random
        self.choice = rng.choice

        def ri(a: int, b: int) -> int:  # randint without its overhead
            return a + int(rnd() * (b - a + 1))

        self.ri = ri
        self.t0 = today.toordinal()
        self.adopted = self.t0 - ri(800, 1000)
        self.adopted_year = date.fromordinal(self.adopted).year
        self.import_context = f"Import Maßnahmenplan {self.adopted_year}.csv"
        self.officers = [name for name, _ in OFFICERS]
        self._iso_cache: dict[int, str] = {}

    def iso(self, day: int | None) -> str | None:
        if day is None:
            return None
        text = self._iso_cache.get(day)
        if text is None:
            text = self._iso_cache[day] = date.fromordinal(day).isoformat()
        return text

    # -- phase 1: the place of every measure in the concept -------------------------------------
    def plan_measures(self, goals: list[GoalRow], n: int) -> list[list[_Planned]]:
        """Per goal, its measures' final status, timeliness, review date and day of creation."""
        rng, rnd = self.rng, self.rnd
        statuses = _quota(n, STATUS_SHARE, rng)
        open_idx = [i for i, s in enumerate(statuses) if s not in CLOSED_STATUSES]
        timing = ["later"] * n
        for i, t in zip(open_idx, _quota(len(open_idx), TIMING_SHARE, rng), strict=True):
            timing[i] = t
        goal_weights = [1.0 + rnd() for _ in goals]
        goal_of = rng.choices(range(len(goals)), weights=goal_weights, k=n)
        plan: list[list[_Planned]] = [[] for _ in goals]
        for i in range(n):
            status = statuses[i]
            kind = timing[i]
            if status in CLOSED_STATUSES:
                kind = "later" if rnd() < 0.1 else "none"
            review = self._review_day(kind)
            created, batch = self._creation(review)
            plan[goal_of[i]].append(_Planned(created, batch, status, review, kind))
        return plan

    def _review_day(self, kind: str) -> int | None:
        t0, rnd, ri = self.t0, self.rnd, self.ri
        if kind == "overdue":
            return t0 - 1 - int(rnd() * rnd() * 150)
        if kind == "due":
            return t0 + ri(0, 30)
        if kind == "later":
            return t0 + ri(31, 270)
        return None

    def _creation(self, review: int | None) -> tuple[int, bool]:
        """The day a measure was created, and whether it came with the adopted plan's import."""
        t0 = self.t0
        hi = t0 - 14 if review is None or review > t0 else min(t0 - 14, review - 14)
        if self.rnd() < 0.55:
            return self.adopted + 14, True
        return self.ri(self.adopted + 40 + 1, hi), False

    # -- phase 2: every measure in code order ---------------------------------------------------
    def measures(
        self, goals: list[GoalRow], persons: list[_Person], plan: list[list[_Planned]]
    ) -> Iterator[MeasureRecord]:
        self._lookups(persons)
        mid = 0
        for goal, entries in zip(goals, plan, strict=True):
            fi = goal.field_id - 1
            for n, entry in enumerate(sorted(entries, key=lambda e: e.created), start=1):
                mid += 1
                yield self.measure(mid, goal, fi, n, entry)

    def _lookups(self, persons: list[_Person]) -> None:
        """Who works on which field, and the organisations' names in the cases the texts need."""
        self.display = {
            p.row.id: (f"{p.row.name} ({p.row.organisation})" if p.row.name else p.row.organisation) for p in persons
        }
        self.contact_org = {p.row.id: p.org_index for p in persons}
        self.field_contacts = [
            [p.row.id for p in persons if ORGS[p.org_index]["kinds"] & f["kinds"] and p.org_index != 0]
            or [p.row.id for p in persons]
            for f in FIELDS
        ]
        self.office_contacts = [p.row.id for p in persons if p.org_index == 0]
        self.field_orgs = [[i for i, o in enumerate(ORGS) if o["kinds"] & f["kinds"] and i != 0] for f in FIELDS]
        self.org_dat = [_dative(o) for o in ORGS]
        self.org_bei = [_dative(o, "bei") for o in ORGS]
        self.org_von = [_dative(o, "von") for o in ORGS]
        self.org_gen = [_genitive(o) for o in ORGS]
        self.assessment_cum = {st: list(accumulate(w)) for st, w in ASSESSMENT_WEIGHTS.items()}
        self.assessment3_cum = {
            st: list(accumulate(w[:3] if sum(w[:3]) else (1, 1, 1))) for st, w in ASSESSMENT_WEIGHTS.items()
        }
        self.count_cum = list(accumulate(REVIEW_COUNT_WEIGHTS))

    def measure(self, mid: int, goal: GoalRow, fi: int, n: int, entry: _Planned) -> MeasureRecord:
        """The measure number n of its goal, with everything that happened to it."""
        rnd, rng, officers = self.rnd, self.rng, self.officers
        field = FIELDS[fi]
        code = f"{goal.code}.{n}"
        lead = officers[0] if rnd() < 0.5 else (officers[1] if rnd() < 0.6 else officers[2])
        contact_id, partners, p = self._people(fi)
        town = self.choice(TOWNS)
        fill = {
            "pdat": self.org_dat[p],
            "pgen": self.org_gen[p],
            "pbei": self.org_bei[p],
            "pvon": self.org_von[p],
            "town": town,
            "n": self.ri(6, 40),
            "year": 0,
        }
        title, description, indicator, funding = self._texts(field, goal, town, fill)
        source = self._source(entry, field, p)
        notes = self.choice(NOTES) if rnd() < 0.2 else None
        priority = self.choice(PRIORITIES)

        final_status = entry.final_status
        closed = final_status in CLOSED_STATUSES
        days = self._review_days(entry, closed)
        assessment = rng.choices(("gruen", "gelb", "rot", None), cum_weights=self.assessment_cum[final_status])[0]
        events, init_status, init_review, close_day = self._status_events(entry, closed, days, assessment)
        start, end = self._dates(entry, closed, close_day)
        archived = self._other_edits(events, entry, fi, contact_id, priority, end, close_day)
        events.sort(key=lambda e: (e.day, e.order))

        reviews: list[ReviewRow] = []
        changes: list[ChangeRow] = []
        now = self._history(mid, code, entry, lead, events, init_status, init_review, fill, reviews, changes)
        iso = self.iso
        row = MeasureRow(
            id=mid,
            code=code,
            title=title,
            description=description,
            field_id=fi + 1,
            goal_id=goal.id,
            contact_id=contact_id,
            partners=partners,
            status=now.status,
            assessment=now.assessment,
            priority=priority,
            start_date=iso(start),
            end_date=iso(end),
            review_date=iso(now.review),
            funding=funding,
            indicator=indicator,
            source=source,
            notes=notes,
            archived=archived,
            created_at=now.created_at,
            created_by=now.created_by,
            updated_at=now.updated_at,
            updated_by=now.updated_by,
            version=now.version,
        )
        return MeasureRecord(row, reviews, changes)

    def _people(self, fi: int) -> tuple[int | None, str | None, int]:
        """The contact, the partner organisations (text) and the organisation the texts name."""
        rnd, choice, ri = self.rnd, self.choice, self.ri
        orgs_here = self.field_orgs[fi] or list(range(len(ORGS)))
        if rnd() < 0.06:
            contact_id = None
        elif rnd() < 0.12:
            contact_id = choice(self.office_contacts)
        else:
            contact_id = choice(self.field_contacts[fi])
        contact_org_index = self.contact_org.get(contact_id, 0)
        partner_idx = [o for o in self.rng.sample(orgs_here, min(len(orgs_here), ri(1, 3))) if o != contact_org_index]
        partners = ", ".join(ORGS[o]["name"] for o in partner_idx) if partner_idx and rnd() < 0.88 else None
        p = partner_idx[0] if partner_idx else (contact_org_index or choice(orgs_here))
        return contact_id, partners, p

    def _texts(self, field: dict, goal: GoalRow, town: str, fill: dict) -> tuple[str, str, str | None, str | None]:
        """Title, description, indicator and funding."""
        rnd, choice, rng, ri = self.rnd, self.choice, self.rng, self.ri
        parts = [choice(field["formats"])]
        r = rnd()
        if r < 0.7:
            parts.append(choice(field["themes"]))
        if r >= 0.5 or rnd() < 0.6:
            parts.append(choice(field["groups"]))
        if rnd() < 0.3:
            parts.append(f"in {town}")
        title = " ".join(parts)
        group = choice(field["groups"])
        sentences = [
            f"Das Angebot richtet sich an {group[4:]} im {KREIS}."
            if rnd() < 0.6
            else f"Beitrag zum Ziel {goal.code}: {goal.name}"
        ]
        for template in rng.sample(DESCRIPTION_SENTENCES, ri(1, 2)):
            sentences.append(template.format(**fill))
        description = " ".join(sentences)
        indicator = (
            "; ".join(rng.sample(field["indicators"] + GENERIC_INDICATORS, 1 if rnd() < 0.7 else 2))
            if rnd() < 0.9
            else None
        )
        funding = choice(FUNDING) if rnd() < 0.85 else None
        return title, description, indicator, funding

    def _source(self, entry: _Planned, field: dict, p: int) -> str | None:
        """Where the measure came from: the adopted concept, a working group, a Bürgerwerkstatt …"""
        rnd = self.rnd
        if entry.batch:
            return (
                f"Integrationskonzept {self.adopted_year}"
                if rnd() < 0.5
                else f"Arbeitsgruppe {field['ag']} {self.adopted_year - 1}"
            )
        cyear = date.fromordinal(entry.created).year
        r = rnd()
        return (
            f"Bürgerwerkstatt {cyear}"
            if r < 0.3
            else f"Fachtag Integration {cyear}"
            if r < 0.55
            else f"Arbeitsgruppe {field['ag']} {cyear}"
            if r < 0.75
            else "Integrationsbeirat"
            if r < 0.85
            else f"Anregung {ORGS[p]['name']}"
            if r < 0.93
            else None
        )

    def _review_days(self, entry: _Planned, closed: bool) -> list[int]:
        """The days of the Sachstand entries, oldest first (chosen from the latest backwards)."""
        t0, ri = self.t0, self.ri
        k = 0 if entry.timing == "none" and not closed else self.rng.choices(range(7), cum_weights=self.count_cum)[0]
        if entry.review is not None:
            last = entry.review - ri(60, 200)
            if last > t0:
                last = t0 - ri(0, 45)
        else:
            last = t0 - ri(5, 500)
        days: list[int] = []
        d = last
        while len(days) < k and d >= entry.created + 7:
            days.append(d)
            d -= ri(75, 220)
        days.reverse()
        return days

    def _status_events(
        self, entry: _Planned, closed: bool, days: list[int], assessment: str | None
    ) -> tuple[list[_Event], str, int | None, int | None]:
        """How status and Ampel got where they are: edits when there is no Sachstand, else one
        review event per Sachstand. Returns the events, the status and review day at creation,
        and the day the measure was closed (None while open)."""
        rnd, ri, rng = self.rnd, self.ri, self.rng
        created, final_status, review = entry.created, entry.final_status, entry.review
        path = PATHS[final_status]
        k = len(days)
        events: list[_Event] = []
        init_status = path[0]
        if k == 0:
            if final_status == "verstetigt" and rnd() < 0.6:
                init_status = final_status
            init_review = review
            close_day = None
            if final_status != init_status:
                e = ri(created + 1, self.t0)
                events.append(_Event(e, 0, "edit", [("status", init_status, final_status)]))
                close_day = e if closed else None
            if assessment is not None:
                e = ri(created + 1, self.t0)
                events.append(_Event(e, 1, "edit", [("assessment", None, assessment)]))
            return events, init_status, init_review, close_day
        init_review = max(created + 7, days[0] + ri(-20, 25))
        # the status moves one step at a time (backwards from the final one), or stays
        idx = [len(path) - 1] * k
        for j in range(k - 2, -1, -1):
            step = idx[j + 1] > 0 and (rnd() < 0.55 or (closed and j == k - 2))
            idx[j] = idx[j + 1] - 1 if step else idx[j + 1]
        assessment_keys = ("gruen", "gelb", "rot")
        current = None
        for j, day in enumerate(days):
            st = path[idx[j]]
            if j == k - 1:
                a = assessment if assessment is not None else current
                nxt = review
            else:
                a = (
                    current
                    if (assessment is None or rnd() < 0.3)
                    else rng.choices(assessment_keys, cum_weights=self.assessment3_cum[st])[0]
                )
                nxt = max(day + 14, days[j + 1] + ri(-25, 20))
            if assessment is None:
                a = None
            current = a
            events.append(_Event(day, 2, "review", (st, a, nxt)))
        return events, init_status, init_review, (days[-1] if closed else None)

    def _dates(self, entry: _Planned, closed: bool, close_day: int | None) -> tuple[int | None, int | None]:
        """Start (a month's first day) and end (a month's last day, or the day it was done)."""
        rnd, ri = self.rnd, self.ri
        created, final_status = entry.created, entry.final_status
        if final_status == "verstetigt" and rnd() < 0.4:
            start = created - ri(100, 1500)
        elif final_status == "geplant" and rnd() < 0.3:
            start = None
        else:
            start = created + ri(-20, 300)
        if close_day is not None and final_status == "umgesetzt":
            end = close_day - ri(0, 20)
        elif final_status == "verstetigt" or rnd() < (0.6 if final_status == "verworfen" else 0.3):
            end = None
        elif closed:
            end = (start or created) + ri(180, 1100)
        else:  # mostly still ahead; a few have overrun their planned end
            end = max((start or created) + ri(180, 1100), self.t0 + ri(-90, 900))
        if start is not None:
            sd = date.fromordinal(start)
            start = date(sd.year, sd.month, 1).toordinal()
        if end is not None and final_status != "umgesetzt":  # planned ends are month ends
            ed = date.fromordinal(end)
            end = (date(ed.year + ed.month // 12, ed.month % 12 + 1, 1) - timedelta(days=1)).toordinal()
            if start is not None and end < start:
                end = start + 30
        return start, end

    def _other_edits(
        self,
        events: list[_Event],
        entry: _Planned,
        fi: int,
        contact_id: int | None,
        priority: str | None,
        end: int | None,
        close_day: int | None,
    ) -> int:
        """Add the other edits of the Verlauf (re-dated end, new contact, new priority, archived);
        return archived (0 or 1)."""
        rnd, ri, t0, created = self.rnd, self.ri, self.t0, entry.created
        if end is not None and rnd() < 0.12:
            events.append(_Event(ri(created + 1, t0), 3, "edit", [("end", self.iso(end - ri(60, 400)), self.iso(end))]))
        if contact_id is not None and rnd() < 0.06:
            other = self.choice(self.field_contacts[fi])
            if other != contact_id:
                events.append(
                    _Event(ri(created + 1, t0), 4, "edit", [("contact", self.display[other], self.display[contact_id])])
                )
        if priority is not None and rnd() < 0.05:
            old = "mittel" if priority != "mittel" else "niedrig"
            events.append(_Event(ri(created + 1, t0), 5, "edit", [("priority", old, priority)]))
        if close_day is not None and rnd() < (0.3 if entry.final_status == "verworfen" else 0.1):
            a_day = close_day + ri(30, 400)
            if a_day <= t0:
                events.append(_Event(a_day, 9, "edit", [("archived", "nein", "ja")]))
                return 1
        return 0

    def _history(
        self,
        mid: int,
        code: str,
        entry: _Planned,
        lead: str,
        events: list[_Event],
        init_status: str,
        init_review: int | None,
        fill: dict,
        reviews: list[ReviewRow],
        changes: list[ChangeRow],
    ) -> _State:
        """Walk the events from the creation on: append the Sachstand entries and history rows,
        and return where the measure stands today."""
        rnd, ri, choice, officers, iso = self.rnd, self.ri, self.choice, self.officers, self.iso

        def author() -> str:
            return lead if rnd() < 0.8 else choice(officers)

        batch, created_day = entry.batch, entry.created
        created_secs = (9 * 3600 + ri(0, 600)) if batch else ri(8 * 3600, 16 * 3600)
        creator = officers[0] if batch else author()
        created_at = _ts(created_day, created_secs)
        changes.append(
            ChangeRow(mid, 1, created_at, creator, "created", None, code, self.import_context if batch else None)
        )
        version = 1
        st_now, rv_now, a_now = init_status, init_review, None
        upd_at, upd_by = created_at, creator
        last_template = None
        prev_day, prev_secs = created_day, created_secs
        for day, _order, ev, payload in events:
            if day < created_day:
                day = created_day
            secs = ri(8 * 3600, 16 * 3600)
            if day == prev_day and secs <= prev_secs:
                secs = prev_secs + ri(60, 1800)
            prev_day, prev_secs = day, secs
            at = _ts(day, secs)
            who = author()
            version += 1
            if ev == "review":
                assert isinstance(payload, tuple)
                st, a, nxt = payload
                diffs: list[Diff] = []
                if st != st_now:
                    diffs.append(("status", st_now, st))
                if nxt != rv_now:
                    diffs.append(("review_date", iso(rv_now), iso(nxt)))
                if a is not None and a != a_now:
                    diffs.append(("assessment", a_now, a))
                if not diffs:
                    diffs.append(("review", None, iso(day)))
                fill["year"] = date.fromordinal(day).year + (0 if st == "verstetigt" else 1)
                fill["n"] = ri(4, 60)
                template = choice(REVIEW_NOTES[st])
                if template == last_template:  # do not repeat the previous note word for word
                    template = choice(REVIEW_NOTES[st])
                last_template = template
                note = template.format(**fill)
                if a == "rot" and st not in CLOSED_STATUSES and rnd() < 0.5:
                    note += " Zeitplan gefährdet."
                reviews.append(ReviewRow(mid, iso(day), who, st, a, note, iso(nxt), at))
                st_now, rv_now = st, nxt
                if a is not None:
                    a_now = a
                context = "Sachstand"
            else:
                assert isinstance(payload, list)
                diffs = payload
                for fname, _old, new in diffs:
                    if fname == "status" and new is not None:  # (a status is never removed)
                        st_now = new
                    elif fname == "assessment":
                        a_now = new
                context = None
            for fname, old, new in diffs:
                changes.append(ChangeRow(mid, version, at, who, fname, old, new, context))
            upd_at, upd_by = at, who
        return _State(st_now, a_now, rv_now, version, created_at, creator, upd_at, upd_by)


# -- citizens' ideas -------------------------------------------------------------------------------
IDEA_SEED_OFFSET = 7_919  # ideas draw from their own random.Random, so the measures stay as they were


def generate_ideas(
    *,
    seed: int,
    today: date,
    measures: list[tuple[int, str]],
    fields: list[FieldRow],
    officers: tuple[str, ...] | None = None,
):
    """The demo's citizens' ideas (store.ideas.NewIdea, ids from 1): some accepted into existing
    measures (measures: (id, field code) of the generated ones), some merged, some declined, the
    rest new or in review; a third with a fictitious submitter. Pure: nothing is written."""

    rng = random.Random(seed * IDEA_SEED_OFFSET + 1)
    officers = officers or tuple(name for name, _ in OFFICERS)
    t0 = today.toordinal()
    field_ids = {f.code: f.id for f in fields}
    by_field: dict[str, list[int]] = {}
    for mid, code in measures:
        by_field.setdefault(code, []).append(mid)
    first_names, last_names = NAMES["de"]
    out: list = []

    def came_in(channel_index: int) -> int:
        _name, around, spread = IDEA_CHANNELS[channel_index]
        return t0 - around + (rng.randint(-spread // 2, spread // 2) if spread else 0)

    def submitter(i: int):
        if rng.random() > 0.35:
            return None
        first, last = rng.choice(first_names), rng.choice(last_names)
        consent = rng.random() < 0.6
        return Submitter(
            name=f"{first} {last}",
            email=f"{email_local(first)}.{email_local(last)}{i}@example.org",
            phone=None if rng.random() < 0.7 else f"0373{rng.randint(1, 9)} {rng.randint(10000, 99999)}",
            postcode=f"0{rng.randint(9100, 9699)}" if rng.random() < 0.5 else None,
            consent=consent,
        )

    decisions = ["aufgenommen"] * 11 + ["in_pruefung"] * 5 + ["neu"] * 5
    rng.shuffle(decisions)
    undecided = iter(decisions)
    for index, (field_code, text) in enumerate(IDEA_TEXTS):
        channel_index = rng.randrange(len(IDEA_CHANNELS))
        day = came_in(channel_index)
        status = "nicht_aufgenommen" if index in IDEA_DECLINE_REASONS else next(undecided, "neu")
        candidates = by_field.get(field_code, [])
        if status == "aufgenommen" and not candidates:
            status = "in_pruefung"
        item = NewIdea(
            id=index + 1,
            text=text,
            submitted_on=date.fromordinal(day).isoformat(),
            channel=IDEA_CHANNELS[channel_index][0],
            field_id=field_ids.get(field_code) if status != "neu" or rng.random() < 0.5 else None,
            status=status,
            submitter=submitter(index + 1),
            created_at=_ts(day + rng.randint(0, 6), rng.randint(8 * 3600, 16 * 3600)),
            created_by=rng.choice(officers),
        )
        if status != "neu":
            decided = min(t0, day + rng.randint(20, 90))
            item.decided_at = decided_at = _ts(decided, rng.randint(8 * 3600, 17 * 3600))
            item.decided_by = rng.choice(officers)
            if item.created_at is not None and item.created_at > decided_at:  # (created_at is given above)
                item.created_at = decided_at
        if status == "aufgenommen":
            item.measure_ids = (rng.choice(candidates),)
        elif status == "nicht_aufgenommen":
            item.reason = IDEA_DECLINE_REASONS[index]
        out.append(item)
    for original, text in IDEA_DUPLICATES:
        target = out[original]
        channel_index = rng.randrange(len(IDEA_CHANNELS))
        day = came_in(channel_index)
        decided = min(t0, day + rng.randint(10, 40))
        out.append(
            NewIdea(
                id=len(out) + 1,
                text=text,
                submitted_on=date.fromordinal(day).isoformat(),
                channel=IDEA_CHANNELS[channel_index][0],
                field_id=target.field_id,
                status="zusammengefuehrt",
                merged_into=target.id,
                submitter=submitter(len(out) + 1),
                created_at=_ts(min(day, decided), rng.randint(8 * 3600, 12 * 3600)),
                created_by=rng.choice(officers),
                decided_at=_ts(decided, rng.randint(13 * 3600, 17 * 3600)),
                decided_by=rng.choice(officers),
            )
        )
    for item in out:  # a town now and then in the text, as people write
        if rng.random() < 0.1:
            item.text += f" (aus {rng.choice(TOWNS)})"
    return out
