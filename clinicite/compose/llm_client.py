"""One bounded, structured call to an OpenAI-compatible chat-completions server.

Servers differ in how they take a JSON schema for the reply:

- OpenAI, vLLM and Ollama read ``response_format: {"type": "json_schema", "json_schema": {...}}``;
- llama.cpp's servers (the C++ ``llama-server`` and llama-cpp-python's) read
  ``response_format: {"type": "json_object", "schema": {...}}`` and turn the schema into a grammar.

The family is configured (``llm_server``) or detected once from ``GET /models``
(llama-cpp-python lists its models as ``owned_by: "me"``, llama-server as
``"llamacpp"``, vLLM as ``"vllm"``).

Every call streams (server-sent events) and is bounded twice: by ``max_tokens``,
which the server enforces, and by a deadline that grows with the prompt's
length (a CPU model reads a long prompt slowly). When either budget runs out
the connection is closed; servers stop generating when the client goes away
while streaming, whereas a non-streamed request keeps a CPU busy to the end of
the context.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

import httpx

from clinicite.errors import ExternalServiceError

FAMILIES = ("auto", "openai", "vllm", "ollama", "llama.cpp")
_LLAMA_OWNERS = {"me", "llamacpp", "llama.cpp"}
CHARS_PER_TOKEN = 4              # a rough English average; only used to scale the deadline


class MalformedReply(ValueError):
    """The model's reply is not the JSON shape asked for."""


class BudgetExceeded(ExternalServiceError):
    """Raised when a streamed reply runs past its token or time budget; the connection was closed."""


@dataclass
class Completion:
    text: str
    tokens: int                  # streamed content chunks (about one token each)
    seconds: float
    finish_reason: str | None


def response_format(family: str, schema: dict[str, Any]) -> dict[str, Any]:
    """The ``response_format`` member that makes ``family``'s server follow ``schema``."""
    if family == "llama.cpp":
        return {"type": "json_object", "schema": schema}
    return {"type": "json_schema", "json_schema": {"name": "answer", "strict": True, "schema": schema}}


def deadline_s(base_s: float, per_1k_prompt_tokens_s: float, prompt_chars: int) -> float:
    """Seconds one call may take: a base plus time proportional to the prompt's estimated tokens."""
    return base_s + per_1k_prompt_tokens_s * prompt_chars / CHARS_PER_TOKEN / 1000


