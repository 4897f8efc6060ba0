"""Do two claims speak of the same event, and do two documents stand in a record/derived relation?

Four checks (``denial``, ``version_conflict``, ``self_contradiction``, ``record_mismatch``) rest on the
same two questions, so they are answered once, here, over structured claims only (never over the
wording of a sentence):

Same event
    Two claims can only clash if they speak of the same thing. We ask it in two forms, because a
    denial and an account are read differently:

    * :func:`match_denial`: does a *denied* claim cover an *affirmed* one? A denial is read as "on no
      day of its window, at no place within its place, did this happen": "X never met Y" (no time, no
      place) covers every meeting of X and Y; "I did not meet Y in Tartu in 1951" covers a meeting in
      Tartu on 4 March 1951 but not one in Riga, nor one in 1950. Relational denials distribute over
      their counterparts ("never exchanged a letter with Z and K" denies each pair), and an affirmed
      claim also asserts what it implies (a meeting in Tartu puts both people in Tartu; a journey to Riga
      puts the traveller in Riga), so "X was never in Tartu" covers "X met Y in Tartu".
    * :func:`compare_accounts`: are two *affirmed* accounts versions of one event, and on which
      essential slot (content, place, time, means, route, direction, a participant) do they differ? Two
      meetings of the same people at different places may simply be two meetings, so a difference only
      counts when something *else* pins the two accounts to one event (an *anchor*): the same object
      (the letter), the uniqueness of a first meeting, the same content, or windows so short and close
      that they name the same day. Which anchors may vouch for which difference is the table
      :data:`ANCHORS_FOR`; a difference no anchor vouches for means "not shown to be the same event".

    The grade of a match says how strongly: ``exact`` (every slot the same), ``covers`` (one side is
    less specific or the denial is wider; still a certain clash), ``compatible`` (they may be the same
    but need not: part of the affirmed window lies outside the denial's).

Same source
    :func:`same_voice` decides whether two claims come from one speaker (a denial needs
    two, a self-contradiction one). :func:`record_documents` and :func:`derivation_related` say which
    documents a verdict or a reprint derives from, so that a verdict disagreeing with its trial record
    is reported once, as ``record_mismatch``, and not again as a version conflict between the court and a
    witness.

Why it scales
    Nothing here compares all claims with all claims. Claims are bucketed by (kind family, people):
    denials under the pairs (or single people) they deny, affirmed claims looked up by the pairs and
    people they contain; accounts under the pairs of people they share and, for "who handed it over"
    disagreements, under the people they share but one. Inside a bucket, claims are compared all with
    all only while the bucket is small; larger buckets are swept in time order so that only claims whose
    windows meet are compared. Every evaluated pair increments :data:`COMPARISONS`, which the tests
    and the benchmark read to show the growth is far from quadratic.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations
from typing import Literal

from anyascii import anyascii
from rapidfuzz import fuzz

from countertrial.model import Claim, Document, Entity, TimeWindow
from countertrial.reason.findings import join_names, name_of, where
from countertrial.reason.intervals import day_bounds, describe_window, overlap

# --------------------------------------------------------------------------------------------------
# Vocabulary

#: Kinds that speak of the same sort of happening. A denial of a meeting also denies a first meeting;
#: a statement of what a letter said is an account of that communication.
FAMILY: dict[str, str] = {
    "meeting": "contact",
    "first_contact": "contact",
    "presence": "presence",
    "custody": "presence",
    "travel": "travel",
    "communication": "communication",
    "document_content": "communication",
    "existence": "existence",
    "non_occurrence": "non_occurrence",
}

#: Families whose claims relate people to each other (a meeting is between X *and* Y), as opposed to
#: families that say something of each person separately (X was in Tartu, and so was Y).
RELATIONAL = frozenset({"contact", "communication"})

#: Roles that point at a thing (the letter, the plan) rather than at someone taking part.
THING_ROLES = frozenset({"object"})
#: Roles whose swap changes what happened (who sent what to whom); subject/companion are symmetric.
DIRECTED_ROLES = frozenset({"sender", "receiver"})

#: Document kinds that summarise or judge a record rather than record testimony.
DERIVED_KINDS = frozenset({"verdict", "indictment", "judgment", "judgement", "summary", "sentence"})
#: Document kinds that *are* a record (what a verdict or indictment without a named source rests on).
RECORD_KINDS = frozenset({"trial_record", "interrogation", "testimony"})
#: Derived kinds whose record is every record of the corpus when the manifest names none.
RECORD_BASED_KINDS = frozenset({"verdict", "indictment", "judgment", "judgement", "sentence"})

#: Content similarity (rapidfuzz ``token_set_ratio`` on normalised content words, 0-100). At or above
#: SIMILAR the two contents say the same thing (a rewording, or one a part of the other); below
#: DIFFERENT they say different things; in between we do not decide either way.
CONTENT_SIMILAR_AT = 70.0
CONTENT_DIFFERENT_BELOW = 60.0
#: A content identifies one message only when it has at least this many words of some length: "the
#: letter" or "instructions" name a kind of message, not which one.
SPECIFIC_CONTENT_WORDS = 3


def specific_content(text: str | None) -> bool:
    """Whether a content says enough to tell one message from another of its kind."""
    return bool(text) and sum(1 for w in re.findall(r"\w+", text) if len(w) >= CONTENT_MIN_WORD) >= SPECIFIC_CONTENT_WORDS


#: Words shorter than this are dropped before comparing contents: articles, prepositions and particles
#: are short in most languages and only inflate the score of unrelated sentences.
CONTENT_MIN_WORD = 4

#: Windows at most this many days long that meet name "the same day or two": an anchor for one event.
PRECISE_DAYS = 3
#: Windows at most this long that meet, between the same people: a weaker anchor ("the letter of May").
NEAR_DAYS = 31
#: A denial with a window covers an affirmed event only partly: below this share of the event's window
#: inside the denial's, the denial does not speak of that event.
MIN_COVERED_FRACTION = 0.5
#: Account families whose versions can differ on an essential slot (see :func:`compare_accounts`).
DIFFERING_FAMILIES = frozenset({"contact", "first_contact", "travel", "communication"})
#: All-with-all comparison inside a bucket up to this size; larger buckets are swept in time order.
MAX_ALL_PAIRS = 200
#: Claims naming more people than this are looked up by person rather than by every pair of people.
MAX_PAIR_PEOPLE = 8

#: Anchor names, and which anchors may tie two accounts that differ on a slot to one event. An anchor
#: cannot vouch for the slot it is made of: two dates cannot be "the same day" and differ.
#: ``version``: the text gives one account as a version of the other ("With B, “…”"), so they are one
#: event whatever they differ on.
ANCHORS_FOR: dict[str, frozenset[str]] = {
    "content": frozenset({"version", "object", "first_contact", "precise_time", "near_time"}),
    "place": frozenset({"version", "object", "first_contact", "precise_time"}),
    "time": frozenset({"version", "object", "first_contact"}),
    "means": frozenset({"version", "object", "precise_time", "near_time"}),
    "origin": frozenset({"version", "object", "precise_time", "near_time"}),
    "direction": frozenset({"version", "object", "content", "precise_time"}),
    "participant": frozenset({"version", "object", "content"}),
    "condition": frozenset({"version", "object", "content", "precise_time", "near_time", "same_message"}),
}
#: How firmly each anchor ties two accounts to one event (used in confidences).
ANCHOR_STRENGTH = {
    "version": 1.0,
    "object": 1.0,
    "first_contact": 0.95,
    "precise_time": 0.9,
    "content": 0.8,
    "near_time": 0.65,
    "same_message": 0.6,
}

#: Verbs that undo what their stem did ("unlock", "unseal"): a thing sent locked may arrive unlocked.
#: For any other "un-" state ("undeveloped", "unopened", "unread") nothing turns the done state back.
UNDOING_VERBS = frozenset({
    "unlock", "unpack", "untie", "unwrap", "unseal", "unfold", "unbutton", "undo", "unload", "unplug", "unzip",
    "unscrew", "unroll", "unveil", "unmask", "undress", "unbolt", "unfasten", "uncover", "unchain", "unbind",
    "unhook", "unlatch", "unbuckle", "unstrap", "unpin", "unclasp", "unstick", "unravel", "unwind", "unfreeze",
})  # fmt: skip


def _undone(word: str) -> str | None:
    """'undeveloped' -> 'developed': the done state an "un-" state negates, if it is one."""
    return word[2:] if word.startswith("un") and len(word) > 5 else None


def _reversible(undone_word: str) -> bool:
    """'unlocked', 'untied', 'unzipped': the state an undoing verb leaves ("unlock", "untie", "unzip")."""
    return any(undone_word[: len(v)] == v and len(undone_word) - len(v) <= 3 for v in UNDOING_VERBS)


def condition_clash(a: Claim, b: Claim) -> tuple[str, str] | None:
    """Do two accounts of one handing-over give the thing states that cannot both hold?

    Opposite states ("developed" / "undeveloped") clash when both accounts speak of the same moment
    (both of its sending, or both of its receipt), and when the thing left in the done state and
    arrived in the undone one, unless something undoes it ("sent locked, received unlocked" is
    possible; "sent developed, received undeveloped" is not). Sent undone and received done is a
    change in transit, not a contradiction."""
    if not (a.condition and b.condition):
        return None
    for wa in a.condition.split(" and "):
        for wb in b.condition.split(" and "):
            if _undone(wb) == wa:
                done, undone, undone_at, done_at = wa, wb, b.condition_at, a.condition_at
            elif _undone(wa) == wb:
                done, undone, undone_at, done_at = wb, wa, a.condition_at, b.condition_at
            else:
                continue
            if done_at == undone_at or (done_at == "sent" and undone_at == "received" and not _reversible(undone)):
                return wa, wb
    return None

#: How much a hedged or second-hand claim weighs as one side of a contradiction.
MODALITY_WEIGHT = {"asserted": 1.0, "reported": 0.9, "alleged": 0.75}
KNOWLEDGE_WEIGHT = {"first_hand": 1.0, "unknown": 1.0, "reported": 0.95, "hearsay": 0.85}

#: Manifest ``conditions`` (free text written by the analyst) mapped to what they tell the reader.
#: These weigh on a statement's value as *evidence*, not on whether two statements contradict.
CONDITION_MARKERS = (
    ("custody", "made in custody"),
    ("retract", "later retracted"),
    ("partisan", "partisan source"),
    ("years later", "written long after the events"),
)


class ComparisonCounter:
    """Counts evaluated candidate pairs, so tests and benchmarks can show the bucketing works."""

    def __init__(self) -> None:
        self.count = 0

    def reset(self) -> None:
        self.count = 0


COMPARISONS = ComparisonCounter()


# --------------------------------------------------------------------------------------------------
# Slots of a claim


def family(kind: str) -> str:
    return FAMILY.get(kind, kind)


def account_family(kind: str) -> str:
    """Like :func:`family`, but a first meeting is only ever the same event as another first meeting
    (a first meeting and a later meeting of the same people is a chronology question, not two versions)."""
    return "first_contact" if kind == "first_contact" else family(kind)


def people(claim: Claim) -> frozenset[str]:
    """Who takes part (entity ids), leaving out things named as objects (the letter, the plan)."""
    return frozenset(p.entity for p in claim.participants if p.role not in THING_ROLES)


def objects(claim: Claim) -> frozenset[str]:
    return frozenset(p.entity for p in claim.participants if p.role in THING_ROLES)


def roles(claim: Claim) -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for p in claim.participants:
        if p.role not in THING_ROLES:
            out[p.entity].add(p.role)
    return {k: frozenset(v) for k, v in out.items()}


def subjects(claim: Claim) -> frozenset[str]:
    """What an existence claim is about; otherwise the people."""
    if family(claim.kind) == "existence":
        found = people(claim) | objects(claim)
        return found or (frozenset({claim.place}) if claim.place else frozenset())
    return people(claim)


def core_pairs(claim: Claim) -> frozenset[frozenset[str]]:
    """The pairs of people a relational denial is about, read distributively.

    "X never met Y and Z" denies {X,Y} and {X,Z} (not {Y,Z}); "X and Y never met" denies {X,Y}. People
    on the same side (same roles) are not paired with each other unless everyone is on one side. An
    intermediary is paired only when nobody else is there to pair: "S never wrote to R through I"
    does not deny every letter between S and I.
    """
    return _core_pairs(roles(claim))


def _core_pairs(r: Mapping[str, frozenset[str]]) -> frozenset[frozenset[str]]:
    main = [e for e, rs in r.items() if rs - {"intermediary"}]
    if len(main) < 2:
        main = list(r)
    main.sort()
    if len(main) < 2:
        return frozenset()
    one_side = len({r[e] for e in main}) == 1
    return frozenset(frozenset((x, y)) for x, y in combinations(main, 2) if one_side or r[x] != r[y])


def bounds(window: TimeWindow | None) -> tuple[float, float] | None:
    """Inclusive day ordinals of a window; None when the claim gives no time at all."""
    if window is None or (window.earliest is None and window.latest is None):
        return None
    return day_bounds(window)


def window_days(window: TimeWindow | None) -> float:
    b = bounds(window)
    return math.inf if b is None else b[1] - b[0] + 1


def covered_fraction(a: TimeWindow, d: TimeWindow) -> float:
    """Share of the days of ``a`` that lie inside ``d`` (0 when ``a`` is unbounded and ``d`` is not)."""
    a1, a2 = day_bounds(a)
    d1, d2 = day_bounds(d)
    lo, hi = max(a1, d1), min(a2, d2)
    if hi < lo:
        return 0.0
    total = a2 - a1 + 1
    if math.isinf(total):
        return 1.0 if (lo, hi) == (a1, a2) else 0.0
    return (hi - lo + 1) / total


def time_relation(a: Claim, b: Claim) -> str:
    """``unstated`` when either gives no time, else the :func:`overlap` of the two under their aspects."""
    if bounds(a.time) is None or bounds(b.time) is None:
        return "unstated"
    return overlap(a.time, a.aspect, b.time, b.aspect)  # type: ignore[arg-type]



@dataclass(frozen=True, slots=True)
class Slots:
    """What the matching reads from one claim, computed once per claim and run."""

    family: str
    account_family: str
    people: frozenset[str]
    subjects: frozenset[str]
    objects: frozenset[str]
    roles: dict[str, frozenset[str]]
    bounds: tuple[float, float] | None
    days: float
    facets: tuple["Facet", ...]


def slots_of(claim: Claim) -> Slots:
    b = bounds(claim.time)
    return Slots(
        family(claim.kind),
        account_family(claim.kind),
        people(claim),
        subjects(claim),
        objects(claim),
        roles(claim),
        b,
        math.inf if b is None else b[1] - b[0] + 1,
        tuple(facets(claim)),
    )


class Matcher:
    """The matching of one run: the entities, plus caches of each claim's slots and of place relations.

    The module-level :func:`match_denial` and :func:`compare_accounts` build a throwaway one; the pair
    generators and the checks build one per run so that no claim is read twice. The slot cache keeps a
    reference to each claim it has read, so an entry can never be mistaken for another claim's.
    """

    def __init__(self, entities: Mapping[str, Entity]) -> None:
        self.entities = entities
        self._slots: dict[int, tuple[Claim, Slots]] = {}
        self._places: dict[tuple[str | None, str | None], PlaceRelation] = {}

    def slots(self, claim: Claim) -> Slots:
        hit = self._slots.get(id(claim))
        if hit is None or hit[0] is not claim:
            hit = (claim, slots_of(claim))
            self._slots[id(claim)] = hit
        return hit[1]

    def place_relation(self, a: str | None, b: str | None) -> PlaceRelation:
        key = (a, b)
        rel = self._places.get(key)
        if rel is None:
            rel = place_relation(a, b, self.entities)
            self._places[key] = rel
        return rel

    def match_denial(self, denied: Claim, affirmed: Claim) -> "Match | None":
        return _match_denial(self, denied, affirmed)

    def compare_accounts(self, a: Claim, b: Claim, *, allow_participant: bool = True) -> "Comparison | None":
        return _compare_accounts(self, a, b, allow_participant)


def _chain(place: str, entities: Mapping[str, Entity]) -> list[str]:
    out, seen = [place], {place}
    node = entities.get(place)
    while node is not None and node.located_in and node.located_in not in seen:
        out.append(node.located_in)
        seen.add(node.located_in)
        node = entities.get(node.located_in)
    return out


PlaceRelation = Literal["same", "within", "contains", "disjoint", "unknown", "unstated"]


def place_relation(a: str | None, b: str | None, entities: Mapping[str, Entity]) -> PlaceRelation:
    """How place ``a`` stands to place ``b``: ``within`` means a lies inside b (a hotel in its city).

    ``disjoint`` needs both places to be known well enough to say so: a building whose city we do not
    know may well be in the other place, so that is ``unknown``, never a difference.
    """
    if a is None or b is None:
        return "unstated"
    if a == b:
        return "same"
    ca, cb = _chain(a, entities), _chain(b, entities)
    if b in ca:
        return "within"
    if a in cb:
        return "contains"

    def placed(chain: list[str]) -> bool:
        ent = entities.get(chain[0])
        if ent is None:
            return False
        return ent.kind != "building" or len(chain) > 1

    return "disjoint" if placed(ca) and placed(cb) else "unknown"


def normalise_content(text: str) -> str:
    """Content words, transliterated and case-folded, in their order."""
    words = re.findall(r"\w+", anyascii(text).casefold())
    kept = [w for w in words if len(w) >= CONTENT_MIN_WORD]
    return " ".join(kept or words)


def content_similarity(a: str | None, b: str | None) -> float | None:
    """0-100, or None when either side states no content. One content inside the other scores 100."""
    if not a or not b:
        return None
    na, nb = normalise_content(a), normalise_content(b)
    if not na or not nb:
        return None
    if na == nb:
        return 100.0
    return float(fuzz.token_set_ratio(na, nb))


# --------------------------------------------------------------------------------------------------
# Sources: who speaks, under what conditions, and which documents derive from which


def same_voice(a: Claim, b: Claim) -> bool | None:
    """True: one speaker; False: two; None: cannot tell (a speaker is unknown and both are in one document).

    A claim with no speaker that is *reported* or *alleged* is somebody else's words, so it is never the
    same voice as the one who reports it; with no speaker in two different documents, the documents
    are the voices.
    """
    if a.speaker and b.speaker:
        return a.speaker == b.speaker
    for x, y in ((a, b), (b, a)):
        if not x.speaker and y.speaker and (x.reported_by == y.speaker or x.modality != "asserted"):
            return False
    if a.document != b.document:
        return False
    return None


def conditions_reasons(claims: Iterable[Claim], documents: Mapping[str, Document], why: str) -> list[str]:
    """One sentence per document whose manifest conditions matter, e.g. 'x.txt was made in custody'."""
    out, seen = [], set()
    for c in claims:
        if c.document in seen:
            continue
        seen.add(c.document)
        conds = source_conditions(c, documents)
        if conds:
            out.append(f"{c.document}: {', '.join(conds)} ({why})")
    return out


def source_conditions(claim: Claim, documents: Mapping[str, Document]) -> list[str]:
    """What the manifest says about how the claim's document was produced, as short phrases."""
    doc = documents.get(claim.document)
    text = (doc.meta.conditions or "").casefold() if doc is not None else ""
    return [phrase for marker, phrase in CONDITION_MARKERS if marker in text]


