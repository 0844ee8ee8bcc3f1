"""Round 15's checks of ``bench/report_answers.py``: advice against a step, differentials, Work-up rows.

- **against leads**: the first Management bullet, or the bottom line's first sentence, is advice AGAINST a step
  ("X should be avoided", "X is not recommended", in its first clause: a step told first with advice against
  another after it is the step): shown where the step to take belongs, it reads as the
  recommendation;
- **weighing in case facts**: a Clinical presentation or Key findings bullet weighs differential diagnoses
  ("Y was considered, but ... favoured Z"): reasoning about the reported patient, not a finding of this case;
- **Work-up rows**: of the tests a vignette's ``workup`` lists (one row a test, any of its words counts), those
  a Work-up bullet shows (stricter) or any bullet citing the report shows (looser).

The patterns are the bench's own, written with the fresh15 set before any code of round 15 changed.
"""

from __future__ import annotations

import re

AGAINST = re.compile(r"\b(?:should|must) (?:not|never)\b|\bshould be avoided\b|\b(?:is|are) (?:not|never) "
                     r"(?:recommended|advised|indicated)\b|\bnot (?:be )?(?:recommended|advised)\b|\bavoid(?:ed)?\b"
                     r"|\bcontraindicated\b", re.I)
WEIGHS = re.compile(r"\b(?:was|were) (?:first )?(?:considered|thought unlikely|suspected)\b|\bfavou?red\b|"
                    r"\bpointed to\b|\bmade (?:\w+ ){1,6}(?:unlikely|more likely)\b|\brather than\b|\bover (?:\w+ ){0,3}"
                    r"(?:syndrome|disease)\b|\bwas excluded\b|\bwas thought unlikely\b", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
# A sentence's first clause says what it is about: "Magnesium sulfate 4 g was given ...; diazepam and phenytoin are
# not recommended ..." tells the step taken, with the advice against another after it.
_FIRST_CLAUSE = re.compile(r";\s+|,\s+(?:as|because|since|so|and|but)\s+")


def advises_against(text: str) -> bool:
    return bool(AGAINST.search(_FIRST_CLAUSE.split(text, maxsplit=1)[0]))


def against_leads(answer) -> bool:
    management = next((s for s in answer.sections if s.key == "management" and s.bullets), None)
    first = management.bullets[0].text if management is not None else ""
    opening = _SENTENCE_END.split(answer.bottom_line or "", maxsplit=1)[0]
    return advises_against(first) or advises_against(opening)


def weighing_in_case_facts(answer) -> list[str]:
    return [b.text for s in answer.sections if s.key in ("presentation", "key_findings") for b in s.bullets
            if WEIGHS.search(b.text)]


def workup_rows(vignette: dict, answer, report: str) -> tuple[int, int, int]:
    """(rows in Work-up, rows in any bullet citing the report, rows listed)."""
    rows = vignette.get("workup", [])

    def shown(bullets) -> int:
        texts = [b.text.lower() for b in bullets]
        return sum(1 for row in rows if any(word in text for word in row for text in texts))
    workup = [b for s in answer.sections if s.key == "workup" for b in s.bullets]
    cited = [b for s in answer.sections for b in s.bullets if any(c.document_id == report for c in b.citations)]
    return shown(workup), shown(cited), len(rows)
