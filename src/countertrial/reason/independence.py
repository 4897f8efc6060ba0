"""Which sources are independent of each other: the source-dependency graph.

Corroboration is only worth something when the agreeing sources could have been wrong separately. A
newspaper that reprints a wire story, a verdict that summarises its trial record, two confessions
taken down by the same interrogator: these agree because one copies the other or both come from the
same place, so together they are *one* line of evidence, however many documents they fill. This
module decides which sources collapse into one line, and says why in words a reader can check.

The graph
    :class:`SourceGraph` is a directed :mod:`networkx` graph whose edges point from a document to what
    it draws on. Every edge carries the ``rule`` that put it there and a ``why`` in words. Edges come
    from, in order of authority:

    ``manifest``
        the manifest's ``derived_from`` column ("the newspaper reprints the wire story");
    ``case_file``
        dependencies an analyst wrote in the case file, passed in as plain
        ``(document, derived_from, why)`` triples (the loader is not this module's business);
    ``text_cue``
        what a document says about itself: "reprinted from X", "as reported by X", "according to
        the indictment", "the verdict says", "(from the wire)". The cue is resolved to the corpus
        document of that kind, author or title, never to a document dated after the one citing it;
        an ambiguous cue links to every candidate, because wrongly treating two sources as
        dependent only costs weight, while wrongly treating them as independent invents it.

    Some dependencies are *shared origins* rather than copies. They are modelled as a virtual node
    that all its members point to:

    ``group``
        a case-file group ``(name, [documents], why)``: "all confessions of the 1936 investigation";
    ``custody``
        documents whose conditions (or kind) say they were produced in custody or under
        interrogation and that share a speaker: the same prisoner's statements are one line, not as
        many as there were sessions;
    ``interrogator``
        interrogation records in custody taken down by the same author: an interrogator's script
        can shape every confession he records.

When two claims are dependent
    Each claim is given a set of *tokens*; two claims sharing a token are dependent, and an
    independent line of evidence is a connected component of that relation (so dependence is
    transitive: if A shares an origin with B and B with C, all three are one line; this is the
    cautious reading). A claim's tokens are:

    - its document and everything that document derives from, directly or not (its ancestors in
      the graph, virtual nodes included). Sharing an *ancestor* makes two documents dependent;
      sharing a *descendant* does not: a book that cites both a register and a letter does not make
      the register and the letter copies of each other;
    - its speaker (``speaker:<id>``): two documents in which the same person speaks are not
      independent witnesses of what that person says. A claim without its own speaker takes its
      document's voice: the manifest's speaker when there is exactly one, else its author;
    - when the claim *quotes another source* (it is reported, and its speaker is not one of the
      document's own voices, e.g. a statement that cites a consular visa and a telegram), the
      document itself is left out of its tokens but what the document derives from stays: a
      witness statement that quotes two independent records carries two lines, while a wire story
      quoting a defendant in court still depends on the trial record it reports;
    - the rest of the claim's chain of speakers: a speaker that is a *document* of the case file (a
      verdict quoted in a book) brings what that document rests on (its ``rests_on`` edges are in the
      graph, rule ``case_file``), and a reporter who is not the document's own voice (``reported_by``:
      the verdict quoting a witness, a scholar quoting a scholar inside a third book) brings his own
      token: the words reach us through him.

Lines of evidence for the hypothesis matrix
    :func:`evidence_lines` names, for every claim, the line(s) of evidence it rests on, so that the
    matrix can give dependent items one weight. A claim in a document's own voice rests on the
    document's line (documents joined by the graph, and by a speaker who speaks in several of them); a
    quoted source rests on its *own* line, unless that line is itself joined to the quoting document
    (the quoted speaker is the voice of a document derived from it, or a case document resting on
    it); a reporter who is not the document's voice adds his line. Each line that joins several
    sources carries the sentence saying why.

Everything is deterministic: ties are broken by document order, then ids.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import networkx as nx

from countertrial.model import Claim, Document, Entity

# --------------------------------------------------------------------------------------------------
# Words and names


def fold(text: str) -> str:
    """Case- and accent-insensitive form, so "Jovanović" and "JOVANOVIC" compare equal."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


#: Manifest conditions or kinds that say a document was produced in custody or under interrogation.
CUSTODY_PATTERN = re.compile(
    r"custod|interrogat|under arrest|arrested|detain|detention|in prison|imprison|prisoner|in jail|questioned",
    re.IGNORECASE,
)

#: Which manifest kinds a cue word refers to. Kinds are free text in the manifest, so each cue maps to
#: the spellings investigators actually use.
CUE_KINDS: dict[str, frozenset[str]] = {
    "indictment": frozenset({"indictment", "charge_sheet", "bill_of_indictment"}),
    "verdict": frozenset({"verdict", "judgment", "judgement", "sentence"}),
    "trial record": frozenset({"trial_record", "transcript", "court_record", "stenographic_report"}),
    "interrogation": frozenset({"interrogation", "interrogation_record", "protocol"}),
    "wire": frozenset({"wire_story", "wire", "news_agency", "agency_report", "dispatch"}),
}

