"""Corroboration: sources that agree, counted by independent lines of evidence, never by documents.

A hotel register and a private letter written the same week both put a man in Lisbon: two sources
that could each have been wrong, and were not. A newspaper that reprints a wire story which reports a
trial says what the trial record says three times over: one source. This check finds claims that
agree, asks :mod:`countertrial.reason.independence` how many independent lines they form, and says
which it is:

- ``corroboration`` when the agreeing claims form at least two independent lines. It cites one
  passage per line (the best-sourced one); the sources that collapse into a line are named in the
  summary and in ``details["lines"]``, not cited, so that a reprint is never shown as a witness;
- ``dependent_corroboration`` for every line that holds claims from two or more documents: they agree
  but one derives from the other (or both from one origin), and the summary says why.

When claims agree (all must hold, pair by pair)
    - same *family* of event: presence and custody (whereabouts), meeting and first contact, travel,
      communication (see :data:`FAMILY`);
    - the same people, by resolved entity id (things named as objects do not count);
    - the same polarity: two affirmations, or two denials;
    - compatible places: the same place, or one located in the other (a hotel and its city); a claim
      naming no place agrees with any place, but lowers the confidence;
    - windows that must or may overlap (:func:`countertrial.reason.intervals.overlap`); an undated
      claim agrees with any window, but lowers the confidence;
    - for travel, the same destination, and the same origin and means when both name them; for
      communication, the same sender and receiver when both give them, and content that does not
      differ (a differing content is a version conflict, not a corroboration).

    Agreement is not transitive ("in 1958" agrees with "March 4" and with "December"; they do not
    agree with each other), so claims are grouped around anchors: the most precisely dated claim
    first, then every claim that agrees with it *and* with every claim already in its group. Each
    claim joins at most one group.

What does not count
    A claim never corroborates itself, and claims from one document never corroborate each other,
    unless the document quotes distinct sources (a statement citing a consular visa and a frontier
    stamp): those are separate lines unless the graph links them.

A quoted source and its reporter
    A reported claim reaches us only through its reporter (``reported_by``, else the quoting
    document's own voice). When the reporter also asserts the same thing himself, his assertion is
    not a second independent line *unless the quoted source is independently in the corpus*: spoken
    or quoted in a document that does not depend on the quoting one, through another reporter.
    Otherwise a scholar and another scholar as quoted by the first would count twice for what is
    one access to the evidence (if the first misquotes, both fall). So the reporter's own line is
    joined to the line of the source he is the only access to (to the first one only: two records
    he quotes stay two lines, as above), and the summary says so. A source that is also in the
    corpus on its own keeps its line, and so does the reporter's.

Why it scales
    Claims are bucketed by (family, people, polarity) and, inside a bucket, swept in order of their
    window's start, so only claims whose windows intersect are ever compared: O(N log N) plus the
    number of genuinely overlapping pairs, never all pairs of the corpus.

Confidence
    Each line is weighed by its best source (:func:`source_quality`: custody, retraction, partisanship
    and hindsight lower it; registers, records and letters written at the time raise it); lines
    combine as independent chances of being right (``1 - prod(1 - 0.6 q)``), and the result is scaled
    by how precise the agreement is (the narrowest window, "must" vs "may" overlap, a place named).
"""

from __future__ import annotations

import heapq
import math
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from countertrial.model import Claim, Document, Entity, Finding
from countertrial.reason.findings import join_names, make_finding, name_of
from countertrial.reason.independence import Link, SourceGraph, fold
from countertrial.reason.intervals import day_bounds, describe_window, overlap

if TYPE_CHECKING:
    from countertrial.reason.engine import Context

RULE = "corroboration.independent_lines"
RULE_DEPENDENT = "corroboration.dependent_sources"

#: Claim kinds that describe the same sort of event, for agreement and for disputes.
FAMILY: dict[str, str] = {
    "presence": "whereabouts",
    "custody": "whereabouts",
    "meeting": "meeting",
    "first_contact": "meeting",
    "travel": "travel",
    "communication": "communication",
}

_MEANS = {
    "airplane": "air", "aeroplane": "air", "plane": "air", "aircraft": "air", "air": "air", "flight": "air", "fly": "air", "flew": "air",
    "train": "train", "rail": "train", "railway": "train", "railroad": "train",
    "car": "car", "automobile": "car", "motor car": "car", "motorcar": "car", "taxi": "car",
    "ship": "ship", "boat": "ship", "steamer": "ship", "ferry": "ship", "sea": "ship",
    "telegram": "telegram", "wire": "telegram", "cable": "telegram",
    "telephone": "telephone", "phone": "telephone",
    "letter": "letter", "post": "letter", "mail": "letter", "note": "letter",
}  # fmt: skip

