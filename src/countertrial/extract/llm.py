"""An optional extractor that asks a language model for claims, and keeps only what the text says.

For users who run an OpenAI-compatible server (a local llama.cpp, vLLM or Ollama): a few sentences
at a time are sent to ``POST {base_url}/chat/completions`` with a JSON schema
(``response_format={"type": "json_schema", ...}``) and temperature 0. The model is treated as a
suggester, never as a source:

* every string it returns (a person, place, origin, time, means, content, speaker, and the claim's
  evidence) must occur **verbatim** in the sentence (case-sensitive exact substring); a value that
  does not is dropped, and a claim that thereby loses what its kind needs (a meeting with fewer than
  two people, a presence without a place) is dropped entirely;
* offsets are ours: computed from the sentence's own offsets, so ``quote == text[start:end]``;
* a time becomes a window only through :mod:`countertrial.extract.timex` reading the grounded words,
  never from a date the model writes; a denial is kept only when the sentence has a word of negation.

The rules run first and stay the default; the model's claims are added when no rule claim already
says the same (same kind, overlapping span, same people). Answers are cached by a hash of (model,
prompt version, the batch sent), one JSON file each, written atomically, so a rerun makes no request.
A server that fails (unreachable, HTTP errors after a few retries) is reported once, naming its URL,
and the rest of the run is read by the rules alone: the rules' claims are never lost.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from countertrial.extract.mentions import BUILDING_WORDS, FIRST_PERSON, cities_in
from countertrial.extract.rules import MEANS_WORDS
from countertrial.extract.timex import TimeExpression, parse_time
from countertrial.model import Claim, Document, Participant, Problem, TimeWindow
from countertrial.present.files import write_atomic
from countertrial.resolve.names import fold, person_key

PROMPT_VERSION = "llm-claims-1"
API_KEY_ENV = "COUNTERTRIAL_LLM_API_KEY"

KINDS = (
    "presence", "meeting", "travel", "communication", "existence", "custody", "first_contact",
    "document_content", "non_occurrence",
)
ROLES = ("subject", "companion", "sender", "receiver", "intermediary", "host", "visitor", "object")
# the rules fix the aspect by kind; the model is not asked (a state/event slip changes what clashes)
ASPECT = {"presence": "state", "custody": "state", "non_occurrence": "state"}
NEGATION = re.compile(r"\b(?:not|never|no|none|nobody|neither|nor|denied|denies|deny)\b|n't\b", re.IGNORECASE)
# pronouns other than "I" cannot be resolved without the parse: a claim about "him" is not kept
PRONOUNS = {"he", "him", "his", "she", "her", "hers", "they", "them", "their", "we", "us", "our", "you", "your", "it", "its", "who", "whom"}
STATES = {"presence", "custody"}

SYSTEM_PROMPT = """You read sentences from testimonies, records and letters and list the factual claims each sentence makes.

Claim kinds:
- presence: a person was at a place (needs a person and a place)
- meeting: two or more people met (needs at least two people)
- first_contact: two people met or were in contact for the first time (needs two people)
- travel: a person went somewhere (needs a person and a destination place or an origin)
- communication: a letter, message or instruction passed from a sender to a receiver (needs both)
- custody: a person was held in prison, exile or arrest (needs the person)
- existence: a place or thing was built, opened, destroyed, closed (needs the place; content = the verb words)
- non_occurrence: a record that something did not happen, e.g. "no aircraft landed" (needs the place and the means)
- document_content: what a document says (needs the content)

