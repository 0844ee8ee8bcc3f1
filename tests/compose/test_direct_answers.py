"""Issue 9: answers that answer what was asked, weigh the evidence, keep case narratives apart, invent nothing.

The corpus is the shared compose fixture (Kawasaki disease, Marfan syndrome, zinc trials, three disease
records) plus ``fixtures/compose/issue9/osteosclerosis_and_lithium.xml``, hand-written MEDLINE records:
a case series on intramedullary osteosclerosis (treated by open biopsy, curettage and medullary reaming),
an early positive lithium study in ALS, two later negative randomised trials, a mouse study and a
retracted report.
"""

from __future__ import annotations

import pytest

from .checks import assert_traceable, bullet_texts
from clinicite.compose import answer_question
from clinicite.compose.evidence import Evidence, Source, QuotedSpan
from clinicite.compose.grading import grade_source
from clinicite.compose.narrative import CASE_LABEL, is_case_narrative
from clinicite.compose.title import patient_as_written
from clinicite.compose.verdict import decide, sample_size, stance
from clinicite.ingest.medline import read_medline_xml_path
from clinicite.understand.question import question_form
from .conftest import FIXTURES, build_home, corpus, records

ISSUE9 = FIXTURES / "issue9" / "osteosclerosis_and_lithium.xml"
VIGNETTE = ("A 41-year-old woman has had pain in the left shin for two years, worse at night. Radiographs show "
            "dense intramedullary sclerosis of the tibial diaphysis. What is the diagnosis and how is it managed?")


@pytest.fixture(scope="module")
def built(tmp_path_factory, ontology):
    extra = list(read_medline_xml_path(ISSUE9))
    return build_home(tmp_path_factory.mktemp("issue9-home"), ontology, corpus() + extra, records())


def _sentence(text: str, title: str, year: int, publication_types=(), mesh=(), role="results") -> Evidence:
    grade = grade_source("pubmed", list(publication_types), list(mesh), title, text)
    source = Source(id=f"pmid:{abs(hash(title)) % 10**7}", title=title, source_type="pubmed", grade=grade,
                    year=year, publication_types=list(publication_types))
    return Evidence(source, text, [QuotedSpan(0, len(text), text)], relevance=1.0, role=role)


# ------------------------------------------------------------------ question forms

@pytest.mark.parametrize("question, form", [
    ("Is lithium effective for ALS?", "yesno"),
    ("Delayed diagnosis of anorectal malformations: are current guidelines sufficient?", "yesno"),
    ("Which gene is mutated in Marfan syndrome?", "factoid"),
    ("Which drugs delay progression of ALS?", "list"),
    ("List the features of Kawasaki disease.", "list"),
    ("What is the role of zinc in the common cold?", "summary"),
    ("What is PEGylation?", "summary"),
])
def test_question_forms(question, form):
    assert question_form(question) == form


# ------------------------------------------------------------------ verdicts

def test_yes_no_question_gets_a_direct_verdict_with_its_strength(built):
    answer = answer_question("Is lithium effective for ALS?", context=built.context())
    assert answer.question_form == "yesno" and not answer.abstained
    assert answer.verdict["answer"] == "no" and answer.verdict["strength"] == "strong"
    assert answer.bottom_line.startswith("No (strong evidence): two randomised trials found no effect")
    assert "an earlier pilot study reported an effect" in answer.bottom_line      # its title says "a pilot study"
    cited = {r.id for r in answer.references if any(c.n == r.n for c in answer.bottom_line_citations)}
    assert {"pmid:9900012", "pmid:9900013", "pmid:9900011"} <= cited
    # The summary (quoted sentences) comes first, then the weighed evidence with its labels (round 6).
    assert answer.sections[0].key == "summary"
    assert answer.sections[1].key == "weighed" and answer.sections[1].heading == "Weight of evidence"
    assert answer.sections[1].bullets[0].text.startswith("Against, randomised trial (")
    assert_traceable(answer, built.documents)


def test_animal_findings_are_never_presented_as_clinical(built):
    answer = answer_question("Is lithium effective for ALS?", context=built.context())
    mouse = [b.text for s in answer.sections for b in s.bullets if "SOD1 mice" in b.text]
    assert mouse and all("not clinical evidence" in t or t.startswith("In an animal study") for t in mouse)
    assert all(s["design"] != "animal study" or s["stance"] == "for" for s in answer.verdict["statements"])
    # Only animal evidence on a clinical question: the verdict says there is no clinical evidence.
    only_mice = [_sentence("Lithium significantly extended survival in SOD1 mice.", "Lithium in mice", 2012,
                           mesh=["Animals", "Mice"])]
    verdict = decide("Is lithium effective for patients with ALS?", only_mice, [0])
    assert verdict.strength == "no clinical evidence" and "animal or laboratory findings only" in verdict.text


def test_stronger_design_decides_and_the_disagreement_is_named():
    evidence = [
        _sentence("Drug X significantly reduced mortality in 40 patients.", "Drug X: a case series", 2005,
                  publication_types=["Case Reports"]),
        _sentence("Drug X did not reduce mortality compared with placebo in 900 patients (n = 900).",
                  "Drug X: a randomised controlled trial", 2015, publication_types=["Randomized Controlled Trial"],
                  role="conclusions"),
    ]
    verdict = decide("Does drug X reduce mortality?", evidence, [0, 1])
    assert verdict.answer == "no" and verdict.strength == "moderate"
    assert "stronger design" in verdict.text and verdict.cited[0] == 1
    assert stance("There was no significant difference in survival.") == "against"
    assert stance("These findings suggest that X may help.") == "uncertain"
    assert sample_size("Of 1,204 patients enrolled ...") == 1204


