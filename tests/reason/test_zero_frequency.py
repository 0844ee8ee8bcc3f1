"""An HPO annotation "0/n" (seen in none of n patients of the cited cohort) states that the disease lacks the
feature: it is read as the NOT qualifier is, never as a present feature (fixture relatives/relatives.hpoa,
OMIM:300021: seizures 0/11, intellectual disability 7/11)."""

from __future__ import annotations

import pytest

from clinicite.ingest.hpo import read_annotations
from clinicite.reason.knowledge import KnowledgeBase
from clinicite.reason.scoring import SCORERS, Case, Parameters

SEIZURE, INTELLECTUAL, COHORT = "HP:0001250", "HP:0001249", "OMIM:300021"


def test_zero_of_n_is_an_excluded_annotation(reason_fixtures):
    from clinicite.ingest.hpo import load_ontology
    records = read_annotations(reason_fixtures / "relatives" / "relatives.hpoa",
                               load_ontology(str(reason_fixtures / "tiny.obo")))
    by_term = {p.hpo_id: p for p in records[COHORT].phenotypes}
    assert by_term[SEIZURE].excluded and by_term[SEIZURE].frequency == 0.0
    assert not by_term[INTELLECTUAL].excluded and by_term[INTELLECTUAL].frequency == pytest.approx(7 / 11)


def test_the_knowledge_base_counts_it_against_not_for(reason_fixtures):
    kb = KnowledgeBase.from_files(hpo_obo=reason_fixtures / "tiny.obo",
                                  hpoa=reason_fixtures / "relatives" / "relatives.hpoa", common_causes=False)
    row, column = kb.row_of[COHORT], kb.term_index[SEIZURE]
    assert kb.frequency[row, column] == 0 and kb.excluded_by_disease[row, column] > 0
    # a patient without seizures: the record's statement counts for the disease (the NOT qualifier's ratio)
    absent = SCORERS["excluded"](kb, Case(observed=(INTELLECTUAL,), excluded=(SEIZURE,)), Parameters())
    assert absent.log_lr[row] > 0