_STOP = frozenset(
    "a an the of to and or in on at for from by with that this him her his hers them their it its he she they "
    "was were be been is are had has have which who whom as into about".split()
)
_NEGATION = re.compile(r"\b(not|never|nothing|no|none|neither|nor|without)\b")

_PRECISION_FACTOR = {
    "day": 1.0, "days": 1.0, "week": 0.97, "part_of_month": 0.95, "month": 0.93, "season": 0.88,
    "part_of_year": 0.88, "year": 0.82, "years": 0.75, "decade": 0.7, "open": 0.7,
}  # fmt: skip

# --------------------------------------------------------------------------------------------------
# Source quality

_CUSTODY = re.compile(r"custod|interrogat|under arrest|detain|detention|in prison|imprison|prisoner|in jail|questioned at", re.I)
_RETRACTED = re.compile(r"retract|recant|withdrawn", re.I)
_PARTISAN = re.compile(r"partisan|counsel for|propaganda|party organ|polemic|apologet|for the prosecution|for the defen[cs]e", re.I)
_INTERESTED = re.compile(r"own defen[cs]e|(?:himself|herself|themselves) (?:one of )?(?:the )?accused|principal accused", re.I)
_RELATIVE = re.compile(r"\b(sister|brother|wife|husband|son|daughter|mother|father|relative|cousin|friend)\b", re.I)
_LATER = re.compile(r"\b(\d+|many|several|some|decades?)\s+(?:years?\s+)?later\b|\bdecades later\b|\bin retrospect\b", re.I)
_AT_THE_TIME = re.compile(r"at the time|contemporar|records? kept|kept in \d{4}|before the (?:accusation|arrest|trial|affair)|written the same|same (?:day|week)", re.I)
_UNCONNECTED = re.compile(r"unconnected|disinterested|no connection|independent of", re.I)

#: Genres that are records made at the time, by their nature: registers, logs, official records,
#: letters and diaries. They count as contemporaneous when the document dates from within a year of
#: the event or its conditions say the record was kept at the time.
RECORD_KINDS = frozenset(
    {"register", "record", "log", "certificate", "visa", "passport", "telegram", "letter", "diary", "notice",
     "receipt", "minutes", "ledger", "timetable", "official_record", "police_record", "stamp"}
)  # fmt: skip


def source_quality(claim: Claim, graph: SourceGraph) -> tuple[float, list[str]]:
    """How much a claim's source is worth on its own, in (0, 1], with the reasons in words.

    Starts at 0.7 and is lowered by custody (x0.6), retraction (x0.8), partisanship or an interested
    party such as the accused speaking in their own defence (x0.8), a relative or friend as author (x0.85), hindsight of ten years or more (x0.8), hearsay (x0.85) and
    allegation (x0.8); raised by a record or letter made at the time (x1.35) and an author unconnected
    with the case (x1.1). A quoted source (a visa quoted in a statement) is judged by the quoting
    document's conditions only when it has no better information: we do not know its own.
    """
    doc: Document | None = graph.documents.get(claim.document)
    q = 0.7
    reasons: list[str] = []
    conditions = (doc.meta.conditions or "") if doc else ""
    kind = ((doc.meta.kind or "") if doc else "").lower()
    quoted = graph.quotes_other_source(claim)

    def factor(f: float, why: str) -> None:
        nonlocal q
        q *= f
        reasons.append(f"{why} (x{f:g})")

    if not quoted:
        if _CUSTODY.search(conditions) or kind == "interrogation":
            factor(0.6, "produced in custody or under interrogation")
        if _RETRACTED.search(conditions):
            factor(0.8, "later retracted")
        if _PARTISAN.search(conditions):
            factor(0.8, "partisan")
        elif _INTERESTED.search(conditions):
            factor(0.8, "an interested party (the accused, or speaking in their own defence)")
        if _RELATIVE.search(conditions):
            factor(0.85, "written by a relative or friend")
    later_years = _hindsight_years(claim, doc)
    if not quoted and (_LATER.search(conditions) or (later_years is not None and later_years >= 10)):
        factor(0.8, "written long after the events")
    if claim.knowledge == "hearsay":
        factor(0.85, "hearsay")
    if claim.modality == "alleged":
        factor(0.8, "alleged")
    at_the_time = bool(_AT_THE_TIME.search(conditions)) or (later_years is not None and later_years <= 1)
    record = kind in RECORD_KINDS or (quoted and any(k in fold(claim.speaker or "") for k in ("consul", "frontier", "register", "police", "office", "authority", "bureau")))
    if record and at_the_time:
        factor(1.35, "a record or letter made at the time")
    if not quoted and _UNCONNECTED.search(conditions):
        factor(1.1, "author unconnected with the case")
    return max(0.05, min(1.0, q)), reasons


