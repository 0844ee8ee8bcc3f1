"""The ORPHApacket reader on a small fixture with list-shaped and single-object sections."""

from __future__ import annotations

import json

import pytest

from clinicite.errors import InputError
from clinicite.ingest.document import Problem
from clinicite.ingest.orphanet import orphanet_frequency, read_orphanet, read_orphapackets


@pytest.fixture
def events(reason_fixtures):
    return list(read_orphapackets(reason_fixtures / "orphanet_invented.jsonl"))


def records(events):
    return {e.id: e for e in events if not isinstance(e, Problem)}


def test_malformed_packets_become_problems_and_reading_goes_on(events):
    problems = [e for e in events if isinstance(e, Problem)]
    assert [p.position for p in problems] == ["line 3", "line 5"]
    assert "ORPHApacket" in problems[0].reason
    assert set(records(events)) == {"ORPHA:200001", "ORPHA:200002", "ORPHA:200003", "ORPHA:200004"}


def test_list_shaped_sections(events):
    record = records(events)["ORPHA:200001"]
    assert record.name == "Common tall stature"
    assert record.synonyms == ["Familial tallness", "Tall stature, common form"]
    assert record.definition.startswith("A common growth disorder")
    assert record.inheritance == ["Autosomal dominant"]          # "Unknown" carries no knowledge
    assert record.onset == ["Childhood", "Adolescent"]
    assert [(p.prevalence_class, p.prevalence_type, p.geographic) for p in record.prevalence] == [
        ("1-5 / 10 000", "Point prevalence", "Worldwide"), ("1-9 / 100 000", "Prevalence at birth", "Europe")]
    assert record.genes == ["TALL1"]
    assert record.disorder_type == "Disease"
    tall, intellectual = record.phenotypes
    assert (tall.hpo_id, tall.frequency, tall.excluded) == ("HP:0000098", 0.895, False)
    assert (intellectual.frequency, intellectual.excluded) == (0.0, True)   # "Excluded (0%)"
    assert record.xrefs == []                                      # a narrower mapping is not an equivalence


def test_single_object_sections(events):
    record = records(events)["ORPHA:200002"]
    assert record.inheritance == ["Autosomal recessive"]
    assert record.onset == ["Adult"]
    assert record.prevalence[0].prevalence_class == "<1 / 1 000 000"
    eye = records(events)["ORPHA:200003"]
    assert eye.definition.startswith("A rare eye movement disorder")   # TextSection as a list
    assert eye.prevalence[0].prevalence_type == "Cases/families" and eye.prevalence[0].value == 12.0
    assert eye.phenotypes[0].frequency == 1.0


def test_only_exact_omim_mappings_are_equivalences(reason_fixtures):
    found, mappings, problems = read_orphanet(reason_fixtures / "orphanet_invented.jsonl")
    assert found["ORPHA:200003"].xrefs == ["OMIM:100002"]
    assert ("ORPHA:200003", "OMIM:999999", "BTNT") in mappings
    assert ("ORPHA:200001", "OMIM:300001", "NTBT") in mappings
    assert len(problems) == 2


def test_folder_of_json_files_and_gzip(tmp_path, reason_fixtures):
    import gzip
    lines = (reason_fixtures / "orphanet_invented.jsonl").read_text().splitlines()
    folder = tmp_path / "packets"
    folder.mkdir()
    (folder / "200002.json").write_text(json.dumps(json.loads(lines[1]), indent=2))
    assert [r.id for r in read_orphapackets(folder)] == ["ORPHA:200002"]
    packed = tmp_path / "packets.jsonl.gz"
    with gzip.open(packed, "wt") as handle:
        handle.write(lines[0] + "\n")
    assert [r.name for r in read_orphapackets(packed)] == ["Common tall stature"]


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError):
        list(read_orphapackets(tmp_path / "absent.jsonl.gz"))


@pytest.mark.parametrize("label, value", [("Very frequent (99-80%)", 0.895), ("Frequent (79-30%)", 0.545),
                                          ("Occasional (29-5%)", 0.17), ("Very rare (<4-1%)", 0.025),
                                          ("Obligate (100%)", 1.0), ("Excluded (0%)", 0.0), ("Sometimes", None)])
def test_frequency_classes(label, value):
    assert orphanet_frequency(label) == value
