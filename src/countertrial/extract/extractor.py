"""Extraction of one document: parse its sentences, read claims off them, and record the names used.

The document is parsed sentence by sentence on a same-length "normalised view" of its text (hard
line wraps turned into spaces), so every offset spaCy gives is an offset into the original text.
A first pass learns what the document's own appositions teach ("my son, N." means N.), a second
reads the claims. Time expressions without a year take it from the last dated sentence before them.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from datetime import date, timedelta
from typing import TYPE_CHECKING

from spacy.language import Language
from spacy.tokens import Doc, Token

from countertrial.extract.attribution import REPORTING_VERBS, attribute, in_quotation  # noqa: F401  (attribute re-exported for tests)
from countertrial.extract.mentions import BUILDING_WORDS, KINSHIP, FIRST_PERSON, DocMemory, cities_in, person_from_token, place_from_token
from countertrial.extract import communication  # noqa: F401  (registers the contact rules)
from countertrial.extract.communication import note_messages
from countertrial.extract.documents import DOCUMENT_NOUNS, QuotedStatements, RetoldAccounts, document_content_drafts, document_key, sentence_frame, silenced_clauses
from countertrial.extract.rules import PLURAL_PERSON, THIRD_PERSON, Draft, _people, note_reporter
from countertrial.extract.turns import TurnIndex, find_turns, spoken_spans
from countertrial.extract.dialogue import Dialogue, quoted_questions
from countertrial.extract.versions import ElidedVersion, elided_version
from countertrial.extract.timex import TimeExpression, find_time_expressions
from countertrial.extract.timex.lexicon import MONTH
from countertrial.ingest.segment import normalised_view
from countertrial.model import Claim, Document, Participant, TimeWindow
from countertrial.resolve.gazetteer import lookup
from countertrial.resolve.names import fold, person_key

if TYPE_CHECKING:
    from countertrial.extract.llm import LLMExtractor

EXTRACTOR_VERSION = "rules-46"


def document_voice(doc: Document) -> str | None:
    """Whose voice the document is in: its (first) speaker, else its author, as a person key."""
    if doc.meta.speakers:
        return person_key(doc.meta.speakers[0]) or None
    if doc.meta.author:
        return person_key(doc.meta.author.split(";")[0]) or None
    return None


def input_key(doc: Document, model: str, llm: str | None = None) -> str:
    """What extraction of a document depends on: a changed key means it must be redone.

    ``llm`` is the optional LLM extractor's identity (model and prompt version), when it is on."""
    basis = json.dumps([doc.sha256, document_voice(doc), EXTRACTOR_VERSION, model] + ([llm] if llm else []))
    return hashlib.sha256(basis.encode()).hexdigest()[:32]


def learn_relations(parsed: list[tuple[Doc, int]], memory: DocMemory, turns: "TurnIndex") -> None:
    """'my son, Leon N.' -> for this speaker, 'my son' is Leon N. (the first naming wins)."""
    voice = memory.speaker_key
    for sdoc, offset in parsed:
        turn = turns.at(offset)
        memory.speaker_key = turn.speaker if turn is not None else voice
        for tok in sdoc:
            if tok.lemma_.lower() not in KINSHIP or tok.pos_ != "NOUN":
                continue
            poss = [c for c in tok.children if c.dep_ == "poss"]
            if not poss or poss[0].lower_ not in FIRST_PERSON or not memory.speaker_key:
                continue
            for child in tok.children:
                if child.dep_ == "appos":
                    ref = person_from_token(child, memory, offset)
                    if ref and not ref.key.startswith("@"):
                        memory.relations.setdefault((memory.speaker_key, tok.lemma_.lower()), ref.key)
    memory.speaker_key = voice


