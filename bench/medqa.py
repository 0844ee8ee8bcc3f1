"""MedQA "most likely diagnosis" vignettes through the differential engine, with calibration.

    python bench/medqa.py [--benchmark ../shared/data/mirage/benchmark.json] [--phenopackets-every 40]
        [--limit N] [--fit]

Selection rule: a MedQA-US question whose LAST sentence asks for the diagnosis itself:
it contains "is the most likely diagnosis" or "most likely diagnosis?" (case-insensitive)
and none of "confirm", "test", "step", "treat", "management", "cause of" (those ask for a
test, a treatment or a mechanism, with a non-diagnosis answer). Split: held-out when the first byte of sha1(question id) is odd, train
when even (phenopackets: sha1 of the line number, the same rule). Everything fitted (the
temperature, with ``--fit``) sees only the train split; the figures are printed per split
and per corpus. Knowledge only: no literature index is searched.

Per vignette, the engine ranks the free differential from the findings read from the text
(:func:`clinicite.understand.understand_case`) and the genes it names; the correct option is
resolved to diseases with :func:`clinicite.reason.options.resolve_option_ids` (as a user's
option would be; with ``--vocabulary``, also through the disease vocabulary). Reported: share of answers the sources hold, top-1/5/10 of the answer in the
free differential (rows shown only when supported, as in ``clinicite diagnose``), accuracy
when ranking only the options (chance = mean of 1 / number of options), the share where
clinicite says the findings are absent or not covered, the number of unsupported rows in any
top 10, and calibration of the displayed top-1 probability (ECE over 10 equal-width bins; mean
top-1 probability vs top-1 accuracy; beside it, the ECE a perfectly calibrated display would score on the same
probabilities, ``ece_if_calibrated``: the binned ECE is biased upwards on few cases). Baselines in the same run: HEAD's ranking (the
rare-disease knowledge base without curated causes, ``rank_diseases`` at temperature 3) and a
prior-only ranking (the same candidates ordered by their age- and sex-dependent prior alone).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
# ../shared/data beside the checkout; from a worktree (/work/wt/NAME) it is one level further up.
SHARED = next((p / "shared" / "data" for p in (ROOT.parent, ROOT.parent.parent) if (p / "shared" / "data").is_dir()),
              ROOT.parent / "shared" / "data")
sys.path.insert(0, str(ROOT))
TEMPERATURES = (1, 1.5, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20)


def held_out(key: str) -> bool:
    return hashlib.sha1(key.encode()).digest()[0] % 2 == 1


def vignettes(path: Path, limit: int | None) -> list[dict]:
    data = json.loads(path.read_text(encoding="utf-8"))["medqa"]
    chosen = []
    for key, item in data.items():
        last = re.split(r"(?<=[.?!])\s+", item["question"].strip())[-1]
        if re.search(r"is the most likely diagnosis|most likely diagnosis\?", last, re.IGNORECASE) and \
                not re.search(r"confirm|test|step|treat|management|cause of", last, re.IGNORECASE):
            chosen.append({"id": key, "text": item["question"], "options": list(item["options"].values()),
                           "answer": item["options"][item["answer"]], "held_out": held_out(key)})
    return chosen[:limit] if limit else chosen


def phenopackets(path: Path, every: int) -> list[dict]:
    from clinicite.reason.cases import phenopacket_case, phenopacket_truth
    cases = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            if number % every:
                continue
            packet = json.loads(line)
            case = phenopacket_case(packet)
            cases.append({"id": str(number), "observed": case.observed, "excluded": case.excluded,
                          "age_years": case.age_years, "sex": case.sex, "truth": phenopacket_truth(packet),
                          "held_out": held_out(str(number))})
    return cases


def group_of(kb, disease_id):
    for equivalent in kb.equivalent_ids(disease_id) if disease_id else ():
        if equivalent in kb.row_of:
            return int(kb.row_group[kb.row_of[equivalent]])
    return None


OVERRIDES: dict[str, float] = {}
BEST_ROWS: list = [None]        # the last case's best row per group (which record leads a group)


def option_groups(kb, name: str, vocabulary=None) -> set[int]:
    """The disease groups an option stands for, resolved as ``rank_options`` resolves a user's option."""
    from clinicite.reason.options import resolve_option_ids
    return {g for i in resolve_option_ids(kb, name, vocabulary) if (g := group_of(kb, i)) is not None}


