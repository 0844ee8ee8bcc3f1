"""Causes that need an exposure (a drug, a toxin, a vitamin in excess), and the age class of curated causes."""

from __future__ import annotations

import math

import pytest

from clinicite.reason.common_causes import AGE_WEIGHT, cause_of, load_common_causes
from clinicite.reason.engine import CaseInput, build_differential, engine_parameters
from clinicite.reason.exposure import read_exposure

METAPHYSEAL_SCLEROSIS = "HP:0004979"
DIAPHYSEAL_SCLEROSIS = "HP:0003034"
BISPHOSPHONATE = "CLINICITE:bisphosphonate-lines"


def _exposure(cause_id: str):
    cause = cause_of(cause_id)
    return cause.exposure, [cause.name, *cause.synonyms]


def test_the_exposure_is_data_of_the_curated_table():
    with_exposure = {c.id for c in load_common_causes()[1].values() if c.exposure}
    assert {BISPHOSPHONATE, "CLINICITE:lead-poisoning", "CLINICITE:hypervitaminosis-d"} <= with_exposure
    assert "CLINICITE:growth-recovery-lines" not in with_exposure
    exposure, _ = _exposure(BISPHOSPHONATE)
    assert exposure.stated_lr > 1 > exposure.unstated_lr


@pytest.mark.parametrize("text, status", [
    ("Dense bands in a 6-year-old on pamidronate for osteogenesis imperfecta.", "stated"),
    ("She received zoledronic acid infusions every 3 months.", "stated"),
    ("Metaphyseal sclerosis on an X-ray of a 1.5-year-old.", "unstated"),
    ("No bisphosphonate treatment was ever given.", "denied"),
    ("Her brother has had pamidronate for osteogenesis imperfecta.", "unstated"),   # a relative's treatment
    ("Could these be bisphosphonate-induced metaphyseal lines?", "unstated"),         # names the cause only
    (None, "unstated"),
])
def test_the_history_states_denies_or_is_silent_on_the_exposure(text, status):
    exposure, names = _exposure(BISPHOSPHONATE)
    reading = read_exposure(text, exposure, names)
    assert reading.status == status
    if status == "unstated":
        assert reading.cue == "Only with a history of bisphosphonate treatment; ask about it."
    if status == "stated":
        assert reading.quote.lower() in text.lower() and reading.log_lr == math.log(exposure.stated_lr)


def _rows(kb, text, age=1.5, finding=METAPHYSEAL_SCLEROSIS):
    return build_differential(kb, CaseInput([finding], age_years=age, text=text), top=15).diagnoses


def test_an_unstated_exposure_lowers_the_cause_and_the_row_says_ask(bone_kb):
    rows = {d.id: d for d in _rows(bone_kb, "Metaphyseal sclerosis on an X-ray of a 1.5-year-old.")}
    coded = {d.id: d for d in _rows(bone_kb, None)}                 # HPO ids alone tell no history
    assert rows[BISPHOSPHONATE].probability < coded[BISPHOSPHONATE].probability
    assert rows[BISPHOSPHONATE].discriminators[0] == "Only with a history of bisphosphonate treatment; ask about it."
    assert rows[BISPHOSPHONATE].against[0].label == "No history of bisphosphonate treatment stated: ask about it"
    assert not coded[BISPHOSPHONATE].against                        # not weighed without words
    ordered = [d.id for d in rows.values()]
    assert ordered.index("CLINICITE:growth-recovery-lines") < ordered.index(BISPHOSPHONATE)


def test_a_stated_exposure_brings_the_cause_first_with_the_users_words(bone_kb):
    rows = _rows(bone_kb, "Metaphyseal sclerosis in a 1.5-year-old on pamidronate for osteogenesis imperfecta.")
    assert rows[0].id == BISPHOSPHONATE
    assert rows[0].for_[0].label == "History of bisphosphonate treatment: 'pamidronate'"


def test_a_denied_exposure_weighs_more_than_a_silent_history(bone_kb):
    silent = {d.id: d.probability for d in _rows(bone_kb, "Metaphyseal sclerosis in a toddler.")}
    denied = {d.id: d.probability for d in _rows(bone_kb, "Metaphyseal sclerosis in a toddler; no bisphosphonate "
                                                          "treatment.")}
    assert denied.get(BISPHOSPHONATE, 0.0) < silent[BISPHOSPHONATE]


def test_a_cause_seen_at_another_age_is_pushed_down_by_its_age_fit(bone_kb):
    """A 70-year-old's diaphyseal sclerosis: osteomyelitis ("common" in children, "uncommon" at 70) against
    lymphoma of bone ("uncommon" at 70, its usual age), both with the same finding class and the same class at
    70, so the prior is equal: only the age fit separates them, one class step (10x) at AGE_WEIGHT less the
    prior's share of it."""
    params = engine_parameters()
    rows = {d.name: d.probability for d in _rows(bone_kb, "Diaphyseal sclerosis of the femur in a 70-year-old.",
                                                 age=70, finding=DIAPHYSEAL_SCLEROSIS)}
    step = 10 ** (AGE_WEIGHT - params.common_prior_weight / params.temperature)
    assert rows["Lymphoma of bone"] / rows["Osteomyelitis"] == pytest.approx(step, rel=0.05)
    child = {d.name: d.probability for d in _rows(bone_kb, "Diaphyseal sclerosis of the femur in a 10-year-old.",
                                                  age=10, finding=DIAPHYSEAL_SCLEROSIS)}
    assert child["Osteomyelitis"] > child.get("Lymphoma of bone", 0.0)
