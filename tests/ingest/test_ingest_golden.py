"""A lexical ingest stores, cuts, mines and indexes exactly what main a586468 did, read ahead or not.

``pubmed_ingest_golden.json`` was written by :func:`collect` run on main a586468's code (before the ingest's
faster text routines) over ``pubmed_ingest_golden.xml``, invented records in MEDLINE XML: long abstracts cut
into sentence windows, short structured sections merged, title-only records, a revision, a deletion,
abbreviation definitions (also non-ASCII ones), Greek letters, British spellings and compounds. Regenerate it
only from a known-good commit: ``python3 tests/ingest/test_ingest_golden.py > tests/fixtures/ingest/pubmed_ingest_golden.json``.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"
SOURCE = FIXTURES / "pubmed_ingest_golden.xml"
EXPECTED = FIXTURES / "pubmed_ingest_golden.json"
QUERIES = ["lamellated periosteal reaction", "edema", "tumor necrosis factor alpha", "xray", "non ossifying",
           "MRI", "pediatric anemia", "beta2 microglobulin", "CRMO", "hemorrhage after biopsy"]


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def collect(home: Path, ahead: bool | None = None) -> dict:
    """Ingest the fixture twice into a fresh home (the second run changes nothing) and describe the result."""
    from sqlalchemy import select

    import clinicite.ingest.read_ahead as read_ahead_module
    from clinicite.app import Clinicite
    from clinicite.index.analysis import normalise
    from clinicite.store.models import DocumentRow, PassageRow

    if ahead is not None:
        read_ahead_module.worth_reading_ahead = lambda paths: ahead
    core = Clinicite(home=home, embedding_model="none")
    first = core.ingest([SOURCE]).to_dict()
    again = core.ingest([SOURCE]).to_dict()
    with core.database.session() as session:
        documents = [list(row) for row in session.execute(
            select(DocumentRow.id, DocumentRow.content_hash, DocumentRow.revision, DocumentRow.deleted,
                   DocumentRow.indexed_revision, DocumentRow.title, DocumentRow.text)
            .order_by(DocumentRow.id))]
        passages = [list(row) for row in session.execute(
            select(PassageRow.id, PassageRow.document_id, PassageRow.ordinal, PassageRow.start, PassageRow.end,
                   PassageRow.section, PassageRow.kind, PassageRow.text).order_by(PassageRow.id))]
    titles = {row[0]: row[5] for row in documents}
    for row in documents:
        row[6] = _digest(row[6])
    indexed = []
    for pid, document_id, ordinal, start, end, section, kind, text in passages:
        # What tantivy was given: the title for context, then the passage (Passage.indexed_text).
        shown = text if start == 0 or not titles[document_id] else f"{titles[document_id]}\n{text}"
        indexed.append(_digest(normalise(shown)))
    for row in passages:
        row[7] = _digest(row[7])
    hits = {query: [[hit.document_id, hit.start, round(hit.score, 4)]
                    for hit in core.index.search(query, k=10, mode="lexical")] for query in QUERIES}
    abbreviations = json.loads((core.paths.index_dir / "abbreviations.json").read_text(encoding="utf-8")) \
        if (core.paths.index_dir / "abbreviations.json").is_file() else None
    core.close()
    for summary in (first, again):
        summary.pop("problems")
    return {"first": first, "again": again, "documents": documents, "passages": passages, "indexed": indexed,
            "abbreviations": abbreviations, "hits": hits}


@pytest.mark.parametrize("ahead", [False, True], ids=["in the writer", "read ahead"])
def test_an_ingest_gives_main_s_stores_passages_abbreviations_and_hits(tmp_path, monkeypatch, ahead):
    import clinicite.ingest.read_ahead as read_ahead_module
    monkeypatch.setattr(read_ahead_module, "worth_reading_ahead", read_ahead_module.worth_reading_ahead)
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    got = json.loads(json.dumps(collect(tmp_path / "home", ahead)))     # tuples -> lists, as stored
    assert got["first"]["added"] == 24 and got["first"]["deleted"] == 1 and got["again"]["added"] == 0
    assert any(len([p for p in got["passages"] if p[1] == d[0]]) > 2 for d in got["documents"])   # windows cut
    assert got["abbreviations"] and any(hits for hits in got["hits"].values())
    for key in ("first", "again", "documents", "passages", "indexed", "abbreviations", "hits"):
        assert got[key] == expected[key], key


if __name__ == "__main__":
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        print(json.dumps(collect(Path(tmp) / "home", False), ensure_ascii=False, indent=0))
    sys.exit(0)