def test_retracted_reports_carry_no_weight(built):
    retracted = [d for d in read_medline_xml_path(ISSUE9) if d.id == "pmid:9900015"][0]
    assert retracted.corrections == [{"type": "RetractionIn", "pmid": "9900016",
                                      "note": "Invented Neurology Letters. 2011;5:1"}]
    answer = answer_question("Is lithium effective for ALS?", context=built.context())
    assert "pmid:9900015" not in {r.id for r in answer.references}
    assert all("stopped disease progression" not in t for t in bullet_texts(answer))


# ------------------------------------------------------------------ sections from what the sources state

def test_case_vignette_gets_the_reported_procedure_under_management(built):
    answer = answer_question(VIGNETTE, context=built.context())
    management = next(s for s in answer.sections if s.key == "management")
    text = " ".join(b.text for b in management.bullets).lower()
    assert "curettage" in text and "reaming" in text
    assert all(any(c.document_id == "pmid:9900001" for c in b.citations) for b in management.bullets
               if "reaming" in b.text)
    assert_traceable(answer, built.documents)


def test_narrative_sentence_is_labelled_as_a_case_and_never_general(built):
    answer = answer_question(VIGNETTE, context=built.context())
    for section in answer.sections:
        for bullet in section.bullets:
            if "had taken NSAIDs" in bullet.text or "her pain resolved" in bullet.text:
                assert bullet.text.startswith(CASE_LABEL) and section.key not in ("presentation", "key_findings")
    assert is_case_narrative("She had taken NSAIDs for a few months; however, the intermittent pain persisted.")
    assert not is_case_narrative("Patients with intramedullary osteosclerosis usually report pain at night.")


def test_section_without_anything_on_topic_is_left_out_and_named(built):
    answer = answer_question(VIGNETTE, context=built.context())
    keys = {s.key for s in answer.sections}
    assert "follow_up" not in keys
    assert any("follow-up" in notice for notice in answer.notices)
    # Nothing about lithium or zinc reaches a bone case through shared words ("sclerosis").
    assert all(r.id.startswith("pmid:99000") and r.id == "pmid:9900001" for r in answer.references)


# ------------------------------------------------------------------ nothing invented

def test_no_guessed_age_in_the_title(built):
    answer = answer_question("What causes fever and skin rash in a child?", context=built.context())
    assert not any(ch.isdigit() for ch in answer.title)
    assert answer.case["age_years"] is None and answer.case["age_stated"] == "child"
    from types import SimpleNamespace as Case
    words = Case     # the patient is named in the user's words only
    assert patient_as_written(Case(age=words(text="child"), sex_span=None)) == "a child"
    assert patient_as_written(Case(age=words(text="1.5-year-old"), sex_span=words(text="girl"))) == \
        "a 1.5-year-old girl"
    assert patient_as_written(Case(age=words(text="1.5-year-old"), sex_span=words(text="she"))) == "a 1.5-year-old"


def test_knowledge_record_found_by_search_is_cited_only_when_named(built):
    # The question names no disease and no finding: the Marfan record holds "disorder of connective
    # tissue" words but must not be cited for them.
    answer = answer_question("Is a disorder of connective tissue treated with losartan?", context=built.context())
    assert not any(r.source_type == "knowledge" for r in answer.references)
    named = answer_question("Is Marfan syndrome inherited?", context=built.context())
    assert any(r.id == "OMIM:154700" for r in named.references)


def test_flat_differential_leads_nothing():
    from types import SimpleNamespace

    from clinicite.compose.assemble import is_flat
    flat = [SimpleNamespace(probability=p) for p in (0.06, 0.06, 0.058, 0.057, 0.055)]
    clear = [SimpleNamespace(probability=p) for p in (0.6, 0.1, 0.05, 0.04, 0.03)]
    assert is_flat(flat) and not is_flat(clear) and not is_flat(flat[:2])


def test_a_list_question_of_a_clinical_kind_leads_with_the_names(built):
    # "Which procedures ..." is a treatment question and a list question: the names come first.
    answer = answer_question("Which procedures are used to treat intramedullary osteosclerosis?",
                             context=built.context())
    assert answer.question_form == "list" and not answer.abstained
    assert answer.bottom_line.startswith("The sources name: ") and answer.entities
    assert any("curettage" in name.lower() or "biopsy" in name.lower() for name in answer.entities), answer.entities
    assert_traceable(answer, built.documents)



def test_one_study_on_both_sides_is_not_called_two_studies_that_disagree():
    """A single abstract with findings both ways reads as one study whose findings are mixed."""
    from clinicite.compose.evidence import Evidence, Source, QuotedSpan
    from clinicite.compose.grading import grade_source
    from clinicite.compose.verdict import decide
    source = Source("doc:1", "A cohort study", "medline", grade_source("medline", ["Observational Study"]), year=2001)
    sentences = ["Empiric radiography significantly improved detection of the syndrome (p < 0.01).",
                 "Radiography did not improve detection of the syndrome in children."]
    evidence = [Evidence(source, t, [QuotedSpan(0, len(t), t)], section="RESULTS") for t in sentences]
    verdict = decide("Does empiric radiography improve detection of the syndrome?", evidence, [0, 1])
    assert verdict is not None
    assert "the same study also reports" in verdict.text and "Its findings point both ways" in verdict.text
    assert "found none" not in verdict.text and "reported an effect" not in verdict.text
