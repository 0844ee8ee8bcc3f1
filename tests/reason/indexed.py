"""A real store and SearchIndex (lexical only) over a few hand-written documents, for the reason tests."""

from __future__ import annotations

from pathlib import Path


def index_documents(folder: Path, documents: list) -> object:
    """Save ``documents`` (assembled :class:`~clinicite.ingest.document.Document`) in a fresh home at ``folder``
    and return its synced SearchIndex."""
    from clinicite.index import SearchIndex
    from clinicite.settings import load_settings
    from clinicite.store.database import Database
    from clinicite.store.documents import save_documents

    settings = load_settings(home=folder, embedding_model="none")
    database = Database.open(settings.resolved_database_url)
    with database.session() as session:
        save_documents(session, documents)
    index = SearchIndex.open(settings, database)
    index.sync()
    return index
