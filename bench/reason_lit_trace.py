"""Where the chain from a vignette to its matching case report breaks, per vignette of bench/reason_lit.py.

    CLINICITE_SHARED_DATA=... python3 bench/reason_lit_trace.py --home H [--splits fresh] [--ids a,b]

For each vignette: the rank of the report's first passage in the literature search for the vignette's text, whether
the report is read (relevant), whether it passes the similar-case test (by findings or by text, with what it
shares), which diagnoses it is read to state, and where the gold diagnosis ends in the differential.
Never run on a split that is still fresh (it is a look inside, which is tuning)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def report_document(app, vignette: dict) -> set[str]:
    """The stored ids of the vignette's report (a PubMed record, or the file ingested for it)."""
    from sqlalchemy import text
    with app.database.session() as session:
        rows = session.execute(text("select id from documents where pmid = :p or origin like :o"),
                               {"p": vignette["pmid"], "o": f"%report-{vignette['pmid']}.%"}).all()
    return {r[0] for r in rows}


def main() -> None:
    import reason_lit as bench
    from clinicite.app import Clinicite, _LiteratureSearcher
    from clinicite.reason.literature import literature_candidates
    parser = argparse.ArgumentParser()
    parser.add_argument("--home", required=True)
    parser.add_argument("--splits", default="dev")
    parser.add_argument("--ids", default="")
    args = parser.parse_args()
    if "fresh15" in args.splits.split(","):
        sys.exit("fresh15 is the round-15 fresh set: not looked inside")
    app = Clinicite(home=Path(args.home), embedding_model="none")
    kb = app.knowledge
    chosen = [v for v in bench.load_vignettes() if v["split"] in args.splits.split(",")
              and (not args.ids or v["id"] in args.ids.split(","))]
    for v in chosen:
        facts = app.understand(v["text"])
        labels = [kb.label(h) for h in facts.observed]
        trace: dict = {}
        candidates = literature_candidates(_LiteratureSearcher(app), v["text"], labels, kb, facts=facts,
                                           vocabulary=app.vocabulary, trace=trace)
        wanted = report_document(app, v)
        ranked = list(dict.fromkeys(h.document_id for h in trace.get("hits", [])))
        rank = next((i for i, d in enumerate(ranked) if d in wanted), None)
        print(f"\n{v['id']} [{v['split']}] dx {v['diagnosis'][0]!r}: {v['text'][:110]}")
        print(f"  findings: {labels}")
        print(f"  report {sorted(wanted)} rank in search: {rank} of {len(ranked)}; first: {ranked[:1]}")
        for d in wanted:
            m = trace.get("matches", {}).get(d)
            if m is None:
                print(f"  {d}: not read (no relevant passage)")
                continue
            print(f"  {d}: similar={m.similar} findings={m.findings} terms={m.terms} patient={m.describes_patient}"
                  f" rank={m.rank} coverage={m.coverage:.2f} of {m.case_stems} stated={sorted(trace['stated'].get(d, ()))}")
        gold = next((i for i, c in enumerate(candidates) if bench.matches(v["diagnosis"], {"names": [c.name, c.key]})),
                    None)
        print(f"  gold among literature candidates: {gold}; top: {[c.name for c in candidates[:4]]}")
        _, differential = app.diagnose(v["text"])
        names = [{"names": [d.name, *(n for i in d.ids if i in kb.diseases for n in kb.names_of(i))]}
                 for d in differential.diagnoses[:10]]
        print(f"  differential rank: {bench.rank_of(v['diagnosis'], names)}; "
              f"{[d.name for d in differential.diagnoses[:3]]}")


if __name__ == "__main__":
    main()
