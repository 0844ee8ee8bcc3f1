"""A yes / no / uncertain verdict from weighed evidence, with how strong it is.

Each on-topic result or conclusion sentence takes a stance on the question's
claim: *for* (an effect or association is reported), *against* (none was
found), or *uncertain* (hedged, inconclusive). Its weight is the design of its
study on the usual ladder of evidence (Guyatt et al., 1995; Oxford CEBM
levels), its size (n) and recency, and the part of the abstract it comes from.
Animal and in-vitro findings never count as clinical evidence: they decide a
verdict only for a question that is not about patients, and are otherwise
named as such. Retracted sources carry no weight and are named.

Each sentence's stance and weight come from :mod:`clinicite.compose.verdict_weigh`; the bottom line's
words from :mod:`clinicite.compose.verdict_text`. A logistic regression over the weighed sentences and their reporting cues
(:mod:`clinicite.compose.verdict_model`), fitted on the 500 PubMedQA labelled
questions outside its official test set, turns them into yes / no / uncertain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from clinicite.compose.evidence import Evidence
from clinicite.compose.verdict_membership import class_question, membership_verdict
from clinicite.compose.verdict_model import model_scores
from clinicite.compose.verdict_predicate import predicate_of
from clinicite.compose.verdict_text import describe
# The weighing of one sentence lives in verdict_weigh; its names are kept here for the callers that read them.
from clinicite.compose.verdict_weigh import (CLASS_SHARE, DESIGN_WEIGHT, ROLE_WEIGHT, Weighed, design_of,  # noqa: F401
                                            reported_design, sample_size, stance, weigh)

# Fitted on the PubMedQA non-test 500 (see module docstring): balance above YES_AT is yes, below NO_AT no.
YES_AT = 0.05
NO_AT = -0.15
NEUTRAL_FOR = 0.5        # a sentence with no cue at all mostly states that something is so
TIE_MARGIN = 0.1         # yes and no this close in the model: the design-weighted balance decides (chosen on dev)
UNCERTAIN_AT = 0.45      # share of the weight on hedged sentences above which the verdict is "uncertain"

_CLINICAL_QUESTION = re.compile(r"\b(patients?|treat\w*|therap\w*|effective|efficacy|clinical\w*|drug|dose|"
                                r"trial|surgery|outcomes?|mortality|survival|diagnos\w*|symptoms?|disease|"
                                r"syndrome|disorder|cancer|tumou?r|infection|children|adults?|women|men)\b", re.I)


@dataclass
class Verdict:
    answer: str                          # "yes", "no", "uncertain"
    strength: str                        # "strong", "moderate", "weak", "no clinical evidence"
    text: str                            # the bottom line, without citation numbers
    cited: list[int] = field(default_factory=list)         # evidence indices, in the order the text names them
    balance: float = 0.0
    hedged: float = 0.0
    weighed: list[Weighed] = field(default_factory=list)
    disagreement: str | None = None

    def to_dict(self) -> dict:
        return {"answer": self.answer, "strength": self.strength, "balance": round(self.balance, 4),
                "hedged": round(self.hedged, 4), "disagreement": self.disagreement,
                "statements": [{"stance": w.stance, "design": w.design, "weight": round(w.weight, 4),
                                "size": w.size, "year": w.year, "role": w.role, "overlap": w.overlap,
                                "last": w.last, "source": w.source, "text": w.text} for w in self.weighed]}


@dataclass(frozen=True)
class Thresholds:
    """Where the balance of weighed evidence turns into yes / no / uncertain (fitted; see module docstring)."""

    yes_at: float = YES_AT
    no_at: float = NO_AT
    uncertain_at: float = UNCERTAIN_AT
    neutral_for: float = NEUTRAL_FOR


def balance(weighed: list[Weighed], neutral_for: float = NEUTRAL_FOR) -> tuple[float, float]:
    """(for − against) / total and hedged / total over the weighed sentences (0, 0 when none)."""
    total = sum(w.weight for w in weighed)
    if not total:
        return 0.0, 0.0
    pro = sum(w.weight for w in weighed if w.stance == "for") + \
        neutral_for * sum(w.weight for w in weighed if w.stance == "neutral")
    con = sum(w.weight for w in weighed if w.stance == "against")
    hedged = sum(w.weight for w in weighed if w.stance == "uncertain")
    return (pro - con) / total, hedged / total


def choose(question: str, counted: list[Weighed], thresholds: Thresholds = Thresholds(),
           model: dict | None = None) -> tuple[str, float, float]:
    """"yes", "no" or "uncertain" for the counted sentences, with the balance and hedged share.

    The fitted model (:mod:`clinicite.compose.verdict_model`) decides; the thresholds only without one. The
    model was fitted on single abstracts: when it all but ties over several sources, their design-weighted
    balance decides (a pilot study does not balance controlled trials)."""
    score, hedged = balance(counted, thresholds.neutral_for)
    scores = model_scores(question, counted, model)
    if scores is not None:
        answer = max(scores, key=scores.get)
        if answer != "uncertain" and abs(scores["yes"] - scores["no"]) < TIE_MARGIN and \
                len({w.source for w in counted}) > 1 and abs(score) >= thresholds.yes_at:
            # A near tie between sources: the ladder of evidence (design, size, recency) decides.
            answer = "yes" if score > 0 else "no"
        elif answer == "uncertain" and len({w.source for w in counted}) > 1:
            answer = _ladder(counted) or answer
        return _stated(answer, counted), scores["yes"] - scores["no"], hedged
    if hedged >= thresholds.uncertain_at and abs(score) < 0.5:
        return "uncertain", score, hedged
    answer = "yes" if score > thresholds.yes_at else "no" if score < thresholds.no_at else "uncertain"
    return answer, score, hedged


def _ladder(counted: list[Weighed]) -> str | None:
    """"yes" or "no" when several sources all take one side and none hedges, or when one side's strongest
    design outranks the other's and carries more weight; else None.

    The model reads how one abstract reports its findings and was selected for macro-F1, so it says
    "uncertain" readily; across sources, a pilot study does not make controlled trials uncertain."""
    pro = [w for w in counted if w.stance == "for"]
    con = [w for w in counted if w.stance == "against"]
    best_pro = max((DESIGN_WEIGHT.get(w.design, 1.0) for w in pro), default=0.0)
    best_con = max((DESIGN_WEIGHT.get(w.design, 1.0) for w in con), default=0.0)
    weight_pro, weight_con = sum(w.weight for w in pro), sum(w.weight for w in con)
    if not any(w.stance == "uncertain" for w in counted) and len({w.source for w in pro + con}) > 1 and \
            bool(pro) != bool(con):
        return "yes" if pro else "no"      # several sources, all on one side, none hedged: they agree
    if best_pro > best_con and weight_pro > weight_con and con:
        return "yes"
    if best_con > best_pro and weight_con > weight_pro and pro:
        return "no"
    return None


def _stated(answer: str, counted: list[Weighed]) -> str:
    """The model's answer, unless no counted sentence states it and some state the opposite: "Yes" over
    findings of no effect alone (or "No" over reported effects alone) would contradict its own sources."""
    stances = {w.stance for w in counted}
    if answer == "yes" and "for" not in stances and "against" in stances:
        return "no"
    if answer == "no" and "against" not in stances and "for" in stances:
        return "yes"
    return answer


def counted_statements(question: str, weighed: list[Weighed]) -> tuple[list[Weighed], bool]:
    """The sentences that decide: human evidence for a clinical question when there is any.

    A study's background sentence is never its finding, but it is its source's general statement about
    the question, often with its own citation ("Phase III trials of X were discontinued owing to lack of
    survival benefit"): it counts, as a background statement (``weigh`` gives it that design and the
    background role's weight), never with its study's design. Round 6 left such sentences out of a source
    that had findings; that lost the misread findings and general statements the classifier calls
    background (BioASQ 7B-9B over gold snippets: 0.699 counted as here, 0.694 left out).

    Returns them and whether only animal or laboratory findings were available for a clinical question.
    """
    clinical = bool(_CLINICAL_QUESTION.search(question))
    human = [w for w in weighed if not w.non_human]
    return (human if clinical and human else weighed), clinical and not human


def decide(question: str, evidence: list[Evidence], candidates: list[int],
           thresholds: Thresholds = Thresholds()) -> Verdict | None:
    """The verdict on a yes/no question; None when no sentence takes a stance on it."""
    weighed = weigh(question, evidence, candidates)
    counted, only_lab = counted_statements(question, weighed)
    # A sentence that states the question's own claim without a cue ("X is used as Y") still answers it.
    if not any(w.stance in ("for", "against", "uncertain") or w.overlap >= 0.5 for w in counted):
        return None
    membership = class_question(question)
    if membership:
        read = membership_verdict(membership, evidence, counted)
        return Verdict(read.answer, read.strength, read.text, read.cited, balance=read.balance, weighed=weighed,
                       disagreement=read.disagreement)
    answer, score, hedged = choose(question, counted, thresholds)
    strength = _strength(counted, answer, only_lab)
    if answer != "uncertain" and _balanced(counted, answer):
        answer, strength = "uncertain", "conflicting"
    verdict = Verdict(answer, strength, "", balance=score, hedged=hedged, weighed=weighed)
    verdict.text, verdict.cited, verdict.disagreement = describe(answer, strength, evidence, counted,
                                                                safety=predicate_of(question).safety)
    return verdict


CONFLICT_SHARE = 0.6     # the other side holds at least this share of the verdict's weight, at equal design


def _balanced(counted: list[Weighed], answer: str) -> bool:
    """True when the opposing evidence is about as heavy and as well designed as the verdict's own."""
    side, other = ("for", "against") if answer == "yes" else ("against", "for")
    mine = [w for w in counted if w.stance == side]
    # Mixed findings within one study are its results, not a disagreement between sources.
    own = {w.source for w in mine}
    theirs = [w for w in counted if w.stance == other and w.source not in own]
    if not mine or not theirs:
        return False
    best = max(DESIGN_WEIGHT.get(w.design, 1.0) for w in mine)
    best_other = max(DESIGN_WEIGHT.get(w.design, 1.0) for w in theirs)
    return best_other >= best and sum(w.weight for w in theirs) >= CONFLICT_SHARE * sum(w.weight for w in mine)


def _strength(counted: list[Weighed], answer: str, only_lab: bool) -> str:
    if only_lab:
        return "no clinical evidence"
    side = {"yes": "for", "no": "against"}.get(answer)
    best = max((DESIGN_WEIGHT.get(w.design, 1.0) for w in counted if w.stance == side), default=0.0)
    if answer == "uncertain":
        return "weak"
    if best >= DESIGN_WEIGHT["randomised controlled trial"]:
        return "strong" if sum(1 for w in counted if w.stance == side) >= 2 else "moderate"
    return "moderate" if best >= DESIGN_WEIGHT["cohort / case-control"] else "weak"