Rules:
- Every string value MUST be copied exactly, character for character, from the sentence: names as written, the place as written, the time expression as written ("in November 1932"), the means as written ("by airplane"). Never normalise, translate, complete or infer a value. If the sentence does not state it, use null (or an empty list).
- "evidence" is the shortest exact stretch of the sentence that states the claim.
- "speaker" is the person the sentence says makes the claim ("X testified that ..."), else null.
- polarity is "denied" only when the sentence says the claim did not happen.
- Give "sentence" as the index of the sentence the claim comes from. List no claim twice. Suppositions ("if he had met ...") are not claims.
"""


def _nullable(schema: dict) -> dict:
    return {"anyOf": [schema, {"type": "null"}]}


CLAIM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["claims"],
    "properties": {
        "claims": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": [
                    "sentence", "kind", "evidence", "participants", "place", "origin", "time", "means",
                    "content", "speaker", "polarity",
                ],
                "properties": {
                    "sentence": {"type": "integer"},
                    "kind": {"type": "string", "enum": list(KINDS)},
                    "evidence": {"type": "string"},
                    "participants": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "additionalProperties": False,
                            "required": ["name", "role"],
                            "properties": {"name": {"type": "string"}, "role": {"type": "string", "enum": list(ROLES)}},
                        },
                    },
                    "place": _nullable({"type": "string"}),
                    "origin": _nullable({"type": "string"}),
                    "time": _nullable({"type": "string"}),
                    "means": _nullable({"type": "string"}),
                    "content": _nullable({"type": "string"}),
                    "speaker": _nullable({"type": "string"}),
                    "polarity": {"type": "string", "enum": ["affirmed", "denied"]},
                },
            },
        }
    },
}


@dataclass(frozen=True)
class LLMConfig:
    """Where the model is and how to talk to it. Off unless a caller builds one."""

    base_url: str  # e.g. http://127.0.0.1:8080/v1 (the part before /chat/completions)
    model: str
    api_key: str | None = field(default_factory=lambda: os.environ.get(API_KEY_ENV) or None)
    timeout: float = 120.0  # seconds per request (local models are slow)
    max_sentences: int = 8  # sentences per request
    cache_dir: Path | None = None  # None: no cache
    retries: int = 2  # further attempts after a connection error, a timeout, HTTP 429 or 5xx
    backoff: float = 1.0  # seconds before the first retry, doubled each time
    max_malformed: int = 3  # this many unreadable answers in a row and the server is given up

    @property
    def url(self) -> str:
        return self.base_url.rstrip("/") + "/chat/completions"

    @property
    def identity(self) -> str:
        """What the claims depend on besides the text: part of the extraction's input key."""
        return f"{self.model}|{PROMPT_VERSION}"


class ServerFailed(Exception):
    """The server cannot be used for the rest of the run."""


class MalformedAnswer(Exception):
    """One answer that is not the JSON asked for."""


# --- asking ---------------------------------------------------------------------------------------


