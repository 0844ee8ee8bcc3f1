"""HPO concept recognition against a gold-standard corpus.

Usage: python bench/concepts.py DIR [--errors N]

DIR is one corpus of ../shared/data/hpo-concept-recognition (ID-68, GeneReviews, val):
``corpus/NAME`` holds a text, ``ann/NAME`` its gold mentions as ``start<TAB>end<TAB>mention<TAB>HP:x``
lines (sometimes followed by a flag such as ``Neg`` or ``Related``). Scores are micro precision,
recall and F1 over document-level sets of current HPO ids (gold ids resolved through alt ids).
Negated gold mentions count as mentions, so every recognised term counts, excluded or not.

Printed: two baselines measured in the same run (exact, case-insensitive match of HPO labels only,
and of labels and non-BROAD synonyms, longest match first) and, as the last line, clinicite's
ConceptRecognizer, all as JSON.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

from clinicite.ingest.hpo import PHENOTYPIC_ABNORMALITY, Ontology, load_ontology
from clinicite.understand import ConceptRecognizer

HPO_ID = re.compile(r"HP:\d{7}")
WORD = re.compile(r"\w+")


def read_corpus(folder: Path, ontology: Ontology) -> list[tuple[str, str, set[str]]]:
    documents = []
    for path in sorted((folder / "corpus").iterdir()):
        ann = folder / "ann" / path.name
        gold_text = ann.read_text(encoding="utf-8") if ann.exists() else ""
        gold = {ontology.resolve(i) or i for i in HPO_ID.findall(gold_text)}
        documents.append((path.name, path.read_text(encoding="utf-8"), gold))
    return documents


class ExactBaseline:
    """Case-insensitive exact match of HPO labels (and synonyms), longest match first."""

    def __init__(self, ontology: Ontology, synonyms: bool = True) -> None:
        self.names: dict[str, str] = {}
        for term_id in sorted(ontology.subontology(PHENOTYPIC_ABNORMALITY)):
            term = ontology.terms[term_id]
            others = [s.text for s in term.synonyms if s.scope != "BROAD"] if synonyms else []
            for name in [term.name] + others:
                self.names.setdefault(name.lower(), term_id)
        self.longest = max(len(WORD.findall(n)) for n in self.names)

    def ids(self, text: str) -> set[str]:
        words = list(WORD.finditer(text))
        found, i = set(), 0
        while i < len(words):
            step = 1
            for j in range(min(len(words), i + self.longest), i, -1):
                term_id = self.names.get(text[words[i].start():words[j - 1].end()].lower())
                if term_id:
                    found.add(term_id)
                    step = j - i
                    break
            i += step
        return found


def score(predicted: list[set[str]], gold: list[set[str]]) -> dict[str, float]:
    tp = sum(len(p & g) for p, g in zip(predicted, gold))
    fp = sum(len(p - g) for p, g in zip(predicted, gold))
    fn = sum(len(g - p) for p, g in zip(predicted, gold))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--errors", type=int, default=0, help="print this many false positives/negatives")
    args = parser.parse_args()
    ontology = load_ontology()
    documents = read_corpus(args.folder, ontology)
    gold = [g for _, _, g in documents]

    labels_only = ExactBaseline(ontology, synonyms=False)
    label_result = score([labels_only.ids(text) for _, text, _ in documents], gold)
    baseline = ExactBaseline(ontology)
    base_result = score([baseline.ids(text) for _, text, _ in documents], gold)

    began = time.perf_counter()
    recognizer = ConceptRecognizer(ontology)
    built = time.perf_counter() - began
    began = time.perf_counter()
    predicted = [{f.hpo_id for f in recognizer.recognize(text)} for _, text, _ in documents]
    elapsed = time.perf_counter() - began
    result = score(predicted, gold)

    if args.errors:
        for (name, text, g), p in zip(documents, predicted):
            for kind, ids in (("FP", p - g), ("FN", g - p)):
                for term_id in sorted(ids)[: args.errors]:
                    print(f"{kind} {name} {term_id} {ontology.label(term_id)}", file=sys.stderr)
    print(f"# {args.folder.name}: {len(documents)} documents; lexicon built in {built:.1f} s, "
          f"recognised in {1000 * elapsed / max(len(documents), 1):.1f} ms per document")
    print(json.dumps({"method": "exact-label-only-baseline", **label_result}))
    print(json.dumps({"method": "exact-label-baseline", **base_result}))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
