"""bench/reason_lit.py's tables from the runs it left in a home (``run-<mode>.jsonl``), for any splits.

    python3 bench/reason_lit.py --home H --modes new ...          # writes H/run-new.jsonl
    python3 bench/reason_lit_tables.py --runs new=H/run-new.jsonl,base=H/run-base.jsonl [--splits ...]

The figures are bench/reason_lit.py's own (its ``report``, unchanged): this only reads runs kept from separate
invocations on one home, so a baseline run once can be compared with later runs of the branch.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def main() -> None:
    import reason_lit as bench
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", required=True, help="mode=path,mode=path")
    parser.add_argument("--splits", default="dev,held-out,fresh,fresh7,fresh8,fresh9,fresh10,fresh11,fresh12")
    args = parser.parse_args()
    runs = {}
    for item in args.runs.split(","):
        mode, path = item.split("=", 1)
        runs[mode] = {r["id"]: r for r in map(json.loads, Path(path).read_text().splitlines())}
    bench.report(bench.load_vignettes(), runs, False, tuple(args.splits.split(",")))


if __name__ == "__main__":
    main()
