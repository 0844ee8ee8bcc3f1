"""The words of a yes/no verdict: "No (strong evidence): two randomised trials found no effect; an earlier
case series reported an effect. The sources disagree; the evidence for this verdict is of stronger design."

The sources are named by design and number, strongest first, in the manner of a GRADE summary of findings
(Guyatt et al., 2008, "GRADE: an emerging consensus on rating quality of evidence and strength of
recommendations"): which side the stronger, larger or newer evidence is on is said, never left to the reader.
"""

from __future__ import annotations

import re
from collections import Counter

from clinicite.compose.evidence import Evidence
from clinicite.compose.verdict_object import COMPARATOR, OPPOSITE
from clinicite.compose.verdict_weigh import DESIGN_WEIGHT, Weighed

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
                "pilot study": ("pilot study", "pilot studies"),
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


def describe(answer: str, strength: str, evidence: list[Evidence], counted: list[Weighed],
             safety: bool = False) -> tuple[str, list[int], str | None]:
    """The bottom line (verdict, strength, what the stronger side found and what the other side found), the
    evidence it cites in the order it names them, and the disagreement it names (None when none)."""
    disagreement = None
    pro = sorted((w for w in counted if w.stance == "for"), key=lambda w: -w.weight)
    con = sorted((w for w in counted if w.stance == "against"), key=lambda w: -w.weight)
    hedge = sorted((w for w in counted if w.stance == "uncertain"), key=lambda w: -w.weight)
    lead_word = {"yes": "Yes", "no": "No", "uncertain": "Uncertain"}[answer]
    main, other = (pro, con) if answer == "yes" else (con, pro) if answer == "no" else \
        ((pro or hedge), con)
    if strength == "conflicting":     # the newer side first, as a reader would weigh them
        newest = max((evidence[w.index].source.year or 0 for w in pro), default=0)
        main, other = (con, pro) if max((evidence[w.index].source.year or 0 for w in con), default=0) > newest \
            else (pro, con)
    clauses = []
    if main:
        found = {"yes": ("reports an effect or association", "report an effect or association"),
                 "no": ("found no effect or association", "found no effect or association"),
                 "uncertain": (("reports an effect", "report an effect") if main is pro else
                               ("found no effect or association", "found no effect or association") if main is con
                               else ("is inconclusive", "are inconclusive"))}[answer]
        if safety and (main is pro or main is con):
            found = _SAFETY_FOUND["for" if main is pro else "against"]
        instead = _instead(main) if main is con else None
        if instead == OPPOSITE:     # "blocks the receptor" for "stimulates the receptor?"
            found = ("reports the opposite effect", "report the opposite effect")
        elif instead == COMPARATOR:     # "placebo did better than X", "mortality was higher on X than placebo"
            found = ("found the comparator did better", "found the comparator did better")
        elif instead:     # they relate the subject to another value of the thing asked ("chromosome 17")
            found = (f"relates it to {instead} instead", f"relate it to {instead} instead")
        clauses.append(_clause(main, evidence, found))
    one_source = {evidence[w.index].source.id for w in main + other}
    if other and main and len(one_source) == 1:
        # One study on both sides is not two studies that disagree: say that its own findings are mixed.
        clauses.append("the same study also reports an effect" if other is pro else
                       "the same study also reports findings of no effect")
        disagreement = "Its findings point both ways"
    elif other:
        found = ("reported an effect", "reported an effect") if other is pro else ("found none", "found none")
        if safety:
            found = _SAFETY_FOUND["for" if other is pro else "against"]
        clauses.append(_clause(other, evidence, found, earlier=_earlier(other, main, evidence)))
        disagreement = _which_stronger(main, other, evidence) if main else None
    said = {"no clinical evidence": "no clinical evidence; animal or laboratory findings only",
                "conflicting": "conflicting evidence",
                "strong": "strong evidence", "moderate": "moderate evidence", "weak": "weak evidence"}
    text = f"{lead_word} ({said[strength]}): " + "; ".join(clauses) if clauses else lead_word
    if disagreement:
        text += f". {disagreement}"
    return text.rstrip(".") + ".", [w.index for w in (main[:3] + other[:2])], disagreement


def _instead(group: list[Weighed]) -> str | None:
    """The other value most of ``group`` names in place of the asked one, or None."""
    named = Counter(w.instead for w in group if w.instead)
    if not named or sum(named.values()) * 2 < len(group):
        return None
    return named.most_common(1)[0][0]


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
