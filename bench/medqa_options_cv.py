"""5-fold cross-validation inside MedQA's train split of the options map, with and without the case's words.

    python bench/medqa_options_cv.py /tmp/medqa-new.pkl      # a pickle written by bench/medqa.py --dump

Folds by position over the train vignettes; each fold refits :func:`clinicite.reason.calibration.fit_options` on
the other four and scores the held-back fold (log loss of the correct option, top option right). Nothing outside
the train split is read. Used in BENCHMARKS.md (Round 9, MedQA options) to check that the words' weight holds inside train.
"""

from __future__ import annotations

import json
import pickle
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    from clinicite.reason import calibration as cal
    data = pickle.loads(Path(sys.argv[1]).read_bytes())
    rows = [r for r in data["medqa"]["train"] if r["option_evidence"]]
    out = {}
    for words in (False, True):
        losses, right = [], []
        for fold in range(5):
            train = [r for i, r in enumerate(rows) if i % 5 != fold]
            fitted, _ = cal.fit_options([(r["option_evidence"], r["answer_index"], r["option_words"] if words else None)
                                         for r in train])
            for r in (r for i, r in enumerate(rows) if i % 5 == fold):
                p = cal.option_probabilities(r["option_evidence"], fitted, r["option_words"] if words else None)
                losses.append(-np.log(max(float(p[r["answer_index"]]), 1e-9)))
                covered = [i for i, o in enumerate(r["option_evidence"]) if o is not None]
                right.append(bool(covered) and max(covered, key=lambda i: p[i]) == r["answer_index"])
        out["words" if words else "findings only"] = {"cv_log_loss": round(float(np.mean(losses)), 4),
                                                     "cv_top_option_right": f"{sum(right)}/{len(rows)}"}
    print(json.dumps({"five_fold_cv_inside_train": out}))


if __name__ == "__main__":
    main()
