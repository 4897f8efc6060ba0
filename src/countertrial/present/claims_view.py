"""What the machine read from one document, shown in the terminal so an analyst can check it.

Each sentence that yields claims is printed with the words the claims rest on highlighted (people,
place, time), followed by one line per claim: kind, stance, who, where, when, by what means, and who
says so. It is the quickest way to see why a finding is, or is not, there.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from rich.console import Console
from rich.text import Text

from countertrial.extract.extractor import extract_document
from countertrial.extract.nlp import load_pipeline
from countertrial.ingest.corpus import read_document
from countertrial.ingest.manifest import MANIFEST_NAME, read_manifest
from countertrial.model import Claim, Document, Problem

STYLES = {"person": "bold cyan", "place": "bold green", "time": "bold magenta"}


def load_one(path: Path) -> tuple[Document | None, list[Problem]]:
    """Read one file, with its manifest metadata when the folder it sits in has a manifest."""
    meta = None
    problems: list[Problem] = []
    manifest = path.parent / MANIFEST_NAME
    if manifest.is_file():
        metas, problems = read_manifest(manifest)
        meta = metas.get(path.name)
    doc, more = read_document(path, path.name, meta)
    return doc, problems + more


def _marks(claim: Claim) -> list[tuple[int, int, str]]:
    """Spans inside the claim's quote to highlight: the words naming its people, place and time."""
    out = []
    words = [(p.mention, "person") for p in claim.participants if p.mention]
    if claim.place_mention:
        words.append((claim.place_mention, "place"))
    if claim.time is not None and claim.time.text:
        words.append((claim.time.text, "time"))
    for word, style in words:
        i = claim.quote.find(word)
        if i >= 0:
            out.append((i, i + len(word), style))
    return out


def describe(claim: Claim) -> str:
    people = ", ".join(f"{p.entity} ({p.role})" for p in claim.participants) or "-"
    when = claim.time.label() if claim.time else ("never" if claim.polarity == "denied" else "-")
    parts = [
        f"{claim.kind:<9} {claim.polarity:<8}",
        f"who: {people}",
        f"where: {claim.place or '-'}" + (f" from {claim.origin}" if claim.origin else ""),
        f"when: {when} [{claim.aspect}]",
    ]
    if claim.means:
        parts.append(f"by: {claim.means}")
    if claim.condition:
        parts.append(f"state: {claim.condition}" + (f" when {claim.condition_at}" if claim.condition_at else ""))
    parts.append(f"says: {claim.speaker or 'unnamed'}" + (f", reported by {claim.reported_by}" if claim.reported_by else ""))
    if claim.modality != "asserted":
        parts.append(claim.modality)
    return " | ".join(parts)


def show_claims(path: Path, console: Console) -> int:
    """Print the claims of one document; returns how many there were (or -1 when it cannot be read)."""
    doc, problems = load_one(path)
    for p in problems:
        console.print(f"[yellow]{p}[/yellow]")
    if doc is None:
        return -1
    claims, _ = extract_document(doc, load_pipeline())
    by_passage: dict[tuple[int, int], list[Claim]] = defaultdict(list)
    for c in claims:
        by_passage[(c.start, c.end)].append(c)
    console.print(f"[bold]{doc.id}[/bold]: {len(doc.sentences)} sentences, {len(claims)} claims")
    for (start, end), group in sorted(by_passage.items()):
        text = Text(doc.text[start:end].replace("\n", " "))
        for c in group:
            for a, b, style in _marks(c):
                text.stylize(STYLES[style], a, b)
        console.print()
        console.print(Text(f"[{start}:{end}] ", style="dim") + text)
        for c in group:
            console.print(Text("  → " + describe(c), style="dim" if c.polarity == "affirmed" else "red"))
    return len(claims)
