"""The real test corpus (read from ../shared at run time, never copied): wraps must not cut sentences."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from countertrial.ingest import iter_corpus, normalised_view, read_text, segment
from countertrial.ingest.layout import analyse
from countertrial.model import Document

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpus" / "moscow-trials"
GOLD = SHARED / "dev-gold" / "moscow-trials-contradictions.json"
WRAPPED = CORPUS / "003_406356ac10f903da.txt"
ENDS = re.compile(r"[.!?…:][\"'”’»)\]]*\d{0,3}$|\)$")

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not WRAPPED.is_file(), reason=f"real corpus not found at {CORPUS} (../shared is absent)"),
]


@pytest.fixture(scope="module")
def wrapped():
    text = read_text(WRAPPED).text
    paragraphs, sentences = segment(text, WRAPPED.name)
    return text, paragraphs, sentences


def test_pdf_extraction_is_detected_as_wrapped(wrapped):
    text, paragraphs, _ = wrapped
    assert analyse(text).wrapped
    multi_line = sum(1 for a, b in paragraphs if "\n" in text[a:b])
    assert multi_line > 0.6 * len(paragraphs)


def test_no_sentence_ends_inside_a_wrapped_line_join(wrapped):
    """A sentence that ends at an unfinished line whose next line starts lowercase was cut by a wrap."""
    text, paragraphs, sentences = wrapped
    cut = []
    for s in sentences:
        _, p_end = paragraphs[s.paragraph]
        after = text[s.end : p_end]
        if s.end < p_end and "\n" in after[: len(after) - len(after.lstrip())]:
            nxt = after.lstrip()[:1]
            if not ENDS.search(text[s.start : s.end]) and nxt.islower():
                cut.append(s)
    assert cut == []


def test_sentences_in_wrapped_paragraphs_mostly_end_with_sentence_punctuation(wrapped):
    text, paragraphs, sentences = wrapped
    in_wrapped = [s for s in sentences if "\n" in text[slice(*paragraphs[s.paragraph])]]
    ending = sum(1 for s in in_wrapped if ENDS.search(text[s.start : s.end]))
    # The rest are cut by footnote blocks inserted mid-sentence at page ends (a known limit).
    assert ending / len(in_wrapped) > 0.93


def test_normalised_view_of_real_text(wrapped):
    text, _, sentences = wrapped
    view = normalised_view(text)
    assert len(view) == len(text)
    inside = [view[s.start : s.end] for s in sentences]
    assert sum("\n" in x for x in inside) == 0


def test_gold_passages_each_fall_within_one_sentence():
    if not GOLD.is_file():
        pytest.skip(f"dev gold not found at {GOLD}")
    cache: dict[str, tuple[str, list]] = {}
    for item in json.loads(GOLD.read_text(encoding="utf-8")):
        for passage in [item["claim"], *item["counter"]]:
            doc = passage["document"]
            if doc not in cache:
                text = read_text(CORPUS / doc).text
                cache[doc] = (text, segment(text, doc)[1])
            text, sentences = cache[doc]
            assert text[passage["start"] : passage["end"]] == passage["quote"]
            assert any(s.start <= passage["start"] and passage["end"] <= s.end for s in sentences), passage["quote"][:60]


def test_whole_corpus_ingests():
    items = list(iter_corpus(CORPUS))
    docs = [i for i in items if isinstance(i, Document)]
    assert len(docs) == 5
    assert all(d.meta.date_window is not None and d.meta.kind for d in docs)
    assert all(d.sentences for d in docs)
