"""index stage: passages with exact offsets, BM25 (tantivy) + dense (numpy BERT, usearch), fusion, sync.

Other stages use :class:`SearchIndex` (open, search, sync, stats), :class:`SearchFilters`
and :class:`Hit`; the rest is internal.
"""

from clinicite.index.hybrid import Hit, SearchIndex, reciprocal_rank_fusion
from clinicite.index.lexical import SearchFilters
from clinicite.index.passages import Passage, cut_passages
from clinicite.index.sync import SyncReport

__all__ = ["Hit", "Passage", "SearchFilters", "SearchIndex", "SyncReport", "cut_passages",
           "reciprocal_rank_fusion"]
