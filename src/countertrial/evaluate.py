"""Scoring a findings.json against a gold file: did the engine find what a careful reader found?

A gold item (the format of ``dev-gold/*.json``) names one passage that makes a claim and one or more
``counter`` passages that contradict (or, for corroborations, support) it::

    {"id": "g-01", "kind": "alibi", "summary": "...",
     "claim":   {"document": "a.txt", "start": 120, "end": 188, "quote": "..."},
     "counter": [{"document": "b.txt", "start": 40, "end": 97, "quote": "..."}]}

A gold item is **matched** when *one* finding's citations cover its claim passage *and* at least one
of its counter passages. Requiring a single finding is the point: two unrelated findings that happen
to cite the two passages have not connected them, and connecting them is what a reader needs.

**Cover** means: the finding's citations in the same document overlap the gold passage by at least
half the gold passage's length (:data:`MIN_COVER`). We use overlap rather than strict containment
because the two sides cut text differently: the engine cites the passage of a whole extracted claim,
usually a sentence, while an annotator marks the clause that carries the point (the clause placing
a witness in a city, inside a longer sentence). Containment would pass a whole-sentence citation but
fail one that stops a word short of the clause or cuts the sentence at a semicolon; a 50% floor
accepts both and still rejects a citation that merely touches the passage (a neighbouring sentence
sharing a few characters). The overlap is measured against the union of the finding's
citations in that document, so a clause straddling two cited sentences is covered too.

Whether the matched finding has the *right kind* is scored separately ("kinds matched"): a finding
that connects the two passages as a ``denial`` when the annotator called it an ``alibi`` has still
found the conflict, and the two numbers tell different stories. Gold files use a few aliases
(``testimony_conflict``, ``internal_contradiction``): :data:`KIND_ALIASES` maps them to the engine's
kinds.

The findings that match no gold item are listed as a precision proxy. Gold files are not exhaustive,
so an unmatched finding is not necessarily wrong; the list is what a reviewer should read next.

The CLI command ``countertrial evaluate FINDINGS GOLD`` is :func:`evaluate_command`.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TextIO

#: A gold passage counts as covered when the finding's citations overlap at least this share of it.
MIN_COVER = 0.5

#: The engine's finding kinds (DESIGN.md, "Kinds of finding"), in report order.
KINDS = (
    "alibi",
    "anachronism",
    "impossible_means",
    "chronology",
    "denial",
    "version_conflict",
    "self_contradiction",
    "record_mismatch",
    "corroboration",
    "dependent_corroboration",
)

#: Names that annotators use for the engine's kinds. Unknown kinds are kept as written (and can then
#: only be matched by passages, never by kind).
KIND_ALIASES: dict[str, str] = {
    "testimony_conflict": "version_conflict",
    "conflicting_versions": "version_conflict",
    "conflicting_accounts": "version_conflict",
    "internal_contradiction": "self_contradiction",
    "internal_inconsistency": "self_contradiction",
    "retraction": "self_contradiction",
    "temporal_impossibility": "chronology",
    "impossible_order": "chronology",
    "impossible_travel": "alibi",
    "nonexistent_place": "anachronism",
    "impossible_transport": "impossible_means",
    "derived_record_mismatch": "record_mismatch",
    "independent_corroboration": "corroboration",
    "dependent_source": "dependent_corroboration",
    "circular_corroboration": "dependent_corroboration",
}


def canonical_kind(kind: str) -> str:
    """The engine's name for a gold kind (lower-cased, aliases resolved)."""
    k = kind.strip().lower().replace("-", "_").replace(" ", "_")
    return KIND_ALIASES.get(k, k)


class EvaluationInputError(ValueError):
    """A findings or gold file cannot be read or is not in the expected format; says where."""


# --- coverage ---------------------------------------------------------------------------------------


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def coverage(passage: Mapping[str, Any], citations: Sequence[Mapping[str, Any]]) -> float:
    """Share (0..1) of ``passage`` that the citations in its document overlap, counted once.

    >>> coverage({"document": "a", "start": 10, "end": 20}, [{"document": "a", "start": 0, "end": 15}])
    0.5
    >>> coverage({"document": "a", "start": 10, "end": 20}, [{"document": "b", "start": 0, "end": 99}])
    0.0
    """
    doc, start, end = passage["document"], passage["start"], passage["end"]
    length = end - start
    spans = [
        (max(c["start"], start), min(c["end"], end))
        for c in citations
        if c["document"] == doc and c["start"] < end and c["end"] > start
    ]
    if length <= 0:
        # An empty gold passage (a point): covered when some citation contains the point.
        return 1.0 if any(c["document"] == doc and c["start"] <= start <= c["end"] for c in citations) else 0.0
    overlap = sum(b - a for a, b in _merge(spans))
    return overlap / length


