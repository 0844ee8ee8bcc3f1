"""Ingest throughput: records/s to parse, to store, to store + lexical index, and with embeddings.

Corpora are built from real records, scaled up by renumbering PMIDs:
- the MEDLINE samples in ../shared/data/medline-samples (baseline, update and EFetch XML);
- the PubMedQA abstracts (../shared/data/pubmedqa/ori_pqal.json) written as MEDLINE XML with their
  structured-abstract labels and MeSH terms.
Parse-only speed is the baseline each later stage is compared against, in the same run (timed before
and after the ingests; the faster of the two counts). With default settings ingest leaves dense vectors
waiting for `clinicite index` or serve's worker, so its time is compared with the lexical-only one.

Two more floors beside the parse: bare lxml iterparse over the same files, and tantivy alone indexing the
same passages (cut and normalised beforehand, outside the timing), so the store's share can be read off.
``--code /tmp/base15`` measures another checkout's clinicite with this script (a baseline in the same run).

    python bench/ingest.py [--records 20000] [--corpora medline,pubmedqa] [--code CHECKOUT]
"""

from __future__ import annotations

import argparse
import copy
import gzip
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

# The checkout this script lives in, not whichever clinicite is installed (a worktree's bench measures its code),
# or the one --code names (read before anything imports clinicite).
_CODE = next((sys.argv[i + 1] for i, a in enumerate(sys.argv[:-1]) if a == "--code"), None)
sys.path.insert(0, str(Path(_CODE).resolve() if _CODE else Path(__file__).resolve().parents[1]))
if _CODE:
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(Path(_CODE).resolve()), os.environ.get("PYTHONPATH")]))
from xml.sax.saxutils import escape

from lxml import etree

SHARED = Path(os.environ.get("CLINICITE_SHARED_DATA", Path(__file__).resolve().parents[1].parent / "shared" / "data"))
if not SHARED.is_dir():          # a git worktree sits one level deeper than the main checkout
    SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"