def statement_window(claim: Claim, documents: Mapping[str, Document]) -> TimeWindow | None:
    """When the statement was made (the document's date), not when the event happened."""
    doc = documents.get(claim.document)
    return doc.meta.date_window if doc is not None else None


def hedge_factor(claim: Claim) -> tuple[float, list[str]]:
    """How much one side of a contradiction weighs, and why: hedges and second-hand knowledge."""
    factor, why = 1.0, []
    m = MODALITY_WEIGHT.get(claim.modality, 1.0)
    if m < 1.0:
        factor *= m
        why.append(f"{claim.id} is {claim.modality} (x{m:g})")
    k = KNOWLEDGE_WEIGHT.get(claim.knowledge, 1.0)
    if k < 1.0:
        factor *= k
        why.append(f"{claim.id} is {claim.knowledge} (x{k:g})")
    return factor, why


#: Source-graph edges that say one document is drawn *from* another (not merely sharing an origin).
#: Text cues ("according to the indictment") are left out: a book quoting a verdict is not a summary
#: of it, and judging every line of the book against the verdict would be noise.
DERIVATION_RULES = frozenset({"manifest", "case_file"})


def declared_sources(documents: Mapping[str, Document], sources: object | None = None) -> dict[str, frozenset[str]]:
    """What each document is declared to derive from: the manifest's ``derived_from``, plus the case
    file's dependencies when a source graph (:class:`countertrial.reason.independence.SourceGraph`) is
    given."""
    out = {d: set(doc.meta.derived_from) for d, doc in documents.items()}
    graph = getattr(sources, "graph", None)
    if graph is not None:
        for child, parent, data in graph.edges(data=True):
            if data.get("rule") in DERIVATION_RULES and child in out:
                out[child].add(parent)
    return {d: frozenset(v) for d, v in out.items()}


