"""LIRICAL's subclass match (reason/subclass_match.py) on a small fixture: tiny.obo + subclass.hpoa.

OMIM:300001 is annotated at "Seizure" itself, OMIM:300002 only at its child "Bilateral tonic-clonic seizure";
a patient with "Focal-onset seizure" (another child of "Seizure") has a subclass of the first disease's
feature and a sibling of the second's.
"""

from __future__ import annotations

import numpy as np
import pytest

from clinicite.reason.knowledge import KnowledgeBase
from clinicite.reason.scoring import SCORERS, Case, Parameters

SEIZURE, FOCAL, INTELLECTUAL = "HP:0001250", "HP:0007359", "HP:0001249"
GENERAL, SIBLING, UNRELATED = "OMIM:300001", "OMIM:300002", "OMIM:300004"


@pytest.fixture(scope="module")
def kb(reason_fixtures) -> KnowledgeBase:
    return KnowledgeBase.from_files(hpo_obo=reason_fixtures / "tiny.obo", hpoa=reason_fixtures / "subclass.hpoa",
                                    common_causes=False)


def phenotype(kb, params, *terms):
    scores = SCORERS["phenotype"](kb, Case(observed=terms), params)
    return {d: scores.log_lr[kb.row_of[d]] for d in (GENERAL, SIBLING, UNRELATED)}, scores


def test_equal_penalties_give_the_closure_score(kb):
    # subclass_penalty == specificity_penalty: the direct annotation can never beat the closure's cell.
    same, _ = phenotype(kb, Parameters(specificity_penalty=1.0, subclass_penalty=1.0), FOCAL)
    assert same[GENERAL] == pytest.approx(same[SIBLING])


def test_a_subclass_of_an_annotated_feature_scores_above_a_sibling(kb):
    params = Parameters(specificity_penalty=1.0, subclass_penalty=0.0)
    scores, detail = phenotype(kb, params, FOCAL)
    closure, _ = phenotype(kb, Parameters(specificity_penalty=1.0, subclass_penalty=1.0), FOCAL)
    assert scores[GENERAL] > scores[SIBLING] == pytest.approx(closure[SIBLING])   # the sibling keeps its penalty
    assert scores[GENERAL] > scores[UNRELATED]
    # With no penalty the subclass match has the annotated ancestor's own ratio, F / bg("Seizure").
    column = kb.term_index[SEIZURE]
    expected = np.log(kb.annotation_frequency[kb.row_of[GENERAL], column]) - np.log(kb.background[column])
    assert scores[GENERAL] == pytest.approx(expected)
    # ... and the explanation names the annotated ancestor as the match.
    assert detail.findings[0].matched_column[kb.row_of[GENERAL]] == column


def test_an_exact_match_is_unchanged(kb):
    exact, _ = phenotype(kb, Parameters(subclass_penalty=0.0), INTELLECTUAL)
    default, _ = phenotype(kb, Parameters(), INTELLECTUAL)
    assert exact == pytest.approx(default)


def test_the_explanation_calls_a_subclass_match_a_form_of_the_known_feature(kb):
    from clinicite.reason.differential import rank_diseases
    differential = rank_diseases(kb, [FOCAL], params=Parameters(specificity_penalty=1.0, subclass_penalty=0.0))
    first = differential.diagnoses[0]
    assert first.id == GENERAL
    weight = first.for_[0]
    assert weight.matched_annotation_id == SEIZURE and weight.explanation.startswith("a form of known feature Seizure")
