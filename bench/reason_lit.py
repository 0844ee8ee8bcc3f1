"""The differential for case vignettes whose case report is ingested among unrelated literature.

    nice python3 bench/reason_lit.py [--home /tmp/reason-lit-bench] [--distractors 300] [--show]

Vignettes: ``bench/reason_lit_vignettes.json`` (43, written in our own words from real case reports held in
``../shared/data``; each names the report's final diagnosis and the alternatives its text names, and the document
to ingest). The split is a hash of the source id (``split_of``), fixed before any run; rules are changed on dev only.

Corpus, one home for every vignette (so each report sits among the others and among unrelated literature): the
vignettes' reports (BioASQ snippet documents joined per PMID; PubMedQA abstracts), the ``medline-samples`` folder
ingested through ``Clinicite.ingest`` (MEDLINE, PubMed and JATS files), ``--distractors`` unrelated PubMedQA
abstracts and as many unrelated BioASQ documents (seeded). Knowledge: HPO 2025-01-16 + Orphanet ORPHApackets, named
in the home's knowledge manifest. Every vignette goes through ``Clinicite.diagnose`` (the path of ``clinicite
diagnose``), in a subprocess per code version, same home, same run:

- ``new``: this checkout, with literature;
- ``base``: main at ``BASELINE_COMMIT`` (extracted with ``git archive``), with literature;
- ``kb-only``: this checkout, ``literature=False`` (the knowledge model and curated common causes alone).

Per split and per code version: top-1 and top-3 of the final diagnosis, recall@10 of the named alternatives (over
vignettes that name any), and the share of shown top-10 rows that are unsupported (no case finding, gene or weighed
discriminator for it, and no passage naming a case finding). Of the named alternatives shown in the top 10 (alt15):
how many rows quote a source's feature weighed against the case, for or against (a discriminator, or what the
report says the disease is like: clinicite.reason.characteristic), and how many only an unweighed stated
exclusion. ``dev-all`` pools the splits tuned on (dev, fresh8-12), ``held-out-all`` the held-out ones (held-out,
fresh, fresh7, fresh13). ``--reuse base`` reads a mode's earlier run-MODE.jsonl in the home instead of re-running
it (the baseline code does not change within a round). A guard vignette (a toddler's single radiographic
finding, no matching report) checks that common causes still lead.
"""

from __future__ import annotations

import argparse
import glob
import hashlib
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("CLINICITE_SHARED_DATA", ROOT.parent / "shared" / "data"))
BASELINE_COMMIT = os.environ.get("CLINICITE_BENCH_BASELINE", "5f7a52b")  # main at the start of round 13
VIGNETTES = ROOT / "bench" / "reason_lit_vignettes.json"
# Round 6: a fresh set, written before that round's code changes, measured on main once before and once after.
FRESH = ROOT / "bench" / "reason_lit_fresh.json"
# Round 7: a new fresh set (round 6's is dev material now), measured on main once before any change and once at the end.
FRESH7 = ROOT / "bench" / "reason_lit_fresh7.json"
# Round 8: written reports in six formats (MEDLINE XML and text, JATS, PDF, plain text, records), never tuned on.
FRESH8 = ROOT / "bench" / "reason_lit_fresh8.json"
# Round 9: 18 more written reports (placeholder PMIDs 99000101-118), written and measured on main before any change.
FRESH9 = ROOT / "bench" / "reason_lit_fresh9.json"
# Round 10: 18 more written reports (placeholder PMIDs 99000201-218), frozen before any change of round 10.
FRESH10 = ROOT / "bench" / "reason_lit_fresh10.json"
# Round 11: 18 more written reports (placeholder PMIDs 99000301-318), frozen before any change of round 11.
FRESH11 = ROOT / "bench" / "reason_lit_fresh11.json"
# Round 12: 18 more written reports (placeholder PMIDs 99000401-418), frozen before any change of round 12.
FRESH12 = ROOT / "bench" / "reason_lit_fresh12.json"
# Round 13: 18 more written reports (placeholder PMIDs 99000501-518), frozen before any change of round 13.
FRESH13 = ROOT / "bench" / "reason_lit_fresh13.json"
# Round 15: 18 more written reports (placeholder PMIDs 99000701-718), frozen before any change of round 15.
FRESH15 = ROOT / "bench" / "reason_lit_fresh15.json"
FRESH_SPLITS = ("fresh", "fresh7", "fresh8", "fresh9", "fresh10", "fresh11", "fresh12", "fresh13", "fresh15")
GUARD = {"id": "guard:metaphyseal-sclerosis", "split": "guard",
         "text": "Metaphyseal sclerosis on an X-ray of a 1.5-year-old.",
         "common": ["growth recovery", "dense zone", "rickets", "bisphosphonate",
                    "lead poisoning", "scurvy", "hypervitaminosis d", "leukaemia", "leukemia"]}


