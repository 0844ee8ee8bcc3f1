"""Calibration by regime: Platt maps fitted per kind of case, reliability measured."""

from __future__ import annotations

import numpy as np
import pytest

from clinicite.reason.calibration import (calibrate, choose_maps, fit_options, fit_platt, fit_regimes,
                                          option_probabilities, platt, regime, reliability)


def test_regime_reads_the_input_the_number_of_findings_and_the_leaders_kind():
    assert regime(2, "curated") == "coded, 1-3 findings, curated leader"
    assert regime(5, "knowledge", from_text=True) == "text, 4-7 findings, knowledge leader"
    assert regime(14, "literature", from_text=True) == "text, 8+ findings, literature leader"
    assert regime(3, None) == "coded, 1-3 findings, knowledge leader"


def test_a_rare_regime_takes_its_input_kinds_map_and_a_literature_leader_the_global_one():
    rng = np.random.default_rng(3)
    text = [(f"text, {band}, knowledge leader", float(p), bool(rng.uniform() < 0.04))
            for band in ("1-3 findings", "4-7 findings") for p in rng.uniform(0.1, 0.4, 20)]
    coded = [("coded, 8+ findings, knowledge leader", float(p), bool(rng.uniform() < 0.6))
             for p in rng.uniform(0.1, 0.4, 60)]
    overall, maps = fit_regimes(text + coded)
    assert "text" in maps and "coded, 8+ findings, knowledge leader" in maps
    assert "text, 1-3 findings, knowledge leader" not in maps          # 20 cases: too few of its own
    assert calibrate(0.3, "text, 1-3 findings, knowledge leader", maps, overall) == pytest.approx(
        platt(0.3, *maps["text"]))
    assert calibrate(0.3, "text, 1-3 findings, literature leader", maps, overall) == pytest.approx(
        platt(0.3, *overall))
    assert calibrate(0.3, "text, 1-3 findings, knowledge leader", maps, overall) < 0.1 < 0.3 < calibrate(
        0.3, "coded, 8+ findings, knowledge leader", maps, overall)


def test_platt_is_monotone_and_keeps_the_order():
    values = [0.01, 0.05, 0.2, 0.6, 0.9]
    mapped = [platt(v, 0.5, -1.0) for v in values]
    assert mapped == sorted(mapped) and all(0 < m < 1 for m in mapped)
    assert platt(0.3, 1.0, 0.0) == 0.3


def test_an_over_confident_score_is_pulled_down_to_the_observed_rate():
    rng = np.random.default_rng(0)
    p = rng.uniform(0.3, 0.9, 400)                      # the model says 30-90 %
    y = rng.uniform(size=400) < 0.1                     # it is right 10 % of the time
    a, b = fit_platt(p, y)
    mapped = np.array([platt(v, a, b) for v in p])
    assert abs(mapped.mean() - y.mean()) < 0.03
    assert reliability(mapped, y)["ece"] < reliability(p, y)["ece"]


def test_each_regime_gets_its_own_map_and_rare_regimes_fall_back():
    rng = np.random.default_rng(1)
    scores = rng.uniform(0.1, 0.3, 60)
    short = [("1-3 findings, knowledge leader", float(p), bool(rng.uniform() < 0.05)) for p in scores]
    long_ = [("8+ findings, knowledge leader", float(p), bool(rng.uniform() < 0.6)) for p in scores]
    few = [("4-7 findings, curated leader", 0.2, True)] * 5
    overall, maps = fit_regimes(short + long_ + few)
    assert {"1-3 findings, knowledge leader", "8+ findings, knowledge leader"} <= set(maps)
    assert "4-7 findings, curated leader" not in maps
    low = calibrate(0.2, "1-3 findings, knowledge leader", maps, overall)
    high = calibrate(0.2, "8+ findings, knowledge leader", maps, overall)
    assert low < 0.15 < 0.4 < high
    assert calibrate(0.2, "4-7 findings, curated leader", maps, overall) == pytest.approx(platt(0.2, *overall))


def test_reliability_table_counts_every_case_once():
    found = reliability([0.05, 0.15, 0.15, 0.95], [0, 0, 1, 1])
    assert sum(row["n"] for row in found["table"]) == 4
    assert found["top1_accuracy"] == 0.5
    assert found["ece"] == pytest.approx((0.05 + 2 * 0.35 + 0.05) / 4)


def test_regime_maps_are_kept_only_when_they_hold_in_cross_validation():
    rng = np.random.default_rng(2)
    scores = rng.uniform(0.1, 0.3, 200)
    split = [("1-3 findings, knowledge leader", float(p), bool(rng.uniform() < 0.03)) for p in scores] + \
        [("8+ findings, knowledge leader", float(p), bool(rng.uniform() < 0.7)) for p in scores]
    _, maps, report = choose_maps(split)
    assert maps and report["regimes"] < report["global"]
    same = [(name, p, bool(rng.uniform() < 0.2)) for name, p, _ in split]      # the regimes do not differ
    _, maps, report = choose_maps(same)
    assert maps == {} and report["global"] <= report["regimes"]


def test_an_option_the_sources_do_not_hold_keeps_a_share():
    fitted = {"sharpness": 0.5, "prior_weight": 0.0, "uncovered": 0.0}
    p = option_probabilities([(4.0, -9.0), (0.0, -9.0), None], fitted)
    assert p.sum() == pytest.approx(1.0)
    assert p[0] > p[1] == pytest.approx(p[2])          # log LR 0 weighs like an option nothing is known about
    sharper = option_probabilities([(4.0, -9.0), (0.0, -9.0), None], {**fitted, "sharpness": 1.0})
    assert sharper[0] > p[0]