_CUE_WORDS = {
    "indictment": "indictment",
    "bill of indictment": "indictment",
    "charge sheet": "indictment",
    "verdict": "verdict",
    "judgment": "verdict",
    "judgement": "verdict",
    "sentence": "verdict",
    "trial record": "trial record",
    "record of the trial": "trial record",
    "stenographic report": "trial record",
    "verbatim record": "trial record",
    "verbatim report": "trial record",
    "transcript": "trial record",
    "interrogation record": "interrogation",
    "record of interrogation": "interrogation",
    "protocol of interrogation": "interrogation",
    "interrogation": "interrogation",
    "wire story": "wire",
    "wire": "wire",
    "agency report": "wire",
    "news agency": "wire",
}
_KIND_ALT = "|".join(sorted((re.escape(w) for w in _CUE_WORDS), key=len, reverse=True))
_NAME = r"(?P<name>[^.;:\n()\[\]]{2,80}?)(?=[.;:\n()\[\],]|$| and | with | on | in )"

#: Phrases by which a document says what it draws on. ``kind`` cues name a genre of document; ``name``
#: cues name a source by title or author, resolved against the manifest.
CUE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("kind", re.compile(rf"\baccording to the (?P<kind>{_KIND_ALT})\b", re.IGNORECASE)),
    ("kind", re.compile(rf"\b(?:the|this) (?P<kind>{_KIND_ALT}) (?:says|said|states|stated|finds|found|holds|held|records|recorded|reads|declares|declared)\b", re.IGNORECASE)),
    ("kind", re.compile(r"\(\s*(?:from )?the (?P<kind>wire)\s*\)|\bfrom the (?P<kind2>wire)\b", re.IGNORECASE)),
    ("name", re.compile(rf"\breprinted (?:from|after|by permission of) (?:the )?{_NAME}", re.IGNORECASE)),
    ("name", re.compile(rf"\bas reported by (?:the )?{_NAME}", re.IGNORECASE)),
    ("name", re.compile(rf"\b(?:quoted|taken|abridged|excerpted|summari[sz]ed|translated) from (?:the )?{_NAME}", re.IGNORECASE)),
)

#: How a derived document relates to its source, from the manifest's conditions or the document kind;
#: used only to word explanations.
_VERB_FROM_CONDITIONS = (
    ("reprint", "reprints"),
    ("summar", "summarises"),
    ("translat", "translates"),
    ("quot", "quotes"),
    ("report", "reports"),
    ("cop", "copies"),
)
_VERB_FROM_KIND = {
    "newspaper": "reports",
    "wire_story": "reports",
    "verdict": "summarises",
    "judgment": "summarises",
    "indictment": "summarises",
    "summary": "summarises",
    "book": "draws on",
    "scholarship": "draws on",
    "memoir": "draws on",
}

RULE_WORDS = {
    "manifest": "manifest derived_from",
    "case_file": "case file",
    "text_cue": "the document's own words",
}

#: How sure a collapse is, by the rule behind it: a manifest or case-file statement and a shared
#: speaker are explicit; custody grouping and text cues are inferences.
RULE_CERTAINTY = {
    "manifest": 0.9,
    "case_file": 0.9,
    "speaker": 0.9,
    "group": 0.9,
    "text_cue": 0.75,
    "custody": 0.75,
    "interrogator": 0.7,
    "same_document": 0.95,
    "reporter": 0.85,
}


@dataclass(frozen=True)
class Link:
    """One reason two sources count as one: the rule, and a sentence a reader can check."""

    rule: str
    sentence: str

    @property
    def certainty(self) -> float:
        return RULE_CERTAINTY.get(self.rule, 0.7)


@dataclass(frozen=True)
class TextCue:
    """A phrase in a document's text saying what it draws on, with its offsets for citation."""

    document: str
    start: int
    end: int
    quote: str
    kind: str | None  # the genre named ("indictment"), or None for a named source
    name: str | None  # the title or author named ("the CPS wire story")


def find_text_cues(document: Document) -> list[TextCue]:
    """Every place where ``document`` says it is reprinted from, reports or quotes another source.

    >>> from countertrial.model import Document
    >>> doc = Document(id="n.txt", path="n.txt", format="txt", sha256="", text="Reprinted from the Evening Star.")
    >>> [(c.name, c.quote) for c in find_text_cues(doc)]
    [('Evening Star', 'Reprinted from the Evening Star')]
    """
    cues: list[TextCue] = []
    seen: set[tuple[int, int]] = set()
    for form, pattern in CUE_PATTERNS:
        for m in pattern.finditer(document.text):
            key = (m.start(), m.end())
            if key in seen:
                continue
            seen.add(key)
            if form == "kind":
                word = (m.groupdict().get("kind") or m.groupdict().get("kind2") or "").lower()
                cues.append(TextCue(document.id, m.start(), m.end(), m.group(0), _CUE_WORDS.get(word, word), None))
            else:
                name = m.group("name").strip()
                cues.append(TextCue(document.id, m.start(), m.end(), m.group(0), None, name))
    cues.sort(key=lambda c: (c.start, c.end))
    return cues


def _acronym(text: str) -> str:
    words = [w for w in re.findall(r"[A-Za-z]+", text) if w.lower() not in {"the", "of", "and", "for", "de", "du", "la", "le"}]
    return "".join(w[0] for w in words).lower() if len(words) >= 2 else ""


