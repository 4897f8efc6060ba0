"""Claim rules: from one parsed sentence, the presence, meeting and travel claims it makes.

Each rule starts from a verb, reads its participants, place, time and means from the dependency
parse, and asks :mod:`attribution` who asserts it and with what stance. Rules are keyed by verb
lemma in a registry (``VERB_RULES``) rather than an if-chain, so a new kind of claim is a new entry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from countertrial.extract.attribution import REPORTING_VERBS, attribute, misread_report
from countertrial.extract.mentions import ASIDE_VERBS, CALENDAR_WORDS, ROLE_WORDS, SPATIAL_PREPS, DocMemory, PersonRef, PlaceRef, person_from_token, place_from_token, route_place, site_from_token
from countertrial.resolve.gazetteer import lookup

MEANS_WORDS = {
    "airplane": "airplane", "aeroplane": "airplane", "plane": "airplane", "air": "airplane", "aircraft": "airplane",
    "train": "train", "rail": "train", "railway": "train", "car": "car", "automobile": "car", "motorcar": "car",
    "taxi": "car", "bus": "car", "coach": "car", "ship": "ship", "boat": "ship", "steamer": "ship", "ferry": "ship",
    "sea": "ship", "foot": "foot", "horse": "horse", "bicycle": "bicycle", "bike": "bicycle",
}
VERB_MEANS = {"fly": "airplane", "sail": "ship", "drive": "car", "ride": "horse", "walk": "foot"}
PLACE_PREPS = {"in", "at", "on", "inside", "near"}
RELATIVE_PRONOUNS = {"whom", "who", "that", "which"}


@dataclass
class Draft:
    """A claim before it gets its id, time and speaker: what the rule read off the parse."""

    kind: str
    verb: Token
    people: list[tuple[PersonRef, str]] = field(default_factory=list)  # (person, role)
    place: PlaceRef | None = None
    origin: PlaceRef | None = None
    aspect: str = "event"
    means: str | None = None
    content: str | None = None
    polarity: str | None = None  # set when the words fix it whatever the negation ("not ... until T" begins at T)
    alleged: bool = False  # "the pseudo-trip": someone else's allegation, not the writer's assertion
    document_speaker: Token | None = None  # "the verdict says ...": a document noun that speaks the claim
    now: bool = False  # the time is the one the story has reached (the last named), whatever the clause says
    since_start: bool = False  # "known since T": the claim is about T itself, not the time from T on
    since_then: bool = False  # "has been in custody since": from the time last named up to the writing
    condition: str | None = None  # the state the thing handed over was in ("developed", "unopened")
    condition_at: str | None = None  # when it was in that state: "sent" or "received"


def _conj_expand(tok: Token) -> list[Token]:
    out = [tok]
    for c in tok.children:
        if c.dep_ == "conj":
            out.extend(_conj_expand(c))
    return out


def _subjects(verb: Token) -> list[Token]:
    """Subjects of a verb, borrowed from the governing verb for 'came to see', 'went and met'."""
    node = verb
    for _ in range(3):
        subj = [c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")]
        if node is not verb and node.lemma_.lower() in ASIDE_VERBS and [s.lower_ for s in subj] == ["it"]:
            # "Brenner, it turns out, received the letter": the parser makes the aside the main verb
            # and hangs the real subject on it before the comma
            fronted = [c for c in node.children if c.i < subj[0].i and c.dep_ in ("advcl", "npadvmod", "nsubj", "dep") and (c.pos_ in ("PROPN", "NOUN", "PRON") or c.is_title)]
            if fronted:
                return [t for s in fronted for t in _conj_expand(s)]
        if subj:
            # "X, who brought ...": the relative pronoun stands for the noun the clause hangs on
            subj = [node.head if s.lower_ in RELATIVE_PRONOUNS and node.dep_ == "relcl" else s for s in subj]
            return [t for s in subj for t in _conj_expand(s)]
        if node.dep_ in ("xcomp", "advcl", "conj") and node.head.i != node.i:
            node = node.head
            continue
        if node.dep_ == "pcomp" and node.head.dep_ == "prep":  # "X is named as having handed ..."
            node = node.head.head
            continue
        break
    # The small parser often swallows a subject after a fronted date ("On 4 May X met Y") into the
    # date's prepositional phrase: take a proper name standing right before the verb.
    i = verb.i - 1
    while i >= verb.sent.start and verb.doc[i].pos_ in ("AUX", "ADV", "PART") and verb.doc[i].dep_ != "punct":
        i -= 1
    if i >= verb.sent.start and verb.doc[i].pos_ == "PROPN" and verb.doc[i].dep_ in ("pobj", "npadvmod", "compound", "nsubj", "appos"):
        return [verb.doc[i]]
    return []


def _objects(verb: Token) -> list[Token]:
    objs: list[Token] = []
    for c in verb.children:
        if c.dep_ == "dobj":
            if c.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                objs.extend(_conj_expand(verb.head))
            else:
                objs.extend(_conj_expand(c))
        elif c.dep_ == "prep" and c.lower_ in ("with",):
            objs.extend(t for p in c.children if p.dep_ == "pobj" for t in _conj_expand(p))
        elif c.dep_ == "prep" and c.lower_ in PLACE_PREPS and not objs:
            # "met in a cafe on X street with Y": the parser may hang "with Y" on the place
            for place in (p for p in c.children if p.dep_ == "pobj"):
                objs.extend(t for w in place.children if w.dep_ == "prep" and w.lower_ == "with" for p in w.children if p.dep_ == "pobj" for t in _conj_expand(p))
    return objs


THIRD_PERSON = {"he", "she", "him", "her"}
#: Verbs whose object is a place ("after leaving the country"), never a person, whatever NER says.
PLACE_VERBS = {"leave", "enter", "reach", "cross", "flee", "quit", "invade", "annex", "govern", "rule"}
PLURAL_PERSON = {"they", "them"}
OBJECT_DEPS = {"dobj", "pobj", "dative", "iobj"}


def _clause_verb(tok: Token) -> Token:
    node = tok.head
    while node.pos_ not in ("VERB", "AUX") and node.head.i != node.i:
        node = node.head
    return node


def _names_person(tok: Token) -> bool:
    """A proper name that stands for a person here: NER says so, or it is a name in a person's slot."""
    if tok.pos_ != "PROPN" or tok.dep_ in ("compound", "flat"):
        return False
    if tok.dep_ == "pobj" and tok.head.lower_ in SPATIAL_PREPS and lookup(tok.text) is not None:
        return False  # "to Porto", whatever NER thought
    if tok.ent_type_ == "PERSON":
        return True
    # the small model calls many foreign surnames ORG, GPE or nothing: a name in a slot people fill
    # (a GPE only when the gazetteer knows no such place)
    if tok.ent_type_ in ("GPE", "LOC") and (lookup(tok.text) is not None or tok.text.isupper() or tok.head.lemma_.lower() in PLACE_VERBS):
        return False  # a known place, an acronym of a state, or the object of "leave", "enter" ...
    return (
        tok.ent_type_ in ("", "ORG", "NORP", "WORK_OF_ART", "PRODUCT", "GPE", "LOC")
        and tok.dep_ in ("nsubj", "nsubjpass", "poss", "pobj", "dobj", "appos", "conj")
        and tok.lower_ not in CALENDAR_WORDS
    )