def test_the_options_map_is_fitted_to_how_often_the_leading_option_is_right():
    rng = np.random.default_rng(4)
    cases = []
    for _ in range(120):
        lr = rng.normal(0.0, 3.0, 4)
        # the answer follows the evidence only weakly: softmax(0.2 * log LR)
        weights = np.exp(0.2 * lr)
        cases.append(([(float(v), -10.0) for v in lr], int(rng.choice(4, p=weights / weights.sum()))))
    fitted, loss = fit_options(cases)
    assert fitted["sharpness"] <= 0.4
    raw = -np.mean([np.log(option_probabilities(o, {"sharpness": 1.0, "prior_weight": 0.0, "uncovered": 0.0})[a])
                    for o, a in cases])
    assert loss < raw


def test_the_count_map_learns_that_more_findings_are_more_often_right():
    from clinicite.reason.calibration import calibrate, fit_count_map
    rng = np.random.default_rng(3)
    counts = rng.integers(1, 15, 600)
    p = np.full(600, 0.3)
    correct = rng.random(600) < np.where(counts >= 6, 0.5, 0.1)      # same p, different accuracy by count
    a, b, c = fit_count_map(p, correct, counts)
    assert c > 0
    maps = {"coded": (a, b, c)}
    few, many = (calibrate(0.3, "coded, 1-3 findings, knowledge leader", maps, (1.0, 0.0), n) for n in (2, 12))
    assert few < 0.2 < 0.4 < many


def test_the_map_choice_is_made_per_input_kind():
    from clinicite.reason.calibration import choose_maps_by_kind
    rng = np.random.default_rng(5)
    rows = []
    for i in range(400):
        n = int(rng.integers(1, 12))
        kind = "text" if i % 2 else "coded"
        p = float(rng.uniform(0.05, 0.6))
        right = rng.random() < (p / 4 if kind == "text" else min(0.95, p * (0.5 + n / 8)))
        rows.append((f"{kind}, {'1-3' if n <= 3 else '4-7' if n <= 7 else '8+'} findings, knowledge leader", p,
                     bool(right), n))
    overall, maps, report = choose_maps_by_kind(rows)
    assert set(report) == {"text", "coded"} and all("chosen" in r for r in report.values())
    # the lowest CV loss is a richer map for the coded lists; the one-standard-error rule may keep the kind's own
    assert report["coded"]["lowest"] in ("input kind and finding count", "regimes")
    assert report["coded"]["chosen"] in ("input kind", "input kind and finding count", "regimes")


def test_one_standard_error_rule_keeps_the_kinds_own_map_unless_another_clearly_wins():
    """Vignettes with few right answers: no choice beats the kind's own map by a standard error, so it is kept.
    Phenotype lists whose accuracy rises with the number of findings: the finding-count map wins by far."""
    from clinicite.reason.calibration import CHOICE_ORDER, choose_maps_by_kind
    rng = np.random.default_rng(11)
    rows = []
    for i in range(300):
        n = int(rng.integers(1, 15))
        p = float(rng.uniform(0.02, 0.5))
        if i % 3 == 0:                     # text: right about 6% of the time, whatever p says
            rows.append((f"text, {'1-3' if n <= 3 else '4-7' if n <= 7 else '8+'} findings, knowledge leader", p,
                         bool(rng.random() < 0.06), n))
        else:                              # coded: right far more often with many findings
            rows.append((f"coded, {'1-3' if n <= 3 else '4-7' if n <= 7 else '8+'} findings, knowledge leader", p,
                         bool(rng.random() < min(0.95, 0.03 * n * n / 4)), n))
    _, maps, report = choose_maps_by_kind(rows, repeats=3)
    text, coded = report["text"], report["coded"]
    assert CHOICE_ORDER[0] == "input kind"
    for kind in (text, coded):            # the choice is within one standard error of the lowest loss
        assert kind[kind["chosen"]] <= kind[kind["lowest"]] + kind["standard_error"][kind["lowest"]] + 1e-9
        assert all(error >= 0 for error in kind["standard_error"].values())
    assert text["chosen"] == "input kind" and "text" in maps and len(maps["text"]) == 2
    assert coded["chosen"] == "input kind and finding count" and len(maps["coded"]) == 3
    # the kind's own map reads its training accuracy in the large
    shown = [calibrate(r[1], r[0], maps) for r in rows if r[0].startswith("text")]
    right = [r[2] for r in rows if r[0].startswith("text")]
    assert abs(np.mean(shown) - np.mean(right)) < 0.03


def test_the_ece_of_a_calibrated_display_is_far_from_zero_on_few_cases_and_shrinks_with_more():
    from clinicite.reason.calibration import ece_if_calibrated
    rng = np.random.default_rng(3)
    few, many = rng.uniform(0.2, 0.7, 45), rng.uniform(0.2, 0.7, 4500)
    small, large = ece_if_calibrated(few, draws=300), ece_if_calibrated(many, draws=50)
    assert small["mean"] > 0.08 and small["p95"] > small["mean"]
    assert large["mean"] < 0.03
    assert ece_if_calibrated([]) == {"mean": None, "p95": None}
    # drawn from the probabilities themselves: the same seed gives the same floor
    assert ece_if_calibrated(few, draws=50, seed=1) == ece_if_calibrated(few, draws=50, seed=1)