def covers(passage: Mapping[str, Any], citations: Sequence[Mapping[str, Any]], min_cover: float = MIN_COVER) -> bool:
    return coverage(passage, citations) >= min_cover


# --- report -----------------------------------------------------------------------------------------


@dataclass
class ItemResult:
    """One gold item: matched or not, by which finding, and how close the best attempt came."""

    id: str
    kind: str  # canonical
    gold_kind: str  # as written in the gold file
    summary: str
    matched: bool
    finding: str | None = None  # the matching finding (exact kind preferred, then confidence)
    finding_kind: str | None = None
    kind_ok: bool = False
    candidates: list[str] = field(default_factory=list)  # every finding that matches
    # For a miss: the best coverage any single finding reached on the claim and on a counter passage,
    # and which findings those were, so a reviewer sees whether the engine saw one side or neither.
    best_claim_cover: float = 0.0
    best_claim_finding: str | None = None
    best_counter_cover: float = 0.0
    best_counter_finding: str | None = None


@dataclass
class KindScore:
    total: int = 0
    matched: int = 0
    exact_kind: int = 0

    @property
    def recall(self) -> float:
        return self.matched / self.total if self.total else 0.0


@dataclass
class UnmatchedFinding:
    id: str
    kind: str
    summary: str
    confidence: float | None
    citations: list[dict]
    touches: list[str]  # gold items one of whose passages this finding covers (but not claim + counter)


@dataclass
class Report:
    """Recall against the gold items, kinds matched, misses and unmatched findings."""

    total: int
    matched: int
    exact_kind: int
    findings_total: int
    findings_matching: int
    per_kind: dict[str, KindScore]
    items: list[ItemResult]
    unmatched_findings: list[UnmatchedFinding]
    min_cover: float = MIN_COVER
    near_misses: list[dict] = field(default_factory=list)  # filled by :func:`check_near_misses`

    @property
    def recall(self) -> float:
        return self.matched / self.total if self.total else 0.0

    @property
    def kind_accuracy(self) -> float:
        """Of the matched items, the share whose matching finding has the gold kind."""
        return self.exact_kind / self.matched if self.matched else 0.0

    @property
    def precision_proxy(self) -> float:
        """Share of findings that match some gold item (gold is not exhaustive: a lower bound)."""
        return self.findings_matching / self.findings_total if self.findings_total else 0.0

    @property
    def missed(self) -> list[ItemResult]:
        return [i for i in self.items if not i.matched]

    def to_dict(self) -> dict:
        return {
            "recall": round(self.recall, 4),
            "matched": self.matched,
            "total": self.total,
            "exact_kind": self.exact_kind,
            "kind_accuracy": round(self.kind_accuracy, 4),
            "findings_total": self.findings_total,
            "findings_matching": self.findings_matching,
            "precision_proxy": round(self.precision_proxy, 4),
            "min_cover": self.min_cover,
            "per_kind": {
                k: {"total": s.total, "matched": s.matched, "exact_kind": s.exact_kind, "recall": round(s.recall, 4)}
                for k, s in self.per_kind.items()
            },
            "items": [_rounded(asdict(i)) for i in self.items],
            "missed": [i.id for i in self.missed],
            "unmatched_findings": [asdict(u) for u in self.unmatched_findings],
            "near_misses": self.near_misses,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"


def _rounded(d: dict) -> dict:
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in d.items()}


def _kind_order(kind: str) -> tuple[int, str]:
    return (KINDS.index(kind), "") if kind in KINDS else (len(KINDS), kind)