class LLMClient:
    """Requests with timeouts and limited retries, and the cache in front of them."""

    def __init__(self, config: LLMConfig, transport: httpx.BaseTransport | None = None):
        self.config = config
        headers = {"Authorization": f"Bearer {config.api_key}"} if config.api_key else {}
        self.http = httpx.Client(
            timeout=httpx.Timeout(config.timeout, connect=min(config.timeout, 10.0)), headers=headers, transport=transport
        )
        self.requests = 0  # made to the server (not answered from the cache)

    def close(self) -> None:
        self.http.close()

    def cache_key(self, user_message: str) -> str:
        # the prompt and schema themselves too, so an edit that forgets to bump PROMPT_VERSION still misses
        basis = json.dumps([self.config.model, PROMPT_VERSION, SYSTEM_PROMPT, CLAIM_SCHEMA, user_message], sort_keys=True)
        return hashlib.sha256(basis.encode()).hexdigest()

    def _cache_path(self, key: str) -> Path | None:
        return self.config.cache_dir / key[:2] / f"{key}.json" if self.config.cache_dir else None

    def ask(self, user_message: str) -> list[dict]:
        """The raw claims the model lists for one batch (from the cache when it has them)."""
        key = self.cache_key(user_message)
        path = self._cache_path(key)
        if path is not None and path.is_file():
            try:
                entry = json.loads(path.read_text(encoding="utf-8"))
                return _claims_list(entry["answer"])
            except (OSError, ValueError, KeyError, MalformedAnswer):
                pass  # an unreadable entry is asked again and overwritten
        answer = _parse_answer(self._post(user_message))
        claims = _claims_list(answer)
        if path is not None:
            entry = {"model": self.config.model, "prompt_version": PROMPT_VERSION, "request": user_message, "answer": answer}
            write_atomic(path, json.dumps(entry, ensure_ascii=False, indent=1) + "\n")
        return claims

    def _post(self, user_message: str) -> dict:
        body = {
            "model": self.config.model,
            "temperature": 0,
            "messages": [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": user_message}],
            "response_format": {
                "type": "json_schema",
                "json_schema": {"name": "claims", "strict": True, "schema": CLAIM_SCHEMA},
            },
        }
        last = ""
        for attempt in range(self.config.retries + 1):
            if attempt:
                time.sleep(self.config.backoff * 2 ** (attempt - 1))
            self.requests += 1
            try:
                resp = self.http.post(self.config.url, json=body)
            except httpx.TimeoutException:
                last = f"no answer within {self.config.timeout:g} s"
                continue
            except httpx.HTTPError as exc:
                last = f"cannot connect ({exc})" if isinstance(exc, httpx.ConnectError) else f"{type(exc).__name__}: {exc}"
                continue
            if resp.status_code == 429 or resp.status_code >= 500:
                last = f"HTTP {resp.status_code}: {resp.text[:200].strip()}"
                continue
            if resp.status_code >= 400:
                raise ServerFailed(f"HTTP {resp.status_code}: {resp.text[:200].strip()}")
            try:
                return resp.json()
            except ValueError as exc:
                raise MalformedAnswer(f"the response is not JSON ({exc})") from exc
        raise ServerFailed(f"{last} (after {self.config.retries + 1} attempts)")


def _parse_answer(response: dict) -> Any:
    try:
        content = response["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError) as exc:
        raise MalformedAnswer("the response has no choices[0].message.content") from exc
    if not isinstance(content, str):
        raise MalformedAnswer("the message content is not text")
    text = content.strip()
    fenced = re.fullmatch(r"```(?:json)?\s*(.*?)\s*```", text, re.DOTALL)  # some servers still fence it
    if fenced:
        text = fenced.group(1)
    try:
        return json.loads(text)
    except ValueError as exc:
        raise MalformedAnswer(f"the model's answer is not valid JSON ({exc}): {text[:80]!r}") from exc


def _claims_list(answer: Any) -> list[dict]:
    if not isinstance(answer, dict) or not isinstance(answer.get("claims"), list):
        raise MalformedAnswer('the answer is not an object with a "claims" list')
    return [c for c in answer["claims"] if isinstance(c, dict)]


# --- grounding ------------------------------------------------------------------------------------


@dataclass
class SentenceContext:
    """One sentence as the rules saw it: parsed text (same length as the original), who holds the floor, its times."""

    sdoc: Any  # spaCy Doc of the sentence
    offset: int
    speaker: str | None
    in_turn: bool
    times: list[TimeExpression]

    @property
    def text(self) -> str:
        return self.sdoc.text


def occurrences(value: str, text: str) -> list[tuple[int, int]]:
    out, i = [], text.find(value)
    while i >= 0 and value:
        out.append((i, i + len(value)))
        i = text.find(value, i + 1)
    return out


def ground(value: Any, text: str, near: tuple[int, int]) -> tuple[int, int] | None:
    """Where ``value`` occurs verbatim in ``text``, the occurrence nearest the evidence span ``near``."""
    if not isinstance(value, str) or not value.strip():
        return None
    hits = occurrences(value.strip(), text)
    if not hits:
        return None

    def distance(span: tuple[int, int]) -> int:
        a, b = span
        return 0 if a < near[1] and b > near[0] else (near[0] - b if b <= near[0] else a - near[1])

    return min(hits, key=lambda s: (distance(s), s[0]))


def _strip_article(text: str) -> str:
    words = text.split()
    return " ".join(words[1:]) if len(words) > 1 and words[0].lower() in ("the", "a", "an") else text


def _means(text: str) -> str:
    """'by airplane', 'on the night train' -> the rules' vocabulary (airplane, train); else the words."""
    for word in re.findall(r"[a-z]+", text.lower()):
        for w in (word, word[:-1] if word.endswith("s") else word):
            if w in MEANS_WORDS:
                return MEANS_WORDS[w]
    return _strip_article(re.sub(r"^(?:by|on|in|aboard)\s+", "", text.strip(), flags=re.IGNORECASE))


def _window(span: tuple[int, int], text: str, ctx: SentenceContext, anchor_year: int | None) -> tuple[TimeWindow | None, bool]:
    """The window timex reads in the grounded words (never the model's own date); and whether it says 'never'."""
    a, b = span
    best = max(ctx.times, key=lambda t: min(b, t.end) - max(a, t.start), default=None)
    if best is not None and min(b, best.end) - max(a, best.start) > 0:
        return (None, True) if best.kind == "never" else (best.window, False)
    return parse_time(text[a:b], default_year=anchor_year), False


@dataclass
class Grounded:
    claim: Claim
    mentions: list[tuple[str, str, str, dict]]  # (key, kind, words as written, data): what the resolver must learn


def essentials_missing(kind: str, people: int, place: bool, origin: bool, means: bool, content: bool) -> bool:
    need = {
        "presence": people >= 1 and place,
        "meeting": people >= 2,
        "first_contact": people >= 2,
        "travel": people >= 1 and (place or origin),
        "communication": people >= 2,
        "custody": people >= 1,
        "existence": place,
        "non_occurrence": place and (means or content),
        "document_content": content,
    }
    return not need.get(kind, False)


def ground_claim(raw: dict, doc: Document, ctx: SentenceContext, voice: str | None, model: str, anchor_year: int | None) -> Grounded | None:
    """One claim of the model's, kept only with what the sentence says verbatim; None when too little is left."""
    text = ctx.text  # the same-length view: line wraps are spaces, as the model saw them
    kind = raw.get("kind")
    if kind not in KINDS:
        return None
    evidence = raw.get("evidence")
    if isinstance(evidence, str) and evidence.strip():
        near = ground(evidence, text, (0, len(text)))
        if near is None:
            return None  # the model quotes words the sentence does not have: nothing of it is trusted
    else:
        near = (0, len(text))

    def grounded(field_name: str) -> tuple[int, int] | None:
        return ground(raw.get(field_name), text, near)

    people: list[tuple[str, str, tuple[int, int]]] = []  # (key, role, span in the sentence)
    raw_people = raw.get("participants")
    for p in raw_people if isinstance(raw_people, list) else []:
        if not isinstance(p, dict):
            continue
        span = ground(p.get("name"), text, near)
        if span is None:
            continue
        words = text[span[0] : span[1]]
        if words.lower() in FIRST_PERSON:
            key = ctx.speaker
        elif words.lower() in PRONOUNS:
            key = None
        else:
            key = person_key(words) or None
        if key is None or any(k == key for k, _, _ in people):
            continue
        role = str(p["role"]) if p.get("role") in ROLES else "subject"
        people.append((key, role, span))

    mentions: list[tuple[str, str, str, dict]] = []
    for key, _, (a, b) in people:
        words = text[a:b]
        written = doc.meta.speakers[0] if words.lower() in FIRST_PERSON and doc.meta.speakers else words
        mentions.append((key, "person", written, {}))

    def place(field_name: str) -> tuple[str | None, str | None]:
        span = grounded(field_name)
        if span is None:
            return None, None
        words = _strip_article(text[span[0] : span[1]])
        key = fold(words)
        if not key:
            return None, None
        kind_ = "building" if any(w in BUILDING_WORDS for w in words.lower().split()) else "place"
        data: dict = {}
        if kind_ == "building":
            cities = {c.key for c in cities_in(ctx.sdoc[:], ctx.offset)}
            if len(cities) == 1:
                data["city_in_sentence"] = next(iter(cities))
        mentions.append((key, kind_, words, data))
        return key, words

    place_key, place_words = place("place")
    origin_key, _ = place("origin")

    window, never = None, False
    span = grounded("time")
    if span is not None:
        window, never = _window(span, text, ctx, anchor_year)
    means_span = grounded("means")
    means = _means(text[means_span[0] : means_span[1]]) if means_span else None
    content_span = grounded("content")
    content = text[content_span[0] : content_span[1]] if content_span else None

    if essentials_missing(kind, len(people), place_key is not None, origin_key is not None, means is not None, content is not None):
        return None

    polarity = "denied" if raw.get("polarity") == "denied" or never else "affirmed"
    if polarity == "denied" and not NEGATION.search(text):
        return None  # a denial the sentence does not state would manufacture contradictions

    speaker, reported_by, modality = ctx.speaker, None, "asserted"
    if not ctx.in_turn and speaker != voice:
        reported_by = voice
    said = grounded("speaker")
    if said is not None:
        words = text[said[0] : said[1]]
        key = ctx.speaker if words.lower() in FIRST_PERSON else (None if words.lower() in PRONOUNS else person_key(words) or None)
        if key is not None and key != ctx.speaker:
            speaker, reported_by, modality = key, ctx.speaker or voice, "reported"
            mentions.append((key, "person", words, {}))
    knowledge = "reported" if reported_by else ("first_hand" if any(k == speaker for k, _, _ in people) else "unknown")

    start, end = ctx.offset + near[0], ctx.offset + near[1]
    participants = [
        Participant(entity=k, role=r, mention=doc.text[ctx.offset + a : ctx.offset + b])  # type: ignore[arg-type]
        for k, r, (a, b) in people
    ]
    basis = json.dumps(
        ["llm", model, doc.id, kind, start, end, [[k, r] for k, r, _ in people], place_key, origin_key,
         window.model_dump(mode="json") if window else None, means, content, polarity]
    )
    claim = Claim(
        id="C-" + hashlib.sha1(basis.encode()).hexdigest()[:12],
        kind=kind,
        document=doc.id,
        start=start,
        end=end,
        quote=doc.text[start:end],
        participants=participants,
        place=place_key,
        place_mention=place_words,
        origin=origin_key,
        time=window,
        aspect=ASPECT.get(kind, "event"),  # type: ignore[arg-type]
        means=means,
        content=content,
        polarity=polarity,  # type: ignore[arg-type]
        modality=modality,  # type: ignore[arg-type]
        speaker=speaker,
        reported_by=reported_by,
        knowledge=knowledge,  # type: ignore[arg-type]
        extractor=f"llm:{model}",
    )
    return Grounded(claim, mentions)


def duplicates(claim: Claim, others: Sequence[Claim]) -> bool:
    """A rule (or earlier) claim of the same kind, overlapping span and the same people (or place, when no people)."""
    mine = {p.entity for p in claim.participants}
    for o in others:
        if o.kind != claim.kind or o.document != claim.document or o.end <= claim.start or o.start >= claim.end:
            continue
        if {p.entity for p in o.participants} == mine and (mine or o.place == claim.place):
            return True
    return False


# --- one document ---------------------------------------------------------------------------------


Note = Callable[..., None]


class LLMExtractor:
    """Adds a model's grounded claims to the rules'. One per run: it remembers a server that failed."""

    def __init__(self, config: LLMConfig, transport: httpx.BaseTransport | None = None):
        self.config = config
        self.client = LLMClient(config, transport)
        self.failed: str | None = None  # why the server was given up, once it was
        self.problems: list[Problem] = []
        self.incomplete: set[str] = set()  # documents some of whose sentences the model did not read
        self._malformed_in_a_row = 0

    @property
    def name(self) -> str:
        return f"llm:{self.config.model}"

    @property
    def requests(self) -> int:
        return self.client.requests

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> "LLMExtractor":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def claims_for(
        self, doc: Document, sentences: Sequence[SentenceContext], rule_claims: Sequence[Claim], voice: str | None, note: Note
    ) -> list[Claim]:
        """The model's claims about ``doc`` that are grounded and not already among ``rule_claims``."""
        todo = [s for s in sentences if re.search(r"[A-Za-z]", s.text)]
        if not todo:
            return []
        if self.failed is not None:
            self.incomplete.add(doc.id)
            return []
        anchor_year = doc.meta.date_window.earliest.year if doc.meta.date_window and doc.meta.date_window.earliest else None
        kept: list[Claim] = []
        size = max(1, self.config.max_sentences)
        for i in range(0, len(todo), size):
            batch = todo[i : i + size]
            message = json.dumps([{"index": j, "text": s.text} for j, s in enumerate(batch)], ensure_ascii=False)
            try:
                raw_claims = self.client.ask(message)
                self._malformed_in_a_row = 0
            except ServerFailed as exc:
                self._give_up(doc, f"{exc}")
                return kept
            except MalformedAnswer as exc:
                self.incomplete.add(doc.id)
                self._malformed_in_a_row += 1
                line = doc.text.count("\n", 0, batch[0].offset) + 1
                self.problems.append(Problem(
                    severity="warning", file=doc.id, line=line,
                    message=f"the LLM extractor at {self.config.url} gave an unreadable answer for {len(batch)} sentence(s) "
                    f"from this line ({exc}); the rules' claims for them are kept",
                ))
                if self._malformed_in_a_row >= self.config.max_malformed:
                    self._give_up(doc, f"{self._malformed_in_a_row} unreadable answers in a row")
                    return kept
                continue
            for raw in raw_claims:
                idx = raw.get("sentence")
                if not isinstance(idx, int) or isinstance(idx, bool) or not 0 <= idx < len(batch):
                    continue
                ctx = batch[idx]
                g = ground_claim(raw, doc, ctx, voice, self.config.model, anchor_year)
                if g is None or duplicates(g.claim, rule_claims) or duplicates(g.claim, kept):
                    continue
                kept.append(g.claim)
                for key, kind, words, data in g.mentions:
                    note(key, kind, words, data)
        return kept

    def _give_up(self, doc: Document, why: str) -> None:
        self.failed = why
        self.incomplete.add(doc.id)
        self.problems.append(Problem(
            severity="error", file=doc.id,
            message=f"the LLM extractor at {self.config.url} failed: {why}; this and the remaining documents "
            "are read by the rules alone (their claims are kept)",
        ))
