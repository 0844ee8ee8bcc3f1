"""reason stage: the disease knowledge base and the differential diagnosis.

Public API::

    KnowledgeBase.from_files(hpo_obo=None, hpoa=None, orphapackets=None, cache_dir=None, cases=None) -> KnowledgeBase
    KnowledgeBase.from_records(ontology, records, cases=(), prior_cases=3.0) -> KnowledgeBase
    KnowledgeBase.with_cases(cases_or_phenopackets_jsonl, prior_cases=3.0) -> KnowledgeBase
    read_published_cases(path) -> list[PublishedCase]
    rank_diseases(kb, observed, excluded=(), age_years=None, sex=None, family_history=None, top=20) -> Differential
    literature_candidates(searcher, case_text_or_query, observed_labels, kb, k=30) -> list[LiteratureCandidate]
    merge_differentials(knowledge, literature, top=None) -> Differential
    build_differential(kb, CaseInput(...), searcher=None, top=10) -> Differential   (the one engine)
    rank_options(kb, CaseInput(...), options, searcher=None) -> Differential       ("which of these?")
    detect_options(question) -> list[str]
    common_cause_records() -> list[DiseaseRecord]                                   (clinicite curated differential)
    phenopacket_case(packet) -> PhenopacketCase
"""

from clinicite.reason.cases import PhenopacketCase, phenopacket_case
from clinicite.reason.common_causes import common_cause_records
from clinicite.reason.differential import Diagnosis, Differential, FindingWeight, rank_diseases
from clinicite.reason.engine import CaseInput, build_differential
from clinicite.reason.knowledge import KnowledgeBase
from clinicite.reason.literature import (LiteratureCandidate, Searcher, SupportingPassage, literature_candidates,
                                         merge_differentials)
from clinicite.reason.options import detect_options, rank_options
from clinicite.reason.published_cases import PublishedCase, read_published_cases
from clinicite.reason.scoring import Parameters

__all__ = ["CaseInput", "build_differential", "common_cause_records", "detect_options", "rank_options", "Diagnosis", "Differential", "FindingWeight", "KnowledgeBase", "LiteratureCandidate", "Parameters",
           "PhenopacketCase", "PublishedCase", "read_published_cases", "Searcher", "SupportingPassage", "literature_candidates", "merge_differentials",
           "phenopacket_case", "rank_diseases"]
