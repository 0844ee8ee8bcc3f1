"""MEDLINE/PubMed XML: NLM baseline and update files, and E-utilities efetch replies.

Reads ``<PubmedArticleSet>`` of the PubMed DTDs from 2013 to 2025 (the element
names this reader uses did not change across them), plain or gzip-compressed.
Each ``<PubmedArticle>`` and ``<PubmedBookArticle>`` becomes a
:class:`~clinicite.ingest.document.Document` with id ``pmid:<PMID>``; each PMID
of a ``<DeleteCitation>`` becomes a :class:`~clinicite.ingest.document.Deletion`.
Events come in file order, so an update file's deletions and revisions apply in
the order NLM wrote them. Element reference: NLM's "MEDLINE/PubMed XML Element
Descriptions" (https://www.nlm.nih.gov/bsd/licensee/elements_descriptions.html).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from clinicite.ingest.document import (Author, Deletion, Document, IngestEvent, MeshHeading, Problem,
                                       BibliographyEntry, Section)
from clinicite.ingest.safexml import iter_records, text_of

RECORD_TAGS = ("PubmedArticle", "PubmedBookArticle", "DeleteCitation")
ROOTS = {"PubmedArticleSet", "PubmedBookArticleSet"}

MONTHS = {name: number for number, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
_YEAR = re.compile(r"(1[89]\d\d|20\d\d)")


def read_medline_xml(stream: BinaryIO, *, origin: str,
                     max_record_bytes: int | None = None) -> Iterator[IngestEvent]:
    """Yield Documents, Deletions and Problems from a PubmedArticleSet byte stream."""
    roots: dict = {}
    seen = 0
    for item in iter_records(stream, RECORD_TAGS, origin=origin,
                             max_record_bytes=max_record_bytes, roots=roots):
        if isinstance(item, Problem):
            yield item
            continue
        seen += 1
        element = item.element
        tag = element.tag
        if tag == "DeleteCitation":
            for pmid in element.iterfind("PMID"):
                if pmid.text and pmid.text.strip():
                    yield Deletion(f"pmid:{pmid.text.strip()}", origin=origin)
            continue
        try:
            document = (_article(element) if tag == "PubmedArticle" else _book(element))
        except _RecordError as error:
            yield Problem(origin, f"record {item.number}", str(error))
            continue
        document.origin = origin
        yield document.assemble()
    root = roots.get("root")
    if seen == 0 and root is not None and root not in ROOTS:
        yield Problem(origin, "record 1", f"root element is <{root}>, not <PubmedArticleSet>; "
                                          "nothing read")


class _RecordError(Exception):
    pass


def _pmid(parent: etree._Element | None) -> tuple[str, int | None]:
    return _pmid_of(parent.find("PMID") if parent is not None else None)


def _pmid_of(node: etree._Element | None) -> tuple[str, int | None]:
    text = (node.text or "").strip() if node is not None else ""
    if not text.isdigit():
        raise _RecordError(f"record has no valid PMID ({text!r})")
    version = node.get("Version")
    return text, int(version) if version and version.isdigit() else None


def _children(element: etree._Element | None) -> dict[str, etree._Element]:
    """First child of each tag. Iterating children is several times faster than lxml's
    path lookups (``find("A/B")``), which dominate parsing time otherwise."""
    found: dict[str, etree._Element] = {}
    if element is not None:
        for child in element:
            found.setdefault(child.tag, child)
    return found


def _article(element: etree._Element) -> Document:
    record = _children(element)
    citation_node = record.get("MedlineCitation")
    citation: dict[str, etree._Element] = {}
    keywords: list[str] = []
    if citation_node is not None:
        for child in citation_node:
            if child.tag == "KeywordList":
                keywords.extend(text for text in (text_of(k) for k in child) if text)
            else:
                citation.setdefault(child.tag, child)
    pmid, version = _pmid_of(citation.get("PMID"))
    article_node = citation.get("Article")
    if article_node is None:
        raise _RecordError(f"PMID {pmid} has no <Article>")
    article: dict[str, etree._Element] = {}
    doi = None
    for child in article_node:
        tag = child.tag
        if tag == "ELocationID":
            if doi is None and child.get("EIdType") == "doi" and child.get("ValidYN", "Y") == "Y" and child.text:
                doi = child.text.strip()
        else:
            article.setdefault(tag, child)
    title = text_of(article.get("ArticleTitle")) or text_of(article.get("VernacularTitle"))
    journal = _children(article.get("Journal"))
    year, pub_date = _pub_date(_children(journal.get("JournalIssue")).get("PubDate"))
    if year is None:
        year, pub_date = _pub_date(article.get("ArticleDate"))
    ids = _article_ids(_children(record.get("PubmedData")).get("ArticleIdList"))
    types = article.get("PublicationTypeList")
    return Document(
        id=f"pmid:{pmid}", source="pubmed", title=title or f"PMID {pmid} (untitled)",
        sections=_abstract(article.get("Abstract")),
        pmid=pmid, pmid_version=version, pmcid=ids.get("pmc"), doi=doi or ids.get("doi"),
        journal=text_of(journal.get("Title")) or text_of(journal.get("ISOAbbreviation")) or None,
        year=year, pub_date=pub_date,
        authors=_authors(article.get("AuthorList")),
        publication_types=[text_of(t) for t in types] if types is not None else [],
        mesh=_mesh(citation.get("MeshHeadingList")),
        keywords=keywords,
        language=text_of(article.get("Language")) or None,
        corrections=_corrections(citation.get("CommentsCorrectionsList")),
    )


# Notices that change how far a record can be trusted (NLM: "CommentsCorrections RefType" values).
NOTICE_TYPES = ("RetractionIn", "RetractionOf", "ErratumIn", "ExpressionOfConcernIn", "RetractedandRepublishedIn",
                "UpdateIn")


def _corrections(node: etree._Element | None) -> list[dict]:
    """Retraction, erratum and concern notices of a citation, each with the notice's PMID and note."""
    if node is None:
        return []
    found = []
    for item in node.iterfind("CommentsCorrections"):
        kind = item.get("RefType") or ""
        if kind not in NOTICE_TYPES:
            continue
        pmid = text_of(item.find("PMID")) or None
        found.append({"type": kind, "pmid": pmid, "note": text_of(item.find("RefSource")) or None})
    return found


