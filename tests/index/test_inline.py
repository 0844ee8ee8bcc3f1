"""Ingest indexes each batch lexically as it writes it: revisions and deletions in file order stay exact."""

from __future__ import annotations

from sqlalchemy import func, select

from clinicite.app import Clinicite
from clinicite.store.models import DocumentRow, PassageRow

ARTICLE = """<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM"><PMID Version="{version}">{pmid}</PMID>
<Article PubModel="Print"><Journal><JournalIssue><PubDate><Year>2021</Year></PubDate></JournalIssue></Journal>
<ArticleTitle>Record {pmid}</ArticleTitle><Abstract><AbstractText>{text}</AbstractText></Abstract>
<Language>eng</Language></Article></MedlineCitation></PubmedArticle>
"""


def medline(path, articles, deletions=()) -> None:
    body = "".join(ARTICLE.format(pmid=p, version=v, text=t) for p, v, t in articles)
    if deletions:
        body += "<DeleteCitation>" + "".join(f"<PMID Version=\"1\">{p}</PMID>" for p in deletions) + "</DeleteCitation>"
    path.write_text(f'<?xml version="1.0"?>\n<PubmedArticleSet>{body}</PubmedArticleSet>\n', encoding="utf-8")


def test_revisions_and_deletions_in_one_file_are_indexed_exactly(home, tmp_path):
    baseline, update = tmp_path / "pubmed26n0001.xml", tmp_path / "pubmed26n0002.xml"
    medline(baseline, [(str(i), 1, f"Melorheostosis case {i} with flowing hyperostosis.") for i in range(1, 31)])
    # The update revises 5, deletes 6, adds 31 and then deletes it again, and revises 7 twice (the last wins).
    medline(update, [("5", 2, "Revised: osteopoikilosis rather than melorheostosis."), ("31", 1, "Transient."),
                     ("7", 2, "Interim text about hyperparathyroidism."), ("7", 3, "Second revision mentions sclerotome.")],
            deletions=["6", "31"])
    core = Clinicite(embedding_model="none", ingest_batch_size=7)
    summary = core.ingest([baseline, update])
    assert (summary.added, summary.replaced, summary.deleted) == (31, 3, 2)
    stats = core.stats()
    assert stats["pending_index"] == 0 and stats["index"]["pending_documents"] == 0
    with core.database.session() as session:
        rows = session.scalar(select(func.count()).select_from(PassageRow))
        live = session.scalar(select(func.count()).select_from(DocumentRow).where(DocumentRow.deleted.is_(False)))
    assert live == 29 and core.index.backend.count()["lexical"] == rows == 29
    assert [h.document_id for h in core.search("osteopoikilosis", mode="lexical")] == ["pmid:5"]
    assert [h.document_id for h in core.search("sclerotome", mode="lexical")] == ["pmid:7"]
    assert not core.search("hyperparathyroidism", mode="lexical")
    assert not core.search("transient", mode="lexical")
    assert "pmid:6" not in {h.document_id for h in core.search("melorheostosis case 6", k=30, mode="lexical")}
    again = core.ingest([baseline, update])         # idempotent: nothing changes, nothing is re-indexed
    assert again.added == again.replaced == 0
    assert core.index.backend.count()["lexical"] == 29
    core.close()
