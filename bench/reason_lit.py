"""Recall of the differential a case report names, among the literature candidates; old vs new recogniser.

    nice python3 bench/reason_lit.py [--distractors 2000] [--home /tmp/reason-lit-bench]

Corpus: the case reports behind ``bench/reason_lit_vignettes.json`` (BioASQ snippet documents, joined per PMID)
among ``--distractors`` other BioASQ documents (seeded sample) and the 1,000 PubMedQA abstracts, stored and
indexed by clinicite's own SearchIndex (lexical). Knowledge base: HPO annotations + Orphanet from
``../shared/data``. For each vignette: recall@10 of the diagnoses its report names, and the rank of the final
diagnosis, with (a) the recogniser and literature ranking at the base commit (``BASELINE_COMMIT``; run from its
source, in this process) and (b) this branch's. Splits are printed separately.

Mention precision: ``--precision N`` prints every mention that the old and new recognisers find in N seeded
PubMedQA abstracts, for hand-checking (BENCHMARKS.md, round 3, holds the judgments).
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))          # this checkout's clinicite, not an installed one
DATA = Path(os.environ.get("CLINICITE_SHARED_DATA", ROOT.parent / "shared" / "data"))
BASELINE_COMMIT = "383b6be"


def baseline_modules():
    """The base commit's mentions.py and literature.py, loaded as modules under other names."""
    def source(path: str) -> str:
        return subprocess.run(["git", "-C", str(ROOT), "show", f"{BASELINE_COMMIT}:{path}"], check=True,
                              capture_output=True, text=True).stdout
    mentions = types.ModuleType("baseline_mentions")
    sys.modules["baseline_mentions"] = mentions
    exec(compile(source("clinicite/reason/mentions.py"), "baseline_mentions", "exec"), mentions.__dict__)
    sys.modules["baseline_mentions"] = mentions
    literature = types.ModuleType("baseline_literature")
    sys.modules["baseline_literature"] = literature
    code = source("clinicite/reason/literature.py").replace("from clinicite.reason.mentions import",
                                                             "from baseline_mentions import")
    exec(compile(code, "baseline_literature", "exec"), literature.__dict__)
    return mentions, literature


def corpus(vignettes, distractors: int, seed: int = 7):
    from clinicite.ingest.document import Document, Section
    docs: dict[str, dict] = {}
    for path in sorted(glob.glob(str(DATA / "bioasq" / "*" / "*.json"))):
        for question in json.load(open(path))["questions"]:
            for snippet in question.get("snippets", []):
                pmid = snippet["document"].rstrip("/").split("/")[-1]
                docs.setdefault(pmid, {})[snippet["text"].strip()] = None
    wanted = {v["pmid"] for v in vignettes}
    others = sorted(set(docs) - wanted)
    random.Random(seed).shuffle(others)
    chosen = [*wanted, *others[:distractors]]
    documents = [Document(id=f"pmid:{p}", source="pubmed", title="", pmid=p,
                          sections=[Section(" ".join(docs[p]), label="ABSTRACT")]).assemble() for p in chosen]
    pubmedqa = json.load(open(DATA / "pubmedqa" / "ori_pqal.json"))
    for pmid, record in pubmedqa.items():
        if pmid in wanted or pmid in docs:
            continue
        documents.append(Document(id=f"pmid:{pmid}", source="pubmed", title=record["QUESTION"], pmid=pmid,
                                  sections=[Section(" ".join(record["CONTEXTS"]), label="ABSTRACT")]).assemble())
    return documents


def build_index(home: Path, documents):
    from clinicite.index import SearchIndex
    from clinicite.settings import load_settings
    from clinicite.store.database import Database
    from clinicite.store.documents import save_documents
    settings = load_settings(home=home, embedding_model="none")
    database = Database.open(settings.resolved_database_url)
    with database.session() as session:
        save_documents(session, documents)
    index = SearchIndex.open(settings, database)
    index.sync()
    return index


def matches(gold_names: list[str], candidate_name: str, candidate_key: str) -> bool:
    from clinicite.reason.vocabulary import name_key
    keys = {name_key(candidate_name), name_key(candidate_key)}
    for gold in gold_names:
        g = name_key(gold)
        if any(g == k or f" {g} " in f" {k} " or (len(k) > 6 and f" {k} " in f" {g} ") for k in keys):
            return True
    return False


