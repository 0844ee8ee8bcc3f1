"""MEDLINE tagged text (PubMed's "MEDLINE" display format)."""

from __future__ import annotations

import gzip

from clinicite.ingest.document import Document, Problem
from clinicite.ingest.readers import read_path


def test_fields_continuations_and_structured_abstract(fixtures):
    path = fixtures / "ingest" / "medline_small.txt"
    events = list(read_path(path))
    first = events[0]
    assert isinstance(first, Document) and first.id == "pmid:32000001" and first.source == "pubmed"
    assert first.title == ("Fever and rash in a returning traveller: a structured approach to the "
                           "differential diagnosis.")
    assert [s.label for s in first.sections] == ["BACKGROUND", "METHODS", "RESULTS", "CONCLUSIONS"]
    assert first.sections[1].text == "We reviewed 120 invented cases."
    assert first.doi == "10.5555/travel.2020.15" and first.pmcid == "PMC7100001"
    assert (first.year, first.pub_date) == (2020, "2020-07-15")
    assert first.journal == "Invented journal of travel medicine"
    assert [(a.last_name, a.fore_name, a.initials) for a in first.authors[:2]] == [
        ("Haddad", "Rania", "R"), ("van der Berg", "Johannes Pieter", "JP")]
    assert first.authors[2].collective == "Travel Medicine Network"
    fever = first.mesh[0]
    assert (fever.descriptor, fever.major, fever.qualifiers) == ("Fever", True, ["diagnosis", "etiology"])
    travel = first.mesh[2]
    assert (travel.descriptor, travel.major, travel.qualifiers) == ("Travel", True, ["statistics & numerical data"])
    assert not first.mesh[1].major
    assert first.keywords == ["dengue", "returning traveller"]
    assert first.publication_types == ["Journal Article", "Review"]


def test_record_without_pmid_is_reported_by_line_and_the_rest_is_read(fixtures):
    path = fixtures / "ingest" / "medline_small.txt"
    lines = path.read_text().splitlines()
    events = list(read_path(path))
    problem = events[1]
    assert isinstance(problem, Problem)
    expected_line = lines.index("TI  - A record that lost its PMID line.") + 1
    assert problem.position == f"line {expected_line}"
    last = events[2]
    assert last.pmid == "32000002" and last.sections == [] and (last.year, last.pub_date) == (1999, "1999")
    assert last.language == "ger"


def test_gzip_and_cp1252_fallback(tmp_path, fixtures):
    raw = (fixtures / "ingest" / "medline_small.txt").read_text().replace("Haddad, Rania", "H\u00e9ddad, Rania")
    path = tmp_path / "export.nbib.gz"
    path.write_bytes(gzip.compress(raw.encode("cp1252")))
    events = list(read_path(path))
    assert events[0].authors[0].last_name == "H\u00e9ddad"
    notes = [e for e in events if isinstance(e, Problem) and "Windows-1252" in e.reason]
    assert len(notes) == 1 and notes[0].position.startswith("line ")
