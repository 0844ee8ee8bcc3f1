"""Displayed probabilities calibrated by the kind of case, not by one global map.

The tempered posterior of the likelihood-ratio model is over-confident on a short vignette (a few common
findings, where the sources often do not hold the answer) and under-confident on a long phenotype list
(a dozen specific findings of a rare disease). One temperature plus one Platt map fitted on both cannot fit
either. So the map depends on the *regime* of the case, read from what the engine knows at run time:
how many findings it recognised and whether the leading row is a curated common cause or a knowledge-base
phenotype match. Per regime, Platt scaling (Platt 1999, "Probabilistic outputs for support vector
machines"): ``sigmoid(a * logit(p) + b)``, a monotone map, so the ranking within a case never changes.

The maps are fitted by ``python bench/medqa.py --fit`` on the training split only (MedQA vignettes and
phenopacket cases, the hash split of that benchmark) and written into :data:`PLATT_BY_REGIME`; a regime
with too few training cases falls back to the map fitted on all of them (:data:`GLOBAL_PLATT`).
Reliability (expected calibration error, Naeini et al. 2015; reliability table, DeGroot & Fienberg 1983)
is reported on the held-out split.
"""

from __future__ import annotations

import numpy as np

# Fitted by ``python bench/medqa.py --fit`` (train split); see BENCHMARKS.md, Round 4.
# Cross-validation inside train chose the regime maps (log loss 0.379 against 0.395 for one global map).
GLOBAL_PLATT: tuple[float, float] = (0.5, -0.3)
PLATT_BY_REGIME: dict[str, tuple[float, float]] = {
    "1-3 findings, knowledge leader": (0.6, 0.8),
    "4-7 findings, knowledge leader": (0.6, 0.2),
    "8+ findings, knowledge leader": (0.85, -0.85),
}
MIN_REGIME_CASES = 25           # fewer training cases than this: the regime uses the global map
FINDING_BANDS = ((1, 3, "1-3 findings"), (4, 7, "4-7 findings"), (8, 10**6, "8+ findings"))


def regime(n_findings: int, top_source: str | None) -> str:
    """The case's regime: a band of recognised findings and the leading row's kind (curated or knowledge)."""
    band = next((name for low, high, name in FINDING_BANDS if low <= n_findings <= high), "no findings")
    return f"{band}, {'curated' if top_source == 'curated' else 'knowledge'} leader"


def platt(probability: float, a: float, b: float) -> float:
    """``sigmoid(a * logit(p) + b)``; the identity for ``(1, 0)`` and at 0 and 1."""
    if (a, b) == (1.0, 0.0) or probability <= 0.0 or probability >= 1.0:
        return probability
    logit = np.log(probability / (1.0 - probability))
    return float(1.0 / (1.0 + np.exp(-(a * logit + b))))


def calibrate(probability: float, case_regime: str | None = None,
              maps: dict[str, tuple[float, float]] | None = None,
              fallback: tuple[float, float] | None = None) -> float:
    """A row's displayed probability under its case's regime map (the global map when none is fitted)."""
    maps = PLATT_BY_REGIME if maps is None else maps
    a, b = maps.get(case_regime, fallback or GLOBAL_PLATT) if case_regime is not None else (fallback or GLOBAL_PLATT)
    return platt(probability, a, b)


def fit_platt(probabilities, correct) -> tuple[float, float]:
    """Platt's (a, b) minimising the log loss of "the top row is right", by grid search.

    A grid (a in 0.1..2, b in -4..2) rather than Newton steps: with few positives the likelihood can be
    nearly separable and Newton's steps then run away.
    """
    p = np.clip(np.asarray(probabilities, dtype=float), 1e-6, 1 - 1e-6)
    y = np.asarray(correct, dtype=float)
    x = np.log(p / (1 - p))
    a_grid, b_grid = np.arange(0.1, 2.001, 0.05), np.arange(-4.0, 2.001, 0.05)
    z = a_grid[:, None, None] * x[None, None, :] + b_grid[None, :, None]
    q = np.clip(1 / (1 + np.exp(-z)), 1e-9, 1 - 1e-9)
    loss = -(y * np.log(q) + (1 - y) * np.log(1 - q)).mean(axis=2)
    i, j = np.unravel_index(np.argmin(loss), loss.shape)
    return round(float(a_grid[i]), 2), round(float(b_grid[j]), 2)


def fit_regimes(rows) -> tuple[tuple[float, float], dict[str, tuple[float, float]]]:
    """The global map and one map per regime with at least :data:`MIN_REGIME_CASES` cases.

    ``rows``: ``(regime, probability of the top row, top row is right)`` of the training cases.
    """
    rows = list(rows)
    if not rows:
        return GLOBAL_PLATT, {}
    overall = fit_platt([r[1] for r in rows], [r[2] for r in rows])
    maps = {}
    for name in sorted({r[0] for r in rows}):
        chosen = [r for r in rows if r[0] == name]
        if len(chosen) >= MIN_REGIME_CASES:
            maps[name] = fit_platt([r[1] for r in chosen], [r[2] for r in chosen])
    return overall, maps


def _log_loss(rows, overall, maps) -> float:
    q = np.clip([calibrate(r[1], r[0], maps, overall) for r in rows], 1e-9, 1 - 1e-9)
    y = np.array([r[2] for r in rows], dtype=float)
    return float(-(y * np.log(q) + (1 - y) * np.log(1 - q)).mean())


def choose_maps(rows, folds: int = 5) -> tuple[tuple[float, float], dict[str, tuple[float, float]], dict]:
    """Per-regime maps only when they beat one global map in cross-validation on the training rows.

    More maps fit the training cases better by construction; whether they hold on cases they were not
    fitted on is measured here, inside the training split (folds by position), never on the held-out one.
    Returns the chosen global map, the regime maps ({} when the global one wins) and the two CV log losses.
    """
    rows = list(rows)
    losses = {"global": [], "regimes": []}
    for fold in range(folds):
        train = [r for i, r in enumerate(rows) if i % folds != fold]
        test = [r for i, r in enumerate(rows) if i % folds == fold]
        if not train or not test:
            continue
        overall, maps = fit_regimes(train)
        losses["global"].append(_log_loss(test, overall, {}))
        losses["regimes"].append(_log_loss(test, overall, maps))
    report = {k: round(float(np.mean(v)), 5) for k, v in losses.items() if v}
    overall, maps = fit_regimes(rows)
    if report and report["regimes"] >= report["global"]:
        maps = {}
    return overall, maps, report


def reliability(probabilities, correct, bins: int = 10) -> dict:
    """Expected calibration error over equal-width bins, with the table of (bin, n, mean p, accuracy)."""
    p = np.asarray(probabilities, dtype=float)
    y = np.asarray(correct, dtype=float)
    if not len(p):
        return {"n": 0, "ece": None, "table": []}
    index = np.minimum((p * bins).astype(int), bins - 1)
    table, ece = [], 0.0
    for b in range(bins):
        chosen = index == b
        if chosen.any():
            gap = abs(p[chosen].mean() - y[chosen].mean())
            ece += gap * chosen.mean()
            table.append({"bin": f"{b / bins:.1f}-{(b + 1) / bins:.1f}", "n": int(chosen.sum()),
                          "mean_probability": round(float(p[chosen].mean()), 4),
                          "accuracy": round(float(y[chosen].mean()), 4)})
    return {"n": int(len(p)), "mean_top1_probability": round(float(p.mean()), 4),
            "top1_accuracy": round(float(y.mean()), 4), "ece": round(float(ece), 4), "table": table}
