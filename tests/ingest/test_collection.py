"""The bulk-load collector settings are undone after an ingest, even one that fails."""

import gc

import pytest

from clinicite.ingest.collection import YOUNG_THRESHOLD, fewer_collections


def test_fewer_collections_raises_the_threshold_and_restores_it():
    before = gc.get_threshold()
    with fewer_collections():
        assert gc.get_threshold()[0] >= YOUNG_THRESHOLD
        assert gc.get_freeze_count() > 0
        assert gc.isenabled()           # rarer, not off: a cycle made during an ingest is still freed
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_fewer_collections_restores_after_an_error():
    before = gc.get_threshold()
    with pytest.raises(RuntimeError):
        with fewer_collections():
            raise RuntimeError("a failed ingest")
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
