"""Throughput of MEDLINE XML parsing (parse only, no store) on real NLM baseline/update samples.

Builds one temporary PubmedArticleSet of about ``--records`` records by repeating the
PubmedArticle elements of ``../shared/data/medline-samples/pmparser/*.xml.gz``, gzips it
like NLM's files, then times :func:`clinicite.ingest.readers.read_path` over it on one core.
The last line printed is JSON: {"records_per_s": ..., ...}.

    python bench/ingest_parse.py [--records 50000] [--plain]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# CLINICITE_SHARED_DATA as in bench/ingest.py (a worktree sits one level deeper than the main checkout).
# The clinicite measured is whichever PYTHONPATH names, so the same script times a baseline checkout too.
SHARED = Path(os.environ.get("CLINICITE_SHARED_DATA", ROOT.parent / "shared" / "data"))
SAMPLES = SHARED / "medline-samples" / "pmparser"
_ARTICLE = re.compile(rb"<PubmedArticle>.*?</PubmedArticle>", re.S)


def build(target: Path, records: int, compress: bool) -> tuple[int, int]:
    articles = []
    for sample in sorted(SAMPLES.glob("*.xml.gz")):
        articles.extend(_ARTICLE.findall(gzip.decompress(sample.read_bytes())))
    if not articles:
        sys.exit(f"no samples under {SAMPLES}")
    opener = gzip.open if compress else open
    written = raw = 0
    with opener(target, "wb") as out:
        out.write(b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE PubmedArticleSet PUBLIC '
                  b'"-//NLM//DTD PubMedArticle, 1st January 2019//EN" '
                  b'"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_190101.dtd">\n<PubmedArticleSet>\n')
        while written < records:
            for article in articles:
                out.write(article + b"\n")
                written += 1
                raw += len(article) + 1
                if written >= records:
                    break
        out.write(b"</PubmedArticleSet>\n")
    return written, raw


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=50_000)
    parser.add_argument("--plain", action="store_true", help="uncompressed XML instead of .xml.gz")
    args = parser.parse_args()
    from clinicite.ingest.document import Document
    from clinicite.ingest.readers import read_path

    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / ("bench.xml" if args.plain else "bench.xml.gz")
        built, raw_bytes = build(target, args.records, compress=not args.plain)
        size = target.stat().st_size
        start, cpu_start = time.perf_counter(), time.process_time()
        documents = sections = problems = 0
        for event in read_path(target):
            if isinstance(event, Document):
                documents += 1
                sections += len(event.sections)
            else:
                problems += 1
        elapsed = time.perf_counter() - start
        cpu = time.process_time() - cpu_start
    # records_per_s is per CPU second of this one process (the machine is shared, so wall time
    # mostly measures the neighbours); the wall-clock rate is reported beside it.
    result = {"records_per_s": round(documents / cpu, 1), "wall_records_per_s": round(documents / elapsed, 1),
              "records": documents, "built": built, "cpu_seconds": round(cpu, 2), "seconds": round(elapsed, 2),
              "mb_per_cpu_s": round(raw_bytes / cpu / 1e6, 1), "sections": sections, "problems": problems,
              "file_bytes": size, "compressed": not args.plain}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
