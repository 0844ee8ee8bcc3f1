"""Per-case candidate features for learning to rank the phenopacket differential (issue 11).

    python bench/rank_features.py [FILE] --every 4 --out /tmp/rank_features.pkl [--published-cases]

For every kept case of FILE (default: the dev phenopackets) it ranks the case three ways, each with every
library case of its own publication left out: the likelihood-ratio model (:mod:`clinicite.reason.differential`),
the Phenomizer-style Resnik best-match average (:mod:`clinicite.reason.baseline`) and the similar-case vote
(:mod:`clinicite.reason.similar_cases`). It keeps, per case, the candidate disease groups any of them puts
near the top and one feature row per candidate (:data:`FEATURES`), and writes them with the case's
publication, its fit/held-out part (:func:`similar_cases_eval.split_of`) and its true groups. Fitting and
reporting are in ``bench/learn_to_rank.py``; nothing here is fitted.
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from phenopackets import SHARED, group_scores, rank_of, read_cases, true_groups  # noqa: E402
from similar_cases_eval import split_of  # noqa: E402

LR_TOP, PHENOMIZER_TOP = 200, 50
FEATURES = ("log_p", "log_p_gap", "log_lr_rank", "phenotype", "unreported", "excluded", "onset", "prior",
            "excluded_raw", "phenomizer", "phenomizer_gap", "log_phenomizer_rank", "vote_sharp", "vote_soft",
            "best_similarity_gap", "published_log_p")


def excluded_raw(kb, case, rows: np.ndarray) -> np.ndarray:
    """Per candidate row: sum over excluded findings of log(1 - F(d, q)), floored at log 0.05, unweighted:
    how strongly the disease would have shown what the patient is said not to have."""
    total = np.zeros(len(rows))
    from clinicite.reason.scoring import known_terms
    for term in known_terms(kb, case.excluded):
        frequency = kb.frequency_block(rows, np.array([kb.term_index[term]])).ravel()
        total += np.log(np.maximum(1.0 - frequency, 0.05))
    return total


def case_features(kb, library, case: dict, params, with_cases=None) -> dict:
    from clinicite.reason.baseline import phenomizer_scores
    from clinicite.reason.differential import group_posteriors, score_case
    from clinicite.reason.scoring import Case, case_rows, log_prior
    from clinicite.reason.similar_cases import vote
    groups = true_groups(kb, case["truth"])
    model_case = Case(tuple(case["observed"]), tuple(case["excluded"]), case["age_years"], case["sex"])
    log_lr, evidence = score_case(kb, model_case, params)
    best_rows, probability, _ = group_posteriors(kb, log_lr, params, model_case)
    log_p = np.log(np.maximum(probability, 1e-300))
    phen = group_scores(kb, phenomizer_scores(kb, case["observed"]))
    neighbours = library.neighbours(case["observed"], case["excluded"], leave_out=case["publication"], k=50)
    sharp = vote(neighbours, kb.n_groups, 0.25)
    soft = vote(neighbours, kb.n_groups, 1.0)
    best_similarity = np.full(kb.n_groups, 0.0)
    top_similarity = neighbours[0].similarity if neighbours else 0.0
    for n in reversed(neighbours):
        if n.group >= 0:
            best_similarity[n.group] = n.similarity - top_similarity
    lr_rank = np.empty(kb.n_groups)
    lr_rank[np.argsort(-probability, kind="stable")] = np.arange(1, kb.n_groups + 1)
    phen_rank = np.empty(kb.n_groups)
    phen_rank[np.argsort(-phen, kind="stable")] = np.arange(1, kb.n_groups + 1)
    candidates = set(np.argsort(-probability)[:LR_TOP].tolist()) | set(np.argsort(-phen)[:PHENOMIZER_TOP].tolist())
    candidates |= {n.group for n in neighbours if n.group >= 0}
    candidates = np.array(sorted(candidates), dtype=np.int64)
    rows = best_rows[candidates]
    prior = log_prior(kb, params, model_case)
    published = np.zeros(len(candidates))
    if with_cases is not None:
        held = Case(model_case.observed, model_case.excluded, model_case.age_years, model_case.sex,
            held_out_publication=case["publication"])
        p_lr, _ = score_case(with_cases, held, params)
        _, p_prob, _ = group_posteriors(with_cases, p_lr, params)
        published = np.log(np.maximum(p_prob[candidates], 1e-300))
    sex_rows = case_rows(kb, model_case.sex)
    x = np.column_stack([
        log_p[candidates], log_p[candidates] - log_p.max(), np.log(lr_rank[candidates]),
        evidence["phenotype"].log_lr[rows], evidence["unreported"].log_lr[rows], evidence["excluded"].log_lr[rows],
        evidence["onset"].log_lr[rows], prior[rows], excluded_raw(kb, model_case, sex_rows[rows]),
        phen[candidates], phen[candidates] - phen.max(), np.log(phen_rank[candidates]),
        sharp[candidates], soft[candidates], best_similarity[candidates], published,
    ]).astype(np.float32)
    return {"publication": case["publication"], "split": split_of(case["publication"]), "true": groups,
            "candidates": candidates, "x": x, "lr_rank": rank_of(probability, groups),
            "phenomizer_rank": rank_of(phen, groups), "n_observed": len(case["observed"]),
            "n_excluded": len(case["excluded"]), "age": case["age_years"], "truth": case["truth"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", type=Path, nargs="?", default=SHARED / "phenopackets" / "dev.jsonl.gz")
    parser.add_argument("--every", type=int, default=4)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--published-cases", action="store_true")
    args = parser.parse_args()
    from clinicite.reason.knowledge import KnowledgeBase
    from clinicite.reason.scoring import Parameters
    from clinicite.reason.similar_cases import CaseLibrary
    orphanet = SHARED / "orphanet" / "orphapackets.jsonl.gz"
    kb = KnowledgeBase.from_files(orphapackets=orphanet if orphanet.is_file() else None)
    library = CaseLibrary.from_path(kb, args.file)
    with_cases = None
    if args.published_cases:
        from clinicite.reason.published_cases import read_published_cases
        with_cases = kb.with_cases(read_published_cases(args.file))
    params = Parameters()
    cases = [c for i, c in enumerate(read_cases(args.file, None)) if i % args.every == 0]
    out, started = [], time.perf_counter()
    for number, case in enumerate(cases):
        out.append(case_features(kb, library, case, params, with_cases))
        if number % 100 == 0:
            print(f"{number}/{len(cases)} {time.perf_counter() - started:.0f}s", file=sys.stderr, flush=True)
    with open(args.out, "wb") as handle:
        pickle.dump({"features": FEATURES, "cases": out, "n_groups": kb.n_groups}, handle)


if __name__ == "__main__":
    main()
