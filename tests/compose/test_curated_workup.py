"""The work-up of a single-finding case comes from the curated differential, quoted from each record."""

from __future__ import annotations

from pathlib import Path

import pytest

from clinicite.compose.workup import common_causes_bottom_line, differential_workup
from clinicite.reason.engine import CaseInput, build_differential
from clinicite.reason.knowledge import KnowledgeBase

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "reason"
METAPHYSEAL = "HP:0004979"


@pytest.fixture(scope="module")
def bone_kb() -> KnowledgeBase:
    return KnowledgeBase.from_files(hpo_obo=FIXTURES / "bone.obo", hpoa=FIXTURES / "bone.hpoa",
                                    orphapackets=FIXTURES / "bone_orphanet.jsonl")


def test_each_leading_common_cause_brings_its_tests_quoted_from_its_record(bone_kb):
    rows = build_differential(bone_kb, CaseInput([METAPHYSEAL], age_years=1.5)).diagnoses
    tests = differential_workup(rows, bone_kb, None)
    assert tests, "the curated causes of metaphyseal sclerosis state tests"
    for fact in tests:
        record = bone_kb.diseases[fact.source.id]
        document = record.to_document(label_of=bone_kb.ontology.label)
        for span in fact.spans:                      # every word cited is the record's own text
            assert document.text[span.start:span.end] == span.quote
            assert span.quote.startswith("Tests that help:")
        assert fact.statement.startswith(record.name)
    by_name = {fact.source.title: fact.statement for fact in tests}
    rickets = next((s for n, s in by_name.items() if "ickets" in n), None)
    if rickets is not None:
        assert "25-hydroxyvitamin D" in rickets


def test_knowledge_base_diseases_bring_no_invented_work_up(bone_kb):
    rows = [d for d in build_differential(bone_kb, CaseInput([METAPHYSEAL], age_years=1.5)).diagnoses
            if d.source != "curated"]
    assert differential_workup(rows, bone_kb, None) == []


def test_the_flat_bottom_line_names_the_candidates_and_says_they_are_not_separated():
    line = common_causes_bottom_line(["Healing rickets", "Scurvy", "Lead poisoning"])
    assert "do not separate" in line and "Healing rickets, Scurvy and Lead poisoning" in line


def test_each_leading_common_cause_brings_its_usual_management_quoted_from_its_record(bone_kb):
    rows = build_differential(bone_kb, CaseInput([METAPHYSEAL], age_years=1.5)).diagnoses
    plans = differential_workup(rows, bone_kb, None, fact="management")
    assert plans, "the curated causes of metaphyseal sclerosis state their usual management"
    for fact in plans:
        document = bone_kb.diseases[fact.source.id].to_document(label_of=bone_kb.ontology.label)
        for span in fact.spans:
            assert document.text[span.start:span.end] == span.quote
            assert span.quote.startswith("Usual management:")
            assert "Source:" not in span.quote        # the quote stops at the sentence's end
    assert len(differential_workup(rows, bone_kb, None, fact="management", rows=1)) <= 1


def test_the_flat_bottom_line_points_to_management_only_when_it_is_shown():
    names = ["Healing rickets", "Scurvy"]
    assert "Management" not in common_causes_bottom_line(names)
    assert "treatment follows the cause" in common_causes_bottom_line(names, management=True)


def test_an_option_only_a_phenotype_term_names_keeps_its_row_citing_the_term(tmp_path):
    """A MedQA-style option the disease records lack ("Vitiligo") but HPO names is ranked by reason/; its row
    cites the term's definition, so the table never shows its rivals alone."""
    from clinicite.compose.differential import differential_table
    from clinicite.reason.options import rank_options
    obo = (FIXTURES / "bone.obo").read_text().replace(
        "id: HP:0100959\nname: Dense metaphyseal bands\n",
        'id: HP:0100959\nname: Dense metaphyseal bands\ndef: "Bands of increased density across the metaphyses." []\n')
    (tmp_path / "bone.obo").write_text(obo)
    kb = KnowledgeBase.from_files(hpo_obo=tmp_path / "bone.obo", hpoa=FIXTURES / "bone.hpoa",
                                  orphapackets=FIXTURES / "bone_orphanet.jsonl")
    rows = rank_options(kb, CaseInput([METAPHYSEAL], age_years=30), ["Dense metaphyseal bands"]).diagnoses
    [(row, evidence)] = differential_table(rows, kb, None, label_of=None)
    assert row.source == "phenotype"
    assert [e.source.id for e in evidence] == ["HP:0100959"]
    assert evidence[0].spans[0].quote == "Bands of increased density across the metaphyses."


def test_a_phenotype_term_without_a_definition_is_cited_by_its_class(bone_kb):
    from clinicite.compose.audience import term_record
    [evidence] = term_record("HP:0100959", bone_kb.ontology)      # no definition in the fixture
    parent = bone_kb.ontology.get(bone_kb.ontology.get("HP:0100959").parents[0]).name
    assert evidence.source.id == "HP:0100959"
    assert evidence.spans[0].quote == f"a kind of {parent} in the Human Phenotype Ontology"


def test_a_question_about_causes_is_answered_with_the_causes_first():
    from clinicite.compose.workup import asks_causes
    names = ["Growth recovery lines", "Healing rickets", "Lead poisoning"]
    line = common_causes_bottom_line(names, causes=True)
    assert line.startswith("The causes to consider first are Growth recovery lines, Healing rickets and Lead")
    assert "do not separate the leading candidates" not in line
    assert asks_causes("What causes dense metaphyseal bands on a child's radiograph?")
    assert asks_causes("Common causes of periosteal reaction in infants")
    assert not asks_causes("38-year-old woman with thigh pain. What is the diagnosis?")
    assert common_causes_bottom_line(names, causes=True, audience="patient").startswith("The usual causes")