def _hindsight_years(claim: Claim, doc: Document | None) -> float | None:
    """Years between the end of the claim's window and the start of the document's date, if both known."""
    if doc is None or doc.meta.date_window is None or claim.time is None:
        return None
    written = doc.meta.date_window.earliest or doc.meta.date_window.latest
    happened = claim.time.latest or claim.time.earliest
    if written is None or happened is None:
        return None
    return (written.toordinal() - happened.toordinal()) / 365.25


# --------------------------------------------------------------------------------------------------
# Same event


def aspect_of(claim: Claim) -> str:
    """Custody is a state and travel an arrival (an event), whatever the extractor said."""
    if claim.kind == "custody":
        return "state"
    if claim.kind == "travel":
        return "event"
    return claim.aspect


def people_of(claim: Claim) -> frozenset[str]:
    """The people (or organisations) a claim is about; things handled as objects do not count."""
    return frozenset(p.entity for p in claim.participants if p.role != "object")


def event_key(claim: Claim) -> tuple[str, frozenset[str]] | None:
    """The bucket a claim is compared within: its family of event and its people; None if neither."""
    family = FAMILY.get(claim.kind)
    people = people_of(claim)
    if family is None or not people:
        return None
    if claim.kind == "custody" and claim.place is None:
        return None  # "held in prison" somewhere unsaid agrees with being anywhere: it corroborates no whereabouts
    return family, people


class Places:
    """Where places are: each place's chain of places it lies in, cached."""

    def __init__(self, entities: Mapping[str, Entity]) -> None:
        self.entities = entities
        self._chains: dict[str, tuple[str, ...]] = {}

    def chain(self, place: str) -> tuple[str, ...]:
        """``place`` and everything it is located in, innermost first (cycles are cut)."""
        if place not in self._chains:
            out = [place]
            node = self.entities.get(place)
            while node is not None and node.located_in and node.located_in not in out:
                out.append(node.located_in)
                node = self.entities.get(node.located_in)
            self._chains[place] = tuple(out)
        return self._chains[place]

    def compatible(self, a: str | None, b: str | None) -> bool:
        """Same place, or one inside the other; a missing place is compatible with any."""
        if a is None or b is None or a == b:
            return True
        return b in self.chain(a) or a in self.chain(b)

    def within(self, inner: str | None, outer: str | None) -> bool:
        """Is ``inner`` inside ``outer`` (or the same)? No place as ``outer`` means anywhere."""
        if outer is None:
            return True
        if inner is None:
            return False
        return outer in self.chain(inner)

    def depth(self, place: str | None) -> int:
        return len(self.chain(place)) if place else 0


def _means(value: str | None) -> str | None:
    if value is None:
        return None
    v = fold(value).strip()
    return _MEANS.get(v, v)


def _content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", fold(text)) if w not in _STOP and len(w) > 2}


def contents_compatible(a: str | None, b: str | None) -> bool:
    """Two accounts of what a message said agree unless they share too little or one negates it.

    Deliberately simple: at least half of the shorter account's content words appear in the other,
    and both or neither contain a negation. A differing content is a version conflict, which is
    another check's business; here it only stops two versions from being counted as agreeing.
    """
    if not a or not b:
        return True
    wa, wb = _content_words(a), _content_words(b)
    if not wa or not wb:
        return True
    if bool(_NEGATION.search(fold(a))) != bool(_NEGATION.search(fold(b))):
        return False
    return len(wa & wb) / min(len(wa), len(wb)) >= 0.5


def _roles(claim: Claim, roles: set[str]) -> frozenset[str]:
    return frozenset(p.entity for p in claim.participants if p.role in roles)


