"""The anachronism check: something is said to have happened at a place that did not exist at the time.

A meeting "at the hotel" in a year when the hotel was a building site cannot have happened there,
whoever says so. This module reads *when each place or thing existed* from two kinds of evidence and
reports every claim whose time cannot fall inside that existence.

Where existence comes from
    - the case file: :attr:`Entity.exists_from` / :attr:`Entity.exists_until` (an analyst's dates,
      cited as "per the case file" because they have no passage of their own);
    - ``existence`` claims in the corpus about the place (``place`` slot, else an ``object``
      participant). They are read by their words (``content``, else the quote) and polarity:

      ======================  =================  ==================================================
      words                   polarity           reading
      ======================  =================  ==================================================
      destroyed, razed, ...   either             an *end* of existence at some moment in the window
                                                 (with aspect state, "closed throughout": absent)
      built, opened, ...      affirmed           a *beginning* at some moment in the window
      rebuilt, reopened, ...  affirmed           a beginning that implies an earlier life (a *restart*)
      built, opened, ...      denied             "not yet built then": non-existence throughout
      (none)                  denied             "did not exist then": non-existence throughout
      (none)                  affirmed           "existed then": evidence *for* existence
      ======================  =================  ==================================================

      Ending words count whatever the polarity because extractors disagree on whether "was demolished
      in 1911" is an affirmed destruction or a denied existence; both mean the same here. (The price:
      "was not demolished until 1940" is misread as a demolition in the window; extraction should give
      it the window "until 1940" or the content "existed".)

Non-existence intervals ("gaps")
    Only days on which the place *certainly* did not exist count, so the reasoning never needs to
    guess inside an uncertain window:

    - after an end at window [e1, e2], from e2 + 1 up to the day before the earliest start e1' of
      the first beginning whose window lies wholly after e2 (or forever, if it never came back);
    - before a (non-restart) beginning at [b1, b2] that no recorded end precedes: up to b1 - 1;
    - a denied existence over a window: that whole window.

When a claim clashes
    A claim placed at a place (its ``place``, a travel claim's ``origin``, and everything they are
    ``located_in``) or involving a thing (an ``object`` participant) clashes with a gap when, as
    :func:`~countertrial.reason.intervals.overlap` puts it, it *must* share a day with the gap: an
    event whose whole window lies in the gap, or a state that holds on some day of it. Claims without
    a time window, denied claims, and the claims that describe existence or records themselves
    (existence, non_occurrence, document_content) are not checked.

Contested findings (never dropped)
    The finding is marked ``contested`` and both readings are given when (a) an affirmed existence
    claim says the place existed at a time that may be the claim's, or (b) another establishment with
    a similar name in the same city is placed at that time, or earlier with no recorded end since, by
    some claim, or its case-file dates cover the time (the witness may have meant the other one). The
    claims behind the other reading are cited too.

Scale: gaps are built once per place (a few boundaries each) and every claim looks only at the gaps
of its own places, so the check is linear in the claims after sorting each place's boundaries.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Literal

from anyascii import anyascii

from countertrial.model import Claim, Entity, Finding, TimeWindow
from countertrial.reason.findings import attributed, join_names, make_finding, name_of, where
from countertrial.reason.intervals import day_bounds, describe_window, overlap

if TYPE_CHECKING:
    from countertrial.reason.engine import Context

RULE = "anachronism.existence_interval"

#: Claims that say something happened somewhere; the others describe places or records themselves.
CHECKED_KINDS = frozenset({"presence", "meeting", "travel", "communication", "custody", "first_contact"})

END_WORDS = (
    "destroyed", "destroy", "razed", "raze", "demolished", "demolish", "pulled down", "torn down",
    "burned down", "burnt down", "burned", "burnt", "bombed", "closed", "shut down", "ceased",
    "dissolved", "abolished", "wound up", "knocked down", "levelled", "leveled", "collapsed", "gone",
    "no longer existed", "ruined", "sunk", "scrapped", "gutted", "flattened", "blown up",
)  # fmt: skip
RESTART_WORDS = ("rebuilt", "reopened", "re-opened", "restored", "reconstructed", "re-established", "refounded")
BEGIN_WORDS = (
    "built", "opened", "founded", "established", "erected", "constructed",
    "completed", "inaugurated", "created", "launched", "set up", "came into being", "commissioned",
)  # fmt: skip

#: Words that name the sort of establishment, not which one: "the Hotel Nordlys" and "the Cafe
#: Nordlys" are two places with a similar name.
GENERIC_NAME_WORDS = frozenset(
    "the a an of de du des la le les el il der die das den det hotel hotels motel hostel lodge cafe caffe kafe "
    "coffeehouse kaffeehaus konditori konditorei patisserie bakery tearoom restaurant trattoria osteria taverna "
    "bar inn pub tavern bistro brasserie gasthaus gasthof albergo pension guesthouse house building club "
    "station airport aerodrome airfield harbour port square street place palace cinema theatre theater bank "
    "shop store grand royal new old".split()
)

_MODALITY_WEIGHT = {"asserted": 1.0, "reported": 0.85, "alleged": 0.7}
CASE_FILE_WEIGHT = 0.85  # an analyst's date with no passage behind it
CONTESTED_WEIGHT = 0.6


def _pattern(words: Sequence[str]) -> re.Pattern[str]:
    return re.compile(r"(?<![a-z])(" + "|".join(re.escape(w) for w in words) + r")(?![a-z])")


_END, _RESTART, _BEGIN = _pattern(END_WORDS), _pattern(RESTART_WORDS), _pattern(BEGIN_WORDS)


def _has(pattern: re.Pattern[str], text: str) -> str | None:
    """The first word of ``pattern`` that occurs in ``text`` as a whole word, else None."""
    m = pattern.search(text)
    return m.group(1) if m else None


@dataclass(frozen=True)
class Boundary:
    """A beginning or end of a place's existence, at some moment of an inclusive day window."""

    kind: Literal["begin", "end"]
    lo: float
    hi: float
    word: str  # how the source put it: "razed", "rebuilt", "closed", ...
    claim: Claim | None = None  # None: from the case file
    restart: bool = False  # "rebuilt": a beginning that says there was an earlier life


