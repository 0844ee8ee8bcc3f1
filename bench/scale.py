"""Index scale benchmark: synthetic MEDLINE-like abstracts at growing passage counts.

    python bench/scale.py --sizes 100000,1000000 --lexical-only

Each size is built from scratch in a temporary home through the real store and
sync: abstracts of two structured sections whose words follow a Zipf law over
a vocabulary of HPO term words plus pseudo-words (so posting lists look like a
real biomedical corpus: a few very common words, a long tail). Dense vectors are
seeded unit vectors clustered by document topic (as sentence embeddings are; independent
random vectors are HNSW's worst case), written through the real backend (the text is
synthetic, so real embeddings would mean no more; the encoder's speed is
bench/encoders.py's job); queries are encoded by the real encoder. Reports
build times, index and database sizes, peak RSS, and query latency p50/p95 of
the public search path, lexical and hybrid (incl. the store lookups of the
hits). One JSON line per size. ``SCALE_TMP`` chooses where the homes go (they are kept).
``--home PATH`` measures a home built before (adding its synthetic vectors if they are missing);
``--compare-lookup`` times every query also with round 4's hit lookup, alternately, in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import tempfile
import time
import zlib
from pathlib import Path

# The checkout this script lives in, not whichever clinicite is installed (a worktree's bench measures its code).
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402

from clinicite.index import SearchIndex  # noqa: E402
from clinicite.ingest.document import Document, Section  # noqa: E402
from clinicite.settings import load_settings  # noqa: E402
from clinicite.store.database import Database  # noqa: E402
from clinicite.store.documents import save_documents  # noqa: E402

LABELS = ("BACKGROUND", "METHODS", "RESULTS", "CONCLUSIONS")
TYPES = ("Journal Article", "Case Reports", "Review", "Randomized Controlled Trial", "Meta-Analysis")


def vocabulary(size: int, seed: int) -> list[str]:
    from clinicite.ingest.hpo import load_ontology
    words = sorted({w.lower() for term in load_ontology().terms.values() for w in term.name.split()
                    if w.isalpha() and len(w) > 2})
    rng = random.Random(seed)
    syllables = ["os", "te", "o", "ma", "lac", "ia", "ne", "phr", "itis", "cy", "to", "gen", "path", "ic", "al"]
    while len(words) < size:
        words.append("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    rng.shuffle(words)
    return words[:size]


class Generator:
    def __init__(self, seed: int = 7, vocab_size: int = 40_000) -> None:
        self.rng = np.random.default_rng(seed)
        self.words = np.array(vocabulary(vocab_size, seed))

    def sentence(self) -> str:
        length = int(self.rng.integers(8, 25))
        ranks = np.minimum(self.rng.zipf(1.15, length) - 1, len(self.words) - 1)
        text = " ".join(self.words[ranks])
        return text[0].upper() + text[1:] + "."

    def document(self, number: int) -> Document:
        # Sections of ~500-1,100 characters: each becomes one passage (two structured halves per abstract).
        halves = [" ".join(self.sentence() for _ in range(int(self.rng.integers(4, 8)))) for _ in range(2)]
        return Document(id=f"pmid:{number}", source="pubmed", pmid=str(number), title=self.sentence()[:-1],
                        year=int(self.rng.integers(1975, 2026)), language="eng",
                        publication_types=[TYPES[number % len(TYPES)]],
                        sections=[Section(text, label=LABELS[i * 2]) for i, text in enumerate(halves)]).assemble()

    def query(self) -> str:
        # Mid-frequency words, as a clinician's query would use: not "the", not a hapax.
        ranks = self.rng.integers(20, 5000, int(self.rng.integers(2, 6)))
        return " ".join(self.words[ranks])


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def latencies(index, generator, queries: int, mode: str) -> dict:
    times = []
    for _ in range(queries):
        text = generator.query()
        started = time.perf_counter()
        index.search(text, k=10, mode=mode, expand=False)
        times.append(time.perf_counter() - started)
    return percentiles(times, mode)


def percentiles(times: list[float], name: str) -> dict:
    times = sorted(times)
    return {f"{name}_p50_ms": round(times[len(times) // 2] * 1000, 1),
            f"{name}_p95_ms": round(times[int(len(times) * 0.95)] * 1000, 1)}


def round4_lookup(index):
    """The hit lookup as round 4 ran it (a select built on every search), the baseline of ``--compare-lookup``."""
    from sqlalchemy import select

    from clinicite.index.hybrid import _Row
    from clinicite.store.models import DocumentRow, PassageRow

    def hydrate(keys: list[int]) -> dict[int, tuple]:
        if not keys:
            return {}
        with index.database.engine.connect() as connection:
            query = (select(PassageRow.id, PassageRow.text, PassageRow.start, PassageRow.end, PassageRow.section,
                            DocumentRow.id, DocumentRow.pmid, DocumentRow.doi, DocumentRow.title,
                            DocumentRow.source, DocumentRow.year, DocumentRow.publication_types,
                            DocumentRow.deleted)
                     .join(DocumentRow, DocumentRow.id == PassageRow.document_id)
                     .where(PassageRow.id.in_(keys)))
            out = {}
            for row in connection.execute(query):
                if not row[12]:
                    out[row[0]] = (_Row(text=row[1], start=row[2], end=row[3], section=row[4]),
                                   _Row(id=row[5], pmid=row[6], doi=row[7], title=row[8], source=row[9],
                                        year=row[10], publication_types=row[11]))
            return out
    return hydrate


def compare_lookup(index, generator, queries: int, mode: str) -> dict:
    """Query latency with round 4's hit lookup and with today's, query by query alternately (same load)."""
    current, before = index._hydrate, round4_lookup(index)
    times: dict[str, list[float]] = {"before": [], "after": []}
    text = ""
    for number in range(2 * queries):
        if number % 2 == 0:
            text = generator.query()
        name = "before" if (number // 2) % 2 == number % 2 else "after"     # alternate which goes first
        index._hydrate = before if name == "before" else current
        started = time.perf_counter()
        index.search(text, k=10, mode=mode, expand=False)
        times[name].append(time.perf_counter() - started)
    index._hydrate = current
    return {**percentiles(times["before"], f"{mode}_round4_lookup"), **percentiles(times["after"], mode)}


def synthetic_vectors(index, database, dimensions: int, seed: int = 11, topics: int = 1000) -> dict:
    """Seeded synthetic unit vectors for every waiting passage, through the real backend and marker.

    The corpus is synthetic text, so its vectors carry no meaning either; what is measured is the
    vector index (HNSW build, size, search latency), not the encoder (bench/encoders.py measures that).
    The vectors are clustered like sentence embeddings: each document draws a topic, its passages lie
    around the topic's centre (cosine ~0.5 within a topic, ~0 across). Round 5 used independent random
    unit vectors, HNSW's worst case: with no neighbourhoods, each insertion's greedy search wanders
    (recall@10 0.49 at 10k) and the cost per insertion grew with the index (1.1 -> 3.1 CPU ms from 5k to
    20k vectors), which is what stalled the 100k run. Vectors are added in rounds and made durable once
    at the end, then marked.
    """
    from clinicite.index.embedding import _mark_embedded, _waiting
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((topics, dimensions)).astype(np.float32)
    started = time.perf_counter()
    after, done = 0, []
    while True:
        with database.session() as session:
            passages = _waiting(session, after, 20_000)
        if not passages:
            break
        after = passages[-1].passage_id
        topic = np.array([zlib.crc32(p.document_id.encode()) % topics for p in passages])
        vectors = centres[topic] + rng.standard_normal((len(passages), dimensions)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        index.backend.add_vectors(passages, vectors)
        done.extend(p.passage_id for p in passages)
        print(f"  vectors added: {len(done)} ({time.perf_counter() - started:.0f} s, "
              f"{time.process_time():.0f} CPU s, load {os.getloadavg()[0]:.1f})", file=sys.stderr, flush=True)
    added = time.perf_counter() - started
    index.backend.commit_vectors()
    saved = time.perf_counter() - started - added
    _mark_embedded(database, done)
    return {"vectors_build_s": round(time.perf_counter() - started, 1), "vectors_add_s": round(added, 1),
            "vectors_save_s": round(saved, 1)}


def vector_latency(index, dimensions: int, queries: int, seed: int = 13) -> dict:
    """HNSW search alone with RANDOM unit query vectors (no encoder, no store): the vector index's latency."""
    rng = np.random.default_rng(seed)
    times = []
    for _ in range(queries):
        vector = rng.standard_normal(dimensions).astype(np.float32)
        vector /= np.linalg.norm(vector)
        started = time.perf_counter()
        index.backend.search_dense(vector, 100)
        times.append(time.perf_counter() - started)
    times.sort()
    return {"vector_random_p50_ms": round(times[len(times) // 2] * 1000, 2),
            "vector_random_p95_ms": round(times[int(len(times) * 0.95)] * 1000, 2)}


def build(size: int, settings, database, generator) -> dict:
    """Store ``size // 2`` synthetic abstracts and index them lexically; the build's figures."""
    documents = size // 2
    started = time.perf_counter()
    for begin in range(0, documents, 2000):
        batch = [generator.document(n) for n in range(begin + 1, min(documents, begin + 2000) + 1)]
        with database.session() as session:
            save_documents(session, batch)
    stored_s = time.perf_counter() - started
    index = SearchIndex.open(settings, database)

    def progress(done: int, total: int) -> None:
        if done % 50_000 < 2000:
            print(f"  {size}: indexed {done}/{total} documents", file=sys.stderr, flush=True)
    report = index.sync(progress=progress, embed=False)
    index.close()
    return {"passages": report.passages_indexed, "documents": documents, "store_s": round(stored_s, 1),
            "lexical_build_s": round(report.seconds, 1), "passages_per_s": round(report.passages_per_second)}


def measure(settings, database, generator, queries: int, lexical_only: bool, compare: bool) -> dict:
    """Query latencies (lexical, then vectors and hybrid unless lexical-only) and sizes of a built home."""
    index = SearchIndex.open(settings, database)
    for _ in range(5):
        index.search(generator.query(), k=10, mode="lexical", expand=False)     # warm the caches
    result = (compare_lookup if compare else latencies)(index, generator, queries, "lexical")
    # The lexical half on its own line at once: a run stopped in the (long) vector stage still reports it.
    print(json.dumps({"stage": "lexical", **result, "database_mb": round(settings.paths.database.stat().st_size
                                                                         / 2**20, 1),
                      "peak_rss_mb": round(peak_rss_mb())}), file=sys.stderr, flush=True)
    if not lexical_only:
        index.search("warm up the encoder", k=1)
        if index.stats()["pending_vectors"]:
            result.update(synthetic_vectors(index, database, index.encoder.dimensions))
        result.update(vector_latency(index, index.encoder.dimensions, queries))
        result.update((compare_lookup if compare else latencies)(index, generator, queries, "hybrid"))
    stats = index.stats()
    index.close()
    result.update({"lexical_mb": round(stats["bytes"]["lexical"] / 2**20, 1),
                   "dense_mb": round(stats["bytes"]["dense"] / 2**20, 1),
                   "database_mb": round(settings.paths.database.stat().st_size / 2**20, 1),
                   "passages_lexical": stats["passages_lexical"], "passages_dense": stats["passages_dense"]})
    return result


def run(size: int, lexical_only: bool, queries: int, home: Path | None, compare: bool) -> dict:
    fresh = home is None
    home = home or Path(tempfile.mkdtemp(prefix="clinicite-scale-", dir=os.environ.get("SCALE_TMP")))
    overrides = {"embedding_model": "none"} if lexical_only else {}
    settings = load_settings(home=home, **overrides)
    database = Database.open(settings.resolved_database_url)
    generator = Generator()
    result = build(size, settings, database, generator) if fresh else {"built_before": True}
    result.update(measure(settings, database, generator, queries, lexical_only, compare))
    result.update({"peak_rss_mb": round(peak_rss_mb()), "cpu_s": round(time.process_time(), 1),
                   "queries": queries, "load_average": round(os.getloadavg()[0], 1), "home": str(home)})
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000", help="comma-separated passage counts")
    parser.add_argument("--lexical-only", action="store_true", help="skip dense vectors (embedding_model=none)")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--home", type=Path, help="measure a home an earlier run built (keep it with SCALE_TMP)")
    parser.add_argument("--compare-lookup", action="store_true",
                        help="also time each query with round 4's hit lookup, alternately with today's")
    args = parser.parse_args()
    if args.home:
        print(json.dumps(run(0, args.lexical_only, args.queries, args.home, args.compare_lookup)), flush=True)
        return
    for size in (int(s) for s in args.sizes.split(",")):
        print(json.dumps(run(size, args.lexical_only, args.queries, None, args.compare_lookup)), flush=True)


if __name__ == "__main__":
    main()