def _slots_agree(a: Claim, b: Claim, places: Places) -> bool:
    """Everything but time and polarity: place, and the family's own slots."""
    family = FAMILY[a.kind]
    if family == "travel":
        if a.place is None or b.place is None or not places.compatible(a.place, b.place):
            return False
        if a.origin and b.origin and not places.compatible(a.origin, b.origin):
            return False
        ma, mb = _means(a.means), _means(b.means)
        if ma and mb and ma != mb:
            return False
        return True
    if not places.compatible(a.place, b.place):
        return False
    if family == "communication":
        for roles in ({"sender"}, {"receiver"}):
            ra, rb = _roles(a, roles), _roles(b, roles)
            if ra and rb and ra != rb:
                return False
        ma, mb = _means(a.means), _means(b.means)
        if ma and mb and ma != mb:
            return False
        if not contents_compatible(a.content, b.content):
            return False
    return True


def _dated(claim: Claim) -> bool:
    return claim.time is not None and (claim.time.earliest is not None or claim.time.latest is not None)


def agreement(a: Claim, b: Claim, places: Places) -> str | None:
    """How two claims of one bucket agree: ``"must"``, ``"may"``, ``"undated"``, or None if they do not.

    The caller has already matched family, people and polarity (the bucket).
    """
    if a.id == b.id or not _slots_agree(a, b, places):
        return None
    if not (_dated(a) and _dated(b)):
        return "undated"
    mode = overlap(a.time, aspect_of(a), b.time, aspect_of(b))  # type: ignore[arg-type]
    return None if mode == "cannot" else mode


def contradicts(a: Claim, b: Claim, places: Places) -> bool:
    """Do two claims about the same event say opposite things? (opposite polarity, same event)

    The denial has to *cover* the affirmation: "did not meet him in Genoa in 1958" contradicts "met
    him in Genoa on March 4, 1958" but not "met him in Geneva in 1957", nor "met him in 1958"
    (perhaps elsewhere). So the affirmed claim's place must lie within the denied claim's place (a
    denial without a place covers every place), and the affirmed claim must fall inside the denial's
    window for certain: a state on any common day, an event entirely inside it (a denial without a
    date, "never", covers all time). Travel denials cover only the means they name.
    """
    if a.polarity == b.polarity or event_key(a) != event_key(b) or event_key(a) is None:
        return False
    affirmed, denied = (a, b) if a.polarity == "affirmed" else (b, a)
    if not places.within(affirmed.place, denied.place):
        return False
    if FAMILY[a.kind] == "travel":
        md, ma = _means(denied.means), _means(affirmed.means)
        if md and md != ma:
            return False
        if denied.origin and not places.within(affirmed.origin, denied.origin):
            return False
    if FAMILY[a.kind] == "communication":
        for roles in ({"sender"}, {"receiver"}):
            ra, rd = _roles(affirmed, roles), _roles(denied, roles)
            if ra and rd and ra != rd:
                return False
        if denied.content and not contents_compatible(affirmed.content, denied.content):
            return False
    if not _dated(denied):
        return True
    if not _dated(affirmed):
        return False
    return overlap(affirmed.time, aspect_of(affirmed), denied.time, "state") == "must"  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------------
# Words


def _where_place(place: str | None, mention: str | None, entities: Mapping[str, Entity]) -> str:
    if not place:
        return ""
    ent = entities.get(place)
    if ent is None:
        return f"in {mention or place.split(':', 1)[-1]}"
    if ent.kind == "building":
        city = entities.get(ent.located_in) if ent.located_in else None
        return f"at {ent.name} in {city.name}" if city is not None else f"at {ent.name}"
    return f"in {ent.name}"