def _choose_time(verb: Token, times: list[TimeExpression], offset: int) -> TimeExpression | None:
    """The time expression that belongs to the verb's clause, else the only or nearest one in the sentence."""
    if not times:
        return None
    lo = verb.left_edge.idx + offset
    hi = verb.right_edge.idx + len(verb.right_edge) + offset
    inside = [t for t in times if t.start + offset >= lo and t.end + offset <= hi]
    # a date inside a clause nested in this one ("X, who came in March, met him in August") is that clause's
    nested = [
        (c.left_edge.idx, c.right_edge.idx + len(c.right_edge))
        for c in verb.children
        if c.dep_ in ("relcl", "advcl", "ccomp", "acl", "parataxis")
        or (c.dep_ in ("nsubj", "nsubjpass") and any(g.dep_ == "relcl" for g in c.children))
        or (c.dep_ == "conj" and any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children))  # "..., and in May I went"
    ]
    outside_nested = [t for t in times if not any(a <= t.start and t.end <= b for a, b in nested)]
    own = [t for t in inside if t in outside_nested]
    if not inside and any(a.lemma_.lower() in REPORTING_VERBS for a in verb.ancestors):
        return None  # "On 26 May X reported that he had seen Y": that date is the report's, not the meeting's
    # a date fronted before the clause may be parsed onto another verb ("...: from 10 to 26 May I lay ill")
    pool = own or outside_nested or inside or times
    vpos = verb.idx
    return min(pool, key=lambda t: (abs(t.start - vpos), t.start))


def _bounding_clause(verb: Token, times: list[TimeExpression]) -> tuple[TimeWindow, TimeExpression] | None:
    """'since I left it in March 1958', 'until he came back in 1960': a clause whose date bounds the claim's time."""
    for c in verb.children:
        if c.dep_ != "advcl":
            continue
        mark = next((m.lower_ for m in c.children if m.dep_ in ("mark", "advmod") and m.lower_ in ("since", "after", "until", "till", "before")), None)
        if mark is None:
            continue
        lo, hi = c.left_edge.idx, c.right_edge.idx + len(c.right_edge)
        inside = [t for t in times if t.window is not None and lo <= t.start and t.end <= hi]
        if not inside:
            continue
        t = inside[0]
        w = t.window
        if mark in ("since", "after"):
            return TimeWindow(earliest=w.earliest, latest=None, precision="open", text=f"{mark} {t.text}"), t
        end = w.latest if mark in ("until", "till") else (w.earliest - timedelta(days=1) if w.earliest else None)
        return TimeWindow(earliest=None, latest=end, precision="open", text=f"{mark} {t.text}"), t
    return None


#: Verbs that begin a stay ("admitted on D1 ... remained until D2"): their date opens the stay's window.
ARRIVAL_LEMMAS = {"arrive", "admit", "come", "return", "enter", "check", "move", "settle", "reach", "land", "get"}


def _stay_window(verb: Token, times: list[TimeExpression]) -> TimeWindow | None:
    """'arrived on D1 and stayed until D2', 'remained there from D1 until D2': a stay of known bounds.

    The end is the date under the verb's "until"/"till"; the start is the date under its "from"/"since",
    else the date of an arrival verb it is coordinated with. Only when both ends are found does this
    replace the ordinary reading (the single nearest date), which would pin the stay to one day.
    """
    def date_under(head: Token, preps: set[str]) -> TimeExpression | None:
        for p in head.children:
            if p.dep_ == "prep" and p.lower_ in preps:
                lo, hi = p.left_edge.idx, p.right_edge.idx + len(p.right_edge)
                inside = [t for t in times if t.window is not None and lo <= t.start and t.end <= hi]
                if inside:
                    return inside[-1]
        return None

    until = date_under(verb, {"until", "till", "to"})
    if until is None or until.window is None:
        return None
    start = date_under(verb, {"from", "since"})
    if start is None:
        node = verb
        while start is None and node.dep_ == "conj" and node.head.i != node.i:
            node = node.head
            if node.lemma_.lower() in ARRIVAL_LEMMAS:
                start = date_under(node, {"on", "in", "at"})
    if start is None or start.window is None or start.window.earliest is None:
        return None
    end = until.window.latest or until.window.earliest
    if end is None or end < start.window.earliest:
        return None
    return TimeWindow(earliest=start.window.earliest, latest=end, precision="day" if start.window.precision == "day" else start.window.precision, text=f"{start.text} – {until.text}")


TIME_NOUNS = {"time", "moment", "period", "point", "date", "juncture", "stage"}


