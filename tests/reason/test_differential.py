"""The likelihood-ratio differential on the tiny knowledge base (shape drawn in conftest.py)."""

from __future__ import annotations

import math

from clinicite.reason.differential import rank_diseases
from clinicite.reason.scoring import Parameters

SEIZURE, FOCAL, TONIC_CLONIC = "HP:0001250", "HP:0007359", "HP:0002069"
INTELLECTUAL, STRABISMUS, NYSTAGMUS = "HP:0001249", "HP:0000486", "HP:0000639"
SHORT, TALL = "HP:0004322", "HP:0000098"
OTHER_ABSENT = (STRABISMUS, NYSTAGMUS, INTELLECTUAL)


def ranking(differential):
    return [d.id for d in differential.diagnoses]


def position(differential, disease_id):
    return ranking(differential).index(disease_id)


def test_exact_matches_rank_the_disease_first_and_explain_it(tiny_kb):
    differential = rank_diseases(tiny_kb, [FOCAL, INTELLECTUAL])
    first = differential.diagnoses[0]
    assert first.id == "OMIM:100001" and first.rank == 1
    assert {f.hpo_id for f in first.for_} == {FOCAL, INTELLECTUAL}
    assert first.log_likelihood_ratio > 0
    assert "PMID:1111111" in first.references and first.records == ["OMIM:100001"]


def test_a_general_finding_is_explained_by_a_specific_annotation(tiny_kb):
    differential = rank_diseases(tiny_kb, [SEIZURE])
    assert set(ranking(differential)[:2]) == {"OMIM:100001", "OMIM:100004"}
    weight = differential.diagnoses[0].for_[0]
    assert weight.hpo_id == SEIZURE and weight.matched_annotation_id in (FOCAL, TONIC_CLONIC)


def test_a_sibling_finding_is_a_partial_match_weaker_than_an_exact_one(tiny_kb):
    # A mild penalty, so that in this shallow ontology a sibling still scores above the floor.
    exact = rank_diseases(tiny_kb, [FOCAL], params=Parameters(specificity_penalty=0.5))
    assert ranking(exact)[0] == "OMIM:100001"
    focal_for_d = next(d for d in exact.diagnoses if d.id == "OMIM:100004")
    focal_for_a = exact.diagnoses[0]
    assert 0 < focal_for_d.log_likelihood_ratio < focal_for_a.log_likelihood_ratio
    assert "related to known feature" in focal_for_d.for_[0].explanation
    assert position(exact, "OMIM:100004") < position(exact, "OMIM:100002")   # relative beats unrelated


def test_excluded_findings_count_against_diseases_that_usually_have_them(tiny_kb):
    weighted = Parameters(excluded_weight=1.0)
    without = rank_diseases(tiny_kb, [SHORT], params=weighted)
    with_excluded = rank_diseases(tiny_kb, [SHORT], excluded=[SEIZURE], params=weighted)
    strict = rank_diseases(tiny_kb, [SHORT], excluded=[SEIZURE],
                           params=Parameters(excluded_floor=0.1, excluded_weight=1.0))
    assert next(d for d in strict.diagnoses if d.id == "OMIM:100004").log_likelihood_ratio < \
        next(d for d in with_excluded.diagnoses if d.id == "OMIM:100004").log_likelihood_ratio
    d_before = next(d for d in without.diagnoses if d.id == "OMIM:100004")
    d_after = next(d for d in with_excluded.diagnoses if d.id == "OMIM:100004")
    c_after = next(d for d in with_excluded.diagnoses if d.id == "OMIM:100003")
    assert d_after.log_likelihood_ratio < d_before.log_likelihood_ratio
    assert any(f.hpo_id == SEIZURE for f in d_after.against)
    # Disease C is known NOT to have seizures: the absence counts a little for it.
    assert any(f.hpo_id == SEIZURE for f in c_after.for_)
    assert position(with_excluded, "OMIM:100003") < position(with_excluded, "OMIM:100004")
    assert position(without, "OMIM:100003") < position(without, "OMIM:100004")   # C: short stature in 100%