def describe_event(claim: Claim, entities: Mapping[str, Entity], *, place: str | None = None, claims: Sequence[Claim] = ()) -> str:
    """A clause a reader can check against the passages: 'Dragan Jovanović was in Lisbon from 2 to 6 Mar 1958'."""
    ctx_claims = list(claims) or [claim]

    def names(roles: set[str] | None = None) -> list[str]:
        out: list[str] = []
        for p in claim.participants:
            if p.role == "object" or (roles is not None and p.role not in roles):
                continue
            n = name_of(p.entity, entities, ctx_claims)
            if n not in out:
                out.append(n)
        return out

    place = place if place is not None else claim.place
    mention = claim.place_mention if place == claim.place else None
    where = _where_place(place, mention, entities)
    when = describe_window(claim.time, aspect_of(claim)) if _dated(claim) else ""  # type: ignore[arg-type]
    tail = " ".join(x for x in (where, when) if x)
    tail = f" {tail}" if tail else ""
    neg = claim.polarity == "denied"
    people = names()
    if claim.kind == "custody":
        return f"{join_names(people)} {'was not' if neg else 'was'} held{tail}"
    if claim.kind == "presence":
        return f"{join_names(people)} {'was not' if neg else 'was'}{tail}"
    if claim.kind in ("meeting", "first_contact"):
        verb = "first met" if claim.kind == "first_contact" else "met"
        if neg:
            verb = "did not first meet" if claim.kind == "first_contact" else "did not meet"
        first, rest = (people[0], people[1:]) if people else ("someone", [])
        return f"{first} {verb} {join_names(rest) if rest else 'others'}{tail}"
    if claim.kind == "travel":
        dest = _where_place(claim.place, claim.place_mention, entities).split(" ", 1)[-1] if claim.place else "somewhere"
        origin = f" from {_where_place(claim.origin, None, entities).split(' ', 1)[-1]}" if claim.origin else ""
        means = f" by {claim.means}" if claim.means else ""
        return f"{join_names(people)} {'did not travel' if neg else 'travelled'}{origin} to {dest}{means}" + (f" {when}" if when else "")
    if claim.kind == "communication":
        senders = names({"sender"}) or names({"subject"}) or people[:1]
        receivers = names({"receiver"}) or [n for n in people if n not in senders][:1]
        what = claim.means or "a message"
        via = names({"intermediary"})
        via_s = f" through {join_names(via)}" if via else ""
        return f"{join_names(senders)} {'did not send' if neg else 'sent'} {join_names(receivers) or 'someone'} {what}{via_s}{tail}"
    if claim.kind in ("existence", "non_occurrence"):
        ent = entities.get(place) if place else None
        what = ent.name if ent is not None else (claim.place_mention or (place.split(":", 1)[-1] if place else join_names(people)))
        when_state = describe_window(claim.time, "state") if _dated(claim) else ""  # type: ignore[arg-type]
        verb = {"existence": ("existed", "did not exist"), "non_occurrence": ("happened", "did not happen")}[claim.kind][neg]
        if claim.kind == "non_occurrence":
            return f"{claim.content or claim.means or 'it'} {verb} {where}".rstrip() + (f" {when}" if when else "")
        return f"{what} {verb}" + (f" {when_state}" if when_state else "")
    return f"{claim.kind.replace('_', ' ')} of {join_names(people)}{tail}"


# --------------------------------------------------------------------------------------------------
# The check


def _width(claim: Claim) -> float:
    if not _dated(claim):
        return math.inf
    lo, hi = day_bounds(claim.time)  # type: ignore[arg-type]
    return hi - lo


def _precision(claims: Sequence[Claim], modes: Sequence[str], places: Places) -> tuple[float, list[str]]:
    """How sharply the agreement is stated: the narrowest window, overlap certainty, a named place."""
    dated = [c for c in claims if _dated(c)]
    reasons: list[str] = []
    if dated:
        best = min(dated, key=_width)
        f = _PRECISION_FACTOR.get(best.time.precision, 0.8)  # type: ignore[union-attr]
        if not math.isfinite(_width(best)):
            f = min(f, 0.7)
        reasons.append(f"narrowest window {describe_window(best.time, aspect_of(best))} (x{f:g})")  # type: ignore[arg-type]
    else:
        f = 0.6
        reasons.append("no claim is dated (x0.6)")
    if any(m == "undated" for m in modes):
        f *= 0.8
        reasons.append("some sources give no date (x0.8)")
    elif any(m == "may" for m in modes):
        f *= 0.9
        reasons.append("the windows may, not must, coincide (x0.9)")
    if not any(c.place for c in claims):
        f *= 0.85
        reasons.append("no place is named (x0.85)")
    return f, reasons