def _refers_back_in_time(verb: Token) -> bool:
    """'at this time', 'at that moment', 'lodged there throughout' in the verb's clause: a time named earlier."""
    if any(c.dep_ in ("advmod", "prt") and c.lower_ in ("throughout", "meanwhile") for c in verb.children):
        return True
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in ("at", "during", "in", "by"):
            for obj in prep.children:
                if obj.dep_ == "pobj" and obj.lemma_.lower() in TIME_NOUNS and any(d.lower_ in ("this", "that", "the") and d.dep_ == "det" for d in obj.children):
                    return obj.lemma_.lower() != "time" or any(d.lower_ in ("this", "that") for d in obj.children)
    return False


_MONTH_NAME = re.compile(rf"(?i){MONTH}")  # a month named in the expression, written out or abbreviated
_PART_OF_DAY = re.compile(r"(?i)\b(?:morning|evening|afternoon|night|noon|midnight|dawn|dusk|o'clock|a\.m\.|p\.m\.|\d{1,2}[.:]\d{2})")


def _part_of_day(text: str) -> bool:
    return bool(_PART_OF_DAY.search(text or ""))


#: Records of proceedings, whose title names where the court or inquiry sat: the place a witness's
#: "the bar in Dock Street" is in, when nothing else says. (A letter's title names its addressee's
#: town, which says nothing of where the events it tells took place.)
PROCEEDINGS_KINDS = {"trial_record", "verdict", "judgment", "judgement", "hearing", "interrogation", "testimony", "deposition", "transcript", "inquest"}


def title_city(title: str | None) -> str | None:
    """The one city a document's title names ("Record of the Court at Dundee"), as a place key; None if
    it names none or several. Words are looked up in the offline gazetteer, capitalised ones only."""
    if not title:
        return None
    found = set()
    for word in re.findall(r"\b[A-Z][a-zà-ÿ'’-]{2,}(?:\s+[A-Z][a-zà-ÿ'’-]{2,})?", title):
        for name in (word, word.split()[0]):
            hit = lookup(name)
            if hit is not None and hit.kind == "city" and hit.population >= 50_000:
                found.add(fold(name))
                break
    return next(iter(found)) if len(found) == 1 else None


def _claim_id(document: str, draft_kind: str, start: int, end: int, parts: list, place: str | None, time: TimeWindow | None, verb_at: int) -> str:
    basis = json.dumps([document, draft_kind, start, end, parts, place, time.model_dump(mode="json") if time else None, verb_at])
    return "C-" + hashlib.sha1(basis.encode()).hexdigest()[:12]


