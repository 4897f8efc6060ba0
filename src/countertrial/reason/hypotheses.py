"""Competing hypotheses (Heuer's ACH), weighed on independent evidence, with the items that decide them.

Heuer's method asks the analyst to rate every item of evidence against every hypothesis and then to
look for the hypothesis with the *least* evidence against it, because consistent evidence is cheap
(much of it fits every hypothesis) while one solid inconsistency can sink a hypothesis. This module
fills that matrix from the engine's findings and the analyst's claims, scores it two ways, and says
which items the result hangs on.

**Ratings.** Each cell is one of ``CC`` (very consistent), ``C``, ``N`` (neutral / not applicable),
``I``, ``II`` (very inconsistent). The machine cannot read a hypothesis's title, so the case file
says what each hypothesis expects, and one small rule fills the matrix; the first rule that applies
wins:

1. an analyst's rating for this (item, hypothesis) (``overrides``), always;
2. the hypothesis's own per-item rating (``Hypothesis.ratings``: "claim C-12 is what H2 rests on: CC");
3. the kind rule: a finding whose kind the hypothesis lists in ``refuted_by_kinds`` is ``I``, in
   ``supported_by_kinds`` is ``C``; a *strong* finding (confidence ≥ ``ACHConfig.strong_confidence``
   and not contested) is ``II`` / ``CC``. A hypothesis may limit its kind rules to the findings that
   concern certain sources (``sources``: document names or speaker ids) or certain conditions of
   production (``conditions``: words of the manifest's conditions, such as "custody"): "an alibi
   against a claim made in custody is inconsistent with 'the confessions are true'", but an alibi
   between two memoirs says nothing about it;
4. otherwise ``N``.

Every cell records which rule set it (``basis``), so a reader can see where the machine decided and
where an analyst did.

**Independence.** Items carry an independence ``group``: items that derive from one line of evidence
(a reprint and its wire story, a verdict and the interrogation it summarises) share one weight, split
equally among them, so that copying a source does not multiply its vote. The group's weight is the
largest of its members' weights: adding a weaker copy to a group changes nothing in total.

An item's lines are those of the *claims* it rests on, not of the documents that carry them
(``claim_lines``, from :func:`countertrial.reason.independence.evidence_lines`): a consular visa
quoted in the accused's speech is a line of its own, not the speech's, while a summary resting on
the very book that quotes it is that book's line. The result says which items were collapsed and why
(``collapsed_because``, one sentence per group, built from ``line_reasons``).

**Scores.**

- *Inconsistency* (Heuer): ``sum(weight × inconsistency)`` with ``I`` = 1 and ``II`` = 2, per
  hypothesis. Lower is better; it is the primary ranking (ties broken by the likelihood).
- *Likelihood*: each rating stands for a probability of seeing the item if the hypothesis were true
  (``CC`` .9, ``C`` .7, ``N`` .5, ``I`` .3, ``II`` .1, configurable); the weighted log-likelihood of
  each hypothesis and the pairwise log likelihood ratios (natural logarithms) show by how much the
  evidence favours one hypothesis over another, which the inconsistency count cannot.
- *Diagnosticity* of an item: the spread of its likelihoods across hypotheses,
  ``ln(max P) - ln(min P)``. An item rated the same under every hypothesis is flagged non-diagnostic:
  it may be important, but it does not help choose.
- *Decisive items*: the items contributing most to the gap between the leading hypothesis and the
  runner-up.
- *Sensitivity*: each item removed, and each item's ratings reversed (CC↔II, C↔I), one at a time; the
  ones that change the ranking are listed. A conclusion that rests on one item is only as good as it.

All results are plain data classes with ``to_dict()``; the same input always gives the same output.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

Rating = Literal["CC", "C", "N", "I", "II"]
RATINGS: tuple[str, ...] = ("CC", "C", "N", "I", "II")
RATING_WORDS = {
    "CC": "very consistent",
    "C": "consistent",
    "N": "neutral",
    "I": "inconsistent",
    "II": "very inconsistent",
}
INCONSISTENCY = {"CC": 0, "C": 0, "N": 0, "I": 1, "II": 2}
REVERSED = {"CC": "II", "C": "I", "N": "N", "I": "C", "II": "CC"}
DEFAULT_LIKELIHOOD = {"CC": 0.9, "C": 0.7, "N": 0.5, "I": 0.3, "II": 0.1}

#: Finding kinds that say a claim cannot be true as stated (what a hypothesis resting on it must explain
#: away). The contact network uses the same list.
REFUTING_KINDS = ("alibi", "anachronism", "impossible_means", "chronology", "denial", "record_mismatch")
CONFLICT_KINDS = REFUTING_KINDS + ("version_conflict", "self_contradiction")
SUPPORTING_KINDS = ("corroboration", "dependent_corroboration")

Basis = Literal["analyst", "hypothesis", "kind_rule", "default"]

_EPS = 1e-9  # scores are sums of floats: compare them rounded, so ties stay ties


class HypothesisError(ValueError):
    """Hypotheses, ratings or evidence that cannot be weighed as given; says which and why."""


def _rating(value: Any, where: str) -> str:
    r = str(value).strip().upper() if value is not None else ""
    if r not in RATINGS:
        raise HypothesisError(f"{where}: rating {value!r} is not one of {', '.join(RATINGS)}")
    return r


def _strs(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise HypothesisError(f"{where}: expected a list of strings, found {value!r}")
    return tuple(value)


# --- inputs -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hypothesis:
    """One explanation of the case, with what its author says would fit it and what would not.

    ``supported_by_kinds`` / ``refuted_by_kinds``: finding kinds that are consistent / inconsistent with
    it; ``sources`` / ``conditions`` limit those kind rules to findings about those documents or
    speakers, or about sources produced under those conditions; ``ratings`` rate single items.
    """

    id: str
    title: str
    description: str = ""
    supported_by_kinds: tuple[str, ...] = ()
    refuted_by_kinds: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()
    ratings: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        both = sorted(set(self.supported_by_kinds) & set(self.refuted_by_kinds))
        if both:
            raise HypothesisError(f"hypothesis {self.id}: {', '.join(both)} cannot both support and refute it")
        for item, r in self.ratings.items():
            _rating(r, f"hypothesis {self.id}, rating of {item}")

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | Any, where: str = "hypothesis") -> "Hypothesis":
        """From a case file's ``hypotheses:`` entry (a mapping or the case model's object)."""
        if hasattr(data, "model_dump"):
            data = data.model_dump()
        if not isinstance(data, Mapping):
            raise HypothesisError(f"{where}: expected a mapping with id and title")
        if not data.get("id"):
            raise HypothesisError(f"{where}: missing 'id'")
        where = f"{where} ({data['id']})"
        ratings = data.get("ratings") or {}
        if isinstance(ratings, list):  # [{item: X, rating: C}] as well as {X: C}
            try:
                ratings = {r["item"]: r["rating"] for r in ratings}
            except (TypeError, KeyError):
                raise HypothesisError(f"{where}: 'ratings' entries need 'item' and 'rating'") from None
        if not isinstance(ratings, Mapping):
            raise HypothesisError(f"{where}: 'ratings' must map item ids to ratings")
        return cls(
            id=str(data["id"]),
            title=str(data.get("title") or data["id"]),
            description=str(data.get("description") or ""),
            supported_by_kinds=_strs(data.get("supported_by_kinds"), f"{where}: supported_by_kinds"),
            refuted_by_kinds=_strs(data.get("refuted_by_kinds"), f"{where}: refuted_by_kinds"),
            sources=_strs(data.get("sources"), f"{where}: sources"),
            conditions=_strs(data.get("conditions"), f"{where}: conditions"),
            ratings={str(k): _rating(v, f"{where}, rating of {k}") for k, v in ratings.items()},
        )

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "description": self.description,
            "supported_by_kinds": list(self.supported_by_kinds),
            "refuted_by_kinds": list(self.refuted_by_kinds),
            "sources": list(self.sources),
            "conditions": list(self.conditions),
            "ratings": dict(sorted(self.ratings.items())),
        }


@dataclass(frozen=True)
class EvidenceItem:
    """A row of the matrix: a finding or a claim, where it comes from, and how much it counts.

    ``kind`` is the finding kind, or ``"claim"``. ``group`` is the independence group (items derived
    from one line of evidence share it); ``None`` means the item is its own group. ``weight`` is the
    analyst's credibility × relevance (default 1).
    """

    id: str
    description: str
    kind: str = "claim"
    sources: tuple[str, ...] = ()  # document names
    speakers: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()  # the manifest's conditions of the sources ("in custody", ...)
    group: str | None = None
    weight: float = 1.0
    confidence: float | None = None
    contested: bool = False
    claims: tuple[str, ...] = ()
    lines: tuple[str, ...] = ()  # the lines of evidence the item rests on (names; see the module doc)

    def __post_init__(self) -> None:
        if not (self.weight >= 0 and math.isfinite(self.weight)):
            raise HypothesisError(f"evidence {self.id}: weight must be a non-negative number, not {self.weight!r}")

    @property
    def independence_group(self) -> str:
        return self.group if self.group is not None else self.id

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "description": self.description,
            "kind": self.kind,
            "sources": list(self.sources),
            "speakers": list(self.speakers),
            "conditions": list(self.conditions),
            "group": self.independence_group,
            "weight": self.weight,
            "confidence": self.confidence,
            "contested": self.contested,
            "claims": list(self.claims),
            "lines": list(self.lines),
        }


@dataclass(frozen=True)
class RatingOverride:
    """An analyst's rating of one item against one hypothesis; it wins over every rule."""

    item: str
    hypothesis: str
    rating: str
    reason: str = ""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | Any, where: str = "rating") -> "RatingOverride":
        """From a mapping or the case model's rating; ``evidence``/``why`` are read as ``item``/``reason``."""
        if hasattr(data, "model_dump"):
            data = data.model_dump()
        item = data.get("item") or data.get("evidence") if isinstance(data, Mapping) else None
        if not item or not data.get("hypothesis"):
            raise HypothesisError(f"{where}: needs 'item' (or 'evidence'), 'hypothesis' and 'rating'")
        reason = data.get("reason") or data.get("why") or ""
        return cls(str(item), str(data["hypothesis"]), _rating(data.get("rating"), where), str(reason))


