"""Train the sentence-role classifier of :mod:`clinicite.compose.classify`.

Usage::

    python3 bench/train_sections.py ../shared/data/pubmedqa/ori_pqal.json

Each labelled context of a PubMedQA abstract is split into sentences that
inherit its NLM section label, folded into four roles; the long answer is the
abstract's conclusion. Multinomial naive Bayes with add-one smoothing (McCallum
& Nigam, 1998); the vocabulary is cut to the terms with the highest chi-square
so the JSON stays small. A tenth of the abstracts is held out for accuracy.
"""

from __future__ import annotations

import argparse
import json
import math
import random
from collections import Counter, defaultdict

from clinicite.compose.classify import ROLES, WEIGHTS
from clinicite.compose.sentences import content_terms, split_sentences

_ROLE_OF = {
    "background": ("BACKGROUND", "INTRODUCTION", "OBJECTIVE", "PURPOSE", "AIM", "CONTEXT", "RATIONALE", "HYPOTHES"),
    "methods": ("METHOD", "DESIGN", "SETTING", "PATIENT", "PARTICIPANT", "SUBJECT", "INTERVENTION",
                "MEASURE", "MATERIAL", "POPULATION", "SAMPLE"),
    "results": ("RESULT", "FINDING", "OUTCOME"),
    "conclusions": ("CONCLUSION", "INTERPRETATION", "IMPLICATION"),
}


def role_of(label: str) -> str | None:
    label = label.upper()
    # Results before methods: "MEASUREMENTS AND MAIN RESULTS" reports results.
    for role in ("results", "conclusions", "background", "methods"):
        if any(key in label for key in _ROLE_OF[role]):
            return role
    return None


def examples(records: dict) -> list[tuple[str, str, str]]:
    """(abstract id, role, sentence) for every labelled sentence."""
    found = []
    for pmid, record in records.items():
        for text, label in zip(record["CONTEXTS"], record["LABELS"]):
            role = role_of(label)
            if role:
                found += [(pmid, role, s.text) for s in split_sentences(text)]
        found += [(pmid, "conclusions", s.text) for s in split_sentences(record.get("LONG_ANSWER", ""))]
    return found


def train(rows: list[tuple[str, str, str]], vocabulary_size: int) -> dict:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    doc_freq: dict[str, Counter[str]] = defaultdict(Counter)
    role_sizes = Counter()
    for _, role, sentence in rows:
        terms = content_terms(sentence)
        counts[role].update(terms)
        doc_freq[role].update(set(terms))
        role_sizes[role] += 1
    vocabulary = _chi_square_vocabulary(doc_freq, role_sizes, vocabulary_size)
    total = sum(role_sizes.values())
    model = {"log_priors": {}, "log_likelihoods": {}, "log_unseen": {}}
    for role in ROLES:
        mass = sum(counts[role][t] for t in vocabulary) + len(vocabulary) + 1
        model["log_priors"][role] = round(math.log(role_sizes[role] / total), 4)
        model["log_likelihoods"][role] = {t: round(math.log((counts[role][t] + 1) / mass), 4) for t in vocabulary}
        model["log_unseen"][role] = round(math.log(1 / mass), 4)
    return model


def _chi_square_vocabulary(doc_freq, role_sizes, size: int) -> list[str]:
    total = sum(role_sizes.values())
    overall = Counter()
    for counter in doc_freq.values():
        overall.update(counter)
    scores = {}
    for term, n_term in overall.items():
        if n_term < 5:
            continue
        best = 0.0
        for role in ROLES:
            a = doc_freq[role][term]
            b = n_term - a
            c = role_sizes[role] - a
            d = total - role_sizes[role] - b
            denominator = (a + b) * (c + d) * (a + c) * (b + d)
            if denominator:
                best = max(best, total * (a * d - b * c) ** 2 / denominator)
        scores[term] = best
    return sorted(sorted(scores, key=scores.get, reverse=True)[:size])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pqal", help="path to PubMedQA ori_pqal.json")
    parser.add_argument("--vocabulary", type=int, default=1500)
    parser.add_argument("--out", default=str(WEIGHTS))
    args = parser.parse_args()
    with open(args.pqal, encoding="utf-8") as handle:
        records = json.load(handle)
    ids = sorted(records)
    random.Random(13).shuffle(ids)
    held_out = set(ids[: len(ids) // 10])
    rows = examples(records)
    model = train([r for r in rows if r[0] not in held_out], args.vocabulary)

    from clinicite.compose.classify import SectionClassifier
    classifier = SectionClassifier(model["log_priors"], model["log_likelihoods"], model["log_unseen"])
    test = [r for r in rows if r[0] in held_out]
    accuracy = sum(classifier.role(s) == role for _, role, s in test) / max(1, len(test))
    final = train(rows, args.vocabulary)
    final["about"] = {"method": "multinomial naive Bayes (McCallum & Nigam 1998), add-one smoothing",
                      "data": "PubMedQA PQA-L structured abstract sections (Jin et al. 2019)",
                      "sentences": len(rows), "held_out_accuracy": round(accuracy, 4),
                      "vocabulary": len(final["log_likelihoods"]["results"])}
    with open(args.out, "w", encoding="utf-8") as handle:
        json.dump(final, handle, indent=0, sort_keys=True)
    print(json.dumps(final["about"]))


if __name__ == "__main__":
    main()