_GENDER = {"he": "m", "him": "m", "his": "m", "himself": "m", "she": "f", "her": "f", "hers": "f", "herself": "f"}


def _antecedent(pron: Token) -> Token | None:
    """The person a he/she/him/her stands for, within its own sentence, only where English makes it plain.

    "X testified that he met Y": the subject of the reporting verb. "When X arrived, he met Y":
    the one proper-name subject earlier in the same sentence. An object pronoun never stands for the
    subject of its own clause ("X, who brought Z's orders, met with him": him is Z, not X).
    """
    own = {t.i for t in _subjects(_clause_verb(pron))} if pron.dep_ in OBJECT_DEPS else set()
    if pron.dep_ in OBJECT_DEPS:
        # "he said, Lennie met him", "X said that Y had paid him": him is the one saying it
        clause = _clause_verb(pron)
        frames = [clause.head] if clause.dep_ == "ccomp" else []
        frames += [c for c in clause.children if c.dep_ == "parataxis"]
        for frame in frames:
            if frame.lemma_.lower() not in REPORTING_VERBS:
                continue
            for s in frame.children:
                if s.dep_ == "nsubj" and s.i not in own and (
                    (s.lower_ in THIRD_PERSON and _GENDER.get(s.lower_) == _GENDER.get(pron.lower_)) or _names_person(s)
                ):
                    return s
    node = pron.head
    for _ in range(4):
        if node.dep_ in ("ccomp", "advcl", "conj", "xcomp") and node.head.i != node.i:
            node = node.head
            subj = [c for c in node.children if c.dep_ == "nsubj" and (_names_person(c) or c.lower_ in ROLE_WORDS) and c.i not in own]
            if subj:
                return subj[0]
            same = [c for c in node.children if c.dep_ == "nsubj" and c.lower_ in THIRD_PERSON and _GENDER.get(c.lower_) == _GENDER.get(pron.lower_) and c.i not in own]
            if same:
                return same[0]  # "He has no recollection ..., and he did not set foot there": the same he
        else:
            break
    reporter = misread_report(pron)  # "Weller states “that ... he received”", misparsed: he is Weller
    if reporter is not None and reporter.i not in own:
        return reporter
    earlier = [t for t in pron.sent if t.i < pron.i and t.dep_ == "nsubj" and _names_person(t) and t.i not in own]
    if len(earlier) == 1:
        return earlier[0]
    own_names = {pron.doc[i].lower_ for i in own}  # "met Robert K., when K. was introduced to him": not K.
    named = [t for t in pron.sent if t.i < pron.i and _names_person(t) and t.i not in own and t.lower_ not in own_names]
    if pron.dep_ in OBJECT_DEPS and named:
        return named[-1]  # the nearest other person named before it
    return named[0] if len(named) == 1 and not earlier else None


def _group_before(pron: Token) -> list[Token]:
    """'X and Y ... them': the last two-or-more people joined by 'and' earlier in the sentence."""
    for tok in reversed([t for t in pron.sent if t.i < pron.i]):
        if _names_person(tok) or (tok.pos_ == "PROPN" and tok.dep_ == "pobj"):
            group = _conj_expand(tok)
            if len(group) > 1:
                return group
    return []


