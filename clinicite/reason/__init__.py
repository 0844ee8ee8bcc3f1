"""reason stage: the disease knowledge base and the differential diagnosis.

Public API::

    KnowledgeBase.from_files(hpo_obo=None, hpoa=None, orphapackets=None, cache_dir=None) -> KnowledgeBase
    KnowledgeBase.from_records(ontology, records) -> KnowledgeBase
    rank_diseases(kb, observed, excluded=(), age_years=None, sex=None, family_history=None, top=20) -> Differential
    literature_candidates(searcher, case_text_or_query, observed_labels, kb, k=30) -> list[LiteratureCandidate]
    merge_differentials(knowledge, literature) -> Differential
    phenopacket_case(packet) -> PhenopacketCase
"""

from clinicite.reason.cases import PhenopacketCase, phenopacket_case
from clinicite.reason.differential import Diagnosis, Differential, FindingWeight, rank_diseases
from clinicite.reason.knowledge import KnowledgeBase
from clinicite.reason.literature import (LiteratureCandidate, Searcher, SupportingPassage, literature_candidates,
                                         merge_differentials)
from clinicite.reason.scoring import Parameters

__all__ = ["Diagnosis", "Differential", "FindingWeight", "KnowledgeBase", "LiteratureCandidate", "Parameters",
           "PhenopacketCase", "Searcher", "SupportingPassage", "literature_candidates", "merge_differentials",
           "phenopacket_case", "rank_diseases"]
