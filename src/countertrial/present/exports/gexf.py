"""network.gexf: the contact network for Gephi, in Gephi's own format.

GraphML (network.graphml, :mod:`countertrial.present.graphml`) opens in Gephi too, but GEXF is the
format Gephi reads natively and writes back, and the one its users expect. Like GraphML, GEXF
attributes are typed scalars, so the same preparation is reused (lists joined with ``"; "``,
mappings as JSON, missing values left out). Two additions for Gephi: each node gets a ``label`` (the
person's name, which Gephi shows instead of the id) and each edge a ``weight`` (how many claims
assert the contact, which Gephi uses for the edge's thickness).
"""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx

from countertrial.present.files import write_atomic
from countertrial.present.graphml import graphml_ready


def gexf_ready(graph: nx.Graph) -> nx.Graph:
    """A copy of ``graph`` that GEXF can store, with labels and weights for Gephi."""
    g = graphml_ready(graph)
    for n, data in g.nodes(data=True):
        data.setdefault("label", str(data.get("name", n)))
    for _, _, data in g.edges(data=True):
        if "weight" not in data and isinstance(data.get("claim_count"), int):
            data["weight"] = float(data["claim_count"])
    return g


_DATED_META = re.compile(r'<meta lastmodifieddate="[^"]*">')


def gexf_text(graph: nx.Graph) -> str:
    """The GEXF document of ``graph`` as text.

    networkx stamps today's date into ``<meta lastmodifieddate>``; it is left out (the attribute is
    optional) so that the same analysis gives the same file on any day, like every other output.
    """
    text = "\n".join(nx.generate_gexf(gexf_ready(graph), encoding="utf-8", prettyprint=True)) + "\n"
    return _DATED_META.sub("<meta>", text, count=1)


def write_gexf(data_or_graph, out_dir: Path, name: str = "network.gexf") -> list[Path]:
    """Write the contact network of a ReportData (or a graph) as GEXF into ``out_dir``."""
    graph = getattr(data_or_graph, "network", data_or_graph)
    if graph is None:
        graph = nx.Graph()
    path = Path(out_dir) / name
    write_atomic(path, gexf_text(graph))
    return [path]
