"""Parsing in a second process (clinicite.ingest.read_ahead) gives exactly the events of a sequential read."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from clinicite.errors import InputError

from clinicite.ingest.document import Document
from clinicite.ingest.read_ahead import BATCH, read_ahead
from clinicite.ingest.readers import read_path

RECORD = """<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM"><PMID Version="{version}">{pmid}</PMID>
<Article PubModel="Print"><Journal><JournalIssue><PubDate><Year>2021</Year></PubDate></JournalIssue>
<Title>Pediatric Radiology</Title></Journal><ArticleTitle>Case {pmid}: periosteal reaction of the tibia</ArticleTitle>
<Abstract><AbstractText Label="BACKGROUND">Record {pmid} describes lamellated periosteal reaction.</AbstractText>
<AbstractText Label="CONCLUSIONS">Magnetic resonance imaging (MRI) helped in case {pmid}.</AbstractText></Abstract>
<Language>eng</Language></Article></MedlineCitation></PubmedArticle>
"""


def write_file(path: Path, pmids: range, deletions: tuple[int, ...] = (), version: int = 1) -> Path:
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write('<?xml version="1.0" encoding="UTF-8"?>\n<PubmedArticleSet>\n')
        handle.writelines(RECORD.format(pmid=p, version=version) for p in pmids)
        if deletions:
            handle.write("<DeleteCitation>" + "".join(f'<PMID Version="1">{p}</PMID>' for p in deletions)
                         + "</DeleteCitation>\n")
        handle.write("</PubmedArticleSet>\n")
    return path


def comparable(event) -> tuple:
    if isinstance(event, Document):
        if not event.text:
            event.assemble()
        return ("document", event.to_dict())
    return (type(event).__name__, vars(event))


def test_events_equal_a_sequential_read_across_files(tmp_path):
    files = [write_file(tmp_path / "pubmed26n0001.xml.gz", range(1, 2 * BATCH + 7)),
             write_file(tmp_path / "pubmed26n0002.xml.gz", range(5, 40), deletions=(1, 2), version=2)]
    broken = tmp_path / "pubmed26n0003.xml"
    broken.write_text('<?xml version="1.0"?>\n<PubmedArticleSet>\n' + RECORD.format(pmid=900, version=1)
                      + "<PubmedArticle><MedlineCitation><PMID>901</PMID><Article>", encoding="utf-8")
    files.append(broken)
    expected = [(path, [comparable(e) for e in read_path(path)]) for path in files]
    got = [(path, [comparable(e) for e in events]) for path, events in read_ahead(files)]
    assert [p for p, _ in got] == files
    assert got == expected
    # The third file's damage arrives as a Problem after its good record, as in a sequential read.
    kinds = [kind for kind, _ in got[2][1]]
    assert kinds[0] == "document" and kinds[-1] == "Problem"
    assert [kind for kind, _ in got[1][1]].count("Deletion") == 2


def test_stopping_early_ends_the_child(tmp_path):
    files = [write_file(tmp_path / f"pubmed26n000{n}.xml.gz", range(1, 3 * BATCH)) for n in (1, 2)]
    stream = read_ahead(files)
    path, events = next(stream)
    first = next(events)
    assert isinstance(first, Document) and path == files[0]
    frame = stream.gi_frame
    child = frame.f_locals["child"]
    stream.close()
    assert child.process.poll() is not None, "the parsing process outlived the ingest that stopped"


def test_a_reader_error_in_the_child_is_raised_in_the_writer(tmp_path):
    absent = tmp_path / "pubmed26n0009.xml"
    with pytest.raises(InputError) as sequential:
        list(read_path(absent))
    with pytest.raises(InputError) as ahead:
        for _path, events in read_ahead([absent]):
            list(events)
    assert str(ahead.value) == str(sequential.value)


def test_an_ingest_read_ahead_stores_what_a_sequential_one_does(tmp_path, monkeypatch):
    """Through the real app: the same documents, hashes, revisions, deletions and passages either way."""
    from sqlalchemy import select

    import clinicite.ingest.read_ahead as read_ahead_module
    from clinicite.app import Clinicite
    from clinicite.store.models import DocumentRow, PassageRow

    corpus = tmp_path / "baseline"
    corpus.mkdir()
    write_file(corpus / "pubmed26n0001.xml.gz", range(1, 400))
    write_file(corpus / "pubmed26n0002.xml.gz", range(350, 420), deletions=(3, 360), version=2)

    def store(name: str, ahead: bool):
        monkeypatch.setattr(read_ahead_module, "worth_reading_ahead", lambda paths: ahead)
        core = Clinicite(home=tmp_path / name, embedding_model="none")
        summary = core.ingest([corpus])
        with core.database.session() as session:
            documents = session.execute(select(DocumentRow.id, DocumentRow.content_hash, DocumentRow.revision,
                                               DocumentRow.deleted, DocumentRow.indexed_revision)
                                        .order_by(DocumentRow.id)).all()
            passages = session.execute(select(PassageRow.document_id, PassageRow.start, PassageRow.end,
                                              PassageRow.text).order_by(PassageRow.id)).all()
        hits = [(hit.document_id, hit.start) for hit in core.index.search("lamellated periosteal reaction", k=5,
                                                                     mode="lexical")]
        core.close()
        return summary.to_dict(), documents, passages, hits

    sequential, ahead = store("sequential", False), store("ahead", True)
    assert sequential[0]["added"] == 419 and sequential[0]["deleted"] == 2
    assert sequential[3] and ahead == sequential


def test_read_ahead_only_when_a_core_is_free(tmp_path, monkeypatch):
    import clinicite.ingest.read_ahead as read_ahead_module
    big = tmp_path / "pubmed26n0001.xml.gz"
    big.write_bytes(b"x" * (read_ahead_module.MIN_BYTES + 1))
    monkeypatch.setattr(read_ahead_module.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(read_ahead_module, "_load_average", lambda: 0.3)
    assert read_ahead_module.worth_reading_ahead([big])
    monkeypatch.setattr(read_ahead_module, "_load_average", lambda: 6.0)     # others keep both cores busy
    assert not read_ahead_module.worth_reading_ahead([big])
    monkeypatch.setattr(read_ahead_module, "_load_average", lambda: 0.3)
    small = tmp_path / "small.xml"
    small.write_bytes(b"x" * 100)
    assert not read_ahead_module.worth_reading_ahead([small])


def test_read_ahead_does_not_count_its_own_process_as_load(tmp_path, monkeypatch):
    """A process that has itself been busy (a benchmark, a long-lived app) sees its own work in the load
    average; only the others' load may turn read-ahead off."""
    import clinicite.ingest.read_ahead as read_ahead_module
    big = tmp_path / "pubmed26n0001.xml.gz"
    big.write_bytes(b"x" * (read_ahead_module.MIN_BYTES + 1))
    monkeypatch.setattr(read_ahead_module.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(read_ahead_module, "_load_average", lambda: 1.1)
    monkeypatch.setattr(read_ahead_module, "_own_load", lambda: 0.9)        # the load is this process's own
    assert read_ahead_module.worth_reading_ahead([big])
    monkeypatch.setattr(read_ahead_module, "_own_load", lambda: 0.0)        # the load is another process's
    assert not read_ahead_module.worth_reading_ahead([big])


def test_own_load_follows_this_process_cpu_use():
    import time

    import clinicite.ingest.read_ahead as read_ahead_module
    before = read_ahead_module._own_load()
    started = time.process_time()
    while time.process_time() - started < 0.3:      # busy for a moment: the estimate must grow, within bounds
        pass
    after = read_ahead_module._own_load()
    assert 0.0 <= before < after <= (read_ahead_module.os.cpu_count() or 1)


def test_documents_arrive_with_their_stored_json_and_hash(tmp_path):
    """The child serialises and hashes each document; the writer gets those bytes and the same document."""
    import hashlib

    from clinicite.ingest.document import serialise
    path = write_file(tmp_path / "pubmed26n0001.xml.gz", range(1, 30))
    sequential = [e for e in read_path(path) if isinstance(e, Document)]
    ahead = [e for _p, events in read_ahead([path]) for e in events]
    assert len(ahead) == len(sequential) == 29
    for got, expected in zip(ahead, sequential):
        expected.assemble()
        # The writer's light copy: the fields it reads, and the whole document as its dict.
        assert got.to_dict() == expected.to_dict() and got.origin == expected.origin == str(path)
        assert Document.from_dict(got.to_dict()) == Document.from_dict(expected.to_dict())
        for name in ("id", "source", "title", "text", "sections", "pmid", "pmid_version", "pmcid", "doi", "year",
                     "language", "publication_types"):
            assert getattr(got, name) == getattr(expected, name), name
        assert got.prepared is not None and got.prepared.partial and expected.prepared is None
        assert got.prepared.payload == serialise(expected.to_dict())
        assert got.prepared.content_hash == hashlib.sha256(got.prepared.payload).hexdigest() == expected.content_hash
        assert "prepared" not in got.to_dict()


def test_the_stored_form_reads_back_an_integer_beyond_64_bits_exactly():
    """orjson refuses such an integer on writing and reads it as a float: the standard codec takes both ways."""
    from clinicite.ingest.document import Section, from_stored_form, stored_form
    document = Document(id="pmid:1", source="pubmed", title="T", sections=[Section("Body.")],
                        year=2 ** 70, origin="/x.xml").assemble()
    payload, by_orjson = stored_form(document)
    assert not by_orjson
    back = from_stored_form(payload, by_orjson, "/x.xml")
    assert back == document and back.year == 2 ** 70 and back.origin == "/x.xml"
    small = Document(id="pmid:2", source="pubmed", title="T", sections=[Section("Body.")], year=2020).assemble()
    payload, by_orjson = stored_form(small)
    assert by_orjson and from_stored_form(payload, by_orjson, None) == small


def test_a_section_text_that_is_not_its_span_travels_whole():
    """A reader that set the text itself: the writer still gets each section's own text."""
    from clinicite.ingest.document import Section
    from clinicite.ingest.read_ahead import _pack, _unpack
    document = Document(id="pmid:3", source="pubmed", title="T", text="T\n\nOne. Two.",
                        sections=[Section("One.", start=3, end=7), Section("Other words", start=8, end=12)])
    light = _unpack(_pack(document))
    assert [s.text for s in light.sections] == ["One.", "Other words"]
    assert light.to_dict() == document.to_dict() and light.text == document.text
