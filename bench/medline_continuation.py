"""Time of reading a MEDLINE-text record whose abstract has many continuation lines (issue 13, item 9).

Usage: python3 bench/medline_continuation.py SOURCE_ROOT
"""
import sys, time
from pathlib import Path
root = sys.argv[1]; sys.path.insert(0, root)
from clinicite.ingest.readers import read_path
for n in (1000, 4000, 16000):
    body = "".join("      word\n" for _ in range(n))
    p = Path(f"/tmp/clinicite-bench-cont-{n}.txt"); p.write_text("PMID- 1\nAB  - start\n" + body + "\n")
    t = time.perf_counter(); ev = list(read_path(p)); dt = time.perf_counter() - t
    print(root, n, "lines", p.stat().st_size // 1024, "KB", f"{dt:.3f}s", type(ev[0]).__name__)
