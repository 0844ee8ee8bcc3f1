"""Similar published cases (tests/fixtures/reason/similar_cases/: six phenopacket JSON files, invented).

    PMID:11  OMIM:100004  focal-onset seizure + short stature                    (two patients; the second
                                                                                  also intellectual disability)
    PMID:12  OMIM:100004  focal-onset seizure + short stature, NOT strabismus
    PMID:13  OMIM:100001  focal-onset seizure + intellectual disability
    PMID:14  OMIM:100002  strabismus + nystagmus
    PMID:15  OMIM:100007  nystagmus + tall stature   (a disease the tiny knowledge base does not hold)

The curated annotations give OMIM:100004 *bilateral tonic-clonic* seizures, so a patient with focal-onset
seizures and short stature is one the published patients know better than the curated record.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from clinicite.errors import InputError
from clinicite.reason.engine import CaseInput, build_differential, score_all
from clinicite.reason.similar_cases import (CaseLibrary, mix_posterior, mixed_log_scores, read_case_library,
                                            vote, vote_weights)

FOCAL, SHORT, ID_, STRABISMUS, NYSTAGMUS, TALL = ("HP:0007359", "HP:0004322", "HP:0001249", "HP:0000486",
                                                  "HP:0000639", "HP:0000098")


@pytest.fixture(scope="module")
def library(tiny_kb, reason_fixtures):
    return CaseLibrary.from_path(tiny_kb, reason_fixtures / "similar_cases")


def test_a_folder_of_phenopackets_is_read_with_diagnosis_and_publication(reason_fixtures):
    cases = read_case_library(reason_fixtures / "similar_cases")
    assert len(cases) == 6
    assert sorted({c.publication for c in cases}) == ["PMID:11", "PMID:12", "PMID:13", "PMID:14", "PMID:15"]
    pmid12 = next(c for c in cases if c.publication == "PMID:12")
    assert pmid12.disease_id == "OMIM:100004" and pmid12.observed == (FOCAL, SHORT)
    assert pmid12.excluded == (STRABISMUS,)


def test_a_broken_phenopacket_is_a_clear_error(tmp_path):
    (tmp_path / "broken.json").write_text("{not json")
    with pytest.raises(InputError, match="not a phenopacket"):
        read_case_library(tmp_path)
    with pytest.raises(InputError, match="no phenopacket"):
        read_case_library(tmp_path / "absent.jsonl")


def test_cases_with_the_same_findings_are_the_most_similar(library):
    neighbours = library.neighbours([FOCAL, SHORT], leave_out=None, k=6)
    top = neighbours[0]
    assert top.case.disease_id == "OMIM:100004" and set(top.shared) == {FOCAL, SHORT}
    # Same findings beat a superset, which beats sharing one finding, which beats sharing only an ancestor.
    by_id = {(n.case.publication, n.case.observed): n.similarity for n in neighbours}
    assert by_id[("PMID:11", (FOCAL, SHORT))] > by_id[("PMID:11", (FOCAL, SHORT, ID_))] \
        > by_id[("PMID:13", (FOCAL, ID_))]
    assert all(n.similarity > 0 for n in neighbours)


def test_leave_one_publication_out_never_returns_a_case_of_that_publication(library):
    """The evaluation's guarantee: a query from PMID:11 sees no PMID:11 case, but does see PMID:12's."""
    neighbours = library.neighbours([FOCAL, SHORT], leave_out="PMID:11", k=6)
    assert neighbours and all(n.case.publication != "PMID:11" for n in neighbours)
    assert neighbours[0].case.publication == "PMID:12"
    resemblance, _ = library.similarity_parts([FOCAL, SHORT], leave_out="PMID:11")
    assert np.isneginf(resemblance[library.publications == "PMID:11"]).all()
    assert np.isfinite(resemblance[library.publications != "PMID:11"]).all()


def test_a_contradicted_finding_lowers_the_similarity(library):
    """PMID:12's patient was reported WITHOUT strabismus; a query with strabismus is less like it."""
    pmid11 = int(np.flatnonzero((library.publications == "PMID:11"))[0])
    pmid12 = int(np.flatnonzero(library.publications == "PMID:12")[0])
    plain = library.similarity([FOCAL, SHORT, STRABISMUS], conflict_weight=0.0)
    penalised = library.similarity([FOCAL, SHORT, STRABISMUS], conflict_weight=1.0)
    assert plain[pmid11] == pytest.approx(plain[pmid12])
    assert penalised[pmid12] < penalised[pmid11] == pytest.approx(plain[pmid11])
    # And the other way round: a query that excludes a finding the case has.
    excluded = library.similarity([FOCAL], excluded=[SHORT], conflict_weight=1.0)
    assert excluded[pmid11] < library.similarity([FOCAL], conflict_weight=1.0)[pmid11]


