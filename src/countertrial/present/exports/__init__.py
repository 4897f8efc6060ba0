"""Open exports of an analysis: CSV, JSON, GraphML, GEXF, Argdown and FollowTheMoney.

The report is for reading; these files are for the tools investigators already use: a spreadsheet
(CSV), scripts and archives (JSON), Gephi, yEd and Cytoscape (GraphML, GEXF), argument mapping
(Argdown), and Aleph or any FollowTheMoney tool (line-delimited FtM entities). Each format is one
small module with one plain function ``write_<format>(data, out_dir) -> [paths]`` over the
:class:`~countertrial.present.report.ReportData` that :func:`countertrial.pipeline.build_report_data`
reads from the store, and every file is written atomically (:mod:`countertrial.present.files`).

>>> sorted(FORMATS)
['argdown', 'csv', 'ftm', 'gexf', 'graphml', 'json']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from countertrial.present.exports.argdown import write_argdown
from countertrial.present.exports.csvfiles import write_csv
from countertrial.present.exports.ftm import write_ftm
from countertrial.present.exports.gexf import write_gexf
from countertrial.present.exports.jsonfiles import write_json_files
from countertrial.present.graphml import write_graphml


def write_graphml_file(data: Any, out_dir: Path) -> list[Path]:
    """network.graphml, as ``analyze`` writes it (:mod:`countertrial.present.graphml`)."""
    import networkx as nx

    graph = data.network if data.network is not None else nx.Graph()
    return [write_graphml(graph, Path(out_dir) / "network.graphml")]


#: Format name -> writer, in the order the files are written.
FORMATS: dict[str, Callable[[Any, Path], list[Path]]] = {
    "csv": write_csv,
    "json": write_json_files,
    "graphml": write_graphml_file,
    "gexf": write_gexf,
    "argdown": write_argdown,
    "ftm": write_ftm,
}


def parse_formats(spec: str | Iterable[str] | None) -> list[str]:
    """``"csv,gexf"`` (or a list) -> ``["csv", "gexf"]``; None or ``"all"`` -> every format.

    Raises ValueError naming the unknown formats and the known ones.

    >>> parse_formats("gexf, csv,gexf")
    ['gexf', 'csv']
    """
    if spec is None:
        return list(FORMATS)
    items = spec.split(",") if isinstance(spec, str) else list(spec)
    names = [s.strip().lower() for s in items if s.strip()]
    if names == ["all"] or not names:
        return list(FORMATS)
    unknown = [n for n in names if n not in FORMATS]
    if unknown:
        raise ValueError(f"unknown format {', '.join(unknown)}; choose from {', '.join(FORMATS)} (or all)")
    return list(dict.fromkeys(names))


def export(data: Any, out_dir: Path | str, formats: str | Iterable[str] | None = None) -> list[Path]:
    """Write the chosen formats (default: all) of ``data`` into ``out_dir``; returns the files written."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name in parse_formats(formats):
        written += FORMATS[name](data, out_dir)
    return written


def stored_title(store: Any, fallback: str) -> str:
    """The case title from the stored case file, else ``fallback`` (the analysis folder's name)."""
    case = store.case() or {}
    return ((case.get("case") or {}).get("title")) or fallback


def export_store(store: Any, out_dir: Path | str, formats: str | Iterable[str] | None = None, title: str = "countertrial") -> list[Path]:
    """Read an analysis from the store (as the report does) and write the chosen formats into ``out_dir``."""
    from countertrial.pipeline import build_report_data

    chosen = parse_formats(formats)  # fail on a bad format before reading anything
    return export(build_report_data(store, stored_title(store, title)), out_dir, chosen)


__all__ = ["export_store", "FORMATS", "export", "parse_formats"] + [f"write_{n}" for n in ("csv", "gexf", "argdown", "ftm")] + [
    "write_json_files",
    "write_graphml_file",
]
