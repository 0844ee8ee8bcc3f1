"""Learning to rank the phenopacket differential from the model, the Resnik baseline and similar cases.

    python bench/learn_to_rank.py /tmp/rank_features.pkl      # written by bench/rank_features.py

A pointwise logistic regression over each case's candidate diseases (label: the true disease) on the
features of :data:`rank_features.FEATURES`, standardised. It is fitted on the **fit** part of the dev
phenopackets only (publications whose SHA-1 starts with an even byte), first by five-fold cross-validation
by publication inside it (the honest figure for the fitting side), then on the whole fit part to score the
**held-out** part, which nothing was chosen on. Every case was ranked with every library case of its own
publication left out. Same run, same cases: the likelihood-ratio model, the Phenomizer-style baseline and
the round-4 mixture ``0.8 P_LR + 0.2 vote``. Prints the miss analysis of the fit part first.
"""

from __future__ import annotations

import argparse
import itertools
import json
import pickle
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from similar_cases_eval import fold_of, metrics  # noqa: E402

FEATURE_SETS = {
    "model + vote + Resnik (5 features)": ("log_p_gap", "log_lr_rank", "vote_sharp", "phenomizer_gap",
                                          "log_phenomizer_rank"),
    "model parts + vote + Resnik": ("phenotype", "unreported", "excluded", "onset", "prior", "excluded_raw",
                                    "log_p_gap", "log_lr_rank", "vote_sharp", "vote_soft", "best_similarity_gap",
                                    "phenomizer_gap", "log_phenomizer_rank"),
    "all + published-case model": None,
}


def rank_in(scores: np.ndarray, label: np.ndarray) -> float:
    """Rank of the best true candidate (ties against us); inf when the true disease is no candidate."""
    if not label.any():
        return float("inf")
    target = scores[label].max()
    return float(1 + (scores[~label] >= target).sum())


def design(cases: list[dict], names: tuple, columns: tuple[str, ...] | None):
    keep = [names.index(c) for c in (columns or names)]
    x = np.vstack([c["x"][:, keep] for c in cases])
    y = np.concatenate([np.isin(c["candidates"], list(c["true"])) for c in cases])
    return x, y


def fit(cases, names, columns):
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    x, y = design(cases, names, columns)
    return make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=2000)).fit(x, y)


class ConditionalLogit:
    """A softmax over each case's candidates, ``P(d) = exp(w . x_d) / sum_c exp(w . x_c)`` (McFadden 1974's
    conditional logit; the listwise ListNet loss of Cao et al. 2007 with one relevant item), L2-penalised,
    fitted by L-BFGS on standardised features. Its score is a log probability up to a per-case constant,
    so the engine can use it as a group's log score."""

    def __init__(self, penalty: float = 1.0) -> None:
        self.penalty = penalty

    def fit(self, blocks: list[tuple[np.ndarray, np.ndarray]]) -> "ConditionalLogit":
        from scipy.optimize import minimize
        from scipy.special import logsumexp
        stacked = np.vstack([x for x, _ in blocks])
        self.mean, self.scale = stacked.mean(axis=0), stacked.std(axis=0) + 1e-9
        standard = [((x - self.mean) / self.scale, y) for x, y in blocks]

        def loss(w):
            value, grad = self.penalty * w @ w / 2, self.penalty * w
            for x, y in standard:
                s = x @ w
                p = np.exp(s - logsumexp(s))
                q = np.where(y, p, 0.0)
                q /= q.sum()
                value -= logsumexp(s[y]) - logsumexp(s)
                grad -= (q - p) @ x
            return value, grad
        self.w = minimize(loss, np.zeros(stacked.shape[1]), jac=True, method="L-BFGS-B").x
        return self

    def decision_function(self, x: np.ndarray) -> np.ndarray:
        return ((x - self.mean) / self.scale) @ self.w

    @property
    def coefficients(self) -> np.ndarray:
        return self.w / self.scale


def fit_listwise(cases, names, columns) -> ConditionalLogit:
    keep = [names.index(c) for c in (columns or names)]
    blocks = [(c["x"][:, keep].astype(np.float64), np.isin(c["candidates"], list(c["true"]))) for c in cases]
    return ConditionalLogit().fit([(x, y) for x, y in blocks if y.any()])


def ranks(model, cases, names, columns) -> list[float]:
    keep = [names.index(c) for c in (columns or names)]
    out = []
    for case in cases:
        label = np.isin(case["candidates"], list(case["true"]))
        out.append(rank_in(model.decision_function(case["x"][:, keep]), label) if case["true"] else float("inf"))
    return out


