"""Sentences that tell one reported patient's story, kept apart from general statements.

"She had taken NSAIDs for a few months; however, the intermittent pain
persisted." is evidence from one case, not a fact about a disease. Such a
sentence names a single patient (a pronoun, "the patient", "a 41-year-old
woman") and narrates what happened to them; a general statement speaks of
patients in the plural, of a disease, or of a study's findings. Case narrative
is the discourse type that case-report writing guidance (CARE, Gagnier et al.,
2013) separates from the discussion; the cues here are the surface forms of it.
"""

from __future__ import annotations

import re

from clinicite.compose.evidence import Evidence

_SINGLE_PATIENT = re.compile(
    r"\b(?:she|he|her|his|him|herself|himself)\b(?! or (?:she|he|her|his|him)\b)"
    r"|\b(?:the|our|this|a|an|one) (?:\d+[- ](?:year|month|week)s?[- ]old )?(?:patient|child|boy|girl|man|"
    r"woman|infant|baby|neonate|toddler|adolescent|proband|lady|gentleman|individual)\b(?!s)"
    r"|\b\d+(?:\.\d+)?[- ](?:year|month|week|day)s?[- ]old\b"
    r"|\bwe (?:report|present|describe)\b|\bcase (?:of|report)\b|\bin (?:our|this) case\b", re.I)
_PLURAL_OR_GENERAL = re.compile(r"\b(?:he or she|his or her|him or her|s/he)\b", re.I)
# "A 41-year-old woman presented with ...": the classic opening of a case; counted as narrative too.
_NARRATED = re.compile(r"\bwe (?:report|present|describe)\b|\b(?:was|were|had|has been|underwent|presented|complained|developed|received|took|"
                       r"taken|showed|revealed|admitted|referred|treated|diagnosed|relieved|resolved|persisted|"
                       r"improved|recovered|remained|returned|reported|suffered|sustained|"
                       # the course told: "diarrhoea stopped within two weeks, he regained 10 kg", "pain settled"
                       r"became|ceased|stopped|settled|healed|regained|fell|rose|normali[sz]ed|disappeared|"
                       r"subsided|eased|went home|was discharged)\b", re.I)

CASE_LABEL = "In a reported case, "
SERIES_LABEL = "In a reported series, "


def is_case_narrative(sentence: str) -> bool:
    """True when ``sentence`` narrates what happened to one reported patient."""
    text = _PLURAL_OR_GENERAL.sub(" ", sentence)
    return bool(_SINGLE_PATIENT.search(text) and _NARRATED.search(text))


_CASE_SECTION = re.compile(r"\bcase\b|\bpresentation\b|\bpatient\b", re.I)
_PAST_FINDING = re.compile(r"\b(?:showed|revealed|demonstrated|was|were|had|underwent|found)\b", re.I)
_SHOWN = re.compile(r"\b(?:showed|revealed|demonstrated)\b", re.I)
_GENERAL_WORDS = re.compile(r"\b(?:is|are|usually|typically|often|may|can|should)\b", re.I)


def is_narrative(item: Evidence) -> bool:
    """A sentence about one reported patient: by its words, or by standing in a case report's case section
    and telling, in the past tense, what was found ("Open biopsy showed thickened trabeculae")."""
    if item.kind != "sentence":
        return False
    if is_case_narrative(item.statement):
        return True
    if _GENERAL_WORDS.search(item.statement):
        return False
    if item.section and _CASE_SECTION.search(item.section):
        return bool(_PAST_FINDING.search(item.statement))
    # Outside a labelled case section (an unstructured abstract, a plain-text report), a single-patient report's
    # "Radiographs showed ..." is still that patient's; "was"/"had" are left out here, as a discussion uses them
    # of the disease too ("it was first described in 1949").
    return item.source.grade.label == "case report" and bool(_SHOWN.search(item.statement))


def as_case(statement: str, series: bool = False, text: str | None = None) -> str:
    """The bullet text for a narrative sentence, labelled as one case (or one series): "In a reported case,
    open biopsy relieved the pain". The quoted words are unchanged but for the case of the first letter,
    which is lowered unless the word is a name (written with a capital inside a sentence of ``text``)."""
    label = SERIES_LABEL if series else CASE_LABEL
    if statement.startswith((CASE_LABEL, SERIES_LABEL)) or _SAYS_REPORTED.match(statement):
        return statement      # "We report a case of PCT ... controlled with desferrioxamine" says so itself
    # An abstract's part heading ("CASE PRESENTATION Two patients ...", "RESULTS: ALK ... was detected") is no
    # word of the sentence: the label takes its place ("In a reported series, two patients ...").
    heading = _HEADING.match(statement)
    if heading and statement[heading.end():]:
        statement = statement[heading.end():]
    return label + _lowered_start(statement, text or statement)


_PART = (r"(?:CASE|CASES|PRESENTATION|REPORTS?|RESULTS?|METHODS?|CONCLUSIONS?|BACKGROUND|OBJECTIVES?|DISCUSSION|"
         r"INTRODUCTION|SUMMARY|FINDINGS|OUTCOMES?|INTERVENTIONS?|DIAGNOS[EI]S|TREATMENT|MANAGEMENT|AND|PATIENTS?|"
         r"DESCRIPTION|PURPOSE|AIMS?)")
_HEADING = re.compile(rf"\s*{_PART}(?: {_PART}){{0,3}}:?\s+(?=[A-Z])")


_CAPITALISED_INSIDE = r"[a-z,;:] {word}\b"
# A sentence that opens by saying it tells a reported case needs no label in front.
# The authors telling what they did ("We examined the erythroblasts of a girl ...") say it is their report too.
_SAYS_REPORTED = re.compile(r"\W*(?:[A-Z][A-Z ]{2,40}:\s*)?(?:(?:we|the authors) (?:report|present|describe)\b|"
                            r"in (?:this|our) (?:case|patient)\b|we (?:\w+ly )?[a-z]+ed\b)", re.I)


def _lowered_start(statement: str, text: str) -> str:
    match = re.match(r"(?:A(?= )|[A-Z][a-z][a-z'\-]*)", statement)
    if match is None:
        return statement      # an acronym, a number, a capitalised name ("MRI showed ...")
    word = match.group(0)
    if word == "A":
        return "a" + statement[1:]     # the article ("A repeat tap ..."); "vitamin A" never opens a sentence
    if re.search(_CAPITALISED_INSIDE.format(word=re.escape(word)), text):
        return statement      # a name: "Belimumab" is written with a capital inside sentences too
    return word[0].lower() + statement[1:]
