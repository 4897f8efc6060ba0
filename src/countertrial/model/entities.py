"""Entities: the people, places and things that claims are about, after resolving their many names."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

EntityKind = Literal["person", "place", "organisation", "building", "document", "thing"]


class Entity(BaseModel):
    """One real-world referent with every name it goes by in the corpus.

    Places carry coordinates (for travel reasoning) and the dates they existed (for anachronisms).
    """

    id: str
    kind: EntityKind
    name: str
    aliases: list[str] = Field(default_factory=list)
    latitude: float | None = None
    longitude: float | None = None
    located_in: str | None = None  # a building's city, by entity id
    exists_from: date | None = None
    exists_until: date | None = None
    source: Literal["text", "gazetteer", "case_file"] = "text"
