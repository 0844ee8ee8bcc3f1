"""The language-model composer's request and reply contract, against the scripted stub.

Structured output per server family, streaming within budgets (a runaway
generation is cancelled by closing the connection), strict reply shapes (a
wrong type is a malformed reply, never a crash), every dropped statement
counted and named, and the answer labelled with the composer that wrote it.
"""

from __future__ import annotations

import json

import pytest
from .checks import assert_traceable, bullet_texts
from stubs.llm_server import Reply, ScriptedLLM, evidence_blocks, faithful

from clinicite.compose import answer_question, render
from clinicite.compose.llm_client import deadline_s, response_format
from clinicite.compose.llm_reply import answer_schema
from clinicite.settings import load_settings

QUESTION = "How is Kawasaki disease treated?"


def ask(built, llm, **settings):
    options = {"home": built.settings.home, "embedding_model": "none", "llm_base_url": llm.base_url,
               "llm_timeout_s": 5.0, **settings}
    return answer_question(QUESTION, context=built.context(settings=load_settings(**options)))


def reply(sections, bottom=None) -> str:
    return json.dumps({"abstain": False, "bottom_line": bottom, "sections": sections})


@pytest.mark.parametrize("owned_by, family", [("me", "llama.cpp"), ("llamacpp", "llama.cpp"), ("vllm", "vllm"),
                                              ("library", "ollama"), ("openai", "openai")])
def test_schema_is_sent_the_way_each_server_family_takes_it(built, owned_by, family):
    with ScriptedLLM(owned_by=owned_by, model_id="smollm2-135m") as llm:
        llm.push(faithful("first_line"))
        answer = ask(built, llm, llm_max_tokens=300)
    body = llm.requests[-1]
    assert body["stream"] is True and body["max_tokens"] == 300 and body["model"] == "smollm2-135m"
    assert answer.authorship["server"] == family and answer.authorship["model"] == "smollm2-135m"
    formats = body["response_format"]
    if family == "llama.cpp":
        assert formats["type"] == "json_object"
        schema = formats["schema"]
    else:
        assert formats["type"] == "json_schema"
        schema = formats["json_schema"]["schema"]
    keys = schema["properties"]["sections"]["items"]["properties"]["key"]["enum"]
    assert keys == ["first_line", "alternatives", "dosing", "monitoring", "pitfalls"]
    citations = schema["properties"]["bottom_line"]["properties"]["citations"]["items"]
    assert citations["enum"] == list(range(1, len(evidence_blocks(body)) + 1))


def test_configured_family_skips_detection(built):
    with ScriptedLLM(owned_by="openai") as llm:
        llm.push(faithful("first_line"))
        ask(built, llm, llm_server="llama.cpp", llm_model="mine")
    assert len(llm.requests) == 1 and llm.requests[0]["response_format"]["type"] == "json_object"


def test_schema_is_built_from_the_plan_and_the_evidence_shown():
    schema = answer_schema(["outcomes", "follow_up"], blocks=7, max_bullets=3)
    section = schema["properties"]["sections"]
    assert section["items"]["properties"]["key"]["enum"] == ["outcomes", "follow_up"] and section["maxItems"] == 2
    assert section["items"]["properties"]["bullets"]["maxItems"] == 3
    assert response_format("vllm", schema)["json_schema"]["schema"] is schema
    assert response_format("llama.cpp", schema) == {"type": "json_object", "schema": schema}


def test_deadline_grows_with_the_prompt():
    assert deadline_s(30, 20, 0) == 30
    assert deadline_s(30, 20, 8000) == pytest.approx(70)       # 8,000 characters ~ 2,000 tokens


@pytest.fixture
def llm():
    with ScriptedLLM(owned_by="me") as server:
        yield server


def test_runaway_generation_is_cancelled_and_the_server_stops(built, llm):
    llm.push(Reply(content='{"abstain": false, "sections": [', forever=True, chunk_delay=0.002))
    answer = ask(built, llm, llm_max_tokens=40)
    assert answer.composer == "extractive" and bullet_texts(answer)
    assert any("ran past 40 tokens" in n and "cancelled" in n for n in answer.notices)
    assert llm.disconnected.wait(5), "the server never saw the client hang up"
    sent = llm.chunks_sent
    assert sent < 200
    assert llm.chunks_sent == sent          # nothing more is generated once the client has gone