@dataclass(frozen=True)
class Gap:
    """Days on which a place certainly did not exist, and the evidence for each edge."""

    lo: float
    hi: float
    opened_by: Boundary | None = None  # the end it follows (None: before any beginning)
    closed_by: Boundary | None = None  # the beginning it precedes (None: never came back)
    denial: Claim | None = None  # a claim that it did not exist throughout [lo, hi]

    @property
    def claims(self) -> list[Claim]:
        out = [b.claim for b in (self.opened_by, self.closed_by) if b is not None and b.claim is not None]
        if self.denial is not None:
            out.append(self.denial)
        return out

    @property
    def from_case_file(self) -> bool:
        return any(b is not None and b.claim is None for b in (self.opened_by, self.closed_by))

    def window(self) -> TimeWindow:
        lo = None if not math.isfinite(self.lo) else date.fromordinal(int(self.lo))
        hi = None if not math.isfinite(self.hi) else date.fromordinal(int(self.hi))
        return TimeWindow(earliest=lo, latest=hi)


@dataclass
class Existence:
    """Everything known about when one place or thing existed."""

    boundaries: list[Boundary] = field(default_factory=list)
    denials: list[Claim] = field(default_factory=list)  # did not exist throughout the window
    affirmations: list[Claim] = field(default_factory=list)  # existed (at some time in) the window

    def gaps(self) -> list[Gap]:
        ends = sorted((b for b in self.boundaries if b.kind == "end"), key=_boundary_key)
        begins = sorted((b for b in self.boundaries if b.kind == "begin"), key=_boundary_key)
        out: list[Gap] = []
        for e in ends:
            after = [b for b in begins if b.lo > e.hi]
            nxt = min(after, key=lambda b: (b.lo, _boundary_key(b))) if after else None
            hi = nxt.lo - 1 if nxt is not None else math.inf
            if e.hi + 1 <= hi:
                out.append(Gap(e.hi + 1, hi, opened_by=e, closed_by=nxt))
        for b in begins:
            if b.restart or any(e.hi < b.lo for e in ends):
                continue  # a rebuilding, or a beginning that ends an earlier gap: nothing "not yet built"
            if math.isfinite(b.lo):
                out.append(Gap(-math.inf, b.lo - 1, closed_by=b))
        for d in self.denials:
            lo, hi = day_bounds(d.time)  # type: ignore[arg-type]
            out.append(Gap(lo, hi, denial=d))
        return out


