"""Single-finding presentations through `clinicite ask` and `clinicite diagnose`: are the common causes shown?

    CLINICITE_HOME=<copy of /tmp/homes/lead13> PYTHONPATH=<checkout> python bench/common_causes.py \
        [--questions bench/common_causes_questions.json] [--split dev|unseen] [--answers DIR] [--out FILE.json]

Issue 8 item 3 ("common things are common"): a patient with one finding should get the causes a textbook
differential names first at that age. Each question of ``common_causes_questions.json`` lists those causes
(``expected``; each item a set of alternative names, written before the curated data was extended). Reported per
question and per split: how many expected causes the answer's differential table shows (``ask``, the rows a
reader sees) and how many are in `clinicite diagnose`'s top 10. The engine is whichever clinicite PYTHONPATH
puts first, so the same script measures a baseline checkout (``PYTHONPATH=/tmp/base13``) in the same run.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def table_rows(markdown: str) -> list[str]:
    """The diagnosis column of the answer's "Differential diagnosis" table."""
    section = markdown.split("## Differential diagnosis", 1)
    if len(section) < 2:
        return []
    rows = []
    for line in section[1].split("\n## ", 1)[0].splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and cells and cells[0] not in ("Diagnosis", "") and not set(cells[0]) <= set("-: "):
            rows.append(cells[0])
    return rows


def found(expected: list[list[str]], names: list[list[str]]) -> list[bool]:
    """Per expected cause: does any shown row (its names) contain one of its alternative names?"""
    lowered = [" | ".join(n).lower() for n in names]
    return [any(alt.lower() in row for alt in alts for row in lowered) for alts in expected]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--questions", type=Path, default=HERE / "common_causes_questions.json")
    parser.add_argument("--split", action="append", help="dev or unseen (repeatable; default all)")
    parser.add_argument("--answers", type=Path, help="folder to write each Markdown answer to")
    parser.add_argument("--out", type=Path, help="write per-question results (JSON)")
    args = parser.parse_args()

    import clinicite
    from clinicite.app import Clinicite
    from clinicite.compose import render
    print(f"clinicite from {Path(clinicite.__file__).parent}", file=sys.stderr)
    app = Clinicite()
    kb = app.knowledge
    questions = [q for q in json.loads(args.questions.read_text(encoding="utf-8"))["questions"]
                 if not args.split or q["split"] in args.split]
    results = []
    for q in questions:
        started = time.perf_counter()
        markdown = render(app.ask(q["text"], keep=False, fetch=False), "md")
        shown = table_rows(markdown)
        _, differential = app.diagnose(q["text"])
        top = [[d.name, *(n for i in d.ids if i in kb.diseases for n in kb.names_of(i))]
               for d in differential.diagnoses[:10]]
        ask_hits, top_hits = found(q["expected"], [[s] for s in shown]), found(q["expected"], top)
        results.append({"id": q["id"], "split": q["split"], "expected": len(q["expected"]),
                        "ask_shown": shown, "ask_hits": sum(ask_hits), "top10": [[t[0], round(d.probability, 4)] for t, d in zip(top, differential.diagnoses)],
                        "top10_hits": sum(top_hits), "seconds": round(time.perf_counter() - started, 1),
                        "missed_top10": [alts[0] for alts, hit in zip(q["expected"], top_hits) if not hit]})
        if args.answers:
            args.answers.mkdir(parents=True, exist_ok=True)
            (args.answers / f"{q['id']}.md").write_text(markdown, encoding="utf-8")
        r = results[-1]
        print(f"{q['id']}: ask {r['ask_hits']}/{r['expected']} {shown} | top10 {r['top10_hits']}/{r['expected']}"
              f" missed {r['missed_top10']}", flush=True)
    for split in dict.fromkeys(r["split"] for r in results):
        chosen = [r for r in results if r["split"] == split]
        total = sum(r["expected"] for r in chosen)
        print(f"{split}: {len(chosen)} questions, expected causes shown by ask {sum(r['ask_hits'] for r in chosen)}/"
              f"{total}, in diagnose top 10 {sum(r['top10_hits'] for r in chosen)}/{total}; questions whose ask "
              f"table shows none: {sum(1 for r in chosen if not r['ask_hits'])}")
    if args.out:
        args.out.write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