@dataclass(frozen=True)
class ACHConfig:
    """How ratings become numbers. Change with care: the defaults are Heuer's and common practice."""

    strong_confidence: float = 0.75  # a finding at least this confident (and not contested) rates CC / II
    likelihood: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_LIKELIHOOD))
    decisive_items: int = 5  # how many decisive items to report

    def __post_init__(self) -> None:
        for r in RATINGS:
            p = self.likelihood.get(r)
            if p is None or not 0 < p < 1:
                raise HypothesisError(f"likelihood of {r} must be strictly between 0 and 1, not {p!r}")


# --- the matrix -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    item: str
    hypothesis: str
    rating: str
    basis: str  # analyst | hypothesis | kind_rule | default
    reason: str = ""

    def to_dict(self) -> dict:
        return {"item": self.item, "hypothesis": self.hypothesis, "rating": self.rating, "basis": self.basis, "reason": self.reason}


def _in_scope(item: EvidenceItem, hyp: Hypothesis) -> bool:
    if not hyp.sources and not hyp.conditions:
        return True
    # Speakers are entity ids (person:x, document:y); a case file names them by bare case id (x, y).
    named = set(item.sources) | set(item.speakers) | {s.split(":", 1)[1] for s in item.speakers if ":" in s}
    if set(hyp.sources) & named:
        return True
    words = [w.lower() for w in hyp.conditions]
    return any(w in c.lower() for w in words for c in item.conditions)