def _window(doc: Document) -> tuple[date | None, date | None]:
    w = doc.meta.date_window
    return (w.earliest, w.latest) if w is not None else (None, None)


def _not_later(candidate: Document, citing: Document) -> bool:
    """A document cannot draw on one written after it; unknown dates never rule a candidate out."""
    cand_start, _ = _window(candidate)
    _, citing_end = _window(citing)
    return cand_start is None or citing_end is None or cand_start <= citing_end


def _kind_words(kind: str | None) -> str:
    return (kind or "document").replace("_", " ")


# --------------------------------------------------------------------------------------------------
# The graph


class SourceGraph:
    """Who draws on whom, among a corpus's documents; and from that, independent lines of evidence.

    >>> from countertrial.model import Claim, Document, DocumentMeta
    >>> wire = Document(id="wire.txt", path="wire.txt", format="txt", sha256="", text="x",
    ...                 meta=DocumentMeta(kind="wire_story"))
    >>> paper = Document(id="paper.txt", path="paper.txt", format="txt", sha256="", text="x",
    ...                  meta=DocumentMeta(kind="newspaper", derived_from=["wire.txt"], conditions="reprints the wire"))
    >>> g = SourceGraph([wire, paper])
    >>> a = Claim(id="a", kind="presence", document="wire.txt", start=0, end=1, quote="x")
    >>> b = Claim(id="b", kind="presence", document="paper.txt", start=0, end=1, quote="x")
    >>> [[c.id for c in line] for line in g.independent_lines([a, b])]
    [['a', 'b']]
    >>> g.explain_collapse([a, b])
    'the wire story wire.txt and the newspaper paper.txt count as one line of evidence: the newspaper paper.txt reprints the wire story wire.txt (manifest derived_from).'
    """

    def __init__(
        self,
        documents: Iterable[Document] = (),
        *,
        edges: Iterable[tuple[str, str, str]] = (),
        groups: Iterable[tuple[str, Sequence[str], str]] = (),
        entities: Mapping[str, Entity] | None = None,
        text_cues: bool = True,
    ) -> None:
        self.documents: dict[str, Document] = {}
        self.order: dict[str, int] = {}
        for doc in documents:
            self.order.setdefault(doc.id, len(self.order))
            self.documents[doc.id] = doc
        self.entities: Mapping[str, Entity] = entities or {}
        self.graph = nx.DiGraph()
        self.cues: list[TextCue] = []
        self._alias: dict[str, str] = {}
        for ent in sorted(self.entities.values(), key=lambda e: e.id):
            if ent.kind in ("person", "organisation"):
                for name in (ent.name, *ent.aliases):
                    self._alias.setdefault(slug(name), ent.id)
                self._alias.setdefault(slug(ent.id.split(":", 1)[-1]), ent.id)
        self._display: dict[str, str] = {}  # speaker key -> the name as the manifest writes it
        for doc in self.documents.values():
            for name in (*doc.meta.speakers, doc.meta.author):
                if name:
                    self._display.setdefault(self.speaker_key(name), name)
        for doc_id in self.documents:
            self.graph.add_node(doc_id, virtual=False)
        for doc in self.documents.values():
            for parent in doc.meta.derived_from:
                self.add_derivation(doc.id, parent, "manifest", doc.meta.conditions or "")
        for child, parent, why in edges:
            self.add_derivation(child, parent, "case_file", why)
        for name, members, why in groups:
            self.add_group(name, members, why)
        if text_cues:
            for doc in self.documents.values():
                for cue in find_text_cues(doc):
                    self.cues.append(cue)
                    for target in self._resolve_cue(cue):
                        self.add_derivation(doc.id, target, "text_cue", cue.quote, cue=cue)
        self._link_custody()
        self._ancestors: dict[str, frozenset[str]] = {}

    # -- building ---------------------------------------------------------------------------------

    @classmethod
    def from_context(cls, ctx, *, edges=None, groups=None) -> "SourceGraph":
        """The graph for a reasoning context: its documents, entities, and the case file's dependencies.

        Unless passed explicitly, the case file's dependencies are read from the configuration:
        ``ctx.config.source_edges`` / ``ctx.config.source_groups`` (plain data) when it carries them,
        else ``ctx.config.case`` (the loaded case file, see :func:`dependencies_from_case`).
        """
        case_edges, case_groups = dependencies_from_case(getattr(ctx.config, "case", None))
        if edges is None:
            edges = getattr(ctx.config, "source_edges", None) or case_edges
        if groups is None:
            groups = getattr(ctx.config, "source_groups", None) or case_groups
        docs = list(ctx.documents.values())
        return cls(docs, edges=edges, groups=groups, entities=ctx.entities)

    def add_derivation(self, child: str, parent: str, rule: str, why: str = "", *, cue: TextCue | None = None) -> None:
        """Record that ``child`` copies, summarises or reports ``parent``. The first reason given wins."""
        if child == parent:
            return
        for node in (child, parent):
            if node not in self.graph:
                self.graph.add_node(node, virtual=False)
                self.order.setdefault(node, len(self.order))
        if not self.graph.has_edge(child, parent):
            self.graph.add_edge(child, parent, rule=rule, why=why, cue=cue)
            self._ancestors = {}

    def add_group(self, name: str, members: Iterable[str], why: str = "", *, rule: str = "group", label: str | None = None) -> None:
        """Record that ``members`` share one origin (a case-file group, a custody, an interrogator)."""
        node = f"{rule}:{name}"
        if node not in self.graph:
            self.graph.add_node(node, virtual=True, rule=rule, name=name, why=why, label=label or name)
        for member in members:
            if member not in self.graph:
                self.graph.add_node(member, virtual=False)
                self.order.setdefault(member, len(self.order))
            if not self.graph.has_edge(member, node):
                self.graph.add_edge(member, node, rule=rule, why=why, cue=None)
        self._ancestors = {}

    def _resolve_cue(self, cue: TextCue) -> list[str]:
        """The corpus documents a text cue refers to (all plausible ones, none dated after the citer)."""
        citing = self.documents[cue.document]
        others = [d for d in self.documents.values() if d.id != citing.id and _not_later(d, citing)]
        if cue.name is not None:
            want = fold(cue.name)
            want_words = set(re.findall(r"[a-z0-9]+", want))
            hits = []
            for d in others:
                names = [fold(n) for n in (d.meta.title, d.meta.author, *d.meta.speakers) if n]
                names.append(fold(d.id.rsplit("/", 1)[-1].rsplit(".", 1)[0].replace("_", " ")))
                acronyms = {_acronym(n) for n in (d.meta.author, d.meta.title) if n} - {""}
                if any(n and (n in want or want in n) for n in names) or (acronyms & want_words):
                    hits.append(d.id)
            if hits:
                return hits
            # "reprinted from the wire service": no title matched, but the words name a genre.
            for word, canon in sorted(_CUE_WORDS.items(), key=lambda kv: -len(kv[0])):
                if re.search(rf"\b{re.escape(word)}\b", want):
                    return [d.id for d in others if (d.meta.kind or "") in CUE_KINDS[canon]]
            return []
        kinds = CUE_KINDS.get(cue.kind or "", frozenset())
        return [d.id for d in others if (d.meta.kind or "") in kinds]

    def _link_custody(self) -> None:
        """Group documents produced in custody: by shared speaker, and interrogations by interrogator."""
        custodial = [
            d
            for d in self.documents.values()
            if CUSTODY_PATTERN.search(d.meta.conditions or "") or (d.meta.kind or "") in CUE_KINDS["interrogation"]
        ]
        by_speaker: dict[str, list[str]] = {}
        names: dict[str, str] = {}
        for d in custodial:
            for s in d.meta.speakers:
                key = self.speaker_key(s)
                by_speaker.setdefault(key, []).append(d.id)
                names.setdefault(key, s)
        for key, members in sorted(by_speaker.items()):
            if len(members) >= 2:
                self.add_group(key, members, "manifest conditions", rule="custody", label=self._speaker_name(key, names[key]))
        by_author: dict[str, list[str]] = {}
        for d in custodial:
            interrogation = (d.meta.kind or "") in CUE_KINDS["interrogation"] or re.search(r"interrogat", d.meta.conditions or "", re.I)
            if d.meta.author and interrogation:
                by_author.setdefault(slug(d.meta.author), []).append(d.id)
                names.setdefault("author:" + slug(d.meta.author), d.meta.author)
        for key, members in sorted(by_author.items()):
            if len(members) >= 2:
                self.add_group(key, members, "manifest author and conditions", rule="interrogator", label=names["author:" + key])

    # -- speakers ---------------------------------------------------------------------------------

    def speaker_key(self, speaker: str) -> str:
        """One key per person, whether given as an entity id, an unresolved id or a manifest name."""
        if speaker in self.entities:
            return speaker
        base = speaker.split(":", 1)[1] if re.match(r"^[a-z_]+:", speaker) else speaker
        s = slug(base)
        return self._alias.get(s, s)

    def _speaker_name(self, key: str, fallback: str | None = None) -> str:
        """The entity's name, else the manifest's spelling, else the words given, else the key."""
        ent = self.entities.get(key)
        if ent is not None:
            return ent.name
        return self._display.get(key) or fallback or key.replace("-", " ").title()

    def document_voices(self, doc_id: str) -> set[str]:
        """The speakers and author a document speaks for itself with, as speaker keys."""
        doc = self.documents.get(doc_id)
        if doc is None:
            return set()
        voices = {self.speaker_key(s) for s in doc.meta.speakers}
        if doc.meta.author:
            voices.add(self.speaker_key(doc.meta.author))
        return voices

    def document_voice(self, document: str) -> str | None:
        """The one voice a document speaks in: its single manifest speaker, else its author (None if several)."""
        doc = self.documents.get(document)
        if doc is None:
            return None
        if len(doc.meta.speakers) == 1:
            return self.speaker_key(doc.meta.speakers[0])
        if not doc.meta.speakers and doc.meta.author:
            return self.speaker_key(doc.meta.author)
        return None

    def claim_speaker(self, claim: Claim) -> str | None:
        """Who stands behind a claim: its own speaker, else its document's single speaker or author."""
        if claim.speaker:
            return self.speaker_key(claim.speaker)
        return self.document_voice(claim.document)

    def quotes_other_source(self, claim: Claim) -> bool:
        """True when the claim reports what another source says (a visa, a telegram, a witness).

        Such a claim stands for its speaker, not for the document that carries it (see the module
        docstring), but only when the speaker is not one of the document's own voices: a witness
        speaking in a trial record is the record, not a source it quotes.
        """
        if not claim.speaker:
            return False
        if self.is_document_speaker(claim.speaker) and claim.speaker != claim.document:
            return True  # a document that speaks inside another is quoted there, by nature
        if not (claim.reported_by or claim.modality == "reported" or claim.knowledge == "reported"):
            return False
        return self.speaker_key(claim.speaker) not in self.document_voices(claim.document)

    def is_document_speaker(self, speaker: str | None) -> bool:
        """The speaker is a document of the case file (entity kind ``document``), not a person."""
        ent = self.entities.get(speaker) if speaker else None
        return ent is not None and ent.kind == "document"

    def reporter(self, claim: Claim) -> str | None:
        """Through whom a quoted claim reaches us: its ``reported_by``, else the document's own voice."""
        if claim.reported_by:
            return self.speaker_key(claim.reported_by)
        return self.document_voice(claim.document)

    def outside_reporter(self, claim: Claim) -> str | None:
        """A reporter of ``claim`` who is not one of its document's own voices (the verdict quoting a
        witness in a book), or None."""
        if not claim.reported_by:
            return None
        r = self.speaker_key(claim.reported_by)
        if r == self.speaker_key(claim.speaker or "") or r in self.document_voices(claim.document):
            return None
        return r

    # -- dependence -------------------------------------------------------------------------------

    def ancestors(self, doc_id: str) -> frozenset[str]:
        """``doc_id`` and everything it draws on, directly or not (virtual origins included)."""
        if doc_id not in self._ancestors:
            if doc_id in self.graph:
                self._ancestors[doc_id] = frozenset(nx.descendants(self.graph, doc_id)) | {doc_id}
            else:
                self._ancestors[doc_id] = frozenset({doc_id})
        return self._ancestors[doc_id]

    def documents_dependent(self, a: str, b: str) -> bool:
        """Two documents are dependent when they share an ancestor (one copies the other, or both copy a third)."""
        return bool(self.ancestors(a) & self.ancestors(b))

    def tokens(self, claim: Claim) -> frozenset[str]:
        """The origins a claim shares with any claim it depends on (see the module docstring)."""
        out: set[str] = set()
        anc = self.ancestors(claim.document)
        if self.quotes_other_source(claim):
            anc = anc - {claim.document}
        out.update("doc:" + a for a in anc)
        speaker = self.claim_speaker(claim)
        if speaker:
            out.add("speaker:" + speaker)
            if speaker in self.graph:  # a case document: what it rests on
                out.update("doc:" + a for a in self.ancestors(speaker))
        outside = self.outside_reporter(claim)
        if outside:
            out.add("speaker:" + outside)
            if outside in self.graph:
                out.update("doc:" + a for a in self.ancestors(outside))
        return frozenset(out)

    def independent_lines(self, claims: Sequence[Claim]) -> list[list[Claim]]:
        """Group ``claims`` into independent lines of evidence: claims sharing any origin are one line.

        Lines keep the order of ``claims`` inside them and are ordered by their first claim. Runs in
        time linear in the claims and their tokens (a union-find over shared tokens).
        """
        parent = list(range(len(claims)))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        owner: dict[str, int] = {}
        for i, claim in enumerate(claims):
            for tok in sorted(self.tokens(claim)):
                j = owner.setdefault(tok, i)
                ri, rj = find(i), find(j)
                if ri != rj:
                    parent[max(ri, rj)] = min(ri, rj)
        lines: dict[int, list[Claim]] = {}
        for i, claim in enumerate(claims):
            lines.setdefault(find(i), []).append(claim)
        return [lines[k] for k in sorted(lines)]

    # -- words ------------------------------------------------------------------------------------

    def document_label(self, doc_id: str) -> str:
        """'the newspaper 05_courier.html': the genre from the manifest, then the file a reader can open."""
        doc = self.documents.get(doc_id)
        if doc is None:
            ent = self.entities.get(doc_id)
            return f"{ent.name} (case file document)" if ent is not None and ent.kind == "document" else doc_id
        if not doc.meta.kind:
            return doc_id
        return f"the {_kind_words(doc.meta.kind)} {doc_id}"

    def source_label(self, claim: Claim) -> str:
        """Who says it where: 'Fernando Quintela in the letter 07.txt', 'X as quoted in the statement 3.txt'."""
        doc = self.document_label(claim.document)
        speaker = self.claim_speaker(claim)
        if speaker is None:
            return doc
        who = self._speaker_name(speaker, self._mention(claim))
        if self.quotes_other_source(claim):
            return f"{who} as quoted in {doc}"
        return f"{who} in {doc}"

    def _mention(self, claim: Claim) -> str | None:
        if claim.speaker and claim.speaker not in self.entities:
            base = claim.speaker.split(":", 1)[-1]
            return base.replace("-", " ").replace("_", " ").title()
        return None

    def _verb(self, child: str, data: Mapping) -> str:
        doc = self.documents.get(child)
        conditions = fold(data.get("why") or "") if data.get("rule") == "manifest" else ""
        for stem, verb in _VERB_FROM_CONDITIONS:
            if re.search(rf"\b{stem}", conditions):
                return verb
        if doc is not None and doc.meta.kind in _VERB_FROM_KIND:
            return _VERB_FROM_KIND[doc.meta.kind]
        return "derives from"

    def _edge_sentence(self, child: str, parent: str) -> Link:
        data = self.graph.edges[child, parent]
        rule = data.get("rule", "manifest")
        a, b = self.document_label(child), self.document_label(parent)
        if rule == "manifest":
            return Link(rule, f"{a} {self._verb(child, data)} {b} (manifest derived_from)")
        if rule == "case_file":
            why = f": {data['why']}" if data.get("why") else ""
            return Link(rule, f"{a} derives from {b} (case file{why})")
        if rule == "text_cue":
            cue: TextCue | None = data.get("cue")
            where = f" at characters {cue.start}-{cue.end}" if cue else ""
            return Link(rule, f"{a} says it draws on {b} (its text reads \u201c{data.get('why', '')}\u201d{where})")
        return Link(rule, f"{a} derives from {b} ({data.get('why') or rule})")

    def _group_sentence(self, node: str, members: Sequence[str]) -> Link:
        data = self.graph.nodes[node]
        rule = data.get("rule", "group")
        labels = _join([self.document_label(m) for m in members])
        if rule == "custody":
            return Link(rule, f"{labels} were all produced while {data['label']} was held or questioned (manifest conditions)")
        if rule == "interrogator":
            return Link(rule, f"{labels} were all taken down under interrogation by {data['label']} (manifest author and conditions)")
        why = f" ({data['why']})" if data.get("why") else ""
        return Link(rule, f"{labels} belong to the case file's group \u201c{data['label']}\u201d{why}")

    def _origin_towards(self, claim: Claim, node: str) -> str:
        """Where a claim's dependence on ``node`` starts: its document, or a case document in its chain of
        speakers (a verdict quoted in a book depends on the trial record through the verdict, not the book)."""
        for start in (claim.document, self.claim_speaker(claim), self.outside_reporter(claim)):
            if start and start in self.graph and (start == node or nx.has_path(self.graph, start, node)):
                return start
        return claim.document

    def _links_via(self, token: str, docs: Sequence[str]) -> list[Link]:
        """Why documents that all reach ``token`` (an ancestor) depend on it, edge by edge."""
        node = token[4:]
        links: list[Link] = []
        if self.graph.nodes.get(node, {}).get("virtual"):
            members: list[str] = []
            for d in docs:
                if d not in self.graph or not nx.has_path(self.graph, d, node):
                    continue
                path = nx.shortest_path(self.graph, d, node)
                for child, parent in zip(path, path[1:-1]):
                    links.append(self._edge_sentence(child, parent))
                members.append(path[-2])
            members = sorted(set(members), key=lambda m: (self.order.get(m, 1 << 30), m))
            links.append(self._group_sentence(node, members))
            return links
        for d in docs:
            if d == node or d not in self.graph or not nx.has_path(self.graph, d, node):
                continue
            path = nx.shortest_path(self.graph, d, node)
            for child, parent in zip(path, path[1:]):
                links.append(self._edge_sentence(child, parent))
        return links

    def collapse_links(self, group: Sequence[Claim]) -> list[Link]:
        """The reasons, one per merge, that the sources of ``group`` count as one line.

        Replays the union-find of :meth:`independent_lines` over the group's sources and, each time a
        shared origin joins two sources not yet joined, records why in words (following the graph's
        edges from each document to the shared ancestor).
        """
        sources: dict[str, list[Claim]] = {}
        for claim in group:
            sources.setdefault(self._source_key(claim), []).append(claim)
        keys = list(sources)
        parent = {k: k for k in keys}

        def find(k: str) -> str:
            while parent[k] != k:
                parent[k] = parent[parent[k]]
                k = parent[k]
            return k

        holders: dict[str, list[str]] = {}
        for k in keys:
            for tok in sorted(frozenset().union(*(self.tokens(c) for c in sources[k]))):
                holders.setdefault(tok, []).append(k)

        def token_order(tok: str) -> tuple:
            # Stated derivations first (the most explicit reason), then shared origins, then speakers.
            if tok.startswith("speaker:"):
                return (2, 0, tok)
            node = tok[4:]
            virtual = self.graph.nodes.get(node, {}).get("virtual", False)
            return (1 if virtual else 0, self.order.get(node, 1 << 30), tok)

        links: list[Link] = []
        for tok in sorted(holders, key=token_order):
            members = holders[tok]
            roots = {find(k) for k in members}
            if len(roots) < 2:
                continue
            joined = []
            seen_roots: set[str] = set()
            for k in members:
                r = find(k)
                if r not in seen_roots:
                    seen_roots.add(r)
                    joined.append(k)
            if tok.startswith("speaker:"):
                who = self._speaker_name(tok[8:], self._mention(sources[joined[0]][0]))
                labels = _join([self.document_label(sources[k][0].document) for k in joined])
                if all(self.claim_speaker(sources[k][0]) == tok[8:] for k in joined):
                    links.append(Link("speaker", f"{labels} both give {who}'s own account (same speaker)"))
                else:
                    labels = _join([self.source_label(sources[k][0]) for k in joined])
                    links.append(Link("reporter", f"{labels} both reach us through {who} (same reporter)"))
            else:
                node = tok[4:]
                docs = sorted(
                    {self._origin_towards(c, node) for k in joined for c in sources[k][:1]},
                    key=lambda d: (self.order.get(d, 1 << 30), d),
                )
                links.extend(self._links_via(tok, docs))
            for k in joined[1:]:
                parent[find(k)] = find(joined[0])
        out: list[Link] = []
        seen: set[str] = set()
        for link in links:
            if link.sentence not in seen:
                seen.add(link.sentence)
                out.append(link)
        return out

    def _source_key(self, claim: Claim) -> str:
        if self.quotes_other_source(claim):
            return f"{claim.document}\x1f{self.speaker_key(claim.speaker or '')}"
        return claim.document

    def sources(self, claims: Sequence[Claim]) -> list[str]:
        """The distinct sources among ``claims``: documents, or quoted sources inside a document."""
        out: list[str] = []
        for c in claims:
            k = self._source_key(c)
            if k not in out:
                out.append(k)
        return out

    def explain_collapse(self, group: Sequence[Claim], extra: Sequence[Link] = ()) -> str:
        """Say in words which sources of ``group`` collapse into one line of evidence, and why.

        The sentence names the sources (documents, or sources quoted inside one) and, for each merge,
        the rule behind it: a derivation edge by edge ("the newspaper reprints the wire story
        (manifest derived_from)"), a shared origin, or a shared speaker. See the class docstring.
        ``extra`` adds reasons a caller knows and the graph does not (e.g. a reporter's own statement
        joined to the source he is the only access to).
        """
        firsts: list[Claim] = []
        seen: set[str] = set()
        for c in group:
            k = self._source_key(c)
            if k not in seen:
                seen.add(k)
                firsts.append(c)
        if len(firsts) == 1:
            c = firsts[0]
            return f"{self.source_label(c)} is a single source."
        labels = []
        for c in firsts:
            label = self.document_label(c.document) if not self.quotes_other_source(c) else self.source_label(c)
            if label not in labels:
                labels.append(label)
        reasons = [link.sentence for link in self.collapse_links(group)]
        reasons += [link.sentence for link in extra if link.sentence not in reasons]
        return f"{_join(labels)} count as one line of evidence: " + "; ".join(reasons) + "."