def raw_scores(kb, case_input):
    """Untempered log posterior per group and of the unnamed rest, support per group, prior per group."""
    from clinicite.reason.engine import score_all
    from clinicite.reason.scoring import Parameters, log_prior
    from clinicite.reason.differential import group_priors
    params = Parameters(**{**OVERRIDES, "temperature": 1.0})
    scored = score_all(kb, case_input, None, params)
    prior = group_priors(log_prior(kb, params, scored.case)[scored.best_rows], params)
    BEST_ROWS[0] = scored.best_rows
    return scored.group_score, scored.rest_score, scored.support, prior


def ranked_groups(score: np.ndarray, support: np.ndarray) -> np.ndarray:
    order = np.argsort(-score, kind="stable")
    return order[support[order]]


def round5_option_ids(kb, name: str, vocabulary=None) -> list[str]:
    """Baseline: round 5's option linker (exact names, the vocabulary's codes and family members, with no check
    that a linked record names the option's disease), for the same-run comparison of the "which of these?" figures."""
    from rapidfuzz import fuzz, process
    from clinicite.reason import options as o
    lexicon, curated = o.disease_lexicon(kb), o._curated_names()
    key = o._option_key(name)
    variants = [key, key.replace("anaemia", "anemia"), key.replace("haem", "hem").replace("oe", "e"),
                key.removesuffix(" disease"), key.removesuffix(" syndrome")]
    found = [curated[v] for v in variants if v in curated and curated[v] in kb.row_of]
    found += [lexicon[v] for v in variants if v in lexicon]
    found += [kb.equivalent_ids(i)[0] for i in o._vocabulary_ids(vocabulary, kb, name)]
    if not found:
        match = process.extractOne(key, lexicon.keys(), scorer=fuzz.token_sort_ratio, score_cutoff=o.FUZZY_CUTOFF)
        found = [lexicon[match[0]]] if match else []
    if found and any(o._row(kb, i) is not None for i in found):
        return list(dict.fromkeys(i for i in found if o._row(kb, i) is not None))
    words = key.split()
    members = [i for n, i in lexicon.items() if _kind_of_r5(o, words, n) and o._row(kb, i) is not None]
    return list(dict.fromkeys(members))[:o.FAMILY_SIZE]


def _kind_of_r5(o, words, name: str) -> bool:
    return bool(words) and o._kind_of(words, name.split())


def option_result(option_groups, score, prior, answer_index, phenotype=None):
    """``(options tuple, option evidence)`` of one vignette for one resolution of its options.

    ``phenotype``: per option, the log LR of an option no record holds but an HPO term names
    (:mod:`clinicite.reason.phenotype_option`), None otherwise; given only for this branch's linker."""
    if not option_groups:
        return None, None
    phenotype = phenotype or [None] * len(option_groups)
    # (log LR, log prior) of each option's best-fitting member, (log LR,) of a phenotype-named option, None when
    # the sources do not hold it: what clinicite.reason.calibration.option_probabilities weighs, as rank_options does.
    evidence = [((float(score[b] - prior[b]), float(prior[b])) if g else (ph,) if ph is not None else None)
                for g, ph in zip(option_groups, phenotype) for b in [max(g, key=lambda x: score[x]) if g else None]]
    valid = [(i, max(g, key=lambda x: score[x])) for i, g in enumerate(option_groups) if g]
    if not valid:
        return (False, False, False), evidence
    best = max(valid, key=lambda item: score[item[1]])[0]
    best_prior = max(valid, key=lambda item: prior[item[1]])[0]
    best_lr = max(valid, key=lambda item: score[item[1]] - prior[item[1]])[0]
    return (best == answer_index, best_prior == answer_index, best_lr == answer_index), evidence


