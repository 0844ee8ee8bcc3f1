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

from typing import Any

from clinicite.compose.evidence import Evidence
from clinicite.compose.gather import load_record
from clinicite.compose.records import record_facts

MAX_ROWS = 5


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


def common_causes_bottom_line(names: list[str], management: bool = False, audience: str = "clinician") -> str:
    """The bottom line of a differential that one or two findings cannot separate (naming the headings the
    reader sees: a patient's answer calls them "Tests that may help" and "Treatment")."""
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    if audience == "patient":
        treat = "; treatment depends on the cause (see Treatment)" if management else ""
        return (f"These findings alone cannot tell apart the likely causes ({listed}); "
                f"the tests under Tests that may help can{treat}.")
    treat = "; treatment follows the cause, as listed under Management" if management else ""
    return (f"The findings given do not separate the leading candidates ({listed}); "
            f"the tests listed under work-up tell them apart{treat}.")
