"""A yes / no / uncertain verdict from weighed evidence, with how strong it is.

Each on-topic result or conclusion sentence takes a stance on the question's
claim: *for* (an effect or association is reported), *against* (none was
found), or *uncertain* (hedged, inconclusive). Its weight is the design of its
study on the usual ladder of evidence (Guyatt et al., 1995; Oxford CEBM
levels), its size (n) and recency, and the part of the abstract it comes from.
Animal and in-vitro findings never count as clinical evidence: they decide a
verdict only for a question that is not about patients, and are otherwise
named as such. Retracted sources carry no weight and are named.

The stance cues are negation and hedging cues in the manner of NegEx (Chapman
et al., 2001) and of hedge detection on BioScope (Vincze et al., 2008). A
logistic regression over the weighed sentences and their reporting cues
(:mod:`clinicite.compose.verdict_model`), fitted on the 500 PubMedQA labelled
questions outside its official test set, turns them into yes / no / uncertain.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from clinicite.compose.evidence import Evidence
from clinicite.compose.grading import recency_weight
from clinicite.compose.sentences import content_terms
from clinicite.compose.verdict_membership import class_question, membership_stance, membership_verdict
from clinicite.compose.verdict_model import model_scores
from clinicite.compose.verdict_predicate import aligned_stance, predicate_of
from clinicite.compose.verdict_role import finding_role, is_finding, label_role
from clinicite.compose.verdict_subject import SubjectGate

# Weight of one sentence by the design of its study (animal / in vitro count only outside clinical questions).
DESIGN_WEIGHT = {"practice guideline": 3.0, "systematic review / meta-analysis": 2.6,
                 "randomised controlled trial": 2.2, "cohort / case-control": 1.5, "case series": 1.1,
                 "case report": 0.7, "expert opinion": 0.8, "curated knowledge": 1.5, "unclassified": 1.0,
                 "animal study": 0.5, "in-vitro study": 0.4,
                 # a study's background: the work it cites, a general statement, never the study's own finding
                 "background statement": 0.6,
                 # a sentence that summarises trials or meta-analyses without being one (reported_design)
                 "reported meta-analysis": 2.3, "reported controlled trials": 2.0}
ROLE_WEIGHT = {"conclusions": 1.6, "results": 1.0, "background": 0.35, "methods": 0.1, None: 0.8}
# Fitted on the PubMedQA non-test 500 (see module docstring): balance above YES_AT is yes, below NO_AT no.
YES_AT = 0.05
NO_AT = -0.15
NEUTRAL_FOR = 0.5        # a sentence with no cue at all mostly states that something is so
CLASS_SHARE = 0.7        # a finding about the drug's class ("SGLT2 inhibitors"), not the drug asked (written estimate)
TIE_MARGIN = 0.1         # yes and no this close in the model: the design-weighted balance decides (chosen on dev)
UNCERTAIN_AT = 0.45      # share of the weight on hedged sentences above which the verdict is "uncertain"

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
_CLINICAL_QUESTION = re.compile(r"\b(patients?|treat\w*|therap\w*|effective|efficacy|clinical\w*|drug|dose|"
                                r"trial|surgery|outcomes?|mortality|survival|diagnos\w*|symptoms?|disease|"
                                r"syndrome|disorder|cancer|tumou?r|infection|children|adults?|women|men)\b", re.I)
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

    @property
    def non_human(self) -> bool:
        return self.design in _NON_HUMAN


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
    return reported_design(item.statement, label)


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
    membership = class_question(question)   # "Is X a Y?": only a definitional statement answers it
    sizes = {}
    for item in evidence:       # a study's size is stated once, usually in its methods or results
        if design_of(item) == "background statement":
            continue            # an introduction's count is of the work it cites ("none of the 16 patients ...")
        span_size = sample_size(item.statement)
        if span_size:
            sizes[item.source.id] = max(sizes.get(item.source.id, 0), span_size)
    weighed = []
    gate = SubjectGate(question, evidence)
    for i in candidates:
        item = evidence[i]
        if item.kind != "sentence" or item.source.retracted:
            continue
        if gate.active and not gate.about(item):
            continue        # another agent's or another disease's finding does not answer this question
        if asked and not asked & set(content_terms(item.statement + " " + item.source.title)):
            continue
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
        weighed.append(Weighed(i, found, design, weight, size, item.source.year, role, round(overlap, 4),
                               source=item.source.id, text=item.statement, labelled=labelled))
    ends: dict[str, Weighed] = {}
    for w in weighed:
        key = evidence[w.index].source.id
        if key not in ends or evidence[w.index].spans[0].start > evidence[ends[key].index].spans[0].start:
            ends[key] = w
    for w in ends.values():
        w.last = True
    return weighed


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
    _describe(verdict, evidence, counted, only_lab, safety=predicate_of(question).safety)
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


_DESIGN_NOUN = {"practice guideline": ("guideline", "guidelines"),
                "systematic review / meta-analysis": ("systematic review", "systematic reviews"),
                "randomised controlled trial": ("randomised trial", "randomised trials"),
                "cohort / case-control": ("observational study", "observational studies"),
                "case series": ("case series", "case series"), "case report": ("case report", "case reports"),
                "expert opinion": ("review", "reviews"), "animal study": ("animal study", "animal studies"),
                "in-vitro study": ("laboratory study", "laboratory studies"),
                "curated knowledge": ("knowledge record", "knowledge records"),
                "background statement": ("background statement", "background statements"),
                "reported meta-analysis": ("source citing a meta-analysis", "sources citing meta-analyses"),
                "reported controlled trials": ("source citing controlled trials", "sources citing controlled trials"),
                "unclassified": ("study", "studies")}
_NUMBER = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}


def _studies(group: list[Weighed], evidence: list[Evidence]) -> str:
    """'two randomised trials', 'one observational study and one case report': distinct sources by design."""
    by_design: dict[str, set[str]] = {}
    if any(w.design != "background statement" for w in group):
        group = [w for w in group if w.design != "background statement"]     # name the studies themselves
    for w in group:
        by_design.setdefault(w.design, set()).add(evidence[w.index].source.id)
    parts = []
    for design in sorted(by_design, key=lambda d: -DESIGN_WEIGHT.get(d, 1.0)):
        count = len(by_design[design])
        singular, plural = _DESIGN_NOUN.get(design, ("study", "studies"))
        parts.append(f"{_NUMBER.get(count, str(count))} {singular if count == 1 else plural}")
    return " and ".join(parts[:2]) if len(parts) <= 2 else ", ".join(parts[:3])


# What each side found, for a safety question: its "for" is a finding of no harm, its "against" a harm.
_SAFETY_FOUND = {"for": ("found no harm", "found no harm"), "against": ("reports harm", "report harm")}


def _describe(verdict: Verdict, evidence: list[Evidence], counted: list[Weighed], only_lab: bool,
              safety: bool = False) -> None:
    """The bottom line: verdict, strength, what the stronger side found and what the other side found."""
    pro = sorted((w for w in counted if w.stance == "for"), key=lambda w: -w.weight)
    con = sorted((w for w in counted if w.stance == "against"), key=lambda w: -w.weight)
    hedge = sorted((w for w in counted if w.stance == "uncertain"), key=lambda w: -w.weight)
    lead_word = {"yes": "Yes", "no": "No", "uncertain": "Uncertain"}[verdict.answer]
    main, other = (pro, con) if verdict.answer == "yes" else (con, pro) if verdict.answer == "no" else \
        ((pro or hedge), con)
    if verdict.strength == "conflicting":     # the newer side first, as a reader would weigh them
        newest = max((evidence[w.index].source.year or 0 for w in pro), default=0)
        main, other = (con, pro) if max((evidence[w.index].source.year or 0 for w in con), default=0) > newest \
            else (pro, con)
    clauses = []
    if main:
        found = {"yes": ("reports an effect or association", "report an effect or association"),
                 "no": ("found no effect or association", "found no effect or association"),
                 "uncertain": (("reports an effect", "report an effect") if main is pro else
                               ("found no effect or association", "found no effect or association") if main is con
                               else ("is inconclusive", "are inconclusive"))}[verdict.answer]
        if safety and (main is pro or main is con):
            found = _SAFETY_FOUND["for" if main is pro else "against"]
        clauses.append(_clause(main, evidence, found))
    one_source = {evidence[w.index].source.id for w in main + other}
    if other and main and len(one_source) == 1:
        # One study on both sides is not two studies that disagree: say that its own findings are mixed.
        clauses.append("the same study also reports an effect" if other is pro else
                       "the same study also reports findings of no effect")
        verdict.disagreement = "Its findings point both ways"
    elif other:
        found = ("reported an effect", "reported an effect") if other is pro else ("found none", "found none")
        if safety:
            found = _SAFETY_FOUND["for" if other is pro else "against"]
        clauses.append(_clause(other, evidence, found, earlier=_earlier(other, main, evidence)))
        verdict.disagreement = _which_stronger(main, other, evidence) if main else None
    strength = {"no clinical evidence": "no clinical evidence; animal or laboratory findings only",
                "conflicting": "conflicting evidence",
                "strong": "strong evidence", "moderate": "moderate evidence", "weak": "weak evidence"}
    text = f"{lead_word} ({strength[verdict.strength]}): " + "; ".join(clauses) if clauses else lead_word
    if verdict.disagreement:
        text += f". {verdict.disagreement}"
    verdict.text = text.rstrip(".") + "."
    verdict.cited = [w.index for w in (main[:3] + other[:2])]


def _clause(group: list[Weighed], evidence: list[Evidence], found: tuple[str, str], earlier: bool = False) -> str:
    studies = _studies(group, evidence)
    # The verb agrees with the sources named ("one case report reports"), not with every source weighed:
    # _studies leaves background statements out when studies are named.
    plural = "," in studies or " and " in studies or not studies.startswith(("one ", "an "))
    if earlier:
        studies = re.sub(r"^(\w+) ", r"\1 earlier ", studies) if plural else re.sub(r"^one ", "an earlier ", studies)
    return f"{studies} {found[1] if plural else found[0]}"


def _earlier(group: list[Weighed], than: list[Weighed], evidence: list[Evidence]) -> bool:
    """True when every source of ``group`` is older than every source of ``than``."""
    years = [evidence[w.index].source.year for w in group]
    others = [evidence[w.index].source.year for w in than]
    return bool(than) and all(years) and all(others) and max(years) < min(others)


def _which_stronger(main: list[Weighed], other: list[Weighed], evidence: list[Evidence]) -> str:
    """Which side of a disagreement rests on the stronger, larger or newer evidence."""
    def best(group: list[Weighed]) -> tuple[float, int, int]:
        top = max(group, key=lambda w: (DESIGN_WEIGHT.get(w.design, 1.0), w.size or 0, w.year or 0))
        return DESIGN_WEIGHT.get(top.design, 1.0), top.size or 0, top.year or 0
    a, b = best(main), best(other)
    if a[0] > b[0]:
        return "The sources disagree; the evidence for this verdict is of stronger design"
    if a[0] == b[0] and a[1] > b[1]:
        return "The sources disagree; the evidence for this verdict is larger"
    if a[0] == b[0] and a[2] > b[2]:
        return "The sources disagree; the evidence for this verdict is more recent"
    if a[0] < b[0]:
        return "The sources disagree, and the opposing evidence is of stronger design: read both"
    return "The sources disagree and neither side is clearly stronger"
