"""A document's stored JSON (stored_form) is byte for byte the serialised to_dict, so content hashes of
homes written before stay valid and re-ingesting them finds every record unchanged."""

from __future__ import annotations

from clinicite.ingest.document import (Author, BibliographyEntry, Document, MeshHeading, Prepared, Section,
                                       serialise, stored_form)
from clinicite.ingest.readers import read_path


def _invented() -> Document:
    return Document(
        id="pmid:36000001", source="pubmed", title="An invented title (IT) about Sjögren syndrome",
        sections=[Section("Background text.", "BACKGROUND"), Section("Results text.", "RESULTS", path="Results")],
        pmid="36000001", pmid_version=2, journal="Invented Journal", year=2021, pub_date="2021-03",
        authors=[Author("Doe", "Jane", "J"), Author(collective="The Invented Group")],
        publication_types=["Journal Article"], keywords=["fever"], language="eng",
        mesh=[MeshHeading("Fever", "D005334", True, ["diagnosis", "therapy"])],
        references=[BibliographyEntry("1", "An invented reference.", pmid="1")], origin="/tmp/where.xml",
        corrections=[{"type": "RetractionIn", "pmid": "2", "note": "invented"}]).assemble()


def test_the_stored_json_is_the_serialised_dict_byte_for_byte(fixtures):
    documents = [_invented(), Document(id="text:1", source="text", title="Only a title").assemble()]
    documents += [e for e in read_path(fixtures / "ingest" / "pubmed_ingest_golden.xml") if isinstance(e, Document)]
    assert len(documents) > 3
    for document in documents:
        payload, by_orjson = stored_form(document)
        assert by_orjson and payload == serialise(document.to_dict())
        assert b'"origin"' not in payload and b'"prepared"' not in payload


def test_an_integer_orjson_refuses_falls_back_to_the_standard_encoder():
    document = _invented()
    document.year = 2 ** 70
    payload, by_orjson = stored_form(document)
    assert not by_orjson and payload == serialise(document.to_dict()) and str(2 ** 70).encode() in payload


def test_a_light_copy_stores_the_payload_it_carries():
    full = _invented()
    payload, _ = stored_form(full)
    light = Document(id=full.id, source="pubmed", title=full.title, text=full.text,
                     prepared=Prepared(payload, "x", True, partial=True))
    assert stored_form(light) == (payload, True)
