"""Work-up and management from the curated differential: the tests that tell the leading candidates apart and
how each is usually treated.

A clinician asking about a single finding ("metaphyseal sclerosis in a 1.5-year-old") needs the tests that
separate its common causes, even when no literature on the question is held. Each curated cause
(:mod:`clinicite.reason.common_causes`) states, in its record, what tells it apart and which tests help; here
those sentences become cited work-up bullets, one per leading candidate, quoted from the record's own text.
The record's "usual management" sentence does the same for the Management section, so a question that asks
for treatment ("diagnosis and treatment of ...") learns that treatment follows the cause, cause by cause.
"""

from __future__ import annotations

import re
from typing import Any

from clinicite.compose.evidence import Evidence
from clinicite.compose.gather import load_record
from clinicite.compose.records import record_facts

MAX_ROWS = 5
# "What causes X?", "causes of X": the causes are what was asked, and lead the bottom line.
_ASKS_CAUSES = re.compile(r"\b(?:what (?:can |could |might |are the (?:common |usual |main )?)?causes?|causes? of)\b",
                          re.I)


def asks_causes(question: str) -> bool:
    return bool(_ASKS_CAUSES.search(question))


def differential_workup(diagnoses: list[Any], knowledge_base: Any, database: Any, fact: str = "tests",
                        rows: int = MAX_ROWS) -> list[Evidence]:
    """The ``fact`` ("tests" or "management") of each curated candidate among the leading ``rows``, best first."""
    label = getattr(getattr(knowledge_base, "ontology", None), "label", None)
    found: list[Evidence] = []
    for diagnosis in diagnoses[:rows]:
        for record_id in [*getattr(diagnosis, "records", []), *diagnosis.ids]:
            record = load_record(record_id, knowledge_base, database)
            if record is None or record.disorder_type != "curated cause":
                continue
            tests = [f for f in record_facts(record, record.to_document(label_of=label)) if f.fact == fact]
            found.extend(tests[:1])
            break
    return found


# A tie of curated causes: the leader is this weak, at least this many curated causes lead, and each of the first
# ones is within this share of the leader (assemble.FLAT_TOP and the engine's separation ratio, 0.5).
WEAK_CURATED_LEAD = 0.15
MIN_CURATED_TIE = 3
CLOSE_SHARE = 0.5


def curated_tie(diagnoses: list[Any], curated: int) -> bool:
    """The findings do not separate the leading curated causes, though the engine did not flag them close (a
    literature row lower down keeps its flag off): "metaphyseal sclerosis in a 1.5-year-old" leads with growth
    recovery lines at 5% and four other causes at 3-5%. Then each cause's work-up and management is shown, not
    the first one's alone. ``curated``: how many of the leading rows are curated causes."""
    if curated < MIN_CURATED_TIE or len(diagnoses) < MIN_CURATED_TIE:
        return False
    top = float(diagnoses[0].probability or 0.0)
    return 0 < top < WEAK_CURATED_LEAD and all(float(d.probability or 0.0) >= CLOSE_SHARE * top
                                               for d in diagnoses[:MIN_CURATED_TIE])


def common_causes_bottom_line(names: list[str], management: bool = False, audience: str = "clinician",
                              causes: bool = False) -> str:
    """The bottom line of a differential that one or two findings cannot separate (naming the headings the
    reader sees: a patient's answer calls them "Tests that may help" and "Treatment").

    ``causes``: the question asked what causes the finding ("What causes dense metaphyseal bands?"), so the
    causes are the answer and lead; a case's question is answered by saying the findings do not settle it."""
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    if audience == "patient":
        treat = "; treatment depends on the cause (see Treatment)" if management else ""
        if causes:
            return (f"The usual causes to think of first are {listed}; the finding alone cannot tell them apart, "
                    f"the tests under Tests that may help can{treat}.")
        return (f"These findings alone cannot tell apart the likely causes ({listed}); "
                f"the tests under Tests that may help can{treat}.")
    treat = "; treatment follows the cause, as listed under Management" if management else ""
    if causes:
        return (f"The causes to consider first are {listed}; the finding alone does not separate them, "
                f"the tests listed under work-up do{treat}.")
    return (f"The findings given do not separate the leading candidates ({listed}); "
            f"the tests listed under work-up tell them apart{treat}.")
