"""Walk a corpus folder and yield each document, ready for extraction, or the problem that stopped it.

The walk is deterministic (files in sorted order of their id) so that the same folder always gives
the same documents, claims and findings in the same order. One bad file never stops the walk: it
becomes a :class:`Problem` naming the file and the reason, and the next file is read.

Decisions worth knowing:

- Document ids are paths relative to the folder with forward slashes; they are what citations name.
- ``sha256`` is of the raw bytes on disk, so the store can skip unchanged files with
  :func:`fingerprint` before decoding anything.
- With a manifest, files it does not list are still ingested (evidence is not dropped because a
  spreadsheet is behind), with a warning; the one exception is a README, which in a described corpus
  is a note about the corpus, not evidence. Files the manifest names that are missing are problems
  pointing at the manifest line.
- Hidden files and folders (names starting with ".") are skipped: editor backups, VCS metadata.
- Files above ``max_bytes`` (50 MB by default) are refused: no testimony is that large as text, and
  reading one would stall a run.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from countertrial.ingest.errors import UnreadableDocument
from countertrial.ingest.manifest import MANIFEST_NAME, ManifestRow, read_manifest_rows
from countertrial.ingest.readers import FORMATS, format_of, read_bytes
from countertrial.ingest.segment import segment
from countertrial.model import Document, DocumentMeta, Problem

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
_CHUNK = 1024 * 1024


def fingerprint(path: Path) -> str:
    """SHA-256 (hex) of the file's bytes, read in chunks so large files cost no memory."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def document_files(folder: Path) -> list[tuple[str, Path]]:
    """``(id, path)`` of every supported document under ``folder``, sorted by id, hidden ones skipped."""
    found: list[tuple[str, Path]] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if name.startswith(".") or format_of(name) is None:
                continue
            path = Path(root) / name
            found.append((path.relative_to(folder).as_posix(), path))
    return sorted(found)


def read_document(
    path: Path, doc_id: str, meta: DocumentMeta | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[Document | None, list[Problem]]:
    """Read, decode and segment one file; ``(document or None, problems about it)``."""
    problems: list[Problem] = []
    try:
        size = path.stat().st_size
        if size > max_bytes:
            problems.append(Problem(file=doc_id, message=(
                f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit for one document; skipped")))
            return None, problems
        raw = path.read_bytes()
    except OSError as err:
        problems.append(Problem(file=doc_id, message=f"cannot be opened: {err.strerror or err}"))
        return None, problems
    fmt = format_of(path)
    if fmt is None:
        problems.append(Problem(file=doc_id, message=(
            f"unsupported file type {path.suffix or '(no extension)'!r}; supported: {', '.join(sorted(FORMATS))}")))
        return None, problems
    try:
        result = read_bytes(raw, fmt)
    except UnreadableDocument as err:
        problems.append(Problem(file=doc_id, message=err.message))
        return None, problems
    problems.extend(Problem(severity="warning", file=doc_id, message=w) for w in result.warnings)
    meta = meta.model_copy(deep=True) if meta is not None else DocumentMeta()
    if not meta.title:
        meta.title = path.stem
    paragraphs, sentences = segment(result.text, doc_id)
    document = Document(
        id=doc_id,
        path=str(path),
        format=result.format,
        sha256=hashlib.sha256(raw).hexdigest(),
        text=result.text,
        meta=meta,
        sentences=sentences,
        paragraphs=paragraphs,
    )
    return document, problems


@dataclass(frozen=True)
class Unchanged:
    """A file whose bytes match what the store already holds: not decoded again, only its metadata refreshed."""

    id: str
    meta: DocumentMeta


def _is_readme(doc_id: str) -> bool:
    return Path(doc_id).stem.lower() == "readme"


def iter_corpus(
    folder: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, known: dict[str, str] | None = None
) -> Iterator[Document | Problem | Unchanged]:
    """Every document under ``folder`` (sorted by id) and every problem met on the way.

    ``known`` maps document ids to the sha256 the store holds; a file whose bytes still hash to it is
    yielded as :class:`Unchanged` without being decoded or segmented again.

    Order: the manifest's own problems, then manifest rows naming missing files, then for each file
    its warnings followed by its :class:`Document` (or the problem that stopped it).
    """
    folder = Path(folder)
    if not folder.is_dir():
        yield Problem(file=str(folder), message="corpus folder not found (or not a folder)")
        return
    manifest_path = folder / MANIFEST_NAME
    rows: dict[str, ManifestRow] = {}
    has_manifest = False  # a manifest we could use: only then is "not listed" worth saying
    if manifest_path.is_file():
        row_list, problems = read_manifest_rows(manifest_path)
        yield from problems
        rows = {row.file: row for row in row_list}
        has_manifest = bool(rows) or not any(p.severity == "error" for p in problems)

    files = document_files(folder)
    ids = {doc_id for doc_id, _ in files}
    for row in rows.values():
        if row.file in ids:
            continue
        target = folder / row.file
        if target.is_file() and format_of(target) is None:
            message = f"{row.file!r} is not a supported document type ({', '.join(sorted(FORMATS))})"
        elif target.is_file():
            message = f"{row.file!r} is in a hidden folder or is a hidden file, so it is not read"
        else:
            message = f"{row.file!r} is listed but there is no such file in the corpus folder"
        yield Problem(file=MANIFEST_NAME, line=row.line, message=message)
    for row in rows.values():
        for source in row.meta.derived_from:
            if source not in ids and source not in rows:
                yield Problem(severity="warning", file=MANIFEST_NAME, line=row.line,
                              message=f"derived_from names {source!r}, which is not in the corpus")

    for doc_id, path in files:
        row = rows.get(doc_id)
        if has_manifest and row is None:
            if _is_readme(doc_id):
                yield Problem(severity="warning", file=doc_id, message=(
                    "not listed in manifest: read as a note about the corpus, not as evidence; skipped"))
                continue
            yield Problem(severity="warning", file=doc_id, message="not listed in manifest.csv, so it has no metadata (author, date, kind, speaker)")
        if known and doc_id in known:
            try:
                same = fingerprint(path) == known[doc_id]
            except OSError:
                same = False
            if same:
                meta = row.meta.model_copy(deep=True) if row else DocumentMeta()
                meta.title = meta.title or path.stem
                yield Unchanged(doc_id, meta)
                continue
        document, problems = read_document(path, doc_id, row.meta if row else None, max_bytes=max_bytes)
        yield from problems
        if document is not None:
            yield document
