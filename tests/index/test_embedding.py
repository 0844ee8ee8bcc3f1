"""Dense vectors off the ingest path: ingest never embeds, `clinicite index` and serve's worker do, resumably."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
import time

from sqlalchemy import func, select, update

from clinicite.app import Clinicite
from clinicite.index import SearchIndex
from clinicite.index.embedding import pending_vectors, vector_writer_lock
from clinicite.store.models import DocumentRow, PassageRow

from .conftest import article, corpus, store

RICKETS = [article(str(100 + i), f"Case {i} of nutritional rickets",
                   ("CASE", f"Vitamin D deficiency with bowed legs in child number {i}."),
                   ("RESULTS", f"Alkaline phosphatase fell after treatment in child {i}.")) for i in range(12)]


def dense_passages(database, settings) -> set[int]:
    with database.session() as session:
        rows = session.execute(select(PassageRow.id, DocumentRow.source)
                               .join(DocumentRow, DocumentRow.id == PassageRow.document_id)).all()
    return {pid for pid, source in rows if source in settings.dense_sources}


def embedded_flags(database) -> dict[int, bool | None]:
    with database.session() as session:
        return dict(session.execute(select(PassageRow.id, PassageRow.embedded)).all())


def test_lexical_sync_leaves_vectors_waiting_and_search_still_works(settings, database, encoder):
    store(database, corpus())
    index = SearchIndex.open(settings, database)
    report = index.sync(embed=False)
    assert report.documents_indexed == 5 and report.passages_embedded == 0
    wanted = dense_passages(database, settings)
    flags = embedded_flags(database)
    # Literature waits for a vector; knowledge records are not meant for dense search at all.
    assert {pid for pid, flag in flags.items() if flag is False} == wanted
    assert all(flag is None for pid, flag in flags.items() if pid not in wanted)
    assert index.backend.count() == {"lexical": len(flags), "dense": 0}
    assert index.stats()["pending_vectors"] == len(wanted)
    hits = index.search("intramedullary osteosclerosis", k=3)        # hybrid with no vectors yet: BM25 decides
    assert hits and hits[0].document_id == "pmid:3" and hits[0].dense_rank is None
    index.close()


def test_embedding_fills_in_what_waits_and_hybrid_uses_the_vectors_that_exist(settings, database, encoder):
    store(database, corpus() + RICKETS)
    index = SearchIndex.open(settings, database)
    index.sync(embed=False)
    waiting = pending_vectors(database)
    partial = index.embed_pending(limit=6)
    assert partial.passages == 6 and pending_vectors(database) == waiting - 6
    with_vectors = {pid for pid, flag in embedded_flags(database).items() if flag}
    assert set(index.backend.vectors.keys()) == with_vectors
    with database.session() as session:
        owners = dict(session.execute(select(PassageRow.id, PassageRow.document_id)).all())
    vectored = {owners[pid] for pid in with_vectors}
    # Hybrid search ranks every passage by BM25 and the embedded ones by cosine as well: the rickets cases
    # with vectors and those without are all found, and only the former carry a dense rank.
    hits = index.search("vitamin D deficiency rickets", k=12)
    found = {h.document_id for h in hits}
    assert {d.id for d in RICKETS} <= found
    assert any(d.id not in vectored for d in RICKETS) and any(d.id in vectored for d in RICKETS)
    for hit in hits:
        assert (hit.dense_rank is not None) == (hit.passage_id in with_vectors)
    rest = index.embed_pending()
    assert rest.passages == waiting - 6 and pending_vectors(database) == 0
    assert index.backend.vectors.keys() == dense_passages(database, settings)
    assert index.embed_pending().passages == 0                      # nothing waits: a no-op
    index.close()


def test_a_killed_embedding_run_resumes_where_the_store_says(settings, database, encoder, home):
    store(database, RICKETS)
    SearchIndex.open(settings, database).sync(embed=False)
    total = pending_vectors(database)
    script = textwrap.dedent(f"""
        import os
        from clinicite.index.embedding import embed_pending
        from clinicite.index.hybrid import SearchIndex
        from clinicite.settings import load_settings
        from clinicite.store.database import Database
        settings = load_settings(home={str(home)!r}, embedding_max_tokens=128, embedding_runtime="numpy")
        index = SearchIndex.open(settings, Database.open(settings.resolved_database_url))
        rounds = []
        def die(done, total):
            rounds.append(done)
            if len(rounds) == 3:
                os._exit(9)       # killed mid-run: two rounds committed, the third encoded but not
        embed_pending(index.database, index.backend, index.encoder, round_size=4, commit_seconds=0,
                      progress=die)
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert result.returncode == 9, result.stderr
    assert pending_vectors(database) == total - 12      # three rounds of 4, each committed before the next
    index = SearchIndex.open(settings, database)
    assert len(index.backend.vectors.keys()) == 12
    resumed = index.embed_pending()
    assert resumed.passages == total - 12
    assert index.backend.vectors.keys() == dense_passages(database, settings)
    index.close()


def test_vectors_of_replaced_and_deleted_documents_are_dropped(settings, database, encoder):
    store(database, corpus())
    index = SearchIndex.open(settings, database)
    index.sync()
    before = index.backend.vectors.keys()
    with database.session() as session:      # pmid:1 re-indexed (new passage ids), pmid:2 deleted
        session.execute(update(DocumentRow).where(DocumentRow.id == "pmid:1").values(indexed_revision=None))
        session.execute(update(DocumentRow).where(DocumentRow.id == "pmid:2")
                        .values(deleted=True, revision=DocumentRow.revision + 1))
    report = index.sync()
    assert report.documents_indexed == 1 and report.documents_removed == 1
    assert report.passages_embedded == report.passages_indexed == 1
    after = index.backend.vectors.keys()
    assert after == dense_passages(database, settings) and after != before
    assert not any(h.document_id == "pmid:2" for h in index.search("tumour necrosis factor", k=5))
    index.close()


def test_one_process_embeds_at_a_time(settings, database, encoder):
    store(database, RICKETS)
    index = SearchIndex.open(settings, database)
    index.sync(embed=False)
    with vector_writer_lock(settings.paths.index_dir) as held:
        assert held
        # flock locks belong to open files, so a second open in this process stands for another process.
        elsewhere = index.embed_pending()
    assert elsewhere.locked_elsewhere and elsewhere.passages == 0 and pending_vectors(database) > 0
    assert index.embed_pending().passages > 0
    index.close()


def test_ingest_does_not_embed_and_the_serve_worker_does(home, fixtures):
    core = Clinicite(embedding_max_tokens=128)
    summary = core.ingest([fixtures / "ingest" / "pubmed_small.xml", fixtures / "ingest" / "jats_case.nxml"])
    assert summary.added > 0
    stats = core.stats()
    assert stats["passages_waiting_for_vectors"] > 0 and stats["index"]["passages_dense"] == 0
    assert stats["index"]["pending_vectors"] == stats["passages_waiting_for_vectors"]
    assert stats["index"]["pending_documents"] == 0                 # lexically searchable already
    stop = threading.Event()
    worker = threading.Thread(target=core.embed_in_background, args=(stop,), kwargs={"idle_seconds": 0.2})
    worker.start()
    try:
        deadline = time.monotonic() + 240
        while pending_vectors(core.database) and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        stop.set()
        worker.join(timeout=60)
    after = core.stats()
    assert after["passages_waiting_for_vectors"] == 0
    with core.database.session() as session:
        flagged = session.scalar(select(func.count()).select_from(PassageRow).where(PassageRow.embedded.is_(True)))
    assert after["index"]["passages_dense"] == flagged > 0
    core.close()