def _people(tokens: list[Token], memory: DocMemory, offset: int) -> list[PersonRef]:
    """The people some tokens name; he/she/they resolved in the sentence, else from the sentences before."""
    out = []
    for t in tokens:
        low = t.lower_
        if low in THIRD_PERSON and not any(c.dep_ == "appos" for c in t.children):
            ante, first = _antecedent(t), t
            for _ in range(4):  # "he ..., and he ...": the first he decides
                if ante is None or ante.lower_ not in THIRD_PERSON or ante.i == first.i:
                    break
                first, ante = ante, _antecedent(ante)
            if ante is not None and ante.lower_ in THIRD_PERSON:
                ante = None
            if ante is None:
                own = {r.key for r in _named(_subjects(_clause_verb(first)), memory, offset)} if first.dep_ in OBJECT_DEPS else set()
                # "Gilfillan said ... . Kinnear had told him ... . He said ...": who says is who was saying
                reporting = (
                    first.dep_ == "nsubj" and first.head.lemma_.lower() in REPORTING_VERBS and memory.last_reporter is not None
                    and not any(_names_person(w) for w in first.sent if w.i < first.i)  # "X's denials ... he would deny": X
                    # "K. went into the box. He said ...": a new person on the stand is who says it now
                    and (memory.in_reported_speech or not memory.prev_subjects or any(p.key == memory.last_reporter.key for p in memory.prev_subjects))
                )
                prev = memory.last_reporter if reporting else memory.previous_person(exclude=own)
                if prev is not None:
                    out.append(PersonRef(prev.key, t.text, offset + t.idx, offset + t.idx + len(t)))
                continue
            t = ante
        elif low in PLURAL_PERSON:
            group = _named(_group_before(t), memory, offset)
            # "no relations with the dissidents ... never written to them": a plural noun in the same
            # sentence is the likelier antecedent, and it names no one we can resolve
            plural_before = any(w.tag_ in ("NNS", "NNPS") for w in t.sent if w.i < t.i)
            refs = group if len(group) > 1 else ([] if plural_before else memory.previous_group())
            out.extend(PersonRef(r.key, t.text, offset + t.idx, offset + t.idx + len(t)) for r in refs)
            continue
        ref = person_from_token(t, memory, offset)
        if ref is not None:
            out.append(ref)
    return out


def _named(tokens: list[Token], memory: DocMemory, offset: int) -> list[PersonRef]:
    return [r for r in (person_from_token(t, memory, offset) for t in tokens if t.lower_ not in THIRD_PERSON | PLURAL_PERSON) if r is not None]


def note_reporter(sent: Span, memory: DocMemory, offset: int) -> None:
    """After a sentence: remember the last person it says said something ("Gilfillan said he had ..."),
    and whether the sentence goes on in reported speech ("Kinnear had told him that ...": the past
    perfect of indirect speech), so that a "he said" after it is still the reporter."""
    root = sent.root
    memory.in_reported_speech = root.lemma_.lower() in REPORTING_VERBS or any(
        c.dep_ == "aux" and c.lower_ == "had" for c in root.children
    )
    for tok in sent:
        if tok.pos_ == "VERB" and tok.lemma_.lower() in REPORTING_VERBS:
            if any(c.dep_ in ("dobj", "dative", "iobj") and (c.pos_ in ("PROPN", "PRON")) for c in tok.children):
                continue  # "Kinnear had told him that ...": something that happened in the story, not a statement to us
            subj = [c for c in tok.children if c.dep_ == "nsubj"]
            refs = [r for r in _people(subj, memory, offset) if not r.key.startswith("@")] if subj else []
            if len(refs) == 1:
                memory.last_reporter = refs[0]


def people_named(sent: Span, memory: DocMemory, offset: int) -> tuple[list[PersonRef], list[PersonRef], list[PersonRef]]:
    """The people a sentence names: its subjects, everyone in order, and its last group of two or more."""
    subjects, everyone, group = [], [], []
    for tok in sent:
        if tok.dep_ == "nsubj" and tok.head.dep_ == "ROOT" and (tok.lower_ in THIRD_PERSON or person_from_token(tok, memory, offset) is not None and not _names_person(tok)):
            # "He lodged at ...", "Our client has never met ...": the sentence is still about its subject,
            # so the next "he" is that person, not whoever else the sentence happens to name
            subjects.extend(r for r in _people([tok], memory, offset) if not r.key.startswith("@"))
            continue
        if not _names_person(tok):
            continue
        ref = person_from_token(tok, memory, offset)
        if ref is None or ref.key.startswith("@"):
            continue
        everyone.append(ref)
        if tok.dep_ in ("nsubj", "nsubjpass"):
            subjects.append(ref)
        members = _named(_conj_expand(tok), memory, offset)
        if len(members) > 1:
            group = members
    return subjects, everyone, group


def _places(verb: Token, preps: set[str], offset: int) -> Iterator[PlaceRef]:
    """Places attached to the verb by a preposition, most specific first ("a cafe on X in Y")."""
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.lower_ not in preps:
            continue
        for obj in prep.children:
            if obj.dep_ != "pobj":
                continue
            ref = place_from_token(obj, offset)
            if ref is not None:
                yield ref
            else:
                # "in a cafe on X in Berlin": descend through the noun's own prepositions
                for inner_prep in obj.children:
                    if inner_prep.dep_ == "prep" and inner_prep.lower_ in ("in", "at", "on", "of"):
                        for inner in inner_prep.children:
                            if inner.dep_ == "pobj":
                                r = place_from_token(inner, offset)
                                if r is not None:
                                    yield r