def test_excluded_findings_weigh_little_but_count_by_default(tiny_kb):
    # A clinician's single pertinent negative counts against a disease that usually has the finding and
    # shows as such; in a long checklist of absent findings each one counts less (1/sqrt(n)).
    without = rank_diseases(tiny_kb, [SHORT])
    default = rank_diseases(tiny_kb, [SHORT], excluded=[SEIZURE])
    off = rank_diseases(tiny_kb, [SHORT], excluded=[SEIZURE], params=Parameters(excluded_weight=0.0))
    llr = lambda differential: next(d for d in differential.diagnoses if d.id == "OMIM:100004").log_likelihood_ratio
    assert llr(off) == llr(without)
    assert llr(default) < llr(without)
    assert any(f.hpo_id == SEIZURE for f in next(d for d in default.diagnoses if d.id == "OMIM:100004").against)
    seizure_weight = lambda differential: next(f.weight for d in differential.diagnoses if d.id == "OMIM:100004"
                                               for f in d.against if f.hpo_id == SEIZURE)
    checklist = rank_diseases(tiny_kb, [SHORT], excluded=[SEIZURE, *OTHER_ABSENT])
    assert abs(seizure_weight(checklist)) < abs(seizure_weight(default))


def test_age_younger_than_the_onset_counts_against(tiny_kb):
    child = rank_diseases(tiny_kb, [SEIZURE, SHORT], age_years=3)
    adult = rank_diseases(tiny_kb, [SEIZURE, SHORT], age_years=30)
    d_child = next(d for d in child.diagnoses if d.id == "OMIM:100004")
    d_adult = next(d for d in adult.diagnoses if d.id == "OMIM:100004")
    assert d_child.probability < d_adult.probability
    assert any("onset" in f.explanation for f in d_child.against)


def test_family_history_favours_dominant_inheritance(tiny_kb):
    # A (AD) and B-like eye disorders aside: D (AD) and C (AR) both have short stature.
    none = rank_diseases(tiny_kb, [SHORT], excluded=[SEIZURE], family_history=None)
    positive = rank_diseases(tiny_kb, [SHORT], excluded=[SEIZURE], family_history=True)
    gap = lambda diff: (next(d for d in diff.diagnoses if d.id == "OMIM:100004").log_likelihood_ratio
                        - next(d for d in diff.diagnoses if d.id == "OMIM:100003").log_likelihood_ratio)
    assert gap(positive) > gap(none)


def test_sex_specific_annotations_and_x_linked_disease(tiny_kb):
    male = rank_diseases(tiny_kb, [STRABISMUS, NYSTAGMUS], sex="male")
    female = rank_diseases(tiny_kb, [STRABISMUS, NYSTAGMUS], sex="female")
    e_male = next(d for d in male.diagnoses if d.id == "OMIM:100005")
    e_female = next(d for d in female.diagnoses if d.id == "OMIM:100005")
    assert e_female.log_likelihood_ratio < e_male.log_likelihood_ratio
    assert any(f.label == "female" for f in e_female.against)


def test_common_things_are_common(tiny_kb):
    differential = rank_diseases(tiny_kb, [TALL])
    common, rare = (next(d for d in differential.diagnoses if d.id == i) for i in ("ORPHA:200001", "ORPHA:200002"))
    assert math.isclose(common.log_likelihood_ratio, rare.log_likelihood_ratio)   # equal fit ...
    assert common.rank < rare.rank and common.probability > rare.probability     # ... prevalence decides
    flat = rank_diseases(tiny_kb, [TALL], params=Parameters(prior_weight=0.0))
    assert math.isclose(*(next(d for d in flat.diagnoses if d.id == i).probability
                          for i in ("ORPHA:200001", "ORPHA:200002")))


