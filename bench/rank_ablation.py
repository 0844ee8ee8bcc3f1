"""Which features of the learned ranker carry its gain: pointwise logistic only (a few minutes).

    python bench/rank_ablation.py /tmp/rank_features.pkl      # written by bench/rank_features.py

Fitted on the fit part only (five-fold CV by publication, then the whole fit part scores the held-out
part), as in bench/learn_to_rank.py.
"""

from __future__ import annotations

import json
import pickle
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from learn_to_rank import cross_validated_ranks, fit, ranks  # noqa: E402
from similar_cases_eval import fold_of, metrics  # noqa: E402

FIVE = ("log_p_gap", "log_lr_rank", "vote_sharp", "phenomizer_gap", "log_phenomizer_rank")
SETS = {
    "5 features": FIVE,
    "5 + onset": FIVE + ("onset",),
    "5 + softer vote + best-similarity gap": FIVE + ("vote_soft", "best_similarity_gap"),
    "5 + excluded": FIVE + ("excluded",),
    "model parts without excluded": ("phenotype", "unreported", "onset", "prior", "vote_soft",
                                     "best_similarity_gap") + FIVE,
}


def main() -> None:
    data = pickle.loads(Path(sys.argv[1]).read_bytes())
    names, cases = tuple(data["features"]), data["cases"]
    fit_part = [c for c in cases if c["split"] == "fit"]
    held = [c for c in cases if c["split"] == "held-out"]
    folds = np.array([fold_of(c["publication"]) for c in fit_part])
    sets = dict(SETS, **{"all but excluded": tuple(n for n in names if n not in ("excluded", "excluded_raw"))})
    for label, columns in sets.items():
        cv = cross_validated_ranks(fit_part, folds, fit, names, columns)
        model = fit([c for c in fit_part if c["true"]], names, columns)
        weights = model[-1].coef_.ravel() / model[0].scale_
        print(json.dumps({"features": label, "fit_cv": metrics(cv), "held_out": metrics(ranks(model, held, names,
                                                                                              columns)),
                          "per_unit": dict(zip(columns, np.round(weights, 3).tolist()))}), flush=True)


if __name__ == "__main__":
    main()