def split_of(source_id: str) -> str:
    """held-out for a third of the source ids, by hash: chosen before looking at any result."""
    return "held-out" if int(hashlib.sha1(source_id.encode()).hexdigest(), 16) % 3 == 0 else "dev"


def load_vignettes() -> list[dict]:
    vignettes = json.load(open(VIGNETTES))["vignettes"]
    for v in vignettes:
        if v["split"] != split_of(v["id"]):
            sys.exit(f"{v['id']}: split {v['split']} is not the hash rule's {split_of(v['id'])}")
    fresh = [v for path in (FRESH, FRESH7, FRESH8, FRESH9, FRESH10, FRESH11, FRESH12, FRESH13, FRESH15)
             if path.is_file() for v in json.load(open(path))["vignettes"]]
    return vignettes + fresh


# --- the corpus ------------------------------------------------------------------------------------------
def bioasq_documents() -> dict[str, str]:
    docs: dict[str, dict] = {}
    for path in sorted(glob.glob(str(DATA / "bioasq" / "*" / "*.json"))):
        for question in json.load(open(path))["questions"]:
            for snippet in question.get("snippets", []):
                pmid = snippet["document"].rstrip("/").split("/")[-1]
                docs.setdefault(pmid, {})[snippet["text"].strip()] = None
    return {pmid: " ".join(texts) for pmid, texts in docs.items()}


def build_home(home: Path, vignettes: list[dict], distractors: int, seed: int = 7) -> None:
    """Store and index the corpus once; the knowledge manifest names the shared HPO and Orphanet files."""
    sys.path.insert(0, str(ROOT))
    from clinicite.app import Clinicite
    from clinicite.ingest.document import Document, Section
    from clinicite.store.documents import save_documents
    app = Clinicite(home=home, embedding_model="none")
    app.paths.knowledge_dir.mkdir(parents=True, exist_ok=True)
    app.knowledge_manifest.write_text(json.dumps({
        "hpo_obo": str(DATA / "hpo" / "hp.obo"), "hpoa": str(DATA / "hpo" / "phenotype.hpoa"),
        "orphanet": str(DATA / "orphanet" / "orphapackets.jsonl.gz")}))
    bioasq = bioasq_documents()
    pubmedqa = json.load(open(DATA / "pubmedqa" / "ori_pqal.json"))
    wanted = {v["pmid"] for v in vignettes}
    vignettes = [v for v in vignettes if v["split"] not in FRESH_SPLITS]  # added by add_fresh, in their own formats

    def document(pmid: str, title: str, text: str) -> Document:
        return Document(id=f"pmid:{pmid}", source="pubmed", title=title, pmid=pmid,
                        sections=[Section(text, label="ABSTRACT")]).assemble()

    documents = []
    for v in vignettes:
        if v["source"] == "bioasq":
            documents.append(document(v["pmid"], "", bioasq[v["pmid"]]))
        elif v["source"] == "pubmedqa":
            record = pubmedqa[v["pmid"]]
            documents.append(document(v["pmid"], record["QUESTION"], " ".join(record["CONTEXTS"])))
    rng = random.Random(seed)
    others = sorted(set(pubmedqa) - wanted)
    rng.shuffle(others)
    documents += [document(p, pubmedqa[p]["QUESTION"], " ".join(pubmedqa[p]["CONTEXTS"])) for p in others[:distractors]]
    others = sorted(set(bioasq) - wanted - set(pubmedqa))
    rng.shuffle(others)
    documents += [document(p, "", bioasq[p]) for p in others[:distractors]]
    with app.database.session() as session:
        save_documents(session, documents)
    app.ingest([DATA / "medline-samples"], index=False)
    app.index.sync()
    print(f"corpus: {len(documents)} documents + medline-samples, indexed in {home}", file=sys.stderr)


