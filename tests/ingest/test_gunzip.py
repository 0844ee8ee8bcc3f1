"""The gzip reader (clinicite.ingest.gunzip): the same bytes and the same errors with ISA-L and with zlib."""

from __future__ import annotations

import gzip
import io
import zlib

import pytest

from clinicite.ingest import gunzip
from clinicite.ingest.document import Document, Problem
from clinicite.ingest.readers import read_path

ENGINES = [pytest.param(False, id="zlib"),
           pytest.param(True, id="isal", marks=pytest.mark.skipif(gunzip._isal_zlib is None,
                                                                    reason="python-isal is not installed"))]


def _read(blob: bytes, use_isal: bool, size: int = -1) -> bytes:
    reader = gunzip.open_gzip(io.BytesIO(blob), use_isal=use_isal)
    if size < 0:
        return reader.read()
    out = bytearray()
    while chunk := reader.read(size):
        out += chunk
    return bytes(out)


def _pubmed(count: int) -> bytes:
    articles = "".join(f'<PubmedArticle><MedlineCitation><PMID Version="1">{36000000 + i}</PMID><Article>'
                       f'<ArticleTitle>Invented title {i}.</ArticleTitle><Abstract><AbstractText>'
                       f'{"An invented sentence about fever. " * 30}</AbstractText></Abstract></Article>'
                       f'</MedlineCitation></PubmedArticle>' for i in range(count))
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<PubmedArticleSet>{articles}</PubmedArticleSet>'.encode()


@pytest.mark.parametrize("use_isal", ENGINES)
@pytest.mark.parametrize("size", [-1, 1, 4096, 1 << 20])
def test_the_content_comes_back_byte_for_byte(use_isal, size):
    content = _pubmed(40) + bytes(range(256)) * 50
    for level in (1, 9):
        assert _read(gzip.compress(content, level), use_isal, size) == content
    assert _read(gzip.compress(b""), use_isal, size) == b""


@pytest.mark.parametrize("use_isal", ENGINES)
def test_members_are_concatenated_and_zero_padding_between_them_is_skipped(use_isal):
    blob = gzip.compress(b"<a>first</a>") + b"\x00" * 7 + gzip.compress(b"<b>second</b>")
    assert _read(blob, use_isal) == b"<a>first</a><b>second</b>"


@pytest.mark.parametrize("use_isal", ENGINES)
def test_a_small_stream_that_inflates_hugely_is_read_in_small_pieces(use_isal):
    reader = gunzip.open_gzip(io.BytesIO(gzip.compress(b"\x00" * (64 << 20))), use_isal=use_isal)
    assert len(reader.raw.read(1000)) <= 1000        # never more than asked for, from a 64 KB stream