def test_slow_stream_is_cancelled_at_its_deadline(built, llm):
    llm.push(Reply(content='{"abstain": false, "sections": []}', forever=True, chunk_delay=0.05))
    answer = ask(built, llm, llm_timeout_s=0.5, llm_timeout_per_1k_prompt_tokens_s=0.0, llm_max_tokens=10_000)
    assert answer.composer == "extractive"
    assert any("budget" in n or "timed out" in n for n in answer.notices)
    assert llm.disconnected.wait(5)


def test_deadline_scales_with_the_prompt_sent(built, llm):
    """The same one-second wait for the first token: cancelled with no allowance per prompt token, answered
    when the allowance for this prompt's length covers it (a CPU model reads a long prompt slowly)."""
    slow = Reply(content='{"abstain": false, "sections": []}', delay=1.0)
    llm.push(slow)
    short = ask(built, llm, llm_timeout_s=0.3, llm_timeout_per_1k_prompt_tokens_s=0.0)
    assert short.composer == "extractive" and any("timed out after 0s" in n for n in short.notices), short.notices
    prompt_chars = sum(len(m["content"]) for m in llm.requests[-1]["messages"])
    assert deadline_s(0.3, 30.0, prompt_chars) > 5.0          # the evidence blocks make a long prompt
    llm.push(slow)
    scaled = ask(built, llm, llm_timeout_s=0.3, llm_timeout_per_1k_prompt_tokens_s=30.0)
    assert not any("timed out" in n for n in scaled.notices), scaled.notices
    assert scaled.authorship["server"] == "llama.cpp"        # the model's reply was read, not a fallback


def test_reply_cut_off_at_max_tokens_is_named(built, llm):
    llm.push(Reply(content='{"abstain": false, "sections": [{"key": "first_line", "bullets": [{"text": "IVIG'))
    answer = ask(built, llm)
    assert answer.composer == "extractive"
    assert any("not valid JSON" in n or "no JSON object" in n for n in answer.notices)


@pytest.mark.parametrize("content", [
    '{"abstain": false, "sections": [{"key": "first_line", "bullets": [{"text": "IVIG is given.", "citations": 1}]}]}',
    '{"abstain": false, "sections": 5}',
    '{"abstain": false, "sections": [{"key": "first_line", "bullets": "IVIG"}]}',
    '{"abstain": false, "sections": [7]}',
    '{"abstain": false, "bottom_line": {"text": 3, "citations": [1]}, "sections": []}',
    '{"abstain": "no", "sections": []}',
    '{"abstain": false, "sections": [{"key": "first_line", "bullets": [{"text": "x", "citations": [true]}]}]}',
])
def test_wrong_types_are_a_malformed_reply_never_a_crash(built, llm, content):
    llm.push(content)
    answer = ask(built, llm)
    assert answer.composer == "extractive" and bullet_texts(answer)
    assert any("wrong shape" in n and "could not be used" in n for n in answer.notices)
    assert_traceable(answer, built.documents)


def test_every_dropped_statement_is_counted_and_named(built, llm):
    def mixed(body):
        blocks = evidence_blocks(body)
        first, second = sorted(blocks)[:2]
        return reply([
            {"key": "first_line", "bullets": [
                {"text": blocks[first], "citations": [first]},
                {"text": blocks[second], "citations": [second, 99]},
                {"text": "Aspirin is given at 80 mg/kg.", "citations": [first]},
                {"text": "Antmalarimathine prevents coronary aneurysms.", "citations": [first]},
                {"text": "Steroids cure every patient.", "citations": [404]}]},
            {"key": "surgery", "bullets": [{"text": blocks[first], "citations": [first]}]}],
            bottom={"text": blocks[first], "citations": [first]})
    llm.push(mixed)
    answer = ask(built, llm)
    assert answer.composer == "language-model"
    notice = next(n for n in answer.notices if "dropped" in n)
    assert notice.startswith("4 of 7 statements of the language model dropped: 2 cited sources that do not support "
                             "them, ")
    assert "1 cited a non-existent source" in notice and "1 was put under a section" in notice
    details = {d["text"]: d for d in answer.authorship["dropped"]}
    assert details["Steroids cure every patient."]["reason"] == "cited a non-existent source"
    assert '"Antmalarimathine" is not in its source' in details["Antmalarimathine prevents coronary aneurysms."]["detail"]
    assert len(bullet_texts(answer)) == 2 and answer.authorship["kept"] == 3
    assert_traceable(answer, built.documents)


