"""A curated cause's ages: its bands, cut below the earliest onset its linked Orphanet record gives."""

from __future__ import annotations

import json

import pytest

from clinicite.reason.common_causes import age_class, cause_of, load_common_causes
from clinicite.reason.engine import CaseInput, build_differential
from clinicite.reason.knowledge import KnowledgeBase

DIAPHYSEAL = "HP:0003034"
OSTEOSARCOMA = {"Orphapacket": {"ORPHApacketId": "668", "version": "test 1.0", "ORPHAcode": "668",
                                "Label": "Osteosarcoma", "DisorderType": {"value": "Disease"},
                                "AverageAgeOfOnsets": {"AverageAgeOfOnset": [{"value": "Childhood"}]},
                                "Phenotypes": [], "Genes": []}}


@pytest.fixture(scope="module")
def kb_with_onset(reason_fixtures, tmp_path_factory) -> KnowledgeBase:
    packets = tmp_path_factory.mktemp("orphanet") / "orphapackets.jsonl"
    packets.write_text((reason_fixtures / "bone_orphanet.jsonl").read_text(encoding="utf-8")
                       + json.dumps(OSTEOSARCOMA) + "\n", encoding="utf-8")
    return KnowledgeBase.from_files(hpo_obo=reason_fixtures / "bone.obo", hpoa=reason_fixtures / "bone.hpoa",
                                    orphapackets=packets)


def test_the_curated_table_links_osteosarcoma_to_its_orphanet_record():
    assert "ORPHA:668" in load_common_causes()[1]["CLINICITE:osteosarcoma"].kb_ids


def test_the_table_carries_the_linked_records_onset_with_its_source():
    osteosarcoma = cause_of("CLINICITE:osteosarcoma")
    assert osteosarcoma.onset_years == 2.0 and "ORPHA:668" in osteosarcoma.onset_source
    assert osteosarcoma.frequency_class(1.5, None) is None                  # without Orphanet installed too
    assert osteosarcoma.frequency_class(5, None) == "rare"


def test_an_infant_is_younger_than_the_linked_records_onset(kb_with_onset):
    osteosarcoma = cause_of("CLINICITE:osteosarcoma")
    assert age_class(kb_with_onset, osteosarcoma, 0.2, None) is None       # Orphanet: onset in childhood
    assert age_class(kb_with_onset, osteosarcoma, 1.5, None) is None
    assert age_class(kb_with_onset, osteosarcoma, 14, None) == "uncommon"


def test_an_infant_with_one_finding_is_not_offered_osteosarcoma(kb_with_onset):
    names = lambda age: [d.name for d in build_differential(kb_with_onset, CaseInput([DIAPHYSEAL], age_years=age),
                                                            top=30).diagnoses]
    assert "Osteosarcoma" not in names(0.2)
    assert "Osteosarcoma" in names(14)


def test_a_child_with_cupped_metaphyses_gets_rickets_first(reason_fixtures):
    causes = load_common_causes()[1]
    cupping = [c.name for c in causes.values() if any(h == "HP:0003021" for h, _, _ in c.findings)]
    assert "Rickets (nutritional, vitamin D or calcium deficiency)" in cupping
    rickets = causes["CLINICITE:active-rickets"]
    assert rickets.frequency_class(1.2, None) == "common" and rickets.frequency_class(40, None) is None


def test_a_disease_of_childhood_first_seen_at_70_is_pushed_down(kb_with_onset):
    """Orphanet says osteosarcoma begins in childhood (its only onset class here): at 70 its group takes the
    late-presentation step on top of the curated age fit; at 30 it does not."""
    import math

    from clinicite.reason.common_causes import AGE_WEIGHT, CLASS_PREVALENCE, age_contrast, curated_terms
    from clinicite.reason.engine import engine_parameters
    from clinicite.reason.priors import childhood_only, latest_onset_years

    assert latest_onset_years(["Childhood", "Adult"]) == 18.0 and math.isnan(latest_onset_years(["unknown"]))
    assert latest_onset_years(["All ages"]) == math.inf          # Bullous pemphigoid: "All ages" is no childhood
    row = kb_with_onset.row_of["CLINICITE:osteosarcoma"]          # joined with ORPHA:668, its onset
    assert childhood_only(kb_with_onset)[row]
    params = engine_parameters()
    group = int(kb_with_onset.row_group[row])
    osteosarcoma = cause_of("CLINICITE:osteosarcoma")
    share = AGE_WEIGHT * params.temperature - params.common_prior_weight
    late = AGE_WEIGHT * params.temperature * math.log(CLASS_PREVALENCE["rare"] / CLASS_PREVALENCE["uncommon"])
    for age, expected_late in ((70, late), (30, 0.0)):
        shifts, _ = curated_terms(kb_with_onset, CaseInput([DIAPHYSEAL], age_years=age), params)
        assert shifts[group] == pytest.approx(share * age_contrast(kb_with_onset, osteosarcoma, age, None)
                                              + expected_late)


def test_an_age_word_is_read_as_the_ages_it_covers(kb_with_onset):
    """"A child" is 1 to 12 years, not the typical 7: healing rickets (common up to 6) keeps its full fit, where
    a stated 7-year-old is one class off its usual age."""
    from clinicite.reason.common_causes import curated_terms
    from clinicite.reason.engine import engine_parameters
    from clinicite.understand.case import understand_case

    params = engine_parameters()
    row = kb_with_onset.row_of["CLINICITE:healing-rickets"]
    group = int(kb_with_onset.row_group[row])

    def shift(text):
        facts = understand_case(text)
        case = CaseInput([], [], facts.age_years, None, None, text=text, facts=facts)
        return curated_terms(kb_with_onset, case, params)[0][group]

    word, stated = shift("Dense metaphyseal bands on a child's radiograph."), shift("A 7-year-old has dense bands.")
    assert word == pytest.approx(0.0) and stated < -0.1
