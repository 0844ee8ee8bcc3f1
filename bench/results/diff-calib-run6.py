"""One KB build: (1) MedQA option links, round 5 linker vs this one (no scoring); (2) phenopackets every Nth dev
case through bench/medqa.py's evaluate_case, dumped for refits; (3) the bound on cases the curated changes can move."""
import json, pickle, sys, time
import numpy as np
sys.path.insert(0, "/work/wt/diff-calib"); sys.path.insert(0, "/work/wt/diff-calib/bench")
import medqa as bench
from pathlib import Path
from clinicite.reason.engine import CaseInput
from clinicite.reason.knowledge import KnowledgeBase
from clinicite.reason.options import resolve_option_ids
from clinicite.reason.vocabulary import link_knowledge_base, load_vocabulary
D = Path("/work/shared/data")
every = int(sys.argv[1])
kb = KnowledgeBase.from_files(orphapackets=D / "orphanet" / "orphapackets.jsonl.gz")
vocabulary = link_knowledge_base(load_vocabulary("/tmp/diff-calib-home/cache"), kb)
print(json.dumps({"kb": kb.summary()}), flush=True)
links = []
for item in bench.vignettes(D / "mirage" / "benchmark.json", None):
    for option in item["options"]:
        new = sorted({kb.equivalent_ids(i)[0] for i in resolve_option_ids(kb, option, vocabulary)})
        old = sorted({kb.equivalent_ids(i)[0] for i in bench.round5_option_ids(kb, option, vocabulary)})
        if new != old:
            name = lambda ids: [kb.names_of(i)[0] if kb.names_of(i) else i for i in ids if i in kb.diseases][:3]
            links.append({"id": item["id"], "held_out": item["held_out"], "option": option,
                          "is_answer": option == item["answer"], "round5": name(old) or old[:3], "now": name(new) or new[:3]})
print(json.dumps({"option_links_changed": len(links)}), flush=True)
Path("/tmp/diff-calib6/links.json").write_text(json.dumps(links, indent=1))
curated = {int(kb.row_group[r]) for d, r in kb.row_of.items() if d.startswith("CLINICITE:")}
pheno = {"train": [], "held_out": []}
bound = {"train": [0, 0], "held_out": [0, 0]}
for n, item in enumerate(bench.phenopackets(D / "phenopackets" / "dev.jsonl.gz", every)):
    case = CaseInput(item["observed"], item["excluded"], item["age_years"], item["sex"])
    truth = {g for d in item["truth"] if (g := bench.group_of(kb, d)) is not None}
    result = bench.evaluate_case(kb, case, truth, [], 0)
    split = "held_out" if item["held_out"] else "train"
    order = np.argsort(-result["all"][:-1], kind="stable")[:10]
    bound[split][0] += bool(curated & {int(g) for g in order})
    bound[split][1] += int(order[0]) in curated
    pheno[split].append(result)
    if n % 25 == 0:
        print(json.dumps({"done": n}), file=sys.stderr, flush=True)
        Path("/tmp/diff-calib6/pheno.pkl").write_bytes(pickle.dumps({"medqa": {"train": [], "held_out": []},
                                                                    "phenopackets": pheno, "bound": bound}))
Path("/tmp/diff-calib6/pheno.pkl").write_bytes(pickle.dumps({"medqa": {"train": [], "held_out": []},
                                                            "phenopackets": pheno, "bound": bound}))
print(json.dumps({"bound": bound, "n": {k: len(v) for k, v in pheno.items()}}), flush=True)
