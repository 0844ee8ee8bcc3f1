"""Benchmark of direct, cited answers on BioASQ task B and PubMedQA, with baselines from the same run.

Usage::

    python bench/answers.py --set bioasq --split dev --limit 100      # develop on BioASQ 7B-9B
    python bench/answers.py --set bioasq --split test --limit 200     # report on BioASQ 10B-11B
    python bench/answers.py --set pubmedqa --split train --fit        # fit the verdict model (non-test 500)
    python bench/answers.py --set pubmedqa --split test               # the official 500 test PMIDs

Each question is answered over its own corpus, in a fresh home: BioASQ, the
question's gold snippets (one document per PubMed id); PubMedQA, the question's
abstract without its conclusion (the "reasoning-required" setting of Jin et
al., 2019). Measured, with the official BioASQ measures (Tsatsaronis et al., 2015):

- yes/no: accuracy and macro-F1 (an abstention counts as wrong); baseline: the majority class;
- factoid: strict accuracy (the first name matches a gold synonym) and MRR over the first five;
  baseline: the names of the top-ranked snippet, ranked the same way;
- list: mean F1 of the names given against the gold items; baseline: names of the top snippet;
- ideal answers (every type): ROUGE-2 and ROUGE-SU4 F (rouge-metric) of bottom line + bullets;
  baseline: the top-ranked snippet;
- PubMedQA: yes/no/maybe accuracy and macro-F1 against the majority class;
- citations: share of bullets cited, share of citations whose quote is exactly the stored text at its
  offsets; abstention rate.

BioASQ has no training split of its own here: 7B-9B are used to develop and fit, 10B-11B are held out.
The last line printed is one JSON object with all figures.
"""

from __future__ import annotations

import argparse
import html
import json
import random
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
if not DATA.is_dir():
    DATA = Path("/work/shared/data")
BIOASQ_SPLITS = {"dev": ("Task7B", "Task8B", "Task9B"), "test": ("Task10B", "Task11B")}
COMPOSER = None      # None: the configured (extractive) composer; bench/answers_llm.py sets a language model