def medline_records() -> list[bytes]:
    records = []
    for path in sorted((SHARED / "medline-samples").rglob("*.xml*")):
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rb") as handle:
            try:
                root = etree.parse(handle, etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
            except etree.XMLSyntaxError:
                continue
        if root.tag != "PubmedArticleSet":
            continue
        records += [etree.tostring(article) for article in root.iter("PubmedArticle")]
    return records


def pubmedqa_records() -> list[bytes]:
    data = json.loads((SHARED / "pubmedqa" / "ori_pqal.json").read_text())
    records = []
    for pmid, item in data.items():
        parts = "".join(f'<AbstractText Label="{escape(label)}">{escape(text)}</AbstractText>'
                        for label, text in zip(item["LABELS"], item["CONTEXTS"]))
        mesh = "".join(f"<MeshHeading><DescriptorName>{escape(m)}</DescriptorName></MeshHeading>"
                       for m in item.get("MESHES", []))
        records.append(
            f'<PubmedArticle><MedlineCitation><PMID Version="1">{pmid}</PMID><Article><Journal><JournalIssue>'
            f'<PubDate><Year>{item.get("YEAR", "")}</Year></PubDate></JournalIssue></Journal>'
            f'<ArticleTitle>{escape(item["QUESTION"])}</ArticleTitle><Abstract>{parts}</Abstract>'
            f'<Language>eng</Language></Article><MeshHeadingList>{mesh}</MeshHeadingList></MedlineCitation>'
            f'</PubmedArticle>'.encode())
    return records


def write_corpus(records: list[bytes], count: int, folder: Path, per_file: int = 5000) -> list[Path]:
    """``count`` records cycled from ``records`` with fresh PMIDs, in gzipped baseline-style files."""
    folder.mkdir(parents=True, exist_ok=True)
    parsed = [etree.fromstring(r) for r in records]
    paths, handle, pmid = [], None, 50_000_000
    for i in range(count):
        if i % per_file == 0:
            if handle:
                handle.write(b"</PubmedArticleSet>\n")
                handle.close()
            paths.append(folder / f"bench{len(paths):04d}.xml.gz")
            handle = gzip.open(paths[-1], "wb", compresslevel=1)
            handle.write(b'<?xml version="1.0" encoding="UTF-8"?>\n<PubmedArticleSet>\n')
        article = copy.deepcopy(parsed[i % len(parsed)])
        article.find("MedlineCitation/PMID").text = str(pmid + i)
        for other in article.findall("PubmedData/ArticleIdList/ArticleId[@IdType='pubmed']"):
            other.text = str(pmid + i)
        handle.write(etree.tostring(article) + b"\n")
    handle.write(b"</PubmedArticleSet>\n")
    handle.close()
    return paths


def _cpu() -> tuple[float, float]:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def timed(label: str, count: int, work) -> dict:
    wall, (cpu, child_cpu) = time.perf_counter(), _cpu()
    work()
    seconds = time.perf_counter() - wall
    cpu_now, child_now = _cpu()
    # Wall time is what a user waits; CPU time is steadier on a shared machine: this process (all its
    # threads) plus the read-ahead parsing process it started (clinicite.ingest.read_ahead).
    cpu_seconds = (cpu_now - cpu) + (child_now - child_cpu)
    result = {"stage": label, "records": count, "seconds": round(seconds, 2), "cpu_seconds": round(cpu_seconds, 2),
              "child_cpu_seconds": round(child_now - child_cpu, 2),
              "records_per_s": round(count / seconds, 1), "records_per_cpu_s": round(count / cpu_seconds, 1),
              "load_average": round(os.getloadavg()[0], 1)}
    print(json.dumps(result), flush=True)
    return result


def bare_lxml(files: list[Path]) -> int:
    """The floor: lxml's iterparse over the gzipped files, no field extraction."""
    count = 0
    for path in files:
        with gzip.open(path, "rb") as handle:
            for _event, element in etree.iterparse(handle, tag="PubmedArticle"):
                element.clear()
                count += 1
    return count


def tantivy_alone(files: list[Path], folder: Path):
    """The lexical index's floor: the passages ingest would index, cut and normalised first (not timed); the
    returned work adds them to a fresh tantivy index through clinicite's LexicalIndex and commits once."""
    from clinicite.index.analysis import normalise
    from clinicite.index.lexical import IndexedPassage, LexicalIndex
    from clinicite.index.passages import cut_passages
    from clinicite.ingest.document import Document
    from clinicite.ingest.readers import read_path
    passages = []
    for path in files:
        for document in read_path(path):
            if isinstance(document, Document):
                for passage in cut_passages(document):
                    passages.append(IndexedPassage(len(passages) + 1, document.id,
                                                   passage.indexed_text(document.title), document.source,
                                                   document.year, document.language,
                                                   list(document.publication_types)))
    for passage in passages:
        normalise(passage.text)         # warms the chunk cache, as a corpus's vocabulary does during ingest

    def work() -> None:
        index = LexicalIndex(folder)
        index.add(passages)
        index.commit()
        index.release()
    return work, len(passages)


def run(corpus_name: str, records: list[bytes], count: int, work: Path) -> dict:
    from clinicite.app import Clinicite
    from clinicite.ingest.readers import read_path

    files = write_corpus(records, count, work / corpus_name)
    results = {}
    results["lxml"] = timed(f"{corpus_name}: bare lxml iterparse (floor)", count, lambda: bare_lxml(files))
    results["parse"] = timed(f"{corpus_name}: parse only (baseline)", count,
                             lambda: [sum(1 for _ in read_path(p)) for p in files])
    index_alone, passages = tantivy_alone(files, work / f"{corpus_name}-tantivy")
    results["tantivy"] = timed(f"{corpus_name}: tantivy alone, the same {passages} passages (floor)", count,
                               index_alone)
    store_only = Clinicite(home=work / f"{corpus_name}-home-store", embedding_model="none")
    results["store"] = timed(f"{corpus_name}: parse + store", count, lambda: store_only.ingest(files, index=False))
    import clinicite.ingest.read_ahead as read_ahead
    worth = read_ahead.worth_reading_ahead
    read_ahead.worth_reading_ahead = lambda paths: False      # the writer parses itself, as before round 4
    sequential = Clinicite(home=work / f"{corpus_name}-home-sequential", embedding_model="none")
    results["lexical_sequential"] = timed(f"{corpus_name}: lexical ingest, parsed in the writer", count,
                                          lambda: sequential.ingest(files))
    read_ahead.worth_reading_ahead = worth
    lexical = Clinicite(home=work / f"{corpus_name}-home-lexical", embedding_model="none")
    results["lexical"] = timed(f"{corpus_name}: parse + store + lexical index (dense off; read-ahead if worth it)",
                               count, lambda: lexical.ingest(files))
    default = Clinicite(home=work / f"{corpus_name}-home-default")
    results["default"] = timed(f"{corpus_name}: default settings (dense vectors left waiting)", count,
                               lambda: default.ingest(files))
    results["parse_again"] = timed(f"{corpus_name}: parse only, again", count,
                                   lambda: [sum(1 for _ in read_path(p)) for p in files])
    waiting = default.stats()["passages_waiting_for_vectors"]
    print(json.dumps({"corpus": corpus_name, "passages_waiting_for_vectors": waiting}), flush=True)
    for home in (store_only, sequential, lexical, default):
        home.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=20000)
    parser.add_argument("--corpora", default="medline,pubmedqa")
    parser.add_argument("--code", help="the checkout whose clinicite is measured (default: this script's)")
    args = parser.parse_args()
    if not SHARED.is_dir():
        sys.exit(f"needs {SHARED}")
    summary = {}
    sources = {"medline": medline_records, "pubmedqa": pubmedqa_records}
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.corpora.split(","):
            records = sources[name]()
            print(f"{name}: {len(records)} distinct real records, cycled to {args.records}", flush=True)
            results = run(name, records, args.records, Path(tmp))
            parse = min(results["parse"]["seconds"], results["parse_again"]["seconds"])
            summary[name] = {k: v["records_per_s"] for k, v in results.items()}
            summary[name]["lexical_vs_parse"] = round(parse / results["lexical"]["seconds"], 2)
            summary[name]["lexical_vs_lxml"] = round(results["lxml"]["seconds"] / results["lexical"]["seconds"], 2)
            # The same ratios by CPU time (this process and the read-ahead child): steadier on a shared machine.
            summary[name]["lexical_vs_lxml_cpu"] = round(results["lxml"]["cpu_seconds"]
                                                         / results["lexical"]["cpu_seconds"], 2)
            summary[name]["lexical_per_cpu_s"] = results["lexical"]["records_per_cpu_s"]
            summary[name]["default_vs_lexical_time"] = round(results["default"]["seconds"]
                                                             / results["lexical"]["seconds"], 2)
    summary["code"] = str(Path(sys.path[0]))
    summary["max_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
