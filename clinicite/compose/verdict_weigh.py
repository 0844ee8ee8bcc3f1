"""How much one sentence counts for a yes/no verdict: its stance, its study's design, size, recency and role.

Each on-topic result or conclusion sentence takes a stance on the question's
claim: *for* (an effect or association is reported), *against* (none was
found), or *uncertain* (hedged, inconclusive). Its weight is the design of its
study on the usual ladder of evidence (Guyatt et al., 1995; Oxford CEBM
levels), its size (n) and recency, and the part of the abstract it comes from.
Animal and in-vitro sentences carry their own design, whatever their source's.

The stance cues are negation and hedging cues in the manner of NegEx (Chapman
et al., 2001) and of hedge detection on BioScope (Vincze et al., 2008).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from clinicite.compose.evidence import Evidence
from clinicite.compose.grading import recency_weight
from clinicite.compose.sentences import content_terms
from clinicite.compose.verdict_aim import states_no_finding
from clinicite.compose.verdict_object import asked_relation, relation_stance
from clinicite.compose.verdict_membership import class_question, membership_stance
from clinicite.compose.verdict_predicate import aligned_stance, predicate_of
from clinicite.compose.verdict_role import finding_role, is_finding, label_role
from clinicite.compose.verdict_existence import existence_object, existence_stance, names_object
from clinicite.compose.verdict_subject import SubjectGate, denies_condition
from clinicite.compose.verdict_target import asked_target, target_stance

# Weight of one sentence by the design of its study (animal / in vitro count only outside clinical questions).
DESIGN_WEIGHT = {"practice guideline": 3.0, "systematic review / meta-analysis": 2.6,
                 "randomised controlled trial": 2.2, "cohort / case-control": 1.5, "case series": 1.1,
                 "case report": 0.7, "expert opinion": 0.8, "curated knowledge": 1.5, "unclassified": 1.0,
                 "animal study": 0.5, "in-vitro study": 0.4,
                 # a study's background: the work it cites, a general statement, never the study's own finding
                 "background statement": 0.6,
                 # a sentence that summarises trials or meta-analyses without being one (reported_design)
                 "reported meta-analysis": 2.3, "reported controlled trials": 2.0,
                 # a pilot, open-label or single-arm study: a trial's intent without randomisation or its size,
                 # below an observational cohort (no comparison group of its own; often historical controls)
                 "pilot study": 1.3}
ROLE_WEIGHT = {"conclusions": 1.6, "results": 1.0, "background": 0.35, "methods": 0.1, None: 0.8}
CLASS_SHARE = 0.7        # a finding about the drug's class ("SGLT2 inhibitors"), not the drug asked (written estimate)

_NEGATIVE = re.compile(
    r"\b(no (?:significant |statistically significant |clear |major |apparent |consistent |additional |"
    r"further |independent |relevant |measurable |detectable )?(?:difference|differences|effect|effects|"
    r"benefit|improvement|association|correlation|relationship|change|changes|increase|reduction|"
    r"evidence|impact|role|advantage|influence|link)|not (?:significantly |statistically |)?(?:associated|"
    r"correlated|related|effective|superior|different|improve\w*|reduce\w*|increase\w*|predict\w*|affect\w*|"
    r"influence\w*|significant\w*|beneficial|useful|necessary|justified|supported|confirmed|found|linked|"
    r"detected|observed|altered|changed|better|a (?:risk|predictor|reliable))|did not|does not|do not|"
    r"was not|were not|is not|are not|cannot|could not|failed to|unable to|ineffective|no longer|"
    r"neither|lack of|absence of|unrelated|independent of|similar (?:in|between|among|to)|comparable|"
    r"not differ\w*|no role|negative (?:results?|findings?|trials?|studies)|evidence against|against the use|"
    r"ruled? out (?:any|an?) \w*\s?(?:effect|benefit)|failed to (?:substantiate|confirm|show|demonstrate)|"
    r"no (?:[\w-]+ ){1,2}(?:benefits?|effects?|improvement|difference|association))\b", re.I)
_NOT_NEGATION = re.compile(r"\b(not only|no doubt|not uncommon|not unusual|cannot be excluded|"
                           r"whether or not)\b", re.I)
_HEDGE = re.compile(r"\b(may|might|could|possibl[ey]|perhaps|unclear|uncertain\w*|inconclusive|controvers\w*|"
                    r"remains? to be|further (?:studies|research|trials|investigation)|warrant\w*|limited "
                    r"(?:evidence|data)|insufficient|trend(?:ed)? (?:toward|towards)|did not reach|marginal\w*|"
                    r"conflicting|not clear|unknown|questionable|debat\w*|potential\w*)\b", re.I)
_POSITIVE = re.compile(r"\b(significant\w*|associated with|correlat\w*|effective\w*|efficac\w*|improv\w*|"
                       r"increas\w*|reduc\w*|decreas\w*|lower\w*|higher|predict\w*|benefit\w*|superior|useful|"
                       r"feasible|safe|accurate\w*|sensitive|specific|valuable|important|promot\w*|induc\w*|"
                       r"enhanc\w*|prevent\w*|protect\w*|risk factor|contribut\w*|play\w* a role|is a|are "
                       r"(?:a|an)|can be|caused|causes|leads? to|results? in|confirm\w*|support\w*|"
                       r"demonstrat\w*|show(?:s|ed|n)?|delay\w*|slow\w*|prolong\w*|extend\w*|attenuat\w*|"
                       r"inhibit\w*|block\w*|mediat\w*|regulat\w*|activat\w*|bind\w*|target\w*|requir\w*|"
                       r"essential|involved|relieve\w*|resolv\w*|restor\w*|success\w*|detect\w*|identif\w*)\b",
                       re.I)
# Sentence-level cues that a finding is from animals or cells, even inside a clinical paper.
_ANIMAL = re.compile(r"\b(mice|mouse|murine|rats?|rodents?|rabbits?|dogs?|pigs?|sheep|primates?|monkeys?|"
                     r"zebrafish|drosophila|transgenic|knock-?out|sod1[- ]?g93a|animal models?)\b", re.I)
_IN_VITRO = re.compile(r"\b(in vitro|cell lines?|cultured|cultures?|organoids?|hek ?293|hela)\b", re.I)
_HUMAN = re.compile(r"\b(patients?|participants?|subjects|people|persons?|women|men|children|adults|infants|"
                    r"cohort|trial|volunteers)\b", re.I)
_SIZE = re.compile(r"\b(?:n\s*=\s*(\d[\d,]*)|(\d[\d,]*)\s+(?:\w+\s+){0,2}(?:patients|participants|subjects|"
                   r"individuals|women|men|children|adults|cases|people|infants|persons|volunteers))\b", re.I)
_NON_HUMAN = ("animal study", "in-vitro study")


@dataclass
class Weighed:
    """One sentence's stance on the question and how much it counts."""

    index: int                 # into the evidence list
    stance: str                # "for", "against", "uncertain", "neutral"
    design: str                # the study design it comes from (sentence-level animal / in vitro override)
    weight: float
    size: int | None = None
    year: int | None = None
    role: str | None = None    # background, methods, results, conclusions
    overlap: float = 0.0       # share of the question's content words the sentence holds
    last: bool = False         # the last weighed sentence of its source (abstracts end on their finding)
    source: str = ""           # id of the source document
    text: str = ""             # the sentence itself (the verdict model reads its cues)
    labelled: bool = False     # its role comes from a structured-abstract label, not the classifier
    instead: str | None = None  # the other value it names for the one asked ("chromosome 17" for chromosome 1)

    @property
    def non_human(self) -> bool:
        return self.design in _NON_HUMAN