def is_derived_document(doc: Document | None, declared: Mapping[str, frozenset[str]] | None = None) -> bool:
    """A verdict, indictment, summary... or anything declared to copy or summarise another file."""
    if doc is None:
        return False
    parents = declared.get(doc.id, frozenset()) if declared is not None else doc.meta.derived_from
    return (doc.meta.kind or "").casefold() in DERIVED_KINDS or bool(parents)


def record_documents(
    doc_id: str, documents: Mapping[str, Document], declared: Mapping[str, frozenset[str]] | None = None
) -> frozenset[str]:
    """The documents ``doc_id`` derives from, transitively (a reprint of a wire story of a trial rests on
    both). A verdict or indictment with no declared source rests on every record of the corpus.
    ``declared`` is :func:`declared_sources` (default: the manifest's ``derived_from`` alone)."""
    doc = documents.get(doc_id)
    if doc is None:
        return frozenset()

    def parents(d: str) -> Iterable[str]:
        if declared is not None:
            return declared.get(d, ())
        found = documents.get(d)
        return found.meta.derived_from if found is not None else ()

    out: set[str] = set()
    stack = list(parents(doc_id))
    while stack:
        d = stack.pop()
        if d in out or d == doc_id:
            continue
        out.add(d)
        stack.extend(parents(d))
    if not out and (doc.meta.kind or "").casefold() in RECORD_BASED_KINDS:
        out = {i for i, d in documents.items() if (d.meta.kind or "").casefold() in RECORD_KINDS}
    return frozenset(out & documents.keys())


