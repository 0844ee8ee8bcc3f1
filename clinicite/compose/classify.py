"""Which part of a study a sentence reports: background, methods, results or conclusions.

A multinomial naive Bayes classifier (McCallum & Nigam, 1998) over word stems,
trained on the labelled sections of structured PubMed abstracts (PubMedQA,
Jin et al., 2019) by ``bench/train_sections.py``. The weights are a
small JSON file (``data/sections.json``) anyone can read. Answers prefer
result and conclusion sentences; background and methods sentences rarely
answer a clinical question.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

from clinicite.compose.sentences import content_terms

WEIGHTS = Path(__file__).resolve().parent / "data" / "sections.json"
ROLES = ("background", "methods", "results", "conclusions")

# How useful a sentence of each role is as a bullet of an answer.
ROLE_VALUE = {"background": 0.75, "methods": 0.35, "results": 0.9, "conclusions": 1.0}


class SectionClassifier:
    def __init__(self, priors: dict[str, float], likelihoods: dict[str, dict[str, float]],
                 unseen: dict[str, float]) -> None:
        self.priors = priors
        self.likelihoods = likelihoods
        self.unseen = unseen

    @classmethod
    def load(cls, path: Path = WEIGHTS) -> "SectionClassifier":
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(data["log_priors"], data["log_likelihoods"], data["log_unseen"])

    def probabilities(self, sentence: str) -> dict[str, float]:
        terms = [t for t in content_terms(sentence) if any(t in table for table in self.likelihoods.values())]
        scores = {}
        for role, prior in self.priors.items():
            table = self.likelihoods[role]
            scores[role] = prior + sum(table.get(t, self.unseen[role]) for t in terms)
        top = max(scores.values())
        exp = {role: math.exp(score - top) for role, score in scores.items()}
        total = sum(exp.values())
        return {role: value / total for role, value in exp.items()}

    def role(self, sentence: str) -> str:
        probabilities = self.probabilities(sentence)
        return max(probabilities, key=probabilities.get)

    def value(self, sentence: str) -> float:
        """Expected usefulness of the sentence as an answer bullet (0..1)."""
        return sum(p * ROLE_VALUE[role] for role, p in self.probabilities(sentence).items())

    def role_and_value(self, sentence: str) -> tuple[str, float]:
        """:meth:`role` and :meth:`value` from one pass over the sentence."""
        probabilities = self.probabilities(sentence)
        return (max(probabilities, key=probabilities.get),
                sum(p * ROLE_VALUE[role] for role, p in probabilities.items()))


@lru_cache(maxsize=1)
def default_classifier() -> SectionClassifier | None:
    """The packaged classifier, or None when the weights file is missing (cue patterns alone then)."""
    return SectionClassifier.load() if WEIGHTS.is_file() else None