def _clusters(
    bucket: list[Claim], places: Places, quality: Mapping[str, float], order: Mapping[str, int], graph: SourceGraph
) -> list[list[Claim]]:
    """Groups of mutually agreeing claims around the most precise anchors (see the module docstring)."""
    items = []
    for i, c in enumerate(bucket):
        lo, hi = day_bounds(c.time) if _dated(c) else (-math.inf, math.inf)  # type: ignore[arg-type]
        items.append((lo, hi, i))
    items.sort()
    adj: dict[int, dict[int, str]] = defaultdict(dict)
    active: list[tuple[float, int]] = []  # heap of (hi, index)
    for lo, hi, i in items:
        while active and active[0][0] < lo:
            heapq.heappop(active)
        for _, j in active:
            mode = agreement(bucket[i], bucket[j], places)
            if mode is not None:
                adj[i][j] = mode
                adj[j][i] = mode
        heapq.heappush(active, (hi, i))
    if not adj:
        return []

    def rank(i: int) -> tuple:
        c = bucket[i]
        return (_width(c), -places.depth(c.place), -quality[c.id], order.get(c.document, 1 << 30), c.start, c.id)

    used: set[int] = set()
    clusters: list[list[Claim]] = []
    for anchor in sorted(adj, key=rank):
        if anchor in used:
            continue
        members = [anchor]
        # Claims from other sources first: a second passage of the anchor's own document must not
        # take the place of an independent witness that disagrees with it in some detail.
        home = graph.sources([bucket[anchor]])[0]
        for j in sorted(adj[anchor], key=lambda j: (graph.sources([bucket[j]])[0] == home, rank(j))):
            if j in used:
                continue
            if all(j in adj[m] for m in members[1:]):
                members.append(j)
        if len(members) < 2:
            continue
        used.update(members)
        clusters.append([bucket[i] for i in members])
    return clusters


def unattributed_report(claim: Claim) -> bool:
    """Someone else's words whose author the text does not name ("this was the confession: ...").

    Independence cannot be shown for a source nobody can name, so such a claim never counts as a
    line of evidence in a corroboration (it still counts on either side of a contradiction). An
    allegation nobody is named as making ("X's alleged flight") is the same: the writer does not
    assert it, and whose allegation it is goes unsaid.
    """
    return claim.speaker is None and claim.modality in ("reported", "alleged")


def check_corroboration(ctx: "Context", graph: SourceGraph | None = None) -> list[Finding]:
    """Every agreement between sources, as ``corroboration`` or ``dependent_corroboration`` findings.

    ``graph`` defaults to :meth:`SourceGraph.from_context` (documents, entities, and the case file's
    dependencies when the configuration carries them). Findings are ordered by their first citation.
    """
    graph = graph or SourceGraph.from_context(ctx)
    places = Places(ctx.entities)
    order = {doc_id: i for i, doc_id in enumerate(ctx.documents)}
    buckets: dict[tuple, list[Claim]] = defaultdict(list)
    for claim in ctx.claims:
        if unattributed_report(claim):
            continue
        key = event_key(claim)
        if key is not None:
            buckets[(key[0], tuple(sorted(key[1])), claim.polarity)].append(claim)
    quality: dict[str, float] = {}
    quality_reasons: dict[str, list[str]] = {}
    findings: list[Finding] = []
    access = speaker_access(ctx.claims, graph)
    for key in sorted(buckets):
        bucket = buckets[key]
        if len(bucket) < 2 or len({c.document for c in bucket}) < 2 and not any(graph.quotes_other_source(c) for c in bucket):
            continue
        for c in bucket:
            if c.id not in quality:
                quality[c.id], quality_reasons[c.id] = source_quality(c, graph)
        for cluster in _clusters(bucket, places, quality, order, graph):
            findings.extend(_findings_for(cluster, ctx, graph, places, quality, quality_reasons, order, access))

    def position(f: Finding) -> tuple:
        first = f.citations[0]
        return (order.get(first.document, 1 << 30), first.start, f.kind, f.id)

    return sorted(findings, key=position)


def speaker_access(claims: Sequence[Claim], graph: SourceGraph) -> dict[str, set[tuple[str, str | None]]]:
    """Speaker key -> every ``(document, reporter)`` through which the corpus gives that speaker's words.

    ``reporter`` is None where the speaker speaks in his own voice (a document he wrote or speaks in),
    else who reports him (:meth:`SourceGraph.reporter`). Documents' own voices count as access too.
    """
    out: dict[str, set[tuple[str, str | None]]] = defaultdict(set)
    for doc in graph.documents:
        for v in graph.document_voices(doc):
            out[v].add((doc, None))
    for c in claims:
        s = graph.claim_speaker(c)
        if s is None:
            continue
        out[s].add((c.document, graph.reporter(c) if graph.quotes_other_source(c) else None))
    return out


