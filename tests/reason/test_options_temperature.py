"""The "which of these?" display temperature: a monotone map that keeps the ranking and the sum, fitted on
whether the top option was right (bench/medqa_options_display.py chooses whether to use it, inside train)."""

import numpy as np

from clinicite.reason.calibration import fit_options_temperature, option_probabilities, temper_options


def test_temperature_keeps_ranking_and_sum():
    p = option_probabilities([(2.0, -3.0), None, (-1.0, -4.0), (0.5,)])
    for t in (0.5, 1.0, 2.0):
        q = temper_options(p, t)
        assert abs(q.sum() - 1.0) < 1e-12
        assert list(np.argsort(q)) == list(np.argsort(p))
    assert np.allclose(temper_options(p, 1.0), p)


def test_over_confident_tops_are_softened_and_under_confident_sharpened():
    confident = np.array([0.8, 0.1, 0.05, 0.05])
    # Shown 0.8 but right in 1 of 4 cases: the fitted temperature flattens (T > 1).
    wrong_often = [(confident, 0, right) for right in (True, False, False, False)]
    assert fit_options_temperature(wrong_often) > 1.0
    modest = np.array([0.4, 0.3, 0.2, 0.1])
    # Shown 0.4 and always right: it sharpens (T < 1).
    assert fit_options_temperature([(modest, 0, True)] * 4) < 1.0


def test_nothing_to_fit_is_the_identity():
    assert fit_options_temperature([]) == 1.0
