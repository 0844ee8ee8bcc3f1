"""Ingestion that cannot be starved (issue 13, items 8-12): element bombs, endless MEDLINE lines, one bad
file or byte among good ones, decompression bombs and misleading messages, and one ingest per home."""

from __future__ import annotations

import gzip
import os
import threading

import pytest

from clinicite.errors import StoreError
from clinicite.ingest.document import Document, Problem
from clinicite.ingest.readers import iter_sources, read_path, read_paths
from clinicite.ingest.safexml import MAX_RECORD_ELEMENTS
from clinicite.settings import load_settings


def _article(pmid: int, title: str = "A title") -> bytes:
    return (f'<PubmedArticle><MedlineCitation Status="MEDLINE"><PMID Version="1">{pmid}</PMID><Article>'
            f"<ArticleTitle>{title}</ArticleTitle><Abstract><AbstractText>Fever and rash in children."
            "</AbstractText></Abstract></Article></MedlineCitation></PubmedArticle>").encode()


def _set(*articles: bytes) -> bytes:
    return b'<?xml version="1.0" encoding="UTF-8"?><PubmedArticleSet>' + b"".join(articles) + b"</PubmedArticleSet>"


def _kinds(events) -> list[str]:
    return [type(e).__name__ for e in events]


# --- 8: element bombs -------------------------------------------------------------------------------------------

def test_a_record_of_a_million_empty_elements_is_refused_with_a_reason(tmp_path):
    bomb = _article(1).replace(b"<Article>", b"<Article>" + b"<i/>" * (MAX_RECORD_ELEMENTS + 10))
    path = tmp_path / "bomb.xml.gz"
    path.write_bytes(gzip.compress(_set(bomb)))
    assert path.stat().st_size < 100_000  # a few KB on disk
    (tmp_path / "good.xml").write_bytes(_set(_article(2)))
    events = list(read_paths([tmp_path]))
    problems = [e for e in events if isinstance(e, Problem)]
    assert len(problems) == 1 and "more than 1,000,000 elements" in problems[0].reason
    assert [e.pmid for e in events if isinstance(e, Document)] == ["2"]  # the next file is still read


def test_many_ordinary_records_never_trip_the_element_cap(tmp_path):
    path = tmp_path / "many.xml"
    path.write_bytes(_set(*[_article(i) for i in range(1, 3001)]))
    assert _kinds(read_path(path)) == ["Document"] * 3000


# --- 9: MEDLINE text honours max_record_bytes, long values cost linear time -----------------------------------

def _medline(pmid: int, title: str) -> str:
    return f"PMID- {pmid}\nTI  - {title}\nAB  - Fever and rash.\n\n"


def test_an_endless_medline_text_line_is_skipped_and_the_next_record_read(tmp_path):
    path = tmp_path / "records.txt"
    path.write_text(_medline(11, "First") + "PMID- 12\nAB  - " + "x" * 3_000_000 + "\n\n" + _medline(13, "Third"))
    events = list(read_path(path, load_settings(home=tmp_path / "home", max_record_bytes=1_000_000)))
    assert _kinds(events) == ["Document", "Problem", "Document"]
    assert events[1].reason.startswith("line 6 is longer than max_record_bytes") and events[1].position == "line 5"
    assert [e.pmid for e in events if isinstance(e, Document)] == ["11", "13"]


def test_a_medline_record_over_the_cap_by_its_continuation_lines_is_skipped(tmp_path):
    path = tmp_path / "records.txt"
    body = "".join("      " + "word " * 20 + "\n" for _ in range(20_000))  # ~2 MB of continuation lines
    path.write_text(_medline(21, "First") + "PMID- 22\nAB  - start\n" + body + "\n" + _medline(23, "Third"))
    small = list(read_path(path, load_settings(home=tmp_path / "home", max_record_bytes=1_000_000)))
    assert _kinds(small) == ["Document", "Problem", "Document"] and "larger than max_record_bytes" in small[1].reason
    # Under the default cap the same record is read whole, every continuation line joined once.
    (whole,) = [e for e in read_path(path) if isinstance(e, Document) and e.pmid == "22"]
    assert whole.sections[0].text.count("word") == 20 * 20_000


# --- 10: one bad file or byte never stops the others --------------------------------------------------------------

