"""The front matter of a text or PDF article: title, authors, journal, year, DOI, PMID.

Only what the document itself states is read, from labelled lines near its top
("Authors: Jane Doe, John Smith", "Journal: Skeletal Radiology", "Year: 2019",
"DOI: 10.1007/...", "PMID: 12345678"); nothing is guessed from unlabelled text.
A first line that only names a part of an article ("Abstract", "Case report",
"Introduction") is a section heading, never the document's title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from clinicite.ingest.document import Author

# Lines that name a part of an article, not the article.
GENERIC_HEADINGS = re.compile(
    r"^(abstract|summary|synopsis|background|introduction|case (report|presentation|description|history)s?|"
    r"report of a case|methods?|results?|discussion|conclusions?|keywords?|title|full text|article|"
    r"original (article|research)|research (article|letter)|review( article)?|letter( to the editor)?|"
    r"brief report|clinical (note|image|vignette)s?|editorial|commentary|highlights)\s*[:.]?$", re.I)
_LABELLED = re.compile(r"^\s*(?P<label>title|authors?|by|journal|source|published in|year|"
                       r"(date of )?publication( date)?|published|doi|pmid)\s*[:=]\s*(?P<value>\S.*?)\s*$", re.I)
_YEAR = re.compile(r"\b(18|19|20)\d{2}\b")
_DOI = re.compile(r"\b(10\.\d{4,9}/\S+[^\s.,;])")
_PMID = re.compile(r"^\d{1,9}$")
FRONT_MATTER_LINES = 12       # labelled lines are looked for only this near the top


@dataclass
class FrontMatter:
    title: str | None = None
    authors: list[Author] = field(default_factory=list)
    journal: str | None = None
    year: int | None = None
    doi: str | None = None
    pmid: str | None = None


def is_generic_heading(line: str) -> bool:
    return bool(GENERIC_HEADINGS.match(line.strip().strip("#*_ ").strip()))


def parse_author(name: str) -> Author | None:
    """One author as written: "Jane Q. Doe", "Doe JQ" (PubMed style) or "Doe, Jane"."""
    name = " ".join(name.replace("*", "").split()).strip(" .;")
    name = re.sub(r"[\d†‡§¹²³⁴⁵⁶⁷⁸⁹]+$", "", name).strip()
    if not name or len(name) > 80 or not re.search(r"[A-Za-z]", name):
        return None
    if "," in name:
        last, fore = (part.strip() for part in name.split(",", 1))
        return Author(last_name=last, fore_name=fore or None, initials=_initials(fore) or None)
    parts = name.split(" ")
    if len(parts) == 1:
        return Author(collective=name) if len(name) > 3 else Author(last_name=name)
    if re.fullmatch(r"[A-Z]{1,3}", parts[-1]):          # PubMed style: "Doe JQ"
        return Author(last_name=" ".join(parts[:-1]), initials=parts[-1])
    fore, last = " ".join(parts[:-1]), parts[-1]
    return Author(last_name=last, fore_name=fore, initials=_initials(fore) or None)


def _initials(fore_name: str) -> str:
    return "".join(word[0].upper() for word in re.split(r"[\s.\-]+", fore_name) if word and word[0].isalpha())


def parse_authors(value: str) -> list[Author]:
    """An author line: names separated by ";" or "," (", and" too); "Doe, Jane; Roe, Rick" keeps its commas."""
    value = re.sub(r"\s*(\bet al\.?|\band\b|&)\s*", ", ", value, flags=re.I)
    pieces = value.split(";") if ";" in value else value.split(",")
    authors = [parse_author(piece) for piece in pieces]
    return [a for a in authors if a is not None]


def read_front_matter(lines: list[str]) -> tuple[FrontMatter, set[int]]:
    """The labelled front matter among the first lines, and the indices of the lines it used."""
    found = FrontMatter()
    used: set[int] = set()
    for number, line in enumerate(lines[:FRONT_MATTER_LINES]):
        match = _LABELLED.match(line.strip().strip("*_"))
        if not match:
            continue
        label, value = match.group("label").lower(), match.group("value").strip("*_ ")
        if label == "title" and not found.title:
            found.title = value
        elif label in ("author", "authors", "by") and not found.authors:
            found.authors = parse_authors(value)
        elif label in ("journal", "source", "published in") and not found.journal:
            found.journal = _YEAR.sub("", value).strip(" .,;") or None
            year = _YEAR.search(value)
            found.year = found.year or (int(year.group()) if year else None)
        elif "year" in label or "publi" in label:
            year = _YEAR.search(value)
            if year and not found.year:
                found.year = int(year.group())
        elif label == "doi" and _DOI.search(value):
            found.doi = _DOI.search(value).group(1)
        elif label == "pmid" and _PMID.match(value):
            found.pmid = value
        else:
            continue
        used.add(number)
    return found, used
