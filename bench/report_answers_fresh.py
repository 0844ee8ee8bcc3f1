"""The fresh vignette set of ``bench/report_answers.py`` (``--set fresh``): its reports, in many formats.

The eight reports behind ``bench/report_vignettes_fresh.json`` come from SciFact's abstracts (ids are
Semantic Scholar ids, so these reports get no PMID) and BioASQ gold snippets (joined per PMID). Each is
written in the format its vignette names and ingested into a home that already holds the main set's corpus
(``build_home``), so the unrelated literature is the same plus the 36 other reports:

- ``jats``: a JATS full text with no identifier (the reader names it by a hash), body sections;
- ``pdf``: a PDF made with fpdf2 (already a dependency), the title in the PDF metadata and set large;
- ``text``: a plain-text file, title on the first line;
- ``medline``: a MEDLINE XML ``PubmedArticleSet`` with one record (BioASQ reports, which have PMIDs);
- ``medline-text``: MEDLINE tagged text (``PMID-``, ``TI  -``, ``AB  -``), lines folded at 80 columns;
- ``record``: a record stored directly, as the main set's records are.

A report's document id is read back from the store by its text, so the bench never guesses how a reader
names a file.
"""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path

FRESH = Path(__file__).resolve().parent / "report_vignettes_fresh.json"
# Round 7's fresh set (``--set fresh7``): same formats, written before any code of round 7 changed.
FRESH_SETS = {"fresh": FRESH, "fresh7": FRESH.with_name("report_vignettes_fresh7.json"),
              # Round 8's (``--set fresh8``): reports written for the bench (source ``written``), held in the file.
              "fresh8": FRESH.with_name("report_vignettes_fresh8.json"),
              # Round 9's (``--set fresh9``): written reports like round 8's, on other conditions and treatments.
              "fresh9": FRESH.with_name("report_vignettes_fresh9.json"),
              # Round 10's (``--set fresh10``): written reports again, on conditions and treatments no earlier set uses.
              "fresh10": FRESH.with_name("report_vignettes_fresh10.json"),
              # Round 11's (``--set fresh11``): written reports, new conditions and treatments, asked 'what is it and how is it managed?'.
              "fresh11": FRESH.with_name("report_vignettes_fresh11.json"),
              # Round 12's (``--set fresh12``): written reports stating work-up, a pitfall and follow-up besides the treatment.
              "fresh12": FRESH.with_name("report_vignettes_fresh12.json"),
              # Round 13's (``--set fresh13``): written reports whose treatment is told before later steps (for a complication, withheld, failed).
              "fresh13": FRESH.with_name("report_vignettes_fresh13.json"),
              # Round 15's (``--set fresh15``): written reports that advise against a step beside the one they recommend.
              "fresh15": FRESH.with_name("report_vignettes_fresh15.json")}


def vignettes(which: str = "fresh") -> list[dict]:
    """A fresh set's vignettes, keyed like the main set's (``pmid`` holds the report's own id)."""
    rows = json.load(open(FRESH_SETS[which]))["vignettes"]
    return [dict(row, pmid=row["id"]) for row in rows]


def _scifact_documents(data: Path, wanted: set[str]) -> list:
    from clinicite.ingest.document import Document, Section
    documents = []
    for line in open(data / "scifact" / "corpus.jsonl"):
        row = json.loads(line)
        if row["_id"] in wanted:
            documents.append(Document(id=f"scifact:{row['_id']}", source="text", title=row["title"],
                                      sections=[Section(" ".join(row["text"].split()), label="ABSTRACT")]).assemble())
    return documents


def _written_documents(rows: list[dict]) -> list:
    """Reports written for the bench: title and sections held in the vignette itself."""
    from clinicite.ingest.document import Document, Section
    return [Document(id=f"written:{row['id']}", source="text", title=row["title"], pmid=row.get("pmid"),
                     sections=[Section(part["text"], label=part["label"]) for part in row["sections"]]).assemble()
            for row in rows if row["source"] == "written"]


def _latin1(text: str) -> str:
    """fpdf2's core fonts hold Latin-1 only; a dash or quote outside it becomes its plain form."""
    plain = text.replace("\u2013", "-").replace("\u2014", "-").replace("\u2019", "'").replace("\u201c", '"')
    return plain.replace("\u201d", '"').encode("latin-1", "replace").decode("latin-1")


def _pdf(document) -> bytes:
    from fpdf import FPDF
    pdf = FPDF()
    pdf.set_title(_latin1(document.title or "Case report"))
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 8, _latin1(document.title or "Case report"))
    pdf.set_font("Helvetica", size=11)
    for section in document.sections:
        pdf.ln(4)
        pdf.multi_cell(0, 6, _latin1(section.text))
    return bytes(pdf.output())


