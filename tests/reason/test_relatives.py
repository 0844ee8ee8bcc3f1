"""Borrowing from allelic relatives (knowledge.py ``RELATIVES_WEIGHT``) on a small fixture: tiny.obo +
relatives/relatives.hpoa + relatives/genes_to_phenotype.txt.

OMIM:300011 and OMIM:300012 are caused by the same gene (GENEONE); only the first is annotated with "Seizure".
OMIM:300013 is another gene's disease; four growth disorders make the background of "Seizure" rare.
A patient with a seizure and intellectual disability.
"""

from __future__ import annotations

import numpy as np
import pytest

from clinicite.ingest.hpo import read_disease_genes
from clinicite.reason import knowledge
from clinicite.reason.knowledge import KnowledgeBase
from clinicite.reason.scoring import SCORERS, Case, Parameters

SEIZURE, INTELLECTUAL = "HP:0001250", "HP:0001249"
ANNOTATED, SPARSE, OTHER_GENE = "OMIM:300011", "OMIM:300012", "OMIM:300013"


def build(reason_fixtures, monkeypatch, weight: float) -> KnowledgeBase:
    monkeypatch.setattr(knowledge, "RELATIVES_WEIGHT", weight)
    return KnowledgeBase.from_files(hpo_obo=reason_fixtures / "tiny.obo",
                                    hpoa=reason_fixtures / "relatives" / "relatives.hpoa", common_causes=False)


def seizure_scores(kb) -> dict[str, float]:
    scores = SCORERS["phenotype"](kb, Case(observed=(SEIZURE, INTELLECTUAL)), Parameters())
    seizure = next(f for f in scores.findings if f.hpo_id == SEIZURE)
    return {d: float(seizure.log_lr[kb.row_of[d]]) for d in (ANNOTATED, SPARSE, OTHER_GENE)}


def test_the_gene_file_beside_the_annotations_is_read(reason_fixtures):
    genes = read_disease_genes(str(reason_fixtures / "relatives" / "genes_to_phenotype.txt"))
    assert genes == {ANNOTATED: frozenset({"GENEONE"}), SPARSE: frozenset({"GENEONE"}),
                     OTHER_GENE: frozenset({"GENETWO"})}


def test_a_disease_borrows_its_relatives_finding_at_a_fraction(reason_fixtures, monkeypatch):
    off, on = build(reason_fixtures, monkeypatch, 0.0), build(reason_fixtures, monkeypatch, 0.2)
    before, after = seizure_scores(off), seizure_scores(on)
    assert after[SPARSE] > before[SPARSE]                        # the relative's feature now counts for it
    assert after[OTHER_GENE] == pytest.approx(before[OTHER_GENE])  # another gene's disease borrows nothing
    assert after[ANNOTATED] == pytest.approx(before[ANNOTATED])  # its own annotation is above the loan
    column = on.term_index[SEIZURE]
    row, lender = on.row_of[SPARSE], on.row_of[ANNOTATED]
    assert on.frequency[row, column] == pytest.approx(0.2 * on.frequency[lender, column])
    assert on.borrowed[row, column] and not on.borrowed[lender, column]
    # information content, background and the unreported-feature penalty read the disease's own annotations
    assert np.allclose(on.information_content, off.information_content)
    assert np.allclose(on.background, off.background)
    assert (on.annotation_frequency != off.annotation_frequency).nnz == 0


def test_the_explanation_names_the_relative_and_the_gene(reason_fixtures, monkeypatch):
    from clinicite.reason.differential import rank_diseases
    kb = build(reason_fixtures, monkeypatch, 0.2)
    differential = rank_diseases(kb, [SEIZURE, INTELLECTUAL])
    row = next(d for d in differential.diagnoses if d.id == SPARSE)
    texts = [w.explanation for w in (*row.for_, *row.against)]
    assert any("not listed for this disease" in t and "Gene one seizure disorder" in t and "GENEONE" in t
               for t in texts), texts