def stance(sentence: str) -> str:
    """For, against, uncertain or neutral: what a sentence says about an effect or association."""
    text = _NOT_NEGATION.sub(" ", sentence)
    if _NEGATIVE.search(text):
        return "uncertain" if re.search(r"\b(trend|did not reach|marginal)", text, re.I) else "against"
    if _HEDGE.search(text):
        return "uncertain"
    if _POSITIVE.search(text):
        return "for"
    return "neutral"


def sample_size(text: str) -> int | None:
    """The largest participant count a sentence states ("n = 250", "1,204 patients"), or None."""
    sizes = [int((a or b).replace(",", "")) for a, b in _SIZE.findall(text)]
    sizes = [n for n in sizes if 1 <= n <= 10_000_000]
    return max(sizes) if sizes else None


def design_of(item: Evidence) -> str:
    """The study design behind a sentence: its source's grade, unless the sentence itself is about
    animals or cells and names no people."""
    label = item.source.grade.label
    if label in _NON_HUMAN or item.kind == "fact":
        return label
    if label_role(item.section) == "background" or item.statement.startswith(("BACKGROUND", "INTRODUCTION")):
        # An introduction reports others' work: it does not carry the design of the study it opens.
        return "background statement"
    if not _HUMAN.search(item.statement):
        if _IN_VITRO.search(item.statement):
            return "in-vitro study"
        if _ANIMAL.search(item.statement):
            return "animal study"
    if label in _PILOT_GRADES and (_PILOT.search(item.source.title or "") or _PILOT.search(item.statement)):
        return "pilot study"
    return reported_design(item.statement, label)


