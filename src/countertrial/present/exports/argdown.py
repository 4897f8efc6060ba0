"""analysis.argdown: the case as an argument map in Argdown (https://argdown.org).

Argdown is plain text that the Argdown tools (VS Code extension, ``@argdown/cli``, the online
sandbox) draw as an argument map and export to HTML, PDF, GraphML or DOT. It is the form in which
the reasoning of a finding can be argued over: a finding *is* an argument ("the two accounts leave
no time for the journey") that attacks some claims and rests on others. The file has three sections:

* **Hypotheses** (when the case file states some): each a statement ``[H1]: title``, with the items
  that bear on it as incoming relations: ``+ <finding>`` / ``+ [claim]`` for evidence consistent with
  it, ``- <finding>`` for evidence against it (from the hypothesis analysis' ``for`` / ``against``);
* **Findings**: each an argument ``<Kind F-id>: summary ...`` whose text ends with its confidence and
  every cited passage (``document:start-end`` and the quote). Under it, ``-> [claim]`` for each claim
  it puts in question (for refuting kinds, the contact claims on the refuted side, as
  :func:`countertrial.reason.network.refuted_claims` reads them for the contact network, or every
  claim when the finding is about no contact; for version conflicts and self-contradictions, every claim: they say the
  accounts cannot all stand, not which falls), ``+ [claim]`` for the claims it rests on, and
  ``+> [claim]`` from a corroboration to each claim it corroborates;
* **Claims**: each claim that a finding or hypothesis mentions, as a statement ``[C-id]: speaker:
  "quote" (document:start-end; kind, polarity, modality)``. Claims nothing refers to are left out:
  the map is of the argument, and claims.csv / claims.json list them all.

Titles are our ids (stable, and free of Argdown syntax by construction; anything else is removed).
All other text comes from documents and is untrusted, so it is put on one line (Argdown syntax is
line-based: a line break followed by ``-`` would start a relation) and every character Argdown gives
a meaning inside a line is escaped with a backslash: brackets ``[ ] < >`` (statement and argument
references and definitions, ``<!--`` comments), ``{ }`` (data), ``@`` (mentions), ``#`` (tags),
``* _`` (bold and italic; file names such as ``02_trial.txt`` too), ``/`` where it starts ``//``, ``=`` (``===`` front matter) and the
backslash itself.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from countertrial.model import Claim, Finding
from countertrial.present.exports.common import cite, name_of, names, one_line
from countertrial.present.files import write_atomic
from countertrial.reason.hypotheses import REFUTING_KINDS, SUPPORTING_KINDS
from countertrial.reason.network import CONTACT_KINDS, refuted_claims

ARGDOWN_FILE = "analysis.argdown"

#: Characters with a meaning inside an Argdown line (lexer of @argdown/core): escaped in text.
SPECIAL = frozenset("\\[]<>{}@#*_=")
_COMMENT_SLASH = re.compile(r"/(?=/)")
_TITLE_UNSAFE = re.compile(r"[\[\]<>\\\s]+")


def escape(text: str | None) -> str:
    """Untrusted text as one line of Argdown text that means only itself.

    A slash is escaped only where it would open a comment (``//``; ``/*`` is already broken by the
    escaped asterisk), so "km/h" stays readable.

    >>> print(escape("[Hotel] <Astoria> #1 // see\\nnext, 30 km/h"))
    \\[Hotel\\] \\<Astoria\\> \\#1 \\// see next, 30 km/h
    """
    text = "".join("\\" + ch if ch in SPECIAL else ch for ch in one_line(text))
    return _COMMENT_SLASH.sub(r"\\/", text)


def title(text: str) -> str:
    """A statement or argument title: no brackets, backslashes or line breaks (titles cannot be escaped)."""
    return _TITLE_UNSAFE.sub(" ", text).strip() or "untitled"


def _kind_label(kind: str) -> str:
    from countertrial.present.report import FINDING_LABELS

    return FINDING_LABELS.get(kind, kind.replace("_", " ").capitalize())


def argument_title(f: Finding) -> str:
    return title(f"{_kind_label(f.kind)} {f.id}")


def _tag(word: str) -> str:
    return f"#({title(word).replace('(', ' ').replace(')', ' ').strip()})"


def finding_text(f: Finding) -> str:
    passages = "; ".join(f"{escape(cite(c))} “{escape(c.quote)}”" for c in f.citations)
    parts = [escape(f.summary), f"Confidence {f.confidence:.2f}."]
    if f.contested:
        parts.append("Contested.")
    if passages:
        parts.append(f"Passages: {passages}.")
    tags = [_tag(f.kind.replace("_", " "))] + ([_tag("contested")] if f.contested else [])
    return " ".join(parts + tags)


def claim_text(c: Claim, table: Mapping[str, str]) -> str:
    who = escape(name_of(c.speaker, table)) if c.speaker else "unattributed"
    return f"{who}: “{escape(c.quote)}” ({escape(cite(c))}; {c.kind.replace('_', ' ')}, {c.polarity}, {c.modality})"


def _finding_relations(
    f: Finding, claim_ids: set[str], contacts: set[str], kinds: Mapping[str, str]
) -> list[str]:
    rests_on = [c for c in f.claims if c in claim_ids]
    if f.kind in SUPPORTING_KINDS:
        return [f"  +> [{title(c)}]" for c in rests_on]
    if f.kind in REFUTING_KINDS:
        # The side in question, read as the contact network reads it; a finding about no contact
        # (two presences, an existence) says only that its claims cannot all stand.
        attacked = set(refuted_claims(f, contacts, kinds)) or set(rests_on)
    else:  # version conflicts, self-contradictions: the accounts cannot all stand
        attacked = set(rests_on)
    return [f"  -> [{title(c)}]" if c in attacked else f"  + [{title(c)}]" for c in rests_on]


def _hypothesis_lines(hyp: Mapping[str, Any], findings: Mapping[str, Finding], claim_ids: set[str], used: set[str]) -> list[str]:
    text = escape(hyp.get("title") or hyp.get("id"))
    if hyp.get("description"):
        text += " " + escape(hyp["description"])
    lines = [f"[{title(str(hyp['id']))}]: {text}"]
    for key, sign in (("for", "+"), ("against", "-")):
        for entry in hyp.get(key) or []:
            item = entry.get("item") if isinstance(entry, Mapping) else entry
            if item in findings:
                lines.append(f"  {sign} <{argument_title(findings[item])}>")
            elif item in claim_ids:
                lines.append(f"  {sign} [{title(item)}]")
                used.add(item)
    return lines


def argdown_text(data: Any) -> str:
    """The Argdown document of a :class:`~countertrial.present.report.ReportData`."""
    claims: dict[str, Claim] = {c.id: c for c in data.claims}
    claim_ids = set(claims)
    kinds = {c.id: c.kind for c in data.claims}
    contacts = {c.id for c in data.claims if c.kind in CONTACT_KINDS and c.polarity == "affirmed"}
    findings: dict[str, Finding] = {f.id: f for f in data.findings}
    table = names(data.entities)
    used: set[str] = set()

    doc_title = json.dumps(one_line(data.title).replace("=", " "), ensure_ascii=False)
    out = [
        "===",
        f"title: {doc_title}",
        f"author: {json.dumps(one_line(data.generated_by).replace('=', ' '), ensure_ascii=False)}",
        "===",
        "",
        "// Written by countertrial. Arguments are findings, statements are claims and hypotheses;",
        "// every quote is the document text at document:start-end.",
        "",
    ]
    hypotheses = (data.hypotheses or {}).get("hypotheses") or []
    if hypotheses:
        out += ["# Hypotheses", ""]
        for hyp in hypotheses:
            out += _hypothesis_lines(hyp, findings, claim_ids, used) + [""]
    if findings:
        out += ["# Findings", ""]
        for f in data.findings:
            out.append(f"<{argument_title(f)}>: {finding_text(f)}")
            out += _finding_relations(f, claim_ids, contacts, kinds)
            out.append("")
            used.update(c for c in f.claims if c in claim_ids)
    if used:
        out += ["# Claims", ""]
        for c in data.claims:  # in claims.json order
            if c.id in used:
                out += [f"[{title(c.id)}]: {claim_text(c, table)}", ""]
    return "\n".join(out).rstrip("\n") + "\n"


def write_argdown(data: Any, out_dir: Path) -> list[Path]:
    """Write analysis.argdown into ``out_dir``."""
    path = Path(out_dir) / ARGDOWN_FILE
    write_atomic(path, argdown_text(data))
    return [path]
