"""Small pieces every export shares: how a passage is named, who an entity id is, one-line text.

A citation is written ``document:start-end`` everywhere (CSV cells, Argdown, FtM descriptions) so an
analyst can paste it into any of them and find the same passage: the document's file name relative to
the corpus folder and the character offsets into its decoded text, exactly as findings.json has them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from countertrial.model import Citation, Claim, Entity

_SPACE = re.compile(r"\s+")


def cite(passage: Citation | Claim) -> str:
    """``document:start-end`` for a citation or a claim's passage.

    >>> from countertrial.model import Citation
    >>> cite(Citation(document="a.txt", start=3, end=9, quote="abcdef"))
    'a.txt:3-9'
    """
    return f"{passage.document}:{passage.start}-{passage.end}"


def one_line(text: str | None) -> str:
    """Text with every run of whitespace (line breaks included) made one space: for formats whose
    syntax is line-based (Argdown) or whose readers show one line (graph labels)."""
    return _SPACE.sub(" ", text or "").strip()


def names(entities: Iterable[Entity]) -> dict[str, str]:
    """Entity id -> display name."""
    return {e.id: e.name for e in entities}


def name_of(entity_id: str | None, table: Mapping[str, str]) -> str:
    """The display name of an entity id, or the id itself when it was never resolved (never empty)."""
    if not entity_id:
        return ""
    return table.get(entity_id, entity_id)
