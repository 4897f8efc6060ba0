"""Citations for findings: the exact passages of the claims a finding rests on.

A finding is only as checkable as its citations, and a citation is only checkable if its quote is
literally ``text[start:end]`` of the document (DESIGN.md, "Contracts"). So citations are built here,
from the claims and the document texts, and verified on the way: a mismatch means the claim's offsets
have drifted from its document, and publishing it would send a reader to the wrong words.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from countertrial.model.claims import Claim
from countertrial.model.documents import Citation


class CitationError(ValueError):
    """A claim's passage cannot be cited verbatim from its document."""


def citation_for(claim: Claim, texts: Mapping[str, str]) -> Citation:
    """The passage of one claim, with the quote taken from the document text and checked."""
    try:
        text = texts[claim.document]
    except KeyError:
        raise CitationError(f"claim {claim.id}: document {claim.document!r} is not among the texts") from None
    if not 0 <= claim.start <= claim.end <= len(text):
        raise CitationError(
            f"claim {claim.id}: offsets {claim.start}:{claim.end} fall outside {claim.document!r} "
            f"({len(text)} characters)"
        )
    quote = text[claim.start : claim.end]
    if quote != claim.quote:
        raise CitationError(
            f"claim {claim.id}: quote {claim.quote!r} is not the text at {claim.document}"
            f"[{claim.start}:{claim.end}], which reads {quote!r}"
        )
    return Citation(document=claim.document, start=claim.start, end=claim.end, quote=quote)


def citations_for(claims: Iterable[Claim], texts: Mapping[str, str]) -> list[Citation]:
    """Citations for every claim, in the order given, without repeating a passage.

    Raises :class:`CitationError` rather than returning an unverifiable citation.
    """
    out: list[Citation] = []
    seen: set[tuple[str, int, int]] = set()
    for claim in claims:
        cit = citation_for(claim, texts)
        key = (cit.document, cit.start, cit.end)
        if key not in seen:
            seen.add(key)
            out.append(cit)
    return out
