"""Retrieval benchmark on a BEIR-format collection (e.g. SciFact): lexical, dense and hybrid in one run.

    python bench/retrieval.py --corpus .../scifact/corpus.jsonl --queries .../scifact/queries.jsonl \
        --qrels .../scifact/qrels/train.tsv

Indexes the corpus in a temporary home through the real store and sync, then
scores nDCG@10 and Recall@100 the BEIR way (pytrec_eval conventions: graded
gain, log2 discount, documents as the unit, a document scoring the best of its
passages). Prints one JSON line per configuration; the last line is the default
hybrid (``SearchIndex``'s fusion with the settings' weights).

Nothing is tuned on the judgments by default. The weight sweep (``--sweep``)
chooses the lexical weight on a deterministic half of the queries (even
positions in numeric id order) and reports it on the other half and on all.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")   # one thread: lower query latency on a shared machine

from sqlalchemy import select  # noqa: E402

from clinicite.index import SearchIndex  # noqa: E402
from clinicite.index.fusion import BM25_FLOOR, COSINE_FLOOR, fuse  # noqa: E402
from clinicite.ingest.document import Document, Section  # noqa: E402
from clinicite.settings import load_settings  # noqa: E402
from clinicite.store.database import Database  # noqa: E402
from clinicite.store.documents import save_documents  # noqa: E402
from clinicite.store.models import PassageRow  # noqa: E402


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def read_qrels(path: Path) -> dict[str, dict[str, int]]:
    qrels: dict[str, dict[str, int]] = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            parts = line.strip().split("\t")
            if len(parts) < 3 or not parts[2].lstrip("-").isdigit():
                continue  # header
            qrels.setdefault(parts[0], {})[parts[1]] = int(parts[2])
    return qrels


def ndcg_at(ranked: list[str], relevant: dict[str, int], k: int = 10) -> float:
    dcg = sum(relevant.get(doc, 0) / math.log2(i + 2) for i, doc in enumerate(ranked[:k]))
    ideal = sorted((g for g in relevant.values() if g > 0), reverse=True)[:k]
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def recall_at(ranked: list[str], relevant: dict[str, int], k: int = 100) -> float:
    wanted = {doc for doc, g in relevant.items() if g > 0}
    return len(wanted & set(ranked[:k])) / len(wanted) if wanted else 0.0


def documents_of(fused: list[tuple[int, float]], owner: dict[int, str]) -> list[str]:
    """Passages -> documents, each document at the position of its best passage."""
    seen: dict[str, None] = {}
    for key, _ in fused:
        doc = owner.get(key)
        if doc is not None:
            seen.setdefault(doc)
    return list(seen)


def build(corpus: list[dict], home: Path, overrides: dict, runtime: str = "numpy"):
    settings = load_settings(home=home, **overrides)
    database = Database.open(settings.resolved_database_url)
    for begin in range(0, len(corpus), 1000):
        docs = [Document(id=f"beir:{r['_id']}", source="pubmed", title=r.get("title") or "",
                         sections=[Section(r.get("text") or "", kind="abstract")]).assemble()
                for r in corpus[begin:begin + 1000]]
        with database.session() as session:
            save_documents(session, docs)
    index = SearchIndex.open(settings, database, runtime=runtime)
    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        print(f"  indexed {done}/{total} documents, {time.perf_counter() - started:.0f} s", file=sys.stderr)
    report = index.sync(progress=progress)
    with database.session() as session:
        owner = {pid: doc[len("beir:"):] for pid, doc in session.execute(
            select(PassageRow.id, PassageRow.document_id))}
    return index, owner, report


def halves(qrels) -> dict[str, list[str]]:
    """All queries, and two deterministic halves: even / odd positions in numeric id order."""
    ordered = sorted(qrels, key=lambda q: (len(q), q))
    return {"": ordered, "_tune": ordered[0::2], "_heldout": ordered[1::2]}


def evaluate(name: str, runs: dict[str, list[str]], qrels, latencies: list[float] | None, extra=None) -> dict:
    result = {"config": name, "queries": len(qrels)}
    for suffix, ids in halves(qrels).items():
        result["ndcg@10" + suffix] = round(sum(ndcg_at(runs[q], qrels[q]) for q in ids) / len(ids), 4)
    result["recall@100"] = round(sum(recall_at(runs[q], qrels[q]) for q in qrels) / len(qrels), 4)
    if latencies:
        ordered = sorted(latencies)
        result["p50_ms"] = round(ordered[len(ordered) // 2] * 1000, 2)
        result["p95_ms"] = round(ordered[int(len(ordered) * 0.95)] * 1000, 2)
    result.update(extra or {})
    return result


def run_queries(index, queries, qrels) -> tuple[dict, dict, dict, dict]:
    """Scored lexical, dense and expanded-lexical rankings per query, and timings per mode."""
    lexical, dense, lexical_x = {}, {}, {}
    timings: dict[str, list[float]] = {"lexical": [], "dense": [], "hybrid": []}
    for qid in qrels:
        text = queries[qid]
        for mode, runs in (("lexical", lexical), ("dense", dense)):
            t = time.perf_counter()
            runs[qid], _, _ = index.ranked_ids(text, index.depth, mode=mode, expand=False)
            timings[mode].append(time.perf_counter() - t)
        lexical_x[qid], _, _ = index.ranked_ids(text, index.depth, mode="lexical", expand=True)
        t = time.perf_counter()
        index.search(text, k=10, mode="hybrid", expand=False)    # the full public path, incl. store lookups
        timings["hybrid"].append(time.perf_counter() - t)
    return lexical, dense, lexical_x, timings


def sweep(name, lexical, dense, owner, qrels, settings) -> dict:
    """Choose the lexical weight (dense = 1 - it) on the tuning half only; report it on the held-out half."""
    tune = halves(qrels)["_tune"]
    best = None
    for weight in (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
        runs = {q: documents_of(fuse(name, [(lexical[q], weight), (dense[q], 1 - weight)],
                                     (BM25_FLOOR, COSINE_FLOOR), settings.rrf_k), owner) for q in qrels}
        tuned = sum(ndcg_at(runs[q], qrels[q]) for q in tune) / len(tune)
        if best is None or tuned > best[0]:
            best = (tuned, weight, runs)
    return evaluate(f"hybrid {name} lexical_weight={best[1]} (chosen on the tuning half)", best[2], qrels, None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--queries", type=Path, required=True)
    parser.add_argument("--qrels", type=Path, required=True)
    parser.add_argument("--limit", type=int, default=0, help="index only the first N documents (smoke runs)")
    parser.add_argument("--max-chars", type=int, default=6000, help="passage_max_chars for this run")
    parser.add_argument("--max-tokens", type=int, default=256, help="embedding_max_tokens for this run")
    parser.add_argument("--home", type=Path, help="keep the index here instead of a temporary folder")
    parser.add_argument("--runtime", default="numpy", choices=["numpy", "onnx"], help="dense encoder runtime")
    parser.add_argument("--judged-first", action="store_true",
                        help="with --limit: keep every judged document in the subset, then fill it up")
    parser.add_argument("--sweep", action="store_true", help="also tune the lexical weight on half the queries")
    args = parser.parse_args()

    corpus = read_jsonl(args.corpus)
    queries = {str(q["_id"]): q["text"] for q in read_jsonl(args.queries)}
    qrels = {q: rel for q, rel in read_qrels(args.qrels).items() if q in queries}
    if args.limit:
        if args.judged_first:   # a subset that keeps every judged document, filled up with unjudged ones
            judged = {str(d) for rel in qrels.values() for d in rel}
            corpus = sorted(corpus, key=lambda r: str(r["_id"]) not in judged)
        corpus = corpus[:args.limit]
    home = args.home or Path(tempfile.mkdtemp(prefix="clinicite-bench-"))
    # SciFact documents are a title and one abstract: one passage each (BEIR scores whole documents).
    overrides = {"passage_max_chars": args.max_chars, "embedding_max_tokens": args.max_tokens}
    index, owner, report = build(corpus, home, overrides, args.runtime)
    build_info = {"documents": len(corpus), "passages": report.passages_indexed,
                  "build_s": round(report.seconds, 1), "passages_per_s": round(report.passages_per_second, 1)}
    print(json.dumps({"build": build_info, "stats": index.stats()}))

    settings = index.settings
    lexical, dense, lexical_x, timings = run_queries(index, queries, qrels)

    def fused(name: str, wl: float, wd: float) -> dict[str, list[str]]:
        return {q: documents_of(fuse(name, [(lexical[q], wl), (dense[q], wd)], (BM25_FLOOR, COSINE_FLOOR),
                                     settings.rrf_k), owner) for q in qrels}
    print(json.dumps(evaluate("lexical", {q: documents_of(lexical[q], owner) for q in qrels}, qrels,
                              timings["lexical"])))
    print(json.dumps(evaluate("lexical+expansion", {q: documents_of(lexical_x[q], owner) for q in qrels}, qrels,
                              None)))
    print(json.dumps(evaluate("dense", {q: documents_of(dense[q], owner) for q in qrels}, qrels, timings["dense"])))
    weights = (settings.lexical_weight, settings.dense_weight)
    for name in ("rrf", "convex"):
        print(json.dumps(evaluate(f"hybrid {name} lexical_weight={weights[0]} dense_weight={weights[1]}",
                                  fused(name, *weights), qrels, None)))
        if args.sweep:
            print(json.dumps(sweep(name, lexical, dense, owner, qrels, settings)))
    print(json.dumps(evaluate("hybrid", fused(index.fusion, *weights), qrels, timings["hybrid"],
                              {**build_info, "fusion": index.fusion, "depth": index.depth, "rrf_k": settings.rrf_k,
                               "lexical_weight": weights[0], "dense_weight": weights[1],
                               "max_tokens": settings.embedding_max_tokens, "runtime": args.runtime})))


if __name__ == "__main__":
    main()
