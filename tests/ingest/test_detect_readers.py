"""Format detection by content, folder walking and the knowledge-file hint."""

from __future__ import annotations

import gzip
import shutil

import pytest

from clinicite.errors import InputError, UnsupportedFormat
from clinicite.ingest.document import Document, Problem
from clinicite.ingest.readers import detect_format, iter_sources, read_path, read_paths


@pytest.mark.parametrize("name, expected", [
    ("pubmed_small.xml", "medline-xml"), ("medline_small.txt", "medline-text"), ("jats_case.nxml", "jats"),
    ("jats_nlm23.nxml", "jats"), ("pmc_articleset.xml", "jats"), ("case_report.md", "text"),
    ("case_plain.txt", "text"), ("hp_head.obo", "hpo-obo"), ("annotations_head.hpoa", "hpo-annotations"),
    ("orphanet_invented.jsonl", "orphapackets"),
])
def test_detect_by_content(fixtures, tmp_path, name, expected):
    source = fixtures / "ingest" / name
    assert detect_format(source) == expected
    # names lie: the same content under a meaningless name, and gzip-compressed
    renamed = tmp_path / "download(3)"
    shutil.copyfile(source, renamed)
    assert detect_format(renamed) == expected
    packed = tmp_path / "download.gz"
    packed.write_bytes(gzip.compress(source.read_bytes()))
    assert detect_format(packed) == expected


def test_pdf_magic(tmp_path):
    path = tmp_path / "x.txt"
    path.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    assert detect_format(path) == "pdf"


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02binary\x00" * 10, b"<html><body>x</body></html>"])
def test_unsupported(tmp_path, content):
    path = tmp_path / "file"
    path.write_bytes(content)
    with pytest.raises(UnsupportedFormat):
        detect_format(path)


def test_knowledge_files_point_to_the_knowledge_command(fixtures):
    with pytest.raises(UnsupportedFormat) as caught:
        read_path(fixtures / "ingest" / "hp_head.obo")
    assert "clinicite ingest knowledge" in caught.value.hint


def test_missing_file(tmp_path):
    with pytest.raises(InputError):
        detect_format(tmp_path / "absent.xml")
    with pytest.raises(InputError):
        list(iter_sources([tmp_path / "absent"]))


def test_iter_sources_sorted_and_skips_sidecars(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a").mkdir()
    (tmp_path / ".hidden").mkdir()
    for name in ["b/2.xml", "b/1.xml", "a/z.txt", "a/z.txt.md5", ".hidden/x.txt", "c.txt", ".DS_Store"]:
        (tmp_path / name).write_text("x")
    found = [p.relative_to(tmp_path).as_posix() for p in iter_sources([tmp_path])]
    assert found == ["c.txt", "a/z.txt", "b/1.xml", "b/2.xml"]


def test_folder_walks_skip_licences_and_readmes_but_named_files_are_read(tmp_path):
    for name in ["LICENSE.txt", "LICENSE_medqa.txt", "README.md", "COPYING", "case.txt", "licensed-drug-trial.txt"]:
        (tmp_path / name).write_text("x")
    found = [p.name for p in iter_sources([tmp_path])]
    assert found == ["case.txt", "licensed-drug-trial.txt"]
    assert [p.name for p in iter_sources([tmp_path / "LICENSE.txt"])] == ["LICENSE.txt"]


def test_read_paths_reports_unsupported_files_and_goes_on(tmp_path, fixtures):
    shutil.copyfile(fixtures / "ingest" / "case_plain.txt", tmp_path / "1.txt")
    (tmp_path / "2.bin").write_bytes(b"\x00\x00\x00")
    shutil.copyfile(fixtures / "ingest" / "hp_head.obo", tmp_path / "3.obo")
    events = list(read_paths([tmp_path]))
    assert [type(e) for e in events] == [Document, Problem, Problem]
    assert "clinicite ingest knowledge" in events[2].reason
