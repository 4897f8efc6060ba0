"""GraphML export of the contact network (or any networkx graph), for Gephi, yEd and Cytoscape.

GraphML attributes are typed scalars (string, boolean, int, double): no lists, no nulls. So before
writing, lists and sets become one string joined with ``"; "`` (sets sorted first, so the file is
the same on every run), mappings become JSON, and missing values are left out rather than written
as the text "None". :func:`split_list` reads a joined attribute back.

The file is written atomically (temporary file in the same folder, then ``os.replace``) like every
other output, so a reader never opens half a network.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import networkx as nx

from countertrial.present.files import write_atomic

LIST_SEPARATOR = "; "


def graphml_value(value: Any) -> Any:
    """A value GraphML can hold; ``None`` for a value to leave out."""
    if value is None:
        return None
    if isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (set, frozenset)):
        return LIST_SEPARATOR.join(sorted(str(v) for v in value if v is not None))
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(str(v) for v in value if v is not None)
    if isinstance(value, Mapping):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _clean(data: Mapping[str, Any]) -> dict[str, Any]:
    out = {}
    for k, v in data.items():
        gv = graphml_value(v)
        if gv is not None:
            out[str(k)] = gv
    return out


def graphml_ready(graph: nx.Graph) -> nx.Graph:
    """A copy of ``graph`` whose every node, edge and graph attribute GraphML can store."""
    g = graph.__class__()
    g.graph.update(_clean(graph.graph))
    for n, data in graph.nodes(data=True):
        g.add_node(str(n), **_clean(data))
    if graph.is_multigraph():
        for u, v, k, data in graph.edges(keys=True, data=True):
            g.add_edge(str(u), str(v), key=k, **_clean(data))
    else:
        for u, v, data in graph.edges(data=True):
            g.add_edge(str(u), str(v), **_clean(data))
    return g


def write_graphml(graph: nx.Graph, path: Path | str) -> Path:
    """Write ``graph`` as GraphML to ``path`` atomically; returns the path."""
    path = Path(path)
    text = "\n".join(nx.generate_graphml(graphml_ready(graph), encoding="utf-8", prettyprint=True)) + "\n"
    write_atomic(path, text)
    return path


def split_list(value: Any) -> list[str]:
    """A list attribute as written by :func:`write_graphml`, read back (empty string: empty list)."""
    if value is None or value == "":
        return []
    return str(value).split(LIST_SEPARATOR)
