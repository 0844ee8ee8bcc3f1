"""Two ingests into one database at once (issue 13, item 12): the second is refused at once with a clear
message, whichever home it runs from, and the checkpoint counts the file's records once.

Before, only the home was locked: two homes on one database (two servers on one PostgreSQL database)
shared the file's checkpoint row, one died on a raw IntegrityError and the checkpoint counted both runs.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from clinicite.app import Clinicite
from clinicite.errors import IngestBusy
from clinicite.settings import load_settings
from clinicite.store.ingest_lock import database_ingest_lock
from clinicite.store.models import IngestFile

ROOT = Path(__file__).resolve().parents[2]
RECORDS = 40


def medline(path: Path, count: int) -> Path:
    articles = "".join(
        f'<PubmedArticle><MedlineCitation Status="MEDLINE"><PMID Version="1">{70000000 + i}</PMID><Article>'
        f"<ArticleTitle>Kawasaki disease report {i}</ArticleTitle><Abstract><AbstractText>Fever and rash in "
        f"child {i}.</AbstractText></Abstract></Article></MedlineCitation></PubmedArticle>" for i in range(count))
    path.write_text(f'<?xml version="1.0" encoding="UTF-8"?><PubmedArticleSet>{articles}</PubmedArticleSet>')
    return path


def ingest_from_another_home(home: Path, url: str, source: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "CLINICITE_HOME": str(home), "CLINICITE_DATABASE_URL": url,
           "CLINICITE_EMBEDDING_MODEL": "none", "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "clinicite", "ingest", str(source)], env=env,
                          capture_output=True, text=True, timeout=600)


def test_a_second_home_on_the_same_database_is_refused_while_an_ingest_runs(tmp_path, database_url):
    source = medline(tmp_path / "reports.xml", RECORDS)
    core = Clinicite(load_settings(home=tmp_path / "first", database_url=database_url, embedding_model="none"))
    try:
        with database_ingest_lock(core.database):  # what a running ingest in the first home holds
            refused = ingest_from_another_home(tmp_path / "second", database_url, source)
            with pytest.raises(IngestBusy, match="already writing to"):
                with database_ingest_lock(core.database):
                    pass
        assert refused.returncode == 2, refused.stdout + refused.stderr
        assert "another ingest is already writing to" in refused.stderr and "IntegrityError" not in refused.stderr
        assert "hint" in refused.stderr

        done = ingest_from_another_home(tmp_path / "second", database_url, source)  # free again: it runs
        assert done.returncode == 0, done.stdout + done.stderr
        again = core.ingest([source], index=False)  # and the first home sees it all stored
        assert again.unchanged == RECORDS and again.added == 0
        with core.database.session() as session:
            rows = session.scalars(select(IngestFile)).all()
        assert [r.events_done for r in rows if r.status == "done"] and \
            all(r.events_done == RECORDS for r in rows), [(r.status, r.events_done) for r in rows]
    finally:
        core.close()


def test_the_database_lock_is_released_when_the_block_ends_or_fails(tmp_path, database_url):
    core = Clinicite(load_settings(home=tmp_path / "home", database_url=database_url, embedding_model="none"))
    try:
        with pytest.raises(RuntimeError):
            with database_ingest_lock(core.database):
                raise RuntimeError("the ingest failed")
        with database_ingest_lock(core.database):
            pass
    finally:
        core.close()


def test_literature_on_demand_answers_from_what_is_held_while_another_ingest_runs(tmp_path, database_url):
    # The server's fetch from PubMed is an ingest too: refused while a CLI ingest runs, it becomes a notice
    # and the answer goes on from the sources held (before, the question failed with a StoreError).
    core = Clinicite(load_settings(home=tmp_path / "home", database_url=database_url, embedding_model="none",
                                   literature_on_demand="on", ncbi_email="test@example.org"))
    try:
        with database_ingest_lock(core.database):
            notices = core.literature_on_demand("How is Kawasaki disease treated?")
        assert len(notices) == 1 and "another ingest is already writing to" in notices[0]
        assert "uses the sources already held" in notices[0]
    finally:
        core.close()