CLAUSE_DEPS = {"ccomp", "relcl", "acl", "advcl", "xcomp", "conj", "parataxis"}


def _clause_objects(verb: Token, preps: set[str]) -> Iterator[Token]:
    """Objects of ``preps`` anywhere in the verb's own clause, not in clauses nested in it.

    "flew by airplane from X to Y": the route hangs on the noun "airplane", not on the verb.
    """
    for tok in verb.subtree:
        if tok.dep_ != "prep" or tok.lower_ not in preps:
            continue
        node = tok.head
        while node.i != verb.i and node.dep_ not in CLAUSE_DEPS and node.head.i != node.i:
            node = node.head
        if node.i == verb.i:
            yield from (obj for obj in tok.children if obj.dep_ == "pobj")


def _clause_places(verb: Token, preps: set[str], offset: int) -> list[PlaceRef]:
    """Places introduced by ``preps`` in the verb's own clause (see :func:`_clause_objects`)."""
    return [ref for obj in _clause_objects(verb, preps) for ref in [place_from_token(obj, offset)] if ref is not None]


def _route_places(verb: Token, preps: set[str], offset: int) -> list[PlaceRef]:
    """Like :func:`_clause_places`, for the ends of a journey: small places the gazetteer lacks count too."""
    return [ref for obj in _clause_objects(verb, preps) for o in _conj_expand(obj) for ref in [route_place(o, offset)] if ref is not None]


def _best_place(places: list[PlaceRef]) -> PlaceRef | None:
    if not places:
        return None
    buildings = [p for p in places if p.kind == "building"]
    cities = [p for p in places if p.kind == "place"]
    if buildings:
        b = buildings[0]
        if b.located_in is None and cities:
            b.located_in = cities[-1].key
        return b
    return cities[-1]  # "in Germany, in Berlin" -> the last, usually the most specific, is as good as any


def _means(verb: Token) -> str | None:
    if verb.lemma_.lower() in VERB_MEANS:
        return VERB_MEANS[verb.lemma_.lower()]
    for node in [verb, *[c for c in verb.children if c.dep_ in ("xcomp", "advcl")]]:
        for prep in node.children:
            if prep.dep_ == "prep" and prep.lower_ in ("by", "on", "in", "aboard"):
                for obj in prep.children:
                    if obj.dep_ == "pobj" and obj.lemma_.lower() in MEANS_WORDS:
                        if prep.lower_ == "by" or obj.lemma_.lower() in ("train", "plane", "airplane", "ship", "boat", "foot"):
                            return MEANS_WORDS[obj.lemma_.lower()]
    return None


def _seeing(verb: Token, subjects: list[PersonRef], objects: list[PersonRef]) -> Draft:
    """A meeting of ``subjects`` with ``objects``; a first meeting when the words say so ("first met",
    "met only in 1934"), and "who had not met him before" / "never seen him before that night" too:
    they met then for the first time (it denies earlier meetings, not the one the story has reached)."""
    if _not_before(verb):
        d = Draft("first_contact", verb, aspect="event", polarity="affirmed", now=True)
    else:
        d = Draft("first_contact" if _first_time(verb) else "meeting", verb, aspect="event")
    d.people = [(p, "subject") for p in subjects] + [(p, "companion") for p in objects]
    return d


def meeting_rule(verb: Token, memory: DocMemory, offset: int) -> list[Draft]:
    subjects = _people(_subjects(verb), memory, offset)
    objects = _people(_objects(verb), memory, offset)
    if not subjects or not objects:
        return []
    d = _seeing(verb, subjects, objects)
    if len({p.key for p, _ in d.people}) < 2:
        return []
    d.place = None if _anywhere(verb) else _best_place(list(_places(verb, PLACE_PREPS, offset)))
    if d.place is not None and d.place.kind == "building":
        d.place = memory.note_building(d.place)
    d.means = _means(verb)
    return [d]


def _anywhere(verb: Token) -> bool:
    """'never met him, in Dundee or anywhere else': in a denial, the place named is an example, not a
    limit. ("I saw him in Paris and in Porto, nowhere else" is the opposite: a limit, and kept.)"""
    from countertrial.extract.attribution import is_negated

    return is_negated(verb) and any(t.lower_ in ("anywhere", "elsewhere", "everywhere") for t in verb.subtree if t.head.i == verb.i or t.head.head.i == verb.i or t.head.head.head.i == verb.i)


def _not_before(verb: Token) -> bool:
    """'had not met him before', 'had never seen him before (that night)': negated, with "before" and no date."""
    from countertrial.extract.attribution import is_negated

    if not is_negated(verb):
        return False
    for c in verb.children:
        if c.lower_ in ("before", "previously", "earlier") and c.dep_ in ("advmod", "prep"):
            objs = [o for o in c.children if o.dep_ == "pobj"]
            if not objs or all(any(d.lower_ in ("that", "this", "the") for d in o.children) and o.lemma_.lower() in ("night", "day", "evening", "morning", "meeting", "time", "occasion", "week") for o in objs):
                return True
    return False