def _jats_anonymous(document) -> bytes:
    from lxml import etree
    article = etree.Element("article", {"article-type": "case-report"})
    meta = etree.SubElement(etree.SubElement(article, "front"), "article-meta")
    etree.SubElement(etree.SubElement(meta, "title-group"), "article-title").text = document.title or "Case report"
    body = etree.SubElement(article, "body")
    for section in document.sections:
        sec = etree.SubElement(body, "sec")
        label = section.label if section.label and section.label != "ABSTRACT" else "Case"
        etree.SubElement(sec, "title").text = label
        etree.SubElement(sec, "p").text = section.text
    return etree.tostring(article, xml_declaration=True, encoding="utf-8")


def _medline_xml(document) -> bytes:
    from lxml import etree
    root = etree.Element("PubmedArticleSet")
    citation = etree.SubElement(etree.SubElement(root, "PubmedArticle"), "MedlineCitation",
                                {"Status": "MEDLINE", "Owner": "NLM"})
    etree.SubElement(citation, "PMID", {"Version": "1"}).text = document.pmid
    article = etree.SubElement(citation, "Article", {"PubModel": "Print"})
    etree.SubElement(article, "ArticleTitle").text = document.title or ""
    abstract = etree.SubElement(article, "Abstract")
    for section in document.sections:
        etree.SubElement(abstract, "AbstractText").text = section.text
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


def _medline_text(document) -> bytes:
    def field(tag: str, value: str) -> str:
        lines = textwrap.wrap(value, 74) or [""]
        return "\n".join([f"{tag:<4}- {lines[0]}", *(" " * 6 + line for line in lines[1:])])
    fields = [field("PMID", document.pmid)]
    if document.title:
        fields.append(field("TI", document.title))
    fields.append(field("AB", " ".join(s.text for s in document.sections)))
    return ("\n".join(fields) + "\n").encode()


def _plain_text(document) -> bytes:
    parts = ([document.title] if document.title else []) + [s.text for s in document.sections]
    return ("\n\n".join(parts) + "\n").encode()


WRITERS = {"jats": (_jats_anonymous, "nxml"), "pdf": (_pdf, "pdf"), "text": (_plain_text, "txt"),
           "medline": (_medline_xml, "xml"), "medline-text": (_medline_text, "medline.txt")}


def _stored_id(home: Path, probes: list[str]) -> str:
    """The id of the one stored document whose passages hold the most of ``probes`` (three-word phrases of
    the report's own text; a PDF's line breaks may split a few of them)."""
    import sqlite3
    from collections import Counter
    found: Counter[str] = Counter()
    with sqlite3.connect(home / "clinicite.sqlite3") as connection:
        for probe in probes:
            found.update({row[0] for row in connection.execute(
                "SELECT document_id FROM passages WHERE text LIKE ?", (f"%{probe}%",))})
    ranked = found.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[1][1] == ranked[0][1]):
        raise SystemExit(f"fresh report not found once in the store ({probes[:2]!r}: {ranked})")
    return ranked[0][0]


def build_fresh(home: Path, data: Path, bioasq_documents, which: str = "fresh") -> None:
    """Add a fresh set's reports to a home already built for the main set; ``report-ids.json`` gains their ids."""
    from clinicite.app import Clinicite
    from clinicite.settings import load_settings
    from clinicite.store.documents import save_documents
    if (home / f"{which}-built").is_file():
        return
    rows = vignettes(which)
    documents = (_scifact_documents(data, {v["id"] for v in rows if v["source"] == "scifact"})
                 + bioasq_documents({v["id"] for v in rows if v["source"] == "bioasq"}))
    by_id = {(d.pmid or d.id.split(":", 1)[1]): d for d in documents}
    by_id.update({row["id"]: d for row, d in zip([r for r in rows if r["source"] == "written"], _written_documents(rows))})
    missing = {v["id"] for v in rows} - set(by_id)
    if missing:
        raise SystemExit(f"fresh reports absent from ../shared/data: {sorted(missing)}")
    app = Clinicite(load_settings(home=home, embedding_model="none"))
    folder = home / f"{which}-files"
    folder.mkdir(exist_ok=True)
    records, files = [], []
    for row in rows:
        document = by_id[row["id"]]
        if row["format"] == "record":
            records.append(document)
            continue
        write, suffix = WRITERS[row["format"]]
        path = folder / f"{row['id']}.{suffix}"
        path.write_bytes(write(document))
        files.append(path)
    with app.database.session() as session:
        save_documents(session, records)
    app.ingest(files)
    app.sync_index(embed=False)
    ids = json.loads((home / "report-ids.json").read_text()) if (home / "report-ids.json").is_file() else {}
    for row in rows:
        words = by_id[row["id"]].sections[0].text.split()
        ids[row["id"]] = _stored_id(home, [" ".join(words[i:i + 3]) for i in range(6, len(words) - 3, 5)])
    (home / "report-ids.json").write_text(json.dumps(ids))
    (home / f"{which}-built").write_text(f"{len(rows)} {which} reports\n")
    print(f"fresh reports added: {home}", file=sys.stderr)