def normal(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


# ---------------------------------------------------------------- data sets

def bioasq_questions(split: str) -> list[dict]:
    questions = []
    for path in sorted((DATA / "bioasq").glob("Task*BGoldenEnriched/*_golden.json")):
        if path.parent.name.startswith(BIOASQ_SPLITS[split]):
            questions += json.loads(path.read_text())["questions"]
    return questions


def bioasq_documents(question: dict):
    from clinicite.ingest.document import Document, Section
    parts: dict[str, dict[str, list[str]]] = {}
    for snippet in question.get("snippets", []):
        pmid = snippet["document"].rstrip("/").rsplit("/", 1)[-1]
        part = "title" if snippet.get("beginSection") == "title" else "abstract"
        texts = parts.setdefault(pmid, {"title": [], "abstract": []})[part]
        # Some gold snippets keep the abstract's markup ("<br><b>CONCLUSIONS</b>:"); PubMed shows it as text.
        text = " ".join(re.sub(r"<[^>]{0,80}>", " ", html.unescape(snippet["text"])).split())
        if text and text not in texts:
            texts.append(text)
    documents = []
    for pmid, found in parts.items():
        # No title snippet: the record is stored without one (references say "Title not held"), never "PubMed N".
        title = found["title"][0] if found["title"] else ""
        documents.append(Document(id=f"pmid:{pmid}", source="pubmed", title=title, pmid=pmid,
                                  sections=[Section(t) for t in found["abstract"]]).assemble())
    return documents


def pubmedqa_items(split: str) -> list[tuple[str, dict]]:
    records = json.loads((DATA / "pubmedqa" / "ori_pqal.json").read_text())
    test = set(json.loads((DATA / "pubmedqa" / "test_ground_truth.json").read_text()))
    chosen = [p for p in sorted(records) if (p in test) == (split == "test")]
    return [(p, records[p]) for p in chosen]


def pubmedqa_document(pmid: str, record: dict):
    from clinicite.ingest.document import Document, Section
    sections = [Section(text, label=label) for text, label in zip(record["CONTEXTS"], record["LABELS"])]
    year = int(record["YEAR"]) if str(record.get("YEAR", "")).isdigit() else None
    # PQA-L questions are the articles' titles reworded; the title is the question, the conclusion is left out.
    return Document(id=f"pmid:{pmid}", source="pubmed", title=record["QUESTION"], pmid=pmid, year=year,
                    sections=sections).assemble()


# ---------------------------------------------------------------- answering

class Home:
    """A home holding ``documents`` (lexical search only, as every setting of this bench), open for answering."""

    def __init__(self, folder: Path, documents=None):
        from clinicite.index.hybrid import SearchIndex
        from clinicite.settings import load_settings
        from clinicite.store.database import Database
        from clinicite.store.documents import save_documents
        self.settings = load_settings(home=folder, embedding_model="none")
        self.database = Database.open(self.settings.resolved_database_url)
        if documents:
            with self.database.session() as session:
                save_documents(session, documents)
        self.index = SearchIndex.open(self.settings, self.database)
        self.index.sync()

    def answer(self, question: str):
        """The answer, the top-ranked passage's text and the seconds answering took."""
        from clinicite.compose import ComposeContext, answer_question
        started = time.perf_counter()
        answer = answer_question(question, context=ComposeContext(settings=self.settings, database=self.database,
                                                                  searcher=self.index, composer=COMPOSER))
        elapsed = time.perf_counter() - started
        top = self.index.search(question, k=1)
        return answer, (top[0].text if top else ""), elapsed

    def close(self) -> None:
        self.database.engine.dispose() if hasattr(self.database, "engine") else None


def answer_over(documents, question: str):
    """Answer ``question`` in a fresh home holding only ``documents``; also the top-ranked passage."""
    with tempfile.TemporaryDirectory(prefix="clinicite-bench-") as folder:
        home = Home(Path(folder), documents)
        try:
            return home.answer(question)
        finally:
            home.close()


def citation_checks(answer, documents) -> tuple[int, int, int, int]:
    """(bullets, bullets cited, citations, citations whose quote is the stored text at its offsets)."""
    texts = {d.id: d.text for d in documents}
    bullets = [b for s in answer.sections for b in s.bullets]
    cited = sum(1 for b in bullets if b.citations)
    citations = answer.citations()
    exact = sum(1 for c in citations if texts.get(c.document_id, "")[c.start:c.end] == c.quote)
    return len(bullets), cited, len(citations), exact


def answer_text(answer) -> str:
    """The whole answer: bottom line and every bullet (the ideal-answer measure of rounds 2-5)."""
    if answer.abstained:
        return ""
    return " ".join([answer.bottom_line] + [b.text for s in answer.sections for b in s.bullets])


def summary_text(answer) -> str:
    """The answer's summary, the ideal-answer measure from round 6: the bullets of its "Summary" section,
    after the bottom line when that is a quoted sentence (a summary question). A verdict or a list of names
    is the exact answer, not the summary; an answer without a Summary section counts its bottom line."""
    if answer.abstained:
        return ""
    summary = [b.text for s in answer.sections if s.key == "summary" for b in s.bullets]
    quoted = getattr(answer, "question_form", "summary") == "summary" or not summary
    return " ".join(([answer.bottom_line] if quoted else []) + summary)


def top_snippet_names(question: str, snippet: str, form: str) -> list[str]:
    """Baseline: the names of the top-ranked snippet, ranked by the same candidate scorer."""
    from clinicite.compose.entities import rank_candidates, shown_candidates
    from clinicite.compose.evidence import Evidence, Source, QuotedSpan
    from clinicite.compose.grading import grade_source
    if not snippet:
        return []
    source = Source(id="top", title="", source_type="pubmed", grade=grade_source("pubmed"))
    item = Evidence(source, snippet, [QuotedSpan(0, len(snippet), snippet)], relevance=1.0)
    return [c.text for c in shown_candidates(form, rank_candidates(question, [item], [0]))]


# ---------------------------------------------------------------- measures

def macro_f1(gold: list[str], predicted: list[str], labels: tuple[str, ...]) -> float:
    scores = []
    for label in labels:
        tp = sum(1 for g, p in zip(gold, predicted) if g == label and p == label)
        fp = sum(1 for g, p in zip(gold, predicted) if g != label and p == label)
        fn = sum(1 for g, p in zip(gold, predicted) if g == label and p != label)
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return statistics.mean(scores)


def accuracy(gold: list[str], predicted: list[str]) -> float:
    return sum(g == p for g, p in zip(gold, predicted)) / len(gold) if gold else 0.0


def matches(name: str, synonyms: list[str]) -> bool:
    value = normal(name)
    return bool(value) and any(value == normal(s) for s in synonyms)


def factoid_scores(names: list[str], gold: list) -> tuple[float, float]:
    synonyms = [s for group in gold for s in (group if isinstance(group, list) else [group])]
    rank = next((n for n, name in enumerate(names[:5], start=1) if matches(name, synonyms)), None)
    return (1.0 if rank == 1 else 0.0), (1.0 / rank if rank else 0.0)


def list_f1(names: list[str], gold: list) -> float:
    groups = [g if isinstance(g, list) else [g] for g in gold]
    if not names or not groups:
        return 0.0
    hit_groups = sum(1 for g in groups if any(matches(n, g) for n in names))
    correct = sum(1 for n in names if any(matches(n, g) for g in groups))
    precision, recall = correct / len(names), hit_groups / len(groups)
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def rouge(candidates: list[str], references: list[str]) -> dict[str, float]:
    try:
        from rouge_metric import PyRouge
    except ImportError:     # a bench extra (pyproject): the other figures of a long run are not lost without it
        return {"rouge_2": None, "rouge_su4": None, "note": "rouge-metric not installed"}
    pairs = [(c, r) for c, r in zip(candidates, references) if r]
    scorer = PyRouge(rouge_n=(2,), rouge_l=False, rouge_su=True, skip_gap=4)
    total = {"rouge_2": [], "rouge_su4": []}
    for candidate, reference in pairs:
        if not candidate.strip():
            total["rouge_2"].append(0.0)
            total["rouge_su4"].append(0.0)
            continue
        score = scorer.evaluate([candidate], [[reference]])
        total["rouge_2"].append(score["rouge-2"]["f"])
        total["rouge_su4"].append(score["rouge-su4"]["f"])
    return {k: round(statistics.mean(v), 4) if v else None for k, v in total.items()}


# ---------------------------------------------------------------- runs

def run_bioasq(split: str, limit: int, seed: int, dump: str | None = None) -> dict:
    questions = bioasq_questions(split)
    random.Random(seed).shuffle(questions)
    questions = [q for q in questions if q.get("snippets")][:limit]
    from clinicite.understand.question import question_form
    rows = []
    for question in questions:
        documents = bioasq_documents(question)
        answer, top, elapsed = answer_over(documents, question["body"])
        ideal = question.get("ideal_answer")
        rows.append({"type": question["type"], "form": question_form(question["body"]), "answer": answer,
                     "top": top, "elapsed": elapsed, "gold": question.get("exact_answer"),
                     "ideal": ideal[0] if isinstance(ideal, list) and ideal else (ideal or ""),
                     "checks": citation_checks(answer, documents), "body": question["body"]})
    if dump:
        _dump_bioasq(rows, dump)
    result = {"set": "bioasq", "split": split, "questions": len(rows), "types": dict(Counter(r["type"] for r in rows)),
              "form_accuracy": round(accuracy([r["type"] for r in rows], [r["form"] for r in rows]), 4)}
    yesno = [r for r in rows if r["type"] == "yesno"]
    if yesno:
        gold = [str(r["gold"]).lower() for r in yesno]
        predicted = [_yes_or_no(r["answer"]) for r in yesno]
        majority = [Counter(str(q.get("exact_answer")).lower() for q in bioasq_questions("dev")
                            if q["type"] == "yesno").most_common(1)[0][0]] * len(gold)
        result["yesno"] = {"n": len(gold), "accuracy": round(accuracy(gold, predicted), 4),
                           "macro_f1": round(macro_f1(gold, predicted, ("yes", "no")), 4),
                           "majority_accuracy": round(accuracy(gold, majority), 4),
                           "majority_macro_f1": round(macro_f1(gold, majority, ("yes", "no")), 4)}
    for kind in ("factoid", "list"):
        chosen = [r for r in rows if r["type"] == kind and r["gold"]]
        if not chosen:
            continue
        ours = [r["answer"].entities if not r["answer"].abstained else [] for r in chosen]
        base = [top_snippet_names(r["answer"].question, r["top"], kind) for r in chosen]
        if kind == "factoid":
            scored = [factoid_scores(n, r["gold"]) for n, r in zip(ours, chosen)]
            baseline = [factoid_scores(n, r["gold"]) for n, r in zip(base, chosen)]
            result["factoid"] = {"n": len(chosen), "strict_accuracy": _mean(s[0] for s in scored),
                                 "mrr": _mean(s[1] for s in scored),
                                 "top_snippet_strict_accuracy": _mean(s[0] for s in baseline),
                                 "top_snippet_mrr": _mean(s[1] for s in baseline)}
        else:
            result["list"] = {"n": len(chosen), "mean_f1": _mean(list_f1(n, r["gold"]) for n, r in zip(ours, chosen)),
                              "top_snippet_mean_f1": _mean(list_f1(n, r["gold"]) for n, r in zip(base, chosen))}
    ideal_rows = [r for r in rows if r["ideal"]]
    result["ideal"] = {"n": len(ideal_rows), **rouge([summary_text(r["answer"]) for r in ideal_rows],
                                                     [r["ideal"] for r in ideal_rows]),
                       "whole_answer": rouge([answer_text(r["answer"]) for r in ideal_rows],
                                             [r["ideal"] for r in ideal_rows]),
                       "top_snippet": rouge([r["top"] for r in ideal_rows], [r["ideal"] for r in ideal_rows])}
    result.update(_common(rows))
    return result


def _dump_bioasq(rows: list[dict], path: str) -> None:
    """Each answer's parts (JSON lines), so list and ideal answers can be studied without answering again."""
    with open(path, "w") as out:
        for r in rows:
            a = r["answer"]
            out.write(json.dumps({"type": r["type"], "form": r["form"], "body": r["body"], "gold": r["gold"],
                                  "ideal": r["ideal"], "top": r["top"], "abstained": a.abstained, "title": a.title,
                                  "bottom_line": a.bottom_line, "entities": a.entities, "verdict": a.verdict,
                                  "sections": [[s.heading, [b.text for b in s.bullets]] for s in a.sections]}) + "\n")


def run_bioasq_names() -> dict:
    """Factoid and list names straight from each question's gold snippets (no home), both splits in one run.

    The entity ranking alone (``entities.rank_candidates`` with the disease vocabulary), as it was tuned on
    7B-9B; baseline: the names of the question's first gold snippet, ranked by the same scorer.
    """
    from clinicite.compose.entities import rank_candidates, shown_candidates
    from clinicite.compose.evidence import Evidence, Source, QuotedSpan
    from clinicite.compose.grading import grade_source
    from clinicite.reason.vocabulary import load_vocabulary
    vocabulary = load_vocabulary(Path(tempfile.gettempdir()) / "clinicite-bench-vocabulary")
    result = {"set": "bioasq", "mode": "names from gold snippets"}
    for split in ("dev", "test"):
        scores: dict[str, list] = {"factoid": [], "list": [], "factoid_base": [], "list_base": []}
        for question in bioasq_questions(split):
            kind, gold = question["type"], question.get("exact_answer")
            if kind not in ("factoid", "list") or not gold or not question.get("snippets"):
                continue
            evidence = []
            for n, snippet in enumerate(dict.fromkeys(s["text"] for s in question["snippets"])):
                source = Source(id=f"s{n}", title="", source_type="pubmed", grade=grade_source("pubmed"))
                evidence.append(Evidence(source, snippet, [QuotedSpan(0, len(snippet), snippet)], 1.0 / (1 + 0.1 * n)))
            ranked = rank_candidates(question["body"], evidence, list(range(len(evidence))), vocabulary=vocabulary)
            base = rank_candidates(question["body"], evidence[:1], [0], vocabulary=vocabulary)
            names = [c.text for c in shown_candidates(kind, ranked)]
            base_names = [c.text for c in shown_candidates(kind, base)]
            score = factoid_scores if kind == "factoid" else list_f1
            scores[kind].append(score(names, gold))
            scores[kind + "_base"].append(score(base_names, gold))
        result[split] = {"factoid_n": len(scores["factoid"]),
                         "factoid_strict": _mean(s[0] for s in scores["factoid"]),
                         "factoid_mrr": _mean(s[1] for s in scores["factoid"]),
                         "first_snippet_factoid_strict": _mean(s[0] for s in scores["factoid_base"]),
                         "first_snippet_factoid_mrr": _mean(s[1] for s in scores["factoid_base"]),
                         "list_n": len(scores["list"]), "list_f1": _mean(scores["list"]),
                         "first_snippet_list_f1": _mean(scores["list_base"])}
    return result


def yesno_figures(gold: list[str], predicted: list[str], majority: str) -> dict:
    """Accuracy and macro-F1 of yes/no answers (an abstention is wrong), beside the majority class."""
    return {"n": len(gold), "accuracy": round(accuracy(gold, predicted), 4),
            "macro_f1": round(macro_f1(gold, predicted, ("yes", "no")), 4),
            "majority_accuracy": round(accuracy(gold, [majority] * len(gold)), 4),
            "majority_macro_f1": round(macro_f1(gold, [majority] * len(gold), ("yes", "no")), 4),
            "abstained": predicted.count("abstained"), "predicted": dict(Counter(predicted))}


def mixed_documents(split: str) -> list:
    """One document per PubMed id over every question of the split: the snippets of all questions together."""
    snippets = [s for q in bioasq_questions(split) for s in q.get("snippets", [])]
    return bioasq_documents({"snippets": snippets})


def mixed_home(split: str, folder: Path) -> tuple["Home", dict]:
    """The home holding all the split's snippets, built once (a marker file says it is complete)."""
    marker = folder / "bench-mixed.json"
    if marker.is_file():
        return Home(folder), json.loads(marker.read_text())
    folder.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    documents = mixed_documents(split)
    home = Home(folder, documents)
    built = {"split": split, "documents": len(documents), "build_s": round(time.perf_counter() - started, 1)}
    marker.write_text(json.dumps(built))
    return home, built


def run_bioasq_mixed(split: str, limit: int, seed: int, folder: Path, dump: str | None = None,
                     types: tuple[str, ...] = ("yesno",)) -> dict:
    """Questions answered twice: over their own gold snippets (a fresh home each), and over ONE home holding
    every question's snippets of the split mixed together, where each question must find its own evidence
    among the others' (as in real retrieval). Per setting: the yes/no, factoid and list measures of
    :func:`run_bioasq`, and the share of cited references and of Summary bullets that come from the question's
    own gold documents (in the gold-only setting that share is 1 by construction)."""
    questions = [q for q in bioasq_questions(split) if q["type"] in types and q.get("snippets")]
    random.Random(seed).shuffle(questions)
    questions = questions[:limit]
    home, built = mixed_home(split, folder)
    majority = (Counter(str(q.get("exact_answer")).lower() for q in bioasq_questions("dev")
                        if q["type"] == "yesno").most_common(1) or [("yes", 0)])[0][0]
    rows = []
    try:
        for question in questions:
            answer_alone, _, _ = answer_over(bioasq_documents(question), question["body"])
            answer_mixed, _, elapsed = home.answer(question["body"])
            mine = {"pmid:" + s["document"].rstrip("/").rsplit("/", 1)[-1] for s in question["snippets"]}
            rows.append({"type": question["type"], "body": question["body"], "gold": question.get("exact_answer"),
                         "own": sorted(mine), "elapsed": elapsed,
                         "gold_only": _mixed_row(answer_alone, mine), "mixed": _mixed_row(answer_mixed, mine)})
    finally:
        home.close()
    if dump:
        with open(dump, "w") as out:
            out.writelines(json.dumps(r) + "\n" for r in rows)
    result: dict = {"set": "bioasq", "split": split, "mode": "gold snippets alone vs one mixed home",
                    "home": {**built, "folder": str(folder)}, "types": dict(Counter(r["type"] for r in rows))}
    for setting in ("gold_only", "mixed"):
        figures: dict = {}
        yesno = [r for r in rows if r["type"] == "yesno"]
        if yesno:
            figures["yesno"] = yesno_figures([str(r["gold"]).lower() for r in yesno],
                                             [r[setting]["yesno"] for r in yesno], majority)
        factoid = [r for r in rows if r["type"] == "factoid" and r["gold"]]
        if factoid:
            scored = [factoid_scores(r[setting]["entities"], r["gold"]) for r in factoid]
            figures["factoid"] = {"n": len(factoid), "strict_accuracy": _mean(s[0] for s in scored),
                                  "mrr": _mean(s[1] for s in scored)}
        listed = [r for r in rows if r["type"] == "list" and r["gold"]]
        if listed:
            figures["list"] = {"n": len(listed), "mean_f1": _mean(list_f1(r[setting]["entities"], r["gold"])
                                                                 for r in listed)}
        own = [r[setting]["references_own"] for r in rows if r[setting]["references_own"] is not None]
        summary_own = [r[setting]["summary_own"] for r in rows if r[setting]["summary_own"] is not None]
        figures.update({"abstained": sum(r[setting]["abstained"] for r in rows),
                        "abstention_rate": round(sum(r[setting]["abstained"] for r in rows) / len(rows), 4)
                        if rows else None,
                        "references_own_share": _mean(own), "summary_bullets_own_share": _mean(summary_own),
                        "summary_bullets": sum(r[setting]["summary_bullets"] for r in rows)})
        result[setting] = figures
    latencies = sorted(r["elapsed"] for r in rows)
    result["mixed_latency_p50_s"] = round(latencies[len(latencies) // 2], 3) if latencies else None
    return result


def _mixed_row(answer, mine: set[str]) -> dict:
    """What the mixed bench keeps of one answer: its exact answer and where its citations come from."""
    cited = {r.id for r in answer.references}
    summary = [c.document_id for s in answer.sections if s.key == "summary" for b in s.bullets for c in b.citations]
    return {"yesno": _yes_or_no(answer), "entities": answer.entities if not answer.abstained else [],
            "abstained": answer.abstained, "references": sorted(cited),
            "references_own": len(cited & mine) / len(cited) if cited else None,
            "summary_own": sum(d in mine for d in summary) / len(summary) if summary else None,
            "summary_bullets": len(summary), "bottom_line": answer.bottom_line,
            "summary": [b.text for s in answer.sections if s.key == "summary" for b in s.bullets]}


def _yes_or_no(answer) -> str:
    verdict = answer.verdict or {}
    if answer.abstained or not verdict:
        return "abstained"
    if verdict["answer"] in ("yes", "no"):
        return verdict["answer"]
    return "yes" if verdict.get("balance", 0.0) >= 0 else "no"     # BioASQ has no "maybe"


def run_pubmedqa(split: str, limit: int | None, seed: int, fit: bool, dump: str | None = None) -> dict:
    items = pubmedqa_items(split)
    if limit:
        random.Random(seed).shuffle(items)
        items = items[:limit]
    rows = []
    for pmid, record in items:
        document = pubmedqa_document(pmid, record)
        answer, top, elapsed = answer_over([document], record["QUESTION"])
        rows.append({"pmid": pmid, "gold": record["final_decision"], "answer": answer, "elapsed": elapsed,
                     "question": record["QUESTION"], "checks": citation_checks(answer, [document])})
    gold = [r["gold"] for r in rows]
    predicted = [_ternary(r["answer"]) for r in rows]
    labels = ("yes", "no", "maybe")
    train_majority = Counter(r["final_decision"] for _, r in pubmedqa_items("train")).most_common(1)[0][0]
    result = {"set": "pubmedqa", "split": split, "questions": len(rows),
              "accuracy": round(accuracy(gold, predicted), 4), "macro_f1": round(macro_f1(gold, predicted, labels), 4),
              "majority_class": train_majority,
              "majority_accuracy": round(accuracy(gold, [train_majority] * len(gold)), 4),
              "majority_macro_f1": round(macro_f1(gold, [train_majority] * len(gold), labels), 4),
              "predicted": dict(Counter(predicted)), "reference_points": {"single_human": 0.78, "biobert": 0.68}}
    result.update(_common(rows))
    if dump:
        with open(dump, "w") as out:
            for r in rows:
                out.write(json.dumps({"pmid": r["pmid"], "question": r["question"], "gold": r["gold"],
                                      "abstained": r["answer"].abstained,
                                      "verdict": r["answer"].verdict}) + "\n")
    if fit:
        from verdict_fit import fit_model
        result["fitted"] = fit_model([{"question": r["question"], "gold": r["gold"],
                                       "statements": _statements(r["answer"])} for r in rows])
    return result


def _ternary(answer) -> str:
    verdict = answer.verdict or {}
    if answer.abstained or not verdict:
        return "maybe"        # no verdict: the answer says the sources do not settle it
    return {"yes": "yes", "no": "no"}.get(verdict["answer"], "maybe")


def _statements(answer) -> list:
    return statements_of(answer.verdict)


def statements_of(verdict: dict | None) -> list:
    """The weighed sentences of an answer's verdict, as the verdict model reads them."""
    from clinicite.compose.verdict import Weighed
    return [Weighed(0, x["stance"], x["design"], x["weight"], x["size"], x["year"], x.get("role"),
                    x.get("overlap", 0.0), x.get("last", False), x.get("source", ""), x.get("text", ""))
            for x in (verdict or {}).get("statements", [])]


def document_evidence(document) -> list:
    """Every sentence of one document as answering quotes it (``gather.hit_sentences``' length rules),
    with the source and the role the pipeline gives it."""
    from clinicite.compose.classify import default_classifier
    from clinicite.compose.evidence import Evidence, QuotedSpan
    from clinicite.compose.gather import document_source
    from clinicite.compose.sentences import split_sentences
    source, classifier = document_source(document), default_classifier()
    evidence = []
    for section in document.sections:
        for sentence in split_sentences(section.text, offset=section.start):
            if len(sentence.text) < 25 or sum(c.isalpha() for c in sentence.text) < 15:
                continue
            role, _ = classifier.role_and_value(sentence.text) if classifier else (None, 1.0)
            evidence.append(Evidence(source, sentence.text, [QuotedSpan(sentence.start, sentence.end, sentence.text)], 1.0,
                                     section.label, "sentence", role))
    return evidence


def run_bioasq_yesno_direct() -> dict:
    """Yes/no verdicts over each question's gold snippets (one document per PubMed id, no home), both
    splits in one run, against the majority class of 7B-9B."""
    from clinicite.compose.verdict import decide
    gold_dev = [str(q.get("exact_answer")).lower() for q in bioasq_questions("dev") if q["type"] == "yesno"]
    majority = Counter(gold_dev).most_common(1)[0][0]
    result = {"set": "bioasq", "mode": "yes/no verdicts over the gold snippets", "majority_class": majority}
    for split in ("dev", "test"):
        gold, predicted = [], []
        for question in bioasq_questions(split):
            if question["type"] != "yesno" or not question.get("snippets"):
                continue
            evidence = [e for d in bioasq_documents(question) for e in document_evidence(d)]
            verdict = decide(question["body"], evidence, list(range(len(evidence))))
            gold.append(str(question.get("exact_answer")).lower())
            if verdict is None:
                predicted.append("abstained")
            else:
                predicted.append(verdict.answer if verdict.answer in ("yes", "no") else
                                 "yes" if verdict.balance >= 0 else "no")
        result[split] = {"questions": len(gold), "accuracy": round(accuracy(gold, predicted), 4),
                         "macro_f1": round(macro_f1(gold, predicted, ("yes", "no")), 4),
                         "majority_accuracy": round(accuracy(gold, [majority] * len(gold)), 4),
                         "majority_macro_f1": round(macro_f1(gold, [majority] * len(gold), ("yes", "no")), 4),
                         "predicted": dict(Counter(predicted))}
    return result


def abstract_evidence(pmid: str, record: dict) -> list:
    """The sentences of one PubMedQA abstract as answering quotes them, without a home per question.

    Every sentence the pipeline would quote (``gather.hit_sentences``' length rules), with the source and
    role the pipeline gives it. On a check of 8 questions the weighed sentences matched the pipeline's in 3,
    differed in design label in 3 and by retrieval in 2; answering through the pipeline takes ~50 minutes
    for 500 questions on the shared machine, this a minute.
    """
    return document_evidence(pubmedqa_document(pmid, record))


def weigh_abstract(pmid: str, record: dict) -> list:
    """The weighed sentences of one abstract (:func:`abstract_evidence`) through ``verdict.weigh``."""
    from clinicite.compose.verdict import weigh
    evidence = abstract_evidence(pmid, record)
    return weigh(record["QUESTION"], evidence, list(range(len(evidence))))


def run_pubmedqa_direct() -> dict:
    """Both splits in one run, each abstract weighed directly: the verdict as ``verdict.decide`` gives it
    (no verdict counts as "maybe"), against the majority class of the non-test 500."""
    from clinicite.compose.verdict import decide
    labels = ("yes", "no", "maybe")
    majority = Counter(r["final_decision"] for _, r in pubmedqa_items("train")).most_common(1)[0][0]
    result = {"set": "pubmedqa", "mode": "direct (each abstract weighed without a home)", "majority_class": majority}
    for split in ("train", "test"):
        gold, predicted = [], []
        for pmid, record in pubmedqa_items(split):
            evidence = abstract_evidence(pmid, record)
            verdict = decide(record["QUESTION"], evidence, list(range(len(evidence))))
            gold.append(record["final_decision"])
            predicted.append("maybe" if verdict is None else {"yes": "yes", "no": "no"}.get(verdict.answer, "maybe"))
        result[split] = {"questions": len(gold), "accuracy": round(accuracy(gold, predicted), 4),
                         "macro_f1": round(macro_f1(gold, predicted, labels), 4),
                         "majority_accuracy": round(accuracy(gold, [majority] * len(gold)), 4),
                         "majority_macro_f1": round(macro_f1(gold, [majority] * len(gold), labels), 4),
                         "predicted": dict(Counter(predicted)),
                         "note": "in-sample (the model was fitted on this split)" if split == "train" else "held out"}
    return result


def fit_direct() -> dict:
    """Fit the verdict model on the non-test 500, each abstract weighed directly (:func:`weigh_abstract`)."""
    from verdict_fit import fit_model
    rows = [{"question": r["QUESTION"], "gold": r["final_decision"], "statements": weigh_abstract(p, r)}
            for p, r in pubmedqa_items("train")]
    return fit_model(rows)


def fit_from_dump(path: str) -> dict:
    """Fit on a --dump file of the non-test 500 (refuses any official test PMID)."""
    test = set(json.loads((DATA / "pubmedqa" / "test_ground_truth.json").read_text()))
    records = json.loads((DATA / "pubmedqa" / "ori_pqal.json").read_text())
    test_questions = {records[p]["QUESTION"] for p in test}
    rows = [json.loads(line) for line in Path(path).read_text().splitlines() if line.strip()]
    if any(r.get("pmid") in test or r["question"] in test_questions for r in rows):
        sys.exit("the dump holds official test questions: the verdict model is fitted on the other 500 only")
    from verdict_fit import fit_model
    return fit_model([{"question": r["question"], "gold": r["gold"], "statements": statements_of(r["verdict"])}
                      for r in rows])


def _common(rows: list[dict]) -> dict:
    bullets = sum(r["checks"][0] for r in rows)
    cited = sum(r["checks"][1] for r in rows)
    citations = sum(r["checks"][2] for r in rows)
    exact = sum(r["checks"][3] for r in rows)
    latencies = sorted(r["elapsed"] for r in rows)
    return {"abstained": sum(r["answer"].abstained for r in rows),
            "abstention_rate": round(sum(r["answer"].abstained for r in rows) / len(rows), 4) if rows else None,
            "bullets": bullets, "bullets_cited": round(cited / bullets, 4) if bullets else None,
            "citations": citations, "citations_exact_span": round(exact / citations, 4) if citations else None,
            "latency_p50_s": round(latencies[len(latencies) // 2], 3) if latencies else None}


def _mean(values) -> float:
    values = list(values)
    return round(statistics.mean(values), 4) if values else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=("bioasq", "pubmedqa"), default="bioasq")
    parser.add_argument("--split", choices=("dev", "test", "train"), default="dev",
                        help="bioasq: dev (7B-9B) or test (10B-11B); pubmedqa: train (non-test 500) or test")
    parser.add_argument("--limit", type=int, default=0, help="questions sampled (0: all of the split)")
    parser.add_argument("--fit", action="store_true", help="pubmedqa train: fit the verdict model (scikit-learn)")
    parser.add_argument("--direct", action="store_true",
                        help="both splits in one run without a home per question: pubmedqa, each abstract "
                             "weighed directly; "
                             "bioasq, factoid/list names from the gold snippets")
    parser.add_argument("--yesno-only", action="store_true", help="bioasq --direct: only the yes/no verdicts")
    parser.add_argument("--mixed", action="store_true",
                        help="bioasq: yes/no questions over their own gold snippets and over ONE home holding "
                             "every question's snippets of the split")
    parser.add_argument("--types", default="yesno",
                        help="--mixed: the BioASQ question types answered, comma-separated (yesno,factoid,list,summary)")
    parser.add_argument("--home", help="--mixed: the shared home's folder (built when absent; default "
                                       "/tmp/homes/answers-mixed-<split>)")
    parser.add_argument("--baseline", help="also run this bench with the code at this folder (e.g. /tmp/base15) "
                                           "on the same questions, at the same time; prints both")
    parser.add_argument("--through-pipeline", action="store_true",
                        help="pubmedqa train --fit: answer each question in its own home, then fit (slow)")
    parser.add_argument("--from-dump", help="pubmedqa train --fit: fit on a --dump file instead of answering again")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--dump", help="write each question's answer (bioasq) or weighed statements (pubmedqa) as JSON lines here")
    parser.add_argument("--composer", choices=("extractive", "llm"), default="extractive",
                        help="llm: both composers on the same questions (bench/answers_llm.py has more options)")
    args = parser.parse_args()
    if args.composer == "llm":
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        import answers_llm
        sys.argv = [sys.argv[0], "--set", args.set, "--split", args.split, "--limit", str(args.limit or 12),
                    "--seed", str(args.seed)]
        return answers_llm.main()
    if not DATA.is_dir():
        sys.exit(f"shared data not found at {DATA}")
    if args.fit and args.baseline:
        sys.exit("--fit writes the verdict model: run it without --baseline")
    split = ("test" if args.split == "test" else "dev") if args.set == "bioasq" else \
        ("test" if args.split == "test" else "train")
    home = Path(args.home or f"/tmp/homes/answers-mixed-{split}")
    _warm_up()
    baseline = _start_baseline(args, home) if args.baseline else None
    result = run(args, split, home)
    if baseline is not None:
        out, _ = baseline.communicate()
        lines = [line for line in out.splitlines() if line.strip().startswith("{")]
        base = json.loads(lines[-1]) if lines else {"error": f"baseline exited {baseline.returncode}"}
        result = {"new": result, "base": base, "baseline_code": args.baseline}
    print(json.dumps(result))


def _warm_up() -> None:
    from clinicite.compose.question import read_case
    read_case("warm up")      # the first question pays for loading the concept recogniser
    from clinicite.reason.vocabulary import load_vocabulary
    load_vocabulary(Path(tempfile.gettempdir()) / "clinicite-bench-vocabulary")   # process-wide, not the default home


def _start_baseline(args, home: Path):
    """This bench, with the same arguments, run by the baseline's code in a second process (its own copy of a
    mixed home, built here first, so that both read the same documents and neither writes to the other's)."""
    import os
    import shutil
    import subprocess
    argv = _without(_without(_without(sys.argv[1:], "--baseline"), "--dump"), "--home")
    argv += ["--dump", args.dump + ".base"] if args.dump else []
    if args.mixed:
        built, _ = mixed_home("test" if args.split == "test" else "dev", home)
        built.close()
        copy = home.with_name(home.name + "-base")
        if not (copy / "bench-mixed.json").is_file():
            shutil.rmtree(copy, ignore_errors=True)
            shutil.copytree(home, copy)
        argv += ["--home", str(copy)]
    env = {**os.environ, "PYTHONPATH": str(Path(args.baseline).resolve())}
    return subprocess.Popen([sys.executable, str(Path(__file__).resolve()), *argv], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)


def _without(argv: list[str], flag: str) -> list[str]:
    """``argv`` without ``flag`` and its value ("--flag value" or "--flag=value")."""
    kept, skip = [], False
    for a in argv:
        if skip:
            skip = False
        elif a == flag:
            skip = True
        elif not a.startswith(flag + "="):
            kept.append(a)
    return kept


def run(args, split: str, home: Path) -> dict:
    started = time.perf_counter()
    if args.direct:
        if args.set == "pubmedqa":
            return run_pubmedqa_direct()
        yesno = run_bioasq_yesno_direct()
        return yesno if args.yesno_only else {**run_bioasq_names(), "yesno": yesno}
    if args.fit and args.set == "pubmedqa" and not args.from_dump and not args.through_pipeline:
        if args.split != "train":
            sys.exit("the verdict model is fitted on the non-test 500 only (--split train)")
        return fit_direct()
    if args.from_dump:
        return fit_from_dump(args.from_dump)
    if args.mixed:
        if args.set != "bioasq":
            sys.exit("--mixed is a BioASQ setting (PubMedQA gives one abstract per question)")
        result = run_bioasq_mixed(split, args.limit or 10_000, args.seed, home, args.dump,
                                  tuple(t.strip() for t in args.types.split(",") if t.strip()))
    elif args.set == "bioasq":
        result = run_bioasq(split, args.limit or 10_000, args.seed, args.dump)
    else:
        result = run_pubmedqa(split, args.limit or None, args.seed, args.fit, args.dump)
    result["wall_s"] = round(time.perf_counter() - started, 1)
    return result


if __name__ == "__main__":
    main()
