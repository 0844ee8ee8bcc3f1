"""Why a named alternative of a bench/reason_lit.py vignette is missing from the top 10, per alternative.

    CLINICITE_SHARED_DATA=... python3 bench/reason_lit_alternatives.py --home H [--splits dev] [--ids a,b]

For each alternative the vignette's report discusses, one class:

- ``top10``: in the shown top 10;
- ``ranked N``: in the differential beyond the top 10 (rank N of the first 40);
- ``candidate``: a literature candidate (kept), but not in the first 40 rows;
- ``mentioned``: the report names it (a mention under the vocabulary), but it is no kept candidate;
- ``unrecognised``: no mention of it in the report's text (the vocabulary and patterns do not read its name).

A look inside the vignettes, which is tuning: refused on the splits that are still held out (held-out, fresh,
fresh7, fresh13). Uses bench/reason_lit.py's vignettes and matching rule, unchanged.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
HELD_OUT = {"held-out", "fresh", "fresh7", "fresh13"}


def report_texts(app, vignette: dict) -> list[str]:
    """The stored texts (title and body) of the vignette's report."""
    from sqlalchemy import text
    with app.database.session() as session:
        rows = session.execute(text("select title, text from documents where pmid = :p or origin like :o"),
                               {"p": vignette["pmid"], "o": f"%report-{vignette['pmid']}.%"}).all()
    return [f"{r[0]}\n{r[1]}" for r in rows]


def classify(alternative: list[str], rows: list[dict], longer: list[dict], candidates: list, mentions: list,
             bench) -> str:
    if bench.rank_of(alternative, rows) is not None:
        return "top10"
    rank = bench.rank_of(alternative, longer)
    if rank is not None:
        return f"ranked {rank}"
    if any(bench.matches(alternative, {"names": [c.name, c.key]}) for c in candidates):
        return "candidate"
    if any(bench.matches(alternative, {"names": [m.key, m.surface]}) for m in mentions):
        return "mentioned"
    return "unrecognised"


def main() -> None:
    import reason_lit as bench
    from clinicite.app import Clinicite, _LiteratureSearcher
    from clinicite.reason.literature import literature_candidates
    from clinicite.reason.mentions import disease_lexicon, find_mentions
    parser = argparse.ArgumentParser()
    parser.add_argument("--home", required=True)
    parser.add_argument("--splits", default="dev")
    parser.add_argument("--ids", default="")
    args = parser.parse_args()
    splits = args.splits.split(",")
    if HELD_OUT & set(splits):
        sys.exit(f"{sorted(HELD_OUT & set(splits))}: held out, not looked inside")
    app = Clinicite(home=Path(args.home), embedding_model="none")
    kb = app.knowledge
    lexicon = disease_lexicon(kb, app.vocabulary)
    counts: Counter[str] = Counter()
    for v in bench.load_vignettes():
        if v["split"] not in splits or not v["alternatives"] or (args.ids and v["id"] not in args.ids.split(",")):
            continue
        facts, shown = app.diagnose(v["text"])             # the top 10 as bench/reason_lit.py shows it
        _, differential = app.diagnose(v["text"], top=40)  # (a longer list is cut differently: ranks beyond 10)
        rows = [{"names": [d.name, *(n for i in d.ids if i in kb.diseases for n in kb.names_of(i))]}
                for d in shown.diagnoses[:10]]
        longer = [{"names": [d.name, *(n for i in d.ids if i in kb.diseases for n in kb.names_of(i))]}
                  for d in differential.diagnoses]
        labels = [kb.label(h) for h in facts.observed] if facts else []
        candidates = literature_candidates(_LiteratureSearcher(app), v["text"], labels, kb, facts=facts,
                                           vocabulary=app.vocabulary)
        mentions = [m for t in report_texts(app, v) for m in find_mentions(t, lexicon, {}, phenotypes=True)]
        print(f"\n{v['id']} [{v['split']}] dx {v['diagnosis'][0]!r}; top: {[d.name for d in shown.diagnoses[:10]]}")
        for alternative in v["alternatives"]:
            kind = classify(alternative, rows, longer, candidates, mentions, bench)
            counts[kind.split()[0]] += 1
            print(f"  {kind:12} {alternative[0]}")
    print(f"\n{dict(counts)}")


if __name__ == "__main__":
    main()
