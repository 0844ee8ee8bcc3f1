"""A case in shorthand with no finding read still gets the alternatives its similar published case weighs (round 15).

fresh13's septic-hip vignette (dev material, "4 yo boy, 2 days limp then won't bear weight on R leg, T 39.1 ...")
has no HPO finding the recogniser reads; its report is found by its words, and the differential showed septic
arthritis alone: transient synovitis and Perthes disease, which the report weighs, hold knowledge-base records and
so needed a finding to be shown. ``tests/fixtures/reason/formats/ulnar_osteoid_osteoma_report.txt`` (written for
this test, plain text) weighs Ribbing disease and Camurati-Engelmann disease, both records of the lit_bone fixtures.
"""

from __future__ import annotations

import pytest

from clinicite.reason.engine import CaseInput, build_differential
from clinicite.reason.knowledge import KnowledgeBase
from clinicite.understand import understand_case

from .test_report_formats import _index
from .tiny_vocabulary import FOLDER, tiny_vocabulary

CASE = "29F cellist, 7 mo R forearm ache waking her at night, eased by aspirin. XR dense thickened ulnar shaft, " \
       "CT small nidus."


@pytest.fixture(scope="module")
def differential(tmp_path_factory):
    kb = KnowledgeBase.from_files(hpo_obo=FOLDER / "lit_bone.obo", hpoa=FOLDER / "lit_bone.hpoa",
                                  orphapackets=FOLDER / "lit_bone_orphanet.jsonl")
    index, _, _ = _index(tmp_path_factory.mktemp("no-finding-home"),
                         FOLDER / "formats" / "ulnar_osteoid_osteoma_report.txt")
    facts = understand_case(CASE, kb.ontology)
    assert not facts.observed                     # the premise: no finding is read from the shorthand
    return build_differential(kb, CaseInput([], text=CASE, facts=facts, vocabulary=tiny_vocabulary()),
                              searcher=index)


def test_the_reports_diagnosis_leads_and_the_records_it_weighs_follow(differential):
    names = [d.name for d in differential.diagnoses]
    assert names[0] == "Osteoid osteoma"
    assert {"Ribbing disease", "Camurati-Engelmann disease"} <= set(names)


def test_every_row_comes_from_the_similar_report(differential):
    report = {p["document_id"] for p in differential.diagnoses[0].passages}
    for row in differential.diagnoses:
        assert any(p["document_id"] in report for p in row.passages), row.name
