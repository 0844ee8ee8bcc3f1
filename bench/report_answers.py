"""Does a case's answer recommend what the one matching case report recommends, in Management, cited?

    nice -n 15 python3 bench/report_answers.py [--home DIR] [--baseline /tmp/answers-report-base] [--show]

Corpus (one home, built once): the 36 case reports behind ``bench/report_vignettes.json`` (BioASQ gold
snippets joined per PMID; PubMedQA abstracts with their conclusion; MEDLINE sample records) among unrelated
literature (a vignette's ``format`` writes its report as a JATS full text or a plain-text file and ingests
that instead of the record): every file of ``../shared/data/medline-samples`` and 200 PubMedQA abstracts (seed 7, none of
them a vignette's report), with the HPO annotations and Orphanet as knowledge; lexical search (no encoder).
For each vignette only one document is about it: its report.

Each code version (this checkout, and ``--baseline``: main's code, e.g. at fafebc7, unpacked with
``git -C /work/main archive fafebc7 | tar -x -C /tmp/answers-mgmt-base``) answers every vignette in a
subprocess with that code first on ``sys.path``; the answers are scored here with this checkout's checks:

- **management cites report**: the Management section has a bullet that cites the report and holds one of
  the vignette's treatment keywords (stricter: its first bullet does; looser: any section does);
- **off-topic**: a section bullet cites a literature document other than the report (every other document is
  unrelated by construction: judged by document, not by words);
- **invented numbers**: :func:`clinicite.compose.traced.untraced_numbers` finds a number in the title,
  bottom line or a bullet that neither the question nor a cited span states.

Dev and held-out (sha1 of the PMID, even = dev) are printed apart. ``--set fresh`` answers round 6's 8
vignettes instead (``bench/report_vignettes_fresh.json``, dev material since round 7; their reports are added to
the same home in six formats by ``bench/report_answers_fresh.py``); ``--set fresh7`` round 7's 11
(``bench/report_vignettes_fresh7.json``, dev material since round 8), added the same way; ``--set fresh8``
round 8's 11 on reports written for the bench (``bench/report_vignettes_fresh8.json``, dev material since round 9);
``--set fresh9`` round 9's 11 written reports (``bench/report_vignettes_fresh9.json``, dev material since round 10);
``--set fresh10`` round 10's 11 written reports (``bench/report_vignettes_fresh10.json``, dev material since round 11);
``--set fresh11`` round 11's 11 written reports (``bench/report_vignettes_fresh11.json``, dev material since round 12);
``--set fresh12`` round 12's 11 written reports (``bench/report_vignettes_fresh12.json``, dev material since round 13);
``--set fresh13`` round 13's 11 written reports (``bench/report_vignettes_fresh13.json``, dev material since round 15);
``--set fresh15`` round 15's 11 written reports (``bench/report_vignettes_fresh15.json``, advice against a step, '-centesis'
procedures, differential-weighing sentences; never tuned on; round 14's set was lost); ``--baseline-only`` answers with ``--baseline``'s code
alone, ``--score-only`` scores the answers a home already holds.
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
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("CLINICITE_SHARED_DATA", ROOT.parent / "shared" / "data"))
VIGNETTES = ROOT / "bench" / "report_vignettes.json"
UNRELATED_PUBMEDQA = 200
FRESH_NAMES = ("fresh", "fresh7", "fresh8", "fresh9", "fresh10", "fresh11", "fresh12", "fresh13", "fresh15")     # the sets bench/report_answers_fresh.py adds to the home


def split_of(pmid: str) -> str:
    return "dev" if int(hashlib.sha1(pmid.encode()).hexdigest(), 16) % 2 == 0 else "held-out"


def _bioasq_documents(wanted: set[str]):
    from clinicite.ingest.document import Document, Section
    snippets: dict[str, dict[str, None]] = {}
    for path in sorted(glob.glob(str(DATA / "bioasq" / "*" / "*.json"))):
        for question in json.load(open(path))["questions"]:
            for snippet in question.get("snippets", []):
                pmid = snippet["document"].rstrip("/").split("/")[-1]
                if pmid in wanted:
                    snippets.setdefault(pmid, {})[" ".join(snippet["text"].split())] = None
    documents = []
    for pmid, texts in snippets.items():
        kept = [t for t in texts if not any(t != o and t in o for o in texts)]
        documents.append(Document(id=f"pmid:{pmid}", source="pubmed", title="", pmid=pmid,
                                  sections=[Section(" ".join(kept), label="ABSTRACT")]).assemble())
    return documents


def _pubmedqa_documents(reports: set[str], seed: int = 7):
    from clinicite.ingest.document import Document, Section
    records = json.load(open(DATA / "pubmedqa" / "ori_pqal.json"))
    others = sorted(set(records) - reports)
    random.Random(seed).shuffle(others)
    documents = []
    for pmid in [*sorted(reports & set(records)), *others[:UNRELATED_PUBMEDQA]]:
        record = records[pmid]
        sections = [Section(text, label=label) for text, label in zip(record["CONTEXTS"], record["LABELS"])]
        sections.append(Section(record["LONG_ANSWER"], label="CONCLUSIONS"))
        documents.append(Document(id=f"pmid:{pmid}", source="pubmed", title=record["QUESTION"], pmid=pmid,
                                  year=int(record["YEAR"]) if str(record.get("YEAR", "")).isdigit() else None,
                                  sections=sections).assemble())
    return documents


def _jats(document, pmid: str) -> bytes:
    """A report as a JATS full text: its title, its PMID and each labelled part as a body section."""
    from lxml import etree
    article = etree.Element("article", {"article-type": "case-report"})
    meta = etree.SubElement(etree.SubElement(article, "front"), "article-meta")
    etree.SubElement(meta, "article-id", {"pub-id-type": "pmid"}).text = pmid
    etree.SubElement(etree.SubElement(meta, "title-group"), "article-title").text = document.title or "Case report"
    body = etree.SubElement(article, "body")
    for section in document.sections:
        sec = etree.SubElement(body, "sec")
        etree.SubElement(sec, "title").text = (section.label or "Case").title()
        etree.SubElement(sec, "p").text = section.text
    return etree.tostring(article, xml_declaration=True, encoding="utf-8")


def _plain_text(document) -> bytes:
    """A report as a plain-text file: its title on the first line (when it has one), one paragraph a part."""
    parts = ([document.title] if document.title else []) + [s.text for s in document.sections]
    return ("\n\n".join(parts) + "\n").encode()


def _as_files(home: Path, documents: list, formats: dict[str, str]) -> tuple[list, list[Path], dict[str, str]]:
    """Write the reports whose vignette asks for another format as files; the rest stay records."""
    import hashlib as _hashlib
    folder = home / "report-files"
    folder.mkdir(exist_ok=True)
    kept, paths, ids = [], [], {}
    for document in documents:
        form = formats.get(document.pmid or "")
        if form is None:
            kept.append(document)
            continue
        data = _jats(document, document.pmid) if form == "jats" else _plain_text(document)
        path = folder / f"{document.pmid}.{'nxml' if form == 'jats' else 'txt'}"
        path.write_bytes(data)
        paths.append(path)
        if form == "text":      # the plain-text reader names a file by the hash of its bytes
            ids[document.pmid] = f"file:{_hashlib.sha1(data).hexdigest()}"  # noqa: S324 - an id
    return kept, paths, ids


def report_ids(home: Path) -> dict[str, str]:
    path = home / "report-ids.json"
    return json.loads(path.read_text()) if path.is_file() else {}


def build_home(home: Path, vignettes: list[dict]) -> None:
    """Knowledge (HPO + Orphanet) and the corpus, stored and indexed once; reused when already built."""
    from clinicite.app import Clinicite
    from clinicite.settings import load_settings
    from clinicite.store.documents import save_documents
    if (home / "corpus-built").is_file():
        return
    app = Clinicite(load_settings(home=home, embedding_model="none"))
    started = time.perf_counter()
    if not app.knowledge_manifest.is_file():
        app.ingest_knowledge(DATA / "hpo" / "hp.obo", DATA / "hpo" / "phenotype.hpoa",
                             DATA / "orphanet" / "orphapackets.jsonl.gz")
    app.ingest([DATA / "medline-samples"])
    by_source = {s: {v["pmid"] for v in vignettes if v["source"] == s} for s in ("bioasq", "pubmedqa")}
    documents = _bioasq_documents(by_source["bioasq"]) + _pubmedqa_documents(by_source["pubmedqa"])
    documents, files, ids = _as_files(home, documents, {v["pmid"]: v["format"] for v in vignettes if "format" in v})
    with app.database.session() as session:
        save_documents(session, documents)
    app.ingest(files)
    (home / "report-ids.json").write_text(json.dumps(ids))
    app.sync_index(embed=False)
    (home / "corpus-built").write_text(f"{len(documents)} documents besides medline-samples\n")
    print(f"home built in {time.perf_counter() - started:.0f} s: {home}", file=sys.stderr)


def load_vignettes(which: str) -> list[dict]:
    if which in FRESH_NAMES:
        from report_answers_fresh import vignettes
        return vignettes(which)
    return json.load(open(VIGNETTES))["vignettes"]


def answer_all(home: Path, out: Path, which: str = "main") -> None:
    """Answer every vignette with the clinicite first on sys.path; one JSON answer per line."""
    from clinicite.app import Clinicite
    from clinicite.compose.render import to_markdown
    from clinicite.settings import load_settings
    app = Clinicite(load_settings(home=home, embedding_model="none", literature_on_demand="off"))
    with out.open("w") as handle:
        for vignette in load_vignettes(which):
            started = time.perf_counter()
            answer = app.ask(vignette["text"], fetch=False)
            handle.write(json.dumps({"pmid": vignette["pmid"], "answer": answer.to_dict(),
                                     "markdown": to_markdown(answer),
                                     "seconds": round(time.perf_counter() - started, 2)}) + "\n")
            handle.flush()


def score(vignette: dict, data: dict, ids: dict[str, str]) -> dict:
    from clinicite.compose.answer import Answer
    from clinicite.compose.traced import untraced_numbers
    answer = Answer.from_dict(data)
    report = ids.get(vignette["pmid"], f"pmid:{vignette['pmid']}")
    keywords = [k.lower() for k in vignette["treatment"]]

    def hit(section) -> bool:
        return any(any(c.document_id == report for c in b.citations) and any(k in b.text.lower() for k in keywords)
                   for b in section.bullets)
    literature = {r.id for r in answer.references if r.source_type != "knowledge"}
    off_topic = [b.text for s in answer.sections for b in s.bullets
                 if any(c.document_id != report and c.document_id in literature for c in b.citations)]
    management = next((s for s in answer.sections if s.key == "management" and s.bullets), None)
    from report_answers_checks import advises_against, against_leads, weighing_in_case_facts, workup_rows
    first = management is not None and hit(type(management)(management.heading, management.bullets[:1]))
    return {"against_leads": against_leads(answer), "weighing": weighing_in_case_facts(answer)[:2],
            # the first bullet names the treatment and is a step, not a warning that names it
            "first_step": first and not advises_against(management.bullets[0].text),
            "workup_rows": workup_rows(vignette, answer, report),
            "management": any(s.key == "management" and hit(s) for s in answer.sections),
            "first": management is not None and hit(type(management)(management.heading, management.bullets[:1])),
            "any_section": any(hit(s) for s in answer.sections),
            "off_topic": bool(off_topic), "off_topic_bullets": off_topic[:3],
            "invented": untraced_numbers(answer), "abstained": answer.abstained,
            "bottom_cites_report": any(c.document_id == report for c in answer.bottom_line_citations)}


def run(code: Path, home: Path, out: Path, which: str) -> None:
    env = dict(os.environ, PYTHONPATH=f"{code}{os.pathsep}{ROOT / 'bench'}", CLINICITE_HOME=str(home))
    subprocess.run([sys.executable, str(Path(__file__).resolve()), "--answer", str(out), "--home", str(home),
                    "--set", which], check=True, env=env, cwd=str(code))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--home", default="/tmp/answers-mgmt-bench-home")
    parser.add_argument("--baseline", default="/tmp/answers-mgmt-base")
    parser.add_argument("--answer", default=None, help=argparse.SUPPRESS)     # worker: answer into this file
    parser.add_argument("--show", action="store_true")
    parser.add_argument("--set", default="main", choices=("main", *FRESH_NAMES),
                        help="main: the 36 vignettes (dev / held-out); fresh: round 6's 8 (dev material since "
                             "round 7); fresh7: round 7's 11 (dev material since round 8); fresh8: round 8's 11 "
                             "written reports (dev material since round 9); fresh9: round 9's 11 written reports "
                             "(dev material since round 10); fresh10: round 10's 11 written reports (dev material since "
                             "round 11); fresh11: round 11's 11 written reports (dev material since round 12); "
                             "fresh12: round 12's 11 written reports (dev material since round 13); "
                             "fresh13: round 13's 11 written reports (dev material since round 15); "
                             "fresh15: round 15's 11 written reports, never tuned on")
    parser.add_argument("--baseline-only", action="store_true", help="answer with --baseline's code only")
    parser.add_argument("--score-only", action="store_true", help="score the answers already in --home")
    args = parser.parse_args()
    home = Path(args.home)
    if args.answer:
        return answer_all(home, Path(args.answer), args.set)
    if not DATA.is_dir():
        sys.exit(f"{DATA} is absent: this benchmark needs ../shared/data")
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    build_home(home, json.load(open(VIGNETTES))["vignettes"])
    if args.set in FRESH_NAMES:
        from report_answers_fresh import build_fresh
        build_fresh(home, DATA, _bioasq_documents, args.set)
    vignettes = load_vignettes(args.set)
    codes = [("baseline", Path(args.baseline))] + ([] if args.baseline_only else [("this branch", ROOT)])
    results: dict[str, dict[str, dict]] = {}
    for name, code in codes:
        out = home / f"answers-{args.set}-{'base' if name == 'baseline' else 'branch'}.jsonl"
        started = time.perf_counter()
        if not (args.score_only and out.is_file()):
            run(code, home, out, args.set)
        answers = {row["pmid"]: row for row in map(json.loads, out.read_text().splitlines())}
        if args.score_only and not all(v["pmid"] in answers for v in vignettes):
            continue
        results[name] = {v["pmid"]: score(v, answers[v["pmid"]]["answer"], report_ids(home)) for v in vignettes}
        print(f"{name}: {len(answers)} answers in {time.perf_counter() - started:.0f} s ({out})")
        if args.show:
            for v in vignettes:
                print(f"  {v['pmid']} [{'fresh' if 'id' in v else split_of(v['pmid'])}] {json.dumps(results[name][v['pmid']])[:400]}")
    print("\n| split | n | code | Management cites report with its treatment | ... in its first bullet | any section | "
          "answers with an off-topic bullet | invented-number failures | abstained |")
    print("|---|---|---|---|---|---|---|---|---|")
    for split in ((args.set,) if args.set != "main" else ("dev", "held-out")):
        ids = [v["pmid"] for v in vignettes if split == args.set or split_of(v["pmid"]) == split]
        for name in results:
            got = [results[name][i] for i in ids]
            share = lambda key: f"{sum(1 for g in got if g[key])}/{len(got)}"   # noqa: E731
            failures = sum(len(g["invented"]) for g in got)
            print(f"| {split} | {len(ids)} | {name} | {share('management')} | {share('first')} | {share('any_section')} | "
                  f"{share('off_topic')} | {failures} in {sum(1 for g in got if g['invented'])} answers | "
                  f"{share('abstained')} |")
    round15(vignettes, results, args.set)
    by_corpus(vignettes, results)


def round15(vignettes: list[dict], results: dict[str, dict[str, dict]], which: str) -> None:
    """Round 15's checks (bench/report_answers_checks.py) per split."""
    print("\n| split | code | first bullet is the treatment, not a warning naming it | advice against leads Management "
          "or the bottom line | presentation/key findings weigh a differential | Work-up rows (in Work-up / in any "
          "bullet citing the report) |")
    print("|---|---|---|---|---|---|")
    for split in ((which,) if which != "main" else ("dev", "held-out")):
        ids = [v["pmid"] for v in vignettes if split == which or split_of(v["pmid"]) == split]
        for name in results:
            got = [results[name][i] for i in ids]
            rows = [sum(g["workup_rows"][k] for g in got) for k in range(3)]
            print(f"| {split} | {name} | {sum(1 for g in got if g['first_step'])}/{len(got)} | "
                  f"{sum(1 for g in got if g['against_leads'])}/{len(got)} | "
                  f"{sum(1 for g in got if g['weighing'])}/{len(got)} | "
                  + (f"{rows[0]}/{rows[2]} / {rows[1]}/{rows[2]} |" if rows[2] else "- |"))


def by_corpus(vignettes: list[dict], results: dict[str, dict[str, dict]]) -> None:
    """Management hits per split and per corpus (source, and the file format the report was ingested as)."""
    print("\nManagement cites report with its treatment, by corpus:")
    for name in results:
        groups: dict[str, list[int]] = {}
        for v in vignettes:
            corpus = f"{'fresh' if 'id' in v else split_of(v['pmid'])} {v['source']}" + (f"/{v['format']}" if "format" in v else "")
            group = groups.setdefault(corpus, [0, 0])
            group[0] += bool(results[name][v["pmid"]]["management"])
            group[1] += 1
        print(f"  {name}: " + ", ".join(f"{k} {a}/{b}" for k, (a, b) in sorted(groups.items())))


if __name__ == "__main__":
    main()
