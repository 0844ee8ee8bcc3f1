"""The knowledge base's precomputed arrays on the tiny ontology (shape drawn in conftest.py)."""

from __future__ import annotations

import math

import numpy as np

from clinicite.reason.knowledge import KnowledgeBase, information_content


def frequency(kb, disease_id, term_id):
    return kb.frequency[kb.row_of[disease_id], kb.term_index[term_id]]


def test_candidates_exclude_categories_and_merge_sources(tiny_kb):
    assert "ORPHA:200004" in tiny_kb.diseases          # kept as knowledge ...
    assert "ORPHA:200004" not in tiny_kb.row_of        # ... but an Orphanet category is not a diagnosis
    assert set(tiny_kb.row_of) >= {"OMIM:100001", "OMIM:100005", "ORPHA:200001", "ORPHA:200003"}
    common = tiny_kb.diseases["ORPHA:200001"]
    assert common.definition and common.prevalence     # Orphanet facts merged into the HPO annotation record


def test_annotations_spread_to_ancestors_with_their_frequency(tiny_kb):
    assert frequency(tiny_kb, "OMIM:100001", "HP:0007359") == 0.895
    assert frequency(tiny_kb, "OMIM:100001", "HP:0001250") == 0.895          # Seizure, via Focal-onset seizure
    assert frequency(tiny_kb, "OMIM:100001", "HP:0000707") == 0.895          # best of the annotations below
    assert frequency(tiny_kb, "OMIM:100001", "HP:0002069") == 0              # a sibling is not implied
    assert frequency(tiny_kb, "OMIM:100003", "HP:0001250") == 0              # NOT annotations stay out


def test_information_content_is_resnik_and_grows_with_depth(tiny_kb):
    n = len(tiny_kb.candidates)
    seizures = sum(1 for d in tiny_kb.candidates if frequency(tiny_kb, d, "HP:0001250") > 0)
    assert seizures == 2
    assert math.isclose(information_content(tiny_kb, "HP:0001250"), -math.log(seizures / n))
    assert information_content(tiny_kb, "HP:0000118") == 0.0
    assert information_content(tiny_kb, "HP:0007359") >= information_content(tiny_kb, "HP:0001250") \
        >= information_content(tiny_kb, "HP:0000707")


def test_equivalent_ids_join_exact_orphanet_mappings(tiny_kb):
    assert tiny_kb.equivalent_ids("OMIM:100002") == ["OMIM:100002", "ORPHA:200003"]
    assert tiny_kb.equivalent_ids("ORPHA:200003")[0] == "OMIM:100002"
    row_omim, row_orpha = tiny_kb.row_of["OMIM:100002"], tiny_kb.row_of["ORPHA:200003"]
    assert tiny_kb.row_group[row_omim] == tiny_kb.row_group[row_orpha]
    assert "OMIM:999999" not in tiny_kb.equivalent_ids("ORPHA:200003")   # a broader mapping to many is not


def test_prevalence_priors_and_case_features(tiny_kb):
    common = tiny_kb.log_prevalence[tiny_kb.row_of["ORPHA:200001"]]
    rare = tiny_kb.log_prevalence[tiny_kb.row_of["ORPHA:200002"]]
    assert common > rare
    assert tiny_kb.has_prevalence[tiny_kb.row_of["OMIM:100002"]]       # via its exact Orphanet equivalent
    assert not tiny_kb.has_prevalence[tiny_kb.row_of["OMIM:100001"]]   # default prior
    assert tiny_kb.onset_years[tiny_kb.row_of["OMIM:100004"]] == 16.0
    assert np.isnan(tiny_kb.onset_years[tiny_kb.row_of["OMIM:100002"]])
    assert tiny_kb.inheritance["x_recessive"][tiny_kb.row_of["OMIM:100005"]]


def test_sex_specific_annotations_get_their_own_rows(tiny_kb):
    row = tiny_kb.row_of["OMIM:100005"]
    male, female = tiny_kb.sex_rows["MALE"][row], tiny_kb.sex_rows["FEMALE"][row]
    strabismus = tiny_kb.term_index["HP:0000486"]
    assert tiny_kb.frequency[male, strabismus] == 0.545
    assert tiny_kb.frequency[female, strabismus] == 0


def test_from_records_merges_duplicates(tiny_ontology, tiny_kb):
    records = [tiny_kb.diseases["OMIM:100001"], tiny_kb.diseases["OMIM:100003"]]
    kb = KnowledgeBase.from_records(tiny_ontology, records)
    assert kb.candidates == ["OMIM:100001", "OMIM:100003"]
    assert kb.equivalent_ids("OMIM:100001") == ["OMIM:100001"]


def test_a_build_leaves_the_garbage_collector_as_it_found_it(reason_fixtures):
    import gc

    sources = dict(hpo_obo=reason_fixtures / "tiny.obo", hpoa=reason_fixtures / "tiny.hpoa")
    assert gc.isenabled()
    KnowledgeBase.from_files(**sources)
    assert gc.isenabled()                       # paused only while building
    gc.disable()
    try:
        KnowledgeBase.from_files(**sources)
        assert not gc.isenabled()               # a caller that turned it off keeps it off
    finally:
        gc.enable()