def rate(
    item: EvidenceItem,
    hyp: Hypothesis,
    overrides: Mapping[tuple[str, str], RatingOverride] | None = None,
    config: ACHConfig | None = None,
) -> Cell:
    """The rating of one item against one hypothesis, by the first rule that applies (module doc)."""
    config = config or ACHConfig()
    o = (overrides or {}).get((item.id, hyp.id))
    if o is not None:
        return Cell(item.id, hyp.id, o.rating, "analyst", o.reason or "rated by the analyst")
    if item.id in hyp.ratings:
        return Cell(item.id, hyp.id, hyp.ratings[item.id], "hypothesis", f"hypothesis {hyp.id} rates this item")
    refutes, supports = item.kind in hyp.refuted_by_kinds, item.kind in hyp.supported_by_kinds
    if (refutes or supports) and _in_scope(item, hyp):
        strong = item.confidence is not None and item.confidence >= config.strong_confidence and not item.contested
        if refutes:
            rating, listed = ("II" if strong else "I"), "refuted_by_kinds"
        else:
            rating, listed = ("CC" if strong else "C"), "supported_by_kinds"
        why = f"{hyp.id} lists {item.kind} in its {listed}"
        if hyp.sources or hyp.conditions:
            why += " and this finding concerns the sources it names"
        if strong:
            why += f"; strong: confidence {item.confidence:.2f} ≥ {config.strong_confidence:.2f}, not contested"
        elif item.contested:
            why += "; contested, so not rated strongly"
        return Cell(item.id, hyp.id, rating, "kind_rule", why)
    return Cell(item.id, hyp.id, "N", "default", "no rule relates this item to the hypothesis")


