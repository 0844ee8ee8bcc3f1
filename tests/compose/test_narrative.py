"""A report's sentences about its one patient are told apart from general statements (compose/narrative.py)."""

from __future__ import annotations

from clinicite.compose.evidence import Evidence, QuotedSpan, Source
from clinicite.compose.grading import grade_source
from clinicite.compose.narrative import is_narrative


def _sentence(text: str, publication_types: list[str], section: str | None = None) -> Evidence:
    source = Source(id="pmid:7", title="Sclerosis of the tibial shaft", source_type="pubmed",
                    grade=grade_source("pubmed", publication_types))
    return Evidence(source, text, [QuotedSpan(0, len(text), text)], 1.0, section, "sentence", None)


def test_what_a_case_reports_imaging_showed_is_the_patients_even_without_a_case_section():
    shown = "Radiographs showed diaphyseal sclerosis of the tibia with a lucent track through the cortex."
    assert is_narrative(_sentence(shown, ["Case Reports"]))
    # The same words in a trial's abstract are a study's finding, not one patient's.
    assert not is_narrative(_sentence(shown, ["Randomized Controlled Trial"]))


def test_a_case_reports_general_statements_stay_general():
    for text in ("Ribbing disease was first described in 1949 as a hereditary multiple diaphyseal sclerosis.",
                 "Bone scintigraphy usually shows intense uptake along the affected shaft."):
        assert not is_narrative(_sentence(text, ["Case Reports"]))


def test_a_labelled_case_section_keeps_its_past_tense_findings():
    assert is_narrative(_sentence("Open biopsy showed thickened trabeculae.", [], section="Case presentation"))

