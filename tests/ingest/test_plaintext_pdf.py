"""Plain text, Markdown and PDF documents."""

from __future__ import annotations

import hashlib

import pytest

from clinicite.ingest.document import Document, Problem
from clinicite.ingest.readers import read_path


def test_markdown_case_report(fixtures):
    path = fixtures / "ingest" / "case_report.md"
    (document,) = list(read_path(path))
    assert document.id == "file:" + hashlib.sha1(path.read_bytes()).hexdigest()
    assert document.source == "text" and document.title == "Recurrent fever in a 6-year-old boy"
    assert [(s.label, s.path) for s in document.sections] == [
        ("Presentation", "Presentation"), ("Presentation", "Presentation"),
        ("Laboratory", "Investigations / Laboratory"), ("Outcome", "Outcome")]
    assert document.sections[0].text == ("A 6-year-old boy had fevers every 4 weeks, lasting 5 days, "
                                         "with aphthous ulcers and cervical lymphadenopathy.")
    assert document.sections[2].text == "- CRP 120 mg/L during attacks\n- Normal between attacks"
    assert all(s.kind == "body" for s in document.sections)


def test_plain_text_first_line_is_title(fixtures):
    (document,) = list(read_path(fixtures / "ingest" / "case_plain.txt"))
    assert document.title == "Seizures in an adult with hyponatraemia"
    assert [s.text for s in document.sections] == [
        "A 54-year-old woman presented with a first seizure. Sodium was 118 mmol/L.",
        "She recovered after slow correction."]


def test_one_long_pasted_paragraph_keeps_its_text(tmp_path):
    text = ("A 30-year-old man with fever, headache and neck stiffness for two days. " * 5).strip()
    path = tmp_path / "pasted.txt"
    path.write_text(text)
    (document,) = list(read_path(path))
    assert document.title == "A 30-year-old man with fever, headache and neck stiffness for two days."
    assert document.sections[0].text == text


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig"])
def test_unicode_with_bom(tmp_path, encoding):
    path = tmp_path / "bom.txt"
    path.write_bytes("Caf\u00e9-au-lait macules\n\nSix macules over 5 mm.\n".encode(encoding))
    events = list(read_path(path))
    assert [type(e) for e in events] == [Document]
    assert events[0].title == "Caf\u00e9-au-lait macules" and events[0].sections[0].text == "Six macules over 5 mm."


def test_cp1252_falls_back_with_a_note(tmp_path):
    path = tmp_path / "legacy.txt"
    path.write_bytes("Fi\u00e8vre \u2013 r\u00e9currente\n\nTemp\u00e9rature 39 \u00b0C.\n".encode("cp1252"))
    document, note = list(read_path(path))
    assert document.title == "Fi\u00e8vre \u2013 r\u00e9currente"
    assert isinstance(note, Problem) and "Windows-1252" in note.reason


def test_bytes_undefined_in_cp1252_fall_back_to_latin1(tmp_path):
    path = tmp_path / "odd.txt"
    path.write_bytes(b"Title \x81\x8d here\n\nBody.\n")
    document, note = list(read_path(path))
    assert document.title == "Title \x81\x8d here" and "Latin-1" in note.reason


def test_whitespace_only_text_is_a_problem(tmp_path):
    path = tmp_path / "blank.txt"
    path.write_bytes(b"   \n\n  \n")
    from clinicite.errors import UnsupportedFormat
    with pytest.raises(UnsupportedFormat):
        list(read_path(path))


def _pdf(tmp_path, lines, title=None):
    from fpdf import FPDF

    pdf = FPDF()
    if title:
        pdf.set_title(title)
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    for line in lines:
        pdf.multi_cell(0, 8, line)
        pdf.ln(8)
    path = tmp_path / "paper.pdf"
    pdf.output(str(path))
    return path


def test_pdf_text_layer(tmp_path):
    pytest.importorskip("fpdf")
    path = _pdf(tmp_path, ["Kawasaki disease in an infant", "Fever for six days with conjunctival injection.",
                           "Echocardiography showed coronary dilatation."])
    (document,) = list(read_path(path))
    assert document.source == "pdf" and document.id == "file:" + hashlib.sha1(path.read_bytes()).hexdigest()
    assert document.title == "Kawasaki disease in an infant"
    assert "coronary dilatation" in document.text
    assert document.sections[0].label == "Page 1"


def test_pdf_title_from_metadata(tmp_path):
    pytest.importorskip("fpdf")
    path = _pdf(tmp_path, ["first line of the body"], title="Kawasaki disease: a review")
    (document,) = list(read_path(path))
    assert document.title == "Kawasaki disease: a review"


def test_pdf_without_text_layer_is_a_problem(tmp_path):
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")  # a "scan": drawing only, no text
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    (problem,) = list(read_path(path))
    assert isinstance(problem, Problem) and "no text layer" in problem.reason


def test_broken_pdf_is_a_problem(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ngarbage without xref")
    (problem,) = list(read_path(path))
    assert isinstance(problem, Problem) and problem.path == str(path)