def effective_weights(items: Sequence[EvidenceItem]) -> dict[str, float]:
    """Each item's share of its independence group's weight (the group's largest weight, split equally)."""
    groups: dict[str, list[EvidenceItem]] = {}
    for it in items:
        groups.setdefault(it.independence_group, []).append(it)
    out: dict[str, float] = {}
    for members in groups.values():
        share = max(m.weight for m in members) / len(members)
        for m in members:
            out[m.id] = share
    return out


# --- results ----------------------------------------------------------------------------------------


def _r(x: float) -> float:
    return round(x, 6) + 0.0  # + 0.0 turns -0.0 into 0.0 for stable output


@dataclass
class HypothesisScore:
    id: str
    title: str
    rank: int
    inconsistency: float
    log_likelihood: float
    likelihood_rank: int
    # The items that weigh against it, heaviest first: what an advocate of the hypothesis must answer.
    against: list[tuple[str, float]] = field(default_factory=list)
    # The items that fit it better than neutral, most telling first.
    for_: list[tuple[str, float]] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "rank": self.rank,
            "inconsistency": _r(self.inconsistency),
            "log_likelihood": _r(self.log_likelihood),
            "likelihood_rank": self.likelihood_rank,
            "against": [{"item": i, "weighted_inconsistency": _r(v)} for i, v in self.against],
            "for": [{"item": i, "weighted_log_lr_vs_neutral": _r(v)} for i, v in self.for_],
        }


@dataclass
class ItemDiagnostics:
    item: str
    ratings: dict[str, str]
    weight: float
    effective_weight: float
    group: str
    diagnosticity: float  # ln(max P) - ln(min P) across hypotheses
    weighted_diagnosticity: float

    @property
    def diagnostic(self) -> bool:
        return self.diagnosticity > _EPS

    def to_dict(self) -> dict:
        return {
            "item": self.item,
            "ratings": self.ratings,
            "weight": _r(self.weight),
            "effective_weight": _r(self.effective_weight),
            "group": self.group,
            "diagnosticity": _r(self.diagnosticity),
            "weighted_diagnosticity": _r(self.weighted_diagnosticity),
            "diagnostic": self.diagnostic,
        }


@dataclass
class Contribution:
    """How much one item widens (positive) or narrows (negative) the leader's lead over the runner-up."""

    item: str
    inconsistency: float  # weight × (inconsistency under runner-up − under leader)
    log_lr: float  # weight × (ln P(E|leader) − ln P(E|runner-up))

    def to_dict(self) -> dict:
        return {"item": self.item, "inconsistency": _r(self.inconsistency), "log_lr": _r(self.log_lr)}


@dataclass
class SensitivityChange:
    """Removing or reversing one item changes a ranking: the conclusion leans on that item."""

    item: str
    action: Literal["remove", "reverse"]
    measures: list[str]  # which rankings change: "inconsistency" and/or "likelihood"
    ranking: list[str]  # the new primary ranking
    likelihood_ranking: list[str]
    leader_changes: bool  # the primary ranking's first place changes

    def to_dict(self) -> dict:
        return {
            "item": self.item,
            "action": self.action,
            "measures": self.measures,
            "ranking": self.ranking,
            "likelihood_ranking": self.likelihood_ranking,
            "leader_changes": self.leader_changes,
        }


@dataclass
class ACHResult:
    hypotheses: list[HypothesisScore]  # in ranking order
    ranking: list[str]  # hypothesis ids, best (least inconsistent) first
    likelihood_ranking: list[str]  # hypothesis ids, highest log-likelihood first
    cells: list[Cell]  # item-major, hypotheses in input order
    items: list[ItemDiagnostics]
    pairwise_log_lr: dict[str, dict[str, float]]  # [a][b] = LL(a) − LL(b)
    decisive: list[Contribution]
    sensitivity: list[SensitivityChange]
    collapsed_groups: dict[str, list[str]]  # independence groups with more than one item
    warnings: list[str] = field(default_factory=list)
    # group -> why its items share one weight: which sources collapsed as dependent, and the reason
    collapsed_because: dict[str, str] = field(default_factory=dict)

    @property
    def non_diagnostic(self) -> list[str]:
        return [d.item for d in self.items if not d.diagnostic]

    def matrix(self) -> dict[str, dict[str, str]]:
        """item id -> hypothesis id -> rating."""
        out: dict[str, dict[str, str]] = {}
        for c in self.cells:
            out.setdefault(c.item, {})[c.hypothesis] = c.rating
        return out

    def score(self, hypothesis: str) -> HypothesisScore:
        return next(h for h in self.hypotheses if h.id == hypothesis)

    def to_dict(self) -> dict:
        return {
            "ranking": self.ranking,
            "likelihood_ranking": self.likelihood_ranking,
            "hypotheses": [h.to_dict() for h in self.hypotheses],
            "cells": [c.to_dict() for c in self.cells],
            "items": [d.to_dict() for d in self.items],
            "non_diagnostic": self.non_diagnostic,
            "pairwise_log_lr": {a: {b: _r(v) for b, v in row.items()} for a, row in self.pairwise_log_lr.items()},
            "decisive": [c.to_dict() for c in self.decisive],
            "sensitivity": [s.to_dict() for s in self.sensitivity],
            "collapsed_groups": self.collapsed_groups,
            "collapsed_because": self.collapsed_because,
            "warnings": self.warnings,
        }