def _first_time(verb: Token) -> bool:
    """'met him for the first time', 'first met him', 'met him only in 1934': the first meeting, a bound on all others."""
    for c in verb.children:
        if c.dep_ == "advmod" and c.lower_ == "first":
            return True
        if c.dep_ == "prep" and c.lower_ == "for":
            for obj in c.children:
                if obj.lemma_.lower() == "time" and any(a.lower_ == "first" for a in obj.children):
                    return True
        if c.dep_ == "prep" and c.lower_ in ("in", "on", "at") and any(a.lower_ == "only" for a in c.children):
            return True
        if c.dep_ == "advmod" and c.lower_ == "only" and c.i + 1 < len(verb.doc) and verb.doc[c.i + 1].lower_ in ("in", "on", "at"):
            return True
    return False


# --- existence of places and things, and records that something did not happen ------------------

END_VERBS = {"raze", "demolish", "destroy", "burn", "bomb", "close", "abolish", "dissolve", "level", "tear", "pull", "knock", "shut", "gut", "flatten", "blow"}
BEGIN_VERBS = {"build", "rebuild", "open", "reopen", "found", "construct", "erect", "establish", "inaugurate", "restore", "reconstruct"}
ARRIVAL_VERBS = {"land", "arrive", "call", "dock", "depart", "leave", "take", "fly", "stop"}


def existence_rule(verb: Token, memory: DocMemory, offset: int) -> list[Draft]:
    """'The Hotel X was razed in 1917', 'they rebuilt the hotel in 1936': when a place began or ended."""
    lemma = verb.lemma_.lower()
    if lemma in ("tear", "pull", "knock", "shut", "burn") and not any(c.dep_ == "prt" for c in verb.children) and lemma != "burn":
        return []
    targets = [c for c in verb.children if c.dep_ == "nsubjpass"] or [c for c in verb.children if c.dep_ == "dobj"]
    for t in targets:
        ref = place_from_token(t, offset) or site_from_token(t, offset)
        if ref is None or ref.kind != "building":
            continue
        ref = memory.note_building(ref)
        words = [verb.text] + [c.text for c in verb.children if c.dep_ == "prt"]
        return [Draft("existence", verb, place=ref, aspect="event", content=" ".join(words))]
    return []


def _negated_subject(tok: Token) -> bool:
    """'no aircraft', 'not a single airplane', 'none of the ships'."""
    return any(c.dep_ in ("neg", "det") and c.lower_ in ("no", "not", "neither", "none") for c in tok.children)


SERVICE_NOUNS = {"flight": "airplane", "service": None, "sailing": "ship", "connection": None, "crossing": "ship", "traffic": None}


def _route(head: Token, offset: int) -> tuple[PlaceRef | None, PlaceRef | None]:
    """'between A and B' on a verb or noun: a route, read as (from A, to B)."""
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ == "between":
            ends = [t for o in prep.children if o.dep_ == "pobj" for t in _conj_expand(o)]
            refs = [r for r in (route_place(t, offset) for t in ends) if r is not None]
            if len(refs) == 2:
                return refs[0], refs[1]
    return None, None


def non_occurrence_rule(verb: Token, memory: DocMemory, offset: int) -> list[Draft]:
    """'Not a single foreign airplane landed at the airport in December', 'no ship sailed from A for B':
    a record that no journey of a kind took place (at a place, or on a route)."""
    lemma = verb.lemma_.lower()
    if lemma == "take" and not any(c.dep_ == "prt" and c.lower_ == "off" for c in verb.children):
        return []
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if not subjects and verb.dep_ == "acl":
        subjects = [verb.head]  # "No steamer crossed between A and B": parsed as the noun "steamer" it describes
    for subj in subjects:
        means = MEANS_WORDS.get(subj.lemma_.lower()) or ({"flight": "airplane", "sailing": "ship"}.get(subj.lemma_.lower()))
        if means is None or not (_negated_subject(subj) or any(c.dep_ == "neg" for c in verb.children)):
            continue
        origin, dest = _route(verb, offset)
        if origin is None and lemma in ("sail", "depart", "leave", "fly", "run"):
            origin = _best_place(_clause_places(verb, {"from"}, offset))
            dest = _best_place(_clause_places(verb, {"to", "for", "into"}, offset))
        place = dest or _best_place(_clause_places(verb, {"at", "in", "on", "into", "from"}, offset))
        if place is None:
            continue
        place = memory.note_building(place)
        qualifiers = [a.text for a in subj.children if a.dep_ == "amod" and a.lower_ not in ("single",)]
        words = [*qualifiers, subj.text, verb.text] + [c.text for c in verb.children if c.dep_ == "prt"]
        origin = origin if origin is not None and origin.key != place.key else None
        # the record is affirmed: what it says did not happen is in its content ("no ship sailed")
        return [Draft("non_occurrence", verb, place=place, origin=origin, aspect="state", means=means, content="no " + " ".join(words), polarity="affirmed")]
    return []


