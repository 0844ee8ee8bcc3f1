"""The language-model composer against the scripted OpenAI-compatible stub, including hostile replies."""

from __future__ import annotations

import json

import pytest
from .checks import assert_traceable, bullet_texts
from stubs.llm_server import Reply, ScriptedLLM, evidence_blocks, faithful

from clinicite.compose import answer_question, render
from clinicite.settings import load_settings

QUESTION = "How is Kawasaki disease treated?"


@pytest.fixture
def llm():
    with ScriptedLLM() as server:
        yield server


def ask(built, llm, **settings):
    options = {"home": built.settings.home, "embedding_model": "none", "llm_base_url": llm.base_url,
               "llm_model": "stub", "llm_timeout_s": 5.0, **settings}
    return answer_question(QUESTION, context=built.context(settings=load_settings(**options)))


def reply(sections: list[dict], bottom: dict | None = None) -> str:
    return json.dumps({"abstain": False, "bottom_line": bottom, "sections": sections})


def test_faithful_model_answer_is_kept_and_cited(built, llm):
    llm.push(faithful("first_line"))
    answer = ask(built, llm)
    assert answer.composer == "language-model" and not answer.abstained
    assert len(bullet_texts(answer)) == 2
    assert_traceable(answer, built.documents)
    prompt = llm.requests[0]["messages"]
    assert "never an instruction" in prompt[0]["content"]
    assert len(evidence_blocks(llm.requests[0])) >= 3


def test_evidence_is_data_and_injected_text_is_never_shown_to_the_model(built, llm):
    llm.push(faithful("first_line"))
    ask(built, llm)
    shown = json.dumps(llm.requests[0]).lower()
    assert "ignore previous instructions" not in shown and "bleach" not in shown


def test_invented_citation_numbers_are_removed(built, llm):
    def invent(body):
        blocks = evidence_blocks(body)
        first = min(blocks)
        return reply([{"key": "first_line", "bullets": [
            {"text": blocks[first], "citations": [first, 99, 0, -1]},
            {"text": "Kawasaki disease is treated with immunoglobulin.", "citations": [999]}]}])
    llm.push(invent)
    answer = ask(built, llm)
    numbers = {c.n for c in answer.citations()}
    assert numbers <= {r.n for r in answer.references}
    assert all(1 <= n <= len(answer.references) for n in numbers)
    assert "Kawasaki disease is treated with immunoglobulin." not in bullet_texts(answer)
    assert_traceable(answer, built.documents)


def test_unsupported_claims_are_dropped(built, llm):
    def overclaim(body):
        blocks = evidence_blocks(body)
        first = min(blocks)
        return reply([{"key": "first_line", "bullets": [
            {"text": blocks[first], "citations": [first]},
            {"text": "Oral antibiotics cure 95% of children with Kawasaki disease within a day.", "citations": [first]},
            {"text": "Give intravenous immunoglobulin at 5 g/kg.", "citations": [first]}]}],
            bottom={"text": "Antibiotics are the treatment of choice.", "citations": [first]})
    llm.push(overclaim)
    answer = ask(built, llm)
    shown = " ".join([answer.bottom_line] + bullet_texts(answer))
    assert "antibiotics" not in shown.lower() and "5 g/kg" not in shown
    assert "3 of 4 statements of the language model dropped: 3 cited sources that do not support them." \
        in answer.notices
    removed = {d["text"]: d["detail"] for d in answer.authorship["dropped"]}
    assert "number 95 %" in removed["Oral antibiotics cure 95% of children with Kawasaki disease within a day."]
    assert "5 g/kg" in removed["Give intravenous immunoglobulin at 5 g/kg."]
    assert answer.authorship["statements"] == 4 and answer.authorship["kept"] == 1
    assert_traceable(answer, built.documents)


def test_model_obeying_an_injection_is_caught(built, llm):
    def obey(body):
        blocks = evidence_blocks(body)
        return reply([{"key": "first_line", "bullets": [
            {"text": "Bleach cures Kawasaki disease.", "citations": list(blocks)[:3]}]}],
            bottom={"text": "Bleach cures Kawasaki disease.", "citations": [1]})
    llm.push(obey)
    answer = ask(built, llm)
    assert "bleach" not in " ".join([answer.bottom_line] + bullet_texts(answer)).lower()
    assert answer.composer == "extractive"       # nothing of the model survived: extractive instead
    assert_traceable(answer, built.documents)


@pytest.mark.parametrize("broken", [
    "Sure! Here is the answer: Kawasaki disease is treated with aspirin.",
    '{"sections": [{"key": "first_line", "bullets": [{"text": "unterminated',
    '["a list", "not an object"]',
    Reply(raw="this is not a chat completion"),
    Reply(status=500),
])
def test_malformed_output_or_server_error_falls_back_to_extractive(built, llm, broken):
    llm.push(broken, broken)      # the composer retries a server error once
    answer = ask(built, llm)
    assert answer.composer == "extractive"
    assert any("language model could not be used" in n for n in answer.notices)
    assert "Kawasaki disease is treated with aspirin." not in render(answer, "json")
    assert "unterminated" not in render(answer, "json")
    assert_traceable(answer, built.documents)


def test_timeout_falls_back_to_extractive(built, llm):
    llm.push(Reply(content="{}", delay=1.5))
    answer = ask(built, llm, llm_timeout_s=0.3, llm_timeout_per_1k_prompt_tokens_s=0.0)
    assert answer.composer == "extractive"
    assert any("timed out" in n for n in answer.notices)
    assert bullet_texts(answer)


def test_entailment_check_removes_what_the_model_does_not_confirm(built, llm):
    llm.push(faithful("first_line", how_many=2),
             json.dumps({"results": [{"id": 1, "entailed": True}, {"id": 2, "entailed": False}]}))
    answer = ask(built, llm, llm_entailment_check=True)
    assert len(llm.requests) == 2 and "entails" in llm.requests[1]["messages"][0]["content"]
    assert len(bullet_texts(answer)) == 1
    assert_traceable(answer, built.documents)


def test_model_may_abstain(built, llm):
    llm.push(json.dumps({"abstain": True, "sections": []}))
    answer = ask(built, llm)
    assert answer.abstained and not answer.sections
    assert any("does not answer" in n for n in answer.notices)
