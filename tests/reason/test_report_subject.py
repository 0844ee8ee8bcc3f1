"""A series whose discussion sets stress fracture aside is not a report of stress fracture.

``tests/fixtures/compose/management/imos_case_series.nxml`` (an invented JATS case series written for the tests)
matches the femur case closely. Its title and abstract name intramedullary osteosclerosis; its discussion names
stress fracture three times, each time as an alternative set aside ("must be excluded", "argues against ... a
stress fracture", "Misdiagnosis as a stress fracture"), and its second case was "first treated as a stress
fracture". Round 10's femur answer led with stress fracture, the misdiagnosis, as that report's diagnosis. The
tiny vocabulary does not hold intramedullary osteosclerosis, so the report's own words must announce it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from clinicite.reason.differential import Diagnosis
from clinicite.reason.engine import MAX_REPORT_ALTERNATIVES, _with_report_alternatives
from clinicite.reason.explain import FindingWeight
from clinicite.reason.knowledge import KnowledgeBase
from clinicite.reason.literature import literature_candidates
from clinicite.reason.merge import NAMED_BY_SIMILAR_LABEL

from .test_report_formats import _index
from .tiny_vocabulary import FOLDER, tiny_vocabulary

SERIES = Path(__file__).resolve().parents[1] / "fixtures" / "compose" / "management" / "imos_case_series.nxml"
FEMUR = ("38-year-old woman, 3 months of thigh pain, diaphyseal sclerosis of the femur, no family history, "
         "triphasic bone scan: no hyperaemia, fusiform intense delayed uptake")


@pytest.fixture(scope="module")
def found(tmp_path_factory):
    kb = KnowledgeBase.from_files(hpo_obo=FOLDER / "lit_bone.obo", hpoa=FOLDER / "lit_bone.hpoa",
                                  orphapackets=FOLDER / "lit_bone_orphanet.jsonl")
    index, _, series_id = _index(tmp_path_factory.mktemp("imos-home"), SERIES)
    candidates = literature_candidates(index, FEMUR, [], kb, vocabulary=tiny_vocabulary())
    return {c.key: c for c in candidates}, series_id


def test_the_series_is_the_similar_case_and_states_its_own_subject(found):
    candidates, series_id = found
    stated = [c for c in candidates.values() if c.similar_case is not None and c.similar_case.similar
              and c.similar_case.document_id == series_id]
    assert [c.key for c in stated] == ["intramedullary osteosclerosis"]     # the phrase ends before "should be"


def test_an_alternative_the_series_sets_aside_is_named_not_stated(found):
    candidates, series_id = found
    stress = candidates["stress fracture"]
    assert stress.similar_case is None or stress.similar_case.document_id != series_id
    assert stress.named_by_similar_report      # by the series, or by the femur report beside it
    assert stress.log_lr < candidates["intramedullary osteosclerosis"].log_lr


def _row(name: str, probability: float, named: bool = False) -> Diagnosis:
    row = Diagnosis(id=name, ids=[name], name=name, probability=probability, log_likelihood_ratio=0.0, rank=0)
    if named:
        row.for_.append(FindingWeight(None, NAMED_BY_SIMILAR_LABEL, 0.5, None, "named"))
    return row


def test_alternatives_the_report_names_take_the_places_of_the_lowest_other_rows():
    rows = [_row("leader", 0.5, named=False), *(_row(f"other {i}", 0.1 - i / 100) for i in range(5)),
            _row("osteoid osteoma", 0.01, named=True), _row("chronic osteomyelitis", 0.005, named=True)]
    shown = _with_report_alternatives(rows, top=4)
    assert [r.name for r in shown] == ["leader", "other 0", "osteoid osteoma", "chronic osteomyelitis"]
    assert [r.rank for r in shown] == [1, 2, 3, 4]
    assert shown == sorted(shown, key=lambda r: -r.probability)


def test_the_leader_and_rows_the_report_names_are_never_displaced():
    rows = [_row("leader", 0.5), *(_row(f"named {i}", 0.1 - i / 100, named=True) for i in range(3)),
            *(_row(f"beyond {i}", 0.001, named=True) for i in range(MAX_REPORT_ALTERNATIVES + 2))]
    shown = _with_report_alternatives(rows, top=4)
    assert [r.name for r in shown] == ["leader", "named 0", "named 1", "named 2"]