def no_service_rule(verb: Token, memory: DocMemory, offset: int) -> list[Draft]:
    """'There was no air service between A and B', 'there were no flights to C': no means of getting there."""
    if not any(c.dep_ == "expl" for c in verb.children):
        return []
    for attr in (c for c in verb.children if c.dep_ in ("attr", "nsubj") and _negated_subject(c)):
        noun = attr.lemma_.lower()
        means = MEANS_WORDS.get(noun) or SERVICE_NOUNS.get(noun)
        for mod in attr.children:
            if means is None and mod.dep_ in ("compound", "amod", "nmod"):
                means = MEANS_WORDS.get(mod.lemma_.lower()) or {"rail": "train", "sea": "ship", "air": "airplane"}.get(mod.lemma_.lower())
        if means is None:
            continue
        origin, dest = _route(attr, offset)
        if dest is None:
            dest = _best_place(_clause_places(attr, {"to", "into", "at", "in"}, offset) or _clause_places(verb, {"to", "at"}, offset))
        if dest is None:
            continue
        words = " ".join(t.text for t in attr.subtree if t.i <= attr.i)
        return [Draft("non_occurrence", verb, place=dest, origin=origin, aspect="state", means=means, content=words, polarity="affirmed")]
    return []


#: Where someone is held: "in custody", "in prison", "in detention" (a named prison is also a place).
CUSTODY_NOUNS = {"custody", "prison", "jail", "gaol", "detention", "confinement", "captivity", "penitentiary", "internment", "arrest"}
#: Verbs of holding someone: "was held in P", "was detained from D1 to D2", "was imprisoned in P".
HOLDING_VERBS = {"hold", "detain", "imprison", "jail", "intern", "incarcerate", "confine"}


def _custody_objects(verb: Token) -> list[Token]:
    return [o for p in verb.children if p.dep_ == "prep" and p.lower_ in ("in", "under") for o in p.children if o.dep_ == "pobj" and o.lemma_.lower() in CUSTODY_NOUNS]


def custody_rule(verb: Token, memory: DocMemory, offset: int) -> list[Draft]:
    """'X has been in custody since his arrest on D', 'X was in prison from D1 to D2', 'X was held in P
    until D', 'X was released on D': someone held, which pins them for the whole window (a state), or,
    for a release, on that day. Arrest itself is read by :func:`arrest_rule` (where they were taken)."""
    lemma = verb.lemma_.lower()
    held_in = _custody_objects(verb)
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    if lemma in ("be", "remain", "stay", "spend", "sit", "languish") and held_in:
        aspect = "state"
    elif lemma in HOLDING_VERBS and passive:
        aspect = "state"
    elif lemma in ("release", "free", "discharge") and passive:
        aspect = "event"
    else:
        return []
    subjects = _people(_subjects(verb), memory, offset)
    if not subjects:
        return []
    places = [r for o in held_in for r in [place_from_token(o, offset)] if r is not None and o.lemma_.lower() not in ("custody", "detention", "captivity", "confinement", "internment", "arrest")]
    places += [r for r in _places(verb, PLACE_PREPS, offset) if lemma in HOLDING_VERBS or r.kind == "place"]
    place = _best_place(places)
    if place is not None and place.kind == "building" and len(place.text.split()) == 1:
        # "in prison in Perth": which prison is not said; the town is where they were held
        place = PlaceRef(place.located_in, place.located_in.title(), place.start, place.end, "place") if place.located_in else None
    d = Draft("custody", verb, aspect=aspect, place=place)
    if d.place is not None and d.place.kind == "building":
        d.place = memory.note_building(d.place)
    d.people = [(p, "subject") for p in subjects]
    # "has been in custody since": from the time just named up to when the text was written
    d.since_then = any(c.dep_ == "advmod" and c.lower_ == "since" and not list(c.children) for c in verb.children)
    return [d]


def presence_rule(verb: Token, memory: DocMemory, offset: int) -> list[Draft]:
    if _custody_objects(verb):
        return []  # "was in prison": custody, read by custody_rule
    subjects = _people(_subjects(verb), memory, offset)
    if not subjects:
        return []
    place = _best_place(list(_places(verb, PLACE_PREPS, offset)))
    if place is None or _anywhere(verb):
        return []
    if place.kind == "building":
        place = memory.note_building(place)  # "at the hotel": the hotel last named
    d = Draft("presence", verb, aspect="state", place=place)
    d.people = [(p, "subject") for p in subjects]
    if any(c.lemma_.lower() in ("night", "nights") and c.dep_ in ("dobj", "npadvmod") for c in verb.children):
        # "stayed the night at the hotel": a denial of it does not deny being there by day
        d.content = "stayed the night"
    return [d]


def not_left_rule(verb: Token, memory: DocMemory, offset: int) -> list[Draft]:
    """'He has not left the clinic since the 10th': he has been there all that time (a presence, affirmed)."""
    from countertrial.extract.attribution import is_negated

    if not is_negated(verb):
        return []
    subjects = _people(_subjects(verb), memory, offset)
    for obj in (c for c in verb.children if c.dep_ == "dobj"):
        place = place_from_token(obj, offset)
        if place is None or not subjects:
            continue
        if place.kind == "building":
            place = memory.note_building(place)
        d = Draft("presence", verb, aspect="state", place=place, polarity="affirmed")
        d.people = [(p, "subject") for p in subjects]
        return [d]
    return []


ARREST_VERBS = {"arrest", "detain", "apprehend", "seize", "capture", "abduct", "kidnap"}