def dependencies_from_case(case) -> tuple[list[tuple[str, str, str]], list[tuple[str, list[str], str]]]:
    """The case file's source dependencies as the plain data :class:`SourceGraph` takes.

    Duck-typed on the case model's ``derivations()`` (``document``, ``derived_from``, ``why``),
    ``source_groups()`` (``group``, ``documents``, ``why``) and ``document_dependencies()`` (a case
    document, ``document:<id>``, and what it rests on), so this module does not depend on how the case
    file is loaded. ``None`` gives no dependencies.
    """
    if case is None:
        return [], []
    edges = [(d.document, parent, d.why or "") for d in case.derivations() for parent in d.derived_from]
    document_dependencies = getattr(case, "document_dependencies", None)
    if document_dependencies is not None:
        edges += [(child, parent, why or "rests on it") for child, parent, why in document_dependencies()]
    groups = [(g.group, list(g.documents), g.why or "") for g in case.source_groups()]
    return edges, groups


def _join(items: Sequence[str]) -> str:
    items = list(items)
    if not items:
        return ""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def document_lines(graph: "SourceGraph") -> dict[str, str]:
    """Document id -> its line of evidence: documents linked by any dependency share one line.

    The hypothesis matrix uses this so that items drawn from dependent sources share one weight. A
    line is named by its documents joined with '+', so the collapse can be read off the name.
    """
    undirected = graph.graph.to_undirected()
    real = {d for d in graph.order if d in undirected and not undirected.nodes[d].get("virtual")}
    lines: dict[str, str] = {}
    for component in nx.connected_components(undirected):
        docs = sorted(d for d in component if d in real)
        for d in docs:
            lines[d] = "+".join(docs)
    return lines


