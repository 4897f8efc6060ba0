"""findings.json, claims.json and one bundle (countertrial-export.json) with everything and a version.

findings.json and claims.json are written exactly as ``analyze`` writes them (the contract of
DESIGN.md), so a tool that reads one reads the other. The bundle puts the whole analysis in one file
for archiving or handing over: documents (metadata and fingerprint, not their text: the corpus is the
evidence and may not be ours to redistribute), claims, entities, findings, input problems, the
hypothesis analysis and the contact network, under a ``format`` name and a ``version`` number that
changes whenever the bundle's shape changes incompatibly, so a reader can refuse what it does not
understand.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from countertrial.present.files import write_json
from countertrial.reason.network import network_to_dict

BUNDLE_FORMAT = "countertrial-export"
BUNDLE_VERSION = 1
BUNDLE_FILE = "countertrial-export.json"


def document_entry(doc: Any) -> dict:
    """A document's metadata for the bundle: everything but its text and sentence offsets."""
    return {
        "id": doc.id,
        "format": doc.format,
        "sha256": doc.sha256,
        "length": len(doc.text),
        "meta": doc.meta.model_dump(mode="json"),
    }


def bundle(data: Any) -> dict:
    """The whole analysis of a :class:`~countertrial.present.report.ReportData` as one JSON object."""
    return {
        "format": BUNDLE_FORMAT,
        "version": BUNDLE_VERSION,
        "title": data.title,
        "generated_by": data.generated_by,
        "documents": [document_entry(d) for d in data.documents],
        "claims": [c.model_dump(mode="json") for c in data.claims],
        "entities": [e.model_dump(mode="json") for e in data.entities],
        "findings": [f.model_dump(mode="json") for f in data.findings],
        "problems": [p.model_dump(mode="json") for p in data.problems],
        "hypotheses": data.hypotheses,
        "network": network_to_dict(data.network) if data.network is not None else None,
    }


def write_json_files(data: Any, out_dir: Path) -> list[Path]:
    """Write findings.json, claims.json and the bundle; returns their paths."""
    out_dir = Path(out_dir)
    files = {
        "findings.json": [f.model_dump(mode="json") for f in data.findings],
        "claims.json": [c.model_dump(mode="json") for c in data.claims],
        BUNDLE_FILE: bundle(data),
    }
    for name, value in files.items():
        write_json(out_dir / name, value)
    return [out_dir / name for name in files]
