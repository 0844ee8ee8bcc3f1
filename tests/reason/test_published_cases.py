"""Published patients as an optional knowledge source (tests/fixtures/reason/published_cases.jsonl).

Four phenopackets: OMIM:100006 "Case-only disorder F" (not in the annotations) from PMID:1 (two patients:
nystagmus + short stature; nystagmus) and PMID:2 (nystagmus + short stature, no strabismus); OMIM:100001
from PMID:3 (focal-onset seizure + strabismus).
"""

from __future__ import annotations

import numpy as np
import pytest

from clinicite.errors import InputError
from clinicite.reason.differential import rank_diseases, score_case
from clinicite.reason.published_cases import read_published_cases
from clinicite.reason.scoring import Case, Parameters

NYSTAGMUS, SHORT_STATURE, STRABISMUS = "HP:0000639", "HP:0004322", "HP:0000486"


@pytest.fixture(scope="module")
def cases(reason_fixtures):
    return read_published_cases(reason_fixtures / "published_cases.jsonl")


@pytest.fixture(scope="module")
def case_kb(tiny_kb, cases):
    return tiny_kb.with_cases(cases, prior_cases=2.0)


def test_cases_are_read_with_diagnosis_publication_and_findings(cases):
    assert [c.publication for c in cases] == ["PMID:1", "PMID:1", "PMID:2", "PMID:3"]
    assert cases[2].disease_id == "OMIM:100006" and cases[2].excluded == (STRABISMUS,)
    assert cases[0].observed == (NYSTAGMUS, SHORT_STATURE)


def test_a_disease_known_only_from_patients_is_ranked_and_cited(case_kb, tiny_kb):
    assert "OMIM:100006" not in tiny_kb.row_of
    differential = rank_diseases(case_kb, [NYSTAGMUS, SHORT_STATURE], top=3)
    first = differential.diagnoses[0]
    assert first.id == "OMIM:100006" and first.name == "Case-only disorder F"
    assert {"PMID:1", "PMID:2"} <= set(first.references)


def test_frequencies_are_the_beta_binomial_update_of_the_curated_ones(case_kb, tiny_kb):
    row, column = case_kb.row_of["OMIM:100006"], case_kb.term_index[SHORT_STATURE]
    assert case_kb.frequency[row, column] == pytest.approx(2 / (3 + 2))            # 2 of 3 patients, no curation
    row, column = case_kb.row_of["OMIM:100001"], case_kb.term_index[STRABISMUS]
    assert case_kb.frequency[row, column] == pytest.approx(1 / (1 + 2))            # 1 of 1, curated 0
    column = case_kb.term_index["HP:0007359"]
    curated = tiny_kb.frequency[tiny_kb.row_of["OMIM:100001"], column]
    assert case_kb.frequency[row, column] == pytest.approx((1 + 2 * curated) / (1 + 2))


@pytest.mark.parametrize("publication", ["PMID:1", "PMID:2", "PMID:3"])
def test_holding_out_a_publication_equals_never_reading_it(tiny_kb, cases, case_kb, publication):
    without = tiny_kb.with_cases([c for c in cases if c.publication != publication], prior_cases=2.0)
    params = Parameters()
    for observed in ([NYSTAGMUS, SHORT_STATURE], ["HP:0007359", STRABISMUS]):
        held, _ = score_case(case_kb, Case(tuple(observed), (STRABISMUS,), held_out_publication=publication), params)
        fresh, _ = score_case(without, Case(tuple(observed), (STRABISMUS,)), params)
        for disease_id, row in without.row_of.items():
            assert held[case_kb.row_of[disease_id]] == pytest.approx(fresh[row], abs=1e-9), disease_id
    assert not np.isnan(held).any()


def test_unreadable_case_file_is_an_input_error(tmp_path):
    bad = tmp_path / "cases.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    with pytest.raises(InputError):
        read_published_cases(bad)