def only_through(q: Claim, graph: SourceGraph, access: Mapping[str, set[tuple[str, str | None]]]) -> str | None:
    """The reporter who is the corpus's only access to the source ``q`` quotes, or None.

    None when ``q`` quotes no other source, has no known reporter, or its source is independently in
    the corpus: in its own voice, or through another reporter, in a document that does not depend on
    ``q``'s document.
    """
    if not graph.quotes_other_source(q):
        return None
    source, reporter = graph.speaker_key(q.speaker or ""), graph.reporter(q)
    if reporter is None or reporter == source:
        return None
    for doc, via in access.get(source, ()):
        if doc != q.document and via != reporter and not graph.documents_dependent(doc, q.document):
            return None
    return reporter


def absorb_reporters(
    lines: list[list[Claim]], graph: SourceGraph, access: Mapping[str, set[tuple[str, str | None]]]
) -> tuple[list[list[Claim]], dict[int, list[Link]]]:
    """Join a reporter's own line to the line of a source he is the only access to (module docstring).

    Returns the new lines (in the order of their first claims, claims in their original order) and,
    by position in that list, the reasons that the graph does not know.
    """
    index = {id(c): k for k, c in enumerate(c for line in lines for c in line)}
    work: list[list[Claim] | None] = [list(line) for line in lines]
    why: dict[int, list[Link]] = defaultdict(list)
    for qi in range(len(work)):
        if work[qi] is None:
            continue
        for q in list(work[qi] or ()):
            reporter = only_through(q, graph, access)
            if reporter is None:
                continue
            for ri in range(len(work)):
                other = work[ri]
                if ri == qi or other is None:
                    continue
                if not any(not graph.quotes_other_source(r) and graph.claim_speaker(r) == reporter for r in other):
                    continue
                if any(only_through(r, graph, access) == reporter for r in other):
                    continue  # already joined to another source he alone gives us: sources he quotes stay apart
                work[qi] = (work[qi] or []) + other
                why[qi].extend(why.pop(ri, []))
                who = graph._speaker_name(reporter)
                why[qi].append(
                    Link(
                        "reporter",
                        f"{graph.source_label(q)} reaches us only through {who}, who also asserts it "
                        f"({graph.source_label(other[0])}); the source is in no other independent document of the "
                        f"corpus, so the two are one access to the evidence",
                    )
                )
                work[ri] = None
    kept = [(n, sorted(line, key=lambda c: index[id(c)])) for n, line in enumerate(work) if line is not None]
    kept.sort(key=lambda t: index[id(t[1][0])])
    return [line for _, line in kept], {new: why[old] for new, (old, _) in enumerate(kept) if why.get(old)}


