"""Round 13: the choice between a term and its child when HPO gives both the same words (ties13.obo).

Under a finding the general term keeps the words (the child would be a guess); under a grouping term
("Aplasia/Hypoplasia of ...") the child takes them; a stronger name still beats a weaker one."""

from __future__ import annotations

from pathlib import Path

import pytest

from clinicite.ingest.hpo import read_obo
from clinicite.understand import ConceptRecognizer


@pytest.fixture(scope="module")
def recognizer():
    return ConceptRecognizer(read_obo(Path(__file__).resolve().parents[1] / "fixtures" / "understand" / "ties13.obo"))


def ids(recognizer, text):
    return [f.hpo_id for f in recognizer.recognize(text)]


def test_a_tie_under_a_finding_keeps_the_general_term(recognizer):
    # "eyelid" and "eyelids" fold to one word: the plural that made the synonym bilateral is gone
    assert ids(recognizer, "She had a drooping upper eyelid.") == ["HP:0000508"]
    assert ids(recognizer, "drooping upper eyelids") == ["HP:0000508"]
    # the labels stay their own terms
    assert ids(recognizer, "bilateral ptosis") == ["HP:0001488"]


def test_a_tie_under_a_grouping_goes_to_the_child(recognizer):
    assert ids(recognizer, "aplasia of the thumb") == ["HP:0009777"]
    assert ids(recognizer, "thumb aplasia") == ["HP:0009777"]


def test_a_stronger_name_still_wins(recognizer):
    # the child's EXACT synonym against the parent's RELATED one: no tie, the child's
    assert ids(recognizer, "a cloudy cornea") == ["HP:0007759"]
