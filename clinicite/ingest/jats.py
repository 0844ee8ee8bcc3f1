"""PMC full text in JATS (``.nxml``): JATS 1.x and its predecessors, NLM DTD 2.3/3.0.

One ``<article>`` (or each ``<article>`` of an E-utilities ``<pmc-articleset>``)
becomes a Document with source ``pmc`` and id ``pmc:PMC<n>`` (``pmid:`` or
``doi:`` when the article carries no PMC id). Front matter gives the ids,
title, journal, date, authors, keywords and abstract sections; the body gives
one ``body`` Section per paragraph, with the section tree in ``Section.path``
("Results / Imaging"); figure and table captions become ``caption`` Sections
and table cells ``table`` Sections; the reference list becomes
``Document.references`` with the PMIDs and DOIs it names. Element reference:
JATS (ANSI/NISO Z39.96), https://jats.nlm.nih.gov/archiving/tag-library/.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from clinicite.ingest.document import Author, Document, IngestEvent, Problem, BibliographyEntry, Section
from clinicite.ingest.safexml import iter_records, local_name, text_of

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Elements whose text is not part of the paragraph around them (they get their own Sections).
_FLOATS = {"fig", "table-wrap", "fig-group", "table-wrap-group", "supplementary-material"}
# Containers whose paragraphs belong to the enclosing section.
_CONTAINERS = {"list", "list-item", "boxed-text", "disp-quote", "statement", "def-list", "def-item",
               "def", "glossary", "fig-group", "table-wrap-group"}
# Publication date kinds from most to least preferred (NLM 2.x pub-type, JATS 1.x date-type).
_DATE_PREFERENCE = ("epub", "ppub", "pub", "epub-ppub", "collection", "pmc-release")
_CITATIONS = ("mixed-citation", "element-citation", "citation", "nlm-citation")


def read_jats(stream: BinaryIO, *, origin: str, max_record_bytes: int | None = None) -> Iterator[IngestEvent]:
    roots: dict = {}
    seen = 0
    for item in iter_records(stream, ("article",), origin=origin, max_record_bytes=max_record_bytes,
                             roots=roots):
        if isinstance(item, Problem):
            yield item
            continue
        seen += 1
        try:
            document = article_to_document(item.element)
        except (ValueError, TypeError, AttributeError) as error:
            yield Problem(origin, f"record {item.number}", f"unreadable JATS article: {error}")
            continue
        document.origin = origin
        yield document.assemble()
    root = roots.get("root")
    if seen == 0 and root is not None and root not in ("article", "pmc-articleset"):
        yield Problem(origin, "record 1", f"root element is <{root}>, not a JATS <article>; nothing read")


def read_jats_path(path: Path, *, max_record_bytes: int | None = None) -> Iterator[IngestEvent]:
    from clinicite.ingest.detect import open_bytes

    with open_bytes(path) as stream:
        yield from read_jats(stream, origin=str(path), max_record_bytes=max_record_bytes)


def _strip_namespaces(article: etree._Element) -> None:
    """Publishers' JATS sometimes puts elements in a default namespace; PMC's never does."""
    for node in article.iter():
        if isinstance(node.tag, str) and node.tag.startswith("{"):
            node.tag = local_name(node)


def article_to_document(article: etree._Element) -> Document:
    if isinstance(article.tag, str) and article.tag.startswith("{"):
        _strip_namespaces(article)
    front = article.find("front")
    meta = front.find("article-meta") if front is not None else None
    if meta is None:
        raise ValueError("article has no <front>/<article-meta>")
    ids = _ids(meta)
    pmcid, pmid, doi = ids.get("pmc"), ids.get("pmid"), ids.get("doi")
    if pmcid:
        doc_id = f"pmc:{pmcid}"
    elif pmid:
        doc_id = f"pmid:{pmid}"
    elif doi:
        doc_id = f"doi:{doi}"
    else:
        doc_id = "file:" + hashlib.sha1(etree.tostring(article)).hexdigest()  # noqa: S324 - an id
    year, pub_date = _date(meta)
    sections = _abstract(meta)
    body = article.find("body")
    if body is not None:
        _walk(body, [], sections)
    floats = article.find("floats-group")
    if floats is not None:
        _walk(floats, [], sections)
    return Document(
        id=doc_id, source="pmc",
        title=text_of(meta.find("title-group/article-title")) or "(untitled)",
        sections=sections, pmid=pmid, pmcid=pmcid, doi=doi,
        journal=_journal(front), year=year, pub_date=pub_date,
        authors=_authors(meta),
        publication_types=[article.get("article-type")] if article.get("article-type") else [],
        keywords=[text_of(k) for k in meta.iterfind("kwd-group/kwd") if text_of(k)],
        language=article.get(XML_LANG),
        references=_references(article.find("back")),
        url=f"https://www.ncbi.nlm.nih.gov/pmc/articles/{pmcid}/" if pmcid else None,
    )


def _ids(meta: etree._Element) -> dict[str, str]:
    ids: dict[str, str] = {}
    for node in meta.iterfind("article-id"):
        kind = node.get("pub-id-type")
        value = (node.text or "").strip()
        if kind == "pmcid":
            kind = "pmc"
        if kind and value and kind not in ids:
            ids[kind] = value
    if "pmc" in ids and not ids["pmc"].upper().startswith("PMC"):
        ids["pmc"] = "PMC" + ids["pmc"]
    return ids


def _journal(front: etree._Element) -> str | None:
    journal_meta = front.find("journal-meta")
    if journal_meta is None:
        return None
    return (text_of(journal_meta.find("journal-title-group/journal-title"))
            or text_of(journal_meta.find("journal-title"))
            or text_of(journal_meta.find("journal-id")) or None)


def _date(meta: etree._Element) -> tuple[int | None, str | None]:
    candidates = {}
    for node in meta.iterfind("pub-date"):
        kind = node.get("pub-type") or node.get("date-type") or "pub"
        if kind == "pub" and node.get("publication-format") == "electronic":
            kind = "epub"
        candidates.setdefault(kind, node)
    ordered = [candidates[k] for k in _DATE_PREFERENCE if k in candidates] + list(candidates.values())
    for node in ordered:
        year_text = (node.findtext("year") or "").strip()
        if not year_text.isdigit():
            continue
        year = int(year_text)
        month_text, day_text = (node.findtext("month") or "").strip(), (node.findtext("day") or "").strip()
        if month_text.isdigit() and 1 <= int(month_text) <= 12:
            if day_text.isdigit() and 1 <= int(day_text) <= 31:
                return year, f"{year:04d}-{int(month_text):02d}-{int(day_text):02d}"
            return year, f"{year:04d}-{int(month_text):02d}"
        return year, f"{year:04d}"
    return None, None


def _authors(meta: etree._Element) -> list[Author]:
    authors = []
    for contrib in meta.iterfind("contrib-group/contrib"):
        if contrib.get("contrib-type", "author") != "author":
            continue
        collab = contrib.find("collab")
        if collab is not None:
            authors.append(Author(collective=text_of(collab)))
            continue
        name = contrib.find("name")
        if name is None:
            name = contrib.find("name-alternatives/name")
        if name is None:
            string_name = text_of(contrib.find("string-name"))
            if string_name:
                authors.append(Author(last_name=string_name))
            continue
        given = text_of(name.find("given-names")) or None
        initials = "".join(part[0] for part in given.replace("-", " ").split()) if given else None
        authors.append(Author(last_name=text_of(name.find("surname")) or None, fore_name=given,
                              initials=initials))
    return authors


def _abstract(meta: etree._Element) -> list[Section]:
    abstracts = meta.findall("abstract")
    chosen = [a for a in abstracts if a.get("abstract-type") is None] or abstracts[:1]
    sections: list[Section] = []
    for abstract in chosen:
        parts = abstract.findall("sec")
        if parts:
            for part in parts:
                text = " ".join(_paragraph_text(p) for p in part.iter("p"))
                if text.strip():
                    # "Background:" in some publishers' abstracts; the colon is punctuation, not label
                    label = text_of(part.find("title")).rstrip(":").strip() or None
                    sections.append(Section(text=text, label=label, kind="abstract"))
            continue
        paragraphs = abstract.findall("p")
        for p in paragraphs:
            text = _paragraph_text(p)
            if text:
                sections.append(Section(text=text, kind="abstract"))
        if not paragraphs:
            text = text_of(abstract)
            if text:
                sections.append(Section(text=text, kind="abstract"))
    return sections


def _paragraph_text(p: etree._Element) -> str:
    """Text of a paragraph without the figures and tables placed inside it."""
    if not any(True for node in p.iter(*_FLOATS)):
        return text_of(p)
    parts: list[str] = []

    def visit(node: etree._Element) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if child.tag not in _FLOATS:
                visit(child)
            if child.tail:
                parts.append(child.tail)

    visit(p)
    return " ".join("".join(parts).split())


def _walk(container: etree._Element, path: list[str], out: list[Section]) -> None:
    joined = " / ".join(path) or None
    label = path[-1] if path else None
    for child in container:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        if tag == "sec":
            title = text_of(child.find("title"))
            _walk(child, path + [title] if title else path, out)
        elif tag == "p":
            text = _paragraph_text(child)
            if text:
                out.append(Section(text=text, label=label, kind="body", path=joined))
            for nested in child.iter("fig", "table-wrap"):
                _float(nested, joined, out)
        elif tag in ("fig", "table-wrap"):
            _float(child, joined, out)
        elif tag in _CONTAINERS:
            _walk(child, path, out)


def _float(node: etree._Element, path: str | None, out: list[Section]) -> None:
    """A figure's or table's caption (``caption``) and a table's cells (``table``)."""
    label = text_of(node.find("label")) or None
    caption = node.find("caption")
    text = ""
    if caption is not None:
        pieces = [text_of(caption.find("title"))] + [_paragraph_text(p) for p in caption.iterfind("p")]
        text = " ".join(piece for piece in pieces if piece) or text_of(caption)
    if text:
        out.append(Section(text=text, label=label or text_of(caption.find("title")) or None,
                           kind="caption", path=path))
    if node.tag == "table-wrap":
        rows = []
        for row in node.iter("tr"):
            cells = [text_of(cell) for cell in row if cell.tag in ("td", "th")]
            if any(cells):
                rows.append(" | ".join(cells))
        if rows:
            out.append(Section(text="\n".join(rows), label=label, kind="table", path=path))


def _references(back: etree._Element | None) -> list[BibliographyEntry]:
    if back is None:
        return []
    references = []
    for ref in back.iter("ref"):
        citation = next((c for tag in _CITATIONS for c in ref.iter(tag)), None)
        if citation is None:
            continue
        if citation.tag == "element-citation":
            text = " ".join(t.strip() for t in citation.itertext() if t.strip())
        else:
            text = text_of(citation)
        pmid = doi = None
        for pub_id in citation.iter("pub-id"):
            kind, value = pub_id.get("pub-id-type"), (pub_id.text or "").strip()
            if kind == "pmid" and value and not pmid:
                pmid = value
            elif kind == "doi" and value and not doi:
                doi = value
        references.append(BibliographyEntry(label=text_of(ref.find("label")) or None, citation=text,
                                    pmid=pmid, doi=doi))
    return references
