"""Dense vectors computed on a Ray cluster, written by the one process that holds the vector lock.

Embedding is the heavy part of indexing a large corpus (parsing is
:mod:`clinicite.store.parallel`'s job). :class:`RayEncoderPool` starts one
encoder actor per worker; :func:`clinicite.index.embedding.embed_pending` then
reads as many rounds of waiting passages as there are actors, sends round *i*
to actor *i mod n*, and adds the vectors in round order. Each actor encodes a
whole round with the same :func:`~clinicite.index.encoders.load_encoder` call a
sequential run makes, so batches (and int8 activation scales, which are taken
per batch) are the same and the vectors equal a sequential run's; the writer,
its commits and its resume position do not change.

``settings.embedding_ray_address`` chooses the cluster: ``"local"`` starts one
on this machine with ``embedding_workers`` CPUs; any other value (``"auto"``,
``"ray://head:10001"``) is given to ``ray.init(address=...)`` to join a running
cluster, whose workers must have clinicite and the model package installed.
Ray is optional (``pip install 'clinicite[scale]'``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from clinicite.errors import ConfigurationError


class _EncoderActor:
    """Runs on a Ray worker: one encoder, loaded once, encoding whole rounds."""

    def __init__(self, spec: dict) -> None:
        from clinicite.index.encoders import load_encoder
        self.encoder = load_encoder(**spec)

    def encode(self, texts: list[str]) -> np.ndarray:
        return self.encoder.encode(texts)


def _start_ray(address: str, workers: int):
    try:
        import ray
    except ImportError as exc:
        raise ConfigurationError("embedding on Ray needs Ray installed",
                                 hint="pip install 'clinicite[scale]', or unset embedding_ray_address") from exc
    if not ray.is_initialized():
        options = dict(include_dashboard=False, log_to_driver=False, configure_logging=False)
        if address == "local":
            ray.init(num_cpus=workers, **options)
        else:
            ray.init(address=address, **options)
    return ray


class RayEncoderPool:
    """``workers`` encoder actors on a Ray cluster; :meth:`encode_rounds` keeps each round whole."""

    def __init__(self, address: str, workers: int, model: str, max_tokens: int, batch_size: int,
                 threads: int | None, runtime: str, cache_dir: Path | None = None) -> None:
        if workers < 1:
            raise ConfigurationError(f"embedding_workers must be at least 1, not {workers}")
        self.ray = _start_ray(address, workers)
        spec = {"name": model, "max_tokens": max_tokens, "batch_size": batch_size, "threads": threads,
                "runtime": runtime, "cache_dir": cache_dir}
        actor = self.ray.remote(num_cpus=1)(_EncoderActor)
        self.actors = [actor.remote(spec) for _ in range(workers)]
        self.workers = workers

    def encode_rounds(self, rounds: Sequence[list[str]]) -> list[np.ndarray]:
        """One array per round, in order; round i goes to actor i mod workers."""
        futures = [self.actors[i % self.workers].encode.remote(texts) for i, texts in enumerate(rounds)]
        return list(self.ray.get(futures))

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return self.encode_rounds([list(texts)])[0]

    def close(self) -> None:
        for actor in self.actors:
            self.ray.kill(actor)
        self.actors = []