JATS = """<?xml version="1.0" encoding="UTF-8"?>
<article article-type="case-report" xml:lang="en"><front><article-meta>
<article-id pub-id-type="pmid">{pmid}</article-id>
<title-group><article-title>{title}</article-title></title-group></article-meta></front>
<body><sec><title>Case report</title>{paragraphs}</sec></body></article>
"""


def add_fresh(home: Path, vignettes: list[dict], split: str = "fresh") -> None:
    """Add the fresh set's reports to a home built before it, each in its vignette's format (once per home).

    'pubmed': a stored PubMed record, like the other BioASQ reports; 'text': a plain-text file and 'jats': a JATS
    article around the same text, both read by ``Clinicite.ingest``; 'medline': already in the home
    (medline-samples). A vignette that carries its own ``report`` (fresh8 to fresh15) is written in its format by
    ``report_answers_fresh.WRITERS`` (MEDLINE XML or tagged text, JATS, PDF, plain text) or stored as a record."""
    from html import escape
    marker = home / f"{split}-ingested.json"
    fresh = [v for v in vignettes if v["split"] == split]
    if not fresh or (marker.is_file() and json.loads(marker.read_text()) == sorted(v["id"] for v in fresh)):
        return
    sys.path.insert(0, str(ROOT))
    from clinicite.app import Clinicite
    from clinicite.ingest.document import Document, Section
    from clinicite.store.documents import save_documents
    app = Clinicite(home=home, embedding_model="none")
    bioasq = bioasq_documents()
    folder = home / f"{split}-reports"
    folder.mkdir(exist_ok=True)
    records = []
    for v in fresh:
        if "report" in v:
            written = written_report(v, folder)
            if written is not None:
                records.append(written)
            continue
        text = bioasq.get(v["pmid"], "")
        if v["format"] == "pubmed":
            records.append(Document(id=f"pmid:{v['pmid']}", source="pubmed", title="", pmid=v["pmid"],
                                    sections=[Section(text, label="ABSTRACT")]).assemble())
        elif v["format"] == "text":
            (folder / f"report-{v['pmid']}.txt").write_text(text + "\n")
        elif v["format"] == "jats":
            (folder / f"report-{v['pmid']}.nxml").write_text(JATS.format(
                pmid=v["pmid"], title=escape(text.split(". ")[0][:200]), paragraphs=f"<p>{escape(text)}</p>"))
    with app.database.session() as session:
        save_documents(session, records)
    app.ingest([folder], index=False)
    app.index.sync()
    marker.write_text(json.dumps(sorted(v["id"] for v in fresh)))
    print(f"fresh set: {len(records)} PubMed records and {len(list(folder.iterdir()))} files added", file=sys.stderr)


def written_report(vignette: dict, folder: Path):
    """A written report (fresh8): a file in the vignette's format in ``folder``, or the Document of a 'record'."""
    from clinicite.ingest.document import Document, Section
    sys.path.insert(0, str(ROOT / "bench"))
    from report_answers_fresh import WRITERS
    report = vignette["report"]
    document = Document(id=f"pmid:{vignette['pmid']}", source="pubmed", title=report["title"], pmid=vignette["pmid"],
                        sections=[Section(s["text"], label=s["label"]) for s in report["sections"]]).assemble()
    if vignette["format"] == "record":
        return document
    write, suffix = {**WRITERS, "jats": (_jats_sections, "nxml"), "medline": (_medline_record, "xml")}[vignette["format"]]
    (folder / f"report-{vignette['pmid']}.{suffix}").write_bytes(write(document))
    return None


def _jats_sections(document) -> bytes:
    """A JATS full text with its PMID and one titled ``sec`` per section (Case presentation, Discussion ...)."""
    from html import escape
    body = "".join(f"<sec><title>{escape(s.label or '')}</title><p>{escape(s.text)}</p></sec>" for s in document.sections)
    return JATS.format(pmid=document.pmid, title=escape(document.title), paragraphs="").replace(
        "<body><sec><title>Case report</title></sec></body>", f"<body>{body}</body>").encode()


