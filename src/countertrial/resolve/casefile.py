"""Applying the case file to resolution: the analyst's people and places win over the machine's guesses.

The resolver clusters names by spelling and looks places up in a gazetteer; it cannot know that
"Yovanovich" and "Jovanović" are one man when the skeletons drift apart, that a bare "Marchetti" in
this corpus means the accused and not his namesake, or when a café was demolished. The case file
knows, so after the machine has resolved, :func:`apply_case`:

* makes every case person an entity ``person:<id>``, every case document ``document:<id>`` and every
  case place ``place:<id>`` (areas) or ``building:<id>`` (buildings and sites), with the case's name, aliases, coordinates, containing place
  and existence dates (see the id convention in :mod:`countertrial.model.case`);
* re-points every mention key that matches one of a case person's names to that person, trying in
  turn the exact name key (:func:`~countertrial.resolve.names.person_key`), the phonetic skeleton
  (:func:`~countertrial.resolve.names.skeleton`), and a close skeleton of the surname with agreeing
  initials (the resolver's own test for transliteration variants). A name that matches two case people
  is left alone: the analyst has to say which one it is;
* merges machine clusters: when the keys of one machine entity that match the case all point to the
  same case person, the whole cluster joins that person (the machine had already found those spellings
  to be one name). When they point to several, only the matching keys move and the rest stay behind;
* does the same for places, matching folded names and aliases (and the gazetteer's name for a machine
  place), and keeps from the machine what the case leaves out (a city's coordinates).

Deterministic: the same case, entities and resolutions always give the same output.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from rapidfuzz import fuzz

from countertrial.model import Entity
from countertrial.model.case import Case, Person, Place, partial_date_bounds, person_entity_id
from countertrial.resolve.names import fold, initials, person_key, skeleton, surname
from countertrial.resolve.resolver import SIMILAR_SURNAME

Resolution = tuple[str, str, str]  # (document, mention key, entity id)


# --- people ---------------------------------------------------------------------------------------


def _name_keys(name: str) -> list[str]:
    """Keys a case name may appear under: as written, and 'Surname, Given' turned round."""
    keys = [person_key(name)]
    if name.count(",") == 1:
        last, first = (part.strip() for part in name.split(","))
        if last and first:
            keys.append(person_key(f"{first} {last}"))
    return [k for k in keys if k]


class PersonMatcher:
    """Which case person a mention key names, if exactly one: exact key, then skeleton, then close variant."""

    def __init__(self, people: Iterable[Person]) -> None:
        self.exact: dict[str, set[str]] = defaultdict(set)
        self.skeletons: dict[str, set[str]] = defaultdict(set)
        self.keys: list[tuple[str, str]] = []  # (name key, case id), for close variants
        for person in people:
            for name in person.names:
                for key in _name_keys(name):
                    self.exact[key].add(person.id)
                    self.skeletons[skeleton(key)].add(person.id)
                    self.keys.append((key, person.id))

    def match(self, key: str) -> str | None:
        for table, probe in ((self.exact, key), (self.skeletons, skeleton(key))):
            hits = table.get(probe)
            if hits:
                return next(iter(hits)) if len(hits) == 1 else None
        return self._close(key)

    def _close(self, key: str) -> str | None:
        """A transliteration variant: surname skeletons nearly equal, initials not in conflict."""
        sk = skeleton(surname(key))
        if len(sk) < 5:
            return None  # short names are too easily confused
        hits = set()
        for name_key, pid in self.keys:
            other = skeleton(surname(name_key))
            if abs(len(other) - len(sk)) > 2 or fuzz.ratio(sk, other) < SIMILAR_SURNAME:
                continue
            a, b = initials(key), initials(name_key)
            if a and b and not (a.startswith(b) or b.startswith(a)):
                continue
            first_a, first_b = key.split()[0], name_key.split()[0]
            if len(key.split()) > 1 < len(name_key.split()) and len(first_a) > 1 and len(first_b) > 1:
                if skeleton(first_a) != skeleton(first_b):
                    continue  # both give a first name, and they differ
            hits.add(pid)
        return next(iter(hits)) if len(hits) == 1 else None


# --- places ---------------------------------------------------------------------------------------


def _place_key(name: str) -> str:
    key = fold(name)
    return key[4:] if key.startswith("the ") else key


class PlaceMatcher:
    """Which case place a place mention key (or a gazetteer name) names, if exactly one."""

    def __init__(self, places: Iterable[Place]) -> None:
        self.exact: dict[str, set[str]] = defaultdict(set)
        for place in places:
            for name in place.names:
                if _place_key(name):
                    self.exact[_place_key(name)].add(place.id)

    def match(self, name: str) -> str | None:
        hits = self.exact.get(_place_key(name))
        return next(iter(hits)) if hits and len(hits) == 1 else None


# --- case entities --------------------------------------------------------------------------------


def case_entities(case: Case) -> list[Entity]:
    """The case's people, places and documents as entities (``source="case_file"``), in file order.

    A case document (a verdict known through quotations) is an entity of kind ``document``: a claim
    it speaks is then read as a derived document's assertion, not a witness's.
    """
    out = [
        Entity(id=p.entity_id, kind="person", name=p.name, aliases=_dedupe(p.aliases, exclude=p.name), source="case_file")
        for p in case.people
    ]
    for place in case.places:
        out.append(
            Entity(
                id=place.entity_id,
                kind="place" if place.geographic else "building",
                name=place.name,
                aliases=_dedupe(place.aliases, exclude=place.name),
                latitude=place.latitude,
                longitude=place.longitude,
                located_in=case.place_entity(place.located_in) if place.located_in else None,
                exists_from=partial_date_bounds(place.exists_from)[0] if place.exists_from else None,
                exists_until=partial_date_bounds(place.exists_until)[1] if place.exists_until else None,
                source="case_file",
            )
        )
    for doc in case.documents:
        out.append(
            Entity(id=doc.entity_id, kind="document", name=doc.name, aliases=_dedupe(doc.aliases, exclude=doc.name), source="case_file")
        )
    return out


def _dedupe(names: Iterable[str], exclude: str = "") -> list[str]:
    seen = {exclude.casefold()} if exclude else set()
    out = []
    for n in names:
        if n.casefold() not in seen:
            seen.add(n.casefold())
            out.append(n)
    return out


# --- applying -------------------------------------------------------------------------------------


def apply_case(case: Case | None, entities: list[Entity], resolutions: list[Resolution]) -> tuple[list[Entity], list[Resolution]]:
    """Entities and (document, key, entity id) resolutions with the case's people and places applied.

    ``entities`` and ``resolutions`` are what :func:`countertrial.resolve.resolver.resolve` returned.
    Every case person and place becomes an entity (mentioned in the corpus or not: analyst claims may
    name them); machine entities absorbed by them disappear, and their surface forms are added to the
    case entity's aliases. A machine entity whose id happens to equal a case entity's id without being
    absorbed is renamed with a ``-2`` suffix, so the two are never confused.

    >>> from countertrial.model.case import Case
    >>> case = Case.model_validate({"people": [{"id": "ana-roux", "name": "Ana Roux", "aliases": ["Anna Rouks"]}]})
    >>> ents = [Entity(id="person:anna-rouks", kind="person", name="Anna Rouks")]
    >>> new, res = apply_case(case, ents, [("a.txt", "anna rouks", "person:anna-rouks")])
    >>> [e.id for e in new], res
    (['person:ana-roux'], [('a.txt', 'anna rouks', 'person:ana-roux')])
    """
    if case is None or (not case.people and not case.places and not case.documents):
        return list(entities), list(resolutions)
    by_id = {e.id: e for e in entities}
    keys_of: dict[str, set[str]] = defaultdict(set)
    for _, key, eid in resolutions:
        keys_of[eid].add(key)

    people = PersonMatcher(case.people)
    places = PlaceMatcher(case.places)
    target_of: dict[tuple[str, str], str] = {}  # (machine entity id, key) -> case entity id
    absorbed: dict[str, str] = {}  # machine entity id -> case entity id, when all of it moved

    for eid in sorted(keys_of):
        machine = by_id.get(eid)
        kind = machine.kind if machine else ("person" if eid.startswith("person:") else "place")
        keys = sorted(keys_of[eid])
        if kind == "person":
            hits = {k: people.match(k) for k in keys}
            hits = {k: person_entity_id(pid) for k, pid in hits.items() if pid}
        elif kind in ("place", "building"):
            hits = {k: case.place_entity(pid) for k in keys if (pid := places.match(k))}
            if machine is not None and not hits and (pid := places.match(machine.name)):
                hits = {k: case.place_entity(pid) for k in keys}  # the gazetteer's name for it
        else:
            hits = {}
        targets = set(hits.values())
        if len(targets) == 1:
            only = next(iter(targets))
            target_of.update({(eid, k): only for k in keys})
            absorbed[eid] = only
        else:
            target_of.update({(eid, k): t for k, t in hits.items()})

    # the case entities, with what the machine knew and the case did not say
    out: dict[str, Entity] = {}
    for ent in case_entities(case):
        out[ent.id] = ent
    for eid, cid in sorted(absorbed.items()):
        machine = by_id.get(eid)
        if machine is None:
            continue
        ent = out[cid]
        update: dict = {"aliases": _dedupe([*ent.aliases, *sorted({machine.name, *machine.aliases})], exclude=ent.name)}
        if ent.latitude is None and machine.latitude is not None:
            update.update(latitude=machine.latitude, longitude=machine.longitude)
        if ent.located_in is None and machine.located_in:
            update["located_in"] = machine.located_in
        out[cid] = ent.model_copy(update=update)

    # machine entities that remain, minus the names that moved to case entities
    renamed: dict[str, str] = {}
    for ent in sorted(entities, key=lambda e: e.id):
        if ent.id in absorbed:
            continue
        keys = keys_of.get(ent.id, set())
        moved = {k for k in keys if (ent.id, k) in target_of}
        if moved and moved == keys:
            continue
        if moved:
            forms = [n for n in (ent.name, *ent.aliases) if person_key(n) not in moved and _place_key(n) not in moved]
            if forms:
                ent = ent.model_copy(update={"name": forms[0], "aliases": forms[1:]})
        new_id = ent.id
        n = 2
        while new_id in out:
            new_id = f"{ent.id}-{n}"
            n += 1
        if new_id != ent.id:
            renamed[ent.id] = new_id
            ent = ent.model_copy(update={"id": new_id})
        out[new_id] = ent

    def point(eid: str | None) -> str | None:
        if eid is None:
            return None
        return absorbed.get(eid) or renamed.get(eid) or eid

    final = []
    for ent in out.values():
        if ent.located_in:
            ent = ent.model_copy(update={"located_in": point(ent.located_in)})
        final.append(ent)

    new_resolutions = sorted({(doc, key, target_of.get((eid, key)) or point(eid)) for doc, key, eid in resolutions})
    return sorted(final, key=lambda e: e.id), new_resolutions


# --- relations ------------------------------------------------------------------------------------


def phrase_key(phrase: str) -> str:
    """How relational phrases are compared: folded to lowercase ASCII words ("My  Brother" -> "my brother")."""
    return fold(phrase)


def relation_table(case: Case | None) -> dict[tuple[str, str], str]:
    """``(speaker entity id, phrase key) -> entity id`` for every relation in the case.

    "my brother" said by ``helene-marchetti`` means ``lucien-marchetti`` becomes
    ``("person:helene-marchetti", "my brother") -> "person:lucien-marchetti"``. The extractor, once it
    knows who speaks a passage, can look a first-person phrase up here (``phrase_key`` of the words as
    written, e.g. "my" + the kinship noun) instead of guessing.
    """
    table: dict[tuple[str, str], str] = {}
    if case is None:
        return table
    for person in case.people:
        for rel in person.relations:
            table[(person_entity_id(rel.speaker), phrase_key(rel.phrase))] = person_entity_id(rel.means or person.id)
    return table
