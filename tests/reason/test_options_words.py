"""The case's words in an option's record prose (definitions, curated discriminators), weighed by BM25."""

from __future__ import annotations

import numpy as np
import pytest

from clinicite.reason import calibration
from clinicite.reason.engine import CaseInput
from clinicite.reason.knowledge import KnowledgeBase
from clinicite.reason.options import rank_options
from clinicite.reason.options_words import option_word_match, record_texts, stem

FEVER = "HP:0001945"
CASE = ("A 70-year-old retired shipyard worker has had fever and dyspnoea on exertion for a month. "
        "Which of the following is the most likely diagnosis?\nA. Fibre lung disease W\nB. Waterborne fever V")


@pytest.fixture(scope="module")
def fibre_kb(reason_fixtures) -> KnowledgeBase:
    return KnowledgeBase.from_files(hpo_obo=reason_fixtures / "bone.obo", hpoa=reason_fixtures / "bone.hpoa",
                                    orphapackets=reason_fixtures / "options_words_orphanet.jsonl")


def test_the_case_words_a_definition_states_are_found_and_its_name_is_not_counted(fibre_kb):
    match = option_word_match(fibre_kb, CASE, "Fibre lung disease W", "ORPHA:900201")
    assert match is not None and match.records == ("ORPHA:900201",)
    assert "shipyard" in match.words and "dyspnea" in match.words      # one spelling
    # "fever" is in the other record's name: only the option's own names are left out, so it counts here ...
    assert "fever" in match.words
    other = option_word_match(fibre_kb, CASE, "Waterborne fever V", "ORPHA:900202")
    # ... but not for the record called "Waterborne fever V", nor the pasted options block's words
    assert other is None or ("fever" not in other.words and "shipyard" not in other.words)
    assert (other.score if other else 0.0) < match.score


def test_an_option_without_any_record_prose_has_no_word_evidence(fibre_kb):
    assert record_texts(fibre_kb, ["OMIM:900003"]) == [] or all(t.text for t in record_texts(fibre_kb, ["OMIM:900003"]))
    assert option_word_match(fibre_kb, CASE, "Something unheld", None, None) is None


def test_stems_join_forms_of_one_word():
    assert stem("smoking") == stem("smoker") == "smok"
    assert stem("fibres") != stem("fibrosis")


def test_rank_options_weighs_the_words_and_shows_them_on_the_row(fibre_kb, monkeypatch):
    options = ["Fibre lung disease W", "Waterborne fever V"]
    case = CaseInput([FEVER], age_years=70, text=CASE)
    monkeypatch.setitem(calibration.OPTIONS_MAP, "words", 0.0)
    level = rank_options(fibre_kb, case, options)
    assert abs(level.diagnoses[0].probability - level.diagnoses[1].probability) < 1e-9   # fever alone: a tie
    monkeypatch.setitem(calibration.OPTIONS_MAP, "words", 0.2)
    weighed = rank_options(fibre_kb, case, options)
    assert weighed.diagnoses[0].name == "Fibre lung disease W"
    assert weighed.diagnoses[0].probability > 0.6
    line = next(w for w in weighed.diagnoses[0].for_ if w.hpo_id is None and "shipyard" in w.label)
    assert "ORPHA:900201" in line.label and line.weight > 0


def test_fit_options_gives_words_a_weight_only_when_they_tell_the_answer():
    # two covered options level on findings and prior; the answer is always the one whose prose shares words
    cases = [([(0.0, -5.0), (0.0, -5.0)], i % 2, [3.0, 0.0] if i % 2 == 0 else [0.0, 3.0]) for i in range(20)]
    fitted, loss = calibration.fit_options(cases)
    assert fitted["words"] > 0 and loss < np.log(2)
    noise = [([(0.0, -5.0), (0.0, -5.0)], i % 2, [3.0, 0.0] if i % 4 < 2 else [0.0, 3.0]) for i in range(20)]
    assert calibration.fit_options(noise)[0]["words"] == 0.0


def test_a_word_the_case_denies_never_weighs_for_an_option(fibre_kb):
    denied = CASE.replace("has had fever and dyspnoea on exertion", "has no dyspnoea; he denies fever")
    match = option_word_match(fibre_kb, denied, "Fibre lung disease W", "ORPHA:900201")
    assert match is not None and "shipyard" in match.words
    assert "dyspnea" not in match.words and "fever" not in match.words


def test_a_capitalised_word_and_the_questions_own_words_are_read_as_they_are():
    from clinicite.reason.options_words import words_of
    assert words_of("Dyspnoea. Which of the following is the most likely diagnosis?") == {"dyspnea"}


def test_the_patients_sex_and_age_group_are_no_word_evidence():
    # the options' priors weigh age and sex already; "woman" in a lupus record's prose must not count them again
    from clinicite.reason.options_words import words_of
    found = words_of("A young woman and her infant; the girl works in a shipyard; adults and women alike")
    assert {"young", "shipyard"} <= found
    assert not found & {"woman", "women", "infant", "girl", "adult"}
