"""A case with no finding to weigh abstains and says, in the user's words, what was read but set aside."""

from __future__ import annotations

from clinicite.reason.engine import CaseInput, build_differential
from clinicite.reason.options import rank_options
from clinicite.understand.facts import CaseFacts, Finding

METAPHYSEAL = "HP:0004979"


def _facts(text: str, *findings: Finding) -> CaseFacts:
    return CaseFacts(text=text, findings=list(findings))


def _finding(text: str, phrase: str, hpo_id: str = METAPHYSEAL, **kind) -> Finding:
    start = text.index(phrase)
    return Finding(hpo_id=hpo_id, label=phrase, text=phrase, start=start, end=start + len(phrase), **kind)


def test_set_aside_findings_are_named_and_nothing_is_ranked(tiny_kb):
    text = "A 70-year-old man with a past history of metaphyseal sclerosis; his brother has it too; no fever."
    facts = _facts(text, _finding(text, "metaphyseal sclerosis", context="history"),
                   _finding(text, "fever", "HP:0001945", excluded=True))
    differential = build_differential(tiny_kb, CaseInput([], facts.excluded, 70, "male", text=text, facts=facts))
    assert differential.status == "no_findings" and differential.diagnoses == []
    assert "past or treated conditions: 'metaphyseal sclerosis'" in differential.reason
    assert "stated absent: 'fever'" in differential.reason


def test_an_empty_case_says_nothing_was_read(tiny_kb):
    text = "A 68-year-old man comes for a routine check-up."
    differential = build_differential(tiny_kb, CaseInput([], [], 68, "male", text=text, facts=_facts(text)))
    assert differential.status == "no_findings"
    assert "Nothing in the text was read as a sign, symptom or test result" in differential.reason


def test_options_without_findings_name_what_was_set_aside(tiny_kb):
    text = "A 5-year-old boy. Which is most likely? A: Rickets, B: Scurvy"
    facts = _facts(text, _finding(text, "Rickets", "HP:0002748", context="options"))
    differential = rank_options(tiny_kb, CaseInput([], [], 5, "male", text=text, facts=facts), ["Rickets", "Scurvy"])
    assert differential.status == "no_findings" and differential.diagnoses == []
    assert "the question's options: 'Rickets'" in differential.reason
