"""Differential-diagnosis benchmark on GA4GH phenopackets (one JSON per line, .jsonl or .jsonl.gz).

Each case is ranked from its observed and excluded HPO findings, age at last
encounter and sex ONLY (never genes, variants or the disease label). A hit at
rank k: the true OMIM id, or an id Orphanet maps to it, is among the first k
diseases (each disease counted once). Ties count against us.

    python bench/phenopackets.py ../shared/data/phenopackets/dev.jsonl.gz [--limit N] [--every K]
        [--set prior_weight=0.3 --set specificity_penalty=0.5] [--fit-temperature] [--published-cases]
        [--similar-cases [--independent OTHER.jsonl.gz]] [--part fit] [--dump FILE]

Prints the KB load time, then one JSON line for the Phenomizer-style baseline
and one for the likelihood-ratio model, each also on the "answerable" cases
(those whose disease the knowledge holds).

``--published-cases`` adds the knowledge base that also learns from the
published patients of the same file, evaluated leave-one-publication-out:
each case is ranked with every case of its own PMID held out (cases of one
paper are correlated), so no case ever sees its own label. Answerable there:
the disease is annotated, or another publication reports it.

``--similar-cases`` adds similar-case retrieval (:mod:`clinicite.reason.similar_cases`) fitted on one part
of FILE split by publication and reported per part, per source, beside the model alone and the baseline
(see bench/similar_cases_eval.py); with ``--published-cases`` also over the published-case knowledge base.
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
# ../shared/data beside the checkout; from a worktree (/work/wt/NAME) it is one level further up.
SHARED = next((p / "shared" / "data" for p in (ROOT.parent, ROOT.parent.parent) if (p / "shared" / "data").is_dir()),
              ROOT.parent / "shared" / "data")


def read_cases(path: Path, limit: int | None):
    from clinicite.reason.cases import phenopacket_case, phenopacket_truth
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            if limit is not None and number >= limit:
                break
            packet = json.loads(line)
            case = phenopacket_case(packet)
            references = (packet.get("metaData") or {}).get("externalReferences") or []
            yield {"observed": case.observed, "excluded": case.excluded, "age_years": case.age_years,
                   "sex": case.sex, "truth": phenopacket_truth(packet), "genes": packet_genes(packet),
                   "publication": next((r["id"] for r in references if r.get("id", "").startswith("PMID:")), None)}


def packet_genes(packet: dict) -> tuple[str, ...]:
    """Gene symbols of the packet's causative variants: what a case text naming its mutation would give
    (used only by ``--with-genes``; the phenotype-only rows never read them)."""
    symbols = []
    for interpretation in packet.get("interpretations") or []:
        for genomic in (interpretation.get("diagnosis") or {}).get("genomicInterpretations") or []:
            descriptor = (genomic.get("variantInterpretation") or {}).get("variationDescriptor") or {}
            symbol = (descriptor.get("geneContext") or {}).get("symbol") or (genomic.get("gene") or {}).get("symbol")
            if symbol:
                symbols.append(symbol)
    return tuple(dict.fromkeys(symbols))


def true_groups(kb, truth: list[str]) -> set[int]:
    groups = set()
    for disease_id in truth:
        for equivalent in kb.equivalent_ids(disease_id):
            if equivalent in kb.row_of:
                groups.add(int(kb.row_group[kb.row_of[equivalent]]))
    return groups


def group_scores(kb, row_scores: np.ndarray) -> np.ndarray:
    best = np.full(kb.n_groups, -np.inf)
    np.maximum.at(best, kb.row_group, row_scores)
    return best


def rank_of(scores: np.ndarray, groups: set[int]) -> float:
    if not groups:
        return float("inf")
    target = max(scores[g] for g in groups)
    return 1 + int((scores > target).sum()) + int((scores == target).sum()) - 1


def summary(ranks: list[float], seconds: float) -> dict:
    r = np.array(ranks)
    n = len(r)
    return {"n": n, "top1": round(float((r <= 1).mean()), 4), "top3": round(float((r <= 3).mean()), 4),
            "top10": round(float((r <= 10).mean()), 4), "mrr": round(float((1 / r).mean()), 4),
            "ms_per_case": round(1000 * seconds / max(n, 1), 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", type=Path, nargs="?", default=SHARED / "phenopackets" / "dev.jsonl.gz")
    parser.add_argument("--independent", type=Path, action="append", default=[],
                        help="a further phenopacket file or folder, reported as its own source (with --similar-cases)")
    parser.add_argument("--similar-cases", action="store_true",
                        help="similar-case retrieval from FILE's cases, fitted on one part by publication "
                             "(bench/similar_cases_eval.py), leave-one-publication-out")
    parser.add_argument("--limit", type=int)
    parser.add_argument("--every", type=int, default=1, help="keep every K-th case (a quicker, unbiased sample)")
    parser.add_argument("--published-cases", action="store_true",
                        help="also rank with case knowledge from the same file, leave-one-publication-out")
    parser.add_argument("--orphanet", type=Path, default=SHARED / "orphanet" / "orphapackets.jsonl.gz")
    parser.add_argument("--set", action="append", default=[], help="override a model parameter: name=value")
    parser.add_argument("--fit-temperature", action="store_true", help="report the NLL-minimising temperature")
    parser.add_argument("--dump", type=Path, help="pickle the per-case records (for a miss analysis of the fit part)")
    parser.add_argument("--part", choices=("fit", "held-out"),
                        help="rank only this part of the publication split (a grid on the fit part never reads "
                             "the held-out cases)")
    parser.add_argument("--relatives-weight", type=float,
                        help="share of an allelic relative's frequency a disease borrows "
                             "(clinicite.reason.knowledge.RELATIVES_WEIGHT; default: the shipped value)")
    parser.add_argument("--with-genes", action="store_true",
                        help="also rank with the causative genes named, as a case text naming its mutation does")
    args = parser.parse_args()

    from clinicite.ingest.hpo import load_ontology
    from clinicite.reason.baseline import phenomizer_scores
    from clinicite.reason.differential import group_posteriors, score_case
    from clinicite.reason.knowledge import KnowledgeBase
    from clinicite.reason.scoring import Case, Parameters

    params = Parameters(**{k: float(v) for k, v in (item.split("=", 1) for item in args.set)})
    if args.relatives_weight is not None:
        from clinicite.reason import knowledge
        knowledge.RELATIVES_WEIGHT = args.relatives_weight
    orphanet = args.orphanet if args.orphanet.is_file() else None
    started = time.perf_counter()
    kb = KnowledgeBase.from_files(orphapackets=orphanet)
    load = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as folder:      # the optional on-disk copy: write once, time a reload
        KnowledgeBase.from_files(orphapackets=orphanet, cache_dir=folder)
        load_ontology.cache_clear()                     # count the ontology parse in the reload too
        started = time.perf_counter()
        KnowledgeBase.from_files(orphapackets=orphanet, cache_dir=folder)
        cached = time.perf_counter() - started
    print(json.dumps({"kb_load_s": round(load, 2), "kb_load_cached_s": round(cached, 2), **kb.summary()}))

    cases = [c for i, c in enumerate(read_cases(args.file, args.limit)) if i % args.every == 0]
    if args.part:
        from similar_cases_eval import split_of
        cases = [c for c in cases if split_of(c["publication"]) == args.part]
    library = records = None
    if args.similar_cases:
        from clinicite.reason.similar_cases import CaseLibrary
        started = time.perf_counter()
        library = CaseLibrary.from_path(kb, args.file)
        print(json.dumps({"case_library": len(library), "build_s": round(time.perf_counter() - started, 2)}))
        records, published_records = [], []
        if args.published_cases:      # the same, over the knowledge base that also learns from the cases
            from clinicite.reason.published_cases import read_published_cases
            with_cases = kb.with_cases(read_published_cases(args.file))
            published_library = CaseLibrary(with_cases, library.cases)
    baseline_ranks, model_ranks, true_lr, in_kb = [], [], [], []
    baseline_time = model_time = 0.0
    for case in cases:
        groups = true_groups(kb, case["truth"])
        in_kb.append(bool(groups))
        started = time.perf_counter()
        baseline_ranks.append(rank_of(group_scores(kb, phenomizer_scores(kb, case["observed"])), groups))
        baseline_time += time.perf_counter() - started
        started = time.perf_counter()
        model_case = Case(tuple(case["observed"]), tuple(case["excluded"]), case["age_years"], case["sex"])
        log_lr, _ = score_case(kb, model_case, params)
        best_rows, probability, _ = group_posteriors(kb, log_lr, params, model_case)
        model_ranks.append(rank_of(probability, groups))
        model_time += time.perf_counter() - started
        if library is not None:
            from similar_cases_eval import case_record
            records.append(case_record(kb, library, case, probability, groups, "phenopacket-store",
                                       baseline_ranks[-1], model_ranks[-1]))
            if args.published_cases:
                published_records.append(published_record(with_cases, published_library, case, params,
                                                          baseline_ranks[-1], probability))
        if args.fit_temperature and groups:
            true_lr.append((best_rows, log_lr, groups))
    if args.fit_temperature:
        fit_temperature(kb, params, true_lr)
    solvable = [r for r, g in zip(model_ranks, in_kb) if g]
    print(json.dumps({"method": "likelihood-ratio, cases whose disease the knowledge base holds",
                      **summary(solvable, model_time * len(solvable) / max(len(model_ranks), 1))}))
    print(json.dumps({"method": "phenomizer-resnik-bma, cases whose disease the knowledge base holds",
                      **summary([r for r, g in zip(baseline_ranks, in_kb) if g], baseline_time)}))
    print(json.dumps({"method": "phenomizer-resnik-bma", **summary(baseline_ranks, baseline_time)}))
    print(json.dumps({"method": "likelihood-ratio", "kb_load_s": round(load, 2), "kb_load_cached_s": round(cached, 2),
                      **summary(model_ranks, model_time)}))
    if args.with_genes:
        with_genes(kb, cases, params, model_ranks)
    if args.published_cases and library is None:     # with --similar-cases its rows report the same model
        leave_one_publication_out(kb, args.file, cases, params)
    if library is not None:
        from similar_cases_eval import fit_and_report, print_rows
        for path in args.independent:
            records.extend(independent_records(kb, library, path, params, args.every))
        if args.dump:
            import pickle
            with open(args.dump, "wb") as handle:
                pickle.dump({"records": records, "published": published_records if args.published_cases else []},
                            handle)
        rows = fit_and_report(records)
        if args.published_cases:
            rows += fit_and_report(published_records, "likelihood-ratio + published cases")
        print_rows(rows)


def with_genes(kb, cases: list[dict], params, plain_ranks: list[float]) -> None:
    """The model with the causative gene symbols added (the ``gene`` scorer), beside the same cases without,
    per part of the publication split; only cases whose packet names a gene."""
    from similar_cases_eval import split_of

    from clinicite.reason.differential import group_posteriors, score_case
    from clinicite.reason.scoring import Case
    parts: dict[str, tuple[list, list]] = {}
    for case, plain in zip(cases, plain_ranks):
        if not case["genes"]:
            continue
        model_case = Case(tuple(case["observed"]), tuple(case["excluded"]), case["age_years"], case["sex"],
                          genes=case["genes"])
        log_lr, _ = score_case(kb, model_case, params)
        _, probability, _ = group_posteriors(kb, log_lr, params, model_case)
        without, named = parts.setdefault(split_of(case["publication"]), ([], []))
        without.append(plain)
        named.append(rank_of(probability, true_groups(kb, case["truth"])))
    for split, (without, named) in sorted(parts.items()):
        print(json.dumps({"method": "likelihood-ratio, cases naming a gene", "split": split, **summary(without, 0)}))
        print(json.dumps({"method": "likelihood-ratio + named gene", "split": split, **summary(named, 0)}))


def published_record(with_cases, library, case: dict, params, baseline_rank: float,
                     curated: np.ndarray | None = None):
    """One case ranked by the knowledge base with published cases, its own publication's cases unread."""
    from similar_cases_eval import case_record

    from clinicite.reason.baseline import phenomizer_scores
    from clinicite.reason.differential import group_posteriors, score_case
    from clinicite.reason.scoring import Case
    groups = true_groups(with_cases, case["truth"])
    log_lr, _ = score_case(with_cases, Case(tuple(case["observed"]), tuple(case["excluded"]), case["age_years"],
                                            case["sex"], held_out_publication=case["publication"]), params)
    _, probability, _ = group_posteriors(with_cases, log_lr, params)
    # the Phenomizer-style reader over the same knowledge, its own publication's patients unread too
    phenomizer = group_scores(with_cases, phenomizer_scores(with_cases, case["observed"], case["publication"]))
    record = case_record(with_cases, library, case, probability, groups, "phenopacket-store", baseline_rank,
                         rank_of(probability, groups), phenomizer)
    if curated is not None and len(record.union) and len(curated) == with_cases.n_groups:
        record.union_curated = curated[record.union].astype(np.float64)
    record.facts = {"observed": len(case["observed"]), "excluded": len(case["excluded"]), "age": case["age_years"],
                    "genes": case["genes"], "truth": case["truth"]}
    return record


