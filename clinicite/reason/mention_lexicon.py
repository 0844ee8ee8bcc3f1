"""The disease lexicon that mentions are matched against: vocabulary and knowledge-base names, linked.

One entry per admitted matching key (:func:`disease_lexicon`): the names of the disease vocabulary
(:mod:`clinicite.reason.vocabulary`: ICD-10-CM, Disease Ontology, supplement) and of the knowledge base, linked so
that one disease is one concept, with the variants texts also write ("vitamin e deficient"). A name that is also an
HPO phenotype's is kept, marked: a finding unless a source names it as a diagnosis (:mod:`clinicite.reason.literature`).
Split from :mod:`clinicite.reason.mentions` (round 9), which finds the mentions.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Mapping
from dataclasses import dataclass

from clinicite.reason.lexicon_match import NameMatcher
from clinicite.reason.site_names import site_variants
from clinicite.reason.vocabulary import (CATEGORY_WORDS, NEOPLASMS, Vocabulary, link_knowledge_base, load_vocabulary,
                                         name_key)
from clinicite.reason.vocabulary.candidacy import admitted_as_candidate
from clinicite.reason.vocabulary.concepts import INFECTION, NUTRITIONAL, TOXIC

_TOKEN = re.compile(r"\w[\w'\-]*")
_OBSOLETE = re.compile(r"^obsolete\s+", re.I)
MAX_LEXICON_WORDS = 8
# Categories whose names stay diseases even when HPO also lists them as phenotypes ("Osteomyelitis"), and
# head words that name a disease whatever HPO says ("pancreatitis", "astrocytoma", "Hip fracture").
_DISEASES_DESPITE_PHENOTYPE = {INFECTION, TOXIC, NUTRITIONAL, *NEOPLASMS}
_DISEASE_HEAD = re.compile(r"(?:itis|omas?|cancer|carcinoma|sarcoma|leukemia|disease|syndrome|fracture)$")
# Single words too general to be a diagnosis however a list files them.
_TOO_GENERAL = {"fracture", "tumor", "cyst", "lesion", "disorder", "syndrome", "disease", "infection", "injury",
                "neoplasm", "mass", "illness", "condition", "abnormality", "deformity", "anomaly"}
_GENERAL_CLASS = re.compile(r"^(?:autosomal|x linked|genetic|hereditary|inherited|rare|congenital|chronic|acute|"
                            r"systemic|metabolic|neurological|infectious)(?: \w+)? (?:disease|disorder|syndrome)$")


@dataclass(frozen=True)
class Mention:
    key: str                     # matching key of the disease's preferred name: groups mentions of one disease
    surface: str                 # as written
    start: int                   # offsets within the passage text
    end: int
    disease_id: str | None       # knowledge-base id (primary of its equivalence group) when the disease is there
    kind: str                    # "lexicon", "vocabulary", "pattern", "abbreviation" or "likened" ("X-like")
    concept_id: str | None = None
    category: str | None = None
    phenotype: bool = False      # the name is also an HPO phenotype's ("meningitis"): a diagnosis only when a source
                                 # weighs it as one (literature.py)


@dataclass(frozen=True)
class LexiconEntry:
    key: str                     # the concept's preferred-name key
    name: str
    disease_id: str | None
    concept_id: str | None
    category: str | None
    phenotype: bool = False


class DiseaseLexicon(Mapping):
    """Matching key of every admitted disease name -> :class:`LexiconEntry`; as a mapping, key -> disease id."""

    def __init__(self, entries: dict[str, LexiconEntry], findings: frozenset[str] = frozenset(),
                 codes: dict[str, list[str]] | None = None) -> None:
        self.entries = entries
        self.codes = codes or {}             # concept id -> every code of the concept (ICD10CM, DOID, OMIM, ORPHA)
        self.findings = findings             # HPO labels and exact synonyms, as matching keys
        self._matcher: NameMatcher | None = None
        self._initialisms: dict[str, set[str]] | None = None

    @classmethod
    def from_mapping(cls, names: Mapping[str, str | None]) -> "DiseaseLexicon":
        entries = {}
        for name, disease_id in names.items():
            key = name_key(name)
            entries[key] = LexiconEntry(key, name, disease_id, disease_id, None)
        return cls(entries)

    def __getitem__(self, key: str) -> str | None:
        # Keys are already matching keys; folding one again is not always a no-op ("oe" -> "e" twice).
        entry = self.entries.get(key) or self.entries[name_key(key)]
        return entry.disease_id

    def __contains__(self, key) -> bool:
        return isinstance(key, str) and (key in self.entries or name_key(key) in self.entries)

    def items(self):
        return ((key, entry.disease_id) for key, entry in self.entries.items())

    def __iter__(self):
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def entry(self, name: str) -> LexiconEntry | None:
        return self.entries.get(name_key(name))

    def is_finding(self, name: str) -> bool:
        return name_key(name) in self.findings

    @property
    def initialisms(self) -> dict[str, set[str]]:
        """Initials of a "<name> disease|syndrome" entry's name words -> the entry keys of its concepts:
        "von hippel lindau syndrome" -> "vhl". A report writes "VHL disease" without defining VHL."""
        if self._initialisms is None:
            self._initialisms = {}
            for key, entry in self.entries.items():
                words = key.split()
                if words[-1:] in (["disease"], ["syndrome"]) and 3 <= len(words) - 1 <= 6:
                    initials = "".join(w[0] for w in words[:-1])
                    self._initialisms.setdefault(initials, set()).add(entry.key)
        return self._initialisms

    @property
    def matcher(self) -> NameMatcher:
        if self._matcher is None:
            self._matcher = NameMatcher(self.entries)
        return self._matcher


def normalise(text: str) -> str:
    return " ".join(t.lower() for t in _TOKEN.findall(text))


def phenotype_keys(ontology) -> frozenset[str]:
    """Matching keys of every HPO label and exact synonym: the words of findings."""
    if ontology is None:
        return frozenset()
    keys = set()
    for term in getattr(ontology, "terms", {}).values():
        keys.add(name_key(term.name))
        keys.update(name_key(s.text) for s in term.synonyms if s.scope == "EXACT")
    return frozenset(keys)


_LEXICONS: "weakref.WeakKeyDictionary[object, dict[int, DiseaseLexicon]]" = weakref.WeakKeyDictionary()


def disease_lexicon(kb, vocabulary: Vocabulary | None = None) -> DiseaseLexicon:
    """Disease names of ``vocabulary`` (default: :func:`load_vocabulary`) and ``kb``, one entry per admitted key.

    Built once per knowledge base and vocabulary.
    """
    vocabulary = load_vocabulary() if vocabulary is None else vocabulary
    per_kb = _LEXICONS.setdefault(kb, {})
    if id(vocabulary) in per_kb:
        return per_kb[id(vocabulary)]
    linked = link_knowledge_base(vocabulary, kb)
    findings = phenotype_keys(getattr(kb, "ontology", None))
    entries: dict[str, LexiconEntry] = {}
    # Names as listed first, then the variants ("vitamin e deficient"), so a variant never displaces a listed name.
    listed = list(linked.by_key.items())
    for key, concept_id in [*listed, *((v, c) for k, c in listed for v in name_variants(k)[1:])]:
        concept = linked.concepts[concept_id]
        if key in entries or not key or key in CATEGORY_WORDS or len(key) <= 3 or len(key.split()) > MAX_LEXICON_WORDS:
            continue
        if len(key.split()) == 1 and len(key) <= 4:
            continue                     # "flu", "gout" aside, four-letter words are too often something else
        if key in _TOO_GENERAL or _GENERAL_CLASS.match(key):
            continue
        if not admitted_as_candidate(key, concept):     # diff-calib: one-word names ("Immersion"), candidacy.py
            continue
        # A phenotype's name ("aortic dissection", "meningitis") is kept, marked: it is a finding unless a source
        # names it as a diagnosis or an alternative (clinicite.reason.literature).
        phenotype = key in findings and concept.category not in _DISEASES_DESPITE_PHENOTYPE \
            and not _DISEASE_HEAD.search(key)
        kb_id = next((c for c in concept.codes if c in kb.diseases), None)
        disease_id = kb.equivalent_ids(kb_id)[0] if kb_id else None
        name = _OBSOLETE.sub("", concept.name)
        entries[key] = LexiconEntry(name_key(name), name, disease_id, concept.id, concept.category, phenotype)
    codes = {e.concept_id: linked.concepts[e.concept_id].codes for e in entries.values() if e.concept_id}
    lexicon = per_kb[id(vocabulary)] = DiseaseLexicon(entries, findings, codes)
    return lexicon


def name_variants(key: str) -> list[str]:
    """A vocabulary name as texts also write it: "deficiency of vitamin e" is "vitamin e deficiency", "vitamin e
    deficient" and "deficient in vitamin e"; Disease Ontology's "obsolete vitamin e deficiency" is a name still used."""
    variants = [key]
    stripped = key.removeprefix("obsolete ")
    inverted = re.fullmatch(r"deficiency of (\w+(?: \w+){0,2})", stripped)
    base = f"{inverted.group(1)} deficiency" if inverted else stripped
    variants += [stripped, base]
    if base.endswith(" deficiency") and len(base.split()) <= 4:
        what = base.removesuffix(" deficiency")
        variants += [f"{what} deficient", f"deficient in {what}"]
    variants += site_variants(base)      # "torsion of spleen": "torsion of the spleen", "splenic torsion"
    return list(dict.fromkeys(variants))