def evaluate_case(kb, case_input, truth_groups: set[int], option_groups: list[int | None], answer_index: int,
                  baseline_groups=None, phenotype=None):
    score, rest, support, prior = raw_scores(kb, case_input)
    has_findings = bool(case_input.observed or case_input.genes)
    shown = ranked_groups(score, support) if has_findings else np.array([], dtype=int)
    rank = next((i + 1 for i, g in enumerate(shown[:10]) if int(g) in truth_groups), None)
    prior_order = ranked_groups(prior, support) if has_findings else np.array([], dtype=int)
    prior_rank = next((i + 1 for i, g in enumerate(prior_order[:10]) if int(g) in truth_groups), None)
    # As rank_options does: an option that stands for several groups takes its best-fitting member.
    options, option_evidence = option_result(option_groups, score, prior, answer_index, phenotype)
    baseline_options, baseline_evidence = option_result(baseline_groups, score, prior, answer_index)
    top = int(shown[0]) if len(shown) else None
    known = [t for t in case_input.observed if kb.ontology.resolve(t) in kb.term_index]
    source = "curated" if top is not None and kb.candidates[int(BEST_ROWS[0][top])].startswith("CLINICITE:") \
        else "knowledge"
    return {"rank": rank, "n_findings": len(known), "top_source": source, "prior_rank": prior_rank, "status": "ranked" if len(shown) else
            ("no_findings" if not has_findings else "not_covered"),
            "top_score": float(score[top]) if top is not None else None, "all": np.r_[score, rest],
            "top_correct": top is not None and top in truth_groups, "options": options,
            "option_evidence": option_evidence, "answer_index": answer_index,
            "baseline_options": baseline_options, "baseline_option_evidence": baseline_evidence,
            "baseline_held": bool(baseline_groups and baseline_groups[answer_index]),
            "from_text": bool(getattr(case_input, "text", None))}


def probability_of_top(result, temperature: float) -> float:
    every = result["all"] / temperature
    high = every.max()
    return float(np.exp(result["top_score"] / temperature - high) / np.exp(every - high).sum())


def displayed(result, temperature: float, maps: dict, fallback) -> float:
    from clinicite.reason.calibration import calibrate
    return calibrate(probability_of_top(result, temperature), regime_of(result), maps, fallback,
                     n_findings=result["n_findings"])


def regime_of(result) -> str:
    from clinicite.reason.calibration import regime
    return regime(result["n_findings"], result["top_source"], result.get("from_text", False))


def calibration(results, temperature: float, maps: dict | None = None, fallback=None, table=False) -> dict:
    """Mean displayed top-1 probability, top-1 accuracy and ECE of the ranked cases (and the reliability table)."""
    from clinicite.reason.calibration import reliability
    ranked = [r for r in results if r["top_score"] is not None]
    if not ranked:
        return {"n_ranked": 0}
    maps = CALIBRATION_MAPS if maps is None else maps
    fallback = GLOBAL if fallback is None else fallback
    p = [displayed(r, temperature, maps, fallback) for r in ranked]
    found = reliability(p, [r["top_correct"] for r in ranked])
    out = {"n_ranked": len(ranked), **{k: v for k, v in found.items() if k not in ("n", "table")}}
    if table:       # what a perfectly calibrated display would score on these cases (the ECE's small-sample floor)
        from clinicite.reason.calibration import ece_if_calibrated
        out["ece_if_calibrated"] = ece_if_calibrated(p)
    return {**out, "reliability": found["table"]} if table else out


CALIBRATION_MAPS: dict = {}          # the maps the engine uses (chosen by cross-validation on train)
BASELINE_MAPS: dict = {}             # round 5's choice rule and constants, reported on the same cases
EVERY_REGIME: dict = {}              # every map fitted, reported beside the chosen ones
GLOBAL: tuple[float, float] = (1.0, 0.0)


def fit(results, temperatures=TEMPERATURES) -> float:
    """Temperature minimising the log loss of "the top row is right" with its displayed probability."""
    best, best_loss = temperatures[0], np.inf
    for temperature in temperatures:
        ranked = [r for r in results if r["top_score"] is not None]
        p = np.clip([probability_of_top(r, temperature) for r in ranked], 1e-6, 1 - 1e-6)
        y = np.array([r["top_correct"] for r in ranked], dtype=float)
        loss = float(-(y * np.log(p) + (1 - y) * np.log(1 - p)).mean())
        print(json.dumps({"fit_temperature": temperature, "train_log_loss": round(loss, 4),
                          **calibration(ranked, temperature, {}, (1.0, 0.0))}), file=sys.stderr)
        if loss < best_loss:
            best, best_loss = temperature, loss
    return best


