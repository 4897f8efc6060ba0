"""Turn one file into its canonical text, or say plainly why it cannot be read.

The text returned here is the document from then on: every sentence, claim and citation offset
points into it. So it is decoded exactly (no silent replacement characters), its line endings are
normalised once (``"\\n"``), and anything doubtful about the decoding comes back as a warning.

The result is a :class:`ReadResult` ``(text, format, warnings)`` rather than a bare pair, because a
reader can succeed and still have something to report (a legacy encoding was guessed, some PDF pages
are scans). It is a NamedTuple, so ``text, fmt, warnings = read_text(path)`` works.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal, NamedTuple

from countertrial.ingest.decoding import decode_text
from countertrial.ingest.errors import UnreadableDocument

Format = Literal["txt", "md", "html", "pdf"]

FORMATS: dict[str, Format] = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
}


class ReadResult(NamedTuple):
    """The canonical text of a file, its format, and warnings about how it was read."""

    text: str
    format: Format
    warnings: list[str]


def format_of(path: Path | str) -> Format | None:
    """The format we read a file as, by its extension (case-insensitive), or None if unsupported."""
    return FORMATS.get(Path(path).suffix.lower())


def read_bytes(raw: bytes, fmt: Format) -> ReadResult:
    """Decode ``raw`` (the bytes of a file) as ``fmt``; raises :class:`UnreadableDocument`."""
    if not raw.strip():
        raise UnreadableDocument("empty file" if not raw else "empty file (only whitespace)")
    if fmt == "pdf":
        from countertrial.ingest.pdf_text import pdf_to_text

        text, warnings = pdf_to_text(raw)
    elif fmt == "html":
        from countertrial.ingest.html_text import html_to_text

        markup, warnings = decode_text(raw)
        text = html_to_text(markup)
        if not text.strip():
            raise UnreadableDocument("empty file: the page has no visible text")
    else:
        text, warnings = decode_text(raw)
    if not text.strip():
        raise UnreadableDocument("empty file (only whitespace)")
    return ReadResult(text, fmt, warnings)


def read_text(path: Path) -> ReadResult:
    """Read ``path`` as txt, md, html or pdf according to its extension.

    Raises :class:`UnreadableDocument` for unsupported extensions, binary data, undecodable bytes,
    empty files, PDFs without a text layer, encrypted or damaged PDFs, and files the OS will not open.
    """
    path = Path(path)
    fmt = format_of(path)
    if fmt is None:
        raise UnreadableDocument(f"unsupported file type {path.suffix or '(no extension)'!r}")
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise UnreadableDocument(f"cannot be opened: {err.strerror or err}") from None
    return read_bytes(raw, fmt)
