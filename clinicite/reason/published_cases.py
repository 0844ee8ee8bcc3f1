"""Published patients as knowledge: "patients with disease D were reported with finding F [PMID]".

An optional knowledge source beside the curated annotations. Each GA4GH
phenopacket of the phenopacket-store (Danis et al., "A corpus of GA4GH
phenopackets: case-level phenotyping for genomic diagnostics and discovery",
HGG Advances 2025) is one published patient with a diagnosis and a PMID. For
every disease, the cases give counts: ``n`` patients, ``c(t)`` of them with
finding t or a more specific one (true-path rule). They update the curated
frequency as a beta-binomial posterior whose prior is the curated frequency
worth ``prior_cases`` patients::

    F(d, t) = (c(t) + prior_cases * F_curated(d, t)) / (n + prior_cases)

so a disease that HPO does not annotate yet is learnt from its cases alone, and
a well-annotated one moves only as far as its patients say.

Cases of one publication are correlated (same authors, same phenotyping), so a
fair evaluation holds out a whole publication: :meth:`CaseKnowledge.hold_out`
removes one PMID's counts from a block of frequencies.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse

from clinicite.errors import InputError
from clinicite.ingest.disease import PhenotypeAnnotation

SOURCE = "phenopacket-store published cases"


@dataclass(frozen=True)
class PublishedCase:
    disease_id: str                      # the diagnosis as published ("OMIM:147791")
    disease_name: str
    publication: str | None              # "PMID:15266616"
    observed: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()


def published_case(packet: dict) -> PublishedCase | None:
    """The diagnosis, publication and findings of one phenopacket; None without a diagnosis."""
    from clinicite.reason.cases import phenopacket_case
    diseases = [d["term"] for d in packet.get("diseases") or [] if (d.get("term") or {}).get("id")]
    if not diseases:
        return None
    references = (packet.get("metaData") or {}).get("externalReferences") or []
    pmid = next((r["id"] for r in references if str(r.get("id", "")).startswith("PMID:")), None)
    case = phenopacket_case(packet)
    return PublishedCase(diseases[0]["id"], diseases[0].get("label") or diseases[0]["id"], pmid,
                         tuple(case.observed), tuple(case.excluded))


def read_published_cases(path: str | Path) -> list[PublishedCase]:
    """Phenopackets, one JSON object per line (``.jsonl`` or ``.jsonl.gz``)."""
    path = Path(path)
    opener = gzip.open if path.name.endswith(".gz") else open
    cases: list[PublishedCase] = []
    try:
        with opener(path, "rt", encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    case = published_case(json.loads(line))
                except (ValueError, AttributeError, TypeError, KeyError) as exc:
                    raise InputError(f"line {number} is not a phenopacket: {exc}", path=str(path)) from exc
                if case is not None:
                    cases.append(case)
    except OSError as exc:
        raise InputError(f"cannot read published cases: {exc}", path=str(path)) from exc
    return cases


class CaseKnowledge:
    """Finding counts per candidate disease from published cases, and per publication for holding one out."""

    def __init__(self, kb, cases: Iterable[PublishedCase], prior_cases: float) -> None:
        self.prior_cases = prior_cases
        rows, columns, publications = [], [], []
        direct: dict[str, dict[str, list[str | None]]] = {}
        n_cases = np.zeros(len(kb.candidates))
        for number, case in enumerate(cases):
            row = kb.row_of.get(case.disease_id)
            if row is None:
                continue
            terms = [t for t in (kb.ontology.resolve(o) for o in case.observed) if t and t in kb.term_index]
            closure = np.unique(np.concatenate([kb.ancestor_columns(t) for t in terms])) if terms else []
            rows.extend([row] * len(closure))
            columns.extend(closure)
            publications.append((case.publication, row, number, closure))
            n_cases[row] += 1
            by_term = direct.setdefault(case.disease_id, {})
            for term in dict.fromkeys(terms):
                by_term.setdefault(term, []).append(case.publication)
        shape = (len(kb.candidates), len(kb.term_ids))
        self.counts = sparse.csr_matrix((np.ones(len(rows)), (rows, columns)), shape=shape)
        self.n_cases = n_cases
        self.by_publication = self._per_publication(publications, shape[1])
        self.annotations = {disease_id: self._annotations(by_term, int(n_cases[kb.row_of[disease_id]]))
                            for disease_id, by_term in direct.items()}

    @staticmethod
    def _per_publication(publications, n_terms: int) -> dict[str, tuple[np.ndarray, np.ndarray, sparse.csr_matrix]]:
        """PMID -> (candidate rows it reports, patients per row, finding counts per row)."""
        grouped: dict[str, dict[int, list[np.ndarray]]] = {}
        for pmid, row, _, closure in publications:
            if pmid:
                grouped.setdefault(pmid, {}).setdefault(row, []).append(np.asarray(closure, dtype=np.int64))
        result = {}
        for pmid, by_row in grouped.items():
            rows = np.array(sorted(by_row), dtype=np.int64)
            lines = [np.full(len(c), i) for i, row in enumerate(rows) for c in by_row[row]]
            columns = [c for row in rows for c in by_row[row]]
            counts = sparse.csr_matrix((np.ones(sum(len(c) for c in columns)),
                                        (np.concatenate(lines), np.concatenate(columns))), shape=(len(rows), n_terms))
            result[pmid] = (rows, np.array([len(by_row[row]) for row in rows], dtype=float), counts)
        return result

    @staticmethod
    def _annotations(by_term: dict[str, list[str | None]], n: int) -> list[PhenotypeAnnotation]:
        """Direct findings of a disease's published patients, "3/7" with the PMIDs, for explanations."""
        return [PhenotypeAnnotation(term, frequency=len(pmids) / n, frequency_label=f"{len(pmids)}/{n}",
                                    references=sorted({p for p in pmids if p}), evidence="PCS")
                for term, pmids in by_term.items()]

    def combine(self, frequency: sparse.csc_matrix, base_row: np.ndarray) -> sparse.csc_matrix:
        """The curated frequency matrix updated by the case counts (rows: candidates and their sex rows)."""
        n = self.n_cases[base_row]
        k = self.prior_cases
        keep = np.where(n > 0, k / (n + k), 1.0)
        add = np.where(n > 0, 1.0 / (n + k), 0.0)
        counts = self.counts[base_row]
        combined = (sparse.diags(keep) @ frequency + sparse.diags(add) @ counts).tocsc()
        np.clip(combined.data, 0.0, 1.0, out=combined.data)      # rounding must not push a frequency past 1
        return combined

    def hold_out(self, block: np.ndarray, candidates: np.ndarray, columns: np.ndarray, publication: str) -> np.ndarray:
        """``block`` (one line per candidate index in ``candidates``) as if ``publication``'s cases were unread."""
        entry = self.by_publication.get(publication)
        if entry is None:
            return block
        rows, removed, counts = entry
        lines = np.searchsorted(candidates, rows)          # candidates are sorted candidate indices
        present = (lines < len(candidates)) & (candidates[np.minimum(lines, len(candidates) - 1)] == rows)
        if not present.any():
            return block
        block = block.copy()
        k, n = self.prior_cases, self.n_cases[rows[present]]
        hits = counts[np.flatnonzero(present)][:, columns].toarray()
        lines = lines[present]
        # F (n + k) is the numerator c + k F_curated; take the publication's counts out of both sides.
        updated = (block[lines] * (n + k)[:, None] - hits) / (n - removed[present] + k)[:, None]
        block[lines] = np.clip(updated, 0.0, 1.0)
        return block