def test_a_supported_bottom_line_alone_falls_back_and_says_so(built, llm):
    def bottom_only(body):
        blocks = evidence_blocks(body)
        first = min(blocks)
        return reply([{"key": "first_line", "bullets": [{"text": "Steroids cure every patient.", "citations": [first]}]}],
                     bottom={"text": blocks[first], "citations": [first]})
    llm.push(bottom_only)
    answer = ask(built, llm)
    assert answer.composer == "extractive" and bullet_texts(answer)
    assert any("only its bottom line was supported, none of its 1 other statements" in n for n in answer.notices), \
        answer.notices
    assert answer.authorship["kept"] == 1 and answer.authorship["used"] is False


def test_fragments_and_copied_template_text_are_not_statements(built, llm):
    def fragments(body):
        blocks = evidence_blocks(body)
        first = min(blocks)
        return reply([{"key": "first_line", "bullets": [{"text": blocks[first], "citations": [first]},
                                                        {"text": "one sentence", "citations": [first]}]}],
                     bottom={"text": "primary endpoint", "citations": [first]})
    llm.push(fragments)
    answer = ask(built, llm)
    assert answer.composer == "language-model"
    assert "2 of 3 statements of the language model dropped: 2 were not sentences." in answer.notices
    assert {d["text"] for d in answer.authorship["dropped"]} == {"one sentence", "primary endpoint"}
    assert "primary endpoint" not in render(answer, "md").split("Statements removed by the checker")[0]


def test_markdown_and_html_say_which_composer_wrote_the_answer(built, llm):
    def one_wrong(body):
        blocks = evidence_blocks(body)
        first = min(blocks)
        return reply([{"key": "first_line", "bullets": [
            {"text": blocks[first], "citations": [first]},
            {"text": "Give intravenous immunoglobulin at 5 g/kg.", "citations": [first]}]}])
    llm.push(one_wrong)
    answer = ask(built, llm)
    markdown, html = render(answer, "md"), render(answer, "html")
    label = ("Written by a language model (stub-model) from the cited sources; 1 statement that the sources did "
             "not support was removed.")
    assert label in markdown and label in html
    assert "## Statements removed by the checker" in markdown and "~~Give intravenous immunoglobulin at 5 g/kg.~~" \
        in markdown
    assert '<details class="removed">' in html and "<del>Give intravenous immunoglobulin at 5 g/kg.</del>" in html
    # the notice that counts and names what was dropped is in both renderings, not only in the JSON
    notice = "1 of 2 statements of the language model dropped: 1 cited sources that do not support it."
    assert notice in answer.notices
    assert f"> Note: {notice}" in markdown and f'<p class="notice">{notice}</p>' in html
    assert "g/kg" in next(d["detail"] for d in answer.authorship["dropped"])       # why, in words


def test_extractive_answers_say_so(built):
    answer = answer_question(QUESTION, context=built.context())
    assert "Composed extractively: each statement is quoted from the source it cites." in render(answer, "md")
    assert 'data-composer="extractive"' in render(answer, "html")


def test_llm_check_reports_latency_and_whether_the_json_parsed():
    from typer.testing import CliRunner

    from clinicite.cli import app as cli_app
    runner = CliRunner()
    with ScriptedLLM(owned_by="me", model_id="tiny") as llm:
        llm.push(json.dumps({"abstain": False, "bottom_line": {"text": "IVIG.", "citations": [1]}, "sections": []}),
                 "Sure! Here you go.")
        good = runner.invoke(cli_app, ["llm", "check", "--url", llm.base_url])
        bad = runner.invoke(cli_app, ["llm", "check", "--url", llm.base_url])
    assert good.exit_code == 0, good.output
    report = json.loads(good.stdout)
    assert report["json_parsed"] is True and report["server"] == "llama.cpp" and report["model"] == "tiny"
    assert report["latency_s"] >= 0 and report["statements"] == 1
    assert llm.requests[0]["response_format"]["type"] == "json_object"
    assert bad.exit_code == 1 and "did not parse" in bad.output


def test_llm_serve_names_what_is_missing(tmp_path):
    from typer.testing import CliRunner

    from clinicite.cli import app as cli_app
    result = CliRunner().invoke(cli_app, ["llm", "serve", "--model", str(tmp_path / "absent.gguf")])
    assert result.exit_code == 2 and "no GGUF model file" in result.output