def _findings_for(
    cluster: list[Claim],
    ctx: "Context",
    graph: SourceGraph,
    places: Places,
    quality: Mapping[str, float],
    quality_reasons: Mapping[str, list[str]],
    order: Mapping[str, int],
    access: Mapping[str, set[tuple[str, str | None]]] | None = None,
) -> list[Finding]:
    if len(graph.sources(cluster)) < 2:
        return []  # one document repeating itself is not agreement between sources
    in_doc_order = sorted(cluster, key=lambda c: (order.get(c.document, 1 << 30), c.document, c.start, c.id))
    lines = graph.independent_lines(in_doc_order)
    extra: dict[int, list[Link]] = {}
    if access is not None:
        lines, extra = absorb_reporters(lines, graph, access)
    extra_of = {id(line): extra.get(n, []) for n, line in enumerate(lines)}

    def explain(line: list[Claim]) -> str:
        return graph.explain_collapse(line, extra_of.get(id(line), []))
    anchor = cluster[0]
    best_place = max((c.place for c in cluster if c.place), key=places.depth, default=None)
    event = describe_event(anchor, ctx.entities, place=best_place, claims=cluster)
    event_detail = {
        "family": FAMILY[anchor.kind],
        "people": sorted(people_of(anchor)),
        "place": best_place,
        "polarity": anchor.polarity,
        "anchor": anchor.id,
    }
    out: list[Finding] = []
    dependent_ids: list[str] = []
    main_id: str | None = None

    def rep(line: list[Claim]) -> Claim:
        # A line is worth what its origin is worth: a copy never outweighs what it copies, so the
        # representative comes from a document none of the others in the line derives it from.
        # Likewise, in a line that joined a reporter to a source he alone gives us, the reporter's own
        # statement stands for the line: everything in it reaches us through him.
        docs = {c.document for c in line}
        derived = {c.document for c in line if len(docs) > 1 and len(graph.ancestors(c.document) & docs) > 1}
        through = {c.id for c in line if extra_of.get(id(line)) and access is not None and only_through(c, graph, access)}
        return min(
            line,
            key=lambda c: (c.document in derived, c.id in through, -quality[c.id], _width(c), order.get(c.document, 1 << 30), c.start, c.id),
        )

    if len(lines) >= 2:
        reps = [rep(line) for line in lines]
        rep_of = {id(line): r for line, r in zip(lines, reps)}
        modes = [agreement(a, b, places) or "may" for i, a in enumerate(reps) for b in reps[i + 1 :]]
        precision, p_reasons = _precision(cluster, modes, places)
        miss = 1.0
        for r in reps:
            miss *= 1.0 - 0.6 * quality[r.id]
        confidence = min(0.97, (1.0 - miss) * precision)
        labels = [graph.source_label(r) for r in reps]
        summary = (
            f"{_capital(event)}: {len(lines)} independent lines of evidence agree ({'; '.join(labels)})."
        )
        collapsed = [line for line in lines if len(graph.sources(line)) >= 2]
        if collapsed:
            summary += " " + " ".join(_capital(explain(line)) for line in collapsed)
        reasons = [f"{len(lines)} independent lines"]
        for r in reps:
            qr = quality_reasons[r.id]
            reasons.append(f"{graph.source_label(r)}: source weight {quality[r.id]:.2f}" + (f" ({', '.join(qr)})" if qr else ""))
        reasons.extend(p_reasons)
        main = make_finding(
            "corroboration",
            RULE,
            reps,
            ctx.texts,
            summary,
            confidence,
            "; ".join(reasons) + ".",
            details={
                "event": event_detail,
                "independent_lines": len(lines),
                "lines": [
                    {
                        "claims": [c.id for c in line],
                        "representative": rep_of[id(line)].id,
                        "sources": [graph.source_label(c) for c in _first_per_source(line, graph)],
                        "collapsed_because": explain(line) if len(graph.sources(line)) >= 2 else None,
                    }
                    for line in lines
                ],
                "source_weights": {r.id: round(quality[r.id], 3) for r in reps},
            },
        )
        main_id = main.id
        out.append(main)
        for line in collapsed:
            if len({c.document for c in line}) >= 2:
                out.append(_dependent(line, event, event_detail, ctx, graph, places, main_id, extra_of.get(id(line), [])))
    elif len({c.document for c in cluster}) >= 2:
        out.append(_dependent(lines[0], event, event_detail, ctx, graph, places, None, extra_of.get(id(lines[0]), [])))
    if main_id is not None and len(out) > 1:
        dependent_ids = [f.id for f in out[1:]]
        out[0].details["dependent_findings"] = dependent_ids
    return out


def _first_per_source(line: Sequence[Claim], graph: SourceGraph) -> list[Claim]:
    seen: set[str] = set()
    out = []
    for c in line:
        k = graph.sources([c])[0]
        if k not in seen:
            seen.add(k)
            out.append(c)
    return out


def _dependent(
    line: list[Claim],
    event: str,
    event_detail: dict,
    ctx: "Context",
    graph: SourceGraph,
    places: Places,
    part_of: str | None,
    extra: Sequence[Link] = (),
) -> Finding:
    links = graph.collapse_links(line)
    links += [link for link in extra if link.sentence not in {x.sentence for x in links}]
    modes = [agreement(a, b, places) or "may" for i, a in enumerate(line) for b in line[i + 1 :] if a.document != b.document]
    precision, p_reasons = _precision(line, modes, places)
    certainty = min((link.certainty for link in links), default=0.7)
    confidence = certainty * precision
    firsts = _first_per_source(line, graph)
    labels = [graph.source_label(c) for c in firsts]
    summary = (
        f"{_capital(event)}: {_join(labels)} agree, but not independently: "
        + "; ".join(link.sentence for link in links)
        + ". They count as one line of evidence."
    )
    reasons = [f"the weakest link is a {link.rule.replace('_', ' ')} link (x{link.certainty:g})" for link in links if link.certainty == certainty][:1]
    reasons.extend(p_reasons)
    details = {
        "event": event_detail,
        "sources": labels,
        "links": [{"rule": link.rule, "why": link.sentence} for link in links],
        "collapsed_because": graph.explain_collapse(line, extra),
    }
    if part_of:
        details["part_of"] = part_of
    return make_finding("dependent_corroboration", RULE_DEPENDENT, firsts, ctx.texts, summary, confidence, "; ".join(reasons) + ".", details=details)


def _capital(s: str) -> str:
    return s[:1].upper() + s[1:] if s else s


def _join(items: Sequence[str]) -> str:
    return join_names(list(items))
