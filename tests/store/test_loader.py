"""Resumable, idempotent loading of ingest events, including a real SIGKILL half-way."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

from sqlalchemy import func, select

from clinicite.ingest.document import Deletion, Document, Problem, Section
from clinicite.store.database import Database
from clinicite.store.loader import load_events
from clinicite.store.models import DocumentRow, IngestFile, IngestProblemRow


def make_events(n: int, kill_at: int | None = None):
    """n records with a deletion and a bad record among them, like a MEDLINE update file."""
    for i in range(n):
        if kill_at is not None and i == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)
        if i == 10:
            yield Problem("update.xml", f"record {i}", "invalid XML: unclosed tag")
            continue
        if i == 20:
            yield Deletion("pmid:5")
            continue
        yield Document(id=f"pmid:{i}", source="pubmed", title=f"Record {i}", pmid=str(i),
                       sections=[Section(f"Abstract of record {i}.")]).assemble()


def count_documents(database: Database) -> int:
    with database.session() as session:
        return session.scalar(select(func.count()).select_from(DocumentRow).where(DocumentRow.deleted.is_(False)))


def test_summary_counts_and_idempotence(database_url, tmp_path):
    source = tmp_path / "update.xml"
    source.write_text("stand-in for the file the events came from")
    database = Database.open(database_url)
    first = load_events(database, source, make_events(100), batch_size=7)
    assert (first.added, first.deleted, first.skipped) == (98, 1, 1)
    assert first.failed and first.problems[0].position == "record 10"
    again = load_events(database, source, make_events(100), batch_size=7)
    # Re-reading changes nothing: pmid:5 stays deleted, and its deletion finds nothing left to delete.
    assert (again.added, again.replaced, again.unchanged, again.deleted, again.absent) == (0, 0, 98, 0, 1)
    assert count_documents(database) == 97
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(IngestProblemRow)) == 2
    database.dispose()


KILLED_RUN = textwrap.dedent("""
    import sys
    sys.path.insert(0, {tests!r})
    from store.test_loader import make_events
    from clinicite.store.database import Database
    from clinicite.store.loader import load_events
    database = Database.open({url!r})
    load_events(database, {source!r}, make_events(3000, kill_at=1550), batch_size=100)
""")


def test_sigkill_half_way_then_resume_ends_exact(database_url, tmp_path):
    source = tmp_path / "baseline.xml"
    source.write_text("stand-in")
    script = KILLED_RUN.format(tests=os.path.dirname(os.path.dirname(__file__)), url=database_url, source=str(source))
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=300)
    assert result.returncode == -signal.SIGKILL, result.stderr.decode()[-2000:]

    database = Database.open(database_url)
    committed = count_documents(database)
    assert 0 < committed < 2997  # whole batches only, the run really stopped half-way
    with database.session() as session:
        checkpoint = session.scalars(select(IngestFile)).one()
        assert checkpoint.status == "running" and checkpoint.events_done == 1500

    resumed = load_events(database, source, make_events(3000), batch_size=100)
    assert resumed.resumed_files == 1
    assert resumed.added == 3000 - 1500          # nothing before the checkpoint was read again
    # 3000 events - 1 problem - 1 deletion event = 2998 records, of which pmid:5 is deleted: 2997 remain.
    assert count_documents(database) == 2997     # no duplicates, nothing lost
    with database.session() as session:
        ids = session.scalars(select(DocumentRow.id)).all()
        assert len(ids) == len(set(ids))
        assert session.scalars(select(IngestFile.status)).all() == ["done"]
    database.dispose()