def score(vignette, candidates, top: int = 10):
    names = [(c.name, c.key) for c in candidates[:top]]
    found = [any(matches(g, n, k) for n, k in names) for g in vignette["named"]]
    rank = next((i for i, (n, k) in enumerate((c.name, c.key) for c in candidates) if matches(vignette["named"][0], n, k)),
                None)
    return sum(found) / len(found), (rank + 1 if rank is not None else None), names


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--distractors", type=int, default=2000)
    parser.add_argument("--home", default=None)
    parser.add_argument("--precision", type=int, default=0)
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args()
    if not DATA.is_dir():
        sys.exit(f"{DATA} is absent: this benchmark needs ../shared/data")
    home = Path(args.home or tempfile.mkdtemp(prefix="reason-lit-bench-"))
    os.environ["CLINICITE_HOME"] = str(home)
    from clinicite.reason.knowledge import KnowledgeBase
    from clinicite.reason.literature import literature_candidates
    from clinicite.understand import understand_case
    old_mentions, old_literature = baseline_modules()
    started = time.perf_counter()
    kb = KnowledgeBase.from_files(DATA / "hpo" / "hp.obo", DATA / "hpo" / "phenotype.hpoa",
                                  DATA / "orphanet" / "orphapackets.jsonl.gz", cache_dir=home / "cache")
    print(f"knowledge base: {len(kb.candidates)} diseases ({time.perf_counter() - started:.0f} s)")
    if args.precision:
        return precision(args.precision, kb, old_mentions)
    vignettes = json.load(open(ROOT / "bench" / "reason_lit_vignettes.json"))["vignettes"]
    documents = corpus(vignettes, args.distractors)
    started = time.perf_counter()
    index = build_index(home, documents) if not (home / "index").exists() else build_index(home, [])
    print(f"corpus: {len(documents)} documents indexed ({time.perf_counter() - started:.0f} s)")
    results = {"old": {}, "new": {}}
    for vignette in vignettes:
        facts = understand_case(vignette["text"], kb.ontology)
        labels = [kb.ontology.label(h) for h in facts.observed if kb.ontology.label(h)]
        old = old_literature.literature_candidates(index, vignette["text"], labels, kb)
        new = literature_candidates(index, vignette["text"], labels, kb, facts=facts)
        for name, candidates in (("old", old), ("new", new)):
            results[name][vignette["pmid"]] = score(vignette, candidates)
        if args.show:
            print(f"\n{vignette['pmid']} [{vignette['split']}] {vignette['text']}\n  findings: {labels}")
            for name in ("old", "new"):
                recall, rank, names = results[name][vignette["pmid"]]
                print(f"  {name}: recall@10 {recall:.2f} rank {rank} top: {[n for n, _ in names]}")
    print("\n| split | vignettes | recall@10 old | recall@10 new | final dx top-10 old | new | median rank old | new |")
    print("|---|---|---|---|---|---|---|---|")
    for split in ("dev", "held-out"):
        ids = [v["pmid"] for v in vignettes if v["split"] == split]
        row = [split, str(len(ids))]
        recalls, top10s, ranks = {}, {}, {}
        for name in ("old", "new"):
            got = [results[name][i] for i in ids]
            recalls[name] = sum(r for r, _, _ in got) / len(got)
            top10s[name] = sum(1 for _, rank, _ in got if rank and rank <= 10)
            ranked = sorted(rank for _, rank, _ in got if rank)
            ranks[name] = ranked[len(ranked) // 2] if ranked else None
        row += [f"{recalls['old']:.3f}", f"{recalls['new']:.3f}", f"{top10s['old']}/{len(ids)}",
                f"{top10s['new']}/{len(ids)}", str(ranks["old"]), str(ranks["new"])]
        print("| " + " | ".join(row) + " |")


def precision(n: int, kb, old_mentions) -> None:
    from clinicite.reason.mentions import disease_lexicon, find_mentions
    pubmedqa = json.load(open(DATA / "pubmedqa" / "ori_pqal.json"))
    ids = sorted(pubmedqa)
    random.Random(11).shuffle(ids)
    old_lexicon, new_lexicon = old_mentions.disease_lexicon(kb), disease_lexicon(kb)
    for pmid in ids[:n]:
        text = " ".join(pubmedqa[pmid]["CONTEXTS"])
        old = sorted({m.surface.lower() for m in old_mentions.find_mentions(text, old_lexicon, {})})
        new = sorted({m.surface.lower() for m in find_mentions(text, new_lexicon, {})})
        print(json.dumps({"pmid": pmid, "old": old, "new": new}))


if __name__ == "__main__":
    main()
