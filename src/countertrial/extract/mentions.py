"""Finding the people and places a clause talks about, in a parsed spaCy sentence.

The small English model tags many foreign surnames as ORG or GPE and misses buildings ("the Hotel X",
"a cafe on Y street"). So a token counts as a person when NER says PERSON, or when it is a proper
noun in a slot only people fill (subject or object of "meet", "visit") and is not a known place; and
a place when NER says GPE/LOC/FAC or the noun phrase is headed by a building word.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from countertrial.model.time import TimeWindow
from countertrial.resolve.gazetteer import lookup
from countertrial.resolve.names import person_key, strip_titles, fold

BUILDING_WORDS = {
    "hotel", "cafe", "café", "restaurant", "bar", "inn", "station", "airport", "aerodrome", "airfield",
    "embassy", "consulate", "prison", "jail", "church", "cathedral", "hospital", "theatre", "theater",
    "club", "office", "bank", "museum", "school", "university", "library", "tavern", "pension",
    "boarding-house", "kiosk", "konditorei", "palace", "castle", "barracks", "harbour", "harbor", "port",
    "pier", "quay", "dock", "villa", "house", "apartment", "flat", "farm", "camp", "clinic", "sanatorium",
    "hostel", "guesthouse", "workshop", "bookshop", "shop", "store", "factory", "studio",
    "warehouse", "garage", "brasserie", "pub", "tearoom", "legation", "hall",
    # the same in the languages whose words turn up untranslated in English records
    "pensão", "pensao", "pensione", "gasthaus", "gasthof", "albergo", "locanda", "osteria", "trattoria",
    "hostal", "posada", "auberge", "estalagem", "residencial", "hôtel", "taverne", "kneipe", "bodega",
    "cantina", "kafé", "kaffeehaus", "herberge",
}
# NER labels that may name a person the model mislabels, when the syntax says "person"
_MAYBE_PERSON = {"ORG", "NORP", "GPE", "PRODUCT", "WORK_OF_ART", "LOC", "FAC"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
NOT_PLACE_LABELS = {"PERSON", "DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY", "LAW", "LANGUAGE"}
CALENDAR_WORDS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
}
SPATIAL_PREPS = {"to", "in", "at", "from", "into", "near", "towards", "toward"}
FALLBACK_MIN_POPULATION = 100_000  # a gazetteer-only place must be a city of some size
FIRST_PERSON = {"i", "me", "my", "myself", "mine"}
#: Kin a speaker may refer to without naming ("my father"), left for the resolver to identify.
FAMILY = {"father", "mother", "son", "daughter", "brother", "sister", "husband", "wife"}
KINSHIP = {
    "son", "daughter", "father", "mother", "brother", "sister", "wife", "husband", "uncle", "aunt",
    "nephew", "niece", "cousin", "friend", "secretary", "host", "lawyer", "attorney", "colleague",
    "assistant", "guard", "neighbour", "neighbor", "companion", "fiancé", "fiancee", "partner",
}


@dataclass
class PersonRef:
    key: str  # person_key of the name, or "@speaker" / "@rel:<speaker key>:<relation>"
    text: str
    start: int  # char offsets in the document
    end: int


@dataclass
class PlaceRef:
    key: str
    text: str
    start: int
    end: int
    kind: str  # place | building
    located_in: str | None = None


@dataclass
class DocMemory:
    """What a document teaches about its own references (e.g. 'my son, N.' makes 'my son' N.)."""

    speaker_key: str | None
    relations: dict[tuple[str, str], str] = field(default_factory=dict)  # (speaker, relation) -> person key
    in_turn: bool = False  # inside a transcript turn: the speaker holds the floor, nobody reports them
    # the last named building of each sort ("hotel" -> the Hotel X), for "the hotel" / "this hotel" later on
    last_building: dict[str, PlaceRef] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)  # "accused" -> the person "the accused N." named
    # who the sentences before named, for "he", "him", "they" that have no antecedent in their own sentence
    prev_subjects: list[PersonRef] = field(default_factory=list)
    prev_people: list[PersonRef] = field(default_factory=list)
    prev_group: list[PersonRef] = field(default_factory=list)
    # the people of the last contact spoken of, for "this contact was established only in ..."
    last_contact: list[PersonRef] = field(default_factory=list)
    last_window: "TimeWindow | None" = None  # the last time named, for "at this time"
    last_window_age: int = 0  # sentences since it was named
    prev_cities: set = field(default_factory=set)  # the cities the sentence before named (not "from X")
    document_city: str | None = None  # the one city the document's title names, for buildings with no city
    in_reported_speech: bool = False  # the last sentence went on in indirect speech ("X had told him ...")
    last_reporter: "PersonRef | None" = None  # who was last said to say something: "X said ... . He added ..."
    quoted_author: str | None = None  # inside a quoted statement whose author the text announced
    account_author: str | None = None  # retelling someone's account announced with "the following details:"
    account_own_only: bool = False  # ... or summing up a deposition: only claims the deponent takes part in
    # who wrote the messages last spoken of ("letter" -> A after "a letter from A"), for a bare "the letter"
    message_authors: dict[str, list["PersonRef"]] = field(default_factory=dict)
    message_ages: dict[str, int] = field(default_factory=dict)  # sentences since each was last mentioned
    last_said: "tuple[list[PersonRef], str] | None" = None  # what a document was last said to say, for "this was never raised"

    def previous_person(self, exclude: set[str] = frozenset()) -> "PersonRef | None":
        """He/she with no antecedent in its sentence: the subject before, else the one person named before."""
        subjects = [p for p in self.prev_subjects if p.key not in exclude]
        if subjects:
            return subjects[0]
        people = {p.key: p for p in self.prev_people if p.key not in exclude}
        return next(iter(people.values())) if len(people) == 1 else None

    def previous_group(self) -> list["PersonRef"]:
        return list(self.prev_group)

    def saw(self, subjects: list["PersonRef"], people: list["PersonRef"], group: list["PersonRef"]) -> None:
        """After a sentence: remember whom it named (a sentence naming nobody keeps the earlier ones)."""
        if people:
            self.prev_subjects, self.prev_people = subjects, people
        if group:
            self.prev_group = group

    def note_building(self, ref: "PlaceRef") -> "PlaceRef":
        """Remember a named building; turn a bare 'the hotel' into the last named hotel, if any."""
        words = ref.text.lower().split()
        generic = len(words) == 1 and words[0] in BUILDING_WORDS
        if ref.kind != "building":
            return ref
        if not generic and ref.text.islower() and words[0] in self.last_building:
            # "the hotel lounge", "the hotel bar": a room of the hotel last named, so that hotel
            words, generic = [words[0]], True
        if generic:
            named = self.last_building.get(words[0])
            if named is not None:
                return PlaceRef(named.key, ref.text, ref.start, ref.end, "building", named.located_in or ref.located_in)
            return ref
        for w in words:
            if w in BUILDING_WORDS:
                self.last_building[w] = ref
        return ref


def _ent_of(tok: Token) -> Span | None:
    doc = tok.doc
    for ent in doc.ents:
        if ent.start <= tok.i < ent.end:
            return ent
    return None


def _name_span(tok: Token) -> tuple[int, int]:
    """Token range of a proper name headed by ``tok`` (its compound/flat modifiers)."""
    lo = tok.i
    for child in tok.lefts:
        if child.dep_ in ("compound", "flat", "nmod") and child.pos_ in ("PROPN", "NOUN", "PUNCT", "X") and child.i < tok.i:
            lo = min(lo, child.left_edge.i if child.dep_ == "compound" else child.i)
    while lo < tok.i and tok.doc[lo].lower_ in CALENDAR_WORDS:
        lo += 1  # "In April Bo Lind told him": the month is not part of the name
    hi = tok.i + 1
    for child in tok.rights:
        if child.dep_ in ("flat",) and child.i == hi:
            hi = child.i + 1
    return lo, hi


#: Words a record uses for a party instead of a name ("the accused stated that ..."): once the record
#: has written "the accused Smith", a later bare "the accused" is Smith, in that document.
ROLE_WORDS = {"accused", "defendant", "witness", "prisoner", "deponent", "plaintiff", "complainant", "appellant", "respondent", "suspect", "panel"}
#: Verbs by which a lawyer or agent says whom they speak for: "we act for N.", "writing on behalf of N.".
_ACTING_FOR = {"act", "appear", "write", "speak", "plead"}


def _role_word(tok: Token) -> str | None:
    low = tok.lower_
    if low in ROLE_WORDS and tok.dep_ != "compound" and any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children):
        return low
    # "our client", "my client": whoever the writer said they act for
    if low == "client" and any(c.dep_ in ("poss", "det") and c.lower_ in ("our", "my", "the") for c in tok.children):
        return "client"
    return None


def _learn_client(tok: Token, key: str, memory: "DocMemory") -> None:
    """'We act for Mr. N.', 'on behalf of N.', 'our client, N.,': N. is who "our client" is in this document."""
    head = tok.head
    acting = tok.dep_ == "pobj" and head.lower_ == "for" and head.head.lemma_.lower() in _ACTING_FOR
    behalf = tok.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ == "behalf"
    named = tok.dep_ == "appos" and head.lower_ == "client"
    if acting or behalf or named:
        memory.roles.setdefault("client", key)


def _misparsed_reporter(tok: Token) -> bool:
    """'Weller states “…”' parsed as the noun phrase "Weller states": Weller is still a name (see
    :func:`countertrial.extract.attribution.misread_report`)."""
    from countertrial.extract.attribution import misread_reporter

    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    name = misread_reporter(nxt) if nxt is not None and tok.is_title else None
    return name is not None and name.i == tok.i


#: Verbs of an impersonal aside ("X, it turns out, did Y"; "X, it seems, ..."): never the sentence's event.
ASIDE_VERBS = {"turn", "seem", "appear", "emerge", "transpire"}


def _fronted_before_aside(tok: Token) -> bool:
    """'Brenner, it turns out, received ...': the parser may take the name before the aside for an
    adjective or an adverbial clause of "turns"; a capitalised word there is still the subject."""
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    return tok.is_title and tok.head.lemma_.lower() in ASIDE_VERBS and tok.dep_ in ("advcl", "npadvmod", "dep") and nxt is not None and nxt.text == ","


def person_from_token(tok: Token, memory: DocMemory, offset: int) -> PersonRef | None:
    """The person a token refers to, if it names or points to one."""
    low = tok.lower_
    role = _role_word(tok)
    if role is not None:
        key = memory.roles.get(role)
        # the name it stands for is what the resolver should show; the offsets stay on the role word
        return PersonRef(key, key.title(), offset + tok.idx, offset + tok.idx + len(tok)) if key else None
    if low in FIRST_PERSON and memory.speaker_key:
        return PersonRef("@speaker", tok.text, offset + tok.idx, offset + tok.idx + len(tok))
    # an apposition gives the name: "my son, Leon X" / "he, X,"
    for child in tok.children:
        if child.dep_ == "appos":
            ref = person_from_token(child, memory, offset)
            if ref and not ref.key.startswith("@"):
                return ref
    if tok.lemma_.lower() in KINSHIP and tok.pos_ == "NOUN":
        poss = [c for c in tok.children if c.dep_ == "poss"]
        if poss and poss[0].lower_ in FIRST_PERSON and memory.speaker_key:
            rel = (memory.speaker_key, tok.lemma_.lower())
            lo = poss[0].idx
            if rel in memory.relations:
                return PersonRef(memory.relations[rel], tok.doc.text[lo : tok.idx + len(tok)], offset + lo, offset + tok.idx + len(tok))
            if tok.lemma_.lower() in FAMILY and not memory.speaker_key.startswith(("@", "role:")):
                # "my father", never named in this document: the resolver may know him (see resolve.resolver)
                return PersonRef(f"rel:{memory.speaker_key}:{tok.lemma_.lower()}", tok.doc.text[lo : tok.idx + len(tok)], offset + lo, offset + tok.idx + len(tok))
        return None
    if tok.pos_ != "PROPN" and not _misparsed_reporter(tok) and not _fronted_before_aside(tok):
        return None
    if low in CALENDAR_WORDS and tok.ent_type_ != "PERSON" and not any(c.dep_ in ("compound", "flat") for c in tok.children):
        return None  # "5th May, he said": a month the parser made a subject
    j = tok.i - 1
    while j >= tok.sent.start and tok.doc[j].pos_ in ("DET", "PROPN") and tok.i - j <= 3:
        j -= 1
    if j >= tok.sent.start and tok.doc[j].lower_ in BUILDING_WORDS:
        return None  # "the café Le Central", "the hotel Astoria": the name of the building, not a person
    if low in BUILDING_WORDS and tok.ent_type_ != "PERSON":
        return None  # "the Dunmore Bar", "the Alsterhof Hotel": a building named after someone, not them
    ent = _ent_of(tok)
    if ent is not None and ent.label_ == "PERSON":
        a, _ = _name_span(tok)
        # NER may leave a given name out ("Mr Anna [Maria Ilves]"): the name's own compounds belong to it
        span = tok.doc[min(a, ent.start) : ent.end] if a < ent.start and all(t.pos_ == "PROPN" for t in tok.doc[a : ent.start]) else ent
        name = span.text
        lo, hi = span.start_char, span.end_char
    elif ent is None or ent.label_ in _MAYBE_PERSON:
        if ent is not None and ent.label_ in ("GPE", "LOC", "FAC") and len(ent) > 1:
            return None
        a, b = _name_span(tok)
        span = tok.doc[a:b]
        name, lo, hi = span.text, span.start_char, span.end_char
        if fold(name).split() and fold(name).split()[0] in BUILDING_WORDS:
            return None
    else:
        return None
    name = name.strip(" ,.;:'\"“”’")
    key = person_key(strip_titles(name))
    if not key or len(key) < 2:
        return None
    # possessive "'s" is not part of the name
    if key.endswith(" s"):
        key = key[:-2]
    # "the accused Smith": remember who "the accused" is in this record
    before = [c for c in tok.lefts if c.dep_ in ("amod", "compound", "nmod") and c.lower_ in ROLE_WORDS]
    if before and any(c.dep_ == "det" and c.lower_ == "the" for c in tok.lefts):
        memory.roles[before[0].lower_] = key
    _learn_client(tok, key, memory)
    return PersonRef(key, name, offset + lo, offset + lo + len(name))


def _place_phrase(tok: Token) -> tuple[int, int, str] | None:
    """Token range and kind of a place noun phrase headed by ``tok``."""
    ent = _ent_of(tok)
    words = [w for w in tok.subtree if w.i <= tok.i]
    lo = min((w.i for w in words if w.dep_ in ("compound", "amod", "nmod", "flat") or w.i == tok.i), default=tok.i)
    for w in tok.lefts:
        if w.dep_ == "compound":
            lo = min(lo, w.left_edge.i)
    phrase = tok.doc[lo : tok.i + 1]
    lowered = {t.lower_ for t in phrase}
    if lowered & BUILDING_WORDS:
        # extend over a following proper name: "the Hotel Central", "a cafe Astoria"
        return lo, tok.i + 1, "building"
    if ent is not None and ent.label_ in PLACE_LABELS:
        kind = "building" if ent.label_ == "FAC" else "place"
        return ent.start, ent.end, kind
    # "went to Porto" with Porto tagged PERSON: after a preposition of place a known city is a city
    if ent is not None and ent.label_ == "PERSON" and len(ent) == 1 and tok.dep_ == "pobj" and tok.head.lower_ in SPATIAL_PREPS:
        hit = lookup(tok.text)
        if hit is not None and (hit.kind == "country" or hit.population >= FALLBACK_MIN_POPULATION):
            return ent.start, ent.end, "place"
    # The small model often calls a city ORG or misses it; the offline gazetteer knows better.
    # Only for names of some size, and never for dates ("March") or other numeric entities.
    if tok.pos_ == "PROPN" and (ent is None or ent.label_ not in NOT_PLACE_LABELS) and tok.lower_ not in CALENDAR_WORDS:
        spans = [(ent.start, ent.end)] if ent is not None else []
        spans.append(_name_span(tok))  # NER may run two names together ("Lisbon for Oporto" as one ORG)
        for a, b in spans:
            hit = lookup(tok.doc[a:b].text)
            if hit is not None and (hit.kind == "country" or hit.population >= FALLBACK_MIN_POPULATION):
                return a, b, "place"
    # "in the Mariners' Rest", "at the Greenmarket": a proper name with the article after a preposition
    # of place is a site (an inn, a market, a quay) even without a word saying which
    if tok.dep_ == "pobj" and tok.head.lower_ in SPATIAL_PREPS:
        return named_site(tok, lo)
    return None


def named_site(tok: Token, lo: int | None = None) -> tuple[int, int, str] | None:
    """"in the Mariners' Rest", "at the Greenmarket", "the Sailors' Rest was pulled down": a proper
    name with the article, where a place is expected, is a site (an inn, a market, a quay) even
    without a word saying which; not an institution ("the Opposition", "the Times")."""
    lo = tok.i if lo is None else lo
    ent = _ent_of(tok)
    titled_noun = tok.pos_ == "NOUN" and tok.is_title and tok.i > tok.sent.start and any(w.dep_ == "poss" and w.pos_ == "PROPN" for w in tok.lefts)
    if titled_noun:  # "the Mariners' Rest": a capitalised noun whose name begins with a possessive
        lo = min(lo, *(w.left_edge.i for w in tok.lefts if w.dep_ == "poss"))
    if not (tok.pos_ == "PROPN" or titled_noun) or (ent is not None and ent.label_ not in ("ORG", "FAC", "WORK_OF_ART")) or tok.lower_ in CALENDAR_WORDS:
        return None
    a, b = (ent.start, ent.end) if ent is not None else _name_span(tok)
    a = min(a, lo)
    det = tok.doc[a - 1] if a > 0 and tok.doc[a].lower_ != "the" else tok.doc[a]
    names = tok.doc[a:b]
    if det.lower_ == "the" and not ({t.lower_ for t in names} & INSTITUTION_WORDS) and all(t.is_title or not t.is_alpha for t in names if t.lower_ != "the"):
        return (a + 1 if tok.doc[a].lower_ == "the" else a), b, "building"
    return None


def site_from_token(tok: Token, offset: int) -> "PlaceRef | None":
    """A named site headed by ``tok`` wherever it stands (see :func:`named_site`)."""
    got = named_site(tok)
    if got is None:
        return None
    span = tok.doc[got[0] : got[1]]
    return PlaceRef(key=fold(span.text), text=span.text, start=offset + span.start_char, end=offset + span.end_char, kind="building")


#: Words that make a name a street's: "Victoria Street" is no city, whatever the gazetteer says.
STREET_WORDS = {"street", "st", "road", "rd", "avenue", "ave", "lane", "square", "terrace", "crescent", "boulevard", "place", "row", "drive", "way", "strasse", "straße", "gasse", "platz", "quai", "embankment", "parade", "close", "walk", "wharf"}
#: Words that make a capitalised "the X" an institution, a group or a paper rather than a site.
INSTITUTION_WORDS = {
    "party", "union", "committee", "army", "navy", "government", "ministry", "league", "company", "society",
    "council", "court", "police", "opposition", "centre", "center", "bloc", "group", "press", "times",
    "gazette", "herald", "post", "bureau", "department", "commission", "board", "trust", "federation",
    "association", "congress", "assembly", "parliament", "senate", "service", "services", "office",
    "navy", "force", "forces", "brigade", "regiment", "division", "corps", "guard", "ministry", "cabinet",
    "administration", "directorate", "secretariat", "tribunal", "bank", "church", "movement", "front",
}  # fmt: skip


def place_from_token(tok: Token, offset: int) -> PlaceRef | None:
    """A place headed by ``tok`` (an object of in/at/to/from), with a nested 'in <city>' if given."""
    got = _place_phrase(tok)
    if got is None:
        return None
    lo, hi, kind = got
    span = tok.doc[lo:hi]
    while len(span) > 1 and span[0].pos_ in ("DET",):
        span = span[1:]
    text = span.text
    ref = PlaceRef(key=fold(text), text=text, start=offset + span.start_char, end=offset + span.end_char, kind=kind)
    if kind == "building":
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ in ("in", "at", "of"):
                for obj in prep.children:
                    if obj.dep_ == "pobj":
                        inner = place_from_token(obj, offset)
                        if inner and inner.kind == "place":
                            ref.located_in = inner.key
    return ref if ref.key else None


ROUTE_PREPS = {"from", "to", "for", "between", "via"}


def route_place(tok: Token, offset: int) -> PlaceRef | None:
    """A place at the end of a journey: a known place, or a proper name the gazetteer lacks (a lakeside
    village, a small port) after "from/to/between" a verb of travel governs. A journey goes somewhere,
    so a name there is read as a place unless the parser calls it a person."""
    ref = place_from_token(tok, offset)
    if ref is not None:
        return ref
    head = tok.head.head if tok.dep_ == "conj" else tok.head
    if tok.pos_ != "PROPN" or tok.ent_type_ in ("PERSON", "DATE", "TIME", "MONEY", "CARDINAL") or tok.lower_ in CALENDAR_WORDS:
        return None
    if not (tok.dep_ in ("pobj", "conj") and head.lower_ in ROUTE_PREPS):
        return None
    a, b = _name_span(tok)
    span = tok.doc[a:b]
    return PlaceRef(key=fold(span.text), text=span.text, start=offset + span.start_char, end=offset + span.end_char, kind="place")


def cities_in(sent: Span, offset: int, skip_after: frozenset[str] = frozenset()) -> list[PlaceRef]:
    """Cities named anywhere in a sentence (gazetteer-confirmed), in order; not those governed by a
    preposition in ``skip_after`` ("delegates from Liverpool" says where people come from)."""
    out: list[PlaceRef] = []
    for tok in sent:
        if tok.pos_ != "PROPN" or (tok.i + 1 < sent.end and tok.doc[tok.i + 1].dep_ == "compound" and tok.doc[tok.i + 1].pos_ == "PROPN"):
            continue
        if tok.dep_ == "pobj" and tok.head.lower_ in skip_after:
            continue
        if tok.i + 1 < sent.end and tok.doc[tok.i + 1].lower_ in STREET_WORDS:
            continue  # "Great Victoria Street", "Rue de Paris": a street named after a place
        ref = place_from_token(tok, offset)
        if ref is not None and ref.kind == "place":
            hit = lookup(ref.text)
            if hit is not None and hit.kind == "city":
                out.append(ref)
    return out
