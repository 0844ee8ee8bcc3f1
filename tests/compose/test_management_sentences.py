"""Management holds what to do, what was done and how it turned out; not causes, mechanisms or definitions.

Fixtures: ``fixtures/compose/management/imos_case_series.nxml``, an invented case series in JATS full text
(three adults with painful diaphyseal sclerosis; an introduction with background and mechanism sentences;
curettage and medullary reaming relieved the pain; a discussion with the advice, a pitfall and follow-up),
ingested for real, as JATS, as the same text written to a plain-text file and as a PDF (fpdf2), among the three
unrelated plain-text papers of ``fixtures/compose/case_report/``. The ontology is the bone fixture of
``fixtures/reason/lit_bone.obo`` (Diaphyseal sclerosis, Bone pain, Pain ...).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .checks import assert_traceable
from .conftest import FIXTURES, build_home
from clinicite.compose import answer_question
from clinicite.compose.case_reports import part_of
from clinicite.compose.evidence import Evidence, QuotedSpan, Source
from clinicite.compose.grading import grade_source
from clinicite.compose.narrative import CASE_LABEL, SERIES_LABEL
from clinicite.compose.plan import assign_section
from clinicite.compose.therapy import only_names_treatment
from clinicite.compose.traced import untraced_numbers
from clinicite.ingest.hpo import read_obo
from clinicite.ingest.readers import read_path

SERIES = FIXTURES / "management" / "imos_case_series.nxml"
UNRELATED = [FIXTURES / "case_report" / n for n in
             ("cervical_cancer_staging.txt", "personality_disorder_therapy.txt", "statin_trial.txt")]
FEMUR = ("38-year-old woman, 3 months of thigh pain, diaphyseal sclerosis of the femur, no family history, "
         "triphasic bone scan: no hyperaemia, fusiform intense delayed uptake. What is the diagnosis and how is "
         "it managed?")


def _documents(paths: list[Path]):
    return [e for path in paths for e in read_path(path) if hasattr(e, "text") and hasattr(e, "id")]


def _as_text_file(folder: Path) -> Path:
    """The same series as a plain-text file: title on the first line, one paragraph a section."""
    document = _documents([SERIES])[0]
    path = folder / "imos_case_series.txt"
    path.write_text("\n\n".join([document.title] + [s.text for s in document.sections]) + "\n", encoding="utf-8")
    return path


def _as_pdf(folder: Path) -> Path:
    """The same series as a PDF with a text layer (wrapped lines, as PDF text extraction gives them)."""
    fpdf = pytest.importorskip("fpdf", reason="fpdf2 writes the PDF fixture")
    document = _documents([SERIES])[0]
    pdf = fpdf.FPDF()
    pdf.set_title(document.title)
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    for paragraph in [document.title] + [s.text for s in document.sections]:
        pdf.multi_cell(0, 6, paragraph.replace("\u2013", "-"))
        pdf.ln(4)
    path = folder / "imos_case_series.pdf"
    pdf.output(str(path))
    return path


@pytest.fixture(scope="module", params=["jats", "text", "pdf"])
def series_home(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(f"imos-{request.param}")
    report = {"jats": lambda: SERIES, "text": lambda: _as_text_file(folder), "pdf": lambda: _as_pdf(folder)}[
        request.param]()
    ontology = read_obo(Path(__file__).resolve().parents[1] / "fixtures" / "reason" / "lit_bone.obo")
    return build_home(folder / "home", ontology, _documents([report, *UNRELATED]), [])


def _report_id(built) -> str:
    return next(i for i, d in built.documents.items() if "osteosclerosis" in d.title.lower())


def _section(answer, key: str) -> list[str]:
    return [b.text for s in answer.sections if s.key == key for b in s.bullets]


def test_the_femur_case_gets_the_series_treatment_in_management_cited(series_home):
    answer = answer_question(FEMUR, context=series_home.context())
    report = _report_id(series_home)
    management = next(s for s in answer.sections if s.key == "management")
    assert all(any(c.document_id == report for c in b.citations) for b in management.bullets)
    texts = [b.text for b in management.bullets]
    joined = " ".join(texts)
    assert "curettage and medullary reaming" in joined
    # The discussion's advice leads, unlabelled; what happened to a patient is labelled as one case.
    assert "treatment of choice" in texts[0] and not texts[0].startswith((CASE_LABEL, SERIES_LABEL))
    assert any(t.startswith(CASE_LABEL) and "her pain resolved" in t for t in texts)
    assert "curettage" in answer.bottom_line or "reaming" in answer.bottom_line
    assert_traceable(answer, series_home.documents)
    assert untraced_numbers(answer) == []


def test_background_mechanism_and_definition_stay_out_of_management(series_home):
    answer = answer_question(FEMUR, context=series_home.context())
    joined = " ".join(_section(answer, "management"))
    assert "inhibit osteoclasts" not in joined            # a drug's mechanism
    assert "is a benign condition of unknown cause" not in joined    # a definition
    assert "imbalance between osteoblastic" not in joined  # a mechanism of the disease
    assert "alkaline phosphatase" not in joined            # a laboratory result ("alkaline" is no drug)


def test_the_series_tests_go_to_work_up_and_its_surveillance_to_follow_up(series_home):
    answer = answer_question(FEMUR, context=series_home.context())
    workup = " ".join(_section(answer, "workup"))
    assert "bone scan" in workup and "no hyperaemia" in workup
    assert any("followed with radiographs" in t for t in _section(answer, "follow_up"))
    assert any("first treated as a stress fracture" in t for t in _section(answer, "pitfalls"))
    cited = {c.document_id for s in answer.sections for b in s.bullets for c in b.citations}
    assert cited == {_report_id(series_home)}      # nothing from the unrelated papers


def test_a_section_without_a_source_is_left_out_and_named(series_home):
    from clinicite.compose.plan import PLANS, heading
    answer = answer_question(FEMUR, context=series_home.context())
    present = {s.key for s in answer.sections if s.bullets}
    missing = [k for k in PLANS["diagnosis"] if k not in present and k != "differential"]
    notice = " ".join(answer.notices).lower()
    for key in missing:
        assert heading(key, "clinician").lower() in notice


@pytest.mark.parametrize("sentence, reason", [
    ("Bisphosphonates inhibit osteoclasts and may lower bone turnover in sclerosing disorders.", "mechanism"),
    ("Low intracranial pressure because of continuous drainage may have played a role in the spread.",
     "cause or history"),
    ("A dural mass: a complication of previous radiation treatment for leukaemia in childhood.", "cause or history"),
    ("Mesalazine is a widely used anti-inflammatory agent in the treatment of colitis.", "definition"),
    ("Whether spontaneous remission of the vasculitis occurs is largely unknown.", "open question or aim"),
    ("The aim of this article is to describe the surgical treatment of such hernias.", "open question or aim"),
    ("Some 15% of treated patients may have dose-dependent side effects.", "adverse effect"),
    ("Two months later the patient was diagnosed with lung cancer.", "diagnosis"),
    ("A man who underwent an arch replacement for dissection presented with a widening false lumen.",
     "presentation"),
    ("We investigated the long-term outcome of the operated tumours at our institution.", "open question or aim"),
    ("He presented with thigh pain and underwent curettage.", None),
    ("Prospective studies are warranted to establish the role of radiosurgery in these tumours.",
     "open question or aim"),
    ("We report a woman with metastatic melanoma treated with a selective kinase inhibitor.", None),
    ("When conservative treatment fails, curettage is the treatment of choice.", None),
    ("After curettage and reaming, her pain resolved within six weeks.", None),
    ("She was treated with a kinase inhibitor targeting the VEGF pathway.", None),
    ("The patient has been restarted on intravenous pamidronate.", None),
    ("This case shows that the drug may be used under strict monitoring in such patients.", None),
])
def test_what_only_names_a_treatment(sentence, reason):
    assert only_names_treatment(sentence) == reason


def _item(text: str) -> Evidence:
    source = Source("doc:1", "A case report", "medline", grade_source("medline", ["Case Reports"]))
    return Evidence(source, text, [QuotedSpan(0, len(text), text)], 1.0, None, "sentence", None)


def test_a_treatment_named_as_a_cause_is_no_management_bullet():
    assert part_of(_item("A dural mass: a complication of previous radiation treatment for leukaemia.")) is None
    assert part_of(_item("After curettage and reaming, her pain resolved within six weeks.")) == "management"
    assert part_of(_item("Patients should be followed with radiographs for recurrence.")) == "follow_up"
    assert assign_section("Bisphosphonates inhibit osteoclasts and may lower bone turnover.", "diagnosis") \
        != "management"


def test_a_series_opening_and_a_measured_substance_are_no_management():
    opening = ("Five children aged 3 to 9 years were admitted with attacks in the pool; they became limp and "
               "recovery took a few minutes after they were lifted out.")
    assert part_of(_item(opening)) is None          # who the patients were and an episode's course
    assert part_of(_item("We found raised plasma histamine levels after a trial swim in both children.")) == "workup"
    assert part_of(_item("After a few weeks without baths the attacks stopped.")) == "management"
    assert part_of(_item("A 52-year-old woman underwent curettage and recovered fully.")) == "management"


def test_a_series_summary_that_tells_the_treatment_stays_management():
    summary = ("We present three cases with a large cyst and hydrocephalus, which were treated with endoscopic "
               "fenestration of the cyst.")
    assert part_of(_item(summary)) == "management"


def test_fixing_or_putting_back_an_organ_is_a_treatment_step():
    # Round 13: the torsion report's operation ("detorsion", "orchidopexy") named no treatment cue, so Management
    # held only the report's general statement and an examination manoeuvre.
    told = ("At exploration the cord was twisted twice; the testis recovered its colour after detorsion and a "
            "bilateral orchidopexy was performed.")
    assert part_of(_item(told)) == "management"
    assert part_of(_item("The dislocated hip was treated by closed reduction under sedation.")) == "management"
    assert part_of(_item("The radiograph showed a dislocated hip.")) == "workup"     # a test, no step


def test_an_outcome_denied_with_no_step_named_is_no_failed_step():
    # Round 13: the Prehn sign ("elevating the testis did not relieve the pain") was shown under Management as a
    # step "without lasting benefit".
    exam = "The testis lay horizontally and elevating it did not relieve the pain."
    assert part_of(_item(exam)) is None
    assert part_of(_item("Ibuprofen was given but did not relieve the pain.")) == "management"
    assert part_of(_item("Her pain resolved within a week.")) == "management"
