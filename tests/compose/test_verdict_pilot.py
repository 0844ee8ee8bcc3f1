"""Round 12 of issue 9 (answers12): a yes/no verdict names the stronger evidence, and a pilot study as one.

Corpus: ``fixtures/compose/answers12/off_subject_and_lithium.xml`` (hand-written MEDLINE records): an
open-label pilot study of lithium in ALS (2009, typed "Clinical Trial, Phase II"), then two randomised
placebo-controlled trials that found no benefit (2012, 2013), among two unrelated records.
"""

from __future__ import annotations

import pytest

from .checks import assert_traceable
from clinicite.compose import answer_question
from clinicite.compose.evidence import Evidence, QuotedSpan, Source
from clinicite.compose.grading import grade_source
from clinicite.compose.verdict import decide, design_of
from clinicite.ingest.medline import read_medline_xml_path
from .conftest import FIXTURES, build_home

RECORDS = FIXTURES / "answers12" / "off_subject_and_lithium.xml"


@pytest.fixture(scope="module")
def home(tmp_path_factory, ontology):
    documents = list(read_medline_xml_path(RECORDS))
    built = build_home(tmp_path_factory.mktemp("answers12-lithium"), ontology, documents, [])
    return built


def _sentence(text: str, title: str, year: int, types: list[str]) -> Evidence:
    source = Source(id=f"pmid:{abs(hash(title)) % 10**7}", title=title, source_type="pubmed",
                    grade=grade_source("pubmed", types, [], title, text), year=year, publication_types=types)
    return Evidence(source, text, [QuotedSpan(0, len(text), text)], relevance=1.0, role="results")


def test_a_pilot_study_is_named_and_weighed_as_one():
    pilot = _sentence("Lithium slowed decline in 20 patients with ALS.", "Lithium in ALS: an open-label pilot study",
                      2009, ["Clinical Trial, Phase II"])
    cohort = _sentence("Lithium users had slower decline in 900 patients with ALS.", "Lithium in ALS: a cohort",
                       2010, ["Observational Study"])
    trial = _sentence("Lithium did not slow decline compared with placebo in patients with ALS.",
                      "Lithium in ALS: a randomised trial", 2012, ["Randomized Controlled Trial"])
    assert design_of(pilot) == "pilot study" and design_of(cohort) == "cohort / case-control"
    assert design_of(trial) == "randomised controlled trial"
    verdict = decide("Is lithium effective for ALS?", [pilot, trial], [0, 1])
    assert verdict is not None and verdict.answer == "no"
    assert "an earlier pilot study reported an effect" in verdict.text and "stronger design" in verdict.text
    # A pilot study alone is weak evidence, and says so.
    alone = decide("Is lithium effective for ALS?", [pilot], [0])
    assert alone is not None and alone.answer == "yes" and alone.strength == "weak"
    assert alone.text.startswith("Yes (weak evidence): one pilot study reports")


def test_lithium_for_als_names_the_negative_trials_first_and_the_pilot_as_earlier(home):
    answer = answer_question("Is lithium effective for ALS?", context=home.context())
    assert answer.verdict["answer"] == "no" and answer.verdict["strength"] == "strong"
    assert answer.bottom_line.startswith("No (strong evidence): two randomised trials found no effect")
    assert "an earlier pilot study reported an effect" in answer.bottom_line
    assert "the evidence for this verdict is of stronger design" in answer.bottom_line
    weighed = next(s for s in answer.sections if s.key == "weighed")
    assert weighed.bullets[0].text.startswith("Against, randomised trial (")
    assert any(b.text.startswith("For, pilot or open-label study (2009") for b in weighed.bullets)
    # Off-subject records (muscle transcriptome, Cornelia de Lange genes) are not weighed or cited.
    assert {r.id for r in answer.references} <= {"pmid:9912003", "pmid:9912004", "pmid:9912005"}
    assert_traceable(answer, home.documents)
