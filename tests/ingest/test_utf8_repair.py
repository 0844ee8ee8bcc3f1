"""Invalid UTF-8 in MEDLINE XML is replaced, valid text passes unchanged, however the reads cut it
(clinicite.ingest.safexml.CappedReader, whose ASCII chunks skip the decoder)."""

from __future__ import annotations

import io

import pytest

from clinicite.ingest.safexml import CappedReader


def _through(data: bytes, size: int, head: int = 0) -> tuple[bytes, int | None]:
    # ``head``: bytes already read for sniffing the prolog, handed to the reader first (as iter_records does)
    reader = CappedReader(io.BytesIO(data[head:]), cap=1 << 30, head=data[:head], repair_utf8=True)
    out = bytearray()
    while chunk := reader.read(size):
        out += chunk
    reader.read(size)       # the end, as the parser reads it once more
    return bytes(out), reader.repaired_at


@pytest.mark.parametrize("size", [1, 2, 3, 5, 64])
@pytest.mark.parametrize("head", [0, 6, 7])
def test_valid_text_passes_unchanged_when_reads_cut_a_character(size, head):
    data = "<T>Sjögren syndrome – β-blocker, 5 µg</T>".encode() + b"<A>plain ascii after it</A>" * 3
    assert _through(data, size, head) == (data, None)


@pytest.mark.parametrize("size", [1, 4, 64])
def test_invalid_bytes_are_replaced_and_the_first_one_is_located(size):
    data = b"<T>plain</T><T>caf\xe9 au lait</T>" + b"<A>ascii</A>" * 4
    fixed, at = _through(data, size)
    assert fixed == data.replace(b"\xe9", "\ufffd".encode())
    assert at is not None and at <= data.index(b"\xe9")