def extract_document(doc: Document, nlp: Language, llm: "LLMExtractor | None" = None) -> tuple[list[Claim], list[dict]]:
    """All claims of one document and the mentions (names as written) they use.

    With ``llm`` (off by default), a model's grounded claims are added to the rules' (see :mod:`.llm`)."""
    view = normalised_view(doc.text)
    speaker = document_voice(doc)
    seat = title_city(doc.meta.title) if (doc.meta.kind or "") in PROCEEDINGS_KINDS else None
    memory = DocMemory(speaker_key=speaker, document_city=seat)
    sentences = doc.sentences
    turns = TurnIndex(find_turns(doc))
    spoken = spoken_spans(doc.text, sentences, turns.turns)  # a turn's label is not part of what was said
    parsed = list(zip(nlp.pipe((view[a:b] for a, b in spoken), batch_size=64), (a for a, _ in spoken)))
    learn_relations(parsed, memory, turns)

    anchor: date | None = doc.meta.date_window.earliest if doc.meta.date_window else None
    claims: list[Claim] = []
    mention_counts: Counter = Counter()
    mention_info: dict[str, dict] = {}

    def note(key: str, kind: str, text: str, data: dict | None = None) -> None:
        mention_counts[key] += 1
        info = mention_info.setdefault(key, {"kind": kind, "text": text, "data": {}})
        if data:
            info["data"].update({k: v for k, v in data.items() if v})

    # the manifest's names are written by whoever curated the corpus: they win as display names
    for rank, name in enumerate(doc.meta.speakers):
        if person_key(name):
            note(person_key(name), "person", name, {"manifest": True, "manifest_rank": rank + 1})
    if speaker and not doc.meta.speakers:
        note(speaker, "person", doc.meta.author or speaker, {"manifest": True})
    dialogue = Dialogue(doc, nlp, turns)  # questions assert nothing; short answers are read with their question
    contexts: list = []  # each sentence as the rules saw it, for the LLM extractor
    statements, accounts = QuotedStatements(), RetoldAccounts()
    paragraph_starts = {start for start, _ in doc.paragraphs}
    told: list[Claim] = []  # the last sentence's accounts of what was said, for "With B, “…”" after it
    before = 0
    for sdoc, offset in parsed:
        s_text = sdoc.text
        turn = turns.at(offset)
        # inside a transcript turn, "I" is whoever holds the floor
        memory.speaker_key = turn.speaker if turn is not None else speaker
        memory.in_turn = turn is not None
        quoted_author = statements.step(sdoc[:], memory, offset, new_paragraph=offset in paragraph_starts)
        memory.quoted_author = quoted_author
        memory.account_author = accounts.step(sdoc[:], memory, offset, new_paragraph=offset in paragraph_starts) if quoted_author is None else None
        if quoted_author is not None:
            memory.speaker_key = quoted_author  # inside "X sent us this statement: “I ...”", I is X
        if turn is not None and turn.speaker:
            note(turn.speaker, "person", turn.name or turn.label.title())
        times = find_time_expressions(s_text, anchor=anchor, default_year=anchor.year if anchor else None)
        for t in times:
            # a date, or a day and month in the year the text is in ("the 14th of May"), moves the story on;
            # a bare "the 10th" or "two days later" only reads off it
            named_month = t.window is not None and t.window.precision in ("day", "days", "month", "part_of_month") and _MONTH_NAME.search(t.text)
            if t.window is not None and t.window.earliest and (not t.anchored or named_month) and t.window.precision != "open":
                anchor = t.window.earliest
        for tok in sdoc:
            if tok.lower_ in BUILDING_WORDS and tok.pos_ in ("NOUN", "PROPN"):
                ref = place_from_token(tok, offset)
                if ref is not None and ref.kind == "building" and len(ref.text.split()) > 1:
                    memory.note_building(ref)
        silenced, frame = silenced_clauses(sdoc[:]) | quoted_questions(sdoc[:]), sentence_frame(sdoc[:])
        for reading in dialogue.readings(sdoc[:], offset, times, memory, anchor):
            own = reading.sent.doc is sdoc
            for draft, attr in reading.drafts:
                if own and draft.verb.i in silenced:
                    continue  # "no word at the trial about the fact that X ...": X is not asserted
                if own and frame is not None and attr.speaker_token is None and draft.polarity is None:
                    draft.document_speaker = frame  # "In the judgment, X is named as ...": the judgment's words
                if _denied_at_an_unknown_time(draft, attr, reading.times, reading.offset):
                    continue
                claim = _build_claim(doc, draft, attr, reading.times, reading.offset, reading.sent.doc, speaker, memory, note)
                if claim is not None:
                    claims.append(reading.cite(claim, doc))
        for draft, attr in document_content_drafts(sdoc[:], memory, offset):
            claim = _build_claim(doc, draft, attr, times, offset, sdoc, speaker, memory, note)
            if claim is not None:
                claims.append(claim)
        version = elided_version(sdoc[:], memory, offset)
        if version is not None:
            claims.extend(_second_versions(doc, version, told, memory, speaker, note))
        told = [c for c in claims[before:] if c.content and c.polarity == "affirmed"] or (told if version is not None else [])
        before = len(claims)
        note_reporter(sdoc[:], memory, offset)
        note_messages(sdoc[:], memory, offset)
        memory.prev_cities = {c.key for c in cities_in(sdoc[:], offset, skip_after=frozenset({"from", "of"}))}
        memory.saw(*dialogue.people_named(sdoc[:], memory, offset))
        dated = [t.window for t in times if t.window is not None and t.window.precision != "open"]
        memory.last_window_age += 1
        if dated:
            memory.last_window, memory.last_window_age = dated[-1], 0
        if llm is not None:
            from countertrial.extract.llm import SentenceContext

            contexts.append(SentenceContext(sdoc, offset, memory.speaker_key, memory.in_turn, times))
    if llm is not None:
        claims.extend(llm.claims_for(doc, contexts, claims, speaker, note))

    mentions = [
        {"key": k, "kind": mention_info[k]["kind"], "text": mention_info[k]["text"], "count": n, "data": mention_info[k]["data"]}
        for k, n in sorted(mention_counts.items())
    ]
    # one claim per id: two rules may read the same verb the same way
    unique = {c.id: c for c in claims if not _long_residence(c)}
    return sorted(unique.values(), key=lambda c: (c.start, c.end, c.id)), mentions


