"""Load test of `clinicite serve` on loopback: concurrent questions and article views.

Without --url it builds a temporary home, ingests a small real corpus, creates
an author and a reviewer, starts `clinicite serve` on a free 127.0.0.1 port,
publishes one article through the review workflow, then drives the server for
--seconds (or --max-requests, whichever comes first) from --concurrency
threads. With --url (127.0.0.1 or localhost only) it drives a server you run,
authenticating with --token.

The last line of output is JSON: throughput, p50/p95/p99 latency per request
kind, and errors by status.

    python bench/serve_load.py --seconds 30 --concurrency 8
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlsplit

import httpx

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "data" / "medline-samples" / "biopython"
QUESTIONS = [
    "What is the first-line treatment of community-acquired pneumonia in adults?",
    "Which tests confirm iron deficiency anaemia?",
    "7-year-old with short stature, delayed bone age and fatigue: what should be considered?",
    "Does vitamin D supplementation prevent fractures in older adults?",
    "What are the red flags of headache in pregnancy?",
]
PASSWORD = "bench password 123"


def _percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return round(ordered[index] * 1000, 1)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _cli(env: dict, *args: str, stdin: str | None = None) -> str:
    done = subprocess.run(["clinicite", *args], env=env, input=stdin, capture_output=True, text=True, timeout=1800)
    if done.returncode not in (0, 1):
        raise SystemExit(f"clinicite {' '.join(args)} failed: {done.stderr[-2000:]}")
    return done.stdout.strip()


class LocalServer:
    """A temporary home with a small corpus and two accounts, served by `clinicite serve`."""

    def __init__(self, corpus: Path) -> None:
        self.home = Path(tempfile.mkdtemp(prefix="clinicite-bench-"))
        self.env = {**os.environ, "CLINICITE_HOME": str(self.home),
                    "CLINICITE_ASK_RATE_LIMIT_PER_MINUTE": "1000000"}
        self.env.pop("CLINICITE_DATABASE_URL", None)
        started = time.monotonic()
        if corpus.exists():
            _cli(self.env, "ingest", str(corpus), "--no-progress")
        self.ingest_seconds = round(time.monotonic() - started, 1)
        self.tokens = {}
        for role in ("author", "reviewer"):
            _cli(self.env, "users", "create", f"{role}@bench.local", "--role", role, "--password-stdin",
                 stdin=PASSWORD + "\n")
            self.tokens[role] = _cli(self.env, "users", "token", f"{role}@bench.local").splitlines()[-1]
        self.port = _free_port()
        self.process = subprocess.Popen(["clinicite", "serve", "--host", "127.0.0.1", "--port", str(self.port),
                                         "--log-level", "warning"], env=self.env,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.url + "/api/v1/health", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        self.close()
        raise SystemExit("the server did not start within 60 s")

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self.home, ignore_errors=True)


def corpus_questions(url: str, limit: int = 5) -> list[str]:
    """Questions about what the corpus holds (from search hits' titles), so answers need not abstain."""
    found: list[str] = []
    for probe in ("patients", "treatment", "disease", "study"):
        try:
            hits = httpx.get(f"{url}/api/v1/search", params={"q": probe, "k": 10}, timeout=60).json()
        except (httpx.HTTPError, ValueError):
            continue
        for hit in hits if isinstance(hits, list) else []:
            title = str(hit.get("title") or "").strip().rstrip(".")
            question = f"What is known about {title[:200]}?"
            if title and question not in found:
                found.append(question)
    return found[:limit]


def publish_article(url: str, author_token: str, reviewer_token: str | None, questions: list[str]) -> int | None:
    """Ask, submit and (with a reviewer token) approve one article; its id, or None when every answer abstains."""
    author = httpx.Client(base_url=url, headers={"Authorization": f"Bearer {author_token}"}, timeout=120)
    for question in questions[:8]:
        asked = author.post("/api/v1/ask", json={"question": question})
        if asked.status_code != 201:
            print(f"seeding: ask returned {asked.status_code}: {asked.text[:300]}", file=sys.stderr)
            return None
        if asked.json()["answer"].get("abstained"):
            continue
        submitted = author.post(f"/api/v1/answers/{asked.json()['id']}/submit")
        if submitted.status_code != 201:
            print(f"seeding: submit returned {submitted.status_code}: {submitted.text[:300]}", file=sys.stderr)
            return None
        article_id = submitted.json()["id"]
        if reviewer_token:
            reviewer = httpx.Client(base_url=url, headers={"Authorization": f"Bearer {reviewer_token}"}, timeout=60)
            reviewer.post(f"/api/v1/articles/{article_id}/take")
            reviewer.post(f"/api/v1/articles/{article_id}/approve", json={"note": "bench"})
        return article_id
    print("seeding: every answer abstained; article views fall back to the library page", file=sys.stderr)
    return None


def drive(url: str, token: str | None, article_id: int | None, seconds: float, max_requests: int,
          concurrency: int, ask_share: float, questions: list[str]) -> dict:
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: Counter[str] = Counter()
    lock = threading.Lock()
    issued = [0]
    stop_at = time.monotonic() + seconds
    views = [f"/articles/{article_id}", f"/api/v1/articles/{article_id}"] if article_id else ["/articles"]

    def worker(seed: int) -> None:
        rng = random.Random(seed)
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        with httpx.Client(base_url=url, headers=headers, timeout=120) as client:
            while time.monotonic() < stop_at:
                with lock:
                    if issued[0] >= max_requests:
                        return
                    issued[0] += 1
                kind = "ask" if rng.random() < ask_share else "view"
                started = time.perf_counter()
                try:
                    if kind == "ask":
                        response = client.post("/api/v1/ask", json={"question": rng.choice(questions)})
                    else:
                        response = client.get(rng.choice(views))
                    status = str(response.status_code) if response.status_code >= 400 else None
                except httpx.HTTPError as error:
                    status = type(error).__name__
                elapsed = time.perf_counter() - started
                with lock:
                    latencies[kind].append(elapsed)
                    if status:
                        errors[f"{kind}:{status}"] += 1

    began = time.monotonic()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - began
    total = sum(len(v) for v in latencies.values())
    report = {"url": url, "seconds": round(wall, 2), "concurrency": concurrency, "requests": total,
              "throughput_rps": round(total / wall, 2) if wall else None, "errors": dict(errors),
              "error_count": sum(errors.values())}
    for kind, values in sorted(latencies.items()):
        report[kind] = {"count": len(values), "p50_ms": _percentile(values, 50), "p95_ms": _percentile(values, 95),
                        "p99_ms": _percentile(values, 99),
                        "rps": round(len(values) / wall, 2) if wall else None}
    return report


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", help="a running server on 127.0.0.1 (default: start one)")
    parser.add_argument("--token", help="bearer token for --url (an author's, to seed an article)")
    parser.add_argument("--article", type=int, help="with --url: an approved article id to view")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="files to ingest when starting a server")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--max-requests", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--ask-share", type=float, default=0.2, help="fraction of requests that ask")
    args = parser.parse_args(argv)

    server = None
    if args.url:
        if urlsplit(args.url).hostname not in ("127.0.0.1", "localhost"):
            parser.error("only loopback targets (127.0.0.1, localhost) may be load-tested")
        url, token, article_id = args.url.rstrip("/"), args.token, args.article
        questions = corpus_questions(url) + QUESTIONS
        if article_id is None and token:
            article_id = publish_article(url, token, None, questions)
    else:
        server = LocalServer(args.corpus)
        url, token = server.url, server.tokens["author"]
        questions = corpus_questions(url) + QUESTIONS
        article_id = publish_article(url, server.tokens["author"], server.tokens["reviewer"], questions)
    try:
        report = drive(url, token, article_id, args.seconds, args.max_requests, args.concurrency, args.ask_share,
                       questions)
    finally:
        if server is not None:
            server.close()
    if server is not None:
        report["ingest_seconds"] = server.ingest_seconds
    report["article_id"] = article_id
    for kind in ("ask", "view"):
        if kind in report:
            k = report[kind]
            print(f"{kind:5s} n={k['count']:5d}  p50={k['p50_ms']} ms  p95={k['p95_ms']} ms  p99={k['p99_ms']} ms")
    print(f"throughput {report['throughput_rps']} req/s, errors {report['errors']}")
    print(json.dumps(report))
    return report


if __name__ == "__main__":
    main()
