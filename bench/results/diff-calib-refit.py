"""Phenopacket calibration, fitted on the train split only, reported on held-out: the per-kind choice (this branch)
against round 5's engine constants and each single alternative, all on the same scored cases (T = 4, the engine's)."""
import json, pickle, sys
sys.path.insert(0, "/work/wt/diff-calib"); sys.path.insert(0, "/work/wt/diff-calib/bench")
import medqa as bench
from clinicite.reason import calibration as cal
data = pickle.load(open(sys.argv[1], "rb"))
T = 4.0
pheno = data["phenopackets"]
rows = lambda split: [(bench.regime_of(r), bench.probability_of_top(r, T), r["top_correct"], r["n_findings"])
                      for r in pheno[split] if r["top_score"] is not None]
train, held = rows("train"), rows("held_out")
overall, chosen, report = cal.choose_maps_by_kind(train)
kind = cal._kind_choices("coded", train)
round5 = {k: v for k, v in cal.PLATT_BY_REGIME.items() if k.startswith("coded")}
variants = {"chosen by CV in train (this branch)": (chosen, overall),
            "round 5 engine constants": (round5, cal.GLOBAL_PLATT),
            **{f"refit: {name}": (maps, kind["overall"]) for name, maps in kind.items() if name != "overall"}}
print(json.dumps({"n": {"train": len(train), "held_out": len(held)}, "cv_train_log_loss": report,
                  "chosen_maps": chosen, "global": overall}))
for name, (maps, fallback) in variants.items():
    for split, chosen_rows in (("train", train), ("held_out", held)):
        p = [cal.calibrate(r[1], r[0], maps, fallback, r[3]) for r in chosen_rows]
        found = cal.reliability(p, [r[2] for r in chosen_rows])
        print(json.dumps({"maps": name, "split": split, **{k: v for k, v in found.items() if k != "table"}}))
for split in ("train", "held_out"):
    ranks = [r["rank"] for r in pheno[split]]
    n = len(ranks)
    print(json.dumps({"ranking": split, "n": n, "top1": round(sum(r == 1 for r in ranks) / max(n, 1), 4),
                      "top10": round(sum(r is not None for r in ranks) / max(n, 1), 4)}))
print(json.dumps({"bound": data.get("bound")}))
