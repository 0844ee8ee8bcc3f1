"""Does a display map on the "which of these?" probabilities hold inside MedQA's train split?

    python bench/medqa_options_display.py /tmp/medqa-new.pkl      # a pickle written by bench/medqa.py --dump

The options map (:data:`clinicite.reason.calibration.OPTIONS_MAP`) is fitted on the log loss of the correct
option; the figure shown is the top option's probability. Candidate display maps: none, or a temperature on the
option distribution fitted on the top option's correctness (temperature scaling, Guo et al. 2017; one parameter,
the ranking and the sum stay). Chosen by 5-fold cross-validation by vignette inside the train split, repeated
over 10 seeded fold draws, on the log loss of "the top option is right" (ties to none); the held-out split is read
once, after the choice, and printed last. Nothing else is fitted.
"""

from __future__ import annotations

import json
import pickle
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def shown(rows):
    """``(top option's probability under OPTIONS_MAP, top right)`` per vignette with a covered option."""
    from clinicite.reason import calibration as cal
    out = []
    for r in rows:
        evidence = r["option_evidence"]
        if not evidence or not any(o for o in evidence):
            continue
        p = cal.option_probabilities(evidence, words=r.get("option_words"))
        covered = [i for i, o in enumerate(evidence) if o is not None]
        top = max(covered, key=lambda i: p[i])
        out.append((p, top, top == r["answer_index"]))
    return out


def top_probability(p, top, temperature):
    from clinicite.reason.calibration import temper_options
    return float(temper_options(p, temperature)[top])


def loss(cases, temperature):
    q = np.clip([top_probability(p, t, temperature) for p, t, _ in cases], 1e-9, 1 - 1e-9)
    y = np.array([c[2] for c in cases], dtype=float)
    return float(-(y * np.log(q) + (1 - y) * np.log(1 - q)).mean())


def main() -> None:
    from clinicite.reason import calibration as cal
    data = pickle.loads(Path(sys.argv[1]).read_bytes())
    train = shown(data["medqa"]["train"])
    rng = np.random.default_rng(0)
    orders = [np.arange(len(train))] + [rng.permutation(len(train)) for _ in range(9)]
    cv: dict[str, list[float]] = {"none": [], "temperature": []}
    pooled: dict[str, tuple[list[float], list[bool]]] = {"none": ([], []), "temperature": ([], [])}
    for order in orders:
        fold_of = np.empty(len(train), dtype=int)
        fold_of[order] = np.arange(len(train)) % 5
        for fold in range(5):
            fit = [c for i, c in enumerate(train) if fold_of[i] != fold]
            test = [c for i, c in enumerate(train) if fold_of[i] == fold]
            t = cal.fit_options_temperature([(p, top, right) for p, top, right in fit])
            for name, temp in (("none", 1.0), ("temperature", t)):
                cv[name].append(loss(test, temp))
                pooled[name][0].extend(top_probability(p, top, temp) for p, top, _ in test)
                pooled[name][1].extend(right for _, _, right in test)
    report = {k: {"cv_log_loss_top_right": round(float(np.mean(v)), 4),
                  "cv_pooled_ece": cal.reliability(*pooled[k])["ece"]} for k, v in cv.items()}
    chosen = min(report, key=lambda k: (report[k]["cv_log_loss_top_right"], k != "none"))
    t_all = cal.fit_options_temperature(train)
    print(json.dumps({"train_vignettes_with_a_covered_option": len(train), "folds": "5 by vignette x 10 draws",
                      "cv_inside_train": report, "chosen": chosen, "temperature_fitted_on_all_train": t_all}))
    for split in ("train", "held_out"):
        cases = shown(data["medqa"][split])
        for name, temp in (("none", 1.0), ("temperature", t_all)):
            shown_p = [top_probability(p, t, temp) for p, t, _ in cases]
            rel = cal.reliability(shown_p, [c[2] for c in cases])
            print(json.dumps({"split": split, "map": name, "temperature": temp, **rel,
                              "ece_if_calibrated": cal.ece_if_calibrated(shown_p)}))


if __name__ == "__main__":
    main()