class ChatClient:
    """Streams chat completions from ``base_url`` (ending in ``/v1``) within budgets."""

    def __init__(self, base_url: str, model: str | None = None, *, api_key: str | None = None,
                 family: str = "auto", max_tokens: int = 700, timeout_s: float = 60.0,
                 timeout_per_1k_prompt_tokens_s: float = 0.0) -> None:
        if family not in FAMILIES:
            raise ExternalServiceError(f"unknown language-model server family {family!r}; "
                                       f"choose one of {', '.join(FAMILIES)}")
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.api_key = api_key
        self._family = None if family == "auto" else family
        self._asked = False
        self.max_tokens = max_tokens
        self.timeout_s = timeout_s
        self.per_1k_s = timeout_per_1k_prompt_tokens_s

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}

    # ---- what the server is ---------------------------------------------------------------------
    def family(self) -> str:
        """The server family; also fills in the model name from the listing when none was configured."""
        if self._family is None or (self.model is None and not self._asked):
            self._asked = True
            detected, listed = self._detect()
            self._family = self._family or detected
            self.model = self.model or listed
        return self._family

    def _detect(self) -> tuple[str, str | None]:
        """The family and the first model id from ``GET /models``; "openai" when the listing says nothing."""
        try:
            response = httpx.get(self.base_url + "/models", headers=self.headers, timeout=10.0)
            models = response.json().get("data") or [] if response.status_code == 200 else []
        except (httpx.HTTPError, ValueError, AttributeError):
            models = []
        first = models[0] if models and isinstance(models[0], dict) else {}
        owner = str(first.get("owned_by", "")).lower()
        if owner in _LLAMA_OWNERS:
            family = "llama.cpp"
        elif owner == "vllm":
            family = "vllm"
        elif owner in ("library", "ollama"):
            family = "ollama"
        else:
            family = "openai"
        model = first.get("id") if isinstance(first.get("id"), str) else None
        return family, model

    # ---- one call -------------------------------------------------------------------------------
    def complete(self, messages: list[dict[str, str]], schema: dict[str, Any] | None = None,
                 max_tokens: int | None = None) -> Completion:
        """The reply's text, streamed; one retry after a server error or a refused connection."""
        family = self.family()
        body: dict[str, Any] = {"model": self.model or "default", "messages": messages, "temperature": 0,
                                "max_tokens": max_tokens or self.max_tokens, "stream": True}
        if schema is not None:
            body["response_format"] = response_format(family, schema)
        limit = deadline_s(self.timeout_s, self.per_1k_s, sum(len(m["content"]) for m in messages))
        last: Exception | None = None
        for _attempt in range(2):
            try:
                return self._stream(body, limit)
            except _Retry as exc:
                last = exc.__cause__ or exc
        raise ExternalServiceError(f"language model at {self.base_url} failed: {last}")

    def _stream(self, body: dict[str, Any], limit: float) -> Completion:
        started = time.monotonic()
        parts: list[str] = []
        finish: str | None = None
        timeout = httpx.Timeout(limit, connect=min(10.0, limit))
        try:
            with httpx.stream("POST", self.base_url + "/chat/completions", json=body, headers=self.headers,
                              timeout=timeout) as response:
                _check_status(response)
                for line in response.iter_lines():
                    if time.monotonic() - started > limit:
                        raise BudgetExceeded(f"language model at {self.base_url} ran past its {limit:.0f}s "
                                             "budget; the call was cancelled")
                    chunk = _event(line)
                    if chunk is None:
                        continue
                    if chunk == "[DONE]":
                        break
                    text, finish = _delta(chunk, finish)
                    parts.append(text)
                    if len(parts) > body["max_tokens"] + 8:     # a server that ignores max_tokens
                        raise BudgetExceeded(f"language model ran past {body['max_tokens']} tokens; "
                                             "the call was cancelled")
        except httpx.TimeoutException as exc:
            raise BudgetExceeded(f"language model at {self.base_url} timed out after {limit:.0f}s; "
                                 "the call was cancelled") from exc
        except httpx.HTTPError as exc:
            raise _Retry(str(exc)) from exc
        # leaving the `with` block closed the connection, which is what stops a streaming server
        return Completion("".join(parts), len(parts), time.monotonic() - started, finish)


class _Retry(Exception):
    """A failure worth one more try (server error, dropped connection)."""


def _check_status(response: httpx.Response) -> None:
    if response.status_code >= 500:
        raise _Retry(f"HTTP {response.status_code}") from None
    if response.status_code >= 400:
        response.read()
        raise ExternalServiceError(f"language model refused the request: HTTP {response.status_code} "
                                   f"{response.text[:200]}")


def _event(line: str) -> Any:
    """The JSON of one ``data:`` line of a server-sent event stream; "[DONE]"; None for other lines."""
    line = line.strip()
    if not line.startswith("data:"):
        if line.startswith("{"):        # a server that answered without streaming
            try:
                return _as_chunk(json.loads(line))
            except ValueError as exc:
                raise MalformedReply("reply is not a chat completion") from exc
        if line and not line.startswith((":", "event:", "id:", "retry:")):
            raise MalformedReply("reply is not a chat completion")
        return None
    data = line[5:].strip()
    if data == "[DONE]":
        return data
    try:
        return json.loads(data)
    except ValueError as exc:
        raise MalformedReply("a streamed chunk is not JSON") from exc


def _as_chunk(completion: Any) -> dict:
    """A whole (non-streamed) completion read as one chunk."""
    try:
        choice = completion["choices"][0]
        return {"choices": [{"delta": {"content": choice["message"]["content"] or ""},
                             "finish_reason": choice.get("finish_reason")}]}
    except (KeyError, IndexError, TypeError) as exc:
        raise MalformedReply("reply is not a chat completion") from exc


def _delta(chunk: Any, finish: str | None) -> tuple[str, str | None]:
    try:
        choice = chunk["choices"][0]
        text = (choice.get("delta") or {}).get("content") or ""
    except (KeyError, IndexError, TypeError, AttributeError) as exc:
        raise MalformedReply("a streamed chunk is not a chat-completion chunk") from exc
    if not isinstance(text, str):
        raise MalformedReply("a streamed chunk's content is not text")
    return text, choice.get("finish_reason") or finish