def speaks_as_document(claim: Claim, entities: Mapping[str, Entity]) -> bool:
    """The claim is a document's own assertion quoted elsewhere ("the verdict says ..."): its speaker
    resolves to an entity of kind ``document``."""
    ent = entities.get(claim.speaker) if claim.speaker else None
    return ent is not None and ent.kind == "document"


def derivations(documents: Mapping[str, Document], sources: object | None = None) -> dict[str, frozenset[str]]:
    """Every document's record (see :func:`record_documents`), computed once for a run; ``sources`` is
    the run's source graph, whose case-file dependencies count as declared derivations."""
    declared = declared_sources(documents, sources)
    return {d: record_documents(d, documents, declared) for d in documents}


def derivation_related(a: Claim, b: Claim, records: Mapping[str, frozenset[str]]) -> bool:
    """One claim's document derives (directly or not) from the other's: a record_mismatch question.

    ``records`` is :func:`derivations` of the corpus.
    """
    if a.document == b.document:
        return False
    return a.document in records.get(b.document, ()) or b.document in records.get(a.document, ())


# --------------------------------------------------------------------------------------------------
# Denials


@dataclass(frozen=True)
class Facet:
    """One thing an affirmed claim asserts: itself, or what it implies (a meeting in P puts both in P)."""

    family: str
    people: frozenset[str]
    place: str | None
    aspect: str
    via: str = ""  # "" for the claim itself, else how it is implied


def facets(claim: Claim) -> list[Facet]:
    fam = family(claim.kind)
    ps = subjects(claim)
    aspect = "state" if claim.kind == "custody" else ("event" if claim.kind == "travel" else claim.aspect)
    out = [Facet(fam, ps, claim.place, aspect)]
    if fam == "contact" and claim.place and ps:
        out.append(Facet("presence", ps, claim.place, "event", "a meeting there puts its participants there"))
    if fam == "travel":
        if claim.place and ps:
            out.append(Facet("presence", ps, claim.place, "event", "a journey there puts the traveller there"))
        if len(ps) >= 2:
            out.append(Facet("contact", ps, claim.place, "event", "travelling to see someone means meeting them"))
    return out


@dataclass(frozen=True)
class Match:
    """How a denial covers an affirmed claim (or how two claims are the same event), with the reasons."""

    grade: Literal["exact", "covers", "compatible"]
    people: str  # exact | subset | pair | counterpart_unnamed | shared
    shared: tuple[str, ...]
    place: str  # same | within | any (the denial names no place)
    time: str  # same | within | never | partial
    time_fraction: float
    via: str
    content_denial: bool
    content_similarity: float | None
    reasons: tuple[str, ...]

    @property
    def rank(self) -> tuple:
        return ({"exact": 2, "covers": 1, "compatible": 0}[self.grade], self.time_fraction, self.via == "")


