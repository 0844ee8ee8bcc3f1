"""MEDLINE/PubMed XML reader on hand-written fixtures and damaged inputs."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from clinicite.ingest.document import Deletion, Document, Problem
from clinicite.ingest.readers import read_path
from clinicite.settings import load_settings


def _events(path: Path, **settings):
    return list(read_path(path, load_settings(**settings) if settings else None))


def _article(pmid: int, title: str = "An invented title.", abstract: str = "Invented abstract.") -> bytes:
    return (f'<PubmedArticle><MedlineCitation><PMID Version="1">{pmid}</PMID><Article>'
            f'<Journal><Title>Invented J</Title><JournalIssue><PubDate><Year>2020</Year></PubDate>'
            f'</JournalIssue></Journal><ArticleTitle>{title}</ArticleTitle><Abstract><AbstractText>'
            f'{abstract}</AbstractText></Abstract></Article></MedlineCitation></PubmedArticle>').encode()


def _set(*articles: bytes) -> bytes:
    return b'<?xml version="1.0"?>\n<PubmedArticleSet>\n' + b"\n".join(articles) + b"\n</PubmedArticleSet>\n"


def test_structured_record_fields(fixtures):
    events = _events(fixtures / "ingest" / "pubmed_small.xml")
    first = events[0]
    assert isinstance(first, Document)
    assert (first.id, first.source, first.pmid, first.pmid_version) == ("pmid:31000001", "pubmed", "31000001", 1)
    # inline markup kept as plain text
    assert first.title == "Hypotonia and de novo variants in CO2-sensing channels: a case series."
    assert [s.label for s in first.sections] == ["BACKGROUND", "PATIENTS AND METHODS", "RESULTS", None]
    assert all(s.kind == "abstract" for s in first.sections)
    assert "seizures before 6 months" in first.sections[2].text
    assert first.journal == "Journal of rare paediatric disorders"
    assert (first.year, first.pub_date) == (2019, "2019-03-07")
    assert first.doi == "10.5555/jrpd.2019.0001" and first.pmcid == "PMC7000001"
    assert [a.display for a in first.authors] == ["Okafor AM", "Lindqvist P", "Rare Hypotonia Study Group"]
    assert first.authors[0].affiliation.startswith("Department of Paediatrics")
    assert first.publication_types == ["Case Reports", "Journal Article"]
    hypotonia = next(m for m in first.mesh if m.descriptor == "Muscle Hypotonia")
    assert hypotonia.major and hypotonia.qualifiers == ["diagnosis", "genetics"] and hypotonia.descriptor_id == "D009123"
    assert not next(m for m in first.mesh if m.descriptor == "Humans").major
    assert first.keywords == ["hypotonia", "exome sequencing"]
    assert first.language == "eng"
    # text offsets point at the sections
    for section in first.sections:
        assert first.text[section.start:section.end] == section.text


def test_title_only_medline_date_and_ids_from_article_id_list(fixtures):
    second = _events(fixtures / "ingest" / "pubmed_small.xml")[1]
    assert second.sections == [] and second.text == "A title-only record without an abstract."
    assert (second.year, second.pub_date) == (1998, "1998")
    assert second.journal == "Bull Invent Soc"
    assert second.doi == "10.5555/bis.1998.77" and second.pmcid == "PMC7000002"
    assert second.language == "fre"


def test_duplicates_books_and_deletions_in_file_order(fixtures):
    events = _events(fixtures / "ingest" / "pubmed_small.xml")
    kinds = [type(e).__name__ for e in events]
    assert kinds == ["Document", "Document", "Document", "Document", "Deletion", "Deletion"]
    assert [e.id for e in events[:4]] == ["pmid:31000001", "pmid:31000002", "pmid:31000001", "pmid:20301999"]
    assert events[2].pmid_version == 2  # both versions are yielded; the store keeps the last
    book = events[3]
    assert book.title == "Congenital Hypotonia Overview" and book.journal == "Example Reviews of Genetic Conditions"
    assert [s.label for s in book.sections] == ["CLINICAL CHARACTERISTICS", "DIAGNOSIS/TESTING"]
    assert [e.document_id for e in events[4:]] == ["pmid:29000001", "pmid:29000002"]


def test_gzip_is_read_by_content_not_name(tmp_path, fixtures):
    packed = tmp_path / "download.bin"
    packed.write_bytes(gzip.compress((fixtures / "ingest" / "pubmed_small.xml").read_bytes()))
    assert [e.id for e in _events(packed) if isinstance(e, Document)][:2] == ["pmid:31000001", "pmid:31000002"]


def test_truncated_gzip_keeps_records_before_the_break(tmp_path):
    data = gzip.compress(_set(*[_article(40000000 + i, abstract="word " * 200) for i in range(400)]))
    broken = tmp_path / "broken.xml.gz"
    broken.write_bytes(data[: len(data) // 2])
    events = _events(broken)
    documents = [e for e in events if isinstance(e, Document)]
    assert 0 < len(documents) < 400
    assert [d.pmid for d in documents] == [str(40000000 + i) for i in range(len(documents))]
    assert isinstance(events[-1], Problem) and "ends early" in events[-1].reason
    assert events[-1].position.startswith("byte ")


def test_invalid_xml_after_good_records(tmp_path):
    path = tmp_path / "bad.xml"
    path.write_bytes(_set(_article(1), _article(2), _article(3)).replace(
        b"</PubmedArticleSet>", b"<PubmedArticle><MedlineCitation></Oops></PubmedArticleSet>"))
    events = _events(path)
    assert [e.pmid for e in events[:3]] == ["1", "2", "3"]
    assert isinstance(events[3], Problem) and events[3].position.startswith("line ")
    assert "after 3 good record(s)" in events[3].reason and len(events) == 4


def test_record_without_pmid_is_a_problem_and_reading_continues(tmp_path):
    path = tmp_path / "nopmid.xml"
    broken = _article(5).replace(b'<PMID Version="1">5</PMID>', b"")
    path.write_bytes(_set(_article(4), broken, _article(6)))
    events = _events(path)
    assert [type(e).__name__ for e in events] == ["Document", "Problem", "Document"]
    assert events[1].position == "record 2" and "PMID" in events[1].reason


def test_wrong_declared_encoding_is_a_problem_not_a_crash(tmp_path):
    # Declared (by default) UTF-8, but record 2 holds a raw Latin-1 byte: it is replaced, and no record is lost
    # (issue 13, item 10: one bad byte never stops the others).
    path = tmp_path / "latin.xml"
    path.write_bytes(_set(_article(7), _article(8, title="Caf\xe9 au lait spots"), _article(9)).replace(
        "Caf\xe9".encode(), "Caf\xe9".encode("latin-1")))
    events = _events(path)
    assert [e.pmid for e in events if isinstance(e, Document)] == ["7", "8", "9"]
    assert [e for e in events if isinstance(e, Document)][1].title.startswith("Caf\ufffd au lait")
    assert isinstance(events[-1], Problem) and "invalid UTF-8 replaced" in events[-1].reason


def test_encoding_declared_in_prolog_is_honoured(tmp_path):
    path = tmp_path / "declared.xml"
    body = _set(_article(9, title="Caf\xe9 au lait spots")).replace(b'<?xml version="1.0"?>',
                                                                   b'<?xml version="1.0" encoding="ISO-8859-1"?>')
    path.write_bytes(body.decode("utf-8").encode("latin-1"))
    (document,) = _events(path)
    assert document.title == "Caf\xe9 au lait spots"


def test_record_over_the_byte_cap_is_reported(tmp_path):
    path = tmp_path / "big.xml"
    path.write_bytes(_set(_article(10), _article(11, abstract="x" * 300_000), _article(12)))
    events = _events(path, max_record_bytes=100_000)
    assert isinstance(events[0], Document) and events[0].pmid == "10"
    assert isinstance(events[-1], Problem) and "max_record_bytes" in events[-1].reason


def test_text_node_over_libxml2_default_limit_is_read_with_huge_tree(tmp_path):
    # libxml2 refuses text nodes over 10 MB unless huge_tree is on; the byte cap still applies.
    abstract = "hypotonia " * 1_200_000
    path = tmp_path / "long.xml"
    path.write_bytes(_set(_article(13, abstract=abstract), _article(14)))
    events = _events(path)
    assert [e.pmid for e in events] == ["13", "14"]
    assert len(events[0].sections[0].text) == len(abstract.strip())


def test_non_pubmed_root_is_reported(tmp_path):
    path = tmp_path / "efetch_error.xml"
    path.write_bytes(b"<eFetchResult><ERROR>Empty result</ERROR></eFetchResult>")
    from clinicite.ingest.medline import read_medline_xml_path
    (problem,) = list(read_medline_xml_path(path))
    assert isinstance(problem, Problem) and "eFetchResult" in problem.reason


def test_deletions_only_file(tmp_path):
    path = tmp_path / "deletions.xml"
    path.write_bytes(b"<PubmedArticleSet><DeleteCitation><PMID Version=\"1\">1</PMID>"
                     b"<PMID Version=\"1\">2</PMID></DeleteCitation></PubmedArticleSet>")
    events = _events(path)
    assert all(isinstance(e, Deletion) for e in events) and [e.document_id for e in events] == ["pmid:1", "pmid:2"]


@pytest.mark.slow
def test_a_200_mb_abstract_is_refused_over_the_cap_and_read_under_it(tmp_path):
    """One 200 MB record: over a 64 MB cap it is a Problem (reading stops early, memory stays
    bounded); with the default 256 MB cap it is read whole thanks to huge_tree."""
    path = tmp_path / "huge.xml"
    chunk = b"hypotonia " * 100_000  # 1 MB
    with path.open("wb") as out:
        out.write(b'<?xml version="1.0"?>\n<PubmedArticleSet>' + _article(1) + b"<PubmedArticle><MedlineCitation>"
                  b'<PMID Version="1">2</PMID><Article><ArticleTitle>Huge</ArticleTitle><Abstract><AbstractText>')
        for _ in range(200):
            out.write(chunk)
        out.write(b"</AbstractText></Abstract></Article></MedlineCitation></PubmedArticle>" + _article(3)
                  + b"</PubmedArticleSet>")
    capped = _events(path, max_record_bytes=64 * 1024 * 1024)
    assert [type(e) for e in capped] == [Document, Problem] and capped[1].position == "record 2"
    whole = [e.pmid if isinstance(e, Document) else e for e in _events(path)]
    assert whole == ["1", "2", "3"]