def _medline_record(document) -> bytes:
    """One MEDLINE XML record; a record without an abstract has no ``Abstract`` element, as in PubMed."""
    from lxml import etree
    from report_answers_fresh import _medline_xml
    root = etree.fromstring(_medline_xml(document))
    for abstract in root.iter("Abstract"):
        if not len(abstract):
            abstract.getparent().remove(abstract)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


# --- one code version, in its own process ----------------------------------------------------------------
def medqa_vignettes(limit: int) -> list[dict]:
    """MedQA "most likely diagnosis" vignettes (bench/medqa.py's rule): no report in this corpus matches them, so
    a similar published case shown for one is a false match, and an unsupported row is noise."""
    if limit <= 0:
        return []
    sys.path.insert(0, str(ROOT / "bench"))
    import medqa
    chosen = medqa.vignettes(DATA / "mirage" / "benchmark.json", None)[:limit]
    return [{"id": f"medqa:{m['id']}", "split": "medqa", "text": m["text"], "diagnosis": [m["answer"]]}
            for m in chosen]


def worker(home: str, mode: str, out: str, medqa_limit: int = 0) -> None:
    """Diagnose every vignette with the clinicite on sys.path; write each top-10 as JSON lines."""
    from clinicite.app import Clinicite
    app = Clinicite(home=Path(home), embedding_model="none")
    kb = app.knowledge
    rows = []
    for v in [*load_vignettes(), GUARD, *medqa_vignettes(medqa_limit)]:
        started = time.perf_counter()
        facts, differential = app.diagnose(v["text"], literature=(mode != "kb-only"))
        shown = []
        for d in differential.diagnoses[:10]:
            names = [d.name, *(n for i in d.ids if i in kb.diseases for n in kb.names_of(i))]
            shown.append({"name": d.name, "names": list(dict.fromkeys(names)), "source": d.source,
                          "probability": round(d.probability, 4), "supported": supported(d),
                          "similar": any(w.label == "similar published case" for w in d.for_),
                          "named_by_similar": any(w.label == "named by a similar published case" for w in d.for_),
                          # alt15: the source's features weighed against the case, quoted on the row
                          "quoted_for": sum(1 for w in d.for_ if w.weight and _source_feature(w)),
                          "quoted_against": sum(1 for w in d.against if w.weight and _source_feature(w)),
                          "stated_against": sum(1 for w in d.against if not w.weight and _source_feature(w))})
        rows.append({"id": v["id"], "status": differential.status, "rows": shown,
                     "seconds": round(time.perf_counter() - started, 2)})
        print(f"{mode} {v['id']}: {[r['name'] for r in shown[:3]]}", file=sys.stderr)
    Path(out).write_text("\n".join(json.dumps(r) for r in rows))


def _source_feature(weight) -> bool:
    """A row line that quotes a source's feature of the disease ("source: ...; case: ..." or a stated exclusion),
    not the literature total, a similar case or a bare knowledge-base finding."""
    return "source: \u201c" in (weight.explanation or "") and weight.label not in (
        "similar published case", "named by a similar published case")


def supported(diagnosis) -> bool:
    """Something of this case speaks for the row: a case finding or gene, a weighed discriminator for it, or a
    literature passage that names a case finding. Age, sex and passage rank alone do not count."""
    for weight in diagnosis.for_:
        if weight.weight > 0 and (weight.hpo_id or "source:" in (weight.explanation or "")
                                  or weight.label == "similar published case"
                                  or weight.label.lower().startswith("gene")):
            return True
    return any(p.get("findings") for p in diagnosis.passages)


# --- scoring ---------------------------------------------------------------------------------------------
def name_key(text: str) -> str:
    sys.path.insert(0, str(ROOT))
    from clinicite.reason.vocabulary import name_key as key
    return key(text)


def _with_site_forms(keys: set[str]) -> set[str]:
    """alt15: a name's other site forms too ("torsion of the appendix testis" is "torsion of appendix testis"), the
    variants the lexicon matches (clinicite.reason.site_names); applied to every code version's rows alike."""
    from clinicite.reason.site_names import site_variants
    return keys | {v for k in keys for v in site_variants(k)}


def matches(gold: list[str], row: dict) -> bool:
    keys = _with_site_forms({name_key(n) for n in row["names"]})
    for g in _with_site_forms({name_key(name) for name in gold}):
        if any(g == k or f" {g} " in f" {k} " or (len(k) > 6 and f" {k} " in f" {g} ") for k in keys):
            return True
    return False


