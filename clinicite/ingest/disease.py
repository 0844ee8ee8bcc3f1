"""Curated disease knowledge: one citable record per disease.

Records come from the HPO annotations (``phenotype.hpoa``: OMIM, ORPHA and
DECIPHER diseases with phenotype frequencies, onset, NOT qualifiers and
inheritance) and from Orphanet ORPHApackets (definitions, prevalence classes,
age of onset, inheritance, OMIM mappings). Records of the same disease from
both sources are merged by :meth:`DiseaseRecord.merge`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from clinicite.ingest.document import Document, Section


@dataclass
class PhenotypeAnnotation:
    hpo_id: str
    label: str | None = None
    frequency: float | None = None          # 0..1 when the source gives one
    frequency_label: str | None = None      # as the source wrote it: "HP:0040281", "3/7", "Frequent (79-30%)"
    onset: str | None = None                # HPO onset term id
    excluded: bool = False                  # the NOT qualifier: the disease is known to lack this feature
    sex: str | None = None
    modifiers: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)   # "PMID:123", "OMIM:615198"
    evidence: str | None = None             # PCS, TAS, IEA


@dataclass
class Prevalence:
    prevalence_class: str | None = None     # "1-9 / 100 000", "<1 / 1 000 000", "Unknown"
    prevalence_type: str | None = None      # "Point prevalence", "Birth prevalence", "Cases/families"
    geographic: str | None = None           # "Worldwide", "Europe"
    value: float | None = None              # cases or families when the class is a count
    validated: bool | None = None


@dataclass
class DiseaseRecord:
    id: str                                  # "OMIM:615198", "ORPHA:500548", "DECIPHER:1"
    name: str
    synonyms: list[str] = field(default_factory=list)
    definition: str | None = None
    phenotypes: list[PhenotypeAnnotation] = field(default_factory=list)
    inheritance: list[str] = field(default_factory=list)   # HPO mode-of-inheritance labels
    onset: list[str] = field(default_factory=list)         # HPO onset labels or Orphanet age-of-onset values
    prevalence: list[Prevalence] = field(default_factory=list)
    xrefs: list[str] = field(default_factory=list)         # equivalent ids in other sources
    genes: list[str] = field(default_factory=list)
    disorder_type: str | None = None
    sources: list[str] = field(default_factory=list)       # "HPO annotations 2025-01-16", "Orphanet ..."

    @property
    def source_url(self) -> str | None:
        prefix, _, local = self.id.partition(":")
        if prefix == "OMIM":
            return f"https://omim.org/entry/{local}"
        if prefix == "ORPHA":
            return f"https://www.orpha.net/en/disease/detail/{local}"
        if prefix == "DECIPHER":
            return f"https://www.deciphergenomics.org/syndrome/{local}"
        return None

    @property
    def references(self) -> list[str]:
        """PMIDs behind the annotations, so a knowledge fact can point back at literature."""
        seen: dict[str, None] = {}
        for annotation in self.phenotypes:
            for ref in annotation.references:
                if ref.startswith("PMID:"):
                    seen.setdefault(ref, None)
        return list(seen)

    def merge(self, other: "DiseaseRecord") -> "DiseaseRecord":
        """Fill what this record lacks from ``other`` (a record of the same or an equivalent disease)."""
        self.synonyms = _union(self.synonyms, [other.name, *other.synonyms] if other.id != self.id else other.synonyms)
        self.synonyms = [s for s in self.synonyms if s != self.name]
        self.definition = self.definition or other.definition
        known = {(p.hpo_id, p.excluded) for p in self.phenotypes}
        self.phenotypes += [p for p in other.phenotypes if (p.hpo_id, p.excluded) not in known]
        self.inheritance = _union(self.inheritance, other.inheritance)
        self.onset = _union(self.onset, other.onset)
        self.prevalence = self.prevalence or other.prevalence
        self.xrefs = _union(self.xrefs, [x for x in [other.id, *other.xrefs] if x != self.id])
        self.genes = _union(self.genes, other.genes)
        self.disorder_type = self.disorder_type or other.disorder_type
        self.sources = _union(self.sources, other.sources)
        return self

    def to_dict(self) -> dict:
        # dataclasses.asdict deep-copies every value; records are flat, so a shallow walk is ~20x faster.
        data = {name: (list(value) if isinstance(value, list) else value) for name, value in vars(self).items()}
        data["phenotypes"] = [{**vars(p), "modifiers": list(p.modifiers), "references": list(p.references)}
                              for p in self.phenotypes]
        data["prevalence"] = [dict(vars(p)) for p in self.prevalence]
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "DiseaseRecord":
        data = dict(data)
        data["phenotypes"] = [PhenotypeAnnotation(**p) for p in data.get("phenotypes", [])]
        data["prevalence"] = [Prevalence(**p) for p in data.get("prevalence", [])]
        return cls(**data)

    def to_document(self, label_of=None) -> Document:
        """Render the record as a searchable, citable knowledge document.

        ``label_of`` maps an HPO id to its label when annotations carry none.
        Each fact becomes its own section so a citation can point at it.
        """
        label_of = label_of or (lambda hpo_id: None)
        sections: list[Section] = []
        if self.definition:
            sections.append(Section(self.definition, label="Definition", kind="knowledge"))
        if self.synonyms:
            sections.append(Section("Also known as: " + "; ".join(self.synonyms) + ".",
                                    label="Synonyms", kind="knowledge"))
        if self.inheritance:
            sections.append(Section(f"{self.name} is inherited in the following pattern: "
                                    + "; ".join(i.lower() for i in self.inheritance) + ".",
                                    label="Inheritance", kind="knowledge"))
        if self.onset:
            sections.append(Section(f"Onset of {self.name}: " + "; ".join(o.lower() for o in self.onset) + ".",
                                    label="Onset", kind="knowledge"))
        if self.prevalence:
            classes = sorted({p.prevalence_class for p in self.prevalence if p.prevalence_class})
            if classes:
                sections.append(Section(f"Prevalence of {self.name}: " + "; ".join(classes) + ".",
                                        label="Prevalence", kind="knowledge"))
        present = [p for p in self.phenotypes if not p.excluded]
        absent = [p for p in self.phenotypes if p.excluded]
        if present:
            ordered = sorted(present, key=lambda p: -(p.frequency if p.frequency is not None else 0.5))
            names = [_phenotype_phrase(p, label_of) for p in ordered]
            sections.append(Section(f"Clinical features of {self.name}: " + "; ".join(names) + ".",
                                    label="Phenotypes", kind="knowledge"))
        if absent:
            names = [(p.label or label_of(p.hpo_id) or p.hpo_id) for p in absent]
            sections.append(Section(f"Features not seen in {self.name}: " + "; ".join(names) + ".",
                                    label="Excluded features", kind="knowledge"))
        return Document(id=self.id, source="knowledge", title=self.name, sections=sections,
                        url=self.source_url, publication_types=["Knowledge base record"]).assemble()


def _phenotype_phrase(annotation: PhenotypeAnnotation, label_of) -> str:
    name = annotation.label or label_of(annotation.hpo_id) or annotation.hpo_id
    if annotation.frequency is None:
        return name
    return f"{name} ({round(annotation.frequency * 100)}%)"


def _union(first: list[str], second: list[str]) -> list[str]:
    seen = dict.fromkeys(first)
    for item in second:
        seen.setdefault(item, None)
    return list(seen)
