"""Start-up cost of the knowledge base with the similar-case library: cold (empty cache) vs warm.

Each start is a fresh process, as a user's `clinicite diagnose` is: first the knowledge base
and the case library alone (``app.knowledge`` + ``app.similar_cases``, timed inside the child),
then the whole command (`diagnose --hpo ... --no-literature`, wall clock). The cold start runs on
an empty cache folder; the warm ones reuse what the cold one wrote. Baseline in the same run:
the curated knowledge base without the library, cold and warm.

    PYTHONPATH=$PWD nice -n 15 python3 bench/knowledge_startup.py [--library PATH] [--warm 2]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIBRARY = ROOT.parent.parent / "shared" / "data" / "phenopackets" / "dev.jsonl.gz"
if not LIBRARY.exists():
    LIBRARY = Path("/work/shared/data/phenopackets/dev.jsonl.gz")
CHILD = """
import json, resource, time
started = time.perf_counter()
from clinicite.app import Clinicite
app = Clinicite()
kb = app.knowledge
built = time.perf_counter()
library = app.similar_cases
done = time.perf_counter()
print(json.dumps({"knowledge_s": round(built - started, 2), "library_s": round(done - built, 2),
                  "total_s": round(done - started, 2), "cases": len(library) if library is not None else 0,
                  "candidates": len(kb.candidates),
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}))
"""
DIAGNOSE = ["diagnose", "--hpo", "HP:0001263", "--hpo", "HP:0001250", "--hpo", "HP:0001252",
            "--hpo", "HP:0000252", "--hpo", "-HP:0000365", "--no-literature", "--top", "5"]


def _env(home: Path, library: Path | None) -> dict[str, str]:
    env = dict(os.environ, CLINICITE_HOME=str(home), PYTHONPATH=str(ROOT))
    env.pop("CLINICITE_SIMILAR_CASES", None)
    if library is not None:
        env["CLINICITE_SIMILAR_CASES"] = str(library)
    return env


def load_once(home: Path, library: Path | None) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD], env=_env(home, library), cwd=ROOT,
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def diagnose_once(home: Path, library: Path | None) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "clinicite", *DIAGNOSE], env=_env(home, library), cwd=ROOT,
                   capture_output=True, text=True, check=True)
    return round(time.perf_counter() - started, 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--library", type=Path, default=LIBRARY, help="phenopackets .jsonl[.gz] (the case library)")
    parser.add_argument("--warm", type=int, default=2, help="warm starts to time after the cold one")
    args = parser.parse_args()
    if not args.library.exists():
        sys.exit(f"no case library at {args.library} (the shared phenopacket dev file)")
    home = Path(tempfile.mkdtemp(prefix="clinicite-startup-"))
    try:
        rows = [("library, cold (empty cache)", load_once(home, args.library))]
        rows += [(f"library, warm {i + 1}", load_once(home, args.library)) for i in range(args.warm)]
        rows.append(("no library (curated only), cold", load_once(home, None)))
        rows.append(("no library (curated only), warm", load_once(home, None)))
        print("| start | knowledge s | library s | total s | cases | peak RSS MB |")
        print("|---|---|---|---|---|---|")
        for name, r in rows:
            print(f"| {name} | {r['knowledge_s']} | {r['library_s']} | {r['total_s']} | {r['cases']} | {r['peak_rss_mb']} |")
        shutil.rmtree(home / "cache")
        cold = diagnose_once(home, args.library)
        warm = [diagnose_once(home, args.library) for _ in range(args.warm)]
        print(f"\n`clinicite diagnose --hpo ... --no-literature` wall s: cold {cold}, warm {', '.join(map(str, warm))}; "
              f"load average {os.getloadavg()[0]:.1f}")
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
