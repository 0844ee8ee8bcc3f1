"""Fewer garbage collections while a bulk ingest allocates.

An ingest creates millions of short-lived objects (parsed elements, documents, row dicts) while a large,
long-lived heap (settings, the ORM, tantivy's bindings, the ontology when loaded) stays put. CPython's
cyclic collector runs a young-generation pass every 700 net allocations and, every so often, a full pass
over that whole heap; on a 5,000-record MEDLINE ingest that was ~10% of the CPU (same-run A/B in
BENCHMARKS.md, Round 7). Reference counting still frees almost everything at once (documents hold no
cycles), so the collector only needs to run less often, not never. Inside :func:`fewer_collections` the
objects alive on entry are frozen out of the collector's view (:func:`gc.freeze`, written for this: a heap
that lives on does not need scanning) and the young generation holds 100x more before a pass; both are
undone on exit, so the process is left as it was.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

YOUNG_THRESHOLD = 70_000    # CPython's default is 700


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Collect garbage rarely for the duration (a bulk load); restore the collector's settings after."""
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(max(thresholds[0], YOUNG_THRESHOLD), *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()