def test_an_unreadable_file_is_a_problem_and_the_folder_goes_on(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.xml").write_bytes(_set(_article(31)))
    # /proc/self/mem is a regular file whose read fails (EIO) even for root, unlike a chmod 000 file.
    os.symlink("/proc/self/mem", folder / "b-unreadable.txt")
    (folder / "c.xml").write_bytes(_set(_article(32)))
    events = list(read_paths([folder]))
    assert [e.pmid for e in events if isinstance(e, Document)] == ["31", "32"]
    (problem,) = [e for e in events if isinstance(e, Problem)]
    assert "b-unreadable.txt" in problem.path and "cannot be read" in problem.reason


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads mode-000 files; the /proc test covers unreadable files")
def test_a_mode_000_file_is_a_problem_and_the_folder_goes_on(tmp_path):
    (tmp_path / "a.xml").write_bytes(_set(_article(33)))
    locked = tmp_path / "b.xml"
    locked.write_bytes(_set(_article(34)))
    locked.chmod(0)
    events = list(read_paths([tmp_path]))
    assert [e.pmid for e in events if isinstance(e, Document)] == ["33"] and "cannot open" in events[-1].reason


def test_the_core_ingests_the_rest_of_a_folder_with_an_unreadable_file(tmp_path):
    from clinicite.app import Clinicite
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.xml").write_bytes(_set(_article(35)))
    os.symlink("/proc/self/mem", folder / "b.txt")
    os.mkfifo(folder / "c.fifo")
    core = Clinicite(load_settings(home=tmp_path / "home", embedding_model="none"))
    try:
        summary = core.ingest([folder], index=False)
        assert core.stats()["documents"] == 1
        reasons = " ".join(p.reason for p in summary.problems)
        assert "cannot be read" in reasons and "not a regular file" in reasons
    finally:
        core.close()


# --- 11: document size cap, and messages that say what happened ----------------------------------------------------

def test_a_small_gzip_that_unpacks_to_a_huge_text_is_refused_with_the_setting_named(tmp_path):
    path = tmp_path / "notes.txt.gz"
    path.write_bytes(gzip.compress(b"Fever and rash in a child. " * 200_000))  # 5.4 MB of text, ~20 KB on disk
    (problem,) = read_path(path, load_settings(home=tmp_path / "home", max_document_bytes=1_000_000))
    assert "max_document_bytes" in problem.reason and "skipped" in problem.reason


def test_utf32_text_is_read_as_text(tmp_path):
    path = tmp_path / "note.txt"
    path.write_bytes("# Kawasaki disease\n\nFever for five days.\n".encode("utf-32"))
    (document,) = read_path(path)
    assert document.title == "Kawasaki disease"


def test_a_truncated_small_gzip_is_called_truncated_not_empty(tmp_path):
    path = tmp_path / "cut.txt.gz"
    path.write_bytes(gzip.compress(b"Some text about fever.")[:12])
    (problem,) = read_paths([path])
    assert "truncated or damaged gzip" in problem.reason and "empty" not in problem.reason


def test_fifos_dangling_links_and_linked_folders_are_reported_not_skipped_silently(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.xml").write_bytes(_set(_article(41)))
    os.mkfifo(folder / "pipe")
    os.symlink(tmp_path / "gone.xml", folder / "dangling.xml")
    (tmp_path / "elsewhere").mkdir()
    os.symlink(tmp_path / "elsewhere", folder / "linked")
    problems: list[Problem] = []
    assert [p.name for p in iter_sources([folder], problems)] == ["a.xml"]
    reasons = {os.path.basename(p.path): p.reason for p in problems}
    assert "not a regular file" in reasons["pipe"]
    assert "dangling symbolic link" in reasons["dangling.xml"]
    assert "symbolic link to a folder" in reasons["linked"]
    # Named directly, a FIFO is reported for what it is, never as "no such file".
    (problem,) = read_paths([folder / "pipe"])
    assert "not a regular file" in problem.reason


def test_an_encrypted_pdf_is_a_clear_problem(tmp_path):
    from pypdf import PdfWriter
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    path = tmp_path / "locked.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    (problem,) = read_path(path)
    assert isinstance(problem, Problem) and "encrypted with a password" in problem.reason


# --- 12: one ingest per home ------------------------------------------------------------------------------------

def test_a_second_ingest_in_the_same_home_is_refused_while_the_first_runs(tmp_path):
    from clinicite.app import Clinicite
    from clinicite.store.ingest_lock import ingest_lock
    source = tmp_path / "a.xml"
    source.write_bytes(_set(_article(51)))
    core = Clinicite(load_settings(home=tmp_path / "home", embedding_model="none"))
    try:
        started, release, errors = threading.Event(), threading.Event(), []

        def first_ingest() -> None:
            with ingest_lock(core.paths.home):  # what a running `clinicite ingest` holds
                started.set()
                release.wait(10)
        worker = threading.Thread(target=first_ingest)
        worker.start()
        started.wait(10)
        try:
            core.ingest([source], index=False)
        except StoreError as error:
            errors.append(error)
        release.set()
        worker.join()
        assert errors and "another ingest is already running" in str(errors[0]) and str(os.getpid()) in str(errors[0])
        core.ingest([source], index=False)  # once the first has finished, the next one runs
        assert core.stats()["documents"] == 1
    finally:
        core.close()
