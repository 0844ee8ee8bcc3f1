"""The language-model composer next to the extractive one, on the same questions in the same run.

Usage::

    python bench/answers_llm.py --set pubmedqa --split test --limit 12     # starts the packaged SmolLM2-135M
    python bench/answers_llm.py --set bioasq --split test --limit 100 --llm-url http://gpu-host:8000/v1 \\
        --llm-server vllm --llm-model Qwen/Qwen2.5-7B-Instruct
    python bench/answers.py --set bioasq --split test --limit 12 --composer llm      # the same, fewer options

The questions, corpora and measures are those of ``bench/answers.py`` (each
question over its own corpus in a fresh home; BioASQ yes/no accuracy, factoid
strict accuracy and MRR, list F1, ROUGE-2/SU4 of the ideal answer; PubMedQA
yes/no/maybe accuracy; bullets cited, citations that are the exact stored
text, latency): that harness is run twice with the same seed, once per
composer, so both answer exactly the same questions. The model is a local
llama.cpp server started here on a free loopback port (the packaged
SmolLM2-135M-Instruct) or ``--llm-url``.

The direct answer of a yes/no, factoid or list question (the weighed verdict,
the ranked names) is decided from the evidence whichever composer writes the
bullets, so those accuracies measure the pipeline, not the composer. What the
composer itself wrote is measured on its draft, before the direct answer is put
in (``draft``):

- ``model_used``: answers whose bullets the model wrote (not extractive fallbacks);
- ``statements``/``kept``/``dropped_by_reason``/``fallbacks``: what the checks did;
- ``bullets_claims_supported``: share of the draft's statements the claim checker
  accepts against the spans they cite; ``bullets_overlap_supported``: the same
  with the old word-overlap measure (containment >= 0.6);
- ``own_yes_no_accuracy``: the yes/no read from the draft's own bottom line (a
  leading Yes/No/Uncertain, else "no" when it negates, else "yes");
- ``compose_p50_s``/``compose_p95_s``: time in the composer alone.

The last line printed is one JSON object with both composers' figures.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import answers  # noqa: E402  (bench/answers.py: data sets, harness, measures)

_NEGATES = re.compile(r"\b(no|not|nor|neither|none|never|without|failed to|did not|does not|no significant|"
                      r"unrelated|ineffective)\b", re.I)


def verdict(bottom_line: str) -> str:
    first = re.match(r"\s*(yes|no|uncertain|maybe)\b", bottom_line, re.I)
    if first:
        word = first.group(1).lower()
        return "maybe" if word in ("uncertain", "maybe") else word
    return "no" if _NEGATES.search(bottom_line) else "yes"


def gold_yes_no(set_name: str) -> dict[str, str]:
    """Question text -> gold yes/no(/maybe), for the questions that have one."""
    if set_name == "pubmedqa":
        records = json.loads((answers.DATA / "pubmedqa" / "ori_pqal.json").read_text())
        return {r["QUESTION"]: r["final_decision"] for r in records.values()}
    return {q["body"]: str(q.get("exact_answer", "")).lower()
            for split in answers.BIOASQ_SPLITS for q in answers.bioasq_questions(split) if q.get("type") == "yesno"}


class DraftRecorder:
    """Wraps a composer and measures each draft it returns (the real composer does the work)."""

    def __init__(self, composer, gold: dict[str, str]) -> None:
        from clinicite.compose.verify import Verifier
        self.composer, self.gold, self.checker = composer, gold, Verifier()
        self.name = getattr(composer, "name", "extractive")
        self.rows: list[dict] = []

    def compose(self, request):
        from clinicite.compose.sentences import containment
        started = time.perf_counter()
        draft = self.composer.compose(request)
        elapsed = time.perf_counter() - started
        bullets = [b for bs in draft.sections.values() for b in bs]
        if draft.bottom_line is not None and draft.bottom_line not in bullets:
            bullets.append(draft.bottom_line)
        claims = overlap = 0
        for bullet in bullets:
            quotes = [request.evidence[i].quote for i in bullet.evidence]
            claims += self.checker.support(bullet.text, quotes).supported
            overlap += containment(bullet.text, " ".join(quotes)) >= 0.6
        fallback = next((m.group(1) for n in draft.notices
                         for m in [re.search(r"language model could not be used \((.*?)\);", n)] if m), None)
        self.rows.append({"question": request.analysis.text, "seconds": elapsed, "composer": draft.composer,
                          "bullets": len(bullets), "claims": claims, "overlap": overlap,
                          "bottom_line": draft.bottom_line.text if draft.bottom_line else "",
                          "authorship": draft.authorship, "fallback": fallback})
        # one line per draft on stderr, so that an interrupted run still shows what it measured
        print(json.dumps({"composer": draft.composer, **{k: v for k, v in self.rows[-1].items()
                                                         if k != "authorship"},
                          "dropped": [d["text"] for d in draft.authorship.get("dropped", [])]}),
              file=sys.stderr, flush=True)
        return draft

    def figures(self) -> dict:
        rows = self.rows
        bullets = sum(r["bullets"] for r in rows)
        asked = [(r, self.gold[r["question"]]) for r in rows if r["question"] in self.gold]
        right = sum(verdict(r["bottom_line"]) == gold for r, gold in asked)
        written = [r["authorship"] for r in rows if r["authorship"]]
        seconds = sorted(r["seconds"] for r in rows)
        return {
            "drafts": len(rows), "model_used": sum(r["composer"] == "language-model" for r in rows),
            "bullets": bullets,
            "bullets_claims_supported": round(sum(r["claims"] for r in rows) / bullets, 4) if bullets else None,
            "bullets_overlap_supported": round(sum(r["overlap"] for r in rows) / bullets, 4) if bullets else None,
            "own_yes_no_questions": len(asked),
            "own_yes_no_accuracy": round(right / len(asked), 4) if asked else None,
            "statements": sum(w.get("statements", 0) for w in written),
            "kept": sum(w.get("kept", 0) for w in written if w.get("used", True)),
            "dropped_by_reason": dict(Counter(d["reason"] for w in written for d in w.get("dropped", []))),
            "fallbacks": dict(Counter(re.sub(r"\d+(\.\d+)?", "N", r["fallback"])[:80]
                                      for r in rows if r["fallback"])),
            "compose_p50_s": round(seconds[len(seconds) // 2], 2) if seconds else None,
            "compose_p95_s": round(seconds[min(len(seconds) - 1, int(0.95 * len(seconds)))], 2) if seconds else None,
        }


def run(set_name: str, split: str, limit: int, seed: int, composer, gold: dict[str, str]) -> dict:
    recorder = DraftRecorder(composer, gold)
    answers.COMPOSER = recorder
    started = time.perf_counter()
    try:
        if set_name == "bioasq":
            shown = answers.run_bioasq("test" if split == "test" else "dev", limit, seed)
        else:
            shown = answers.run_pubmedqa("test" if split == "test" else "train", limit, seed, fit=False)
    finally:
        answers.COMPOSER = None
    return {"answer": shown, "draft": recorder.figures(), "wall_s": round(time.perf_counter() - started, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=("bioasq", "pubmedqa"), default="pubmedqa")
    parser.add_argument("--split", choices=("dev", "test", "train"), default="test")
    parser.add_argument("--limit", type=int, default=12)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--llm-url", help="an OpenAI-compatible endpoint; default: start the packaged model")
    parser.add_argument("--llm-model", default=None)
    parser.add_argument("--llm-server", default="auto")
    parser.add_argument("--max-tokens", type=int, default=300)
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds, plus --timeout-per-1k per 1,000 "
                                                                     "prompt tokens")
    parser.add_argument("--timeout-per-1k", type=float, default=30.0)
    parser.add_argument("--threads", type=int, default=None)
    args = parser.parse_args()
    if not answers.DATA.is_dir():
        sys.exit(f"shared data not found at {answers.DATA}")
    from clinicite.compose import ExtractiveComposer
    from clinicite.compose.llm import LanguageModelComposer
    from clinicite.compose.local_server import LocalServer
    from clinicite.compose.question import read_case

    read_case("warm up")      # the first question pays for loading the concept recogniser
    gold = gold_yes_no(args.set)
    result = {"set": args.set, "split": args.split, "limit": args.limit, "seed": args.seed}
    result["extractive"] = run(args.set, args.split, args.limit, args.seed, ExtractiveComposer(), gold)
    print("extractive", json.dumps(result["extractive"]), flush=True)
    server = None if args.llm_url else LocalServer(threads=args.threads, log=Path(tempfile.gettempdir())
                                                   / "clinicite-bench-llama.log").start()
    try:
        composer = LanguageModelComposer(args.llm_url or server.base_url, args.llm_model or
                                         (server.alias if server else None), server=args.llm_server,
                                         max_tokens=args.max_tokens, timeout_s=args.timeout,
                                         timeout_per_1k_prompt_tokens_s=args.timeout_per_1k)
        result["model"], result["server"] = composer.model, composer.client.family()
        if server is not None:
            result["server_pid"], result["threads"] = server.process.pid, server.threads
        result["language_model"] = run(args.set, args.split, args.limit, args.seed, composer, gold)
    finally:
        if server is not None:
            server.stop()
    print("language_model", json.dumps(result["language_model"]), flush=True)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
