"""Past medical history and treated conditions: findings that are not the presenting illness.

A vignette names the patient's past as well as the present: "His past medical history is significant
for hypertension and type 2 diabetes", "She takes lisinopril for hypertension", "A 58-year-old man
with hypertension comes to the physician because of ...". Weighing those as findings of the illness
that brought the patient in draws the differential to chronic comorbidities. The same trigger-and-scope
reading as :mod:`clinicite.understand.context` (after ConText's "historical" modifier: Harkema et al.,
J Biomed Inform 2009) marks them ``context="history"``: they stay visible, but are not
:attr:`~clinicite.understand.facts.Finding.observed`.

"History of" belongs to the presenting illness when the sentence has presented it before ("comes to the
physician because of a 3-day history of fever"); without such a verb it is the past ("He has an 8-year
history of type 2 diabetes").
"""

from __future__ import annotations

import re

from clinicite.understand.context import sentences
from clinicite.understand.facts import Finding

HISTORY_PRE = re.compile(
    r"\b(?:(?:past |previous |prior )?(?:medical|surgical|psychiatric|obstetric) history|history)"
    r"(?: (?:is|was))?(?: (?:significant|notable|remarkable|positive|pertinent|insignificant|unremarkable))?"
    r"(?: only)?(?: except)?(?: for|:| of| includes?| included)|"
    r"\b(?:(?:was|were|been|had been|has been) (?:previously )?diagnosed (?:with|as having)|"
    r"status post|s/p|known (?:case of|to have)|previous(?:ly)? (?:treated|operated) for)\b", re.I)
# "takes metformin for type 2 diabetes": the condition after "for" is treated, not presenting.
TREATED_PRE = re.compile(r"\b(?:takes?|taking|took|uses?|using|receiv(?:es|ed|ing)|prescribed|treated with|"
                         r"managed with)\b[^.;]{1,60}?\bfor\b", re.I)
# "a 58-year-old man with hypertension ... comes to the physician": comorbidities before the presentation.
COMORBID_PRE = re.compile(r"\b\d+[- ](?:year|month)s?[- ]old\b[^.;,]{0,40}?\bwith\b", re.I)
COMPLAINT = re.compile(r"\b(?:because of|for|with|complain\w* of|due to|after)\b", re.I)
YEARS_AGO_POST = re.compile(r"\b(?:\d+|several|many|two|three|four|five|ten) years ago\b", re.I)
# Words that bring the presenting illness (back) into the sentence: a history scope ends there.
PRESENTING = re.compile(r"\b(?:presents?|presented|presenting|comes?|came|complains?|complained|complaining|"
                        r"now|currently|today|is brought|was brought|because of|for the past|reports?|"
                        r"admitted|seen|evaluated|"
                        # "diagnosed with Marfan syndrome, which explained his tall stature": the diagnosis
                        # accounts for present findings, which are not its past
                        r"explain(?:s|ed|ing)?|account(?:s|ed)? for)\b", re.I)
NOT_PAST = re.compile(r"\b(?:family|smoking|travel|social|sexual|present illness|clinical)\b", re.I)
# A bare "History:" opening a sentence heads the story of the illness, as "Clinical history:" does; only a
# qualified one ("Past medical history:") lists the patient's past.
_HEADING = re.compile(r"history\s*:", re.I)


def _history_scopes(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    scopes = []
    for match in HISTORY_PRE.finditer(text, lo, hi):
        before = text[lo:match.start()]
        if NOT_PAST.search(text[max(lo, match.start() - 12):match.end()]):
            continue
        if match.group().lower().startswith("history") and PRESENTING.search(before):
            continue                              # "presents with a 3-day history of": the present illness
        if _HEADING.fullmatch(match.group()) and not before.strip():
            continue                              # a case write-up's "History:" heading tells the present illness
        scopes.append((match.end(), _until_presenting(text, match.end(), hi)))
    for match in TREATED_PRE.finditer(text, lo, hi):
        scopes.append((match.end(), _until_presenting(text, match.end(), hi)))
    for match in COMORBID_PRE.finditer(text, lo, hi):
        end = PRESENTING.search(text, match.end(), hi)
        # only when the sentence then names the complaint ("comes ... because of chest pain"): in "a
        # 9-year-old boy with macrocephaly was seen" the words after "with" are what he was seen for
        if (end and not PRESENTING.search(text, match.start(), match.end())
                and COMPLAINT.search(text, end.start(), hi)):
            # only "a 58-year-old man with X comes ...", never "a 20-year-old presents with X"
            scopes.append((match.end(), end.start()))
    for match in YEARS_AGO_POST.finditer(text, lo, hi):
        clause = max(text.rfind(",", lo, match.start()), text.rfind(" and ", lo, match.start()), lo - 1) + 1
        previous = list(PRESENTING.finditer(text, clause, match.start()))
        scopes.append((previous[-1].end() if previous else clause, match.start()))
    return scopes


def _until_presenting(text: str, start: int, hi: int) -> int:
    again = PRESENTING.search(text, start, hi)
    return again.start() if again else hi


def mark_history(text: str, findings: list[Finding]) -> None:
    """Set ``context="history"`` on findings the text gives to the patient's past or treated conditions.

    A negated finding keeps its place among the patient's negatives ("no history of injury")."""
    for lo, hi in sentences(text):
        inside = [f for f in findings if lo <= f.start < hi and f.context is None and not f.excluded]
        if not inside:
            continue
        scopes = _history_scopes(text, lo, hi)
        for finding in inside:
            if any(start <= finding.start and finding.end <= end + 1 for start, end in scopes):
                finding.context = "history"