def _boundary_key(b: Boundary) -> tuple:
    return (b.lo, b.hi, b.claim is None, b.claim.id if b.claim else "", b.kind)


def existence_subject(claim: Claim) -> str | None:
    """Which place or thing an existence claim is about: its place, else its object participant."""
    if claim.place:
        return claim.place
    for p in claim.participants:
        if p.role == "object":
            return p.entity
    return claim.participants[0].entity if claim.participants else None


def read_existence(claim: Claim) -> tuple[str, str]:
    """How an existence claim reads: ``(reading, word)`` with reading begin/restart/end/absent/present."""
    text = (claim.content or claim.quote or "").lower()
    end = _has(_END, text)
    restart = _has(_RESTART, text)
    begin = restart or _has(_BEGIN, text)
    denied = claim.polarity == "denied"
    if end and not begin:
        # "was closed throughout 1948" describes a state of non-existence, not the moment it ended.
        return ("absent" if claim.aspect == "state" else "end"), end
    if begin and not end:
        if denied:
            return "absent", begin  # "had not yet been built"
        return ("restart" if restart else "begin"), begin
    return ("absent" if denied else "present"), ""


def collect_existence(claims: Sequence[Claim], entities: Mapping[str, Entity]) -> dict[str, Existence]:
    """Existence evidence per place id, from the case file's dates and the corpus's existence claims."""
    out: dict[str, Existence] = defaultdict(Existence)
    for ent in entities.values():
        if ent.exists_from is not None:
            d = ent.exists_from.toordinal()
            out[ent.id].boundaries.append(Boundary("begin", d, d, "came into existence"))
        if ent.exists_until is not None:
            d = ent.exists_until.toordinal()
            out[ent.id].boundaries.append(Boundary("end", d, d, "ceased to exist"))
    for c in claims:
        if c.kind != "existence" or c.time is None:
            continue
        subject = existence_subject(c)
        if subject is None:
            continue
        lo, hi = day_bounds(c.time)
        reading, word = read_existence(c)
        ex = out[subject]
        if reading == "end":
            if math.isfinite(hi):
                ex.boundaries.append(Boundary("end", lo, hi, word, c))
        elif reading in ("begin", "restart"):
            if math.isfinite(lo):
                ex.boundaries.append(Boundary("begin", lo, hi, word, c, restart=reading == "restart"))
        elif reading == "absent":
            ex.denials.append(c)
        else:
            ex.affirmations.append(c)
    return dict(out)


def _located_chain(place_id: str, entities: Mapping[str, Entity]) -> list[str]:
    chain: list[str] = []
    node: str | None = place_id
    while node is not None and node not in chain:
        chain.append(node)
        ent = entities.get(node)
        node = ent.located_in if ent is not None else None
    return chain


def _city_of(place_id: str, entities: Mapping[str, Entity]) -> str | None:
    """The nearest enclosing place that is not a building (a hotel's city)."""
    for node in _located_chain(place_id, entities)[1:]:
        ent = entities.get(node)
        if ent is not None and ent.kind != "building":
            return node
    return None


def _checked_subjects(claim: Claim) -> list[tuple[str, str]]:
    """(entity id, role in the claim) for everything whose existence the claim presupposes."""
    out: list[tuple[str, str]] = []
    if claim.place:
        out.append((claim.place, "place"))
    if claim.kind == "travel" and claim.origin:
        out.append((claim.origin, "origin"))
    for p in claim.participants:
        if p.role == "object":
            out.append((p.entity, "object"))
    return out


def _name_tokens(name: str) -> frozenset[str]:
    words = re.findall(r"[a-z0-9]+", anyascii(name).lower())
    return frozenset(w for w in words if w not in GENERIC_NAME_WORDS and len(w) > 1)


