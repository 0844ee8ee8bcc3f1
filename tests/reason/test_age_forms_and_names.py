"""A named age form outside its age counts against it; a literature phrase headed by a recorded name is that disease.

Knowledge base: four invented records over the tiny ontology (conftest.py), all with tall stature."""

from __future__ import annotations

import math

import numpy as np
import pytest

from clinicite.ingest.disease import DiseaseRecord, PhenotypeAnnotation
from clinicite.reason.knowledge import KnowledgeBase
from clinicite.reason.name_link import headed_disease
from clinicite.reason.priors import AGE_FORM_LR, age_form_log_prior, age_form_window
from clinicite.reason.scoring import Parameters, log_prior
from clinicite.reason.scoring import Case


def _record(disease_id, name, synonyms=(), xrefs=()):
    return DiseaseRecord(id=disease_id, name=name, synonyms=list(synonyms), xrefs=list(xrefs),
                         phenotypes=[PhenotypeAnnotation("HP:0000098", frequency=0.9)])


@pytest.fixture(scope="module")
def forms_kb(tiny_ontology):
    return KnowledgeBase.from_records(tiny_ontology, [
        _record("ORPHA:900001", "Tall fibrillin syndrome", ["TFS"]),
        _record("ORPHA:900002", "Neonatal tall fibrillin syndrome"),
        _record("ORPHA:900003", "Adult-onset tall gigantism"),
        _record("ORPHA:900004", "Tako-Tsubo cardiomyopathy", ["Apical ballooning syndrome", "Stress cardiomyopathy"]),
        _record("ORPHA:900005", "Lipid storage myopathy type A"),
        _record("ORPHA:900006", "Lipid storage myopathy"),
        _record("OMIM:900007", "Neonatal severe overgrowth"),
        _record("ORPHA:900008", "Severe overgrowth", xrefs=["OMIM:900007"]),
    ])


def test_age_form_window_reads_the_age_word_of_every_name():
    assert age_form_window(["Neonatal Marfan syndrome"]) == (0.0, 2.0)
    assert age_form_window(["Infantile Refsum disease"]) == (0.0, 5.0)
    assert age_form_window(["Adult-onset Still disease"]) == (12.0, math.inf)
    assert age_form_window(["Marfan syndrome"]) is None
    # an OMIM entry and its Orphanet twin: one name without the age word keeps the disease open to every age
    assert age_form_window(["Neonatal severe overgrowth", "Severe overgrowth"]) is None


def test_a_neonatal_form_counts_against_a_teenager_and_not_against_a_newborn(forms_kb):
    row = forms_kb.row_of
    teen, newborn, child = (age_form_log_prior(forms_kb, age) for age in (16.0, 0.1, 6.0))
    assert teen[row["ORPHA:900002"]] == pytest.approx(math.log(AGE_FORM_LR))
    assert newborn[row["ORPHA:900002"]] == 0.0
    assert teen[row["ORPHA:900001"]] == 0.0                          # the general form: no age word
    assert child[row["ORPHA:900003"]] == pytest.approx(math.log(AGE_FORM_LR))   # adult-onset form in a child
    assert teen[row["ORPHA:900003"]] == 0.0
    assert not age_form_log_prior(forms_kb, None).any()              # no age: nothing is known
    group = forms_kb.row_of["ORPHA:900008"]
    assert teen[group] == 0.0 and teen[forms_kb.row_of.get("OMIM:900007", group)] == 0.0


def test_log_prior_carries_the_age_form(forms_kb):
    params = Parameters()
    at = forms_kb.row_of
    teen = log_prior(forms_kb, params, Case(observed=["HP:0000098"], age_years=16.0))
    baby = log_prior(forms_kb, params, Case(observed=["HP:0000098"], age_years=0.1))
    gap = (baby - teen)[[at["ORPHA:900001"], at["ORPHA:900002"]]]
    assert np.allclose(gap, [0.0, -math.log(AGE_FORM_LR)])


def test_a_phrase_ending_with_a_recorded_name_is_that_disease(forms_kb):
    assert headed_disease(forms_kb, "Emotional stress-induced apical ballooning") == "ORPHA:900004"
    assert headed_disease(forms_kb, "Tako-tsubo cardiomyopathy in an elderly widow") == "ORPHA:900004"


def test_a_phrase_is_left_unlinked_when_the_link_could_join_two_diseases(forms_kb):
    assert headed_disease(forms_kb, "Juvenile tall fibrillin syndrome") is None    # core "tall fibrillin": 2 words
    assert headed_disease(forms_kb, "Stress cardiomyopathy-like syndrome") is None  # "-like": another entity
    assert headed_disease(forms_kb, "Pseudo apical ballooning") is None
    assert headed_disease(forms_kb, "Chalky white disc swelling") is None
    # the head is before "of": "myopathy of ... stress cardiomyopathy" is not the cardiomyopathy
    assert headed_disease(forms_kb, "Myopathy of stress cardiomyopathy") is None
