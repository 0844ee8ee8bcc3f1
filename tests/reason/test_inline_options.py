"""Options written inline in the question ("is this A, B or C?") are the asker's candidates: their names are
neither case words weighed for an option, nor a stated exposure of a curated cause."""

from __future__ import annotations

import pytest

from clinicite.reason.case_words import without_options
from clinicite.reason.engine import CaseInput, build_differential
from clinicite.reason.knowledge import KnowledgeBase
from clinicite.reason.options_words import option_word_match

METAPHYSEAL_SCLEROSIS = "HP:0004979"
BISPHOSPHONATE = "CLINICITE:bisphosphonate-lines"


@pytest.fixture(scope="module")
def fibre_kb(reason_fixtures) -> KnowledgeBase:
    return KnowledgeBase.from_files(hpo_obo=reason_fixtures / "bone.obo", hpoa=reason_fixtures / "bone.hpoa",
                                    orphapackets=reason_fixtures / "options_words_orphanet.jsonl")


def test_inline_and_lettered_options_are_blanked_with_offsets_kept():
    inline = "A 2-year-old has bowed legs. Is this rickets, scurvy or lead poisoning?"
    blanked = without_options(inline)
    assert len(blanked) == len(inline) and blanked.startswith("A 2-year-old has bowed legs.")
    assert "rickets" not in blanked and "scurvy" not in blanked and "lead" not in blanked
    lettered = "A woman has a rash. Which is the most likely diagnosis?\nA. Lupus\nB. Psoriasis"
    assert "Lupus" not in without_options(lettered) and "rash" in without_options(lettered)
    plain = "A man has had fever for a week."
    assert without_options(plain) == plain and without_options(None) == ""


def test_an_inline_options_words_do_not_weigh_for_another_option(fibre_kb):
    # "fever" is in the record prose of "Fibre lung disease W", but here it is only in the other option's name
    case = ("A 70-year-old retired shipyard worker has had dyspnoea on exertion for a month. "
            "Is this fibre lung disease W or waterborne fever V?")
    match = option_word_match(fibre_kb, case, "Fibre lung disease W", "ORPHA:900201")
    assert match is not None and "shipyard" in match.words
    assert "fever" not in match.words
    told = case.replace("has had dyspnoea", "has had fever and dyspnoea")
    assert "fever" in option_word_match(fibre_kb, told, "Fibre lung disease W", "ORPHA:900201").words


def test_an_option_naming_a_drug_does_not_state_the_patients_exposure(bone_kb):
    asked = "Metaphyseal sclerosis in a 1.5-year-old. Is it scurvy or pamidronate-induced lines?"
    rows = {d.id: d for d in build_differential(bone_kb, CaseInput([METAPHYSEAL_SCLEROSIS], age_years=1.5,
                                                                  text=asked), top=15).diagnoses}
    assert not any(w.label.startswith("History of bisphosphonate treatment:") for w in rows[BISPHOSPHONATE].for_)
    told = "Metaphyseal sclerosis in a 1.5-year-old on pamidronate for osteogenesis imperfecta."
    first = build_differential(bone_kb, CaseInput([METAPHYSEAL_SCLEROSIS], age_years=1.5, text=told), top=15)
    assert first.diagnoses[0].for_[0].label == "History of bisphosphonate treatment: 'pamidronate'"