def summary(results, temperature) -> dict:
    n = len(results)
    ranks = [r["rank"] for r in results]
    prior_ranks = [r["prior_rank"] for r in results]
    options = [r["options"] for r in results if r["options"] is not None]

    def top(values, k):
        return round(sum(1 for v in values if v is not None and v <= k) / max(n, 1), 4)
    return {"n": n, "top1": top(ranks, 1), "top5": top(ranks, 5), "top10": top(ranks, 10),
            "prior_only_top1": top(prior_ranks, 1), "prior_only_top10": top(prior_ranks, 10),
            "options_accuracy": round(float(np.mean([o[0] for o in options])), 4) if options else None,
            "prior_only_options_accuracy": round(float(np.mean([o[1] for o in options])), 4) if options else None,
            "likelihood_ratio_only_options_accuracy": round(float(np.mean([o[2] for o in options])), 4)
            if options else None,
            "not_covered_share": round(sum(r["status"] != "ranked" for r in results) / max(n, 1), 4),
            **calibration(results, temperature)}


def calibration_report(medqa: dict, pheno: dict, temperature: float) -> None:
    """Per corpus and split: the regime maps against one global map (both fitted on train) and the round-3
    engine map, with the reliability table of the regime maps; and the cases per regime."""
    round3 = (0.45, -1.0)
    for corpus, results in (("medqa", medqa), ("phenopackets", pheno)):
        for split in ("train", "held_out"):
            rows = results[split]
            if not rows:
                continue
            print(json.dumps({"calibration": corpus, "split": split,
                              "chosen_maps": calibration(rows, temperature, table=True),
                              "regime_maps": calibration(rows, temperature, EVERY_REGIME),
                              "input_kind_maps": calibration(rows, temperature, {k: v for k, v in EVERY_REGIME.items()
                                                                                if "," not in k}),
                              "one_global_map": calibration(rows, temperature, {}, GLOBAL),
                              **{name: calibration(rows, temperature, maps, GLOBAL if "refitted" in name else
                                                   ROUND5_GLOBAL) for name, maps in BASELINE_MAPS.items()},
                              "round3_engine_map_T3": calibration(rows, 3.0, {}, round3)}))
            counts: dict[str, list] = {}
            for r in rows:
                if r["top_score"] is not None:
                    counts.setdefault(regime_of(r), []).append(r)
            print(json.dumps({"regimes": corpus, "split": split, **{name: calibration(chosen, temperature)
                                                                    for name, chosen in sorted(counts.items())}}))


def options_report(medqa: dict, refit: bool, prefix: str = "", words: bool = False) -> None:
    """"Which of these?": the options map fitted on MedQA train (or the engine's), reported per split with the
    displayed top option's calibration, beside round 4's display (softmax over the covered options at T=4).
    ``prefix="baseline_"``: the same for the options as round 5's linker resolved them (same run, same scores)."""
    from clinicite.reason import calibration as cal
    linker = "round 5 linker (baseline)" if prefix else "this linker, with the case's words" if words else \
        "this linker, findings only (round 8's map)"
    key = prefix + "option_evidence"
    fitted = cal.OPTIONS_MAP if words else {**cal.OPTIONS_MAP, "words": 0.0}

    def words_of(r):
        return r.get("option_words") if words else None
    if refit:
        fitted, loss = cal.fit_options([(r[key], r["answer_index"], words_of(r)) for r in medqa["train"] if r[key]])
        print(json.dumps({"linker": linker, "options_map_fitted_on_train": fitted, "train_log_loss": loss}))
    for split in ("train", "held_out"):
        results = medqa[split]
        held = [r[prefix + "held"] if prefix else r["held"] for r in results]
        argmax = [r[prefix + "options"][0] for r in results if r[prefix + "options"] is not None]
        print(json.dumps({"linker": linker, "split": split, "n": len(results),
                          "answer_held_share": round(float(np.mean(held)), 4),
                          "options_accuracy_posterior_argmax": round(float(np.mean(argmax)), 4) if argmax else None}))
        chosen = [r for r in results if r[key] and any(o for o in r[key])]
        shown, right, round4, loss = [], [], [], []
        for r in chosen:
            evidence = r[key]
            p = cal.option_probabilities(evidence, fitted, words_of(r))
            covered = [i for i, o in enumerate(evidence) if o is not None]
            top = max(covered, key=lambda i: p[i])
            shown.append(float(p[top]))
            right.append(top == r["answer_index"])
            loss.append(-np.log(max(float(p[r["answer_index"]]), 1e-9)))
            values = np.array([sum(evidence[i]) / TEMPERATURE_FOR_ROUND4 for i in covered])   # (log LR,): prior 0
            weights = np.exp(values - values.max())
            round4.append(float(weights[covered.index(top)] / weights.sum()) if top in covered else 0.0)
        found = {**cal.reliability(shown, right), "ece_if_calibrated": cal.ece_if_calibrated(shown)}
        old = cal.reliability(round4, right)
        print(json.dumps({"linker": linker, "options": split, "n": len(chosen),
                          "top_option_right_of_all_vignettes": f"{sum(right)}/{len(results)}", "fitted_map": {
            "top_option_accuracy": found.get("top1_accuracy"), "mean_top_option_probability":
            found.get("mean_top1_probability"), "ece": found.get("ece"), "ece_if_calibrated": found["ece_if_calibrated"],
            "log_loss_of_correct_option": round(float(np.mean(loss)), 4) if loss else None},
            "round4_display_softmax_over_covered_T4": {"mean_top_option_probability": old.get("mean_top1_probability"),
                                                       "ece": old.get("ece")},
            "chance": round(float(np.mean([1 / len(r["option_evidence"]) for r in chosen])), 4) if chosen else None,
            "reliability": found.get("table")}))