def rank_of(gold: list[str], rows: list[dict]) -> int | None:
    return next((i + 1 for i, row in enumerate(rows) if matches(gold, row)), None)


# alt15: the splits pooled as tuning material (looked inside by bench/reason_lit_alternatives.py) and as held out
POOLED = {"dev-all": {"dev", "fresh8", "fresh9", "fresh10", "fresh11", "fresh12"},
          "held-out-all": {"held-out", "fresh", "fresh7", "fresh13"}}


def in_split(vignette: dict, split: str) -> bool:
    return vignette["split"] in POOLED.get(split, {split})


def summary(vignettes: list[dict], results: dict[str, dict], split: str) -> dict:
    chosen = [v for v in vignettes if in_split(v, split)]
    rows = [results[v["id"]]["rows"] for v in chosen]
    ranks = [rank_of(v["diagnosis"], r) for v, r in zip(chosen, rows)]
    named = [(v, r) for v, r in zip(chosen, rows) if v["alternatives"]]
    recall = [sum(rank_of(a, r) is not None for a in v["alternatives"]) / len(v["alternatives"]) for v, r in named]
    shown = [row for r in rows for row in r]
    return {"n": len(chosen), "top1": sum(1 for k in ranks if k == 1) / len(chosen),
            "top3": sum(1 for k in ranks if k and k <= 3) / len(chosen),
            "top10": sum(1 for k in ranks if k) / len(chosen),
            "recall10": sum(recall) / len(recall) if recall else float("nan"), "n_alt": len(named),
            "unsupported": sum(not row["supported"] for row in shown) / len(shown) if shown else 0.0,
            "with_unsupported": sum(any(not row["supported"] for row in r) for r in rows) / len(chosen)}


def weighed_alternatives(vignettes: list[dict], results: dict[str, dict], split: str) -> dict:
    """Of the named alternatives shown in the top 10: how many rows quote a source's feature weighed against the case
    (for, against), and how many only a source's stated exclusion the case does not settle."""
    found = []
    for v in (v for v in vignettes if in_split(v, split) and v["alternatives"]):
        rows = results[v["id"]]["rows"]
        for alternative in v["alternatives"]:
            rank = rank_of(alternative, rows)
            if rank is not None:
                found.append(rows[rank - 1])
    n = len(found)
    return {"n": n, "for": sum(r.get("quoted_for", 0) > 0 for r in found),
            "against": sum(r.get("quoted_against", 0) > 0 for r in found),
            "weighed": sum(r.get("quoted_for", 0) + r.get("quoted_against", 0) > 0 for r in found),
            "stated_only": sum(r.get("stated_against", 0) > 0 and not r.get("quoted_for", 0) + r.get("quoted_against", 0)
                               for r in found)}


