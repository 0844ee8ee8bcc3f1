"""Similar-case retrieval on phenopackets: fitted on one part by publication, reported on the other.

Used by ``bench/phenopackets.py --similar-cases``. The first file is the case library and is split by a
hash of each case's PMID (:func:`split_of`): the "fit" part (first SHA-1 byte even) is the only part the
mixture's four numbers are chosen on, by five-fold cross-validation by publication inside it; the
"held-out" part and every further file (an independent source) are only scored, with the numbers the
whole fit part chose. Every case is ranked with all library cases of its own PMID left out.

Per case we keep what any setting needs, so the grid is searched without re-ranking: the model's
probabilities of its top 1,000 groups, of the true groups and of every neighbour's group, and the 50
nearest library cases for each contradiction weight.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from dataclasses import dataclass, field

import numpy as np

KEEP_TOP = 1000
KEEP_NEIGHBOURS = 50
GRID = {"k": (5, 10, 20, 50), "tau": (0.25, 0.5, 1.0, 2.0), "alpha": (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8),
        "conflict": (0.0, 0.5, 1.0)}
FOLDS = 5


def split_of(publication: str | None) -> str:
    """"fit" or "held-out" from a hash of the publication: all cases of one paper fall on one side."""
    return "fit" if hashlib.sha1(str(publication).encode()).digest()[0] % 2 == 0 else "held-out"


def fold_of(publication: str | None) -> int:
    return hashlib.sha1(str(publication).encode()).digest()[1] % FOLDS


@dataclass
class Record:
    source: str
    split: str
    publication: str | None
    true: set
    baseline_rank: float
    model_rank: float
    top_groups: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    top_p: np.ndarray = field(default_factory=lambda: np.zeros(0))
    p: dict = field(default_factory=dict)                 # group -> model probability, where needed
    neighbours: dict = field(default_factory=dict)        # conflict weight -> (similarities, groups)
    # The Phenomizer-style share (reason/similar_cases.py phenomizer_vote), where the record has it: over the
    # union of the model's top groups, the Phenomizer's top groups, the voted and the true groups, their model
    # probability and Phenomizer share per temperature (groups outside both top lists are left out).
    union: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    union_p: np.ndarray = field(default_factory=lambda: np.zeros(0))
    union_q: dict = field(default_factory=dict)           # phenomizer temperature -> share per union group
    # The curated-only model's probability per union group (a fourth reader), where the record has it.
    union_curated: np.ndarray = field(default_factory=lambda: np.zeros(0))
    facts: dict = field(default_factory=dict)             # what a miss analysis reads (counts, onset, genes)


PHENOMIZER_GRID = {"alpha": (0.1, 0.2, 0.3), "share": (0.0, 0.05, 0.1, 0.2), "temperature": (0.05, 0.1, 0.25)}
# Round 9's chosen share (0.2) sat at the grid's edge; this wider grid is searched too, and reported by its
# cross-validated figure on the fit part only (a check of the edge, not a setting the app ships).
WIDE_PHENOMIZER_GRID = {"alpha": (0.1, 0.2, 0.3, 0.4), "share": (0.0, 0.1, 0.2, 0.3, 0.4, 0.5),
                        "temperature": (0.05, 0.1, 0.25)}
RANK_BUCKETS = ((1, 1), (2, 10), (11, 50), (51, 1000))


def case_record(kb, library, case: dict, probability: np.ndarray, true: set, source: str, baseline_rank: float,
                model_rank: float, phenomizer: np.ndarray | None = None) -> Record:
    """``phenomizer``: the Phenomizer-style score per disease group (best row), for the three-reader mixture."""
    record = Record(source, split_of(case["publication"]) if source == "phenopacket-store" else "held-out",
                    case["publication"], true, baseline_rank, model_rank)
    if not true:
        return record
    top = np.argpartition(-probability, KEEP_TOP)[:KEEP_TOP]
    record.top_groups, record.top_p = top, probability[top].astype(np.float32)
    resemblance, conflict = library.similarity_parts(case["observed"], case["excluded"], leave_out=case["publication"])
    needed = set(true)
    for weight in GRID["conflict"]:
        score = resemblance - weight * conflict
        order = np.argsort(-score, kind="stable")[:KEEP_NEIGHBOURS]
        order = order[np.isfinite(score[order]) & (score[order] > 0)]
        record.neighbours[weight] = (score[order], library.groups[order])
        needed.update(int(g) for g in library.groups[order] if g >= 0)
    record.p = {g: float(probability[g]) for g in needed}
    if phenomizer is not None and phenomizer.any():
        finite = np.where(np.isfinite(phenomizer), phenomizer, -np.inf)
        union = set(int(g) for g in top) | set(needed) | set(int(g) for g in np.argpartition(-finite, KEEP_TOP)[:KEEP_TOP])
        record.union = np.array(sorted(union), dtype=np.int64)
        record.union_p = probability[record.union].astype(np.float64)
        for temperature in PHENOMIZER_GRID["temperature"]:
            weights = np.where(np.isfinite(finite), np.exp((finite - finite[np.isfinite(finite)].max()) / temperature), 0.0)
            record.union_q[temperature] = weights[record.union] / weights.sum()
    return record


def phenomizer_mixed_rank(record: Record, k: int, tau: float, conflict: float, alpha: float, share: float,
                          temperature: float) -> float:
    """Rank of the true disease under ``(1 - alpha - share) P_model + alpha P_similar + share P_phenomizer``
    over the record's union of groups (ties count against us); without the union, the two-reader rank."""
    if not record.true:
        return float("inf")
    if not len(record.union) or share == 0:
        return mixed_rank(record, k, tau, alpha, conflict)
    from clinicite.reason.similar_cases import vote_weights
    similarities, groups = record.neighbours[conflict]
    votes = np.zeros(len(record.union))
    if len(similarities):
        position = np.searchsorted(record.union, groups[:k])
        for weight, group, at in zip(vote_weights(similarities[:k], tau), groups[:k], position):
            if group >= 0:
                votes[at] += weight
    if not votes.any():          # the app mixes the Phenomizer share only beside a vote
        return mixed_rank(record, k, tau, alpha, conflict)
    mix = (1 - alpha - share) * record.union_p + alpha * votes + share * record.union_q[temperature]
    is_true = np.isin(record.union, list(record.true))
    return 1 + int((mix[~is_true] >= mix[is_true].max()).sum())


