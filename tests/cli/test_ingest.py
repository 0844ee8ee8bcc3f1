"""`clinicite ingest` end to end: real processes, real files, a real SIGKILL half-way."""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import select

from clinicite.store.database import Database
from clinicite.store.models import DocumentRow

RECORD = """<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM"><PMID Version="1">{pmid}</PMID>
<Article PubModel="Print"><Journal><JournalIssue><PubDate><Year>2020</Year></PubDate></JournalIssue>
<Title>Skeletal Radiology</Title></Journal><ArticleTitle>Case {pmid}: cortical sclerosis of the femur</ArticleTitle>
<Abstract><AbstractText Label="BACKGROUND" NlmCategory="BACKGROUND">Record {pmid} describes diaphyseal sclerosis.</AbstractText>
<AbstractText Label="CONCLUSIONS" NlmCategory="CONCLUSIONS">Bone scintigraphy helped in case {pmid}.</AbstractText></Abstract>
<Language>eng</Language><PublicationTypeList><PublicationType UI="D002363">Case Reports</PublicationType></PublicationTypeList>
</Article></MedlineCitation></PubmedArticle>
"""


def write_baseline(path: Path, count: int, deletions: list[int] = ()) -> None:
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write('<?xml version="1.0" encoding="UTF-8"?>\n<PubmedArticleSet>\n')
        for pmid in range(1, count + 1):
            handle.write(RECORD.format(pmid=pmid))
        if deletions:
            handle.write("<DeleteCitation>" + "".join(f'<PMID Version="1">{p}</PMID>' for p in deletions)
                         + "</DeleteCitation>\n")
        handle.write("</PubmedArticleSet>\n")


def cli(home: Path, *args: str, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "CLINICITE_HOME": str(home), "CLINICITE_EMBEDDING_MODEL": "none"}
    return subprocess.run([sys.executable, "-m", "clinicite", *args], env=env, capture_output=True, text=True,
                          timeout=600, **kwargs)


def live_documents(home: Path, migrate: bool = True) -> list[str]:
    database = Database.open(f"sqlite:///{home / 'clinicite.sqlite3'}", migrate=migrate)
    with database.session() as session:
        ids = session.scalars(select(DocumentRow.id).where(DocumentRow.deleted.is_(False))).all()
    database.dispose()
    return ids


def test_ingest_is_idempotent_and_reports(tmp_path):
    home = tmp_path / "home"
    baseline = tmp_path / "pubmed26n0001.xml.gz"
    write_baseline(baseline, 50, deletions=[3, 4])
    first = cli(home, "ingest", str(baseline), "--json", "--no-progress", "--no-index")
    assert first.returncode == 0, first.stderr
    summary = json.loads(first.stdout)
    assert (summary["added"], summary["deleted"], summary["skipped"]) == (50, 2, 0)
    again = json.loads(cli(home, "ingest", str(baseline), "--json", "--no-progress", "--no-index").stdout)
    assert (again["added"], again["replaced"], again["unchanged"], again["deleted"]) == (0, 0, 50, 0)
    assert len(live_documents(home)) == 48


def test_bad_file_fails_the_exit_status_but_keeps_the_rest(tmp_path):
    home = tmp_path / "home"
    good = tmp_path / "good.xml.gz"
    write_baseline(good, 5)
    broken = tmp_path / "broken.xml"
    broken.write_text('<?xml version="1.0"?>\n<PubmedArticleSet>\n' + RECORD.format(pmid=77) +
                      "<PubmedArticle><MedlineCitation><PMID>78</PMID><Article>", encoding="utf-8")
    result = cli(home, "ingest", str(tmp_path), "--json", "--no-progress", "--no-index")
    assert result.returncode == 1
    summary = json.loads(result.stdout)
    assert summary["added"] == 6 and summary["skipped"] >= 1
    assert any("broken.xml" in p["path"] for p in summary["problems"])
    assert "pmid:77" in live_documents(home)