def similar_names(a: Entity, b: Entity) -> bool:
    """Two establishments share a distinctive word of their names ("Hotel X" and "Bakery X")."""
    ta = set().union(*(_name_tokens(n) for n in [a.name, *a.aliases]))
    tb = set().union(*(_name_tokens(n) for n in [b.name, *b.aliases]))
    return bool(ta & tb)


def _must_clash(claim: Claim, aspect: str, gap: Gap) -> bool:
    return overlap(claim.time, aspect, gap.window(), "state") == "must"  # type: ignore[arg-type]


def _margin_days(claim: Claim, aspect: str, gap: Gap) -> float:
    """How far the claim's window could move and still clash: the robustness of the finding."""
    lo, hi = day_bounds(claim.time)  # type: ignore[arg-type]
    if aspect == "event":
        # An open side of the gap leaves unlimited room on that side (and avoids inf - inf).
        left = math.inf if gap.lo == -math.inf else lo - gap.lo
        right = math.inf if gap.hi == math.inf else gap.hi - hi
        return min(left, right)
    return min(hi, gap.hi) - max(lo, gap.lo) + 1  # days of the state inside the gap


@dataclass
class _Rival:
    entity: Entity
    claims: list[Claim]
    by_case_file: bool


class SimilarNames:
    """Establishments per city grouped by the distinctive words of their names, built once per run.

    So that finding the similarly named rivals of a place looks only at places of its city sharing a
    word, not at every place of the corpus.
    """

    def __init__(self, entities: Mapping[str, Entity]) -> None:
        self._entities = entities
        self._index: dict[tuple[str, str], list[Entity]] = defaultdict(list)
        self._memo: dict[str, list[Entity]] = {}
        for e in sorted(entities.values(), key=lambda e: e.id):
            city = _city_of(e.id, entities) if e.kind in ("building", "place") else None
            if city is not None:
                for token in _all_tokens(e):
                    self._index[(city, token)].append(e)

    def of(self, subject: str) -> list[Entity]:
        if subject not in self._memo:
            ent = self._entities.get(subject)
            city = _city_of(subject, self._entities) if ent is not None else None
            found: dict[str, Entity] = {}
            if ent is not None and city is not None:
                for token in _all_tokens(ent):
                    for other in self._index.get((city, token), ()):
                        if other.id != subject:
                            found[other.id] = other
            self._memo[subject] = [found[k] for k in sorted(found)]
        return self._memo[subject]


def _all_tokens(e: Entity) -> set[str]:
    return set().union(*(_name_tokens(n) for n in [e.name, *e.aliases]))


class Attestations:
    """Affirmed claims that place something at each place, sorted by start day, for rival readings.

    A rival establishment is a live reading of a claim when something places it at a time that *may*
    be the claim's or *before* it (a building attested in 1950 is presumed still standing in 1951 unless
    its own end is recorded in between), or undated. For windows both conditions together come down to
    "the attestation starts no later than the claim ends", which a sorted list answers by bisection.
    """

    def __init__(self, claims: Sequence[Claim]) -> None:
        dated: dict[str, list[tuple[float, str, Claim]]] = defaultdict(list)
        self.undated: dict[str, list[Claim]] = defaultdict(list)
        for c in claims:
            if c.polarity != "affirmed" or c.kind == "non_occurrence":
                continue
            if c.kind == "existence" and read_existence(c)[0] in ("end", "absent"):
                continue
            where_ = existence_subject(c) if c.kind == "existence" else c.place
            if where_ is None:
                continue
            if c.time is None or (c.time.earliest is None and c.time.latest is None):
                self.undated[where_].append(c)
            else:
                dated[where_].append((day_bounds(c.time)[0], c.id, c))
        self.dated = {k: sorted(v, key=lambda t: (t[0], t[1])) for k, v in dated.items()}
        self.starts = {k: [t[0] for t in v] for k, v in self.dated.items()}

    def up_to(self, place_id: str, hi: float, *, exclude: str, most: int = 3) -> list[Claim]:
        """At most ``most`` attestations of ``place_id`` starting by day ``hi``: the latest ones, then undated."""
        row = self.dated.get(place_id, [])
        k = bisect_right(self.starts.get(place_id, []), hi)
        picked = [t[2] for t in reversed(row[:k]) if t[2].id != exclude][:most]
        if len(picked) < most:
            picked += [c for c in self.undated.get(place_id, []) if c.id != exclude][: most - len(picked)]
        return sorted(picked, key=lambda c: c.id)