def rank_buckets(ranks) -> dict:
    """Shares of cases whose true disease is ranked 1, 2-10, 11-50, 51-1000 and beyond (or absent): where a
    top-10 gain could come from (only the 11-50 band is near enough for a re-weighting to reach)."""
    r = np.asarray(ranks, dtype=float)
    if not len(r):
        return {}
    shares = {f"{lo}-{hi}" if lo != hi else str(lo): round(float(((r >= lo) & (r <= hi)).mean()), 4)
              for lo, hi in RANK_BUCKETS}
    shares[f">{RANK_BUCKETS[-1][1]}"] = round(float((r > RANK_BUCKETS[-1][1]).mean()), 4)
    return shares


def fit_phenomizer_share(records: list[Record], first: dict, model: str, grid: dict | None = None,
                         cv_only: bool = False) -> list[dict]:
    """With the vote's k, tau and conflict weight chosen as before, the vote's share, the Phenomizer share and
    its temperature chosen by MRR on the fit part (five-fold CV by publication inside it); every part scored
    (``cv_only``: the fit part's cross-validated row alone, for a grid the app does not ship)."""
    grid = grid or PHENOMIZER_GRID
    combos = [dict(first, alpha=a, share=c, temperature=t) for a in grid["alpha"]
              for c in grid["share"] for t in grid["temperature"]
              if not (c == 0 and t != grid["temperature"][0]) and a + c < 1]
    combos = [{key: c[key] for key in ("k", "tau", "conflict", "alpha", "share", "temperature")} for c in combos]
    fit = [r for r in records if r.split == "fit" and r.source == "phenopacket-store"]
    if not fit or not any(len(r.union) for r in fit):
        return []
    with np.errstate(divide="ignore"):
        ranks = np.array([[phenomizer_mixed_rank(r, **c) for r in fit] for c in combos])
    folds = np.array([fold_of(r.publication) for r in fit])
    cv_ranks, chosen = np.zeros(len(fit)), []
    for fold in range(FOLDS):
        inside = folds != fold
        best = int(np.argmax((1 / ranks[:, inside]).mean(axis=1)))
        chosen.append(combos[best])
        cv_ranks[~inside] = ranks[best, ~inside]
    best = combos[int(np.argmax((1 / ranks).mean(axis=1)))]
    name = f"{model} + similar cases + Phenomizer share" + (", wider grid" if cv_only else "")
    rows = [{"source": "phenopacket-store", "split": "fit (5-fold CV by publication)", "method": name,
             **metrics(cv_ranks), "chosen_per_fold": chosen}]
    if cv_only:
        return rows
    for (source, split), part in _parts(records).items():
        scored = [phenomizer_mixed_rank(r, **best) for r in part]
        rows.append({"source": source, "split": split, "method": name, **metrics(scored), "parameters": best,
                     "rank_bands": rank_buckets(scored)})
    return rows