# A study that says it is a pilot, open-label, uncontrolled or single-arm one (MEDLINE types it "Clinical Trial,
# Phase II" or not at all, graded observational): it is weighed and named as what it says it is.
_PILOT = re.compile(r"\b(?:pilot|open[- ]label|uncontrolled|single[- ]arm|non-?randomi[sz]ed)\b", re.I)
_PILOT_GRADES = ("cohort / case-control", "case series", "unclassified")


# A finding that states the design it rests on ("controlled trials failed to ...", "a meta-analysis showed"):
# a snippet or a review's sentence carries that design even when its source's own design is unknown.
_REPORTED = (("reported meta-analysis", re.compile(r"\b(meta-?analys[ie]s|systematic reviews?)\b", re.I)),
             ("reported controlled trials", re.compile(r"\b(randomi[sz]ed|placebo-controlled|controlled "
                                                        r"(?:clinical )?(?:trials?|studies|researches))\b", re.I)))


def reported_design(statement: str, label: str) -> str:
    """``label``, or the stronger design the sentence says its finding comes from."""
    for design, pattern in _REPORTED:
        if pattern.search(statement) and DESIGN_WEIGHT[design] > DESIGN_WEIGHT.get(label, 1.0):
            return design
    return label


def weigh(question: str, evidence: list[Evidence], candidates: list[int]) -> list[Weighed]:
    """Stance and weight of each candidate sentence about the question's agent and condition
    (:mod:`clinicite.compose.verdict_subject`), or, for a question without a named agent, of each that
    shares a content word with it."""
    asked = set(content_terms(question))
    predicate = predicate_of(question)      # the stance answers the predicate asked ("similar?", "accurate?")
    # "Is X a Y?": only a definitional statement answers it, and an aim's apposition is one ("... of ubrogepant
    # (MK-1602), a CGRP receptor antagonist"), so aims are weighed there.
    membership = class_question(question)
    existence = existence_object(question)  # "Is there a vaccine for X?": only a sentence naming a vaccine
    target = asked_target(question)         # "Does X target Y?": "the Y receptor (X)" is another target
    sizes: dict[str, int] = {}
    for item in evidence:       # a study's size is stated once, usually in its methods or results
        if design_of(item) == "background statement":
            continue            # an introduction's count is of the work it cites ("none of the 16 patients ...")
        span_size = sample_size(item.statement)
        if span_size:
            sizes[item.source.id] = max(sizes.get(item.source.id, 0), span_size)
    weighed = []
    gate = SubjectGate(question, evidence)
    relation = asked_relation(question, gate.asked.agent_text)    # the asked object's values and direction
    for i in candidates:
        item = evidence[i]
        if item.kind != "sentence" or item.source.retracted:
            continue
        if not membership and states_no_finding(item.statement):
            continue        # a hypothesis, an aim or an open question names the claim without finding it
        if gate.active and not gate.about(item):
            continue        # another agent's or another disease's finding does not answer this question
        if asked and not asked & set(content_terms(item.statement + " " + item.source.title)):
            continue
        if existence and not names_object(existence, item.statement):
            continue        # "oral immunotherapy was effective" says nothing of a vaccine, whatever its title
        overlap = len(asked & set(content_terms(item.statement))) / len(asked) if asked else 0.0
        role, labelled = finding_role(item)
        # A background sentence reports the work its source cites: it never carries that source's design.
        design = design_of(item) if is_finding(role) else "background statement"
        size = sizes.get(item.source.id)
        weight = DESIGN_WEIGHT.get(design, 1.0) * ROLE_WEIGHT.get(role, 0.8)
        weight *= 1.0 + 0.12 * math.log10(size) if size else 1.0
        weight *= 0.8 + 0.2 * recency_weight(item.source.year)
        weight *= CLASS_SHARE if gate.active and gate.by_class(item) else 1.0
        found = membership_stance(membership, item.statement) if membership else \
            aligned_stance(predicate, item.statement, stance(item.statement))
        if not membership and denies_condition(question, gate.asked, item.statement):
            found = "against"
        found, instead = relation_stance(relation, item.statement, found) if not membership else (found, None)
        found = existence_stance(existence, item.statement, found) if existence else found
        if target.object and instead is None:
            found, instead = target_stance(target, item.statement, found)
        weighed.append(Weighed(i, found, design, weight, size, item.source.year, role, round(overlap, 4),
                               source=item.source.id, text=item.statement, labelled=labelled, instead=instead))
    ends: dict[str, Weighed] = {}
    for w in weighed:
        key = evidence[w.index].source.id
        if key not in ends or evidence[w.index].spans[0].start > evidence[ends[key].index].spans[0].start:
            ends[key] = w
    for w in ends.values():
        w.last = True
    return weighed