def _second_versions(doc: Document, version: ElidedVersion, told: list[Claim], memory: DocMemory, voice: str | None, note) -> list[Claim]:
    """'A says that X ordered “…”. With B, “…”': each account of the sentence before, as B tells it."""
    key = memory.speaker_key if version.person.key == "@speaker" else version.person.key
    out = []
    for first in told:
        if key is None or key == first.speaker:
            continue
        note(key, "person", version.person.text)
        words = doc.text[version.start : version.end]
        start, end = version.sentence_start, version.sentence_end
        reporter = memory.speaker_key or voice
        parts = [[p.entity, p.role] for p in first.participants]
        out.append(
            first.model_copy(
                update={
                    "id": _claim_id(doc.id, first.kind, start, end, parts, first.place, first.time, version.start),
                    "start": start,
                    "end": end,
                    "quote": doc.text[start:end],
                    "content": words,
                    "speaker": key,
                    "reported_by": reporter if reporter != key else None,
                    "modality": "reported" if reporter != key and first.modality == "asserted" else first.modality,
                    "knowledge": "reported" if reporter != key else first.knowledge,
                    "version_of": first.id,
                    "extractor": f"{EXTRACTOR_VERSION}:{first.kind}:elided-version",
                }
            )
        )
    return out


RESIDENCE_LEMMAS = {"live", "reside", "dwell"}
#: "X has lived in Z since 1921" says where X's home was, not where X was on a given day: over more than
#: this many days a residence is no presence claim (an alibi cannot rest on it).
RESIDENCE_MAX_DAYS = 31


def _long_residence(c: Claim) -> bool:
    lemma = c.extractor.rsplit(":", 1)[-1]
    if c.kind != "presence" or lemma not in RESIDENCE_LEMMAS or c.polarity != "affirmed":
        return False
    if c.time is None or c.time.earliest is None or c.time.latest is None:
        return True
    return (c.time.latest - c.time.earliest).days > RESIDENCE_MAX_DAYS


_NOT_NAMES = THIRD_PERSON | PLURAL_PERSON | FIRST_PERSON | {"we", "us", "you", "himself", "herself", "his", "hers"}


def _speaker_name(key: str, voice: str | None, doc: Document) -> str:
    """The name to show for "I": the manifest's name for the document's own voice; for anyone else
    quoted in it (a witness's statement, a transcript turn), their name as the text gave it."""
    if key == voice and doc.meta.speakers:
        return doc.meta.speakers[0]
    return key.title()


def _denied_at_an_unknown_time(draft: Draft, attr, times, offset: int) -> bool:
    """'Not that week', 'he did not see her two days before the fire': a denial bounded by a time the text
    does not let us date. Kept, it would read as "never" and deny every meeting at any time; dropped,
    nothing false is asserted (an affirmed claim keeps its place with no time instead)."""
    if (draft.polarity or attr.polarity) != "denied":
        return False
    expr = _choose_time(draft.verb, times, offset)
    return expr is not None and expr.window is None and expr.kind != "never"