@dataclass(frozen=True)
class EvidenceLines:
    """Every claim's line(s) of evidence, and why the sources of a line count as one.

    ``of_claim`` maps a claim id to the names of the lines it rests on (usually one; a quoted source
    reached through an outside reporter rests on both); ``of_document`` maps a corpus document to its
    own line; ``why`` maps a line that joins several sources to the sentence saying why (lines of a
    single source are absent). Line names are the corpus documents they hold joined with '+', or, for
    a source known only through quotation, its speaker's entity id.
    """

    of_claim: Mapping[str, tuple[str, ...]]
    of_document: Mapping[str, str]
    why: Mapping[str, str]


def evidence_lines(graph: SourceGraph, claims: Iterable[Claim]) -> EvidenceLines:
    """The line(s) of evidence of every claim (see the module docstring), for the hypothesis matrix.

    Sources are joined when the graph links them (a derivation, a shared origin, a case document's
    ``rests_on``), when one speaker speaks in several documents, and when a speaker speaks in a
    document in his own voice. A quoted source stays a line of its own unless one of those joins it
    to the document quoting it: a visa quoted in a speech is not the speaker, but a summary resting on
    the very book that quotes it is the book.

    >>> from countertrial.model import Claim, Document, DocumentMeta, Entity
    >>> speech = Document(id="s.txt", path="s.txt", format="txt", sha256="", text="x",
    ...                   meta=DocumentMeta(kind="speech", speakers=["Ana Roux"]))
    >>> own = Claim(id="own", kind="presence", document="s.txt", start=0, end=1, quote="x")
    >>> visa = Claim(id="visa", kind="presence", document="s.txt", start=0, end=1, quote="x",
    ...              speaker="org:consulate", reported_by="person:ana-roux", modality="reported")
    >>> ents = {"person:ana-roux": Entity(id="person:ana-roux", kind="person", name="Ana Roux")}
    >>> lines = evidence_lines(SourceGraph([speech], entities=ents), [own, visa])
    >>> lines.of_claim["own"], lines.of_claim["visa"]
    (('s.txt',), ('consulate',))
    """
    claims = list(claims)
    parent: dict[str, str] = {}
    reasons: list[tuple[str, str, str]] = []  # (node a, node b, sentence) for every join of two sources

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str, why: str = "") -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
        if why:
            reasons.append((a, b, why))

    def doc_node(d: str) -> str:
        return "doc:" + d

    # 1. the graph: derivations, shared origins, case documents' rests_on
    for d in graph.graph.nodes:
        find(doc_node(d))
    for child, parent_node in graph.graph.edges:
        if graph.graph.nodes[parent_node].get("virtual"):
            members = sorted(
                (m for m, _ in graph.graph.in_edges(parent_node)), key=lambda m: (graph.order.get(m, 1 << 30), m)
            )
            union(doc_node(child), doc_node(parent_node), graph._group_sentence(parent_node, members).sentence)
        else:
            union(doc_node(child), doc_node(parent_node), graph._edge_sentence(child, parent_node).sentence)

    # 2. speakers: a document's own voices, a case document's own node, speakers in their own voice
    spoken_in: dict[str, set[str]] = {}

    def speaks(speaker: str, doc: str) -> None:
        spoken_in.setdefault(speaker, set()).add(doc)
        union("speaker:" + speaker, doc_node(doc))

    for d in graph.documents:
        for v in sorted(graph.document_voices(d)):
            speaks(v, d)
    quoted_in: dict[str, set[str]] = {}
    for claim in claims:
        s = graph.claim_speaker(claim)
        if s and graph.quotes_other_source(claim):
            quoted_in.setdefault(s, set()).add(claim.document)
        if s and s in graph.graph:
            union("speaker:" + s, doc_node(s))
        outside = graph.outside_reporter(claim)
        if outside and outside in graph.graph:
            union("speaker:" + outside, doc_node(outside))
        if s and not graph.quotes_other_source(claim):
            speaks(s, claim.document)
    for s, docs in sorted(spoken_in.items()):
        if len(docs) >= 2:
            labels = _join([graph.document_label(d) for d in sorted(docs, key=lambda d: (graph.order.get(d, 1 << 30), d))])
            reasons.append(("speaker:" + s, doc_node(min(docs)), f"{graph._speaker_name(s)} speaks in {labels} (same speaker)"))
    for s, docs in sorted(quoted_in.items()):
        if len(docs) >= 2:
            labels = _join([graph.document_label(d) for d in sorted(docs, key=lambda d: (graph.order.get(d, 1 << 30), d))])
            reasons.append(("speaker:" + s, "speaker:" + s, f"{graph._speaker_name(s)}'s own words, quoted in {labels} (same speaker)"))

    # 3. each claim's lines
    def members_of() -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for node in list(parent):
            out.setdefault(find(node), []).append(node)
        return out

    def raw_lines(claim: Claim) -> list[str]:
        if not graph.quotes_other_source(claim):
            return [find(doc_node(claim.document))]
        nodes = [find("speaker:" + graph.speaker_key(claim.speaker or ""))]
        outside = graph.outside_reporter(claim)
        if outside:
            nodes.append(find("speaker:" + outside))
        real_ancestors = {a for a in graph.ancestors(claim.document) if not graph.graph.nodes.get(a, {}).get("virtual")}
        if real_ancestors - {claim.document}:
            nodes.append(find(doc_node(claim.document)))  # what the quoting document derives from
        return nodes

    raw = {c.id: raw_lines(c) for c in claims}
    for d in graph.documents:
        find(doc_node(d))
    groups = members_of()

    def name(root: str) -> str:
        nodes = groups.get(root, [root])
        docs = sorted(n[4:] for n in nodes if n.startswith("doc:") and n[4:] in graph.documents)
        if docs:
            return "+".join(docs)
        others = sorted(n.split(":", 1)[1] for n in nodes)
        return "+".join(dict.fromkeys(others))

    why: dict[str, str] = {}
    for root, nodes in groups.items():
        sentences = list(dict.fromkeys(r for a, b, r in reasons if find(a) == root and find(b) == root))
        if sentences:
            why[name(root)] = "; ".join(sentences)
    return EvidenceLines(
        of_claim={cid: tuple(sorted({name(r) for r in roots})) for cid, roots in raw.items()},
        of_document={d: name(find(doc_node(d))) for d in graph.documents},
        why=why,
    )
