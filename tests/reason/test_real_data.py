"""The knowledge base and the differential on the real HPO, Orphanet and phenopacket files."""

from __future__ import annotations

import gzip
import json

import pytest

from clinicite.ingest.document import Problem
from clinicite.ingest.orphanet import read_orphapackets
from clinicite.reason.cases import phenopacket_case, phenopacket_truth
from clinicite.reason.differential import rank_diseases
from clinicite.reason.knowledge import KnowledgeBase

pytestmark = [pytest.mark.shared_data, pytest.mark.slow]


_KB: dict[str, KnowledgeBase] = {}


@pytest.fixture
def real_kb(shared_data) -> KnowledgeBase:
    """Built once for this module (the shared_data fixture skips when the data is absent)."""
    if "kb" not in _KB:
        _KB["kb"] = KnowledgeBase.from_files(shared_data / "hpo" / "hp.obo", shared_data / "hpo" / "phenotype.hpoa",
                                             shared_data / "orphanet" / "orphapackets.jsonl.gz")
    return _KB["kb"]


def test_real_orphapackets_read_without_problems(shared_data):
    events = list(read_orphapackets(shared_data / "orphanet" / "orphapackets.jsonl.gz"))
    assert len(events) == 9960 and not any(isinstance(e, Problem) for e in events)
    records = {e.id: e for e in events}
    assert sum(1 for r in records.values() if r.prevalence) == 6440
    assert sum(1 for r in records.values() if r.definition) == 6891
    assert sum(len(r.xrefs) for r in records.values()) > 3000          # exact OMIM mappings


def test_real_phenopackets_rank_their_disease_in_the_top_ten(real_kb, shared_data):
    solvable, hits = 0, 0
    with gzip.open(shared_data / "phenopackets" / "dev.jsonl.gz", "rt", encoding="utf-8") as handle:
        for line in handle:
            packet = json.loads(line)
            truth = {i for t in phenopacket_truth(packet) for i in real_kb.equivalent_ids(t)}
            if not truth & set(real_kb.row_of):
                continue                       # disease newer than the annotation release
            case = phenopacket_case(packet)
            differential = rank_diseases(real_kb, case.observed, case.excluded, case.age_years, case.sex, top=10)
            solvable += 1
            hits += any(truth & set(d.ids) for d in differential.diagnoses)
            if solvable == 30:
                break
    assert solvable == 30 and hits >= 15


def test_real_knowledge_base_explains_a_diagnosis(real_kb):
    # Marfan syndrome's hallmarks: ectopia lentis, aortic root dilatation, arachnodactyly, tall stature.
    differential = rank_diseases(real_kb, ["HP:0001083", "HP:0002616", "HP:0001166", "HP:0000098"], top=5)
    first = differential.diagnoses[0]
    assert "marfan" in first.name.lower()
    assert len(first.for_) == 4 and first.records and first.probability > 0.2
    type_1 = next(d for d in differential.diagnoses if "OMIM:154700" in d.ids)   # = ORPHA:284963, exact
    assert "ORPHA:284963" in type_1.ids and type_1.references                  # HPO annotations cite PMIDs
