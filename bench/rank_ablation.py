"""Ablation of bench/learn_to_rank.py features (pointwise logistic only, quick): python bench/rank_ablation.py FEATURES.pkl"""
import sys, pickle, json
import numpy as np
sys.path.insert(0, 'bench')
from learn_to_rank import fit, ranks
from similar_cases_eval import fold_of, metrics
d = pickle.load(open(sys.argv[1], 'rb'))
names, cases = tuple(d['features']), d['cases']
fitp = [c for c in cases if c['split']=='fit']; held = [c for c in cases if c['split']=='held-out']
folds = np.array([fold_of(c['publication']) for c in fitp])
sets = {
 "parts without excluded": ("phenotype","unreported","onset","prior","log_p_gap","log_lr_rank","vote_sharp","vote_soft","best_similarity_gap","phenomizer_gap","log_phenomizer_rank"),
 "parts without excluded, onset, unreported": ("phenotype","prior","log_p_gap","log_lr_rank","vote_sharp","vote_soft","best_similarity_gap","phenomizer_gap","log_phenomizer_rank"),
 "5 features + excluded": ("log_p_gap","log_lr_rank","vote_sharp","phenomizer_gap","log_phenomizer_rank","excluded"),
 "5 features + onset": ("log_p_gap","log_lr_rank","vote_sharp","phenomizer_gap","log_phenomizer_rank","onset"),
 "5 features + vote_soft + best_similarity_gap": ("log_p_gap","log_lr_rank","vote_sharp","vote_soft","best_similarity_gap","phenomizer_gap","log_phenomizer_rank"),
 "all without excluded": tuple(n for n in names if n not in ("excluded","excluded_raw")),
}
for label, cols in sets.items():
    cv = np.full(len(fitp), np.inf)
    for f in range(5):
        inside = [c for c, g in zip(fitp, folds) if g != f and c['true']]
        out = [i for i, g in enumerate(folds) if g == f]
        m = fit(inside, names, cols)
        for i, r in zip(out, ranks(m, [fitp[i] for i in out], names, cols)): cv[i] = r
    m = fit([c for c in fitp if c['true']], names, cols)
    print(json.dumps({"set": label, "fit_cv": metrics(cv), "held_out": metrics(ranks(m, held, names, cols)),
                      "coef": dict(zip(cols, np.round(m[-1].coef_.ravel()/m[0].scale_, 3).tolist()))}), flush=True)