def _book(element: etree._Element) -> Document:
    book_document = element.find("BookDocument")
    pmid, version = _pmid(book_document)
    book = book_document.find("Book")
    title = (text_of(book_document.find("ArticleTitle"))
             or text_of(book.find("BookTitle") if book is not None else None))
    year, pub_date = _pub_date(book.find("PubDate") if book is not None else None)
    ids = _article_ids(element.find("PubmedBookData/ArticleIdList"))
    authors = _authors(book_document.find("AuthorList"))
    if not authors and book is not None:
        authors = _authors(book.find("AuthorList"))
    return Document(
        id=f"pmid:{pmid}", source="pubmed", title=title or f"PMID {pmid} (untitled)",
        sections=_abstract(book_document.find("Abstract")),
        pmid=pmid, pmid_version=version, pmcid=ids.get("pmc"), doi=ids.get("doi"),
        journal=text_of(book.find("BookTitle")) if book is not None else None,
        year=year, pub_date=pub_date, authors=authors,
        publication_types=[text_of(t) for t in book_document.iterfind("PublicationType")],
        keywords=[text_of(k) for k in book_document.iterfind("KeywordList/Keyword") if text_of(k)],
        language=_first_text(book_document, "Language"),
        references=_references(book_document.find("ReferenceList")),
    )


def _first_text(parent: etree._Element, path: str) -> str | None:
    node = parent.find(path)
    return text_of(node) or None if node is not None else None


def _abstract(abstract: etree._Element | None) -> list[Section]:
    if abstract is None:
        return []
    sections = []
    for part in abstract:
        if part.tag != "AbstractText":
            continue
        text = text_of(part)
        if not text:
            continue
        category = part.get("NlmCategory")
        label = part.get("Label") or (category if category and category != "UNASSIGNED" else None)
        sections.append(Section(text=text, label=label, kind="abstract"))
    return sections


