"""Parsing the next records in a second process while this one writes.

Parsing MEDLINE XML (lxml plus field extraction) is about half of a lexical
ingest's CPU time and holds the GIL, so a thread cannot overlap it with the
writes. :func:`read_ahead` runs the readers of every file, in order, in one
child process that sends the events back in batches through a bounded queue;
the caller writes them exactly as it would write ``read_path``'s events, so file
order, resume positions and the "later record wins" rule are unchanged. On two
cores an ingest then takes about the larger of the two halves instead of their
sum. The child is a fresh interpreter (never a ``fork``: the writer already
runs tantivy's threads) and is terminated when the caller stops early.
"""

from __future__ import annotations

import os
import pickle
import queue
import struct
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

from clinicite.ingest.document import Document, IngestEvent

BATCH = 250          # events per message: large enough to amortise the queue, small enough to start soon
AHEAD = 16           # messages held between the pipe and the writer (memory bound: ~4,000 records)
MIN_BYTES = 2 << 20  # below this much input, starting a process costs more than it saves


def worth_reading_ahead(paths: list[Path]) -> bool:
    """True on a machine with a spare core and enough input to repay a process start (~0.5 s)."""
    if (os.cpu_count() or 1) < 2:
        return False
    total = 0
    for path in paths:
        try:
            total += path.stat().st_size
        except OSError:
            continue
    return total >= MIN_BYTES


def _produce(paths: list[str], limits: dict, out) -> None:
    """The child: every file's events, in order; (index, None) ends a file, ("error", ...) a failure."""
    from clinicite.ingest.readers import read_path
    settings = SimpleNamespace(**limits)
    try:
        for index, path in enumerate(paths):
            batch: list[IngestEvent] = []
            for event in read_path(Path(path), settings):
                if isinstance(event, Document) and not event.text:
                    event.assemble()        # here rather than on the writer's core
                batch.append(event)
                if len(batch) >= BATCH:
                    _send(out, (index, batch))
                    batch = []
            if batch:
                _send(out, (index, batch))
            _send(out, (index, None))
    except BaseException as error:  # noqa: BLE001 - handed to the writer, which raises it in its own process
        _send(out, ("error", error))
    out.flush()


def _send(out, message) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    out.write(struct.pack("<Q", len(data)))
    out.write(data)


class _Child:
    """A plain ``python -m clinicite.ingest.read_ahead`` child on a pipe (the pipe's buffer bounds how far it
    runs ahead). Not multiprocessing: its ``spawn`` re-imports the caller's main script, which breaks any
    script that calls ingest without an ``if __name__ == "__main__"`` guard."""

    def __init__(self, paths: list[Path], settings) -> None:
        limits = {"max_record_bytes": getattr(settings, "max_record_bytes", None),
                  "max_document_bytes": getattr(settings, "max_document_bytes", None)}
        package_root = str(Path(__file__).resolve().parents[2])   # the same clinicite as this process
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [package_root,
                                                                          os.environ.get("PYTHONPATH")]))}
        self.process = subprocess.Popen([sys.executable, "-m", "clinicite.ingest.read_ahead"],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
        self.process.stdin.write(pickle.dumps(([str(p) for p in paths], limits)))
        self.process.stdin.close()
        # A thread drains the pipe as fast as the child fills it, so neither side waits for the other to be
        # scheduled (on a loaded machine that wait, not the work, dominated); the queue bounds memory.
        self.messages: queue.Queue = queue.Queue(maxsize=AHEAD)
        self.reader = threading.Thread(target=self._drain, name="clinicite-read-ahead", daemon=True)
        self.reader.start()

    def _drain(self) -> None:
        stream = self.process.stdout
        while True:
            head = stream.read(8)
            if len(head) < 8:
                self.messages.put(None)
                return
            (size,) = struct.unpack("<Q", head)
            self.messages.put(stream.read(size))

    def take(self):
        data = self.messages.get()
        if data is None:
            code = self.process.wait()
            raise RuntimeError(f"the parsing process ended unexpectedly (exit code {code})")
        return pickle.loads(data)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
        try:
            self.process.wait(timeout=10)
        finally:
            while self.reader.is_alive():       # unblock the drain thread if the queue is full
                try:
                    self.messages.get_nowait()
                except queue.Empty:
                    self.reader.join(timeout=0.1)
            self.process.stdout.close()


def read_ahead(paths: list[Path], settings=None) -> Iterator[tuple[Path, Iterator[IngestEvent]]]:
    """Yield ``(path, events)`` in the order of ``paths``, parsed in a child process.

    Each ``events`` iterator must be consumed before the next pair is taken (as the loader does).
    """
    child = _Child(paths, settings)
    try:
        for index, path in enumerate(paths):
            yield path, _events(child, index)
    finally:
        child.stop()


def _events(child: _Child, index: int) -> Iterator[IngestEvent]:
    while True:
        tag, batch = child.take()
        if tag == "error":
            raise batch
        if tag != index:
            raise RuntimeError(f"read-ahead out of step: file {tag} arrived while reading file {index}")
        if batch is None:
            return
        yield from batch


if __name__ == "__main__":
    _paths, _limits = pickle.loads(sys.stdin.buffer.read())
    _produce(_paths, _limits, sys.stdout.buffer)