def _cover(m: Matcher, d: Claim, ds: Slots, a: Claim, as_: Slots, f: Facet) -> Match | None:
    fam = ds.family
    if fam != f.family or (d.kind == "first_contact" and a.kind != "first_contact"):
        return None
    reasons: list[str] = []
    pd, pf = ds.subjects, f.people
    if not pd:
        return None
    if fam in RELATIONAL:
        if len(pd) == 1:
            # "I had no visitor that month": a denial with no counterpart excludes every meeting of that
            # person, but only within stated bounds; unbounded, it is far likelier an unresolved "him".
            if ds.bounds is None and d.place is None:
                return None
            if not pd <= pf:
                return None
            mode = "exact" if pd == pf else "counterpart_unnamed"
            shared = tuple(sorted(pd))
            if mode != "exact":
                reasons.append("the denial names no counterpart, so it excludes any")
        else:
            hit = [c for c in _core_pairs(ds.roles) if c <= pf]
            if not hit:
                return None
            shared = tuple(sorted(set().union(*hit)))
            mode = "exact" if pd == pf else ("subset" if pd <= pf else "pair")
            if mode == "pair":
                reasons.append("the denial names more people and is read as denying each pair")
    else:
        common = pd & pf
        if not common:
            return None
        shared = tuple(sorted(common))
        mode = "exact" if pd == pf else "shared"
    if d.means and d.means != a.means:
        return None  # "did not fly there" says nothing of going by train, nor of an unstated means
    if d.origin:
        if m.place_relation(a.origin, d.origin) not in ("same", "within"):
            return None
    if d.place is None:
        place = "any"
    elif f.place is None:
        return None  # "never in Tartu" does not meet "met (somewhere)"
    else:
        rel = m.place_relation(f.place, d.place)
        if rel not in ("same", "within"):
            return None
        place = rel
    if ds.bounds is None:
        time, frac = "never", 1.0
    elif as_.bounds is None:
        return None  # "not in 1958" does not meet "met (at some time)"
    else:
        aw = _certain_window(a.time, f.aspect)  # type: ignore[arg-type]
        ov = overlap(aw, f.aspect, d.time, "state")  # type: ignore[arg-type]
        if ov == "cannot":
            return None
        if ov == "must":
            time, frac = ("same" if as_.bounds == ds.bounds else "within"), 1.0
        else:
            frac = covered_fraction(aw, d.time)  # type: ignore[arg-type]
            if frac < MIN_COVERED_FRACTION:
                return None
            time = "partial"
            reasons.append(f"only {frac:.0%} of the affirmed window lies within the denial's")
    sim = content_similarity(a.content, d.content)
    content_denial = bool(d.content)
    if content_denial:
        if sim is None or sim < CONTENT_SIMILAR_AT:
            return None  # "the letter did not mention money" does not meet "the letter ordered sabotage"
        reasons.append("the denial is of what was said, not of the communication itself")
    if f.via:
        reasons.append(f.via)
    exact = mode == "exact" and place in ("same", "any") and time in ("same", "never") and not f.via
    exact = exact and (d.place is None) == (f.place is None) and (ds.bounds is None) == (as_.bounds is None)
    grade = "exact" if exact else ("covers" if frac >= 1.0 else "compatible")
    return Match(grade, mode, shared, place, time, frac, f.via, content_denial, sim, tuple(reasons))


def _certain_window(w: TimeWindow, aspect: str) -> TimeWindow:
    """The days a claim certainly speaks of. A state "from 1951" (no end given) is only certain on its
    first day: its open side means "until we do not know when", not "for ever"."""
    if aspect == "state" and (w.earliest is None) != (w.latest is None):
        edge = w.earliest or w.latest
        return TimeWindow(earliest=edge, latest=edge, precision=w.precision, text=w.text)
    return w


def match_denial(denied: Claim, affirmed: Claim, entities: Mapping[str, Entity]) -> Match | None:
    """Does ``denied`` (polarity denied) deny what ``affirmed`` asserts or implies? The best reading."""
    return _match_denial(Matcher(entities), denied, affirmed)


def _match_denial(m: Matcher, denied: Claim, affirmed: Claim) -> Match | None:
    COMPARISONS.count += 1
    if denied.polarity != "denied" or affirmed.polarity != "affirmed" or denied.id == affirmed.id:
        return None
    if denied.kind == "non_occurrence":
        return None  # a record of non-events: the impossible_means check reads those
    ds, as_ = m.slots(denied), m.slots(affirmed)
    best: Match | None = None
    for f in as_.facets:
        found = _cover(m, denied, ds, affirmed, as_, f)
        if found is not None and (best is None or found.rank > best.rank):
            best = found
    return best


def _denial_keys(ds: Slots) -> list[tuple]:
    ps = ds.subjects
    if ds.family in RELATIONAL:
        if len(ps) == 1:
            return [(ds.family, ps)]
        return [(ds.family, pair) for pair in sorted(_core_pairs(ds.roles), key=sorted)]
    return [(ds.family, frozenset({p})) for p in sorted(ps)]


def negation_pairs(
    claims: Sequence[Claim],
    entities: Mapping[str, Entity],
    *,
    denials: Callable[[Claim], bool] | None = None,
    matcher: Matcher | None = None,
) -> Iterator[tuple[Claim, Claim, Match]]:
    """Every (affirmed, denied, match) where the denial covers the affirmed claim, in a stable order.

    Denials are indexed under the pairs (or single people) they deny; each affirmed claim looks up
    its own people and pairs, so only claims that share the denied people are ever compared.
    ``denials`` restricts which denied claims take part (a check that only wants denials of content
    says so here).
    """
    m = matcher or Matcher(entities)
    index: dict[tuple, list[int]] = defaultdict(list)
    by_person: dict[tuple, list[tuple[frozenset[str], int]]] = defaultdict(list)  # for claims naming many people
    for i, d in enumerate(claims):
        if d.polarity != "denied" or d.kind == "non_occurrence" or (denials is not None and not denials(d)):
            continue
        for key in _denial_keys(m.slots(d)):
            index[key].append(i)
            if len(key[1]) == 2:
                for p in key[1]:
                    by_person[(key[0], p)].append((key[1], i))
    if not index:
        return
    for a in claims:
        if a.polarity != "affirmed":
            continue
        found: set[int] = set()
        for f in m.slots(a).facets:
            ps = sorted(f.people)
            for p in ps:
                found.update(index.get((f.family, frozenset({p})), ()))
            if f.family in RELATIONAL:
                if len(ps) <= MAX_PAIR_PEOPLE:
                    for x, y in combinations(ps, 2):
                        found.update(index.get((f.family, frozenset((x, y))), ()))
                else:
                    for p in ps:
                        found.update(i for pair, i in by_person.get((f.family, p), ()) if pair <= f.people)
        for i in sorted(found):
            match = _match_denial(m, claims[i], a)
            if match is not None:
                yield a, claims[i], match


# --------------------------------------------------------------------------------------------------
# Accounts of one event


@dataclass(frozen=True)
class Difference:
    """One essential slot on which two accounts of one event disagree."""

    slot: str  # content | place | time | means | origin | direction | participant | condition
    a: str  # what the first account says (ids, a window, or the content), for details and summaries
    b: str
    anchors: tuple[str, ...]  # what ties the two accounts to one event despite this difference

    def swapped(self) -> "Difference":
        return Difference(self.slot, self.b, self.a, self.anchors)


@dataclass(frozen=True)
class Comparison:
    """Two affirmed accounts read as one event: how they match, what ties them, where they differ."""

    grade: Literal["exact", "covers", "compatible"]
    people: str  # same | nested | one_differs
    anchors: tuple[str, ...]
    differences: tuple[Difference, ...]
    time: str
    place: str
    content_similarity: float | None
    reasons: tuple[str, ...] = field(default=())

    def swapped(self) -> "Comparison":
        """The same comparison read from the other account's side."""
        flip = {"within": "contains", "contains": "within"}
        return Comparison(
            self.grade, self.people, self.anchors, tuple(d.swapped() for d in self.differences), self.time,
            flip.get(self.place, self.place), self.content_similarity, self.reasons,
        )

    @property
    def strength(self) -> float:
        """How firmly the anchors that vouch for the differences tie the accounts to one event."""
        if not self.differences:
            return max((ANCHOR_STRENGTH[a] for a in self.anchors), default=0.5)
        return min(max(ANCHOR_STRENGTH[a] for a in d.anchors) for d in self.differences)