def arrest_rule(verb: Token, memory: DocMemory, offset: int) -> list[Draft]:
    """'I arrested X in his workshop on 2 May', 'X was detained at the station', 'they came for X at the
    farm': where someone was when taken (a presence, as an event)."""
    lemma = verb.lemma_.lower()
    if lemma in ARREST_VERBS:
        taken = [c for c in verb.children if c.dep_ == "dobj"] or [c for c in verb.children if c.dep_ == "nsubjpass"]
    elif lemma == "come":  # "they came for my father"
        taken = [o for p in verb.children if p.dep_ == "prep" and p.lower_ == "for" for o in p.children if o.dep_ == "pobj"]
    else:
        return []
    people = _people([t for c in taken for t in _conj_expand(c)], memory, offset)
    place = _best_place(_clause_places(verb, {"in", "at", "on", "inside", "near"}, offset) or list(_places(verb, PLACE_PREPS, offset)))
    if not people or place is None:
        return []
    if place.kind == "building":
        place = memory.note_building(place)
    d = Draft("presence", verb, aspect="event", place=place)
    d.people = [(p, "subject") for p in people]
    return [d]


def introduce_rule(verb: Token, memory: DocMemory, offset: int) -> list[Draft]:
    """'S. introduced A. to B.', 'A. was introduced to B.', 'he brought him down ... and introduced us':
    A. and B. met then for the first time (the one who introduced them is not part of that first meeting)."""
    passive = [c for c in verb.children if c.dep_ == "nsubjpass"]
    introduced = passive or [c for c in verb.children if c.dep_ == "dobj"]
    to = [o for p in verb.children if p.dep_ == "prep" and p.lower_ == "to" for o in p.children if o.dep_ == "pobj"]
    parties: list[PersonRef] = []
    for tok in [t for x in introduced for t in _conj_expand(x)] + to:
        if tok.lower_ in ("us", "we"):
            # "brought him down ... and introduced us": me, and whoever else the sentence brought along
            others = [o for o in tok.sent if o.dep_ == "dobj" and o.lower_ in THIRD_PERSON and o.i != tok.i]
            parties += [PersonRef("@speaker", tok.text, offset + tok.idx, offset + tok.idx + len(tok))] if memory.speaker_key else []
            parties += _people(others[:1], memory, offset)
        else:
            parties += _people([tok], memory, offset)
    keys = []
    for p in parties:
        if p.key not in [k.key for k in keys]:
            keys.append(p)
    if len(keys) != 2:
        return []
    d = Draft("first_contact", verb, aspect="event", polarity="affirmed", now=True)
    d.people = [(keys[0], "subject"), (keys[1], "companion")]
    places = list(_places(verb, PLACE_PREPS, offset))
    if not places and verb.dep_ == "conj":
        places = list(_places(verb.head, PLACE_PREPS | {"to"}, offset))  # "brought him down to the bar ... and introduced us"
    d.place = _best_place(places)
    return [d]


def known_since_rule(verb: Token, memory: DocMemory, offset: int) -> list[Draft]:
    """'I have known N. since the spring of 1948': they first met then (or about then)."""
    if not any(p.dep_ == "prep" and p.lower_ == "since" for p in verb.subtree if p.head.i == verb.i or p.head.head.i == verb.i):
        return []
    subjects, known = _people(_subjects(verb), memory, offset), _people([c for c in verb.children if c.dep_ == "dobj"], memory, offset)
    if not subjects or not known or {p.key for p in subjects} & {p.key for p in known}:
        return []
    d = Draft("first_contact", verb, aspect="event", polarity="affirmed", since_start=True)
    d.people = [(subjects[0], "subject"), (known[0], "companion")]
    return [d]


def set_eyes_rule(verb: Token, memory: DocMemory, offset: int) -> list[Draft]:
    """'I had never set eyes on him before that night', 'she first laid eyes on N. in May': seeing someone."""
    if not any(c.dep_ == "dobj" and c.lemma_.lower() == "eye" for c in verb.children):
        return []
    seen = [o for p in verb.children if p.dep_ == "prep" and p.lower_ in ("on", "upon") for o in p.children if o.dep_ == "pobj"]
    subjects, objects = _people(_subjects(verb), memory, offset), _people(seen, memory, offset)
    if not subjects or not objects or {p.key for p in subjects} == {p.key for p in objects}:
        return []
    return [_seeing(verb, subjects, objects)]


def set_foot_rule(verb: Token, memory: DocMemory, offset: int) -> list[Draft]:
    """'I have not set foot in X since 1958': presence (usually denied) in a place."""
    if not any(c.dep_ == "dobj" and c.lemma_.lower() == "foot" for c in verb.children):
        return []
    return presence_rule(verb, memory, offset)


#: Verbs whose direct object is the place a journey starts from.
DEPARTURE_VERBS = {"leave", "quit", "depart", "flee", "exit", "evacuate"}


def travel_rule(verb: Token, memory: DocMemory, offset: int) -> list[Draft]:
    subjects = _people(_subjects(verb), memory, offset)
    if not subjects:
        return []
    lemma = verb.lemma_.lower()
    dest_preps = {"to", "into", "for"} | ({"in", "at"} if lemma in ("arrive", "land") else set())
    dest = _best_place(_clause_places(verb, dest_preps, offset) or _route_places(verb, {"to", "for"}, offset))
    origin = _best_place(_clause_places(verb, {"from"}, offset) or _route_places(verb, {"from"}, offset))
    # "came to see me by airplane from X to Y": the route may hang on the purpose clause
    for c in verb.children:
        if c.dep_ in ("xcomp", "advcl") and (dest is None or origin is None):
            dest = dest or _best_place(_clause_places(c, {"to", "into"}, offset))
            origin = origin or _best_place(_clause_places(c, {"from"}, offset))
    if origin is None and lemma in DEPARTURE_VERBS:
        # "my son left Berlin on the 4th": the place left is the journey's start
        origin = _best_place([r for c in verb.children if c.dep_ == "dobj" for r in [place_from_token(c, offset)] if r is not None])
    if dest is None and origin is None:
        return []
    d = Draft("travel", verb, aspect="event", place=dest, origin=origin, means=_means(verb))
    d.people = [(p, "subject") for p in subjects]
    return [d]