def mixed_rank(record: Record, k: int, tau: float, alpha: float, conflict: float) -> float:
    """Rank of the true disease under ``(1 - alpha) P_model + alpha P_similar`` (ties count against us)."""
    from clinicite.reason.similar_cases import vote_weights
    if not record.true:
        return float("inf")
    similarities, groups = record.neighbours[conflict]
    votes: dict[int, float] = {}
    if len(similarities):
        for weight, group in zip(vote_weights(similarities[:k], tau), groups[:k]):
            if group >= 0:
                votes[int(group)] = votes.get(int(group), 0.0) + float(weight)
    mix = lambda g: (1 - alpha) * record.p[g] + alpha * votes.get(g, 0.0)
    target = max(mix(g) for g in record.true)
    voted = set(votes) - record.true
    count = sum(mix(g) >= target for g in voted)
    above = record.top_p >= target / (1 - alpha) if alpha < 1 else record.top_p > np.inf
    skip = np.isin(record.top_groups, list(voted | record.true))
    return 1 + count + int((above & ~skip).sum())


def metrics(ranks) -> dict:
    r = np.asarray(ranks, dtype=float)
    if not len(r):
        return {"n": 0}
    return {"n": len(r), "top1": round(float((r <= 1).mean()), 4), "top3": round(float((r <= 3).mean()), 4),
            "top10": round(float((r <= 10).mean()), 4), "mrr": round(float((1 / r).mean()), 4)}


def fit_and_report(records: list[Record], model: str = "likelihood-ratio") -> list[dict]:
    """Grid search on the fit part (with five-fold CV by publication), then every part scored: the setting
    chosen by MRR (shipped) and, beside it, the one chosen by top-10 (MRR breaks its ties)."""
    combos = [dict(zip(GRID, values)) for values in itertools.product(*GRID.values())]
    fit = [r for r in records if r.split == "fit" and r.source == "phenopacket-store"]
    with np.errstate(divide="ignore"):
        ranks = np.array([[mixed_rank(r, **c) for r in fit] for c in combos])
    folds = np.array([fold_of(r.publication) for r in fit])
    rows, best_by = [], {}
    for criterion, objective in (("MRR", 1 / ranks), ("top-10", (ranks <= 10) + 1e-3 / ranks)):
        cv_ranks, chosen = np.zeros(len(fit)), []
        for fold in range(FOLDS):
            inside = folds != fold
            best = int(np.argmax(objective[:, inside].mean(axis=1)))
            chosen.append(combos[best])
            cv_ranks[~inside] = ranks[best, ~inside]
        best_by[criterion] = combos[int(np.argmax(objective.mean(axis=1)))]
        suffix = "" if criterion == "MRR" else ", chosen by top-10"
        rows.append({"source": "phenopacket-store", "split": "fit (5-fold CV by publication)",
                     "method": f"{model} + similar cases{suffix}", **metrics(cv_ranks), "chosen_per_fold": chosen})
    best = best_by["MRR"]
    # The vote alone, the model's order only breaking ties among diseases no neighbour voted for.
    alone = dict(best, alpha=1 - 1e-9)
    for (source, split), part in _parts(records).items():
        rows.append({"source": source, "split": split, "method": "phenomizer-resnik-bma",
                     **metrics([r.baseline_rank for r in part])})
        rows.append({"source": source, "split": split, "method": model,
                     **metrics([r.model_rank for r in part])})
        rows.append({"source": source, "split": split, "method": "similar cases (model breaks ties)",
                     **metrics([mixed_rank(r, **alone) for r in part])})
        rows.append({"source": source, "split": split, "method": f"{model} + similar cases",
                     **metrics([mixed_rank(r, **best) for r in part]), "parameters": best})
        rows.append({"source": source, "split": split, "method": f"{model} + similar cases, chosen by top-10",
                     **metrics([mixed_rank(r, **best_by["top-10"]) for r in part]), "parameters": best_by["top-10"]})
    return rows + fit_phenomizer_share(records, best, model) + \
        fit_phenomizer_share(records, best, model, WIDE_PHENOMIZER_GRID, cv_only=True)


def _parts(records: list[Record]) -> dict:
    parts: dict[tuple[str, str], list[Record]] = {}
    for record in records:
        parts.setdefault((record.source, record.split), []).append(record)
    return dict(sorted(parts.items()))


def print_rows(rows: list[dict]) -> None:
    for row in rows:
        print(json.dumps(row))
    print("\n| source | split | method | n | top-1 | top-3 | top-10 | MRR |\n|---|---|---|---|---|---|---|---|")
    for row in rows:
        print(f"| {row['source']} | {row['split']} | {row['method']} | {row['n']} | {row.get('top1', '')} | "
              f"{row.get('top3', '')} | {row.get('top10', '')} | {row.get('mrr', '')} |")