_PEOPLE_WORDS = {
    "same": "the same people",
    "nested": "one account names fewer people",
    "one_differs": "the accounts name one different participant",
}
_TIME_WORDS = {
    "must": "the windows coincide",
    "may": "the windows meet",
    "cannot": "the windows cannot meet",
    "unstated": "a window is not stated",
}
_PLACE_WORDS = {
    "same": "the same place",
    "within": "one place lies within the other",
    "contains": "one place lies within the other",
    "disjoint": "different places",
    "unknown": "places not comparable",
    "unstated": "a place is not stated",
}


def _window_text(w: TimeWindow | None) -> str:
    return "" if w is None else w.label()


def compare_accounts(
    a: Claim, b: Claim, entities: Mapping[str, Entity], *, allow_participant: bool = True
) -> Comparison | None:
    """Are ``a`` and ``b`` (both affirmed) accounts of one event, and where do they differ?

    None when they are not shown to be one event: different kinds of happening, people that do not
    line up, different objects, or a difference that no anchor vouches for (two meetings in different
    cities may be two meetings). With no differences, the accounts agree (``exact`` when every slot is
    the same, ``covers`` when one is only less specific, ``compatible`` when their windows merely meet).
    """
    return _compare_accounts(Matcher(entities), a, b, allow_participant)


def _compare_accounts(m: Matcher, a: Claim, b: Claim, allow_participant: bool) -> Comparison | None:
    COMPARISONS.count += 1
    if a.id == b.id or a.polarity != "affirmed" or b.polarity != "affirmed":
        return None
    sa, sb = m.slots(a), m.slots(b)
    if sa.account_family != sb.account_family:
        return None
    fam = sa.family
    pa, pb = sa.subjects, sb.subjects
    if not pa or not pb:
        return None
    raw: list[tuple[str, str, str]] = []
    ra, rb = sa.roles, sb.roles
    if pa == pb:
        people_rel = "same"
    elif pa < pb or pb < pa:
        people_rel = "nested"
    elif allow_participant and len(pa) == len(pb) >= 2 and len(pa & pb) == len(pa) - 1:
        (xa,), (xb,) = pa - pb, pb - pa
        if ra.get(xa, frozenset()) != rb.get(xb, frozenset()):
            return None
        people_rel = "one_differs"
        raw.append(("participant", xa, xb))
    else:
        return None
    versioned = a.version_of == b.id or b.version_of == a.id
    if fam in RELATIONAL and len(pa | pb) < 2 and not versioned:
        return None  # one person's meeting or message is compared only when the text ties the two
    for p in sorted(pa & pb):
        da, db = ra.get(p, frozenset()) & DIRECTED_ROLES, rb.get(p, frozenset()) & DIRECTED_ROLES
        if da and db and not (da & db):
            raw.append(("direction", f"{p}:{'/'.join(sorted(da))}", f"{p}:{'/'.join(sorted(db))}"))
    oa, ob = sa.objects, sb.objects
    if oa and ob and not (oa & ob):
        return None  # two different letters
    anchors: set[str] = {"version"} if versioned else set()
    if oa & ob:
        anchors.add("object")
    if a.kind == b.kind == "first_contact" and pa == pb and len(pa) == 2:
        anchors.add("first_contact")

    if sa.bounds is None or sb.bounds is None:
        trel = "unstated"
    elif sa.bounds[1] < sb.bounds[0] or sb.bounds[1] < sa.bounds[0]:
        trel = "cannot"
    else:
        trel = overlap(a.time, a.aspect, b.time, b.aspect)  # type: ignore[arg-type]
    if trel == "cannot":
        raw.append(("time", _window_text(a.time), _window_text(b.time)))
    elif trel != "unstated":
        da_, db_ = sa.days, sb.days
        if da_ <= PRECISE_DAYS and db_ <= PRECISE_DAYS:
            anchors.add("precise_time")
        elif da_ <= NEAR_DAYS and db_ <= NEAR_DAYS:
            # Within a month, the same people (or the same traveller to the same place) is a weak tie.
            same_dest = fam == "travel" and m.place_relation(a.place, b.place) in ("same", "within", "contains")
            if len(pa & pb) >= 2 or same_dest:
                anchors.add("near_time")
    prel = m.place_relation(a.place, b.place)
    if prel == "disjoint":
        if fam == "presence":
            return None  # one person in two places is the alibi check's question, not two versions
        raw.append(("place", a.place or "", b.place or ""))
    if fam == "travel" and m.place_relation(a.origin, b.origin) == "disjoint":
        raw.append(("origin", a.origin or "", b.origin or ""))
    if a.means and b.means and a.means != b.means:
        raw.append(("means", a.means, b.means))
    clash = condition_clash(a, b)
    if clash is not None:
        raw.append(("condition", *clash))
        if fam == "communication" and a.means and a.means == b.means and trel != "cannot" and _same_message(ra, rb):
            anchors.add("same_message")
    sim = content_similarity(a.content, b.content)
    if sim is not None:
        if sim >= CONTENT_SIMILAR_AT:
            # "a letter" and "a letter" in the same year are not one letter: a short content ties two
            # accounts to one message only within a month; a content of several words does so alone
            near = trel not in ("unstated", "cannot") and sa.days <= NEAR_DAYS and sb.days <= NEAR_DAYS
            if near or (specific_content(a.content) and specific_content(b.content)):
                anchors.add("content")
        elif sim < CONTENT_DIFFERENT_BELOW:
            raw.append(("content", a.content or "", b.content or ""))
    diffs: list[Difference] = []
    for slot, va, vb in raw:
        ok = tuple(sorted(anchors & ANCHORS_FOR[slot], key=lambda x: -ANCHOR_STRENGTH[x]))
        if not ok:
            return None
        if slot == "participant" and (trel == "cannot" or prel == "disjoint"):
            return None  # a different person at a different time or place is another event
        diffs.append(Difference(slot, va, vb, ok))
    reasons = [
        _PEOPLE_WORDS[people_rel],
        _TIME_WORDS.get(trel, f"windows: {trel}"),
        _PLACE_WORDS.get(prel, f"places: {prel}"),
    ]
    if anchors:
        reasons.append("tied to one event by " + ", ".join(sorted(anchors)))
    if sim is not None and CONTENT_DIFFERENT_BELOW <= sim < CONTENT_SIMILAR_AT:
        # Undecided content: not counted as a difference, nor as agreement on what was said; say so.
        reasons.append(f"the contents are neither clearly the same nor clearly different ({sim:.0f}/100)")
    if not diffs:
        same_slots = (
            people_rel == "same"
            and prel in ("same",)
            and trel in ("must",)
            and a.means == b.means
            and (sim is None or sim >= 99.0)
        )
        loose = people_rel == "nested" or prel in ("within", "contains", "unstated") or trel == "unstated"
        grade = "exact" if same_slots else ("covers" if loose or trel == "must" else "compatible")
    else:
        grade = "compatible"
    return Comparison(grade, people_rel, tuple(sorted(anchors)), tuple(diffs), trel, prel, sim, tuple(reasons))


