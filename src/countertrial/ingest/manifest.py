"""``manifest.csv``: who produced each document, when, how, and what it copies.

The manifest is optional and hand-written (often in a spreadsheet), so it is read forgivingly but
never silently: every row that cannot be used, and every field that is dropped, comes back as a
:class:`Problem` with ``file="manifest.csv"`` and the row's line number, so the investigator can fix
the spreadsheet. A row whose only fault is its date is kept without the date, because its author,
kind and conditions still matter for weighing the document.

Columns (see DESIGN.md): ``file,title,author,date,kind,speaker,conditions,derived_from``. Only ``file``
is required. ``speaker`` and ``derived_from`` may list several values separated by ``;``. Unknown
columns are ignored with a warning (usually a typo in a header).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from countertrial.ingest.dates import parse_date
from countertrial.ingest.decoding import decode_text
from countertrial.ingest.errors import UnreadableDocument
from countertrial.model import DocumentMeta, Problem

COLUMNS = ("file", "title", "author", "date", "kind", "speaker", "conditions", "derived_from")
MANIFEST_NAME = "manifest.csv"


@dataclass(frozen=True)
class ManifestRow:
    """One usable manifest row: the document id it describes, its CSV line, and its metadata."""

    file: str
    line: int
    meta: DocumentMeta


def normalise_file_name(name: str) -> str | None:
    """The document id a manifest entry refers to (forward slashes, no ``./``), or None if unusable.

    Spreadsheets written on Windows use backslashes; ids are always relative POSIX paths. Absolute
    paths and ``..`` would point outside the corpus folder, so they are refused.
    """
    name = name.strip().replace("\\", "/")
    while name.startswith("./"):
        name = name[2:]
    if not name or name.startswith("/") or ".." in PurePosixPath(name).parts or (len(name) > 1 and name[1] == ":"):
        return None
    return str(PurePosixPath(name))


def _split_list(value: str) -> list[str]:
    return [item.strip() for item in value.split(";") if item.strip()]


def _optional(value: str) -> str | None:
    value = value.strip()
    return value or None


def read_manifest_rows(path: Path) -> tuple[list[ManifestRow], list[Problem]]:
    """Every usable row of the manifest at ``path`` in file order, and the problems found.

    Kept with a problem: rows with a bad date (date dropped), rows with fewer fields than the header
    (the missing trailing fields are empty). Skipped with a problem: rows with more fields than the
    header, an empty or unusable file name, or a file already listed.
    """
    name = Path(path).name or MANIFEST_NAME
    problems: list[Problem] = []

    def problem(line: int | None, message: str, severity: str = "error") -> None:
        problems.append(Problem(severity=severity, file=name, line=line, message=message))

    try:
        raw = Path(path).read_bytes()
    except OSError as err:
        problem(None, f"cannot be opened: {err.strerror or err}")
        return [], problems
    try:
        text, warnings = decode_text(raw)
    except UnreadableDocument as err:
        problem(None, f"cannot be read: {err.message}")
        return [], problems
    for warning in warnings:
        problem(_line_of_first_invalid_byte(raw), warning, "warning")

    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] | None = None
    rows: list[ManifestRow] = []
    seen: dict[str, int] = {}
    line = 1
    try:
        for fields in reader:
            row_line, line = line, reader.line_num + 1
            if not any(f.strip() for f in fields):
                continue  # blank line
            if header is None:
                header = [f.strip().lower() for f in fields]
                if "file" not in header:
                    problem(row_line, "no 'file' column in the header, so no row can be matched to a document; "
                            f"expected columns: {','.join(COLUMNS)}")
                    return [], problems
                unknown = [h for h in header if h not in COLUMNS]
                if unknown:
                    problem(row_line, f"unknown column(s) ignored: {', '.join(map(repr, unknown))}; "
                            f"known columns: {','.join(COLUMNS)}", "warning")
                continue
            row = _row(fields, header, row_line, seen, problem)
            if row is not None:
                seen[row.file] = row_line
                rows.append(row)
    except csv.Error as err:
        problem(line, f"CSV syntax error, the rest of the manifest is ignored: {err}")
    if header is None:
        problem(None, "the manifest is empty (no header line)", "warning")
    return rows, problems


def _row(fields: list[str], header: list[str], line: int, seen: dict[str, int], problem) -> ManifestRow | None:
    if len(fields) > len(header):
        problem(line, f"row has {len(fields)} fields but the header has {len(header)} "
                "(an unquoted comma in a title?); row skipped")
        return None
    if len(fields) < len(header):
        problem(line, f"row has {len(fields)} fields but the header has {len(header)}; "
                "the missing trailing fields are taken as empty", "warning")
        fields = fields + [""] * (len(header) - len(fields))
    values: dict[str, str] = {}
    for column, value in zip(header, fields):
        if column in COLUMNS and column not in values:
            values[column] = value
    file_field = values.get("file", "")
    file = normalise_file_name(file_field)
    if not file_field.strip():
        problem(line, "empty file name; row skipped")
        return None
    if file is None:
        problem(line, f"file {file_field.strip()!r} must be a path relative to the corpus folder; row skipped")
        return None
    if file in seen:
        problem(line, f"{file!r} is already listed on line {seen[file]}; this row is skipped")
        return None

    date_text = _optional(values.get("date", ""))
    window = None
    if date_text is not None:
        try:
            window = parse_date(date_text)
        except ValueError as err:
            problem(line, f"bad date for {file!r}: {err}; date ignored, the other fields are kept")
            date_text = None
    derived: list[str] = []
    for item in _split_list(values.get("derived_from", "")):
        source = normalise_file_name(item)
        if source is None:
            problem(line, f"derived_from {item!r} must be a path relative to the corpus folder; ignored", "warning")
        else:
            derived.append(source)
    meta = DocumentMeta(
        title=_optional(values.get("title", "")),
        author=_optional(values.get("author", "")),
        date=date_text,
        date_window=window,
        kind=_optional(values.get("kind", "")),
        speakers=_split_list(values.get("speaker", "")),
        conditions=_optional(values.get("conditions", "")),
        derived_from=derived,
    )
    return ManifestRow(file=file, line=line, meta=meta)


def _line_of_first_invalid_byte(raw: bytes) -> int | None:
    bom = 3 if raw.startswith(b"\xef\xbb\xbf") else 0
    try:
        raw[bom:].decode("utf-8")
    except UnicodeDecodeError as err:
        return raw[: bom + err.start].count(b"\n") + 1
    return None


def read_manifest(path: Path) -> tuple[dict[str, DocumentMeta], list[Problem]]:
    """Metadata by document id (relative path with forward slashes), and the problems found.

    A missing ``file`` column gives one error and an empty result. See :func:`read_manifest_rows`
    for which rows are kept; use it when you need each row's line number.
    """
    rows, problems = read_manifest_rows(path)
    return {row.file: row.meta for row in rows}, problems