TEMPERATURE_FOR_ROUND4 = 4.0
ROUND5_GLOBAL = (0.5, -0.3)


def head_baseline(kb_head, rows, temperature=3.0) -> dict:
    """HEAD's ranking: rare-disease knowledge only, rank_diseases, displayed probability at its temperature."""
    from clinicite.reason.differential import rank_diseases
    from clinicite.reason.options import resolve_option
    from clinicite.reason.scoring import Parameters
    hits, tops = [], []
    for row, facts in rows:
        ranked = rank_diseases(kb_head, facts.observed, facts.excluded, facts.age_years, facts.sex, top=10,
                               params=Parameters(temperature=temperature))
        answer = resolve_option(kb_head, row["answer"])
        ids = set(kb_head.equivalent_ids(answer)) if answer else set()
        rank = next((d.rank for d in ranked.diagnoses if ids & set(d.ids)), None)
        hits.append(rank)
        if ranked.diagnoses:
            tops.append((ranked.diagnoses[0].probability, rank == 1))
    n = len(rows)
    t = np.array(tops, dtype=float) if tops else np.zeros((0, 2))
    return {"method": "HEAD ranking (rare-disease KB, rank_diseases, T=3)", "n": n,
            "top1": round(sum(h == 1 for h in hits) / max(n, 1), 4),
            "top10": round(sum(h is not None for h in hits) / max(n, 1), 4),
            "mean_top1_probability": round(float(t[:, 0].mean()), 4) if len(t) else None,
            "top1_accuracy_when_ranked": round(float(t[:, 1].mean()), 4) if len(t) else None,
            "ranked_with_no_finding": sum(1 for _, f in rows if not f.observed)}


def option_phenotypes(kb, names, groups, observed) -> list[float | None]:
    """Per option no record holds: the log LR of the HPO term of its name (None when it has none), as
    rank_options weighs it."""
    from clinicite.reason.engine import engine_parameters
    from clinicite.reason.phenotype_option import phenotype_log_lr, phenotype_term
    known = [t for t in observed if kb.ontology.resolve(t) in kb.term_index]
    params = engine_parameters(None)
    found: list[float | None] = []
    for name, group in zip(names, groups):
        term = None if group or not known else phenotype_term(kb, name)
        found.append(phenotype_log_lr(kb, term, known, params) if term else None)
    return found


def option_words(kb, text, names, groups, score) -> list[float | None]:
    """Per option, the BM25 score of the vignette's words against the prose of its best-fitting group's records
    (or of the HPO term it names), as rank_options weighs it (:mod:`clinicite.reason.options_words`)."""
    from clinicite.reason.options_words import option_word_match
    from clinicite.reason.phenotype_option import phenotype_term
    found: list[float | None] = []
    for name, group in zip(names, groups):
        disease_id = kb.candidates[int(BEST_ROWS[0][max(group, key=lambda x: score[x])])] if group else None
        match = option_word_match(kb, text, name, disease_id, None if group else phenotype_term(kb, name))
        found.append(match.score if match else None)
    return found


