"""The yes / no / uncertain model: a logistic regression over what the weighed findings say.

It reads the weighed sentences of :mod:`clinicite.compose.verdict` (stance,
design, part of the abstract, overlap with the question) and cues of how
results are reported: significance stated or denied ("no significant
difference", "did not"), p-values below or above 0.05, confidence intervals
that exclude or include 1, hedges ("may", "suggest"), direction words, and
whether the sentences that deny an effect or report one hold the question's
own words. A multinomial logistic regression (scikit-learn, fitted by
``python bench/answers.py --set pubmedqa --split train --fit``) turns them into
probabilities of yes / no / uncertain; only the 500 labelled PubMedQA questions
outside its official test set (Jin et al., 2019, "PubMedQA: a dataset for
biomedical research question answering") are ever used to fit it. The fitted
coefficients and feature scaling are kept as JSON (``data/verdict_model.json``)
and applied here without scikit-learn, so answering needs no extra package.
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from importlib import resources
from typing import Any

STANCES = ("for", "against", "uncertain", "neutral")
LABELS = ("yes", "no", "uncertain")
MODEL_FILE = "verdict_model.json"

_P_VALUE = re.compile(r"\bp\s*(<|<=|≤|=|>|>=|≥)\s*(0?\.\d+|1(?:\.0+)?)", re.I)
_CI = re.compile(r"\b(?:95\s*%\s*)?(?:CI|confidence interval)\s*[:,]?\s*\(?\s*(\d+(?:\.\d+)?)\s*(?:-|–|to|,)\s*"
                 r"(\d+(?:\.\d+)?)", re.I)
_RATIO = re.compile(r"\b(?:OR|HR|RR|odds ratio|hazard ratio|relative risk|risk ratio)\b", re.I)
_SIGNIFICANT = re.compile(r"\b(?<!not )(?<!no )(?<!non-)(?:significant(?:ly)?|statistically significant)\b", re.I)
_NOT_SIGNIFICANT = re.compile(r"\b(?:not (?:statistically )?significant\w*|no (?:statistically )?significant|"
                              r"non-?significant\w*|did not (?:differ|reach|show|find|improve|reduce|increase|"
                              r"change|affect)|no (?:difference|differences|association|correlation|effect|"
                              r"benefit|change)|not (?:differ|associated|correlated|related)|similar|comparable|"
                              r"\bns\b)", re.I)
_HEDGE = re.compile(r"\b(?:may|might|could|suggest\w*|possibl[ey]|potential\w*|appear\w*|seem\w*|trend\w*|"
                    r"unclear|further|limited)\b", re.I)
_DIRECTION = re.compile(r"\b(?:higher|lower|more|less|greater|fewer|increas\w*|decreas\w*|reduc\w*|improv\w*|"
                        r"better|worse|longer|shorter|superior|inferior)\b", re.I)
_NEGATED_QUESTION = re.compile(r"\b(?:not|no|without|never|fail\w*|lack\w*)\b", re.I)


def _content(text: str) -> set[str]:
    from clinicite.compose.sentences import content_terms
    return set(content_terms(text))


def _shares(group: list[Any], norm: float) -> list[float]:
    return [sum(w.weight for w in group if w.stance == s) / norm for s in STANCES[:3]]


def stance_features(counted: list[Any]) -> list[float]:
    """Weighted stance shares overall, in results and conclusions, among sentences holding most of the
    question's words, and the stance of each source's last finding (the model of round 3)."""
    total = sum(w.weight for w in counted) or 1.0
    findings = [w for w in counted if w.role in ("results", "conclusions")]
    close = [w for w in counted if w.overlap >= 0.5]
    last = [w for w in counted if w.last]
    row = _shares(counted, total) + _shares(findings, sum(w.weight for w in findings) or 1.0) + \
        _shares(close, sum(w.weight for w in close) or 1.0)
    return row + [sum(1 for w in last if w.stance == s) / (len(last) or 1) for s in STANCES]


def _p_values(text: str) -> tuple[int, int]:
    """(p-values reported below 0.05, p-values reported at or above 0.05) in one sentence."""
    low = high = 0
    for relation, value in _P_VALUE.findall(text):
        number = float(value)
        if relation in ("<", "<=", "≤") and number <= 0.05 or relation == "=" and number < 0.05:
            low += 1
        elif relation in (">", ">=", "≥", "=") and number >= 0.05:
            high += 1
    return low, high


def _intervals(text: str) -> tuple[int, int]:
    """(ratio intervals excluding 1, intervals including 1): an odds or hazard ratio's significance."""
    if not _RATIO.search(text):
        return 0, 0
    excluding = including = 0
    for lower, upper in _CI.findall(text):
        a, b = float(lower), float(upper)
        if a <= 1.0 <= b:
            including += 1
        elif a < b:
            excluding += 1
    return excluding, including