def report(vignettes: list[dict], runs: dict[str, dict], show: bool, splits=("dev", "held-out")) -> None:
    print("| split | code | n | top-1 | top-3 | top-10 | recall@10 of named alternatives (n) | unsupported rows | "
          "vignettes with an unsupported row |")
    print("|---|---|---|---|---|---|---|---|---|")
    for split in splits:
        for mode, results in runs.items():
            s = summary(vignettes, results, split)
            print(f"| {split} | {mode} | {s['n']} | {s['top1']:.3f} | {s['top3']:.3f} | {s['top10']:.3f} | "
                  f"{s['recall10']:.3f} ({s['n_alt']}) | {s['unsupported']:.3f} | {s['with_unsupported']:.3f} |")
    print("\n| split | code | named alternatives in the top 10 | with a quoted source feature weighed (for / against) "
          "| with only an unweighed stated exclusion |")
    print("|---|---|---|---|---|")
    for split in splits:
        for mode, results in runs.items():
            w = weighed_alternatives(vignettes, results, split)
            print(f"| {split} | {mode} | {w['n']} | {w['weighed']} ({w['for']} / {w['against']}) | {w['stated_only']} |")
    for mode, results in runs.items():
        medqa = [r for key, r in results.items() if key.startswith("medqa:")]
        if medqa:
            rows = [row for r in medqa for row in r["rows"]]
            print(f"medqa ({mode}, no matching report): n={len(medqa)}; with a ranked list "
                  f"{sum(bool(r['rows']) for r in medqa) / len(medqa):.3f}; with a similar published case "
                  f"{sum(any(row.get('similar') for row in r['rows']) for r in medqa) / len(medqa):.3f}; "
                  f"unsupported rows {sum(not row['supported'] for row in rows) / max(1, len(rows)):.3f}; "
                  f"with an unsupported row {sum(any(not row['supported'] for row in r['rows']) for r in medqa) / len(medqa):.3f}; "
                  f"rows named by a (false) similar report {sum(row.get('named_by_similar', False) for row in rows)}")
    for mode, results in runs.items():
        guard = results.get(GUARD["id"], {"rows": []})["rows"][:3]
        common = sum(any(c in name_key(n) for c in GUARD["common"] for n in row["names"]) for row in guard)
        print(f"guard ({mode}): {common}/3 of the top 3 are common causes: {[r['name'] for r in guard]}")
    if show:
        for v in [v for v in vignettes if any(in_split(v, s) for s in splits)]:
            print(f"\n{v['id']} [{v['split']}] dx {v['diagnosis'][0]}; alternatives {[a[0] for a in v['alternatives']]}")
            for mode, results in runs.items():
                rows = results[v["id"]]["rows"]
                marks = [f"{r['name']}{'' if r['supported'] else ' (unsupported)'}" for r in rows]
                print(f"  {mode}: rank {rank_of(v['diagnosis'], rows)}: {marks}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--home", default=None)
    parser.add_argument("--distractors", type=int, default=300)
    parser.add_argument("--show", action="store_true")
    parser.add_argument("--modes", default="new,base,kb-only")
    parser.add_argument("--splits", default="dev,held-out,fresh,fresh7,fresh8,fresh9,fresh10,fresh11,fresh12,fresh13,"
                        "fresh15,dev-all,held-out-all",
                        help="which splits to print (rules are changed on dev; fresh is never tuned on)")
    parser.add_argument("--base-code", default=None,
                        help="an unpacked tree of the baseline (with clinicite/) instead of git archive BASELINE_COMMIT")
    parser.add_argument("--medqa", type=int, default=60, help="MedQA vignettes run as a guard (0: none)")
    parser.add_argument("--reuse", default="",
                        help="modes whose run-MODE.jsonl in the home is read again instead of re-run (e.g. base)")
    parser.add_argument("--worker", nargs=3, metavar=("HOME", "MODE", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return worker(*args.worker, medqa_limit=args.medqa)
    if not DATA.is_dir():
        sys.exit(f"{DATA} is absent: this benchmark needs ../shared/data")
    vignettes = load_vignettes()
    home = Path(args.home or tempfile.mkdtemp(prefix="reason-lit-bench-"))
    if not (home / "index").exists():
        build_home(home, vignettes, args.distractors)
    for split in FRESH_SPLITS:
        add_fresh(home, vignettes, split)
    base = Path(args.base_code) if args.base_code else ROOT
    if "base" in args.modes.split(",") and not args.base_code:
        # A checkout without git (an unpacked tree) cannot archive: pass --base-code then.
        base = Path(tempfile.mkdtemp(prefix="reason-lit-base-"))
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", BASELINE_COMMIT, "clinicite"], check=True,
                                 capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(base)], input=archive, check=True)
    runs = {}
    for mode in args.modes.split(","):
        code = base if mode == "base" else ROOT
        out = home / f"run-{mode}.jsonl"
        if mode in args.reuse.split(",") and out.is_file():
            runs[mode] = {r["id"]: r for r in map(json.loads, out.read_text().splitlines())}
            continue
        env = {**os.environ, "PYTHONPATH": str(code), "CLINICITE_HOME": str(home)}
        # The worker imports clinicite from PYTHONPATH: the script itself is this checkout's, the engine is `code`'s.
        subprocess.run([sys.executable, str(Path(__file__).resolve()), "--worker", str(home), mode, str(out),
                        "--medqa", str(args.medqa)],
                       env=env, check=True, cwd=str(code))
        runs[mode] = {r["id"]: r for r in map(json.loads, out.read_text().splitlines())}
    report(vignettes, runs, args.show, tuple(args.splits.split(",")))


if __name__ == "__main__":
    main()
