"""Unsupported rows of the free differential when MedQA vignettes are diagnosed against a literature home.

    CLINICITE_SHARED_DATA=../shared/data nice python3 bench/medqa_literature.py [--home /tmp/homes/NAME-medqa-lit]
        [--limit 40] [--distractors 300] [--modes new,base] [--base-code /tmp/base15]

Issue 8's target: "no melanoma-style unsupported candidate in any top 10". bench/medqa.py searches no literature,
so it cannot see the candidates that come in through passages; this bench can. The home holds no report that
matches any vignette: the ``medline-samples`` folder (ingested through ``Clinicite.ingest``) and ``--distractors``
unrelated PubMedQA abstracts and as many unrelated BioASQ documents (seeded), built by
:func:`reason_lit.build_home` with no vignette of its own. Knowledge: HPO + Orphanet ORPHApackets, as there.

Vignettes: the first ``--limit`` MedQA "most likely diagnosis" vignettes by bench/medqa.py's selection rule, in
file order (no split: nothing here is fitted; the figure is a count of rows that should not be shown at all). Each
goes through ``Clinicite.diagnose`` with literature (the path of ``clinicite diagnose``), one subprocess per code
version, same home, same run. A shown top-10 row is unsupported when nothing of the case speaks for it
(:func:`reason_lit.supported`: no case finding or gene, no weighed discriminator, no passage naming a case
finding). Printed: per code version, unsupported rows, vignettes with one, and every unsupported row with the
route that brought it (its ``source`` and the labels of its evidence); and, per split of bench/medqa.py's hash
rule, the calibration of the displayed top-1 probability with literature on (``--limit 0``: every vignette).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import reason_lit  # noqa: E402  (bench/ is not a package)


def worker(home: str, out: str, limit: int) -> None:
    """Diagnose the vignettes with the clinicite on sys.path; write each top-10 row as JSON lines."""
    from clinicite.app import Clinicite
    from clinicite.reason import engine
    app = Clinicite(home=Path(home), embedding_model="none")
    app.knowledge
    raw: dict = {}
    calibrate_rows = engine._calibrate_rows

    def recording(rows, case_regime, room, n_findings=None):
        # the leading row's probability before the display map, and its regime: what a map for this kind is fitted on
        raw.update(top_raw=rows[0].probability if rows else None, regime=case_regime, n_findings=n_findings)
        return calibrate_rows(rows, case_regime, room, n_findings)
    engine._calibrate_rows = recording
    rows = []
    for v in reason_lit.medqa_vignettes(limit or 10**6):
        started = time.perf_counter()
        raw.clear()
        _, differential = app.diagnose(v["text"], literature=True)
        shown = [{"name": d.name, "source": d.source, "probability": round(d.probability, 4),
                  "names": list(dict.fromkeys([d.name, *(n for i in d.ids if i in app.knowledge.diseases
                                                          for n in app.knowledge.names_of(i))])),
                  "supported": reason_lit.supported(d),
                  "for": [w.label for w in d.for_][:4], "passages": len(d.passages)}
                 for d in differential.diagnoses[:10]]
        rows.append({"id": v["id"], "status": differential.status, "rows": shown, "answer": v["diagnosis"], **raw,
                     "seconds": round(time.perf_counter() - started, 2)})
        print(f"{v['id']}: {[r['name'] for r in shown[:3]]}", file=sys.stderr, flush=True)
    Path(out).write_text("\n".join(json.dumps(r) for r in rows))


def calibration(results: list[dict]) -> dict:
    """Per split of bench/medqa.py's hash rule: the displayed top-1 probability against whether the top row is
    the answer (matched by name as bench/reason_lit.py matches), over the vignettes with a ranked list."""
    import medqa
    from clinicite.reason.calibration import reliability
    out = {}
    for split in ("train", "held_out"):
        chosen = [r for r in results if r["rows"] and medqa.held_out(r["id"].split(":", 1)[1]) == (split == "held_out")]
        found = reliability([r["rows"][0]["probability"] for r in chosen],
                            [reason_lit.matches(r["answer"], r["rows"][0]) for r in chosen])
        found.pop("table", None)
        top10 = sum(reason_lit.rank_of(r["answer"], r["rows"]) is not None for r in chosen)
        out[split] = {**found, "answer_in_top10": top10}
    return out


def report(runs: dict[str, list[dict]]) -> None:
    for mode, results in runs.items():
        rows = [row for r in results for row in r["rows"]]
        bad = [(r["id"], row) for r in results for row in r["rows"] if not row["supported"]]
        print(json.dumps({"code": mode, "vignettes": len(results),
                          "ranked": sum(r["status"] == "ranked" for r in results),
                          "rows_shown": len(rows), "unsupported_rows": len(bad),
                          "vignettes_with_an_unsupported_row": len({i for i, _ in bad}),
                          "mean_seconds": round(sum(r["seconds"] for r in results) / max(1, len(results)), 2),
                          "calibration_with_literature": calibration(results)}))
        for key, row in bad:
            print(f"  {mode} {key}: {row['name']} (source {row['source']}, p {row['probability']}, "
                  f"for {row['for']}, passages {row['passages']})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--home", type=Path, default=Path("/tmp/homes/medqa-literature"))
    parser.add_argument("--limit", type=int, default=40)
    parser.add_argument("--distractors", type=int, default=300)
    parser.add_argument("--modes", default="new,base")
    parser.add_argument("--base-code", type=Path, default=Path("/tmp/base15"),
                        help="an unpacked tree of the baseline (with clinicite/)")
    parser.add_argument("--worker", nargs=2, metavar=("HOME", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return worker(*args.worker, limit=args.limit)
    if not reason_lit.DATA.is_dir():
        sys.exit(f"{reason_lit.DATA} is absent: this benchmark needs ../shared/data")
    if not (args.home / "index").exists():
        started = time.perf_counter()
        reason_lit.build_home(args.home, [], args.distractors)
        print(f"home built in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    runs = {}
    for mode in args.modes.split(","):
        code = args.base_code if mode == "base" else ROOT
        out = args.home / f"medqa-run-{mode}.jsonl"
        env = {**os.environ, "PYTHONPATH": str(code), "CLINICITE_HOME": str(args.home)}
        subprocess.run([sys.executable, str(Path(__file__).resolve()), "--worker", str(args.home), str(out),
                        "--limit", str(args.limit)], env=env, check=True, cwd=str(code))
        runs[mode] = [json.loads(line) for line in out.read_text().splitlines() if line]
    report(runs)


if __name__ == "__main__":
    main()
