"""findings.csv, citations.csv and claims.csv: the results as tables for a spreadsheet.

Commissions, newsrooms and defence teams work in Excel or LibreOffice; a CSV is what they can sort,
filter and annotate without installing anything. Three tables:

* ``findings.csv``: one row per finding (id, kind, summary, confidence and its reason, contested,
  rule, the claim ids, the citations as ``document:start-end`` and the quoted passages);
* ``citations.csv``: one row per cited passage (finding id, position, document, start, end, quote),
  the same citations in long form, for a reader who wants to filter by document;
* ``claims.csv``: one row per claim with its slots (participants and roles, place, origin, time
  window, aspect, means, content), speaker, polarity, modality, knowledge, document, start, end,
  quote.

Why these choices:

* **Formula injection.** Every text cell comes, directly or not, from untrusted documents: a
  testimony may well contain ``=HYPERLINK(...)`` or ``@SUM(...)``. A spreadsheet runs a cell that
  starts with ``=``, ``+``, ``-`` or ``@`` (and some also after a leading tab or carriage return) as a
  formula. Such text cells get a leading apostrophe (OWASP's advice), which spreadsheets show as text
  and which :func:`unneutralise` removes when reading back. Numbers we compute (offsets, confidence)
  are written as numbers and left alone.
* **UTF-8 with a byte-order mark.** The corpora are full of names like Jovanović and Müller.
  Excel opens a UTF-8 CSV without a BOM in the legacy code page and garbles them; with the BOM it
  reads UTF-8, and so do LibreOffice, pandas and Python's ``csv`` with ``encoding="utf-8-sig"``.
  Tools that do not expect a BOM see three extra bytes before the first header, which is the lesser
  harm for the people these files are for.
* **RFC 4180 quoting** with the ``csv`` module (``\\r\\n`` rows, quotes doubled, cells with line breaks
  quoted), so passages that span lines stay one cell.
* Several values in one cell (claim ids, citations) are joined with ``"; "``; the quotes of a finding
  are numbered ``[1] ...`` one per line, in the order of its citations (citations.csv has them one
  per row, unambiguously).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from countertrial.model import Claim, Entity, Finding
from countertrial.present.exports.common import cite, name_of, names
from countertrial.present.files import write_atomic

#: Characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
#: The encoding to read these files back with (it drops the BOM).
ENCODING = "utf-8-sig"
JOIN = "; "

FINDING_COLUMNS = (
    "id", "kind", "summary", "confidence", "confidence_reason", "contested", "rule",
    "claims", "citations", "quotes",
)
CITATION_COLUMNS = ("finding", "n", "document", "start", "end", "quote")
CLAIM_COLUMNS = (
    "id", "kind", "document", "start", "end", "quote",
    "speaker", "speaker_name", "reported_by", "knowledge", "polarity", "modality",
    "participants", "participant_names", "roles",
    "place", "place_name", "origin", "origin_name",
    "time_earliest", "time_latest", "time_precision", "time_text", "aspect",
    "means", "content", "extractor",
)


def neutralise(value: Any) -> Any:
    """A cell value a spreadsheet will not run: text starting like a formula gets a leading apostrophe.

    >>> neutralise("=cmd|' /C calc'!A0")
    "'=cmd|' /C calc'!A0"
    >>> neutralise("-2 days later"), neutralise(-2), neutralise("plain")
    ("'-2 days later", -2, 'plain')
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unneutralise(value: str) -> str:
    """The text as it was before :func:`neutralise` (for programs reading the CSV back)."""
    if value[:1] == "'" and value[1:2] and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return neutralise(value)


def csv_text(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A whole CSV file as text (BOM, header, rows), every text cell neutralised."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return BOM + buf.getvalue()


def finding_rows(findings: Iterable[Finding]) -> Iterable[list[Any]]:
    for f in findings:
        yield [
            f.id, f.kind, f.summary, f.confidence, f.confidence_reason, f.contested, f.rule,
            JOIN.join(f.claims),
            JOIN.join(cite(c) for c in f.citations),
            "\n".join(f"[{i}] {c.quote}" for i, c in enumerate(f.citations, 1)),
        ]


def citation_rows(findings: Iterable[Finding]) -> Iterable[list[Any]]:
    for f in findings:
        for i, c in enumerate(f.citations, 1):
            yield [f.id, i, c.document, c.start, c.end, c.quote]


def claim_rows(claims: Iterable[Claim], entities: Iterable[Entity] = ()) -> Iterable[list[Any]]:
    table = names(entities)
    for c in claims:
        t = c.time
        yield [
            c.id, c.kind, c.document, c.start, c.end, c.quote,
            c.speaker, name_of(c.speaker, table), c.reported_by, c.knowledge, c.polarity, c.modality,
            JOIN.join(p.entity for p in c.participants),
            JOIN.join(name_of(p.entity, table) for p in c.participants),
            JOIN.join(p.role for p in c.participants),
            c.place, name_of(c.place, table), c.origin, name_of(c.origin, table),
            t.earliest.isoformat() if t and t.earliest else None,
            t.latest.isoformat() if t and t.latest else None,
            t.precision if t else None,
            t.text if t else None,
            c.aspect, c.means, c.content, c.extractor,
        ]


def write_csv(data: Any, out_dir: Path) -> list[Path]:
    """Write findings.csv, citations.csv and claims.csv for a :class:`~countertrial.present.report.ReportData`."""
    out_dir = Path(out_dir)
    files = {
        "findings.csv": csv_text(FINDING_COLUMNS, finding_rows(data.findings)),
        "citations.csv": csv_text(CITATION_COLUMNS, citation_rows(data.findings)),
        "claims.csv": csv_text(CLAIM_COLUMNS, claim_rows(data.claims, data.entities)),
    }
    written = []
    for name, text in files.items():
        write_atomic(out_dir / name, text)
        written.append(out_dir / name)
    return written
