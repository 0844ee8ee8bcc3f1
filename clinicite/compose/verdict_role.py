"""Which part of its abstract a weighed sentence comes from, and whether it can be the study's finding.

A study's verdict rests on what it found: its results and conclusions. Its
background or introduction reports the work it cites ("a small pilot study
showed a significant effect") and its objective states what it set out to
test; neither is the study's finding, even in a phase-3 trial. A background sentence still counts, as
its source's general statement about the question (the weight of a "background statement"), never with the
design of the study it opens. The part is
read from the structured abstract's label when MEDLINE gives one (NLM's
categories of structured abstracts: BACKGROUND, OBJECTIVE, METHODS, RESULTS,
CONCLUSIONS; Ripple et al., 2011), then from a label left at the start of the
sentence (snippets keep "BACKGROUND ..." or "CONCLUSIONS : ..."), and only
otherwise from the sentence classifier's cues (:mod:`clinicite.compose.classify`).
"""

from __future__ import annotations

import re

from clinicite.compose.evidence import Evidence

# NLM structured-abstract labels (and their common variants) by the part of the abstract they open.
_LABELS = (
    ("background", r"background|introduction|context|rationale|objectives?|aims?|purpose|importance|"
                   r"hypothes[ie]s|study objectives?|aims? and objectives?|goals?|problem"),
    ("methods", r"methods?|materials?(?: and methods)?|design|study design|setting|settings|patients?|"
                r"participants?|subjects|population|interventions?|measurements?|main outcome measures?|"
                r"outcome measures?|data sources?|study selection|data extraction|procedures?"),
    ("results", r"results?|findings|main results?|outcomes?"),
    ("conclusions", r"conclusions?|interpretation|discussion|implications?(?: for practice)?|significance|"
                    r"summary|conclusions? and relevance|clinical relevance"),
)
_LABEL_ROLE = [(role, re.compile(rf"^(?:{pattern})$", re.I)) for role, pattern in _LABELS]
# A label left at the start of a sentence: capitals, then a colon or the next sentence's capital.
_LEADING_LABEL = re.compile(r"^\s*([A-Z][A-Z ]{2,40}?)\s*(?::|\s(?=[A-Z0-9(]))")

NOT_FINDINGS = ("background",)


def label_role(label: str | None) -> str | None:
    """The part of an abstract a structured label opens ("OBJECTIVE" -> background), or None."""
    text = " ".join((label or "").replace("_", " ").split()).strip(" :")
    for role, pattern in _LABEL_ROLE:
        if text and pattern.match(text):
            return role
    return None


def finding_role(item: Evidence) -> tuple[str | None, bool]:
    """The sentence's part of its abstract and whether a label says so: the section label, a leading
    label, else the classifier's role (not labelled)."""
    found = label_role(item.section)
    if found:
        return found, True
    leading = _LEADING_LABEL.match(item.statement)
    if leading:
        found = label_role(leading.group(1))
        if found:
            return found, True
    return item.role, False


def is_finding(role: str | None) -> bool:
    """False for a background, introduction or objective sentence: it reports others' work or an aim."""
    return role not in NOT_FINDINGS
