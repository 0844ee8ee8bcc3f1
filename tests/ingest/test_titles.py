"""Real titles and labelled front matter for text, Markdown and PDF documents (never "Abstract")."""

from __future__ import annotations

from clinicite.ingest.document import Document
from clinicite.ingest.front_matter import parse_author, parse_authors
from clinicite.ingest.readers import read_path

CASE_REPORT = """Abstract

Intramedullary osteosclerosis of the tibia in a 41-year-old woman: a case report
Authors: Jane Q. Doe, Rick Roe
Journal: Skeletal Radiology
Year: 2019
DOI: 10.1007/s00256-019-03200-1

Case report

A 41-year-old woman had pain in the left leg for two years. Open biopsy relieved the pain.
"""


def _read(tmp_path, name, text) -> Document:
    path = tmp_path / name
    path.write_text(text)
    (document,) = [e for e in read_path(path) if isinstance(e, Document)]
    return document


def test_a_part_name_is_never_the_title_and_labelled_lines_fill_the_fields(tmp_path):
    document = _read(tmp_path, "case.txt", CASE_REPORT)
    assert document.title == "Intramedullary osteosclerosis of the tibia in a 41-year-old woman: a case report"
    assert [a.display for a in document.authors] == ["Doe JQ", "Roe R"]
    assert (document.journal, document.year, document.doi) == ("Skeletal Radiology", 2019,
                                                               "10.1007/s00256-019-03200-1")
    # The labelled lines left the body; the part names label the paragraphs that follow them.
    assert "Authors:" not in document.text and "Skeletal Radiology" not in document.text
    assert [(s.label, s.text[:22]) for s in document.sections] == [("Case report", "A 41-year-old woman ha")]


def test_nothing_is_guessed_when_the_text_states_no_front_matter(tmp_path):
    body = "A 6-year-old boy had fevers every 4 weeks. CRP was high during attacks and normal between them. "
    document = _read(tmp_path, "plain.txt", "Abstract\n\n" + body * 3)
    assert document.title == "A 6-year-old boy had fevers every 4 weeks."
    assert document.authors == [] and document.journal is None and document.year is None


def test_markdown_first_heading_past_a_part_name(tmp_path):
    document = _read(tmp_path, "note.md", "## Abstract\n\n# Melorheostosis of the femur\n\nBy: Ana Lima and "
                                         "Bo Chen\n\nCortical hyperostosis was seen.\n")
    assert document.title == "Melorheostosis of the femur"
    assert [a.display for a in document.authors] == ["Lima A", "Chen B"]


def test_author_names_as_written():
    assert parse_author("Doe JQ").display == "Doe JQ"
    assert parse_author("Doe, Jane").display == "Doe J"
    assert parse_author("Jean-Paul Sartre").display == "Sartre JP"
    assert [a.display for a in parse_authors("Doe, Jane; Roe, Rick")] == ["Doe J", "Roe R"]
    assert [a.display for a in parse_authors("Ana Lima, Bo Chen et al.")] == ["Lima A", "Chen B"]


def _pdf(path, *, title_meta=None, author_meta=None):
    from fpdf import FPDF

    pdf = FPDF()
    if title_meta:
        pdf.set_title(title_meta)
    if author_meta:
        pdf.set_author(author_meta)
    pdf.add_page()
    pdf.set_font("Helvetica", size=9)
    pdf.cell(0, 8, "Journal of Bone Cases 2019; 12: 3-9", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", size=20)
    pdf.multi_cell(0, 10, "Intramedullary osteosclerosis of the tibia: a case series of four patients",
                   new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=11)
    pdf.cell(0, 8, "Abstract", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 6, "Intramedullary osteosclerosis is rare. We report four patients treated by reaming.")
    pdf.output(str(path))
    return path


def test_pdf_title_is_its_largest_type(tmp_path):
    (document,) = list(read_path(_pdf(tmp_path / "a.pdf")))
    assert document.title == "Intramedullary osteosclerosis of the tibia: a case series of four patients"
    assert document.authors == []


def test_pdf_metadata_title_and_authors_win(tmp_path):
    (document,) = list(read_path(_pdf(tmp_path / "b.pdf", title_meta="IMOS: four cases",
                                      author_meta="Jane Doe; Rick Roe")))
    assert document.title == "IMOS: four cases"
    assert [a.display for a in document.authors] == ["Doe J", "Roe R"]


def test_pdf_metadata_title_that_is_a_part_name_gives_way_to_the_largest_type(tmp_path):
    (document,) = list(read_path(_pdf(tmp_path / "d.pdf", title_meta="Case report")))
    assert document.title == "Intramedullary osteosclerosis of the tibia: a case series of four patients"


def test_pdf_without_a_larger_type_takes_its_first_line_past_part_names(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for line in ("Abstract", "Bone islands in children", "Bone islands are common and benign."):
        pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(tmp_path / "c.pdf"))
    (document,) = list(read_path(tmp_path / "c.pdf"))
    assert document.title == "Bone islands in children"
