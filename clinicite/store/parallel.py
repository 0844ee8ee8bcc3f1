"""Parsing many files at once on Ray workers, with one writer.

Large corpora (the MEDLINE baseline is ~1,300 gzipped files) spend most of
their ingest time parsing XML. :func:`parallel_file_events` runs the readers of
several files at the same time as Ray tasks that stream their events back in
batches, while the caller keeps writing one file at a time, in order, through
:func:`clinicite.store.loader.load_events`. The writer stays single, so the
resume checkpoints and the "later record wins" rule hold exactly as in a
sequential run; Ray only moves the parsing off the writer's core.

Ray is optional (``pip install 'clinicite[scale]'``); without it, or with one
worker, ingestion runs sequentially.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from pathlib import Path

from clinicite.errors import ConfigurationError
from clinicite.ingest.document import IngestEvent

BATCH = 500          # events per object sent from a worker to the writer
AHEAD = 4            # batches a worker may run ahead of the writer (memory bound)


def _parse_file(path: str, max_record_bytes: int | None) -> Iterator[list[IngestEvent]]:
    """Runs on a Ray worker: the file's events, in order, in batches."""
    from types import SimpleNamespace

    from clinicite.ingest.readers import read_path

    settings = SimpleNamespace(max_record_bytes=max_record_bytes)
    batch: list[IngestEvent] = []
    for event in read_path(Path(path), settings):
        batch.append(event)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _start_ray(workers: int):
    try:
        import ray
    except ImportError as exc:
        raise ConfigurationError("parallel ingestion needs Ray",
                                 hint="pip install 'clinicite[scale]', or ingest with --workers 1") from exc
    if not ray.is_initialized():
        ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False, configure_logging=False)
    return ray


def parallel_file_events(paths: list[Path], workers: int,
                         max_record_bytes: int | None = None) -> Iterator[tuple[Path, Iterator[IngestEvent]]]:
    """Yield ``(path, events)`` in the order of ``paths``; up to ``workers`` files are parsed ahead.

    Each ``events`` iterator must be consumed before the next pair is taken.
    """
    ray = _start_ray(workers)
    remote = ray.remote(num_returns="streaming", _generator_backpressure_num_objects=AHEAD)(_parse_file)
    pending: deque = deque()
    queue = list(paths)

    def launch() -> None:
        while queue and len(pending) < workers:
            path = queue.pop(0)
            pending.append((path, remote.remote(str(path), max_record_bytes)))

    def drain(stream) -> Iterator[IngestEvent]:
        for reference in stream:
            yield from ray.get(reference)

    launch()
    while pending:
        path, stream = pending.popleft()
        launch()  # keep `workers` files in flight while this one is written
        yield path, drain(stream)
