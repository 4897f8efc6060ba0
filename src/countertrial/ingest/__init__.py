"""Ingest: files in a corpus folder become :class:`~countertrial.model.Document` objects.

Each document keeps its exact decoded text (the evidence every offset points into), a fingerprint of
its bytes, the manifest's metadata about who produced it and how, and its paragraphs and sentences
as character spans. Anything wrong with the input is reported as a :class:`~countertrial.model.Problem`
and the run goes on.

Public entry points: :func:`iter_corpus`, :func:`read_document`, :func:`fingerprint`,
:func:`read_text`, :func:`read_manifest`, :func:`parse_date`, :func:`segment`, :func:`normalised_view`.
spaCy is imported only when segmenting, so reading a manifest stays cheap.
"""

from countertrial.ingest.corpus import DEFAULT_MAX_BYTES, document_files, fingerprint, iter_corpus, read_document
from countertrial.ingest.dates import parse_date
from countertrial.ingest.errors import UnreadableDocument
from countertrial.ingest.manifest import ManifestRow, read_manifest, read_manifest_rows
from countertrial.ingest.readers import ReadResult, read_bytes, read_text
from countertrial.ingest.segment import normalised_view, segment

__all__ = [
    "DEFAULT_MAX_BYTES",
    "ManifestRow",
    "ReadResult",
    "UnreadableDocument",
    "document_files",
    "fingerprint",
    "iter_corpus",
    "normalised_view",
    "parse_date",
    "read_bytes",
    "read_document",
    "read_manifest",
    "read_manifest_rows",
    "read_text",
    "segment",
]
