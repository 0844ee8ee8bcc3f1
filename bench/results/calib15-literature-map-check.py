import json, sys
import numpy as np
sys.path.insert(0, 'bench'); sys.path.insert(0, '.')
import medqa, reason_lit
from clinicite.reason import calibration as cal
rs = [json.loads(l) for l in open('/tmp/homes/calib15-medqa-lit/medqa-run-new.jsonl')]
rows = {"train": [], "held_out": []}
for r in rs:
    if not r['rows'] or r.get('top_raw') is None: continue
    split = 'held_out' if medqa.held_out(r['id'].split(':')[1]) else 'train'
    rows[split].append((r['regime'], r['top_raw'], bool(reason_lit.matches(r['answer'], r['rows'][0])), r['n_findings']))
def ll(rs_, m):
    q = np.clip([cal.platt(p, *m) for _, p, _, _ in rs_], 1e-9, 1-1e-9); y = np.array([c for _, _, c, _ in rs_], float)
    return float(-(y*np.log(q)+(1-y)*np.log(1-q)).mean())
train = rows['train']
rng = np.random.default_rng(0); folds = {"text map (knowledge-only fit)": [], "map fitted with literature": []}
for rep in range(10):
    order = rng.permutation(len(train)) if rep else np.arange(len(train))
    fold_of = np.empty(len(train), int); fold_of[order] = np.arange(len(train)) % 5
    for f in range(5):
        fit = [r for i, r in enumerate(train) if fold_of[i] != f]; test = [r for i, r in enumerate(train) if fold_of[i] == f]
        m = cal.fit_platt([r[1] for r in fit], [r[2] for r in fit])
        folds["text map (knowledge-only fit)"].append(ll(test, (0.1, -2.3)))
        folds["map fitted with literature"].append(ll(test, m))
print({k: (round(np.mean(v), 4), round(np.std(v, ddof=1)/np.sqrt(5), 4)) for k, v in folds.items()})
fitted = cal.fit_platt([r[1] for r in train], [r[2] for r in train])
print("fitted on literature train:", fitted, "n train", len(train), "right", sum(r[2] for r in train))
for split in ("train", "held_out"):
    for name, m in (("text map", (0.1, -2.3)), ("literature map", fitted)):
        p = [cal.platt(r[1], *m) for r in rows[split]]
        rel = cal.reliability(p, [r[2] for r in rows[split]]); rel.pop('table')
        print(split, name, rel, cal.ece_if_calibrated(p))