def _rivals(
    claim: Claim,
    aspect: str,
    subject: str,
    gaps: Mapping[str, list[Gap]],
    similar: SimilarNames,
    attest: Attestations,
) -> list[_Rival]:
    """Other establishments with a similar name in the same city that may have been there at the time.

    Counted when :class:`Attestations` places the rival then (or earlier, or undated), or when its
    case-file dates cover the claim, and never when the rival's own recorded gaps cover it. Generous on
    purpose: a contest only flags a finding for the reader, it never hides it.
    """
    lo, hi = day_bounds(claim.time)  # type: ignore[arg-type]
    out: list[_Rival] = []
    for other in similar.of(subject):
        if any(_must_clash(claim, aspect, g) for g in gaps.get(other.id, [])):
            continue  # the rival itself did not exist then
        evidence = attest.up_to(other.id, hi, exclude=claim.id)
        dated = other.exists_from is not None or other.exists_until is not None
        covers = (
            dated
            and (other.exists_from is None or other.exists_from.toordinal() <= lo)
            and (other.exists_until is None or other.exists_until.toordinal() >= hi)
        )
        if evidence or covers:
            out.append(_Rival(other, evidence, bool(covers)))
    return out


def _clause(claim: Claim, entities: Mapping[str, Entity]) -> str:
    """What the claim says happened, as the start of a sentence: "Anton Velder met Clara Mirov"."""
    people = [p for p in claim.participants if p.role != "object"]
    names = [name_of(p.entity, entities, [claim]) for p in people]
    first = [name_of(p.entity, entities, [claim]) for p in people if p.role in ("subject", "sender", "visitor")]
    rest = [n for n in names if n not in first] if first else names[1:]
    who = join_names(first) if first else (names[0] if names else "someone")
    if claim.kind in ("meeting", "first_contact"):
        verb = "first met" if claim.kind == "first_contact" else "met"
        return f"{who} {verb} {join_names(rest)}" if rest else f"{who} had a meeting"
    if claim.kind == "communication":
        return f"{who} passed a message to {join_names(rest)}" if rest else f"{who} passed a message"
    if claim.kind == "travel":
        return f"{who} travelled" + (f" by {claim.means}" if claim.means else "")
    if claim.kind == "custody":
        return f"{who} was held"
    return f"{who} was"


def _place_phrase(claim: Claim, subject: str, role: str, entities: Mapping[str, Entity]) -> str:
    if role == "place":
        if claim.kind == "travel":
            phrase = where(claim, entities)
            return "to " + phrase.split(" ", 1)[1] if phrase else ""
        return where(claim, entities)
    name = name_of(subject, entities, [claim])
    if role == "origin":
        return f"from {name}"
    return f"involving {name}"


def _edge_words(gap: Gap, entities: Mapping[str, Entity]) -> list[str]:
    """Why the place did not exist then, one phrase per piece of evidence, each attributed."""
    words: list[str] = []
    if gap.denial is not None:
        d = gap.denial
        words.append(f"it did not exist {describe_window(d.time, 'state')}, {attributed(d, entities)}")  # type: ignore[arg-type]
    for b, only in ((gap.opened_by, ""), (gap.closed_by, "only ")):
        if b is None:
            continue
        if b.claim is None:
            day = date.fromordinal(int(b.lo))
            when = describe_window(TimeWindow(earliest=day, latest=day), "event")
            verb = b.word if b.kind == "end" else f"{b.word} only"
            words.append(f"it {verb} {when} according to the case file")
        else:
            when = describe_window(b.claim.time, "event")  # type: ignore[arg-type]
            words.append(f"it was {only}{b.word} {when}, {attributed(b.claim, entities)}")
    return words


