"""PMC JATS full text: front matter, section tree, captions, tables and references."""

from __future__ import annotations

from clinicite.ingest.document import Document, Problem
from clinicite.ingest.readers import read_path


def test_front_matter(fixtures):
    (document,) = list(read_path(fixtures / "ingest" / "jats_case.nxml"))
    assert (document.id, document.source) == ("pmc:PMC8000001", "pmc")
    assert (document.pmid, document.pmcid, document.doi) == ("33000001", "PMC8000001", "10.5555/icrn.2021.42")
    assert document.title == "Episodic ataxia with KCNA1 variant in a 9-year-old girl"
    assert document.journal == "Invented Case Reports in Neurology"
    assert (document.year, document.pub_date) == (2021, "2021-04-05")
    assert [a.display for a in document.authors] == ["Ivanova MS", "Paediatric Ataxia Consortium"]
    assert document.keywords == ["episodic ataxia", "myokymia"]
    assert document.language == "en"
    abstract = [s for s in document.sections if s.kind == "abstract"]
    assert [s.label for s in abstract] == ["Background", "Case presentation"]
    assert abstract[1].text == "A girl had attacks of unsteadiness lasting minutes. Myokymia was seen on EMG."


def test_body_tree_captions_tables(fixtures):
    (document,) = list(read_path(fixtures / "ingest" / "jats_case.nxml"))
    body = [(s.kind, s.label, s.path, s.text) for s in document.sections if s.kind != "abstract"]
    assert body == [
        ("body", "Introduction", "Introduction", "Episodic ataxia is a channelopathy [1]."),
        ("body", "History", "Case presentation / History", "She had attacks since age 4 years, triggered by exercise."),
        ("body", "History", "Case presentation / History", "There was no family history."),
        ("caption", "Figure 1", "Case presentation / History", "Electromyography. Continuous myokymic discharges."),
        ("body", "Imaging", "Case presentation / Imaging", "Brain MRI was normal."),
        ("caption", "Table 1", "Case presentation / Imaging", "Laboratory results."),
        ("table", "Table 1", "Case presentation / Imaging", "Test | Result\nCreatine kinase | 110 U/L"),
        ("body", "Discussion", "Discussion", "Acetazolamide reduced attacks."),
    ]
    for section in document.sections:
        assert document.text[section.start:section.end] == section.text


def test_references(fixtures):
    (document,) = list(read_path(fixtures / "ingest" / "jats_case.nxml"))
    first, second = document.references
    assert (first.label, first.pmid, first.doi) == ("1", "20000001", "10.5555/in.2010.1")
    assert "Potassium channel ataxias" in first.citation
    assert second.pmid is None and second.citation == "Beta B. Movement disorders in children. Invented Press; 2015."


def test_nlm_23_without_pmc_id(fixtures):
    (document,) = list(read_path(fixtures / "ingest" / "jats_nlm23.nxml"))
    assert document.id == "pmid:18000001" and document.pmcid is None
    assert document.journal == "Invented Oral Health"
    assert document.pub_date == "2008-04-11"  # epub preferred over ppub
    assert [(s.kind, s.path) for s in document.sections] == [("abstract", None), ("body", None)]


def test_pmc_articleset_with_several_articles(fixtures):
    events = list(read_path(fixtures / "ingest" / "pmc_articleset.xml"))
    assert [e.id for e in events] == ["pmc:PMC9000001", "doi:10.5555/ijb.2023.2"]
    assert events[0].journal == "Invented Journal A" and events[1].journal == "Invented Journal B"


def test_article_without_front_is_a_problem_and_next_article_is_read(tmp_path):
    path = tmp_path / "set.xml"
    path.write_bytes(b"<pmc-articleset><article><body><p>No front.</p></body></article>"
                     b"<article><front><article-meta><article-id pub-id-type=\"pmc\">5</article-id>"
                     b"<title-group><article-title>Fine</article-title></title-group></article-meta></front>"
                     b"</article></pmc-articleset>")
    events = list(read_path(path))
    assert isinstance(events[0], Problem) and events[0].position == "record 1"
    assert isinstance(events[1], Document) and events[1].id == "pmc:PMC5"


def test_namespaced_jats_is_read(tmp_path):
    path = tmp_path / "ns.xml"
    path.write_bytes(b'<article xmlns="http://jats.nlm.nih.gov/ns/archiving/1.2/"><front><article-meta>'
                     b'<article-id pub-id-type="doi">10.5555/ns</article-id><title-group><article-title>'
                     b"Namespaced</article-title></title-group></article-meta></front><body><sec><title>A</title>"
                     b"<p>Text.</p></sec></body></article>")
    (document,) = list(read_path(path))
    assert document.title == "Namespaced" and document.sections[0].path == "A"