def _build_claim(doc, draft: Draft, attr, times, offset, sdoc, voice, memory, note) -> Claim | None:
    """One claim from a draft (None when the draft turns out to assert nothing checkable).
    ``memory.speaker_key`` is who holds the floor; ``voice`` the document's."""
    speaker = memory.speaker_key
    expr = _choose_time(draft.verb, times, offset)
    window = expr.window if expr else None
    bound = _bounding_clause(draft.verb, times)
    if bound is not None and (expr is None or expr is bound[1]):
        window = bound[0]  # "not in X since I left it in March": from March on, not in March
    if draft.aspect == "state":
        window = _stay_window(draft.verb, times) or window
    if draft.since_start and expr is not None and re.match(r"(?i)\s*(?:ever\s+)?since\b", expr.text):
        # "known him since the spring of 1948": the spring of 1948, when they met
        said_at = doc.meta.date_window.earliest if doc.meta.date_window else None
        start = re.sub(r"(?i)^\s*(?:ever\s+)?since\s+", "", expr.text)
        inner = [t.window for t in find_time_expressions(start, anchor=said_at, default_year=said_at.year if said_at else None) if t.window is not None]
        window = inner[0] if inner else None
    said = doc.meta.date_window.latest if doc.meta.date_window else None
    if draft.kind == "custody" and expr is None and not draft.since_then:
        return None  # "X is interned": held, but when is not said, so nothing can be checked against it
    if draft.since_then:
        start = window.earliest if window is not None else (memory.last_window.earliest if memory.last_window is not None else None)
        if start is not None:
            window = TimeWindow(earliest=start, latest=said if said is not None and said >= start else None, precision="days")
    if window is not None and window.latest is None and window.earliest is not None and said is not None and said >= window.earliest:
        # "not set foot in X since 1958", written in 1962, speaks of 1958-1962: nobody can vouch for the future
        window = window.model_copy(update={"latest": said})
    if expr is None and _refers_back_in_time(draft.verb):
        window = memory.last_window  # "at this time", "at that moment": the time last named
        if window is not None and draft.aspect == "state" and (window.earliest is None or window.latest is None or (window.latest - window.earliest).days > 14):
            window = None  # "lodged there throughout" a whole month named in passing: too loose to hold
    elif draft.now and window is None:
        # "who had not met him before (that night)": the time the sentence names, else the time the
        # story is at, if it named one a sentence or two ago
        named = [t.window for t in times if t.window is not None and t.window.earliest and t.window.latest]
        window = named[0] if named else (memory.last_window if memory.last_window_age <= 2 else None)
    polarity = draft.polarity or attr.polarity
    last = memory.last_window
    if (
        window is not None and window.earliest is None and window.latest is not None and draft.aspect == "state"
        and polarity == "affirmed" and last is not None and last.earliest is not None and last.earliest <= window.latest
    ):
        # "On the 5th he dined there. He remained in Belfast until the 8th": from the time the story has
        # reached, not from the beginning of time (an open start would clash with any earlier year)
        window = window.model_copy(update={"earliest": last.earliest, "precision": "days"})
    if expr is not None and expr.kind == "never" and not draft.now:
        polarity, window = "denied", None
    # a sentence-level "never ... at any other time" anywhere in the clause makes the denial universal
    aspect = draft.aspect
    if aspect == "state" and expr is not None and window is expr.window and _part_of_day(expr.text) and window is not None and window.earliest == window.latest:
        # "at his office on the morning of the 9th": a moment of that day, not the whole of it (a stay
        # that filled the day would leave no time to have arrived from anywhere the night before)
        aspect = "event"
    participants = []
    first_person = speaker
    if attr.speaker_token is not None and in_quotation(draft.verb):
        # 'K. declared: "I met W. in April"': inside the quotation, I is whoever declared it
        quoting = _people([attr.speaker_token], memory, offset)
        if len(quoting) == 1 and not quoting[0].key.startswith("@"):
            first_person = quoting[0].key
    for ref, role in draft.people:
        key = first_person if ref.key == "@speaker" else ref.key
        if key is None:
            continue
        # a pronoun or a role word stands for the person; it is not a name to show them by
        shown = ref.text if ref.key != "@speaker" and ref.text.lower() not in _NOT_NAMES else (_speaker_name(key, voice, doc) if ref.key == "@speaker" else key.title())
        note(key, "person", shown)
        participants.append(Participant(entity=key, role=role, mention=doc.text[ref.start : ref.end]))
    place_key = None
    if draft.place is not None and draft.place.kind == "building" and not draft.place.located_in:
        # "the Hotel X" with no city of its own: the one city its sentence names, if there is just one
        cities = {c.key for c in cities_in(sdoc[:], offset, skip_after=frozenset({"from", "of"}))}
        if len(cities) == 1:
            note(draft.place.key, "building", draft.place.text, {"city_in_sentence": next(iter(cities))})
        elif len(memory.prev_cities) == 1:
            # "He sailed to Belfast ... . He lodged at the Carrickvale Hotel.": the city the story is in
            note(draft.place.key, "building", draft.place.text, {"city_in_context": next(iter(memory.prev_cities))})
        elif memory.document_city:
            # weakest of all: the one city the document's own title names ("the High Court at Dundee")
            note(draft.place.key, "building", draft.place.text, {"city_of_document": memory.document_city})
    if draft.place is not None:
        place_key = draft.place.key
        note(place_key, draft.place.kind, draft.place.text, {"located_in": draft.place.located_in})
        if draft.place.located_in:
            note(draft.place.located_in, "place", draft.place.located_in)
    origin_key = None
    if draft.origin is not None:
        origin_key = draft.origin.key
        note(origin_key, draft.origin.kind, draft.origin.text, {"located_in": draft.origin.located_in})
    claim_speaker = speaker
    if draft.alleged and attr.speaker_token is None:
        attr = type(attr)(None, "alleged", attr.polarity, True)  # "the pseudo-trip": alleged by someone unnamed
    # a verbatim record gives each turn in the speaker's own words: nobody reports them
    reported_by = voice if speaker != voice and not memory.in_turn else None
    modality = attr.modality
    own = not memory.account_own_only or any(p.entity == memory.account_author for p in participants)
    if memory.account_author and own and attr.speaker_token is None and draft.document_speaker is None and memory.account_author != speaker:
        # "X gave the following details: ... . When he came to C, X met Y there.": X's account, retold
        claim_speaker, reported_by, modality = memory.account_author, speaker or voice, "reported" if modality == "asserted" else modality
        attr = type(attr)(None, modality, attr.polarity, False)
    if attr.unknown_speaker and not memory.quoted_author:  # a quotation whose author was announced is not anonymous
        claim_speaker, reported_by = None, speaker or voice
    if draft.document_speaker is None and attr.speaker_token is not None and attr.speaker_token.lemma_.lower() in DOCUMENT_NOUNS:
        draft.document_speaker = attr.speaker_token  # "the verdict states that X met Y"
    if draft.document_speaker is not None:
        # a document speaks: the claim is the document's, reported by whoever quotes it
        noun = draft.document_speaker
        claim_speaker = document_key(noun)
        note(claim_speaker, "document", f"the {noun.text}")
        reported_by = speaker or voice
        modality = "reported" if modality == "asserted" else modality
    elif attr.speaker_token is not None:
        refs = _people([attr.speaker_token], memory, offset)  # "he declared that ...": he is resolved like any he
        ref = refs[0] if len(refs) == 1 else None
        if ref is not None:
            claim_speaker = speaker if ref.key == "@speaker" else ref.key
            if claim_speaker != speaker:
                reported_by = speaker or voice
                note(claim_speaker, "person", ref.text)
    start, end = offset, offset + len(sdoc.text)
    quote = doc.text[start:end]
    parts = [[p.entity, p.role] for p in participants]
    return Claim(
        id=_claim_id(doc.id, draft.kind, start, end, parts, place_key, window, draft.verb.idx + offset),
        kind=draft.kind,
        document=doc.id,
        start=start,
        end=end,
        quote=quote,
        participants=participants,
        place=place_key,
        place_mention=draft.place.text if draft.place else None,
        origin=origin_key,
        time=window,
        aspect=aspect,
        means=draft.means,
        content=draft.content,
        condition=draft.condition,
        condition_at=draft.condition_at,
        polarity=polarity,
        modality=modality,
        speaker=claim_speaker,
        reported_by=reported_by,
        knowledge="reported" if reported_by else ("first_hand" if any(p.entity == speaker for p in participants) else "unknown"),
        extractor=f"{EXTRACTOR_VERSION}:{draft.kind}:{draft.verb.lemma_.lower()}",
    )
