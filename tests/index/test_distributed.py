"""Dense vectors computed by encoder actors on a real local Ray cluster equal an in-process run's."""

from __future__ import annotations

import numpy as np
import pytest
from sqlalchemy import select

from clinicite.index import SearchIndex
from clinicite.index.embedding import embed_pending, pending_vectors
from clinicite.settings import load_settings
from clinicite.store.database import Database
from clinicite.store.models import PassageRow

from .conftest import article, corpus, store

CASES = [article(str(200 + i), f"Melorheostosis of the {bone}",
                 ("CASE", f"Flowing hyperostosis of the {bone} in patient {i}, with pain and stiffness."),
                 ("RESULTS", f"Radiographs showed dripping candle wax along the {bone}."))
         for i, bone in enumerate(["femur", "tibia", "radius", "ulna", "humerus", "fibula", "pelvis", "scapula"])]


def embedded_home(home, pool_workers: int | None) -> tuple[dict[int, np.ndarray], dict[int, bool | None], int]:
    """A home holding the same corpus, embedded in rounds of 5 in process (None) or on Ray actors."""
    settings = load_settings(home=home, embedding_max_tokens=128, embedding_runtime="numpy")
    database = Database.open(settings.resolved_database_url)
    store(database, corpus() + CASES)
    index = SearchIndex.open(settings, database)
    index.sync(embed=False)
    if pool_workers is None:
        encoder = index.encoder
    else:
        from clinicite.index.distributed import RayEncoderPool
        encoder = RayEncoderPool("local", pool_workers, settings.embedding_model, 128,
                                 settings.embedding_batch_size, 1, "numpy")
    report = embed_pending(database, index.backend, encoder, round_size=5)
    if pool_workers is not None:
        encoder.close()
    keys = sorted(index.backend.vectors.keys())
    vectors = dict(zip(keys, index.backend.vectors.index.get(np.array(keys, dtype=np.uint64))))
    with database.session() as session:
        flags = dict(session.execute(select(PassageRow.id, PassageRow.embedded)).all())
    assert pending_vectors(database) == 0
    index.close()
    database.dispose()
    return vectors, flags, report.passages


def test_vectors_from_two_ray_workers_equal_a_sequential_run(tmp_path):
    ray = pytest.importorskip("ray", reason="Ray is the optional engine for embedding at scale "
                                            "(pip install 'clinicite[scale]')")
    sequential, flags, done = embedded_home(tmp_path / "sequential", None)
    try:
        on_ray, ray_flags, ray_done = embedded_home(tmp_path / "ray", 2)
        # A cluster of two CPUs, one per encoder actor; the rounds of 5 go to the actors alternately.
        assert len(ray.nodes()) == 1 and ray.cluster_resources().get("CPU") == 2
    finally:
        ray.shutdown()
    assert done == ray_done == len(sequential) > 10
    assert ray_flags == flags
    assert on_ray.keys() == sequential.keys()
    for key, vector in sequential.items():
        # Each actor encodes whole rounds, as the sequential run does, so the floats are the same.
        assert np.array_equal(on_ray[key], vector), key
