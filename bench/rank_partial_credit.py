"""Choose the ontology partial-credit penalties (reason/subclass_match.py) by cross-validation by publication.

Each input is a ``--dump`` of ``bench/phenopackets.py --similar-cases --published-cases --part fit`` run with
one setting (``--set subclass_penalty=S --set specificity_penalty=P``), named ``NAME=PATH``. Only the fit
part's records are read. Per setting, every case's rank under the app's shipped mixture (published-case
likelihood ratio, similar-case vote and Phenomizer share with reason/similar_cases.py's constants) is computed;
then, five times, the setting with the best MRR on four folds is scored on the fifth (folds by publication,
as bench/similar_cases_eval.py makes them). Prints each setting's in-sample figure and the cross-validated one.

    python bench/rank_partial_credit.py s2p2=/tmp/pheno12/fit-s2-p2.pkl s0p2=/tmp/pheno12/fit-s0-p2.pkl ...
"""

from __future__ import annotations

import json
import pickle
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from similar_cases_eval import FOLDS, fold_of, metrics, phenomizer_mixed_rank  # noqa: E402

from clinicite.reason import similar_cases as shipped  # noqa: E402

SHIPPED = {"k": shipped.NEIGHBOURS, "tau": shipped.WITH_CASES_TEMPERATURE, "conflict": shipped.CONFLICT_WEIGHT,
           "alpha": shipped.WITH_CASES_WEIGHT, "share": shipped.WITH_CASES_PHENOMIZER_WEIGHT,
           "temperature": shipped.PHENOMIZER_TEMPERATURE}


def setting_ranks(path: Path) -> tuple[list[str | None], np.ndarray, np.ndarray]:
    """Publications, shipped-mixture ranks and LR-alone ranks of the fit part's published-case records."""
    with open(path, "rb") as handle:
        dump = pickle.load(handle)
    fit = [r for r in dump["published"] if r.split == "fit" and r.source == "phenopacket-store"]
    with np.errstate(divide="ignore"):
        mixture = np.array([phenomizer_mixed_rank(r, **SHIPPED) for r in fit], dtype=float)
    return [r.publication for r in fit], mixture, np.array([r.model_rank for r in fit], dtype=float)


def cross_validate(names: list[str], publications: list, ranks: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """Per case, the rank under the setting chosen (by MRR) on the other folds; and the choice per fold."""
    folds = np.array([fold_of(p) for p in publications])
    chosen, out = [], np.zeros(ranks.shape[1])
    for fold in range(FOLDS):
        inside = folds != fold
        best = int(np.argmax((1 / ranks[:, inside]).mean(axis=1)))
        chosen.append(names[best])
        out[~inside] = ranks[best, ~inside]
    return out, chosen


def main() -> None:
    named = [item.split("=", 1) for item in sys.argv[1:]]
    names, mixtures, alone, publications = [], [], [], None
    for name, path in named:
        pubs, mixture, model = setting_ranks(Path(path))
        if publications is not None and pubs != publications:
            raise SystemExit(f"{name}: not the same fit cases as the first dump")
        publications = pubs
        names.append(name)
        mixtures.append(mixture)
        alone.append(model)
        print(json.dumps({"setting": name, "mixture (in-sample)": metrics(mixture), "LR alone": metrics(model)}))
    for label, ranks in (("shipped mixture", np.array(mixtures)), ("LR alone", np.array(alone))):
        cv, chosen = cross_validate(names, publications or [], ranks)
        print(json.dumps({"cross-validated by publication": label, **metrics(cv), "chosen_per_fold": chosen}))


if __name__ == "__main__":
    main()
