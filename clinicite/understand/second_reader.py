"""FastHPOCR as a second reader of the text: the findings it sees where clinicite's lexicon saw none.

FastHPOCR (Groza et al., "FastHPOCR: pragmatic, fast, and accurate concept recognition using the
human phenotype ontology", Bioinformatics 2024; PyPI ``fasthpocr``) matches clusters of
morphological word variants that the package ships (its ``vocab.clusters.list``), so it catches
inflections and derivations our stemmer folds differently. :func:`fill_gaps` keeps only its findings
whose span overlaps none of ours: where both read the same words, ours stands (its context,
coordination and the choice between a term and its child are tuned on our dev halves), and where it
alone reads a mention, that mention is added. The index is built once from the same hp.obo into a
cache folder (nothing is downloaded).

FastHPOCR 0.1.4 compiles its cluster table for the index by scanning the whole table once per
cluster (quadratic: hours on a busy machine). :func:`build_index` replaces that one step by the same
table built from an inverted lookup (the same lists in the same order, by construction).
"""

from __future__ import annotations

from pathlib import Path

from clinicite.errors import ConfigurationError
from clinicite.ingest.hpo import PHENOTYPIC_ABNORMALITY, Ontology
from clinicite.understand.facts import Finding

INDEX_FILE = "hp.index"


def _compile_clusters(self, base_clusters: dict) -> None:
    """FastHPOCR's ``CRIndexKB.prepareClustersToSerialise`` with one pass over the base clusters."""
    by_cluster: dict[str, list[str]] = {}
    for token, cluster in base_clusters.items():
        by_cluster.setdefault(cluster, []).append(token)
    for token, cluster in self.invertedClusters.items():
        self.clusters[cluster] = [token]
    for cluster, tokens in self.clusters.items():
        merged = list(by_cluster.get(cluster, []))
        seen = set(merged)
        merged += [t for t in tokens if t not in seen]
        self.clusters[cluster] = merged


def build_index(hpo_obo: str | Path, folder: Path) -> Path:
    """FastHPOCR's index of the Phenotypic abnormality subtree of ``hpo_obo``, built once into ``folder``."""
    index = folder / INDEX_FILE
    if index.exists():
        return index
    try:
        from FastHPOCR.cr import CRIndexKB
        from FastHPOCR.IndexHPO import IndexHPO
    except ImportError as exc:
        raise ConfigurationError("the second reader needs FastHPOCR: python3 -m pip install fasthpocr") from exc
    folder.mkdir(parents=True, exist_ok=True)
    original = CRIndexKB.CRIndexKB.prepareClustersToSerialise
    CRIndexKB.CRIndexKB.prepareClustersToSerialise = _compile_clusters
    try:
        IndexHPO(str(hpo_obo), str(folder), indexConfig={"rootConcepts": [PHENOTYPIC_ABNORMALITY],
                                                          "allow3LetterAcronyms": True}).index()
    finally:
        CRIndexKB.CRIndexKB.prepareClustersToSerialise = original
    if not index.exists():
        raise ConfigurationError(f"FastHPOCR wrote no index into {folder}")
    return index


class SecondReader:
    """FastHPOCR's findings in a text, as :class:`Finding` records of ``ontology`` (alt ids resolved)."""

    def __init__(self, ontology: Ontology, index: Path) -> None:
        from FastHPOCR.HPOAnnotator import HPOAnnotator
        self.annotator = HPOAnnotator(str(index))
        self.ontology = ontology
        self.allowed = ontology.subontology(PHENOTYPIC_ABNORMALITY)

    def recognize(self, text: str) -> list[Finding]:
        found = []
        for annotation in self.annotator.annotate(text):
            raw = annotation.hpoUri.rsplit("/", 1)[-1].replace("_", ":")
            term_id = self.ontology.resolve(raw) or raw
            if term_id not in self.allowed:
                continue
            start, end = int(annotation.startOffset), int(annotation.endOffset)
            found.append(Finding(hpo_id=term_id, label=self.ontology.terms[term_id].name,
                                 text=text[start:end], start=start, end=end))
        return found


def fill_gaps(own: list[Finding], other: list[Finding]) -> list[Finding]:
    """``own`` plus the findings of ``other`` whose span overlaps none of ``own``'s, in reading order."""
    spans = [(f.start, f.end) for f in own]
    added = [f for f in other if all(f.end <= s or f.start >= e for s, e in spans)]
    return sorted([*own, *added], key=lambda f: (f.start, f.end))


__all__ = ["SecondReader", "build_index", "fill_gaps"]