def _month(value: str | None) -> int | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        month = int(value)
        return month if 1 <= month <= 12 else None
    return MONTHS.get(value[:3].lower())


def _pub_date(node: etree._Element | None) -> tuple[int | None, str | None]:
    """Year and the most precise ISO-like date the record gives ("2019", "2019-03", "2019-03-07").

    ``MedlineDate`` ("1998 Dec-1999 Jan", "2000 Spring") yields only its first year."""
    if node is None:
        return None, None
    year_text = node.findtext("Year")
    if not year_text:
        match = _YEAR.search(node.findtext("MedlineDate") or "")
        return (int(match.group(1)), match.group(1)) if match else (None, None)
    if not year_text.strip().isdigit():
        return None, None
    year = int(year_text.strip())
    month = _month(node.findtext("Month"))
    if month is None:
        return year, f"{year:04d}"
    day_text = (node.findtext("Day") or "").strip()
    if day_text.isdigit() and 1 <= int(day_text) <= 31:
        return year, f"{year:04d}-{month:02d}-{int(day_text):02d}"
    return year, f"{year:04d}-{month:02d}"


def _authors(author_list: etree._Element | None) -> list[Author]:
    if author_list is None:
        return []
    authors = []
    for node in author_list:
        if node.get("ValidYN") == "N":
            continue  # NLM keeps corrected-away names with ValidYN="N"
        values: dict[str, str] = {}
        affiliation = None
        for part in node:
            if part.tag == "AffiliationInfo":
                if affiliation is None and len(part):
                    affiliation = text_of(part[0]) or None
            elif len(part) == 0:
                values[part.tag] = (part.text or "").strip()
            else:
                values[part.tag] = text_of(part)
        author = Author(last_name=values.get("LastName") or None, fore_name=values.get("ForeName") or None,
                        initials=values.get("Initials") or None,
                        collective=values.get("CollectiveName") or None, affiliation=affiliation)
        if author.last_name or author.collective:
            authors.append(author)
    return authors


def _mesh(heading_list: etree._Element | None) -> list[MeshHeading]:
    if heading_list is None:
        return []
    headings = []
    for node in heading_list:
        descriptor, major, qualifiers = None, False, []
        for part in node:
            if part.tag == "DescriptorName":
                descriptor = part
                major = major or part.get("MajorTopicYN") == "Y"
            elif part.tag == "QualifierName" and part.text:
                qualifiers.append(part.text.strip())
                major = major or part.get("MajorTopicYN") == "Y"
        if descriptor is None or not descriptor.text:
            continue
        headings.append(MeshHeading(descriptor=descriptor.text.strip(), descriptor_id=descriptor.get("UI"),
                                    major=major, qualifiers=qualifiers))
    return headings


def _article_ids(id_list: etree._Element | None) -> dict[str, str]:
    ids: dict[str, str] = {}
    if id_list is None:
        return ids
    for node in id_list:
        kind, value = node.get("IdType"), (node.text or "").strip()
        if kind and value and kind not in ids:
            ids[kind] = value
    if "pmc" in ids and not ids["pmc"].upper().startswith("PMC"):
        ids["pmc"] = "PMC" + ids["pmc"]
    return ids


def _references(reference_list: etree._Element | None) -> list[BibliographyEntry]:
    if reference_list is None:
        return []
    references = []
    for node in reference_list.iter("Reference"):
        pmid = doi = None
        for article_id in node.iterfind("ArticleIdList/ArticleId"):
            kind = article_id.get("IdType")
            if kind == "pubmed" and pmid is None:
                pmid = (article_id.text or "").strip() or None
            elif kind == "doi" and doi is None:
                doi = (article_id.text or "").strip() or None
        references.append(BibliographyEntry(citation=text_of(node.find("Citation")), pmid=pmid, doi=doi))
    return references


def read_medline_xml_path(path: Path, *, max_record_bytes: int | None = None) -> Iterator[IngestEvent]:
    """Read a PubmedArticleSet file, gzip-compressed or not."""
    from clinicite.ingest.detect import open_bytes

    with open_bytes(path) as stream:
        yield from read_medline_xml(stream, origin=str(path), max_record_bytes=max_record_bytes)