def independent_records(kb, library, path: Path, params, every: int) -> list:
    """Cases of another phenopacket source: every one scored, none used to fit."""
    from similar_cases_eval import case_record

    from clinicite.reason.baseline import phenomizer_scores
    from clinicite.reason.differential import group_posteriors, score_case
    from clinicite.reason.scoring import Case
    records = []
    for number, case in enumerate(read_cases(path, None)):
        if number % every:
            continue
        groups = true_groups(kb, case["truth"])
        baseline = rank_of(group_scores(kb, phenomizer_scores(kb, case["observed"])), groups)
        model_case = Case(tuple(case["observed"]), tuple(case["excluded"]), case["age_years"], case["sex"])
        log_lr, _ = score_case(kb, model_case, params)
        _, probability, _ = group_posteriors(kb, log_lr, params, model_case)
        records.append(case_record(kb, library, case, probability, groups, path.name, baseline,
                                   rank_of(probability, groups)))
    return records


def leave_one_publication_out(kb, path: Path, cases: list[dict], params) -> None:
    from clinicite.reason.differential import group_posteriors, score_case
    from clinicite.reason.published_cases import read_published_cases
    from clinicite.reason.scoring import Case

    published = read_published_cases(path)
    started = time.perf_counter()
    with_cases = kb.with_cases(published)
    build = time.perf_counter() - started
    publications: dict[str, set] = {}
    for case in published:
        publications.setdefault(case.disease_id, set()).add(case.publication)
    ranks, answerable, elapsed = [], [], 0.0
    for case in cases:
        groups = true_groups(with_cases, case["truth"])
        started = time.perf_counter()
        log_lr, _ = score_case(with_cases, Case(tuple(case["observed"]), tuple(case["excluded"]), case["age_years"],
                                                case["sex"], held_out_publication=case["publication"]), params)
        _, probability, _ = group_posteriors(with_cases, log_lr, params)
        elapsed += time.perf_counter() - started
        ranks.append(rank_of(probability, groups))
        others = set().union(*(publications.get(d, set()) for d in case["truth"])) - {case["publication"]}
        answerable.append(bool(true_groups(kb, case["truth"])) or bool(others))
    solvable = [r for r, a in zip(ranks, answerable) if a]
    print(json.dumps({"method": "likelihood-ratio + published cases (leave-one-publication-out), answerable cases",
                      **summary(solvable, elapsed * len(solvable) / max(len(ranks), 1))}))
    print(json.dumps({"method": "likelihood-ratio + published cases (leave-one-publication-out)",
                      "build_s": round(build, 2), **summary(ranks, elapsed)}))


def fit_temperature(kb, params, cases) -> None:
    from clinicite.reason.differential import group_posteriors
    for temperature in (1, 1.5, 2, 3, 4, 6, 8):
        trial = dataclasses.replace(params, temperature=temperature)
        nll, top_mass = 0.0, []
        for _, log_lr, groups in cases[:1500]:
            _, probability, _ = group_posteriors(kb, log_lr, trial)
            p_true = max(probability[g] for g in groups)
            nll -= np.log(max(p_true, 1e-12))
            top_mass.append((probability.max(), probability.argmax() in groups))
        mass = np.array(top_mass, dtype=float)
        print(json.dumps({"temperature": temperature, "nll": round(nll / len(cases[:1500]), 3),
                          "mean_top_probability": round(float(mass[:, 0].mean()), 3),
                          "top1_accuracy": round(float(mass[:, 1].mean()), 3)}), file=sys.stderr)


if __name__ == "__main__":
    main()
