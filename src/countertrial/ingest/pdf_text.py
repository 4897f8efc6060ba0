"""The text layer of a PDF, via pypdf.

A PDF is only text if someone put text in it: scans carry images only, and we say so ("no text
layer (scanned?)") rather than ingesting an empty document that would silently contribute nothing.
Encrypted PDFs are tried with the empty password (many "protected" PDFs only restrict printing);
otherwise they are refused with a message saying a password is needed. Pages are joined with a line
break, so a sentence running over a page break is rejoined by the segmenter like any wrapped line.
"""

from __future__ import annotations

import io
import logging

from countertrial.ingest.decoding import normalise_newlines
from countertrial.ingest.errors import UnreadableDocument


class _Collect(logging.Handler):
    """Keeps pypdf's complaints about a damaged file so they can be reported as warnings."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        msg = record.getMessage()
        if msg not in self.messages:
            self.messages.append(msg)


def pdf_to_text(raw: bytes) -> tuple[str, list[str]]:
    """``(text, warnings)`` for the PDF bytes ``raw``; raises UnreadableDocument when there is no text."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError, PyPdfError

    if not raw.lstrip()[:5].startswith(b"%PDF"):
        raise UnreadableDocument("not a PDF file (it does not start with %PDF)")
    handler = _Collect()
    log = logging.getLogger("pypdf")
    log.addHandler(handler)
    try:
        try:
            reader = PdfReader(io.BytesIO(raw))
            if reader.is_encrypted:
                try:
                    ok = reader.decrypt("")
                except (DependencyError, NotImplementedError) as err:
                    raise UnreadableDocument(f"encrypted PDF that cannot be opened here ({err})") from None
                if not ok:
                    raise UnreadableDocument("encrypted PDF: it needs a password to be read")
            pages = [page.extract_text() or "" for page in reader.pages]
        except UnreadableDocument:
            raise
        except FileNotDecryptedError:
            raise UnreadableDocument("encrypted PDF: it needs a password to be read") from None
        except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError) as err:
            raise UnreadableDocument(f"damaged or unsupported PDF ({type(err).__name__}: {err})") from None
    finally:
        log.removeHandler(handler)
    if not pages:
        raise UnreadableDocument("PDF has no pages")
    empty = [i + 1 for i, page in enumerate(pages) if not page.strip()]
    if len(empty) == len(pages):
        raise UnreadableDocument("no text layer (scanned?): the PDF has pages but no text to extract")
    warnings = [f"pypdf: {m}" for m in handler.messages[:5]]
    if empty:
        shown = ", ".join(map(str, empty[:10])) + (" …" if len(empty) > 10 else "")
        warnings.append(f"pages without a text layer (scanned?), their content is missing: {shown}")
    return normalise_newlines("\n".join(page.rstrip("\n") for page in pages)), warnings