def _same_message(ra: Mapping[str, frozenset[str]], rb: Mapping[str, frozenset[str]]) -> bool:
    """The same sender and the same receiver (by role): for a thing's state, one letter between them.

    Only the state of the thing may be vouched for this way: two letters between the same people
    are common, but one of them arriving undeveloped right after the other left developed is not a
    reading a text invites without saying so."""
    def who(r: Mapping[str, frozenset[str]], role: str) -> frozenset[str]:
        return frozenset(p for p, roles in r.items() if role in roles)

    return bool(who(ra, "sender") and who(ra, "sender") == who(rb, "sender") and who(ra, "receiver") and who(ra, "receiver") == who(rb, "receiver"))


def _sweep(members: Sequence[int], slots: Sequence[Slots]) -> Iterator[tuple[int, int]]:
    """Pairs of ``members`` whose windows meet (claims without a time meet everything), output-sensitive."""
    spans = []
    for i in members:
        b = slots[i].bounds
        spans.append((-math.inf, math.inf, i) if b is None else (b[0], b[1], i))
    spans.sort()
    for x in range(len(spans)):
        hi = spans[x][1]
        for y in range(x + 1, len(spans)):
            if spans[y][0] > hi:
                break
            yield spans[x][2], spans[y][2]


def _bucket_pairs(members: Sequence[int], slots: Sequence[Slots], *, sweep_only: bool = False) -> Iterator[tuple[int, int]]:
    if not sweep_only and len(members) <= MAX_ALL_PAIRS:
        yield from combinations(members, 2)
    else:
        yield from _sweep(members, slots)
        # In a large bucket, accounts tied by a shared object may differ on time: compare those too.
        by_object: dict[str, list[int]] = defaultdict(list)
        for i in members:
            for o in slots[i].objects:
                by_object[o].append(i)
        for group in by_object.values():
            if 1 < len(group) <= MAX_ALL_PAIRS:
                yield from combinations(group, 2)


def account_pairs(
    claims: Sequence[Claim],
    entities: Mapping[str, Entity],
    *,
    allow_participant: bool = True,
    keep: Callable[[Claim, Claim], bool] | None = None,
    matcher: Matcher | None = None,
    families: frozenset[str] = DIFFERING_FAMILIES,
) -> Iterator[tuple[Claim, Claim, Comparison]]:
    """Every pair of affirmed claims that :func:`compare_accounts` reads as one event, each pair once.

    Buckets: relational claims under each pair of their people (single-person claims under the person,
    compared with the multi-person claims that contain that person); other claims under each person.
    With ``allow_participant``, claims naming two or more people are also bucketed under "everyone but
    one", swept in time order, to find accounts that differ on who sent, carried or received. ``keep``
    filters pairs before they are compared (a check that only wants two speakers says so here, which
    saves the comparison). ``families`` (account families) limits the search to the kinds of happening
    whose accounts can differ essentially; stays and existence never do (a person in two places at
    once is the alibi check's question).
    """
    m = matcher or Matcher(entities)
    slots = [m.slots(c) for c in claims]
    affirmed = [
        i
        for i, c in enumerate(claims)
        if c.polarity == "affirmed" and slots[i].subjects and slots[i].account_family in families
    ]
    buckets: dict[tuple, list[int]] = defaultdict(list)
    singles: dict[tuple, list[int]] = defaultdict(list)  # relational single-person claims
    multi_by_person: dict[tuple, list[int]] = defaultdict(list)
    minus_one: dict[tuple, list[int]] = defaultdict(list)
    for i in affirmed:
        fam = slots[i].account_family
        ps = sorted(slots[i].subjects)
        if slots[i].family in RELATIONAL:
            if len(ps) == 1:
                singles[(fam, ps[0])].append(i)
            else:
                for p in ps:
                    multi_by_person[(fam, p)].append(i)
                if len(ps) <= MAX_PAIR_PEOPLE:
                    for x, y in combinations(ps, 2):
                        buckets[(fam, x, y)].append(i)
                else:
                    buckets[(fam, *ps)].append(i)
        else:
            for p in ps:
                buckets[(fam, p)].append(i)
        if allow_participant and 2 <= len(ps) <= MAX_PAIR_PEOPLE:
            for p in ps:
                minus_one[(fam, tuple(q for q in ps if q != p))].append(i)

    seen: set[tuple[int, int]] = set()

    def emit(pairs: Iterable[tuple[int, int]]) -> Iterator[tuple[Claim, Claim, Comparison]]:
        for i, j in pairs:
            if i == j:
                continue
            key = (i, j) if i < j else (j, i)
            if key in seen:
                continue
            seen.add(key)
            a, b = claims[key[0]], claims[key[1]]
            if keep is not None and not keep(a, b):
                continue
            cmp = _compare_accounts(m, a, b, allow_participant)
            if cmp is not None:
                yield a, b, cmp

    for key in sorted(buckets):
        yield from emit(_bucket_pairs(buckets[key], slots))
    for key in sorted(singles):
        members = singles[key] + multi_by_person.get(key, [])
        yield from emit(_bucket_pairs(members, slots, sweep_only=len(members) > MAX_ALL_PAIRS))
    for key in sorted(minus_one):
        yield from emit(_sweep(minus_one[key], slots))


# --------------------------------------------------------------------------------------------------
# Small shared helpers for explanations


