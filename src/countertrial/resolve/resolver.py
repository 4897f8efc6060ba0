"""Cross-document resolution: which names in which documents refer to the same person or place.

People: exact folded names meet first; a bare surname joins the one full name in the corpus that
ends with it (and stays apart when two people share the surname, e.g. two initials); transliteration
variants join when their phonetic skeletons match closely and their initials do not disagree.
Places: looked up in the offline gazetteer for coordinates; buildings keep the city the text puts
them in. Deterministic: the same mentions always give the same entities and ids.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict


from countertrial.model import Entity
from countertrial.resolve.gazetteer import lookup
from countertrial.resolve.names import initials, skeleton, surname, surnames_alike

SIMILAR_SURNAME = 88  # rapidfuzz ratio on skeletons above which two surnames are the same name


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # deterministic representative: the lexically smaller root
            lo, hi = sorted((ra, rb))
            self.parent[hi] = lo


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def _initials_agree(a: str, b: str) -> bool:
    ia, ib = initials(a), initials(b)
    return not ia or not ib or ia.startswith(ib) or ib.startswith(ia)


def cluster_people(keys: Counter) -> dict[str, str]:
    """Map every person key to a cluster representative key."""
    uf = _UnionFind()
    names = sorted(keys)
    for k in names:
        uf.find(k)
    by_skel: dict[str, list[str]] = defaultdict(list)
    for k in names:
        by_skel[skeleton(surname(k))].append(k)
    skels = sorted(by_skel)
    # transliteration variants: surnames whose skeletons are near-equal
    merged_skel: dict[str, str] = {s: s for s in skels}
    for i, a in enumerate(skels):
        for b in skels[i + 1 :]:
            if abs(len(a) - len(b)) > 2:
                continue
            if surnames_alike(a, b, SIMILAR_SURNAME):
                merged_skel[b] = merged_skel[a]
    groups: dict[str, list[str]] = defaultdict(list)
    for s, ks in by_skel.items():
        groups[merged_skel[s]].extend(ks)
    for group in groups.values():
        full = [k for k in group if len(k.split()) > 1]
        bare = [k for k in group if len(k.split()) == 1]
        # full names that agree on initials are one person
        for i, a in enumerate(full):
            for b in full[i + 1 :]:
                if _initials_agree(a, b):
                    uf.union(a, b)
        distinct_full = {uf.find(k) for k in full}
        for k in bare:
            if len(distinct_full) == 1:
                uf.union(k, next(iter(distinct_full)))
            elif not distinct_full:
                for other in bare:
                    uf.union(k, other)
    return {k: uf.find(k) for k in names}


#: Relations that usually share the speaker's surname where surnames pass from father to children.
SURNAME_KIN = {"father", "son", "brother"}


def _kin(key: str, key_to_entity: dict[str, str], entities: dict[str, Entity]) -> str:
    """Who "my father" is, said by someone the document never tells us more about.

    When the relation usually shares the speaker's surname (father, son, brother) and exactly one other
    person in the corpus bears that surname, it is taken to be him: a guess the reader can check, as the
    entity's aliases show "my father". Otherwise the person stays unnamed: "N.'s father".
    """
    _, speaker, relation = key.split(":", 2)
    me = key_to_entity.get(speaker)
    if relation in SURNAME_KIN and len(speaker.split()) > 1:
        skel = skeleton(surname(speaker))
        others = {e for k, e in key_to_entity.items() if not k.startswith("rel:") and len(k.split()) > 1 and skeleton(surname(k)) == skel and e != me}
        if len(others) == 1:
            eid = next(iter(others))
            ent = entities.get(eid)
            if ent is not None and f"{speaker.title()}'s {relation}" not in ent.aliases:
                ent.aliases = sorted({*ent.aliases, f"{speaker.title()}'s {relation}"})
            return eid
    eid = "person:" + slug(f"{speaker} {relation}")
    if eid not in entities:
        entities[eid] = Entity(id=eid, kind="person", name=f"{speaker.title()}'s {relation}", source="text")
    return eid


def _in_document(m: dict, key_to_entity: dict[str, str], by_doc: dict[str, set[str]], principal: dict[str, str] | None = None) -> str:
    """Who a bare surname is in one document: the one person of that surname the document names in full.

    Across the corpus "Smith" may be several people (and then stays apart); inside a record that
    names only "John Smith", a later "Smith" is John Smith.
    """
    key = m["key"]
    eid = key_to_entity[key]
    if m["kind"] != "person" or len(key.split()) != 1:
        return eid
    skel = skeleton(key)
    full = {key_to_entity[k] for k in by_doc.get(m["document"], ()) if len(k.split()) > 1 and skeleton(surname(k)) == skel}
    if len(full) == 1:
        return next(iter(full))
    lead = (principal or {}).get(m["document"])
    if len(full) > 1 and lead is not None and key_to_entity.get(lead) in full:
        # a record of Aldo and Teresa N.: the bare "N." is the person the record is about (its manifest's
        # first speaker); the other is named in full or by a title where she is meant
        return key_to_entity[lead]
    if full or any(len(k.split()) > 1 and skeleton(surname(k)) == skel for k in key_to_entity):
        return eid  # a surname after all, of several people or of one named elsewhere in full
    # a letter or memoir calls a man by his first name: the one person in the corpus with that first name
    by_first = {key_to_entity[k] for k in key_to_entity if len(k.split()) > 1 and k.split()[0] == key}
    return next(iter(by_first)) if len(by_first) == 1 else eid


def resolve(mentions: list[dict]) -> tuple[list[Entity], list[tuple[str, str, str]]]:
    """Entities and the (document, key, entity id) map, from the mentions of every document."""
    person_counts: Counter = Counter()
    surface: dict[str, Counter] = defaultdict(Counter)
    place_rows: dict[str, list[dict]] = defaultdict(list)
    document_rows: dict[str, list[dict]] = defaultdict(list)  # "the verdict says": documents that speak
    curated: set[str] = set()  # names as the manifest writes them
    kin_rows: dict[str, list[dict]] = defaultdict(list)  # "my father" said by someone: rel:<speaker>:<relation>
    for m in mentions:
        if m["kind"] == "person" and m["key"].startswith("rel:"):
            kin_rows[m["key"]].append(m)
        elif m["kind"] == "person":
            person_counts[m["key"]] += m["count"]
            surface[m["key"]][m["text"]] += m["count"]
            if (m.get("data") or {}).get("manifest"):
                curated.add(m["text"])
        elif m["kind"] == "document":
            document_rows[m["key"]].append(m)
        else:
            place_rows[m["key"]].append(m)

    entities: dict[str, Entity] = {}
    key_to_entity: dict[str, str] = {}
    mentions_by_doc: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        if m["kind"] == "person":
            mentions_by_doc[m["document"]].add(m["key"])

    rep = cluster_people(person_counts)
    members: dict[str, list[str]] = defaultdict(list)
    for k, r in rep.items():
        members[r].append(k)
    for r, ks in sorted(members.items()):
        forms: Counter = Counter()
        for k in ks:
            forms.update(surface[k])
        # the name shown: the most frequent of the longest forms
        preferred = [f for f in forms if f in curated] or list(forms)
        longest = max(len(f.split()) for f in preferred)
        name = sorted((f for f in preferred if len(f.split()) == longest), key=lambda f: (-forms[f], f))[0]
        eid = "person:" + slug(max(ks, key=lambda k: (len(k.split()), person_counts[k], k)))
        entities[eid] = Entity(id=eid, kind="person", name=name, aliases=sorted(set(forms) - {name}))
        for k in ks:
            key_to_entity[k] = eid

    # "Hotel X" and "X Hotel" are one building: word order in names of establishments varies by language
    by_entity: dict[str, list[str]] = defaultdict(list)
    for key, rows in place_rows.items():
        kind = "building" if any(r["kind"] == "building" for r in rows) else "place"
        by_entity[f"{kind}:{slug(' '.join(sorted(key.split())) if kind == 'building' else key)}"].append(key)
    for eid, keys in sorted(by_entity.items()):
        rows = [r for k in sorted(keys) for r in place_rows[k]]
        kind = eid.split(":", 1)[0]
        text = Counter(r["text"] for r in rows).most_common(1)[0][0]
        ent = Entity(id=eid, kind="building" if kind == "building" else "place", name=text, source="text",
                     aliases=sorted({r["text"] for r in rows} - {text}))
        if kind == "place":
            hit = lookup(text)
            if hit is not None:
                ent.latitude, ent.longitude, ent.source = hit.latitude, hit.longitude, "gazetteer"
                ent.name = hit.name if hit.kind == "city" else text
        else:
            inside = [r["data"].get("located_in") for r in rows if r.get("data") and r["data"].get("located_in")]
            if not inside:
                # weaker evidence: the only city named in the sentences that mention the building
                inside = [r["data"].get("city_in_sentence") for r in rows if r.get("data") and r["data"].get("city_in_sentence")]
            if not inside:
                # weaker still: the one city the sentence before named ("sailed to B. ... lodged at the Hotel H.")
                inside = [r["data"].get("city_in_context") for r in rows if r.get("data") and r["data"].get("city_in_context")]
            if not inside:
                # weakest: the city in the titles of the documents that mention it ("the Court at Dundee")
                inside = [r["data"].get("city_of_document") for r in rows if r.get("data") and r["data"].get("city_of_document")]
            if inside:
                ent.located_in = f"place:{slug(Counter(inside).most_common(1)[0][0])}"
        entities[eid] = ent
        for key in keys:
            key_to_entity[key] = eid

    for key, rows in sorted(kin_rows.items()):
        eid = _kin(key, key_to_entity, entities)
        key_to_entity[key] = eid

    for key, rows in sorted(document_rows.items()):
        eid = "document:" + slug(key.split(":", 1)[-1])
        text = Counter(r["text"] for r in rows).most_common(1)[0][0]
        if eid not in entities:
            entities[eid] = Entity(id=eid, kind="document", name=text, source="text", aliases=sorted({r["text"] for r in rows} - {text}))
        key_to_entity[key] = eid

    principal = {m["document"]: m["key"] for m in mentions if m["kind"] == "person" and (m.get("data") or {}).get("manifest_rank") == 1}
    resolutions = sorted({(m["document"], m["key"], _in_document(m, key_to_entity, mentions_by_doc, principal)) for m in mentions})
    return sorted(entities.values(), key=lambda e: e.id), resolutions
