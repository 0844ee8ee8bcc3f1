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

Each document goes over as its stored JSON with its content hash, computed in
the child (:attr:`Document.prepared`): cheaper to send and to rebuild than a
pickled object graph, and the writer stores those very bytes. Beside them go the
few fields the writer reads (columns, text, section offsets), so it builds a light
copy (:attr:`Prepared.partial`) instead of every author and MeSH object (round 12:
~0.6 -> ~0.05 CPU s per 5,000 records). Round 8, same-run
A/B of 5,000 records at load 8.5-12, three rounds each: total CPU 12.0 -> 10.5 s,
wall 34.9 -> 29.3 s. Also cutting passages (and normalising them for tantivy) in
the child was measured and left out: it made the child the slower process
(wall 33.1 s; with normalisation 37.4 s).
"""

from __future__ import annotations

import hashlib
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

from clinicite.ingest.document import Document, IngestEvent, Prepared, Section, stored_form

BATCH = 250          # events per message: large enough to amortise the queue, small enough to start soon
AHEAD = 8            # messages the child holds beyond the pipe (memory bound: ~2,000 records)
MIN_BYTES = 2 << 20  # below this much input, starting a process costs more than it saves


def worth_reading_ahead(paths: list[Path]) -> bool:
    """True on a machine with a spare core and enough input to repay a process start (~0.5 s).

    A core is spare when the 1-minute load average leaves one free: on a saturated machine the scheduler gives
    an ingest's two processes one share between them, so the child only adds the cost of pickling (same-run
    A/B, 5,000 records at load 8-12: 30.3 s read ahead vs 24.2 s in the writer; on an idle machine read-ahead
    was 1.24x faster; BENCHMARKS.md, round 6 scale).
    """
    cores = os.cpu_count() or 1
    # The load average counts this process too: a benchmark or a long-lived app that has just been busy
    # would otherwise see its own work as "the machine is busy" (round 7: load 1.1 on an idle machine
    # turned read-ahead off; forced on it was 6.6-6.9 s against 9.0-9.1 s for 5,000 records).
    if cores < 2 or _load_average() - _own_load() > cores - 1:
        return False
    total = 0
    for path in paths:
        try:
            total += path.stat().st_size
        except OSError:
            continue
    return total >= MIN_BYTES


def _own_load() -> float:
    """This process's own share of the 1-minute load average, estimated from its CPU use so far.

    The kernel's load average is an exponentially damped count of runnable threads (time constant one
    minute), so a process busy at rate ``u`` (CPU s per wall s) for ``t`` seconds adds about
    ``u * (1 - exp(-t / 60))``; a process that started a second ago adds almost nothing.
    """
    import math
    import resource
    try:
        with open("/proc/self/stat", "rb") as handle:
            started_ticks = int(handle.read().rsplit(b")", 1)[1].split()[19])
        with open("/proc/uptime", "rb") as handle:
            uptime = float(handle.read().split()[0])
        alive = uptime - started_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, AttributeError):
        return 0.0       # not Linux: count the whole load as others', as before
    if alive <= 0:
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_SELF)
    rate = (usage.ru_utime + usage.ru_stime) / alive
    return rate * (1 - math.exp(-alive / 60))


def _load_average() -> float:
    try:
        return os.getloadavg()[0]
    except (AttributeError, OSError):       # not on every platform: assume the cores are free
        return 0.0


def _pack(document: Document) -> tuple:
    """A document as the child sends it: its stored JSON and content hash, and the few fields the writer
    reads (see :func:`_unpack`)."""
    if not document.text:
        document.assemble()        # here rather than on the writer's core
    payload, by_orjson = stored_form(document)
    text = document.text
    # A section's text is sent only where it is not the span of the text its offsets name (assemble makes
    # it so; a reader that set the text itself might not).
    sections = [(None if text[s.start:s.end] == s.text else s.text, s.label, s.kind, s.path, s.start, s.end)
                for s in document.sections]
    light = (document.id, document.source, document.title, text, document.pmid, document.pmid_version,
             document.pmcid, document.doi, document.year, document.language, list(document.publication_types),
             sections)
    return (payload, by_orjson, document.origin, hashlib.sha256(payload).hexdigest(), light)


def _unpack(packed: tuple) -> Document:
    """The writer's light copy of a packed document (:attr:`Prepared.partial`).

    Rebuilding the whole document from its JSON (every author and MeSH heading an object) was a quarter
    of the writer's CPU when reading ahead (5,000 MEDLINE records: ~0.6 CPU s), and the writer only stores
    the payload, cuts the text into passages and indexes a few filter fields.
    """
    payload, by_orjson, origin, content_hash, light = packed
    (identifier, source, title, text, pmid, pmid_version, pmcid, doi, year, language, types, sections) = light
    return Document(id=identifier, source=source, title=title, pmid=pmid, pmid_version=pmid_version,
                    pmcid=pmcid, doi=doi, year=year, language=language, publication_types=types, origin=origin,
                    text=text, sections=[Section(text[start:end] if own is None else own, label, kind, path,
                                                 start, end)
                                         for own, label, kind, path, start, end in sections],
                    prepared=Prepared(payload, content_hash, by_orjson, partial=True))


def _produce(paths: list[str], limits: dict, out) -> None:
    """The child: every file's events, in order; (index, None) ends a file, ("error", ...) a failure.

    A writer thread sends the messages, so parsing goes on while the pipe is full; the queue bounds how far.
    Documents travel packed (:func:`_pack`); deletions and problems as they are.
    """
    from clinicite.ingest.readers import read_path
    settings = SimpleNamespace(**limits)
    outbox: queue.Queue = queue.Queue(maxsize=AHEAD)
    writer = threading.Thread(target=_write_all, args=(outbox, out), daemon=True)
    writer.start()
    try:
        for index, path in enumerate(paths):
            batch: list = []
            for event in read_path(Path(path), settings):
                batch.append(_pack(event) if isinstance(event, Document) else event)
                if len(batch) >= BATCH:
                    outbox.put((index, batch))
                    batch = []
            if batch:
                outbox.put((index, batch))
            outbox.put((index, None))
    except BaseException as error:  # noqa: BLE001 - handed to the writer, which raises it in its own process
        outbox.put(("error", error))
    outbox.put(_END)
    writer.join()


_END = ("end", None)


def _write_all(outbox: queue.Queue, out) -> None:
    try:
        while (message := outbox.get()) is not _END:
            _send(out, message)
        out.flush()
    except BaseException:  # noqa: BLE001 - the writer is gone (a broken pipe): nobody is left to parse for
        os._exit(1)


def _send(out, message) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    out.write(struct.pack("<Q", len(data)))
    out.write(data)


def _widen(stream) -> None:
    """A 1 MiB pipe (Linux; the default 64 KiB holds a tenth of one batch), so the child rarely waits."""
    try:
        import fcntl
        fcntl.fcntl(stream.fileno(), getattr(fcntl, "F_SETPIPE_SZ", 1031), 1 << 20)
    except (ImportError, OSError):
        pass


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
        # The package root goes first on the child's path, before the working directory that ``-m`` would
        # put there: a checkout in the cwd must not parse for another version's writer (their events differ).
        start = ("import runpy, sys; sys.path.insert(0, sys.argv[1]); "
                 "runpy.run_module('clinicite.ingest.read_ahead', run_name='__main__')")
        self.process = subprocess.Popen([sys.executable, "-c", start, package_root],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
        self.process.stdin.write(pickle.dumps(([str(p) for p in paths], limits)))
        self.process.stdin.close()
        self.stream = self.process.stdout
        _widen(self.stream)

    def take(self):
        # Read only when the writer needs the next batch: one thread, so no GIL hand-offs per pipe chunk
        # (a draining thread made both processes wait on each other's scheduling under load).
        head = self.stream.read(8)
        if len(head) < 8:
            code = self.process.wait()
            raise RuntimeError(f"the parsing process ended unexpectedly (exit code {code})")
        (size,) = struct.unpack("<Q", head)
        return pickle.loads(self.stream.read(size))

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
        try:
            self.process.wait(timeout=10)
        finally:
            self.process.stdout.close()


def read_ahead(paths: list[Path], settings=None) -> Iterator[tuple[Path, Iterator[IngestEvent]]]:
    """Yield ``(path, events)`` in the order of ``paths``, parsed in a child process.

    Each ``events`` iterator must be consumed before the next pair is taken (as the loader does). Every
    document arrives with :attr:`Document.prepared` set (its stored JSON and hash).
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
        for item in batch:
            yield _unpack(item) if type(item) is tuple else item


if __name__ == "__main__":
    _paths, _limits = pickle.loads(sys.stdin.buffer.read())
    _widen(sys.stdout.buffer)
    from clinicite.ingest.collection import fewer_collections
    with fewer_collections():       # the child only parses: allocation-heavy, no cycles worth chasing
        _produce(_paths, _limits, sys.stdout.buffer)