def test_sigkill_half_way_then_resume(tmp_path):
    home = tmp_path / "home"
    baseline = tmp_path / "pubmed26n0002.xml.gz"
    total = 20000
    write_baseline(baseline, total, deletions=[10, 20])
    env = {**os.environ, "CLINICITE_HOME": str(home), "CLINICITE_EMBEDDING_MODEL": "none",
           "CLINICITE_INGEST_BATCH_SIZE": "200"}
    process = subprocess.Popen([sys.executable, "-m", "clinicite", "ingest", str(baseline), "--no-progress",
                                "--no-index"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    database_file = home / "clinicite.sqlite3"
    deadline = time.monotonic() + 300
    stored = 0
    while time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
        if database_file.exists():
            try:
                stored = len(live_documents(home, migrate=False))  # the CLI owns the schema
            except Exception:  # the schema may not exist yet
                stored = 0
            if stored >= 2000:
                break
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL, "the ingest finished before it could be killed"
    assert 0 < len(live_documents(home)) < total

    resumed = cli(home, "ingest", str(baseline), "--json", "--no-progress", "--no-index")
    assert resumed.returncode == 0, resumed.stderr
    ids = live_documents(home)
    assert len(ids) == len(set(ids)) == total - 2
    assert "pmid:10" not in ids and "pmid:20" not in ids and f"pmid:{total}" in ids
    assert json.loads(resumed.stdout)["resumed_files"] == 1


def stored_hashes(home: Path) -> dict[str, tuple[str, bool]]:
    database = Database.open(f"sqlite:///{home / 'clinicite.sqlite3'}")
    with database.session() as session:
        rows = session.execute(select(DocumentRow.id, DocumentRow.content_hash, DocumentRow.deleted)).all()
    database.dispose()
    return {row.id: (row.content_hash, row.deleted) for row in rows}


def test_parallel_ingest_with_ray_equals_sequential(tmp_path):
    """Files parsed on Ray workers end in exactly the store a sequential run gives, deletions included."""
    import pytest
    pytest.importorskip("ray", reason="Ray is the optional parallel-ingest engine (pip install 'clinicite[scale]')")
    corpus = tmp_path / "baseline"
    corpus.mkdir()
    for number in range(1, 5):
        # Each later file deletes a record of the earlier ones, as MEDLINE update files do.
        write_baseline(corpus / f"pubmed26n000{number}.xml.gz", 300 * number, deletions=[number])
    sequential = cli(tmp_path / "sequential", "ingest", str(corpus), "--json", "--no-progress", "--no-index")
    parallel = cli(tmp_path / "parallel", "ingest", str(corpus), "--json", "--no-progress", "--no-index",
                   "--workers", "2")
    assert sequential.returncode == 0 and parallel.returncode == 0, parallel.stderr[-2000:]
    assert json.loads(parallel.stdout)["files"] == 4
    expected = stored_hashes(tmp_path / "sequential")
    assert len(expected) == 1200
    assert stored_hashes(tmp_path / "parallel") == expected


def write_update(path: Path, revised: list[int], deletions: list[int]) -> None:
    """An update file as NLM ships them: revised records (a new PMID version) and a DeleteCitation."""
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write('<?xml version="1.0" encoding="UTF-8"?>\n<PubmedArticleSet>\n')
        for pmid in revised:
            handle.write(RECORD.format(pmid=pmid).replace('Version="1"', 'Version="2"')
                         .replace("diaphyseal sclerosis", "revised: endosteal sclerosis"))
        handle.write("<DeleteCitation>" + "".join(f'<PMID Version="1">{p}</PMID>' for p in deletions)
                     + "</DeleteCitation>\n</PubmedArticleSet>\n")


def test_baseline_folder_then_updates_in_order_and_resumed_by_file(tmp_path):
    """A PubMed-style folder: baseline files, then update files applied in order (revisions and deletions);
    running it again after more update files arrive reads only the new ones."""
    home = tmp_path / "home"
    folder = tmp_path / "pubmed"
    (folder / "baseline").mkdir(parents=True)
    (folder / "updatefiles").mkdir()
    write_baseline(folder / "baseline" / "pubmed26n0001.xml.gz", 40)
    with gzip.open(folder / "baseline" / "pubmed26n0002.xml.gz", "wt", encoding="utf-8") as handle:
        handle.write('<?xml version="1.0" encoding="UTF-8"?>\n<PubmedArticleSet>\n'
                     + "".join(RECORD.format(pmid=p) for p in range(41, 61)) + "</PubmedArticleSet>\n")
    # Update 1335 deletes 7 and revises 8; update 1336 re-adds nothing but deletes 8's revision and revises 50.
    write_update(folder / "updatefiles" / "pubmed26n1335.xml.gz", revised=[8, 9], deletions=[7])
    write_update(folder / "updatefiles" / "pubmed26n1336.xml.gz", revised=[50], deletions=[8])
    first = cli(home, "ingest", str(folder), "--json", "--no-progress")
    assert first.returncode == 0, first.stderr
    summary = json.loads(first.stdout)
    assert (summary["files"], summary["added"], summary["replaced"], summary["deleted"]) == (4, 60, 3, 2)
    ids = set(live_documents(home))
    assert len(ids) == 58 and "pmid:7" not in ids and "pmid:8" not in ids and "pmid:9" in ids
    database = Database.open(f"sqlite:///{home / 'clinicite.sqlite3'}")
    with database.session() as session:
        revised = session.get(DocumentRow, "pmid:50")
        assert revised.pmid_version == 2 and "endosteal" in revised.text
    database.dispose()

    write_update(folder / "updatefiles" / "pubmed26n1337.xml.gz", revised=[], deletions=[9])
    again = cli(home, "ingest", str(folder), "--json", "--no-progress")
    assert again.returncode == 0, again.stderr
    summary = json.loads(again.stdout)
    assert (summary["done_before"], summary["files"], summary["deleted"], summary["unchanged"]) == (4, 1, 1, 0)
    assert "pmid:9" not in set(live_documents(home))
    # A file named on its own is always read again (re-ingesting it is idempotent).
    named = json.loads(cli(home, "ingest", str(folder / "baseline" / "pubmed26n0001.xml.gz"), "--json",
                           "--no-progress").stdout)
    assert (named["files"], named["unchanged"], named["done_before"]) == (1, 38, 0)