def difference_weight(diff: Difference, a: Claim, b: Claim) -> tuple[float, str]:
    """How clear-cut one difference is (0-1], and why.

    Time: windows that miss each other by a few days, when their edges are themselves uncertain by
    weeks ("the autumn", "January"), are a weaker contradiction than windows years apart: the gap is
    weighed against about 5% of the windows' lengths, as the alibi check does. Content: the further
    below the "different" threshold, the clearer. Other slots are categorical.
    """
    if diff.slot == "time":
        x, y = bounds(a.time), bounds(b.time)
        if x is None or y is None:
            return 1.0, "time differs"
        gap = max(y[0] - x[1], x[0] - y[1]) - 1  # whole days strictly between the windows
        lengths = [v[1] - v[0] + 1 for v in (x, y)]
        fuzz = 1.0 + 0.05 * sum(min(n, 3650.0) for n in lengths)
        w = math.sqrt(gap / (gap + fuzz)) if math.isfinite(gap) and gap > 0 else (1.0 if gap > 0 else 0.3)
        return w, f"the windows are {gap:.0f} days apart against about {fuzz:.0f} days of uncertainty in their edges (x{w:.2f})"
    if diff.slot == "content":
        sim = content_similarity(a.content, b.content)
        if sim is None:
            return 1.0, "content differs"
        w = 0.8 + 0.2 * max(0.0, CONTENT_DIFFERENT_BELOW - sim) / CONTENT_DIFFERENT_BELOW
        return w, f"contents {sim:.0f}/100 alike (x{w:.2f})"
    return 1.0, f"{diff.slot} differs"


def differences_weight(diffs: Sequence[Difference], a: Claim, b: Claim) -> tuple[float, list[str]]:
    """The clearest of several differences decides: one clear-cut difference is enough for a conflict."""
    if not diffs:
        return 1.0, []
    weighed = [difference_weight(d, a, b) for d in diffs]
    best = max(w for w, _ in weighed)
    return best, [why for _, why in weighed]


def claim_order(claim: Claim, doc_order: Mapping[str, int] | None = None) -> tuple:
    """Where a claim stands in the corpus: a stable sort key."""
    pos = doc_order.get(claim.document, 1 << 30) if doc_order else 0
    return (pos, claim.document, claim.start, claim.end, claim.id)


def iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def window_detail(claim: Claim) -> dict | None:
    w = claim.time
    if w is None:
        return None
    return {"earliest": iso(w.earliest), "latest": iso(w.latest), "precision": w.precision, "text": w.text}


def quoted(text: str | None, limit: int = 200) -> str:
    """A passage in quotation marks, cut at a word with an ellipsis when long. A final full stop, comma
    or semicolon is left out so the quotation can end a sentence of the summary."""
    t = " ".join((text or "").split())
    if len(t) > limit:
        t = t[:limit].rsplit(" ", 1)[0] + " …"
    t = t.rstrip(".,;:")
    return f"“{t}”"


def _place_name(place: str | None, mention: str | None, entities: Mapping[str, Entity]) -> str | None:
    if place is None:
        return None
    ent = entities.get(place)
    return ent.name if ent is not None else (mention or place)


def when_phrase(claim: Claim) -> str:
    """'in November 1951' / 'throughout 1952' / '' when the claim gives no time."""
    if bounds(claim.time) is None:
        return ""
    aspect = "state" if claim.kind == "custody" else claim.aspect
    return describe_window(claim.time, aspect)  # type: ignore[arg-type]


def event_phrase(claim: Claim, entities: Mapping[str, Entity], pool: Sequence[Claim] = ()) -> str:
    """A claim in plain words, in the affirmative ("Anna Ilves met Karl Ots in Tartu in May 1951").

    Built from the slots, not from the passage, so it reads the same whatever the source's wording; the
    passage itself is always quoted or cited beside it.
    """
    pool = tuple(pool) or (claim,)
    r = roles(claim)
    ordered = list(dict.fromkeys(p.entity for p in claim.participants if p.role not in THING_ROLES))

    def names(ids: Iterable[str]) -> str:
        return join_names([name_of(i, entities, pool) for i in ids])

    def with_role(*wanted: str) -> list[str]:
        return [e for e in ordered if r.get(e, frozenset()) & set(wanted)]

    place = where(claim, entities)
    when = when_phrase(claim)
    kind = claim.kind
    if kind in ("meeting", "first_contact"):
        first = ordered[:1]
        rest = ordered[1:]
        verb = "first met" if kind == "first_contact" else "met"
        core = f"{names(first)} {verb} {names(rest)}" if rest else f"{names(first)} had a meeting"
    elif kind in ("presence", "custody"):
        core = f"{names(ordered)} {'were' if len(ordered) > 1 else 'was'}{' held' if kind == 'custody' else ''}"
    elif kind == "travel":
        hosts = with_role("host", "receiver")
        travellers = [e for e in ordered if e not in hosts] or ordered
        core = f"{names(travellers)} travelled"
        origin = _place_name(claim.origin, None, entities)
        dest = _place_name(claim.place, claim.place_mention, entities)
        core += f" from {origin}" if origin else ""
        core += f" to {dest}" if dest else ""
        core += f" by {claim.means}" if claim.means else ""
        core += f" to see {names(hosts)}" if hosts and hosts != travellers else ""
        place = ""
    elif kind == "document_content" and claim.content and not with_role("sender") and not with_role("receiver"):
        core = quoted(claim.content, 160)  # what a document says, in its words: "the verdict says that “...”"
        place = ""
    elif kind in ("communication", "document_content"):
        senders = with_role("sender") or with_role("subject")[:1]
        via = with_role("intermediary")
        receivers = with_role("receiver") or [e for e in ordered if e not in senders and e not in via]
        things = sorted(objects(claim))
        if claim.content:
            what = quoted(claim.content, 120)
        elif things:
            what = names(things)
        else:
            what = "a message" if kind == "communication" else "a document"
        if senders:
            core = f"{names(senders)} passed {what}" + (f" to {names(receivers)}" if receivers else "")
        elif receivers:
            core = f"{names(receivers)} received {what}"
        else:
            core = f"{what} was passed on"
        core += f" through {names(via)}" if via else ""
    elif kind == "existence":
        core = f"{names(sorted(subjects(claim)))} existed"
    else:
        core = claim.content and quoted(claim.content, 120) or f"{names(ordered)}: {kind.replace('_', ' ')}"
    if claim.means and kind not in ("travel",):
        core += f" by {claim.means}"
    return " ".join(x for x in (core, place, when) if x)


def speaker_phrase(claim: Claim, entities: Mapping[str, Entity], documents: Mapping[str, Document] | None = None) -> str:
    """Who stands behind a claim, with who reports it: 'Anna Ilves (as reported by Karl Ots)'."""
    if claim.speaker:
        who = name_of(claim.speaker, entities, (claim,))
    else:
        who = f"the account in {document_label(claim.document, documents or {})}"
    if claim.reported_by and claim.reported_by != claim.speaker:
        who += f" (as reported by {name_of(claim.reported_by, entities, (claim,))})"
    return who


def document_label(doc_id: str, documents: Mapping[str, Document]) -> str:
    """'the interrogation record 01_x.txt (1958-06-05)': kind, file and date when the manifest gives them."""
    doc = documents.get(doc_id)
    if doc is None:
        return doc_id
    kind = (doc.meta.kind or "").replace("_", " ")
    label = f"the {kind} {doc_id}" if kind else doc_id
    return f"{label} ({doc.meta.date})" if doc.meta.date else label
