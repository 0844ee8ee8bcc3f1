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