def compute(args):
    """Every vignette and phenopacket case through the engine: ``(medqa, phenopackets, rows, unsupported)``."""
    from clinicite.ingest.hpo import load_ontology
    from clinicite.reason.engine import CaseInput, build_differential
    from clinicite.reason.knowledge import KnowledgeBase
    from clinicite.understand import understand_case
    from clinicite.understand.genes import find_genes

    started = time.perf_counter()
    kb = KnowledgeBase.from_files(orphapackets=args.orphanet)
    ontology = load_ontology()
    print(json.dumps({"kb_load_s": round(time.perf_counter() - started, 1), **kb.summary()}))
    vocabulary = None
    if args.vocabulary:
        from clinicite.reason.vocabulary import link_knowledge_base, load_vocabulary
        vocabulary = link_knowledge_base(load_vocabulary(args.vocabulary), kb)
    medqa, rows = {"train": [], "held_out": []}, []
    unsupported = 0
    for item in vignettes(args.benchmark, args.limit):
        facts = understand_case(item["text"], ontology)
        genes = [g.symbol for g in find_genes(item["text"], kb.gene_rows)]
        case = CaseInput(facts.observed, facts.excluded, facts.age_years, facts.sex, facts.family_history, genes,
                         item["text"])
        options = [option_groups(kb, o, vocabulary) for o in item["options"]]
        baseline = [{g for i in round5_option_ids(kb, o, vocabulary) if (g := group_of(kb, i)) is not None}
                    for o in item["options"]]
        answer_index = item["options"].index(item["answer"])
        truth = set(options[answer_index])
        phenotype = option_phenotypes(kb, item["options"], options, case.observed)
        result = evaluate_case(kb, case, truth, options, answer_index, baseline, phenotype)
        result["phenotype_options"] = [p is not None for p in phenotype]
        result["option_words"] = option_words(kb, item["text"], item["options"], options, result["all"][:-1])
        result["id"], result["options_named"] = item["id"], item["options"]
        result["links"] = [sorted(kb.candidates[int(BEST_ROWS[0][g])] for g in groups) for groups in options]
        result["baseline_links"] = [sorted(kb.candidates[int(BEST_ROWS[0][g])] for g in groups) for groups in baseline]
        shown = build_differential(kb, case, top=10).diagnoses      # as `clinicite diagnose` shows it
        unsupported += sum(1 for d in shown if not any(w.weight > 0 for w in d.for_))
        result["held"] = bool(truth)
        result["chance"] = 1 / len(item["options"])
        medqa["held_out" if item["held_out"] else "train"].append(result)
        rows.append((item, facts))
        if len(rows) % 20 == 0:
            print(json.dumps({"progress": "medqa", "done": len(rows)}), file=sys.stderr, flush=True)
    pheno = {"train": [], "held_out": []}
    if args.phenopackets_every and args.phenopackets.is_file():
        for item in phenopackets(args.phenopackets, args.phenopackets_every):
            case = CaseInput(item["observed"], item["excluded"], item["age_years"], item["sex"])
            truth = {g for d in item["truth"] if (g := group_of(kb, d)) is not None}
            pheno["held_out" if item["held_out"] else "train"].append(evaluate_case(kb, case, truth, [], 0))
            done = len(pheno["train"]) + len(pheno["held_out"])
            if done % 50 == 0:
                print(json.dumps({"progress": "phenopackets", "done": done}), file=sys.stderr, flush=True)
    return medqa, pheno, rows, unsupported


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--benchmark", type=Path, default=SHARED / "mirage" / "benchmark.json")
    parser.add_argument("--phenopackets", type=Path, default=SHARED / "phenopackets" / "dev.jsonl.gz")
    parser.add_argument("--phenopackets-every", type=int, default=40)
    parser.add_argument("--orphanet", type=Path, default=SHARED / "orphanet" / "orphapackets.jsonl.gz")
    parser.add_argument("--limit", type=int)
    parser.add_argument("--fit", action="store_true", help="fit the temperature on the train split")
    parser.add_argument("--no-head", action="store_true", help="skip the HEAD baseline (saves a KB build)")
    parser.add_argument("--set", action="append", default=[], help="override a model parameter: name=value")
    parser.add_argument("--load", type=Path, help="read the raw results --dump wrote instead of computing them")
    parser.add_argument("--dump", type=Path, help="write every case's raw result (pickle) for offline refits")
    parser.add_argument("--vocabulary", type=Path, help="cache folder of the disease vocabulary: options are "
                        "also resolved through it, as `clinicite diagnose` does with a home's vocabulary")
    args = parser.parse_args()
    OVERRIDES.update({k: float(v) for k, v in (item.split("=", 1) for item in args.set)})

    from clinicite.reason.engine import TEMPERATURE
    if args.load:
        import pickle
        loaded = pickle.loads(args.load.read_bytes())
        medqa, pheno, rows, unsupported = loaded["medqa"], loaded["phenopackets"], [], loaded.get("unsupported")
    else:
        medqa, pheno, rows, unsupported = compute(args)
    if args.dump:
        import pickle
        args.dump.write_bytes(pickle.dumps({"medqa": medqa, "phenopackets": pheno, "unsupported": unsupported}))
    global GLOBAL
    temperature = fit(medqa["train"] + pheno["train"]) if args.fit else TEMPERATURE
    if args.fit:
        from clinicite.reason.calibration import PLATT_BY_REGIME, choose_maps, choose_maps_by_kind, fit_regimes
        train = [r for r in medqa["train"] + pheno["train"] if r["top_score"] is not None]
        fit_rows = [(regime_of(r), probability_of_top(r, temperature),
                     r["top_correct"], r["n_findings"]) for r in train]
        GLOBAL, maps, cv = choose_maps_by_kind(fit_rows)
        _, round5_maps, round5_cv = choose_maps(fit_rows)
        _, every_regime = fit_regimes(fit_rows)
        print(json.dumps({"cross_validated_train_log_loss_per_input_kind": cv,
                          "round5_rule_one_choice_for_both_kinds": round5_cv, "regime_maps_fitted": every_regime}))
        CALIBRATION_MAPS.update(maps)
        EVERY_REGIME.update(every_regime)
        BASELINE_MAPS["round 5 rule refitted (one CV choice for both kinds)"] = round5_maps
        BASELINE_MAPS["engine constants (calibration.PLATT_BY_REGIME)"] = dict(PLATT_BY_REGIME)
    else:
        from clinicite.reason.calibration import GLOBAL_PLATT, PLATT_BY_REGIME
        GLOBAL = GLOBAL_PLATT
        CALIBRATION_MAPS.update(PLATT_BY_REGIME)
        EVERY_REGIME.update(PLATT_BY_REGIME)
    print(json.dumps({"temperature": temperature, "global_platt": GLOBAL,
                      "platt_by_regime": CALIBRATION_MAPS,
                      "fitted_on": "train split" if args.fit else "engine default"}))
    for split in ("train", "held_out"):
        results = medqa[split]
        print(json.dumps({"corpus": "medqa most-likely-diagnosis", "split": split, "temperature": temperature,
                          "answer_held_share": round(float(np.mean([r["held"] for r in results])), 4),
                          "chance_options": round(float(np.mean([r["chance"] for r in results])), 4),
                          **summary(results, temperature)}))
        if pheno[split]:
            print(json.dumps({"corpus": f"phenopackets dev every {args.phenopackets_every}th", "split": split,
                              "temperature": temperature, **summary(pheno[split], temperature)}))
    calibration_report(medqa, pheno, temperature)
    options_report(medqa, args.fit)
    options_report(medqa, args.fit, words=True)
    options_report(medqa, args.fit, "baseline_")
    print(json.dumps({"unsupported_rows_in_top10": unsupported,
                      "rule": "a shown row without any finding, gene or passage weighing for it"}))
    if not args.no_head and rows:
        from clinicite.reason.knowledge import KnowledgeBase
        kb_head = KnowledgeBase.from_files(orphapackets=args.orphanet, common_causes=False)
        for split in ("train", "held_out"):
            chosen = [(item, facts) for item, facts in rows if item["held_out"] == (split == "held_out")]
            print(json.dumps({"split": split, **head_baseline(kb_head, chosen)}))


if __name__ == "__main__":
    main()