# --- scoring ----------------------------------------------------------------------------------------


def _rankings(hyp_ids: Sequence[str], inc: Mapping[str, float], ll: Mapping[str, float]) -> tuple[list[str], list[str]]:
    def k(x: float) -> float:
        return round(x, 9)

    primary = sorted(hyp_ids, key=lambda h: (k(inc[h]), -k(ll[h]), h))
    likelihood = sorted(hyp_ids, key=lambda h: (-k(ll[h]), k(inc[h]), h))
    return primary, likelihood


def _group_totals(
    members: Sequence[EvidenceItem],
    ratings: Mapping[str, Mapping[str, str]],
    hyp_ids: Sequence[str],
    lnp: Mapping[str, float],
) -> tuple[dict[str, float], dict[str, float]]:
    """One independence group's contribution to each hypothesis's (inconsistency, log-likelihood)."""
    inc = dict.fromkeys(hyp_ids, 0.0)
    ll = dict.fromkeys(hyp_ids, 0.0)
    if not members:
        return inc, ll
    share = max(m.weight for m in members) / len(members)
    for m in members:
        for h in hyp_ids:
            r = ratings[m.id][h]
            inc[h] += share * INCONSISTENCY[r]
            ll[h] += share * lnp[r]
    return inc, ll


def analyse_hypotheses(
    hypotheses: Sequence[Hypothesis],
    items: Sequence[EvidenceItem],
    overrides: Iterable[RatingOverride] = (),
    config: ACHConfig | None = None,
    weights: Mapping[str, float] | None = None,
    line_reasons: Mapping[str, str] | None = None,
) -> ACHResult:
    """Fill the matrix, score it, and find the items the ranking depends on.

    ``weights`` (item id -> weight) overrides the items' own weights, for an analyst's re-weighting.
    ``line_reasons`` (line name -> why its sources count as one) words ``collapsed_because``.
    Overrides and per-item ratings naming items that are not in the matrix are reported in
    ``warnings`` (findings change when the corpus does) rather than failing the whole analysis.
    """
    config = config or ACHConfig()
    if not hypotheses:
        raise HypothesisError("no hypotheses to weigh (the case file lists none)")
    hyp_ids = [h.id for h in hypotheses]
    if len(set(hyp_ids)) != len(hyp_ids):
        raise HypothesisError(f"duplicate hypothesis ids: {sorted({h for h in hyp_ids if hyp_ids.count(h) > 1})}")
    seen: set[str] = set()
    for it in items:
        if it.id in seen:
            raise HypothesisError(f"duplicate evidence item id {it.id!r}")
        seen.add(it.id)
    warnings: list[str] = []
    if weights:
        unknown = sorted(set(weights) - seen)
        warnings += [f"weight given for {i}, which is not in the matrix" for i in unknown]
        items = [
            replace(it, weight=float(weights[it.id])) if it.id in weights else it for it in items
        ]

    index: dict[tuple[str, str], RatingOverride] = {}
    for o in overrides:
        if o.hypothesis not in hyp_ids:
            raise HypothesisError(f"rating of {o.item}: no hypothesis {o.hypothesis!r} (known: {', '.join(hyp_ids)})")
        if o.item not in seen:
            warnings.append(f"analyst rating of {o.item} against {o.hypothesis}: no such item in the matrix")
            continue
        _rating(o.rating, f"rating of {o.item} against {o.hypothesis}")
        index[(o.item, o.hypothesis)] = o
    for h in hypotheses:
        for item_id in sorted(set(h.ratings) - seen):
            warnings.append(f"hypothesis {h.id} rates {item_id}, which is not in the matrix")

    lnp = {r: math.log(config.likelihood[r]) for r in RATINGS}
    cells = [rate(it, h, index, config) for it in items for h in hypotheses]
    ratings: dict[str, dict[str, str]] = {}
    for c in cells:
        ratings.setdefault(c.item, {})[c.hypothesis] = c.rating
    eff = effective_weights(items)

    groups: dict[str, list[EvidenceItem]] = {}
    for it in items:
        groups.setdefault(it.independence_group, []).append(it)
    inc = dict.fromkeys(hyp_ids, 0.0)
    ll = dict.fromkeys(hyp_ids, 0.0)
    group_totals = {}
    for g, members in groups.items():
        gi, gl = _group_totals(members, ratings, hyp_ids, lnp)
        group_totals[g] = (gi, gl)
        for h in hyp_ids:
            inc[h] += gi[h]
            ll[h] += gl[h]
    ranking, lranking = _rankings(hyp_ids, inc, ll)

    # Per hypothesis: what weighs against it and what speaks for it.
    scores = []
    by_id = {h.id: h for h in hypotheses}
    for rank, h in enumerate(ranking, start=1):
        against = sorted(
            ((it.id, eff[it.id] * INCONSISTENCY[ratings[it.id][h]]) for it in items if INCONSISTENCY[ratings[it.id][h]]),
            key=lambda x: (-round(x[1], 9), x[0]),
        )
        for_ = sorted(
            (
                (it.id, eff[it.id] * (lnp[ratings[it.id][h]] - lnp["N"]))
                for it in items
                if ratings[it.id][h] in ("C", "CC")
            ),
            key=lambda x: (-round(x[1], 9), x[0]),
        )
        scores.append(
            HypothesisScore(
                id=h,
                title=by_id[h].title,
                rank=rank,
                inconsistency=inc[h],
                log_likelihood=ll[h],
                likelihood_rank=lranking.index(h) + 1,
                against=against,
                for_=for_,
            )
        )

    diags = []
    for it in items:
        ps = [lnp[ratings[it.id][h]] for h in hyp_ids]
        spread = max(ps) - min(ps)
        diags.append(
            ItemDiagnostics(
                item=it.id,
                ratings=dict(ratings[it.id]),
                weight=it.weight,
                effective_weight=eff[it.id],
                group=it.independence_group,
                diagnosticity=spread,
                weighted_diagnosticity=eff[it.id] * spread,
            )
        )

    pairwise = {a: {b: ll[a] - ll[b] for b in hyp_ids if b != a} for a in hyp_ids}

    decisive: list[Contribution] = []
    if len(ranking) >= 2:
        lead, runner = ranking[0], ranking[1]
        contribs = [
            Contribution(
                item=it.id,
                inconsistency=eff[it.id] * (INCONSISTENCY[ratings[it.id][runner]] - INCONSISTENCY[ratings[it.id][lead]]),
                log_lr=eff[it.id] * (lnp[ratings[it.id][lead]] - lnp[ratings[it.id][runner]]),
            )
            for it in items
        ]
        contribs = [c for c in contribs if abs(c.inconsistency) > _EPS or abs(c.log_lr) > _EPS]
        contribs.sort(key=lambda c: (-round(c.inconsistency, 9), -round(c.log_lr, 9), c.item))
        decisive = contribs[: config.decisive_items]

    sensitivity = _sensitivity(items, groups, group_totals, ratings, hyp_ids, lnp, inc, ll, ranking, lranking)

    collapsed = {g: [m.id for m in members] for g, members in sorted(groups.items()) if len(members) > 1}
    because = {g: _collapse_sentence(groups[g], line_reasons or {}) for g in collapsed}
    return ACHResult(
        hypotheses=scores,
        ranking=ranking,
        likelihood_ranking=lranking,
        cells=cells,
        items=diags,
        pairwise_log_lr=pairwise,
        decisive=decisive,
        sensitivity=sensitivity,
        collapsed_groups=collapsed,
        warnings=warnings,
        collapsed_because=because,
    )


