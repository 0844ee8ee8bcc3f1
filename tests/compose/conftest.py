"""A tiny answered corpus shared by the compose tests: one home per test module.

The corpus (``tests/fixtures/compose/corpus.json``) holds short abstracts on
Kawasaki disease, Marfan syndrome and zinc for the common cold (two trials for,
two against), one abstract with a ``<script>`` element and one plain document
that tries to instruct a language model. ``diseases.json`` holds three disease
records and ``ontology.obo`` a twelve-term HPO:

    All
     └── Phenotypic abnormality
          ├── Fever, Conjunctivitis, Skin rash, Cervical lymphadenopathy
          └── Arachnodactyly, Ectopia lentis, Aortic root aneurysm, Tall stature, Seizure
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))   # for tests/stubs

from clinicite.compose import ComposeContext  # noqa: E402
from clinicite.ingest.disease import DiseaseRecord  # noqa: E402
from clinicite.ingest.document import Document  # noqa: E402
from clinicite.ingest.hpo import read_obo  # noqa: E402

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "compose"


@dataclass
class Built:
    settings: object
    database: object
    index: object
    knowledge_base: object
    ontology: object
    documents: dict

    def context(self, composer=None, settings=None) -> ComposeContext:
        return ComposeContext(settings=settings or self.settings, database=self.database, searcher=self.index,
                              knowledge_base=self.knowledge_base, ontology=self.ontology, composer=composer)


def corpus() -> list[Document]:
    return [Document.from_dict(d).assemble() for d in json.loads((FIXTURES / "corpus.json").read_text())]


def records() -> list[DiseaseRecord]:
    return [DiseaseRecord.from_dict(r) for r in json.loads((FIXTURES / "diseases.json").read_text())]


@pytest.fixture(scope="session")
def ontology():
    return read_obo(FIXTURES / "ontology.obo")


def build_home(folder: Path, ontology, documents: list[Document], diseases: list[DiseaseRecord]) -> Built:
    from clinicite.index.hybrid import SearchIndex
    from clinicite.reason.knowledge import KnowledgeBase
    from clinicite.settings import load_settings
    from clinicite.store.database import Database
    from clinicite.store.documents import save_diseases, save_documents

    settings = load_settings(home=folder, embedding_model="none")
    database = Database.open(settings.resolved_database_url)
    knowledge = [r.to_document(label_of=ontology.label) for r in diseases]
    with database.session() as session:
        if documents or knowledge:
            save_documents(session, documents + knowledge)
        if diseases:
            save_diseases(session, diseases)
    index = SearchIndex.open(settings, database, ontology=ontology)
    index.sync()
    kb = KnowledgeBase.from_records(ontology, diseases) if diseases else None
    return Built(settings, database, index, kb, ontology, {d.id: d for d in documents + knowledge})


@pytest.fixture(scope="module")
def built(tmp_path_factory, ontology) -> Built:
    return build_home(tmp_path_factory.mktemp("compose-home"), ontology, corpus(), records())


@pytest.fixture(scope="module")
def empty(tmp_path_factory, ontology) -> Built:
    return build_home(tmp_path_factory.mktemp("empty-home"), ontology, [], [])
