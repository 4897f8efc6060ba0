"""Extraction of one document: parse its sentences, read claims off them, and record the names used.

The document is parsed sentence by sentence on a same-length "normalised view" of its text (hard
line wraps turned into spaces), so every offset spaCy gives is an offset into the original text.
A first pass learns what the document's own appositions teach ("my son, N." means N.), a second
reads the claims. Time expressions without a year take it from the last dated sentence before them.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc, Token

from countertrial.extract.attribution import attribute  # noqa: F401  (re-exported for tests)
from countertrial.extract.mentions import BUILDING_WORDS, KINSHIP, FIRST_PERSON, DocMemory, cities_in, person_from_token, place_from_token
from countertrial.extract.rules import Draft, drafts_in
from countertrial.extract.turns import TurnIndex, find_turns
from countertrial.extract.timex import TimeExpression, find_time_expressions
from countertrial.ingest.segment import normalised_view
from countertrial.model import Claim, Document, Participant, TimeWindow
from countertrial.resolve.names import person_key

EXTRACTOR_VERSION = "rules-4"


def document_voice(doc: Document) -> str | None:
    """Whose voice the document is in: its (first) speaker, else its author, as a person key."""
    if doc.meta.speakers:
        return person_key(doc.meta.speakers[0]) or None
    if doc.meta.author:
        return person_key(doc.meta.author.split(";")[0]) or None
    return None


def input_key(doc: Document, model: str) -> str:
    """What extraction of a document depends on: a changed key means it must be redone."""
    basis = json.dumps([doc.sha256, document_voice(doc), EXTRACTOR_VERSION, model])
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
    pool = inside or times
    vpos = verb.idx
    return min(pool, key=lambda t: (abs(t.start - vpos), t.start))


def _claim_id(document: str, draft_kind: str, start: int, end: int, parts: list, place: str | None, time: TimeWindow | None, verb_at: int) -> str:
    basis = json.dumps([document, draft_kind, start, end, parts, place, time.model_dump(mode="json") if time else None, verb_at])
    return "C-" + hashlib.sha1(basis.encode()).hexdigest()[:12]


def extract_document(doc: Document, nlp: Language) -> tuple[list[Claim], list[dict]]:
    """All claims of one document and the mentions (names as written) they use."""
    view = normalised_view(doc.text)
    speaker = document_voice(doc)
    memory = DocMemory(speaker_key=speaker)
    sentences = doc.sentences
    parsed = list(zip(nlp.pipe((view[s.start : s.end] for s in sentences), batch_size=64), (s.start for s in sentences)))
    learn_relations(parsed, memory, TurnIndex(find_turns(doc)))

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
    for name in doc.meta.speakers:
        if person_key(name):
            note(person_key(name), "person", name, {"manifest": True})
    if speaker and not doc.meta.speakers:
        note(speaker, "person", doc.meta.author or speaker, {"manifest": True})
    turns = TurnIndex(find_turns(doc))
    for sdoc, offset in parsed:
        s_text = sdoc.text
        turn = turns.at(offset)
        # inside a transcript turn, "I" is whoever holds the floor
        memory.speaker_key = turn.speaker if turn is not None else speaker
        memory.in_turn = turn is not None
        if turn is not None and turn.speaker:
            note(turn.speaker, "person", turn.label.title())
        times = find_time_expressions(s_text, anchor=anchor, default_year=anchor.year if anchor else None)
        for t in times:
            if t.window is not None and t.window.earliest and not t.anchored and t.window.precision != "open":
                anchor = t.window.earliest
        for tok in sdoc:
            if tok.lower_ in BUILDING_WORDS and tok.pos_ in ("NOUN", "PROPN"):
                ref = place_from_token(tok, offset)
                if ref is not None and ref.kind == "building" and len(ref.text.split()) > 1:
                    memory.note_building(ref)
        for draft, attr in drafts_in(sdoc[:], memory, offset):
            claims.append(_build_claim(doc, draft, attr, times, offset, sdoc, speaker, memory, note))

    mentions = [
        {"key": k, "kind": mention_info[k]["kind"], "text": mention_info[k]["text"], "count": n, "data": mention_info[k]["data"]}
        for k, n in sorted(mention_counts.items())
    ]
    # one claim per id: two rules may read the same verb the same way
    unique = {c.id: c for c in claims}
    return sorted(unique.values(), key=lambda c: (c.start, c.end, c.id)), mentions


def _build_claim(doc, draft: Draft, attr, times, offset, sdoc, voice, memory, note) -> Claim:
    """One claim from a draft. ``memory.speaker_key`` is who holds the floor; ``voice`` the document's."""
    speaker = memory.speaker_key
    expr = _choose_time(draft.verb, times, offset)
    window = expr.window if expr else None
    polarity = attr.polarity
    if expr is not None and expr.kind == "never":
        polarity, window = "denied", None
    # a sentence-level "never ... at any other time" anywhere in the clause makes the denial universal
    participants = []
    for ref, role in draft.people:
        key = speaker if ref.key == "@speaker" else ref.key
        if key is None:
            continue
        note(key, "person", ref.text if ref.key != "@speaker" else (doc.meta.speakers[0] if doc.meta.speakers else ref.text))
        participants.append(Participant(entity=key, role=role, mention=doc.text[ref.start : ref.end]))
    place_key = None
    if draft.place is not None and draft.place.kind == "building" and not draft.place.located_in:
        # "the Hotel X" with no city of its own: the one city its sentence names, if there is just one
        cities = {c.key for c in cities_in(sdoc[:], offset)}
        if len(cities) == 1:
            note(draft.place.key, "building", draft.place.text, {"city_in_sentence": next(iter(cities))})
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
    # a verbatim record gives each turn in the speaker's own words: nobody reports them
    reported_by = voice if speaker != voice and not memory.in_turn else None
    modality = attr.modality
    if attr.unknown_speaker:
        claim_speaker, reported_by = None, speaker or voice
    if attr.speaker_token is not None:
        ref = person_from_token(attr.speaker_token, memory, offset)
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
        aspect=draft.aspect,
        means=draft.means,
        content=draft.content,
        polarity=polarity,
        modality=modality,
        speaker=claim_speaker,
        reported_by=reported_by,
        knowledge="reported" if reported_by else ("first_hand" if any(p.entity == speaker for p in participants) else "unknown"),
        extractor=f"{EXTRACTOR_VERSION}:{draft.kind}:{draft.verb.lemma_.lower()}",
    )