def test_the_vote_keeps_the_share_of_diseases_the_knowledge_base_lacks(library, tiny_kb):
    neighbours = library.neighbours([NYSTAGMUS, TALL], k=6)
    assert neighbours[0].case.disease_id == "OMIM:100007" and neighbours[0].group == -1
    votes = vote(neighbours, tiny_kb.n_groups, tau=0.5)
    assert 0 < votes.sum() < 1            # OMIM:100007's share is not handed to another disease
    weights = vote_weights(np.array([2.0, 1.5, 0.5]), tau=0.5)
    assert weights.sum() == pytest.approx(1) and weights[0] / weights[1] == pytest.approx(np.e)


def test_mixed_scores_keep_the_mixture_ratios_after_tempering():
    rng = np.random.default_rng(3)
    scores, votes = rng.normal(size=8) * 4, np.array([0, 0.5, 0, 0.2, 0, 0, 0.3, 0])
    mixed = mixed_log_scores(scores, votes, temperature=3.0, unlisted_prior=0.05, weight=0.4)
    tempered = np.exp(scores / 3.0)
    probability = tempered / (tempered.sum() + np.exp(np.log(0.05) / 3.0))
    target = mix_posterior(probability, votes, 0.4)
    assert np.exp((mixed - mixed[0]) / 3.0) == pytest.approx(target / target[0])
    assert mixed_log_scores(scores, np.zeros(8), 3.0, 0.05) is scores       # no neighbour, no change


def test_the_differential_cites_similar_published_cases_and_is_unchanged_without_them(tiny_kb, library):
    case = CaseInput(observed=[FOCAL, SHORT])
    plain = build_differential(tiny_kb, case, top=5)
    helped = build_differential(tiny_kb, case, top=5, similar=library)
    assert all(not d.similar_cases for d in plain.diagnoses)
    by_id = lambda differential: {d.id: d for d in differential.diagnoses}
    before, after = by_id(plain)["OMIM:100004"], by_id(helped)["OMIM:100004"]
    assert after.probability > before.probability and after.rank <= before.rank
    pmids = {c["pmid"] for c in after.similar_cases}
    assert pmids == {"PMID:11", "PMID:12"} and all(c["disease_id"] == "OMIM:100004" for c in after.similar_cases)
    json.dumps(helped.to_dict())                                      # the evidence serialises
    assert score_all(tiny_kb, case).similar_by_group == {}


def test_answers_rank_with_the_same_similar_cases_as_diagnose(tiny_kb, library):
    """The answer's differential (compose) passes the library on, so an article and `diagnose` agree."""
    from clinicite.compose.differential import case_differential
    from clinicite.compose.question import QuestionAnalysis
    from clinicite.understand.facts import CaseFacts, Finding

    text = "A boy with focal-onset seizures and short stature. What is the diagnosis?"
    facts = CaseFacts(text=text, findings=[Finding(FOCAL, "Focal-onset seizure", "focal-onset seizures", 11, 31),
                                           Finding(SHORT, "Short stature", "short stature", 36, 49)])
    analysis = QuestionAnalysis(text=text, question_type="diagnosis", age_group=None, case=facts, is_case=True)
    plain = case_differential(analysis, tiny_kb)
    helped = case_differential(analysis, tiny_kb, similar=library)
    expected = build_differential(tiny_kb, CaseInput(observed=[FOCAL, SHORT], text=text, facts=facts), top=10,
                                  similar=library)
    row = {d.id: d for d in helped.diagnoses}["OMIM:100004"]
    assert {c["pmid"] for c in row.similar_cases} == {"PMID:11", "PMID:12"}
    assert row.probability == pytest.approx({d.id: d for d in expected.diagnoses}["OMIM:100004"].probability)
    assert all(not d.similar_cases for d in plain.diagnoses)


def test_the_app_learns_from_the_case_library_its_setting_names(tmp_path, reason_fixtures):
    """``CLINICITE_SIMILAR_CASES`` also folds the published patients into the knowledge base: OMIM:100007,
    which only PMID:15's patient knows, becomes a candidate and leads for that patient's findings."""
    from clinicite.app import Clinicite
    from clinicite.settings import load_settings

    base = dict(home=tmp_path / "home", embedding_model="none", hpo_obo=reason_fixtures / "tiny.obo",
                hpo_annotations=reason_fixtures / "tiny.hpoa")
    plain = Clinicite(load_settings(**base))
    assert plain.similar_cases is None and plain.knowledge.case_knowledge is None
    assert "OMIM:100007" not in plain.knowledge.row_of

    library = reason_fixtures / "similar_cases"
    app = Clinicite(load_settings(**base, similar_cases=library))
    assert "OMIM:100007" in app.knowledge.row_of and app.knowledge.case_knowledge is not None
    assert app.similar_cases.kb is app.knowledge
    # the vote's temperature and share chosen (fit half, 5-fold CV by publication) for that knowledge base
    assert (app.similar_cases.tau, app.similar_cases.weight) == (0.5, 0.3)
    _, differential = app.diagnose(observed=[NYSTAGMUS, TALL], literature=False, top=5)
    first = differential.diagnoses[0]
    assert first.id == "OMIM:100007" and {c["pmid"] for c in first.similar_cases} == {"PMID:15"}

    off = Clinicite(load_settings(**base, similar_cases=library, similar_cases_knowledge=False))
    assert "OMIM:100007" not in off.knowledge.row_of and off.similar_cases is not None
    assert (off.similar_cases.tau, off.similar_cases.weight) == (0.25, 0.2)