@pytest.mark.parametrize("use_isal", ENGINES)
def test_damage_raises_the_errors_the_problem_messages_name(use_isal):
    blob = gzip.compress(_pubmed(20))
    with pytest.raises(EOFError):
        _read(blob[: len(blob) // 2], use_isal)
    with pytest.raises(EOFError):
        _read(blob[:10], use_isal)                    # a header and nothing else
    with pytest.raises(zlib.error):
        _read(blob[:20] + b"\x00" * 50 + blob[70:], use_isal)
    with pytest.raises(zlib.error):
        _read(blob[:-8] + b"\x00\x00\x00\x00" + blob[-4:], use_isal)     # a wrong CRC-32
    with pytest.raises(gzip.BadGzipFile, match="Not a gzipped file"):
        _read(blob + b"garbage", use_isal)


def test_the_engine_is_named():
    assert gunzip.engine() in ("isal", "zlib")


def test_a_damaged_gzip_file_is_one_clear_problem_after_the_records_before_it(tmp_path):
    # Whole deflate blocks up to a flush point, then a block of the reserved type 3 (RFC 1951, 3.2.3).
    content = _pubmed(300)
    packer = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    blob = packer.compress(content[: len(content) // 2]) + packer.flush(zlib.Z_FULL_FLUSH) + b"\x07" + b"\x00" * 64
    damaged = tmp_path / "pubmed26n0001.xml.gz"
    damaged.write_bytes(blob)
    events = list(read_path(damaged))
    documents = [e for e in events if isinstance(e, Document)]
    assert 0 < len(documents) < 300
    assert [d.pmid for d in documents] == [str(36000000 + i) for i in range(len(documents))]
    problems = [e for e in events if isinstance(e, Problem)]
    assert problems == [events[-1]] and events[-1].position.startswith("byte ")
    assert "compressed stream is damaged" in events[-1].reason


def test_damage_in_the_first_bytes_is_named_a_damaged_gzip_file(tmp_path):
    from clinicite.ingest.readers import read_paths
    packer = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    damaged = tmp_path / "download.gz"
    damaged.write_bytes(packer.compress(b"<PubmedArticleSet>") + packer.flush(zlib.Z_FULL_FLUSH) + b"\x07" * 8)
    (problem,) = list(read_paths([damaged]))
    assert isinstance(problem, Problem) and "truncated or damaged gzip" in problem.reason


def test_records_completed_before_invalid_xml_in_the_same_piece_are_kept(tmp_path):
    # The whole file is one piece for the parser: the break must not take the three good records with it.
    content = _pubmed(3).replace(b"</PubmedArticleSet>", b"<PubmedArticle><Oops></PubmedArticle></PubmedArticleSet>")
    path = tmp_path / "small.xml.gz"
    path.write_bytes(gzip.compress(content))
    events = list(read_path(path))
    assert [e.pmid for e in events[:3]] == ["36000000", "36000001", "36000002"]
    assert isinstance(events[3], Problem) and "after 3 good record(s)" in events[3].reason and len(events) == 4


def test_a_file_that_ends_inside_a_record_keeps_the_whole_records_only(tmp_path):
    content = _pubmed(30)
    cut = content.index(b"<PubmedArticle>", len(content) // 2) + 200        # inside the next record's title
    for name, data in (("cut.xml", content[:cut]), ("cut.xml.gz", gzip.compress(content[:cut]))):
        path = tmp_path / name
        path.write_bytes(data)
        events = list(read_path(path))
        documents = [e for e in events if isinstance(e, Document)]
        assert len(documents) == content[:cut].count(b"</PubmedArticle>")
        assert all(d.title.startswith("Invented title") and d.sections for d in documents)
        assert isinstance(events[-1], Problem) and len(events) == len(documents) + 1


def _varied_pubmed(count: int) -> bytes:
    """Records of invented words drawn at random (fixed seed): about as compressible as real abstracts."""
    import random
    draw = random.Random(7)
    vocabulary = ["".join(draw.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(draw.randint(2, 11)))
                  for _ in range(3000)]
    articles = "".join(f'<PubmedArticle><MedlineCitation><PMID Version="1">{36000000 + i}</PMID><Article>'
                       f'<ArticleTitle>Invented title {i}.</ArticleTitle><Abstract><AbstractText>'
                       f'{" ".join(draw.choice(vocabulary) for _ in range(160))}.</AbstractText></Abstract>'
                       f'</Article></MedlineCitation></PubmedArticle>' for i in range(count))
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<PubmedArticleSet>{articles}</PubmedArticleSet>'.encode()


@pytest.mark.parametrize("use_isal", ENGINES)
def test_records_well_before_a_damaged_block_are_all_kept(tmp_path, monkeypatch, use_isal):
    if not use_isal:
        monkeypatch.setattr(gunzip, "_isal_zlib", None)
    content = _varied_pubmed(600)
    before = content[: content.index(b"</PubmedArticle>", 500_000) + len(b"</PubmedArticle>")]
    packer = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    compressed = packer.compress(before) + packer.flush(zlib.Z_FULL_FLUSH)
    path = tmp_path / "damaged.xml.gz"
    path.write_bytes(compressed + b"\x07" + b"\x00" * 64)
    documents = [e for e in read_path(path) if isinstance(e, Document)]
    # What one call inflates is lost with the damage it meets: at most one chunk of input's worth of output
    # (ISA-L reads ahead through its input) and one piece the reader had not handed on yet.
    lost = gunzip.CHUNK * len(before) / len(compressed) + gunzip.PIECE
    surely_kept = before[: int(len(before) - lost)].count(b"</PubmedArticle>")
    assert surely_kept > 100 and surely_kept <= len(documents) < before.count(b"</PubmedArticle>")
    assert [d.pmid for d in documents] == [str(36000000 + i) for i in range(len(documents))]