Rule = Callable[[Token, DocMemory, int], list[Draft]]
VERB_RULES: dict[str, list[Rule]] = {}
NOUN_RULES: dict[str, list[Rule]] = {}  # event nouns: "the trip of X to Y"


def register(rule: Rule, *lemmas: str) -> None:
    for lemma in lemmas:
        VERB_RULES.setdefault(lemma, []).append(rule)


def register_noun(rule: Rule, *lemmas: str) -> None:
    for lemma in lemmas:
        NOUN_RULES.setdefault(lemma, []).append(rule)


register(meeting_rule, "meet", "see", "visit", "receive", "encounter", "rendezvous", "interview")
register(presence_rule, "be", "stay", "live", "remain", "reside", "spend", "lodge", "sojourn", "work", "hide", "wait", "study",
         "lie", "convalesce", "recover", "sleep", "dine", "sit", "teach", "serve")
register(set_foot_rule, "set")
register(set_eyes_rule, "set", "lay", "clap")
register(introduce_rule, "introduce", "present")
register(custody_rule, "be", "remain", "stay", "spend", "sit", "languish", "release", "free", "discharge", *sorted(HOLDING_VERBS))
register(known_since_rule, "know")
register(not_left_rule, "leave")
register(arrest_rule, "come", *sorted(ARREST_VERBS))
register(travel_rule, "go", "come", "travel", "fly", "arrive", "return", "drive", "sail", "journey", "move", "leave", "depart", "land", "cross", "ride", "motor", "steam", "row")
register(existence_rule, *sorted(END_VERBS | BEGIN_VERBS))
register(non_occurrence_rule, *sorted(ARRIVAL_VERBS | {"sail", "run", "cross", "operate"}))
register(no_service_rule, "be")


CONDITIONAL_MARKS = {"if", "unless", "whether", "lest"}
#: Verbs whose infinitive complement did not (yet) happen: "asked him to visit X", "planned to go to Y".
NON_FACTUAL_HEADS = {
    "ask", "want", "wish", "plan", "intend", "hope", "order", "instruct", "urge", "request", "beg", "promise",
    "expect", "propose", "decide", "agree", "refuse", "try", "attempt", "seek", "aim", "prepare", "offer",
    "advise", "invite", "encourage", "persuade", "allow", "permit", "forbid", "need", "mean", "like", "prefer",
}  # fmt: skip


def is_unrealised(verb: Token) -> bool:
    """'asked him to visit X', 'wanted to meet Y': a purpose or request, not an event that took place."""
    return verb.dep_ in ("xcomp", "ccomp") and verb.head.i != verb.i and verb.head.lemma_.lower() in NON_FACTUAL_HEADS and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in verb.children
    )


def is_possibility(verb: Token) -> bool:
    """'he could have travelled there by train', 'they might have met', 'it would have been easy': what
    was possible is not what happened. ("He could not have met him" is a denial, and is kept.)"""
    auxes = [c.lower_ for c in verb.children if c.dep_ == "aux"]
    if any(c.dep_ == "neg" for c in verb.children):
        return False
    return any(a in ("could", "might", "may", "should") for a in auxes) or ("would" in auxes and "have" in auxes)


def is_conditional(verb: Token) -> bool:
    """'If the hotel had been destroyed in 1917, ...': a supposition asserts nothing."""
    node = verb
    for _ in range(4):
        if any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS for c in node.children):
            return True
        if node.dep_ not in ("conj", "xcomp") or node.head.i == node.i:
            return False
        node = node.head
    return False


#: Verb forms the small model's lemmatizer gets wrong ("dined" -> "din").
LEMMA_FIXES = {"dined": "dine", "dines": "dine", "dining": "dine", "lodged": "lodge", "gutted": "gut", "razed": "raze"}


def drafts_in(sent: Span, memory: DocMemory, offset: int) -> list[tuple[Draft, object]]:
    """Every draft claim in a parsed sentence, with the attribution of its verb (suppositions excluded)."""
    out = []
    for tok in sent:
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in NOUN_RULES and not is_conditional(tok.head):
            for rule in NOUN_RULES[tok.lemma_.lower()]:
                for draft in rule(tok, memory, offset):
                    out.append((draft, attribute(tok.head if tok.head.pos_ in ("VERB", "AUX") else tok)))
            continue
        if tok.pos_ not in ("VERB", "AUX") or is_conditional(tok) or is_unrealised(tok) or is_possibility(tok):
            continue
        rules = VERB_RULES.get(LEMMA_FIXES.get(tok.lower_, tok.lemma_.lower()))
        if not rules:
            continue
        if tok.pos_ == "AUX" and tok.dep_ not in ("ROOT", "ccomp", "conj", "advcl", "relcl", "xcomp"):
            continue
        for rule in rules:
            for draft in rule(tok, memory, offset):
                out.append((draft, attribute(tok)))
    return out