def cue_features(question: str, counted: list[Any]) -> list[float]:
    """How the findings are reported: significance, p-values, intervals, hedges, direction, and whether the
    sentences that deny an effect hold the question's words more than those that report one."""
    findings = [w for w in counted if w.role in ("results", "conclusions")] or counted
    texts = [w.text for w in findings]
    n = len(texts) or 1
    significant = [t for t in texts if _SIGNIFICANT.search(t) and not _NOT_SIGNIFICANT.search(t)]
    denied = [t for t in texts if _NOT_SIGNIFICANT.search(t)]
    p_low = p_high = ci_out = ci_in = 0
    for t in texts:
        low, high = _p_values(t)
        out, inside = _intervals(t)
        p_low, p_high, ci_out, ci_in = p_low + low, p_high + high, ci_out + out, ci_in + inside
    tested = (p_low + p_high + ci_out + ci_in) or 1
    asked = _content(question)

    def reach(group: list[str]) -> float:
        return max((len(asked & _content(t)) / len(asked) for t in group), default=0.0) if asked else 0.0

    last = texts[-1] if texts else ""
    return [len(significant) / n, len(denied) / n, (p_low + ci_out) / tested, (p_high + ci_in) / tested,
            1.0 if p_low + p_high + ci_out + ci_in else 0.0,
            sum(1 for t in texts if _HEDGE.search(t)) / n, sum(1 for t in texts if _DIRECTION.search(t)) / n,
            reach(significant) - reach(denied), 1.0 if _NOT_SIGNIFICANT.search(last) else 0.0,
            1.0 if _SIGNIFICANT.search(last) and not _NOT_SIGNIFICANT.search(last) else 0.0,
            1.0 if _NEGATED_QUESTION.search(question) else 0.0, math.log1p(len(texts)) / 3.0] + \
        _predicate_features(question)


def _predicate_features(question: str) -> list[float]:
    """What kind of claim the question asks (:mod:`clinicite.compose.verdict_predicate`): "always" or "all
    patients" questions are mostly answered no."""
    from clinicite.compose.verdict_predicate import predicate_of
    predicate = predicate_of(question)
    return [float(predicate.sameness), float(predicate.adequacy), float(predicate.universal)]


FEATURE_NAMES = (["all_for", "all_against", "all_uncertain", "findings_for", "findings_against",
                  "findings_uncertain", "close_for", "close_against", "close_uncertain", "last_for",
                  "last_against", "last_uncertain", "last_neutral"] +
                 ["significant", "not_significant", "p_below_05", "p_above_05", "any_test", "hedged",
                  "direction", "reach_significant_minus_denied", "last_denies", "last_significant",
                  "question_negated", "findings_count", "question_sameness", "question_adequacy",
                  "question_universal"])


def features(question: str, counted: list[Any]) -> list[float]:
    """The model's input row for the counted sentences of one question (names in :data:`FEATURE_NAMES`)."""
    return stance_features(counted) + cue_features(question, counted)


@lru_cache(maxsize=1)
def load_model() -> dict | None:
    """The fitted model from ``data/verdict_model.json``, or None when it is absent."""
    try:
        text = resources.files("clinicite.compose").joinpath("data", MODEL_FILE).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return None
    model = json.loads(text)
    if model.get("features") != FEATURE_NAMES:
        return None          # fitted on other features: refit rather than apply it wrongly
    return model


def model_scores(question: str, counted: list[Any], model: dict | None = None) -> dict[str, float] | None:
    """Probabilities of "yes", "no" and "uncertain" for the counted sentences; None without a model."""
    model = model if model is not None else load_model()
    if not model:
        return None
    row = [(x - m) / (s or 1.0) for x, m, s in zip(features(question, counted), model["mean"], model["scale"])]
    raw = {label: b + sum(a * x for a, x in zip(coef, row))
           for label, coef, b in zip(model["classes"], model["coef"], model["intercept"])}
    top = max(raw.values())
    exp = {label: math.exp(v - top) for label, v in raw.items()}
    total = sum(exp.values())
    return {label: exp.get(label, 0.0) / total for label in LABELS}


def pooled_scores(question: str, counted: list[Any], model: dict | None = None) -> dict[str, float] | None:
    """Probabilities pooled over sources: each source's findings read by the model on their own, its vote
    weighed by its heaviest sentence (design, size, recency, part of the abstract).

    The model was fitted on single abstracts: it reads how one study reports its findings. Across several
    sources the ladder of evidence decides (a pilot study does not balance controlled trials), as in the
    weighted pooling of study verdicts of evidence synthesis; one source is the model's own reading.
    """
    by_source: dict[str, list[Any]] = {}
    for w in counted:
        by_source.setdefault(w.source, []).append(w)
    if len(by_source) < 2:
        return model_scores(question, counted, model)
    pooled = dict.fromkeys(LABELS, 0.0)
    total = 0.0
    for group in by_source.values():
        scores = model_scores(question, group, model)
        if scores is None:
            return None
        weight = max(w.weight for w in group)
        total += weight
        for label in LABELS:
            pooled[label] += weight * scores[label]
    return {label: value / (total or 1.0) for label, value in pooled.items()}