def _collapse_sentence(members: Sequence[EvidenceItem], line_reasons: Mapping[str, str]) -> str:
    """Why the items of one independence group share one weight, in words a reader can check."""
    ids = [m.id for m in members]
    head = f"{_join_words(ids)} share one weight"
    lines = sorted({line for m in members for line in m.lines})
    if not lines:
        if any(m.group is not None and m.group != m.id for m in members):
            return f"{head}: they rest on the same line of evidence ({members[0].independence_group})."
        return f"{head}."
    parts = []
    for line in lines:
        why = line_reasons.get(line)
        parts.append(f"{line} ({why})" if why else f"{line} (a single source)")
    return f"{head}: they rest on the same line(s) of evidence: " + "; ".join(parts) + "."


def _join_words(items: Sequence[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _sensitivity(items, groups, group_totals, ratings, hyp_ids, lnp, inc, ll, ranking, lranking) -> list[SensitivityChange]:
    """Each item removed, and each item reversed, one at a time: which change a ranking?

    Scores are sums over independence groups, so a change to one item only recomputes its group
    (whose split weight changes when a member leaves): linear in the number of items overall.
    """
    out: list[SensitivityChange] = []
    for it in items:
        g = it.independence_group
        members = groups[g]
        old_i, old_l = group_totals[g]
        variants: list[tuple[str, tuple[dict, dict]]] = []
        rest = [m for m in members if m.id != it.id]
        variants.append(("remove", _group_totals(rest, ratings, hyp_ids, lnp)))
        if any(r != "N" for r in ratings[it.id].values()):
            # Only this group's rows are read, so a view with the one row flipped is enough.
            flipped = {m.id: ratings[m.id] for m in members}
            flipped[it.id] = {h: REVERSED[r] for h, r in ratings[it.id].items()}
            variants.append(("reverse", _group_totals(members, flipped, hyp_ids, lnp)))
        for action, (new_i, new_l) in variants:
            inc2 = {h: inc[h] - old_i[h] + new_i[h] for h in hyp_ids}
            ll2 = {h: ll[h] - old_l[h] + new_l[h] for h in hyp_ids}
            r2, l2 = _rankings(hyp_ids, inc2, ll2)
            measures = [m for m, a, b in (("inconsistency", r2, ranking), ("likelihood", l2, lranking)) if a != b]
            if measures:
                out.append(SensitivityChange(it.id, action, measures, r2, l2, r2[0] != ranking[0]))
    return out


# --- building the rows from the engine's output -----------------------------------------------------


def _get(obj: Any, name: str, default: Any = None) -> Any:
    if isinstance(obj, Mapping):
        return obj.get(name, default)
    return getattr(obj, name, default)


def _conditions_of(doc: Any) -> str | None:
    """A document's conditions of production, from a Document, its meta, a dict or a plain string."""
    if doc is None or isinstance(doc, str):
        return doc
    meta = _get(doc, "meta", doc)
    return _get(meta, "conditions")


def _group_for(sources: Iterable[str], source_groups: Mapping[str, str] | None, own: str) -> str:
    if source_groups is None:
        return own
    return "+".join(sorted({source_groups.get(d, d) for d in sources})) or own


def _lines_for(
    claim_ids: Iterable[str],
    docs: Iterable[str],
    claim_lines: Mapping[str, Sequence[str]] | None,
    source_groups: Mapping[str, str] | None,
) -> tuple[str, ...]:
    """The lines of evidence an item rests on: its claims' lines, else its documents' lines."""
    if claim_lines is None:
        return ()
    out: set[str] = set()
    claim_ids = list(claim_ids)
    for cid in claim_ids:
        out.update(claim_lines.get(cid, ()))
    if not out or any(cid not in claim_lines for cid in claim_ids):
        out.update((source_groups or {}).get(d, d) for d in docs)
    return tuple(sorted(out))


def evidence_from_findings(
    findings: Iterable[Any],
    claims: Mapping[str, Any] | Iterable[Any] | None = None,
    documents: Mapping[str, Any] | None = None,
    source_groups: Mapping[str, str] | None = None,
    claim_lines: Mapping[str, Sequence[str]] | None = None,
) -> list[EvidenceItem]:
    """One row per finding (pydantic ``Finding`` or a findings.json dict).

    ``claims`` (id -> claim, or a list) gives the speakers; ``documents`` (id -> Document, meta, dict
    or conditions string) the conditions. The independence group is the finding's
    ``details["independence_group"]`` when a check set one; otherwise the set of lines of evidence it
    rests on, so findings resting on the same lines share one weight: with ``claim_lines`` (claim id ->
    its lines, :func:`countertrial.reason.independence.evidence_lines`) the lines of its claims, so that
    a source quoted inside a document is weighed as itself; else with ``source_groups`` (document -> its
    line) the lines of its documents; otherwise its own id.
    """
    claim_map = _claim_map(claims)
    out = []
    for f in findings:
        cits = _get(f, "citations", []) or []
        docs = tuple(sorted({_get(c, "document") for c in cits if _get(c, "document")}))
        claim_ids = tuple(_get(f, "claims", []) or [])
        speakers = tuple(sorted({s for cid in claim_ids if (s := _get(claim_map.get(cid), "speaker"))}))
        conds = tuple(sorted({c for d in docs if (c := _conditions_of((documents or {}).get(d)))}))
        details = _get(f, "details", {}) or {}
        lines = _lines_for(claim_ids, docs, claim_lines, source_groups)
        group = details.get("independence_group") or ("+".join(lines) if lines else _group_for(docs, source_groups, _get(f, "id")))
        out.append(
            EvidenceItem(
                id=_get(f, "id"),
                description=_get(f, "summary", "") or "",
                kind=_get(f, "kind"),
                sources=docs,
                speakers=speakers,
                conditions=conds,
                group=group,
                confidence=_get(f, "confidence"),
                contested=bool(_get(f, "contested", False)),
                claims=claim_ids,
                lines=() if details.get("independence_group") else lines,
            )
        )
    return out


def evidence_from_claims(
    claims: Iterable[Any],
    documents: Mapping[str, Any] | None = None,
    source_groups: Mapping[str, str] | None = None,
    claim_lines: Mapping[str, Sequence[str]] | None = None,
) -> list[EvidenceItem]:
    """One row per claim; claims from one line of evidence (``claim_lines``, else ``source_groups``)
    share one weight."""
    out = []
    for c in claims:
        doc = _get(c, "document")
        cond = _conditions_of((documents or {}).get(doc))
        lines = _lines_for([_get(c, "id")], [doc] if doc else [], claim_lines, source_groups)
        out.append(
            EvidenceItem(
                id=_get(c, "id"),
                description=_get(c, "quote", "") or "",
                kind="claim",
                sources=(doc,) if doc else (),
                speakers=(_get(c, "speaker"),) if _get(c, "speaker") else (),
                conditions=(cond,) if cond else (),
                group="+".join(lines) if lines else _group_for([doc] if doc else [], source_groups, _get(c, "id")),
                claims=(_get(c, "id"),),
                lines=lines,
            )
        )
    return out


def _claim_map(claims: Mapping[str, Any] | Iterable[Any] | None) -> dict[str, Any]:
    if claims is None:
        return {}
    if isinstance(claims, Mapping):
        return dict(claims)
    return {_get(c, "id"): c for c in claims}


def from_case(case: Any) -> tuple[list[Hypothesis], list[RatingOverride]]:
    """The hypotheses and the analyst's ratings of a loaded case file (object or mapping).

    Fields the case file does not carry (``supported_by_kinds`` ...) default to empty, so a case whose
    hypotheses have only ids and titles still gives a matrix, of neutral cells plus the analyst's ratings.
    """
    hyps = _get(case, "hypotheses", []) or []
    rates = _get(case, "ratings", []) or []
    return (
        [Hypothesis.from_dict(h, f"hypotheses[{i}]") for i, h in enumerate(hyps)],
        [RatingOverride.from_dict(r, f"ratings[{i}]") for i, r in enumerate(rates)],
    )


def analyse_case(
    hypotheses: Sequence[Hypothesis],
    findings: Iterable[Any],
    claims: Mapping[str, Any] | Iterable[Any] | None = None,
    overrides: Iterable[RatingOverride] = (),
    documents: Mapping[str, Any] | None = None,
    source_groups: Mapping[str, str] | None = None,
    weights: Mapping[str, float] | None = None,
    config: ACHConfig | None = None,
    claim_lines: Mapping[str, Sequence[str]] | None = None,
    line_reasons: Mapping[str, str] | None = None,
) -> ACHResult:
    """The whole matrix for a case: every finding, plus the claims an analyst or a hypothesis rated.

    Claims enter the matrix only when someone rated them: the engine's thousands of claims would all
    be ``N`` (no rule relates a bare claim to a hypothesis) and would bury the rows that matter.
    ``claim_lines`` / ``line_reasons`` are :func:`countertrial.reason.independence.evidence_lines`'
    ``of_claim`` / ``why``: items are then grouped by the lines of their claims (see the module doc).
    """
    overrides = list(overrides)
    claim_map = _claim_map(claims)
    rated = {o.item for o in overrides} | {i for h in hypotheses for i in h.ratings}
    items = evidence_from_findings(findings, claim_map, documents, source_groups, claim_lines)
    have = {it.id for it in items}
    chosen = [c for cid, c in claim_map.items() if cid in rated and cid not in have]
    items += evidence_from_claims(chosen, documents, source_groups, claim_lines)
    return analyse_hypotheses(hypotheses, items, overrides, config, weights, line_reasons)
