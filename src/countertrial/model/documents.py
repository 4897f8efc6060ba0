"""Documents as evidence: exact text, fingerprint, provenance metadata, and sentence offsets."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from countertrial.model.time import TimeWindow

DocumentKind = str  # trial_record, interrogation, verdict, indictment, testimony, speech, letter, ...


class DocumentMeta(BaseModel):
    """What the manifest (or, failing it, the file itself) says about who produced a document and how.

    ``derived_from`` names files this one copies or summarises; it is what lets the reasoner tell a
    reprint from an independent witness.
    """

    title: str | None = None
    author: str | None = None
    date: str | None = None  # as written in the manifest (ISO date, partial date or interval)
    date_window: TimeWindow | None = None
    kind: DocumentKind | None = None
    speakers: list[str] = Field(default_factory=list)
    conditions: str | None = None
    derived_from: list[str] = Field(default_factory=list)


class Sentence(BaseModel):
    """A sentence of a document, by character offsets into the document's exact text."""

    model_config = ConfigDict(frozen=True)

    document: str
    index: int
    start: int
    end: int
    paragraph: int


class Document(BaseModel):
    """One source as ingested. ``text`` is the exact decoded text: every offset in the system points into it."""

    id: str  # the file name relative to the corpus folder, with forward slashes
    path: str  # where it was read from, for messages
    format: Literal["txt", "md", "html", "pdf"]
    sha256: str  # of the raw bytes on disk
    text: str
    meta: DocumentMeta = Field(default_factory=DocumentMeta)
    sentences: list[Sentence] = Field(default_factory=list)
    paragraphs: list[tuple[int, int]] = Field(default_factory=list)


class Citation(BaseModel):
    """A passage of a document. ``quote`` must equal ``text[start:end]``: that is what makes it verifiable."""

    model_config = ConfigDict(frozen=True)

    document: str
    start: int
    end: int
    quote: str


class Problem(BaseModel):
    """Something wrong with the input, said plainly and where: the run goes on with the rest."""

    severity: Literal["error", "warning"] = "error"
    file: str
    line: int | None = None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{self.severity}: {where}: {self.message}"