def test_probabilities_are_calibrated_over_candidates_plus_unlisted(tiny_kb):
    differential = rank_diseases(tiny_kb, [FOCAL, INTELLECTUAL], top=50)
    total = sum(d.probability for d in differential.diagnoses)
    assert differential.unlisted_probability > 0
    assert math.isclose(total + differential.unlisted_probability, 1.0, rel_tol=1e-9)
    assert [d.probability for d in differential.diagnoses] == sorted((d.probability for d in differential.diagnoses),
                                                                     reverse=True)
    # With no findings and no tempering the posterior is the prior: unlisted keeps its prior mass.
    empty = rank_diseases(tiny_kb, [], top=50, params=Parameters(temperature=1.0))
    assert math.isclose(empty.unlisted_probability, Parameters().unlisted_prior)
    # Tempering spreads the probabilities but keeps the order.
    sharp = rank_diseases(tiny_kb, [FOCAL, INTELLECTUAL], top=50, params=Parameters(temperature=1.0))
    soft = rank_diseases(tiny_kb, [FOCAL, INTELLECTUAL], top=50, params=Parameters(temperature=3.0))
    assert ranking(sharp) == ranking(soft)
    assert soft.diagnoses[0].probability < sharp.diagnoses[0].probability


def test_equivalent_ids_are_ranked_once(tiny_kb):
    differential = rank_diseases(tiny_kb, [STRABISMUS, NYSTAGMUS], top=50)
    ids = [i for d in differential.diagnoses for i in d.ids]
    assert ids.count("ORPHA:200003") == 1
    b = next(d for d in differential.diagnoses if "ORPHA:200003" in d.ids)
    assert b.ids == ["OMIM:100002", "ORPHA:200003"] and b.id == "OMIM:100002"


def test_unknown_terms_are_reported_not_fatal(tiny_kb):
    differential = rank_diseases(tiny_kb, [FOCAL, "HP:9999999"])
    assert differential.unknown_terms == ["HP:9999999"]
    assert differential.diagnoses[0].id == "OMIM:100001"


def test_an_unexplained_general_finding_costs_at_most_its_information(tiny_kb):
    from clinicite.reason.knowledge import information_content
    from clinicite.reason.scoring import Parameters
    eye = "HP:0000478"                      # "Abnormality of the eye": shared by many diseases, low IC
    differential = rank_diseases(tiny_kb, ["HP:0004322", eye], top=20)
    short_stature = next(d for d in differential.diagnoses if d.id == "OMIM:100003")
    # weighed, but shown as "not listed", not as a statement against the disease
    assert not any(w.hpo_id == eye for w in short_stature.against)
    cost = next(w.weight for w in short_stature.unlisted if w.hpo_id == eye)
    assert -information_content(tiny_kb, eye) - 1e-3 <= cost < 0            # weights are rounded to 3 places
    flat = rank_diseases(tiny_kb, ["HP:0004322", eye], top=20, params=Parameters(unexplained_cost_per_nat=0))
    flat_cost = next(w.weight for d in flat.diagnoses if d.id == "OMIM:100003" for w in d.unlisted if w.hpo_id == eye)
    assert flat_cost < cost


def test_a_finding_implied_by_a_more_specific_one_is_not_counted_twice(tiny_kb):
    alone = rank_diseases(tiny_kb, ["HP:0007359"], top=20)
    both = rank_diseases(tiny_kb, ["HP:0001250", "HP:0007359"], top=20)
    assert [(d.id, round(d.log_likelihood_ratio, 9)) for d in alone.diagnoses] == \
        [(d.id, round(d.log_likelihood_ratio, 9)) for d in both.diagnoses]


def test_no_family_history_is_an_argument_only_where_it_weighs(tiny_kb):
    # No affected relative speaks against a dominant disease; it says next to nothing about a recessive one
    # (most patients with a recessive disease have no affected relative), so that row must not list it.
    differential = rank_diseases(tiny_kb, [SHORT], excluded=[SEIZURE], family_history=False)
    dominant = next(d for d in differential.diagnoses if d.id == "OMIM:100004")
    recessive = next(d for d in differential.diagnoses if d.id == "OMIM:100003")
    assert any(f.label == "no family history" for f in dominant.against)
    assert not any(f.label == "no family history" for f in [*recessive.for_, *recessive.against])
