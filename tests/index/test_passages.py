"""Passages keep exact offsets into Document.text, whatever the section shapes."""

from __future__ import annotations

from clinicite.index.passages import cut_passages, sentence_spans
from clinicite.ingest.disease import DiseaseRecord
from clinicite.ingest.document import Document, Section

from .conftest import article


def test_every_passage_is_an_exact_span_of_the_document_text():
    long = " ".join(f"Patient {i} had a fracture of the femur, cf. Fig. {i}, after minor trauma." for i in range(40))
    doc = article("9", "Fractures in a cohort", ("BACKGROUND", "Brief."), ("METHODS", "We reviewed charts."),
                  ("RESULTS", long), ("CONCLUSIONS", "Fragility fractures were common."))
    passages = cut_passages(doc, max_chars=400)
    assert len(passages) > 5
    for passage in passages:
        assert doc.text[passage.start:passage.end] == passage.text
        assert len(passage.text) <= 400
    assert [p.ordinal for p in passages] == list(range(len(passages)))
    # Short structured-abstract sections are joined; the long one is windowed by sentences.
    assert passages[0].section == "BACKGROUND + METHODS"
    results = [p for p in passages if p.section == "RESULTS"]
    assert all(p.text.startswith("Patient") and p.text.endswith("trauma.") for p in results)
    # Consecutive windows overlap by one sentence and together cover the whole section.
    for before, after in zip(results, results[1:]):
        assert after.start < before.end
    section = doc.sections[2]
    assert results[0].start == section.start and results[-1].end == section.end


def test_abbreviations_do_not_end_sentences():
    text = "Smith et al. reported it, e.g. in J. Bone Res. Then another sentence follows."
    spans = sentence_spans(text)
    assert [text[s:e] for s, e in spans] == ["Smith et al. reported it, e.g. in J. Bone Res.",
                                             "Then another sentence follows."]


def test_a_value_ending_in_a_unit_ends_its_sentence():
    # Round 15: "pmol/L." was read as an initial, so a test's result and the treatment after it were one sentence.
    text = "Her free thyroxine was 78 pmol/L. Plasma exchange was started. Platelets were 14 x 10^9/L. She improved."
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "Her free thyroxine was 78 pmol/L.", "Plasma exchange was started.", "Platelets were 14 x 10^9/L.",
        "She improved."]
    fever = "Her temperature was 37.9 C. Her haemoglobin was 78 g/L."
    assert [fever[s:e] for s, e in sentence_spans(fever)] == ["Her temperature was 37.9 C.", "Her haemoglobin was 78 g/L."]
    initial = "It was described by J. Smith in 1990."
    assert len(sentence_spans(initial)) == 1


def test_knowledge_facts_are_separate_passages_and_title_is_context_only():
    record = DiseaseRecord(id="OMIM:166200", name="Osteogenesis imperfecta, type I",
                           definition="A disorder of bone fragility. " * 8, synonyms=["OI type I", "Brittle bone disease"])
    doc = record.to_document()
    passages = cut_passages(doc)
    assert [p.section for p in passages] == ["Definition", "Synonyms"]
    assert all(p.kind == "knowledge" for p in passages)
    assert passages[1].indexed_text(doc.title).startswith("Osteogenesis imperfecta, type I\n")
    assert doc.text[passages[1].start:passages[1].end] == passages[1].text


def test_a_title_only_record_is_one_passage_and_an_overlong_sentence_is_cut():
    only_title = Document(id="pmid:5", source="pubmed", title="Rickets in Dublin").assemble()
    assert [(p.start, p.end, p.section) for p in cut_passages(only_title)] == [(0, 17, "Title")]
    genes = Document(id="pmid:6", source="pubmed", title="Panel",
                     sections=[Section(" ".join(f"GENE{i}" for i in range(400)), kind="table")]).assemble()
    parts = cut_passages(genes, max_chars=300)
    assert len(parts) > 3 and all(len(p.text) <= 300 for p in parts)
    assert all(genes.text[p.start:p.end] == p.text for p in parts)
