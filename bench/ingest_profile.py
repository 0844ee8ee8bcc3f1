"""Where a lexical-only ingest spends its CPU: cProfile of one ingest of a generated MEDLINE corpus.

The corpus is bench/ingest.py's (real MEDLINE samples cycled with fresh PMIDs, gzipped like NLM's files).
Read-ahead is switched off so that parsing, storing and indexing all run in this one profiled process.
Prints the top functions by own time and by cumulative time, then one JSON line of the stage totals.

    python bench/ingest_profile.py [--records 5000] [--top 40] [--out profile.pstats]
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from ingest import medline_records, write_corpus  # noqa: E402  (bench/ingest.py, beside this file)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=5000)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--no-profile", action="store_true",
                        help="only time the ingest (to sample it from outside, e.g. with py-spy)")
    args = parser.parse_args()
    import clinicite.ingest.read_ahead as read_ahead
    from clinicite.app import Clinicite

    read_ahead.worth_reading_ahead = lambda paths: False
    with tempfile.TemporaryDirectory() as tmp:
        files = write_corpus(medline_records(), args.records, Path(tmp) / "corpus")
        core = Clinicite(home=Path(tmp) / "home", embedding_model="none")
        core.database        # open (and migrate) outside the profile
        # CPU time, not wall time: on a shared machine the wall clock mostly measures the neighbours.
        profile = cProfile.Profile(time.process_time)
        started, cpu = time.perf_counter(), time.process_time()
        if not args.no_profile:
            profile.enable()
        summary = core.ingest(files)
        profile.disable()
        seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
        core.close()
    if not args.no_profile:
        stats = pstats.Stats(profile)
        if args.out:
            stats.dump_stats(str(args.out))
        stats.sort_stats("tottime").print_stats(args.top)
        stats.sort_stats("cumulative").print_stats(args.top)
    print(json.dumps({"records": summary.records, "added": summary.added, "seconds": round(seconds, 2),
                      "cpu_seconds": round(cpu_seconds, 2),
                      "records_per_cpu_s": round(args.records / cpu_seconds, 1)}))


if __name__ == "__main__":
    main()
