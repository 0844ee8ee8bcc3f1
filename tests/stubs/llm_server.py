"""A scripted OpenAI-compatible chat-completions server for tests: the project's only stub.

It listens on 127.0.0.1 on a free port in a background thread and answers
``POST /v1/chat/completions`` with the next scripted reply, as one JSON
completion or, when the request asks ``"stream": true``, as server-sent
events of ``chat.completion.chunk`` objects (a few characters each, as
llama.cpp's and vLLM's servers send them)::

    with ScriptedLLM(owned_by="me") as llm:         # GET /v1/models lists one model owned by "me"
        llm.push('{"sections": []}')                 # reply content (a string)
        llm.push(Reply(status=500))                  # an HTTP error
        llm.push(Reply(content="...", delay=2.0))    # a slow reply (client timeout)
        llm.push(Reply(content="{", forever=True))   # a runaway generation that never ends by itself
        llm.push(lambda body: "...")                 # content computed from the request body
        settings = load_settings(llm_base_url=llm.base_url, llm_model="stub")

Every request body is kept in ``llm.requests`` so tests can check what the
model was shown; ``llm.chunks_sent`` and ``llm.disconnected`` tell whether a
streaming client hung up. When the script runs out, the server answers HTTP 503.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    content: str | None = None
    status: int = 200
    delay: float = 0.0
    raw: str | None = None          # a body sent as is (for replies that are not chat completions)
    forever: bool = False           # streamed: after the content, keep sending chunks until the client leaves
    chunk_delay: float = 0.005      # streamed: seconds between chunks


Script = str | Reply | Callable[[dict], str]


class ScriptedLLM:
    def __init__(self, owned_by: str = "stub", model_id: str = "stub-model") -> None:
        self.script: deque[Script] = deque()
        self.requests: list[dict[str, Any]] = []
        self.owned_by, self.model_id = owned_by, model_id
        self.chunks_sent = 0
        self.disconnected = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02},
                                        daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def push(self, *replies: Script) -> "ScriptedLLM":
        self.script.extend(replies)
        return self

    def start(self) -> "ScriptedLLM":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> "ScriptedLLM":
        return self.start()

    def __exit__(self, *_exc) -> None:
        self.stop()

    def _next(self, body: dict) -> Reply:
        if not self.script:
            return Reply(status=503)
        item = self.script.popleft()
        if callable(item):
            return Reply(content=item(body))
        return item if isinstance(item, Reply) else Reply(content=item)

    def _handler(self):
        llm = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_args) -> None:   # keep test output quiet
                pass

            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                if self.path.rstrip("/").endswith("/models"):
                    return self._send(200, {"object": "list", "data": [
                        {"id": llm.model_id, "object": "model", "owned_by": llm.owned_by}]})
                self._send(404, {"error": {"message": "not found"}})

            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                llm.requests.append(body)
                if not self.path.rstrip("/").endswith("/chat/completions"):
                    return self._send(404, {"error": {"message": "not found"}})
                reply = llm._next(body)
                if reply.delay:
                    time.sleep(reply.delay)
                if reply.status != 200:
                    return self._send(reply.status, {"error": {"message": "scripted failure"}})
                if reply.raw is not None:
                    return self._send(200, None, raw=reply.raw)
                if body.get("stream"):
                    return self._stream(body.get("model", "stub"), reply)
                self._send(200, completion(body.get("model", "stub"), reply.content or ""))

            def _stream(self, model: str, reply: Reply) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Cache-Control", "no-cache")
                self.end_headers()
                self.delay = reply.chunk_delay
                content = reply.content or ""
                pieces = [content[i:i + 4] for i in range(0, len(content), 4)]
                try:
                    for piece in pieces:
                        self._event(chunk(model, piece))
                    while reply.forever:
                        self._event(chunk(model, " "))
                    self._event(chunk(model, "", finish="stop"))
                    self.wfile.write(b"data: [DONE]\n\n")
                    self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):
                    llm.disconnected.set()

            def _event(self, payload: dict) -> None:
                self.wfile.write(f"data: {json.dumps(payload)}\n\n".encode())
                self.wfile.flush()
                llm.chunks_sent += 1
                time.sleep(self.delay)

            def _send(self, status: int, payload: Any, raw: str | None = None) -> None:
                data = (raw if raw is not None else json.dumps(payload)).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):   # the client gave up (timeout test)
                    pass

        return Handler


def completion(model: str, content: str) -> dict[str, Any]:
    return {"id": "chatcmpl-stub", "object": "chat.completion", "created": int(time.time()), "model": model,
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": content}}],
            "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0}}


def chunk(model: str, content: str, finish: str | None = None) -> dict[str, Any]:
    return {"id": "chatcmpl-stub", "object": "chat.completion.chunk", "created": int(time.time()), "model": model,
            "choices": [{"index": 0, "delta": {"content": content} if content else {}, "finish_reason": finish}]}


EVIDENCE_BLOCK = re.compile(r"<<<EVIDENCE (\d+) \w+ \|[^>]*>>>\n(.*?)\n<<<END \1 \w+>>>", re.S)


def evidence_blocks(body: dict) -> dict[int, str]:
    """Evidence number -> text, as the composer showed them to the model."""
    user = next(m["content"] for m in body["messages"] if m["role"] == "user")
    return {int(n): text for n, text in EVIDENCE_BLOCK.findall(user)}


def faithful(section_key: str, how_many: int = 2) -> Callable[[dict], str]:
    """A well-behaved model: bullets that restate evidence blocks and cite them correctly."""
    def reply(body: dict) -> str:
        blocks = evidence_blocks(body)
        chosen = sorted(blocks)[:how_many]
        bullets = [{"text": blocks[n], "citations": [n]} for n in chosen]
        return json.dumps({"abstain": False, "bottom_line": bullets[0] if bullets else None,
                           "sections": [{"key": section_key, "bullets": bullets}]})
    return reply