def cross_validated_ranks(fit_part: list[dict], folds: np.ndarray, learner, names, columns) -> np.ndarray:
    """Each fit case's rank from a model fitted on the other four publication folds (5-fold CV)."""
    cv = np.full(len(fit_part), np.inf)
    for fold in range(5):
        inside = [c for c, f in zip(fit_part, folds) if f != fold and c["true"]]
        outside = [i for i, f in enumerate(folds) if f == fold]
        model = learner(inside, names, columns)
        for i, rank in zip(outside, ranks(model, [fit_part[i] for i in outside], names, columns)):
            cv[i] = rank
    return cv


def mixture_rank(case: dict, names: tuple, alpha: float = 0.2) -> float:
    if not case["true"]:
        return float("inf")
    x = case["x"]
    score = (1 - alpha) * np.exp(x[:, names.index("log_p")]) + alpha * x[:, names.index("vote_sharp")]
    return rank_in(score, np.isin(case["candidates"], list(case["true"])))


def miss_analysis(cases: list[dict], names: tuple) -> dict:
    """Why the mixture misses the top 10 on the fit part."""
    counts: dict[str, int] = {}
    for case in cases:
        rank = mixture_rank(case, names)
        if rank <= 10:
            continue
        if not case["true"]:
            kind = "disease not in the knowledge base"
        elif not np.isin(case["candidates"], list(case["true"])).any():
            kind = "not a candidate (model > 200, Resnik > 50, no vote)"
        elif rank <= 30:
            kind = "ranked 11-30"
        elif rank <= 100:
            kind = "ranked 31-100"
        else:
            kind = "ranked > 100"
        counts[kind] = counts.get(kind, 0) + 1
        if case["true"] and case["phenomizer_rank"] <= 10:
            counts["  of which Resnik top-10"] = counts.get("  of which Resnik top-10", 0) + 1
        label = np.isin(case["candidates"], list(case["true"]))
        if label.any() and case["x"][label, names.index("vote_sharp")].max() > 0:
            counts["  of which a neighbour voted for it"] = counts.get("  of which a neighbour voted for it", 0) + 1
    return {"fit-part cases": len(cases), "mixture misses top-10": sum(v for k, v in counts.items()
                                                                     if not k.startswith(" ")), **counts}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("features", type=Path)
    args = parser.parse_args()
    data = pickle.loads(args.features.read_bytes())
    names, cases = tuple(data["features"]), data["cases"]
    fit_part = [c for c in cases if c["split"] == "fit"]
    held = [c for c in cases if c["split"] == "held-out"]
    print(json.dumps(miss_analysis(fit_part, names)))
    rows = []
    for split, part in (("fit", fit_part), ("held-out", held)):
        rows.append((split, "phenomizer-resnik-bma", metrics([c["phenomizer_rank"] for c in part])))
        rows.append((split, "likelihood-ratio", metrics([c["lr_rank"] for c in part])))
        rows.append((split, "likelihood-ratio + similar cases (round 4)",
                     metrics([mixture_rank(c, names) for c in part])))
    folds = np.array([fold_of(c["publication"]) for c in fit_part])
    learners = {"pointwise logistic": fit, "conditional logit": fit_listwise}
    for (label, columns), (kind, learner) in itertools.product(FEATURE_SETS.items(), learners.items()):
        training = [c for c in fit_part if c["true"]]
        cv = cross_validated_ranks(fit_part, folds, learner, names, columns)
        method = f"{kind}: {label}"
        rows.append(("fit (5-fold CV by publication)", method, metrics(cv)))
        model = learner(training, names, columns)
        rows.append(("held-out", method, metrics(ranks(model, held, names, columns))))
        coefficients = model.coefficients if kind == "conditional logit" else model[-1].coef_.ravel() / model[0].scale_
        print(json.dumps({"method": method, "coefficients_per_unit": dict(zip(columns or names,
                                                                           np.round(coefficients, 5).tolist()))}))
    print("\n| split | method | n | top-1 | top-3 | top-10 | MRR |\n|---|---|---|---|---|---|---|")
    for split, method, m in sorted(rows, key=lambda r: (r[0] != "fit", r[0].startswith("held"), 0)):
        print(f"| {split} | {method} | {m['n']} | {m.get('top1')} | {m.get('top3')} | {m.get('top10')} | "
              f"{m.get('mrr')} |")


if __name__ == "__main__":
    main()
