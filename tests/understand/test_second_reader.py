"""FastHPOCR as a second reader (clinicite.understand.second_reader), on the small real-name ontology of
tests/fixtures/understand/grouping_words.obo; skipped when the optional ``fasthpocr`` package is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

from clinicite.ingest.hpo import read_obo
from clinicite.understand.facts import Finding
from clinicite.understand.second_reader import SecondReader, build_index, fill_gaps

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "understand" / "grouping_words.obo"


def finding(hpo_id: str, start: int, end: int) -> Finding:
    return Finding(hpo_id=hpo_id, label=hpo_id, text="", start=start, end=end)


def test_the_second_reader_adds_only_what_clinicite_read_no_words_for():
    own = [finding("HP:0001252", 10, 19)]
    other = [finding("HP:0003808", 8, 19), finding("HP:0000568", 30, 44), finding("HP:0000218", 0, 5)]
    merged = fill_gaps(own, other)
    assert [f.hpo_id for f in merged] == ["HP:0000218", "HP:0001252", "HP:0000568"]   # reading order
    assert fill_gaps(own, []) == own


def test_fasthpocr_index_is_built_once_and_reads_the_ontology(tmp_path):
    pytest.importorskip("FastHPOCR", reason="the optional fasthpocr package is not installed")
    ontology = read_obo(FIXTURE)
    index = build_index(FIXTURE, tmp_path / "fasthpocr")
    assert index.is_file() and build_index(FIXTURE, tmp_path / "fasthpocr") == index      # cached
    reader = SecondReader(ontology, index)
    found = reader.recognize("The boy had hypotonia and microphthalmia.")
    assert {f.hpo_id for f in found} == {"HP:0001252", "HP:0000568"}
    assert all(f.text.lower() in ("hypotonia", "microphthalmia") for f in found)
