"""Sentences that weigh differential diagnoses, kept out of the sections that state what the case shows.

"Migraine and a transient ischaemic attack were considered, but the jaw claudication made giant cell arteritis
far more likely" is reasoning: which diagnoses were weighed and what tipped the balance. Under Clinical
presentation or Key findings it reads as a feature of the disease or of this case ("migraine ... considered" is
neither). Case-report guidance keeps the two apart (CARE, Gagnier et al., 2013: "diagnostic assessment" holds the
differential diagnosis and its reasoning; "clinical findings" the findings); here such a sentence moves from those
sections to the Differential diagnosis section, where the reasoning belongs, or is left out when that section is
not planned.
"""

from __future__ import annotations

import re
from typing import Any

# What weighing differential diagnoses reads like: candidates considered or set aside, and what favoured one.
WEIGHS = re.compile(
    r"\b(?:was|were) (?:first |also |initially |briefly )?(?:considered|suspected|thought (?:\w+ )?(?:unlikely|likely)|"
    r"excluded|ruled out|felt (?:\w+ )?unlikely)\b"
    r"|\b(?:favou?r(?:ed|s|ing)|pointed (?:to|towards)|argu(?:ed|es|ing) (?:for|against)|spoke against|"
    r"weighs? against)\b"
    r"|\bmade (?:\w+ ){1,6}(?:unlikely|likely|less likely|more likely)\b"
    r"|\b(?:unlikely|excluded) (?:because|given|as|since|by)\b"
    r"|\bdifferential diagnos[ie]s (?:includes?|included|was|were|is|are|of)\b"
    r"|\b(?:distinguish(?:es|ed|ing)?|differentiat(?:es|ed|ing)|tell(?:s)? (?:it )?apart) (?:\w+ ){0,4}from\b",
    re.I)

# The sections that state findings: a weighing sentence does not belong there.
FINDING_SECTIONS = ("presentation", "key_findings")
WEIGHING_SECTION = "differential"


def weighs_differential(sentence: str) -> bool:
    """The sentence weighs diagnoses against each other (see :data:`WEIGHS`)."""
    return bool(WEIGHS.search(sentence))


def weighing_apart(draft: Any, evidence: list[Any], plan: list[str]) -> None:
    """Move the bullets of Clinical presentation and Key findings that weigh diagnoses to the Differential
    diagnosis section when the plan has one (after its own bullets), else leave them out; a section left empty
    is removed."""
    moved = []
    for key in FINDING_SECTIONS:
        bullets = draft.sections.get(key)
        if not bullets:
            continue
        weighing = [b for b in bullets if b.evidence and any(
            evidence[i].kind == "sentence" and weighs_differential(evidence[i].statement) for i in b.evidence)]
        if not weighing:
            continue
        kept = [b for b in bullets if b not in weighing]
        if kept:
            draft.sections[key] = kept
        else:
            del draft.sections[key]
        moved += weighing
    if moved and WEIGHING_SECTION in plan:
        draft.sections[WEIGHING_SECTION] = list(draft.sections.get(WEIGHING_SECTION, [])) + moved
