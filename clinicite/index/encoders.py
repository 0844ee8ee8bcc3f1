"""The encoder for a model name, loaded once per process: the int8 ONNX runtime when it can be used
(:mod:`clinicite.index.onnx_encoder`), else the numpy reference (:mod:`clinicite.index.embed`)."""

from __future__ import annotations

import importlib.util
import sys
import threading
from pathlib import Path

from clinicite.errors import ConfigurationError
from clinicite.index.embed import Encoder, resolve_model_dir
from clinicite.index.onnx_encoder import OnnxEncoder

_ENCODERS: dict[tuple, Encoder] = {}
_LOADING = threading.Lock()     # one build per process: the web app and the background embedder ask at once


def onnx_available() -> bool:
    """Whether the ONNX runtime can be used: both packages installed, and onnxruntime loadable in this
    process (it crashes when loaded after usearch; :mod:`clinicite.index.vectors` loads it first)."""
    if "usearch" in sys.modules and "onnxruntime" not in sys.modules:
        return False
    return all(importlib.util.find_spec(name) is not None for name in ("onnx", "onnxruntime"))


def load_encoder(name: str, max_tokens: int = 256, batch_size: int = 32, threads: int | None = 1,
                 runtime: str = "auto", cache_dir: Path | None = None) -> Encoder | None:
    """The shared encoder for a model name (loaded once per process), or None when dense search is off.

    ``threads``: BLAS (or onnxruntime) threads while encoding; None leaves BLAS as configured.
    ``runtime``: "onnx" (int8, several times faster; onnx and onnxruntime are default dependencies),
    "numpy" (the float32 reference), or "auto" (onnx when installed, else numpy). ``cache_dir`` keeps the
    built ONNX graph between processes.
    """
    if name.strip().lower() == "none":
        return None
    if runtime not in ("auto", "numpy", "onnx"):
        raise ConfigurationError(f"unknown embedding runtime {runtime!r}: use auto, numpy or onnx")
    if runtime == "auto":
        runtime = "onnx" if onnx_available() else "numpy"
    key = (name, max_tokens, batch_size, threads, runtime)
    with _LOADING:
        if key not in _ENCODERS:
            if runtime == "onnx":
                _ENCODERS[key] = OnnxEncoder(resolve_model_dir(name), max_tokens=max_tokens, batch_size=batch_size,
                                             threads=threads or 1, cache_dir=cache_dir)
            else:
                _ENCODERS[key] = Encoder.from_name(name, max_tokens=max_tokens, batch_size=batch_size,
                                                   threads=threads)
        return _ENCODERS[key]
