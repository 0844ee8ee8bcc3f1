"""Round 15 recognition fixes on a small hand-built ontology (concepts15.obo)."""

from __future__ import annotations

from pathlib import Path

import pytest

from clinicite.ingest.hpo import read_obo
from clinicite.understand import ConceptRecognizer


@pytest.fixture(scope="module")
def recognizer():
    return ConceptRecognizer(read_obo(Path(__file__).resolve().parents[1] / "fixtures" / "understand" / "concepts15.obo"))


def ids(recognizer, text):
    return [f.hpo_id for f in recognizer.recognize(text)]


def test_an_inverted_name_with_a_comma_crosses_no_conjunction(recognizer):
    # "Diarrhea, recurrent" is one name, not a name that joins words with "and"
    assert ids(recognizer, "He had diarrhea and recurrent pneumonia.") == ["HP:0002014", "HP:0006532"]
    assert ids(recognizer, "chronic diarrhea and recurrent pneumonia") == ["HP:0002028", "HP:0006532"]


def test_an_inverted_name_still_reads_across_its_own_comma(recognizer):
    assert ids(recognizer, "Diarrhea, recurrent.") == ["HP:0002028"]
    assert ids(recognizer, "short stature and hypotonia") == ["HP:0004322", "HP:0001252"]
