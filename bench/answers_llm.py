"""The language-model composer next to the extractive one, on the same questions in the same run.

Usage::

    python bench/answers_llm.py --set pubmedqa --limit 20            # starts the packaged SmolLM2-135M
    python bench/answers_llm.py --set bioasq --limit 20 --llm-url http://gpu-host:8000/v1 --llm-server vllm

Corpora, documents and questions come from ``bench/answers.py`` (BioASQ task B
gold snippets plus distractors; PubMedQA's 1,000 labelled abstracts). Each
question is answered twice over one index: by the extractive composer and by
the language-model composer (a local llama.cpp server started here on a free
loopback port, or ``--llm-url``). Per composer:

- ``bullets_cited``: share of bullets with a citation;
- ``citations_supporting``: share of citations whose span supports their bullet by
  word overlap (containment >= 0.6, the measure of bench/answers.py), and
  ``claims_supported``: share of bullets the claim checker accepts against their spans;
- ``yes_no_accuracy`` on the yes/no questions (PubMedQA: all; BioASQ: type yesno),
  the verdict read from the bottom line (a leading "Yes"/"No"/"Uncertain", else
  "no" when it negates, else "yes"); the majority-class baseline of the same questions;
- ``rouge_l`` against the ideal answer; ``latency_p50_s``/``latency_p95_s``;
- language model only: ``model_used`` (answers it wrote, not fallbacks), statements
  written/kept/dropped, dropped by reason, fallbacks by reason.

The last line printed is one JSON object with both composers' figures.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import answers  # noqa: E402  (bench/answers.py: corpora, index, ROUGE-L)

answers.DATA = next((p / "shared" / "data" for p in (ROOT.parent, ROOT.parent.parent)
                     if (p / "shared" / "data").is_dir()), answers.DATA)

_NEGATES = re.compile(r"\b(no|not|nor|neither|none|never|without|failed to|did not|does not|no significant|"
                      r"unrelated|ineffective)\b", re.I)


def verdict(bottom_line: str) -> str:
    first = re.match(r"\s*(yes|no|uncertain|maybe)\b", bottom_line, re.I)
    if first:
        word = first.group(1).lower()
        return "maybe" if word in ("uncertain", "maybe") else word
    return "no" if _NEGATES.search(bottom_line) else "yes"


def yes_no_labels(set_name: str, limit: int, seed: int) -> dict[str, str]:
    """Question text -> gold yes/no(/maybe) for the questions that have one."""
    if set_name == "pubmedqa":
        records = json.loads((answers.DATA / "pubmedqa" / "ori_pqal.json").read_text())
        return {r["QUESTION"]: r["final_decision"] for r in records.values()}
    questions = []
    for path in sorted((answers.DATA / "bioasq").glob("Task*BGoldenEnriched/*_golden.json")):
        questions += json.loads(path.read_text())["questions"]
    random.Random(seed).shuffle(questions)          # the same sample as answers.bioasq
    return {q["body"]: str(q.get("exact_answer", "")).lower() for q in questions[:limit] if q.get("type") == "yesno"}


def measure(context, composer, items, gold_verdicts) -> dict:
    from clinicite.compose import answer_question
    from clinicite.compose.sentences import containment
    from clinicite.compose.verify import Verifier

    checker = Verifier()
    context._resolved["composer"] = composer
    latencies, rouge, right, asked = [], [], 0, []
    bullets = cited = citations = supporting = claims_ok = used = 0
    statements = kept = 0
    dropped: Counter = Counter()
    fallbacks: Counter = Counter()
    for question, ideal, _gold in items:
        started = time.perf_counter()
        answer = answer_question(question, context=context)
        latencies.append(time.perf_counter() - started)
        shown = [b for s in answer.sections for b in s.bullets]
        for bullet in shown:
            bullets += 1
            cited += bool(bullet.citations)
            joined = " ".join(c.quote for c in bullet.citations)
            claims_ok += checker.support(bullet.text, [joined]).supported if bullet.citations else 0
            for citation in bullet.citations:
                citations += 1
                supporting += containment(bullet.text, citation.quote) >= 0.6 or containment(bullet.text, joined) >= 0.6
        if ideal:
            rouge.append(answers.rouge_l(" ".join([answer.bottom_line] + [b.text for b in shown]), ideal))
        if question in gold_verdicts:
            asked.append(gold_verdicts[question])
            right += verdict(answer.bottom_line) == gold_verdicts[question]
        used += answer.composer == "language-model"
        written = answer.authorship or {}
        statements += written.get("statements", 0)
        kept += written.get("kept", 0) if written.get("used", True) else 0
        dropped.update(d["reason"] for d in written.get("dropped", []))
        for notice in answer.notices:
            found = re.search(r"language model could not be used \((.*?)\);", notice)
            if found:
                fallbacks[re.sub(r"\d+(\.\d+)?", "N", found.group(1))[:80]] += 1
    ordered = sorted(latencies)
    majority = Counter(asked).most_common(1)[0][0] if asked else None
    return {
        "questions": len(items), "bullets": bullets,
        "bullets_cited": round(cited / bullets, 4) if bullets else None,
        "citations_supporting": round(supporting / citations, 4) if citations else None,
        "claims_supported": round(claims_ok / bullets, 4) if bullets else None,
        "yes_no_questions": len(asked), "yes_no_accuracy": round(right / len(asked), 4) if asked else None,
        "yes_no_majority_baseline": round(asked.count(majority) / len(asked), 4) if asked else None,
        "rouge_l": round(statistics.mean(rouge), 4) if rouge else None,
        "latency_p50_s": round(ordered[len(ordered) // 2], 2) if ordered else None,
        "latency_p95_s": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 2) if ordered else None,
        "model_used": used, "statements": statements, "kept": kept, "dropped_by_reason": dict(dropped),
        "fallbacks": dict(fallbacks),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=("bioasq", "pubmedqa"), default="pubmedqa")
    parser.add_argument("--limit", type=int, default=20)
    parser.add_argument("--distractors", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--llm-url", help="an OpenAI-compatible endpoint; default: start the packaged model")
    parser.add_argument("--llm-model", default=None)
    parser.add_argument("--llm-server", default="auto")
    parser.add_argument("--max-tokens", type=int, default=500)
    parser.add_argument("--threads", type=int, default=None)
    args = parser.parse_args()
    if not answers.DATA.is_dir():
        sys.exit(f"shared data not found at {answers.DATA}")
    from clinicite.compose import ExtractiveComposer
    from clinicite.compose.llm import LanguageModelComposer
    from clinicite.compose.local_server import LocalServer
    from clinicite.compose.verify import Verifier

    documents, items = answers.bioasq(args.limit, args.distractors, args.seed) if args.set == "bioasq" \
        else answers.pubmedqa(args.limit, args.seed)
    gold_verdicts = yes_no_labels(args.set, args.limit, args.seed)
    server = None if args.llm_url else LocalServer(threads=args.threads, log=Path(tempfile.gettempdir())
                                                   / "clinicite-bench-llama.log").start()
    try:
        url = args.llm_url or server.base_url
        composer = LanguageModelComposer(url, args.llm_model, server=args.llm_server, max_tokens=args.max_tokens,
                                         timeout_s=120, timeout_per_1k_prompt_tokens_s=30, verifier=Verifier())
        with tempfile.TemporaryDirectory(prefix="clinicite-bench-") as folder:
            context, _index = answers.build(Path(folder), documents, dense=False)
            from clinicite.compose.question import read_case
            read_case("warm up")
            result = {"set": args.set, "documents": len(documents), "seed": args.seed,
                      "extractive": measure(context, ExtractiveComposer(), items, gold_verdicts),
                      "language_model": measure(context, composer, items, gold_verdicts),
                      "model": composer.model, "server": composer.client.family()}
    finally:
        if server is not None:
            server.stop()
    for name in ("extractive", "language_model"):
        print(name, json.dumps(result[name]))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
