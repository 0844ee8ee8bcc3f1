"""A question that names options but gives no finding is answered with why nothing is ranked."""

from __future__ import annotations

from pathlib import Path

from clinicite.compose.differential import rank_differential
from clinicite.compose.question import analyse
from clinicite.reason.knowledge import KnowledgeBase

FOLDER = Path(__file__).resolve().parents[1] / "fixtures" / "reason"


def test_named_options_without_a_finding_say_why_they_are_not_ranked():
    kb = KnowledgeBase.from_files(hpo_obo=FOLDER / "bone.obo", hpoa=FOLDER / "bone.hpoa",
                                  orphapackets=FOLDER / "bone_orphanet.jsonl")
    question = "A 40-year-old woman asks what is wrong with her. Is it scurvy or lead poisoning?"
    rows, reason = rank_differential(analyse(question, ontology=kb.ontology), kb)
    assert rows == []
    assert "No finding was recognised" in reason and "scurvy, lead poisoning" in reason
    with_finding = "A 2-year-old has dense metaphyseal bands. Is it scurvy or lead poisoning?"
    rows, reason = rank_differential(analyse(with_finding, ontology=kb.ontology), kb)
    assert {d.name.lower() for d in rows} == {"scurvy", "lead poisoning"} and reason == ""


def test_named_options_the_sources_do_not_cover_are_named_beside_the_ranked_ones():
    kb = KnowledgeBase.from_files(hpo_obo=FOLDER / "bone.obo", hpoa=FOLDER / "bone.hpoa",
                                  orphapackets=FOLDER / "bone_orphanet.jsonl")
    question = "A 2-year-old has dense metaphyseal bands. Is it scurvy, lead poisoning or Zorblax fever?"
    rows, said = rank_differential(analyse(question, ontology=kb.ontology), kb)
    assert {d.name.lower() for d in rows} == {"scurvy", "lead poisoning"}
    assert said.startswith("The sources do not cover Zorblax fever")
