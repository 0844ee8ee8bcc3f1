"""What a row shows AGAINST a disease: a source's statement, never the mere absence of an annotation."""

from __future__ import annotations

from clinicite.reason.differential import rank_diseases

SHORT, SEIZURE, NYSTAGMUS = "HP:0004322", "HP:0001250", "HP:0000639"


def _row(differential, disease_id):
    return next(d for d in differential.diagnoses if d.id == disease_id)


def test_a_finding_the_record_does_not_list_is_weighed_but_not_shown_against(tiny_kb):
    # Short stature disorder C lists short stature only: nystagmus is not among its features, which lowers its
    # likelihood ratio, but no source says C lacks nystagmus.
    c = _row(rank_diseases(tiny_kb, [SHORT, NYSTAGMUS], top=20), "OMIM:100003")
    assert not any(w.hpo_id == NYSTAGMUS for w in c.against)
    unlisted = next(w for w in c.unlisted if w.hpo_id == NYSTAGMUS)
    assert unlisted.weight < 0 and "not among the features" in unlisted.explanation
    alone = _row(rank_diseases(tiny_kb, [SHORT], top=20), "OMIM:100003")
    assert c.log_likelihood_ratio < alone.log_likelihood_ratio          # the maths still counts it


def test_a_finding_the_record_states_is_absent_is_shown_against(tiny_kb):
    # C is annotated NOT seizure: an observed seizure is a statement against it, and says so.
    c = _row(rank_diseases(tiny_kb, [SHORT, SEIZURE], top=20), "OMIM:100003")
    stated = next(w for w in c.against if w.hpo_id == SEIZURE)
    assert stated.weight < 0 and "absent in this disease" in stated.explanation
    assert not any(w.hpo_id == SEIZURE for w in c.unlisted)


def test_an_absent_finding_the_disease_usually_has_stays_against(tiny_kb):
    d = _row(rank_diseases(tiny_kb, [SHORT], excluded=[SEIZURE], top=20), "OMIM:100004")
    assert any(w.hpo_id == SEIZURE and "usually present" in w.explanation for w in d.against)
