"""Peak memory and time of reading one MEDLINE record that holds N empty elements (issue 13, item 8).

Usage: python3 bench/element_bomb.py SOURCE_ROOT N  (SOURCE_ROOT: a checkout whose clinicite is measured)
"""
import sys, time, gzip, resource
from pathlib import Path
root = sys.argv[1]; n = int(sys.argv[2]); sys.path.insert(0, root)
from clinicite.ingest.readers import read_path
p = Path(f"/tmp/clinicite-bench-bomb-{n}.xml.gz")
if not p.exists():
    bomb = b"<?xml version='1.0'?><PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>5</PMID>" + b"<a/>" * n + b"</MedlineCitation></PubmedArticle></PubmedArticleSet>"
    p.write_bytes(gzip.compress(bomb))
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t = time.perf_counter()
try:
    ev = [type(e).__name__ + ":" + str(getattr(e, "reason", ""))[:60] for e in read_path(p)]
except BaseException as e:
    ev = [repr(e)[:80]]
print(root[-7:], f"{n:,} elements, {p.stat().st_size // 1024} KB gz:", f"{time.perf_counter() - t:.1f}s",
      f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MiB (before {base // 1024})", ev[:2])