def check_anachronism(ctx: "Context") -> list[Finding]:
    """Every affirmed, dated claim placed at (or involving) a place or thing that did not exist then."""
    claims, entities, texts = ctx.claims, ctx.entities, ctx.texts
    existence = collect_existence(claims, entities)
    gaps = {subject: ex.gaps() for subject, ex in existence.items()}
    similar = SimilarNames(entities)
    attest = Attestations(claims)

    results: list[tuple[tuple, Finding]] = []
    for claim in claims:
        if claim.kind not in CHECKED_KINDS or claim.polarity != "affirmed" or claim.time is None:
            continue
        if claim.time.earliest is None and claim.time.latest is None:
            continue
        aspect = "event" if claim.kind == "travel" else ("state" if claim.kind == "custody" else claim.aspect)
        seen: set[str] = set()
        for subject, role in _checked_subjects(claim):
            for node in _located_chain(subject, entities) if role != "object" else [subject]:
                if node in seen:
                    continue
                seen.add(node)
                clashing = [g for g in gaps.get(node, []) if _must_clash(claim, aspect, g)]
                if not clashing:
                    continue
                f = _finding(claim, aspect, subject, role, node, clashing, existence[node], entities, gaps, similar, attest, texts)
                if any(g.from_case_file for g in clashing):
                    # the case file's dates stand on passages it cites: those are the other side
                    for cit in ctx.entity_citations.get(node, []):
                        if cit not in f.citations:
                            f.citations.append(cit)
                lo, _ = day_bounds(claim.time)
                results.append(((lo, claim.id, node), f))
    results.sort(key=lambda t: t[0])
    return [f for _, f in results]