def test_a_second_start_reads_the_learnt_knowledge_and_its_cases_from_the_home_cache(tmp_path, reason_fixtures):
    """The next process (a second ``clinicite diagnose``) reads the knowledge base with the library from the
    home's cache instead of building it, and ranks and cites the same."""
    from clinicite.app import Clinicite
    from clinicite.reason.cache import RecordFile
    from clinicite.settings import load_settings

    settings = load_settings(home=tmp_path / "home", embedding_model="none", hpo_obo=reason_fixtures / "tiny.obo",
                             hpo_annotations=reason_fixtures / "tiny.hpoa",
                             similar_cases=reason_fixtures / "similar_cases")
    first, second = Clinicite(settings), Clinicite(settings)
    _, built = first.diagnose(observed=[NYSTAGMUS, TALL], literature=False, top=5)
    assert not isinstance(first.knowledge.diseases, RecordFile)
    _, loaded = second.diagnose(observed=[NYSTAGMUS, TALL], literature=False, top=5)
    assert isinstance(second.knowledge.diseases, RecordFile) and second.knowledge.learnt_from_cases
    assert (second.similar_cases.tau, second.similar_cases.weight) == (0.5, 0.3)
    assert len(second.similar_cases) == len(first.similar_cases)
    assert [(d.id, round(d.probability, 9)) for d in loaded.diagnoses] == \
        [(d.id, round(d.probability, 9)) for d in built.diagnoses]
    assert loaded.diagnoses[0].similar_cases == built.diagnoses[0].similar_cases


def test_the_phenomizer_share_favours_the_disease_whose_annotations_hold_the_findings(tiny_kb):
    """phenomizer_vote is a probability over disease groups led by the best-matching annotations, and the
    three-reader mixture stays a mixture: shares add up, and without a vote nothing changes."""
    from clinicite.reason.baseline import phenomizer_scores
    from clinicite.reason.similar_cases import phenomizer_vote
    share = phenomizer_vote(tiny_kb, [STRABISMUS, NYSTAGMUS], tiny_kb.n_groups)
    assert share.sum() == pytest.approx(1.0) and (share >= 0).all()
    rows = phenomizer_scores(tiny_kb, [STRABISMUS, NYSTAGMUS])
    assert int(np.argmax(share)) == int(tiny_kb.row_group[int(np.argmax(rows))])
    assert not phenomizer_vote(tiny_kb, ["HP:9999999"], tiny_kb.n_groups).any()     # no known finding
    model, votes = np.array([0.6, 0.3, 0.1]), np.array([0.0, 1.0, 0.0])
    mixed = mix_posterior(model, votes, 0.2, np.array([0.0, 0.0, 1.0]), 0.1)
    assert mixed == pytest.approx([0.42, 0.41, 0.17]) and mixed.sum() == pytest.approx(1.0)
    assert mix_posterior(model, np.zeros(3), 0.2, np.array([0.0, 0.0, 1.0]), 0.1) is model


def test_the_phenomizer_share_holds_one_publication_out(tmp_path, reason_fixtures):
    """Over the knowledge that learnt from the cases, a benchmark's hold-out also hides the publication's
    findings from the Phenomizer-style reader: OMIM:100007 is annotated only by PMID:15's patient."""
    from clinicite.app import Clinicite
    from clinicite.reason.baseline import phenomizer_scores
    from clinicite.settings import load_settings
    app = Clinicite(load_settings(home=tmp_path / "home", embedding_model="none", hpo_obo=reason_fixtures / "tiny.obo",
                                  hpo_annotations=reason_fixtures / "tiny.hpoa",
                                  similar_cases=reason_fixtures / "similar_cases"))
    kb, row = app.knowledge, app.knowledge.row_of["OMIM:100007"]
    assert phenomizer_scores(kb, [TALL])[row] > 0
    assert phenomizer_scores(kb, [TALL], held_out_publication="PMID:15")[row] == 0
    assert app.similar_cases.phenomizer_weight > 0
