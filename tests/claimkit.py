"""Building small hand-made corpora for the checks' tests: documents written claim by claim.

Each claim's sentence is appended to its document's text, so every claim cites its exact passage
(quote == text[start:end]) and the checks' citations can be verified like real ones.
"""

from __future__ import annotations

from datetime import date, timedelta

from countertrial.model import Claim, Document, DocumentMeta, Entity, Participant, TimeWindow
from countertrial.reason.engine import Context, ReasoningConfig


def entity(eid: str, kind: str, name: str, located_in: str | None = None) -> Entity:
    return Entity(id=eid, kind=kind, name=name, located_in=located_in)


def window(first: str, last: str | None = None) -> TimeWindow:
    """ISO days; ``last`` defaults to ``first``; an empty string leaves that side open."""
    lo = date.fromisoformat(first) if first else None
    hi_text = first if last is None else last
    hi = date.fromisoformat(hi_text) if hi_text else None
    return TimeWindow(earliest=lo, latest=hi)


def month(year: int, m: int) -> TimeWindow:
    nxt = date(year + (m == 12), m % 12 + 1, 1)
    return TimeWindow(earliest=date(year, m, 1), latest=nxt - timedelta(days=1), precision="month")


def year(y: int) -> TimeWindow:
    return TimeWindow(earliest=date(y, 1, 1), latest=date(y, 12, 31), precision="year")


class CorpusBase:
    """Documents written sentence by sentence. Subclasses set ``entities`` for :meth:`context`."""

    entities: dict[str, Entity] = {}

    def __init__(self) -> None:
        self.texts: dict[str, str] = {}
        self.claims: list[Claim] = []
        self.meta: dict[str, DocumentMeta] = {}

    def _claim(self, doc: str, start: int, sentence: str, kind: str, people: list[tuple[str, str]], slots: dict) -> Claim:
        claim = Claim(
            id=f"c{len(self.claims) + 1:03d}", kind=kind, document=doc, start=start, end=start + len(sentence),
            quote=sentence, participants=[Participant(entity=e, role=r) for e, r in people], **slots,
        )
        self.claims.append(claim)
        return claim

    def say(self, doc: str, sentence: str, kind: str, people: list[tuple[str, str]], **slots) -> Claim:
        """Append ``sentence`` to ``doc`` and record the claim it makes."""
        text = self.texts.get(doc, "")
        text += " " if text else ""
        self.texts[doc] = text + sentence
        return self._claim(doc, len(text), sentence, kind, people, slots)

    def also(self, same: Claim, kind: str, people: list[tuple[str, str]], **slots) -> Claim:
        """A second claim read from the same passage."""
        return self._claim(same.document, same.start, same.quote, kind, people, slots)

    def context(self, entities: dict[str, Entity] | None = None) -> Context:
        docs = {
            d: Document(id=d, path=d, format="txt", sha256="0" * 64, text=t, meta=self.meta.get(d, DocumentMeta()))
            for d, t in self.texts.items()
        }
        return Context(self.claims, entities or self.entities, self.texts, ReasoningConfig(), docs)


# --- claims laid on the bundled example's gold and near-miss passages ------------------------------


def example_passages() -> dict[str, list[dict]]:
    """Gold and near-miss item id -> its passages in the bundled example (skips when it is absent)."""
    import json

    import pytest

    from conftest import EXAMPLE

    if not (EXAMPLE / "gold.json").is_file():
        pytest.skip("the bundled example is not present")
    out = {}
    for name in ("gold.json", "near_misses.json"):
        for item in json.loads((EXAMPLE / name).read_text(encoding="utf-8")):
            out[item["id"]] = [item["claim"], *item["counter"]] if "claim" in item else item["passages"]
    return out


def claim_on(passage: dict, cid: str, texts: dict[str, str], **slots) -> Claim:
    """A claim citing one example passage; its document's text is added to ``texts`` for the citations."""
    from conftest import EXAMPLE

    doc = passage["document"]
    texts.setdefault(doc, (EXAMPLE / doc).read_text(encoding="utf-8"))
    return Claim(id=cid, document=doc, start=passage["start"], end=passage["end"], quote=passage["quote"], **slots)