def _finding(
    claim: Claim,
    aspect: str,
    subject: str,
    role: str,
    node: str,
    clashing: list[Gap],
    ex: Existence,
    entities: Mapping[str, Entity],
    gaps: Mapping[str, list[Gap]],
    similar: SimilarNames,
    attest: Attestations,
    texts: Mapping[str, str],
) -> Finding:
    # The gap the summary explains: one with cited passages if any, then the widest margin.
    clashing = sorted(clashing, key=lambda g: (not g.claims, -_margin_days(claim, aspect, g), g.lo, [c.id for c in g.claims]))
    main = clashing[0]
    evidence: list[Claim] = []
    for g in clashing:
        for c in g.claims:
            if c.id not in {e.id for e in evidence}:
                evidence.append(c)
    place_name = name_of(node, entities, [claim])

    # The other readings: it existed after all, or the witness meant a similarly named establishment.
    affirming = [
        c for c in ex.affirmations if overlap(claim.time, aspect, c.time, c.aspect) != "cannot"  # type: ignore[arg-type]
    ]
    rivals = _rivals(claim, aspect, node, gaps, similar, attest) if entities.get(node) is not None else []
    contest_claims: list[Claim] = []
    for c in affirming + [c for r in rivals for c in r.claims]:
        if c.id != claim.id and c.id not in {e.id for e in evidence} and c.id not in {x.id for x in contest_claims}:
            contest_claims.append(c)
    contested = bool(affirming or rivals)

    summary = (
        f"{_clause(claim, entities)} {_place_phrase(claim, subject, role, entities)} "
        f"{describe_window(claim.time, aspect)}, {attributed(claim, entities)}"  # type: ignore[arg-type]
    )
    if node != subject:
        summary += f", but {place_name}, where that was, did not exist then: "
    else:
        summary += f", but {place_name} did not exist then: "
    summary += "; ".join(_edge_words(main, entities)) + "."
    readings = [
        {
            "reading": "anachronism",
            "text": f"{place_name} did not exist {describe_window(main.window(), 'state')}, so the claim cannot be true as stated.",
            "claims": [claim.id, *[c.id for c in evidence]],
        }
    ]
    if affirming:
        names = "; ".join(f"{describe_window(c.time, c.aspect)}, {attributed(c, entities)}" for c in affirming)  # type: ignore[arg-type]
        summary += f" Contested: other evidence says {place_name} existed then ({names})."
        readings.append(
            {
                "reading": "existed",
                "text": f"{place_name} existed at the time after all, and the dates of its destruction or building are wrong.",
                "claims": [c.id for c in affirming],
            }
        )
    for r in rivals:
        basis = [
            (f"{describe_window(c.time, c.aspect)}, " if c.time is not None else "") + attributed(c, entities)  # type: ignore[arg-type]
            for c in r.claims
        ] + (["according to the case file"] if r.by_case_file else [])
        summary += (
            f" Contested: another establishment with a similar name, {r.entity.name}, is placed in the same city "
            f"({'; '.join(basis)}) and may have stood there at the time; the claim may mean that one."
        )
        readings.append(
            {
                "reading": "similar_name",
                "text": f"The claim refers to {r.entity.name}, not {place_name}.",
                "entity": r.entity.id,
                "claims": [c.id for c in r.claims],
                "case_file": r.by_case_file,
            }
        )

    margin = _margin_days(claim, aspect, main)
    lo, hi = day_bounds(claim.time)  # type: ignore[arg-type]
    own = (hi - lo + 1) if math.isfinite(hi - lo) else 3650.0
    edges = [b for b in (main.opened_by, main.closed_by) if b is not None]
    edge_len = sum(min(b.hi - b.lo + 1, 3650.0) for b in edges)
    fuzz = 30.0 + 0.05 * (min(own, 3650.0) + edge_len)
    m = min(margin, 36500.0)
    robustness = math.sqrt(m / (m + fuzz)) if m > 0 else 0.1
    hedge = _MODALITY_WEIGHT.get(claim.modality, 1.0)
    for c in main.claims:
        hedge *= _MODALITY_WEIGHT.get(c.modality, 1.0)
    case_only = not main.claims
    confidence = 0.95 * robustness * hedge * (CASE_FILE_WEIGHT if case_only else 1.0)
    reasons = [
        f"the claim's window lies {'inside' if aspect == 'event' else 'partly inside'} the period of non-existence "
        f"with a margin of {m:,.0f} days against about {fuzz:,.0f} days of uncertainty in the dates (factor {robustness:.2f})"
    ]
    if hedge < 1.0:
        reasons.append(f"hedged claims (reported or alleged; x{hedge:.2f})")
    if case_only:
        reasons.append(f"the existence dates come from the case file, not from a cited passage (x{CASE_FILE_WEIGHT})")
    elif main.from_case_file:
        reasons.append("one edge of the period comes from the case file")
    if contested:
        confidence *= CONTESTED_WEIGHT
        reasons.append(f"contested by another reading (x{CONTESTED_WEIGHT})")

    return make_finding(
        "anachronism",
        RULE,
        [claim, *evidence, *contest_claims],
        texts,
        summary,
        confidence,
        "; ".join(reasons) + ".",
        contested=contested,
        details={
            "claim": claim.id,
            "place": node,
            "place_name": place_name,
            "role": role if node == subject else f"{role} (located in)",
            "aspect": aspect,
            "non_existence": [
                {
                    "from": g.window().earliest.isoformat() if g.window().earliest else None,
                    "until": g.window().latest.isoformat() if g.window().latest else None,
                    "opened_by": _boundary_detail(g.opened_by),
                    "closed_by": _boundary_detail(g.closed_by),
                    "denial": g.denial.id if g.denial else None,
                }
                for g in clashing
            ],
            "existence_claims": [c.id for c in evidence],
            "contesting_claims": [c.id for c in contest_claims],
            "readings": readings,
            "margin_days": None if not math.isfinite(margin) else int(margin),
        },
    )


def _boundary_detail(b: Boundary | None) -> dict | None:
    if b is None:
        return None
    return {
        "kind": "restart" if b.restart else b.kind,
        "word": b.word,
        "claim": b.claim.id if b.claim else None,
        "source": "claim" if b.claim else "case_file",
        "earliest": date.fromordinal(int(b.lo)).isoformat() if math.isfinite(b.lo) else None,
        "latest": date.fromordinal(int(b.hi)).isoformat() if math.isfinite(b.hi) else None,
    }
