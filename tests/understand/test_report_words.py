"""Words reports use that HPO names differently: laboratory findings, plurals of "-oma" and clinical
abbreviations, on a small ontology of real HPO names (tests/fixtures/understand/report_words.obo)."""

from __future__ import annotations

from pathlib import Path

import pytest

from clinicite.ingest.hpo import read_obo
from clinicite.understand import ConceptRecognizer
from clinicite.understand.abbreviations import abbreviation_terms
from clinicite.understand.lab_names import lab_variants
from clinicite.understand.normalize import light, stem


@pytest.fixture(scope="module")
def recognizer() -> ConceptRecognizer:
    return ConceptRecognizer(read_obo(Path(__file__).resolve().parents[1] / "fixtures" / "understand" /
                                      "report_words.obo"))


def ids(recognizer, text):
    return sorted({f.hpo_id for f in recognizer.recognize(text)})


@pytest.mark.parametrize(("text", "expected"), [
    ("He had low IgG2 levels.", ["HP:0008348"]),
    ("Serum IgG was increased.", ["HP:0003237"]),
    ("IgG was high", ["HP:0003237"]),
    ("plasma cortisol was low", ["HP:0008163"]),
    ("an elevated serum IgG concentration", ["HP:0003237"]),
])
def test_a_measurement_written_as_reports_write_it_is_recognised(recognizer, text, expected):
    assert ids(recognizer, text) == expected


def test_the_direction_is_never_swapped(recognizer):
    assert ids(recognizer, "IgG2 was high") == []          # HPO holds only the decreased IgG2 here
    assert ids(recognizer, "cortisol was normal") == []


def test_only_the_measurement_frame_gets_variants():
    assert lab_variants("Scotoma") == []
    assert "low IgG2" in lab_variants("Decreased circulating IgG2 concentration")
    assert "high serum IgG level" in lab_variants("Increased circulating IgG concentration")
    assert "Increased circulating IgG concentration" not in lab_variants("Increased circulating IgG concentration")


def test_plural_of_oma_words(recognizer):
    assert light("scotomas") == light("scotoma") and stem("carcinomata") == stem("carcinoma")
    assert light("pancreas") == "pancreas"                 # "-as" is kept elsewhere
    assert ids(recognizer, "She reported scotomas.") == ["HP:0000575"]
    assert ids(recognizer, "two hamartomas were removed") == ["HP:0010566"]


def test_clinical_abbreviations_hpo_does_not_list(recognizer):
    assert ids(recognizer, "He had SNHL and HSM.") == ["HP:0000407", "HP:0001433"]
    assert ids(recognizer, "snhl") == []                   # case-sensitive, as HPO's own abbreviations
    assert ids(recognizer, "ID was 12, LVH absent") == []   # no reading for "ID"; LVH's term is not held here


def test_an_abbreviation_whose_label_the_ontology_lacks_is_dropped(recognizer):
    held = abbreviation_terms(recognizer.ontology)
    assert held["HSM"] == "HP:0001433" and "LVH" not in held
