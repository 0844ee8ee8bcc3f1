"""A vocabulary of diseases beyond the rare-disease knowledge base, with a clinician's category per disease.

Public API::

    load_vocabulary(cache_dir=None) -> Vocabulary      # ICD-10-CM + Disease Ontology + supplement, cached
    link_knowledge_base(vocabulary, kb) -> Vocabulary   # OMIM / Orphanet records joined to the same concept
    Vocabulary(concepts).lookup(name) -> Concept | None
    name_key(text) -> str                               # case, plural, hyphen, British/American folded
"""

from clinicite.reason.vocabulary.build import build_vocabulary, link_knowledge_base, load_vocabulary, read_supplement
from clinicite.reason.vocabulary.concepts import (CATEGORIES, CATEGORY_WORDS, NEOPLASMS, Concept, Vocabulary,
                                                  name_key, token_keys)

__all__ = ["CATEGORIES", "CATEGORY_WORDS", "NEOPLASMS", "Concept", "Vocabulary", "build_vocabulary",
           "link_knowledge_base", "load_vocabulary", "name_key", "read_supplement", "token_keys"]