def evaluate(findings: Sequence[Mapping[str, Any]], gold: Sequence[Mapping[str, Any]], min_cover: float = MIN_COVER) -> Report:
    """Score findings (dicts as in findings.json) against gold items (dicts as in a gold file).

    Both are assumed well-formed; :func:`load_findings` and :func:`load_gold` check files first.
    """
    items: list[ItemResult] = []
    per_kind: dict[str, KindScore] = {}
    matching_findings: set[str] = set()
    touched: dict[str, list[str]] = {}

    for g in gold:
        kind = canonical_kind(g["kind"])
        score = per_kind.setdefault(kind, KindScore())
        score.total += 1
        result = ItemResult(id=g["id"], kind=kind, gold_kind=g["kind"], summary=g.get("summary", ""), matched=False)
        candidates: list[Mapping[str, Any]] = []
        for f in findings:
            cits = f["citations"]
            claim_cover = coverage(g["claim"], cits)
            counter_cover = max((coverage(k, cits) for k in g["counter"]), default=0.0)
            if claim_cover > result.best_claim_cover:
                result.best_claim_cover, result.best_claim_finding = claim_cover, f["id"]
            if counter_cover > result.best_counter_cover:
                result.best_counter_cover, result.best_counter_finding = counter_cover, f["id"]
            on_claim, on_counter = claim_cover >= min_cover, counter_cover >= min_cover
            if on_claim and on_counter:
                candidates.append(f)
            elif on_claim or on_counter:
                touched.setdefault(f["id"], []).append(g["id"])
        if candidates:
            # Prefer the finding that also got the kind right, then the more confident one; the
            # input order (the engine's deterministic order) breaks ties.
            best = min(
                enumerate(candidates),
                key=lambda ic: (ic[1]["kind"] != kind, -(ic[1].get("confidence") or 0.0), ic[0]),
            )[1]
            result.matched = True
            result.finding, result.finding_kind = best["id"], best["kind"]
            result.kind_ok = best["kind"] == kind
            result.candidates = [f["id"] for f in candidates]
            matching_findings.update(result.candidates)
            score.matched += 1
            score.exact_kind += int(result.kind_ok)
        items.append(result)

    unmatched = [
        UnmatchedFinding(
            id=f["id"],
            kind=f["kind"],
            summary=f.get("summary", ""),
            confidence=f.get("confidence"),
            citations=[
                {k: c[k] for k in ("document", "start", "end", "quote") if k in c} for c in f["citations"]
            ],
            touches=sorted(set(touched.get(f["id"], []))),
        )
        for f in findings
        if f["id"] not in matching_findings
    ]
    return Report(
        total=len(items),
        matched=sum(i.matched for i in items),
        exact_kind=sum(i.kind_ok for i in items),
        findings_total=len(findings),
        findings_matching=sum(1 for f in findings if f["id"] in matching_findings),
        per_kind=dict(sorted(per_kind.items(), key=lambda kv: _kind_order(kv[0]))),
        items=items,
        unmatched_findings=unmatched,
        min_cover=min_cover,
    )


def check_near_misses(
    report: Report,
    findings: Sequence[Mapping[str, Any]],
    near_misses: Sequence[Mapping[str, Any]],
    min_cover: float = MIN_COVER,
) -> Report:
    """Record which near misses a finding wrongly flags (in ``report.near_misses``), and return it.

    A near-miss item (``{"id", "kind", "summary", "passages": [...]}``) is a pair of passages that look
    like a conflict of ``kind`` but are not one. It is *flagged* when one finding of that kind covers
    two or more of its passages (its only passage, for a one-passage near miss such as a place named
    while it stood): that finding has connected what should stay apart. Findings that
    match a gold item are exempt: a near miss often reuses a passage of a real conflict (the record
    that breaks an alibi also fits a journey that was possible), and the finding that breaks the real
    alibi may cite both without having made the near miss's mistake.
    """
    exempt = {c for item in report.items for c in item.candidates}
    out = []
    for nm in near_misses:
        kind = canonical_kind(nm["kind"])
        flagged = [
            f["id"]
            for f in findings
            if f["kind"] == kind
            and f["id"] not in exempt
            and sum(covers(p, f["citations"], min_cover) for p in nm["passages"]) >= min(2, len(nm["passages"]))
        ]
        out.append({"id": nm["id"], "kind": kind, "summary": nm.get("summary", ""), "flagged_by": flagged})
    report.near_misses = out
    return report


# --- terminal output --------------------------------------------------------------------------------


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def _short(text: str, n: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def format_report(report: Report) -> str:
    """The report as plain text for a terminal (no colour codes, so it can be piped or diffed)."""
    lines = [
        f"Recall: {report.matched}/{report.total} gold items matched ({_pct(report.recall)})",
        f"Kinds matched: {report.exact_kind}/{report.matched} matched items have the gold kind ({_pct(report.kind_accuracy)})",
        f"Findings matching a gold item: {report.findings_matching}/{report.findings_total} "
        f"({_pct(report.precision_proxy)}; gold is not exhaustive, so this is a lower bound on precision)",
        f"Cover rule: a finding's citations overlap at least {_pct(report.min_cover)} of each gold passage",
        "",
        "By kind:",
    ]
    width = max([len(k) for k in report.per_kind] + [4])
    for kind, s in report.per_kind.items():
        lines.append(f"  {kind:<{width}}  {s.matched}/{s.total} matched, {s.exact_kind} with the same kind")
    lines += ["", "Gold items:"]
    for i in report.items:
        if i.matched:
            kind_note = "" if i.kind_ok else f" (as {i.finding_kind}, gold says {i.kind})"
            lines.append(f"  [hit ] {i.id} {i.kind}: {i.finding}{kind_note}")
        else:
            lines.append(f"  [miss] {i.id} {i.kind}: {_short(i.summary)}")
            lines.append(
                f"         closest: claim covered {_pct(i.best_claim_cover)}"
                f"{' by ' + i.best_claim_finding if i.best_claim_finding else ''}"
                f"; a counter passage covered {_pct(i.best_counter_cover)}"
                f"{' by ' + i.best_counter_finding if i.best_counter_finding else ''}"
            )
    lines += ["", f"Findings that match no gold item ({len(report.unmatched_findings)}):"]
    if not report.unmatched_findings:
        lines.append("  none")
    for u in report.unmatched_findings:
        conf = f" {u.confidence:.2f}" if isinstance(u.confidence, (int, float)) else ""
        touch = f" [covers one side of {', '.join(u.touches)}]" if u.touches else ""
        lines.append(f"  {u.id} {u.kind}{conf}{touch}: {_short(u.summary)}")
    if report.near_misses:
        flagged = [n for n in report.near_misses if n["flagged_by"]]
        lines += ["", f"Near misses flagged: {len(flagged)}/{len(report.near_misses)}"]
        for n in flagged:
            lines.append(f"  {n['id']} {n['kind']}: flagged by {', '.join(n['flagged_by'])}")
    return "\n".join(lines) + "\n"


# --- reading files ----------------------------------------------------------------------------------


def _read_json(path: Path, what: str) -> Any:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise EvaluationInputError(f"{path}: no such file (expected the {what})") from None
    except IsADirectoryError:
        raise EvaluationInputError(f"{path}: is a folder, expected the {what} (a JSON file)") from None
    except (OSError, UnicodeDecodeError) as e:
        raise EvaluationInputError(f"{path}: cannot read the {what}: {e}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise EvaluationInputError(f"{path}: not valid JSON (line {e.lineno}, column {e.colno}: {e.msg})") from None


def _list_of_items(data: Any, path: Path, key: str) -> list:
    if isinstance(data, dict) and isinstance(data.get(key), list):
        data = data[key]  # tolerate {"findings": [...]} / {"items": [...]} wrappers
    if not isinstance(data, list):
        raise EvaluationInputError(f"{path}: expected a JSON list of {key}, found a {type(data).__name__}")
    return data


def _check_passage(p: Any, where: str) -> dict:
    if not isinstance(p, dict):
        raise EvaluationInputError(f"{where}: expected an object with document, start, end; found {type(p).__name__}")
    missing = [k for k in ("document", "start", "end") if k not in p]
    if missing:
        raise EvaluationInputError(f"{where}: missing {', '.join(missing)}")
    if not isinstance(p["document"], str) or not p["document"]:
        raise EvaluationInputError(f"{where}: 'document' must be a file name")
    for k in ("start", "end"):
        if not isinstance(p[k], int) or isinstance(p[k], bool) or p[k] < 0:
            raise EvaluationInputError(f"{where}: '{k}' must be a non-negative integer, found {p[k]!r}")
    if p["start"] > p["end"]:
        raise EvaluationInputError(f"{where}: start {p['start']} is after end {p['end']}")
    return p


def _check_str(item: dict, key: str, where: str) -> None:
    if not isinstance(item.get(key), str) or not item[key]:
        raise EvaluationInputError(f"{where}: missing '{key}' (a non-empty string)")


def load_findings(path: Path) -> list[dict]:
    """The findings of a findings.json, checked enough to score: id, kind and citations."""
    data = _list_of_items(_read_json(path, "findings file"), path, "findings")
    seen: set[str] = set()
    for i, f in enumerate(data):
        where = f"{path}: finding #{i}"
        if not isinstance(f, dict):
            raise EvaluationInputError(f"{where}: expected an object, found {type(f).__name__}")
        _check_str(f, "id", where)
        where = f"{path}: finding #{i} ({f['id']})"
        if f["id"] in seen:
            raise EvaluationInputError(f"{where}: duplicate id")
        seen.add(f["id"])
        _check_str(f, "kind", where)
        if not isinstance(f.get("citations"), list):
            raise EvaluationInputError(f"{where}: missing 'citations' (a list of passages)")
        for j, c in enumerate(f["citations"]):
            _check_passage(c, f"{where}, citation #{j}")
        conf = f.get("confidence")
        if conf is not None and (not isinstance(conf, (int, float)) or isinstance(conf, bool)):
            raise EvaluationInputError(f"{where}: 'confidence' must be a number, found {conf!r}")
    return data


def load_gold(path: Path) -> list[dict]:
    """The items of a gold file, checked: id, kind, claim passage and a non-empty list of counters."""
    data = _list_of_items(_read_json(path, "gold file"), path, "items")
    seen: set[str] = set()
    for i, g in enumerate(data):
        where = f"{path}: gold item #{i}"
        if not isinstance(g, dict):
            raise EvaluationInputError(f"{where}: expected an object, found {type(g).__name__}")
        _check_str(g, "id", where)
        where = f"{path}: gold item #{i} ({g['id']})"
        if g["id"] in seen:
            raise EvaluationInputError(f"{where}: duplicate id")
        seen.add(g["id"])
        _check_str(g, "kind", where)
        if "claim" not in g:
            hint = " (this looks like a near-miss file: pass it with --near-misses)" if "passages" in g else ""
            raise EvaluationInputError(f"{where}: missing 'claim'{hint}")
        _check_passage(g["claim"], f"{where}, claim")
        if not isinstance(g.get("counter"), list) or not g["counter"]:
            raise EvaluationInputError(f"{where}: 'counter' must be a non-empty list of passages")
        for j, c in enumerate(g["counter"]):
            _check_passage(c, f"{where}, counter #{j}")
    return data


def load_near_misses(path: Path) -> list[dict]:
    """Near-miss items: id, kind and the passages that must not be connected (or flagged, if one)."""
    data = _list_of_items(_read_json(path, "near-miss file"), path, "items")
    for i, n in enumerate(data):
        where = f"{path}: near miss #{i}"
        if not isinstance(n, dict):
            raise EvaluationInputError(f"{where}: expected an object, found {type(n).__name__}")
        _check_str(n, "id", where)
        _check_str(n, "kind", where)
        if not isinstance(n.get("passages"), list) or not n["passages"]:
            raise EvaluationInputError(f"{where} ({n['id']}): 'passages' must be a non-empty list of passages")
        for j, p in enumerate(n["passages"]):
            _check_passage(p, f"{where} ({n['id']}), passage #{j}")
    return data


# --- the command ------------------------------------------------------------------------------------


def evaluate_command(
    findings: Path,
    gold: Path,
    json_out: bool = False,
    near_misses: Path | None = None,
    min_recall: float | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """``countertrial evaluate FINDINGS GOLD``: print the report; return the exit code.

    0: scored (and recall ≥ ``min_recall`` when given, and no near miss flagged when near misses are
    given); 1: scored but below that bar; 2: an input file is unreadable or malformed (the message names
    the file and the item index). With ``json_out`` the report goes to stdout as JSON, for scripts.
    """
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    try:
        found = load_findings(Path(findings))
        items = load_gold(Path(gold))
        nms = load_near_misses(Path(near_misses)) if near_misses is not None else None
    except EvaluationInputError as e:
        print(f"error: {e}", file=stderr)
        return 2
    report = evaluate(found, items)
    if nms is not None:
        check_near_misses(report, found, nms)
    stdout.write(report.to_json() if json_out else format_report(report))
    failed = False
    if min_recall is not None and report.recall < min_recall:
        print(f"recall {report.recall:.2f} is below the required {min_recall:.2f}", file=stderr)
        failed = True
    if any(n["flagged_by"] for n in report.near_misses):
        print("some near misses are flagged as findings", file=stderr)
        failed = True
    return 1 if failed else 0
