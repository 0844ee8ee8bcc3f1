"""Disease concepts from the ICD-10-CM tabular list shipped by the ``simple-icd-10-cm`` package.

The package carries the CMS/NCHS tabular list (public domain, April 2026) as XML;
it is read here with lxml rather than through the package's API, whose import
parses the same file into Python objects and takes about nine seconds.

Categories (``M84``) and their first subcategories (``M84.3``) become
concepts, and so do deeper codes whose name is a disease of its own
("Posterior reversible encephalopathy syndrome" is I67.83, "Postherpetic
geniculate ganglionitis" B02.21): a deeper code whose name adds only side,
limb, site or encounter ("Stress fracture, femur", "... right femur, initial
encounter") is left out, as a differential does not need it (:func:`_variant`). Inclusion terms
become synonyms ("Scurvy" under E54 Ascorbic acid deficiency). Chapter XVIII
(symptoms, signs and abnormal findings, R00-R99) and the chapters of external
causes and encounters (V-Z, U) are left out: they hold findings and
circumstances, not diagnoses. The category comes from the code's range
(:data:`RANGES`), chosen by the chapter and block titles of the tabular list.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

from clinicite.reason.vocabulary.concepts import (BENIGN, CONGENITAL, DEGENERATIVE, ENDOCRINE, INFECTION,
                                                  INFLAMMATORY, MALIGNANT, METASTATIC, NEOPLASM_UNCERTAIN,
                                                  NUTRITIONAL, OTHER, TOXIC, TRAUMA, VASCULAR, Concept, token_key,
                                                  token_keys)

PACKAGE = "simple_icd_10_cm"
PREFIX = "ICD10CM:"

# (first code, last code, category), most specific first; a code takes the first range that holds it.
RANGES: tuple[tuple[str, str, str], ...] = (
    ("C77", "C79", METASTATIC), ("C00", "C96", MALIGNANT), ("D00", "D09", MALIGNANT), ("D10", "D36", BENIGN),
    ("D37", "D49", NEOPLASM_UNCERTAIN), ("D50", "D53", NUTRITIONAL),
    ("E67", "E67", TOXIC),                       # hypervitaminosis A and D ("other hyperalimentation")
    ("E00", "E36", ENDOCRINE), ("E40", "E89", NUTRITIONAL),
    ("A00", "B99", INFECTION), ("J00", "J22", INFECTION), ("L00", "L08", INFECTION), ("M00", "M02", INFECTION),
    ("M86", "M86", INFECTION), ("G00", "G07", INFECTION), ("N10", "N12", INFECTION), ("K35", "K38", INFECTION),
    ("M84", "M84", TRAUMA), ("S00", "T34", TRAUMA), ("T79", "T79", TRAUMA),
    ("T36", "T65", TOXIC),
    ("M87", "M87", VASCULAR), ("I00", "I99", VASCULAR),
    ("M80", "M85", NUTRITIONAL),                 # osteoporosis, osteomalacia, disorders of bone density
    ("M04", "M14", INFLAMMATORY), ("M30", "M36", INFLAMMATORY), ("M45", "M46", INFLAMMATORY),
    ("M60", "M60", INFLAMMATORY), ("K50", "K52", INFLAMMATORY), ("L40", "L45", INFLAMMATORY),
    ("M15", "M19", DEGENERATIVE), ("M47", "M48", DEGENERATIVE),
    ("Q00", "Q99", CONGENITAL),
)
EXCLUDED_CHAPTER_LETTERS = ("R", "U", "V", "W", "X", "Y", "Z")
MAX_WORDS = 8

_LEADING = re.compile(r"^(?:other specified|other and unspecified|other)\s+", re.I)
_NOS = re.compile(r",?\s+(?:NOS|NEC)\b.*$")
_TOXIC = re.compile(r"^(?:toxic effects? of|poisoning by)\s+(.+?)(?:\s+and its compounds)?$", re.I)
_MALIGNANT_OF = re.compile(r"^malignant neoplasm of\s+(.+)$", re.I)
_SECONDARY_OF = re.compile(r"^secondary malignant neoplasm of\s+(.+)$", re.I)
_GENERIC_CLASS = re.compile(r"^(?:disorders?|diseases?|conditions?|abnormalit(?:y|ies)|complications?)\b", re.I)
_BENIGN_OF = re.compile(r"^benign neoplasm of\s+(.+)$", re.I)
# Words by which a code below the first subcategory names a side, limb, digit or encounter of its parent.
_LOCAL = re.compile(r"\b(?:right|left|bilateral|encounter|sequela|extremit(?:y|ies)|upper arm|forearm|hand|"
                    r"(?:upper|lower) limb|thigh|lower leg|ankle|foot|finger|toe|shoulder|elbow|wrist|knee|hip|eye|ear|trimester|"
                    r"weeks? of gestation|intentional self-harm|assault|undetermined|accidental|with(?:out)? (?:coma|complications?|hyperosmolarity))\b", re.I)


# Residual classes: "Other ...", "... not elsewhere classified" / "NEC", "..., other".
_RESIDUAL = re.compile(r"^other\b|\bnot elsewhere classified\b|\bNEC\b|,\s*other\b", re.I)
# Where a title's head noun phrase ends: "Congenital malformation syndromes | predominantly involving limbs".
_HEAD_END = re.compile(r",|\s(?:of|in|with|without|due|predominantly|involving|affecting|associated|following|"
                       r"not|and|or|classified)\s", re.I)
# Words that do not tell one disease from another when a member is compared with its class's title.
_GENERIC_WORDS = frozenset({"other", "specified", "unspecified", "and", "or", "of", "the", "in", "with", "without",
                            "due", "to", "syndrome", "disease", "disorder", "condition", "congenital", "hereditary",
                            "acquired", "primary", "secondary", "acute", "chronic", "type", "form", "abnormality",
                            "anomaly", "malformation", "deficiency", "a", "an", "by", "nec", "nos"})
# An inclusion term that itself files several diseases together ("Mucopolysaccharidosis, types VI, VII").
_SEVERAL = re.compile(r"\btypes\b", re.I)
# ICD-10-CM's nonessential modifiers, in parentheses or brackets: "Maroteaux-Lamy (mild) (severe) syndrome".
_NONESSENTIAL = re.compile(r"\s*[(\[][^()\[\]]*[)\]]")


def category_of(code: str) -> str:
    """The clinician's category of an ICD-10-CM code, by :data:`RANGES` (``OTHER`` when none holds it)."""
    head = code.replace(".", "")[:3].upper()
    for first, last, category in RANGES:
        if first <= head <= last:
            return category
    return OTHER


def tabular_file() -> Path:
    """The tabular-list XML inside the installed package."""
    folder = resources.files(f"{PACKAGE}.data")
    names = sorted(p.name for p in folder.iterdir() if p.name.startswith("icd10") and p.name.endswith(".xml"))
    if not names:
        raise FileNotFoundError(f"{PACKAGE} holds no tabular list XML")
    return Path(str(folder / names[-1]))


def clean_name(name: str) -> str | None:
    """A name as a clinician writes it, or None for residual classes ("Unspecified ...", "... NEC")."""
    name = _NOS.sub("", name.strip())
    if re.search(r"\bunspecified\b|\bclassified elsewhere\b|\bcomplicating\b|\bpersonal history\b", name, re.I):
        return None
    name = _LEADING.sub("", name)
    if not name or len(name.split()) > MAX_WORDS or _GENERIC_CLASS.match(name):
        return None
    return name[0].upper() + name[1:]


def derived_names(name: str) -> list[str]:
    """Everyday forms of ICD phrasings: "Toxic effects of lead" -> "lead poisoning"."""
    found = []
    if (plain := _NONESSENTIAL.sub("", name).strip()) != name and plain:
        found.append(plain)                      # "Fabry (-Anderson) disease" -> "Fabry disease"
    if match := _TOXIC.match(name):
        agent = match.group(1)
        found += [f"{agent} poisoning", f"{agent} toxicity"]
    if match := _SECONDARY_OF.match(name):
        site = match.group(1).split(" and ")[0]
        found += [f"{site} metastasis", f"metastasis to {site}", f"metastatic {site} disease"]
    elif match := _MALIGNANT_OF.match(name):
        site = match.group(1)
        found += [f"{site} cancer", f"cancer of {site}"]
    if match := _BENIGN_OF.match(name):
        found.append(f"benign {match.group(1)} tumor")
    if "," in name:
        head, _, rest = name.partition(",")
        rest = rest.strip()
        if len(rest.split()) <= 2 and not re.match(r"(?:except|with|without|in|of|due|not|and|or)\b", rest):
            found.append(f"{rest} {head.lower()}")    # "Rickets, active" -> "active rickets"
    return found


def read_icd10cm(path: str | Path | None = None) -> list[Concept]:
    """Concepts of the ICD-10-CM tabular list (categories, subcategories and deeper codes naming a disease)."""
    from lxml import etree

    tree = etree.parse(str(path or tabular_file()))
    concepts: list[Concept] = []
    for chapter in tree.getroot().iterfind("chapter"):
        system = (chapter.findtext("desc") or "").split("(")[0].strip() or None
        for section in chapter.iterfind("section"):
            for diag in section.iterfind("diag"):
                concepts += _concepts_of(diag, system, [])
    return concepts


def _variant(name: str, deep: bool, parents: list[str]) -> bool:
    """A deeper code's name that only places its parent ("Stress fracture, femur" under "Stress fracture")."""
    return deep and (bool(_LOCAL.search(name)) or any(name.lower().startswith(p.split(",")[0].lower() + ",") for p in parents))


def residual(desc: str) -> bool:
    """A residual class of the tabular list: "Other microdeletions", "... , not elsewhere classified", "..., other"."""
    return bool(_RESIDUAL.search(desc.strip()))


def lumping(desc: str) -> bool:
    """Whether a code's inclusion terms may be distinct diseases filed together rather than names of one.

    A residual class ("Other microdeletions": Miller-Dieker syndrome, Smith-Magenis syndrome) and a class
    named in the plural ("Congenital malformation syndromes predominantly involving limbs": Holt-Oram
    syndrome, Rubinstein-Taybi syndrome ...) list members; a singular title ("Sideropenic dysphagia":
    Plummer-Vinson syndrome) lists its own other names."""
    if re.search(r"\bunspecified\b", desc, re.I):
        return False                       # "Morquio mucopolysaccharidoses, unspecified": names of one form
    if residual(desc):
        return True
    head = _HEAD_END.split(_LEADING.sub("", desc.strip()), maxsplit=1)[0].split()
    return bool(head) and token_key(head[-1]) != head[-1].lower() and head[-1].lower().endswith("s")


def _distinctive(name: str) -> set[str]:
    return {key for key, _, _ in token_keys(name)} - _GENERIC_WORDS


def _concepts_of(diag, system: str | None, parents: list[str]) -> list[Concept]:
    code = diag.findtext("name") or ""
    if not code or code.startswith(EXCLUDED_CHAPTER_LETTERS):
        return []
    deep = len(code.replace(".", "")) > 4
    desc = diag.findtext("desc") or ""
    found = []
    # A residual code below the first subcategory ("Other microdeletions", Q93.88) names no disease of its own.
    title = None if deep and residual(desc) else clean_name(desc)
    # "Embolism NOS" under O03.2 would make every embolism an abortion complication: NOS terms are dropped.
    terms = [clean_name(n.text or "") for n in diag.iterfind("inclusionTerm/note") if "NOS" not in (n.text or "")]
    members: list[str] = []
    if lumping(desc):
        # The members of a class are separate entries, so that a knowledge-base record of Miller-Dieker syndrome
        # and one of Smith-Magenis syndrome are not made one disease by the residual code that lists both. A term
        # that shares a distinctive word with the title ("Cervical pregnancy" under "Other ectopic pregnancy")
        # stays a name of it; a term that lumps several itself ("Mucopolysaccharidosis, types VI, VII") is left out.
        kept = _distinctive(desc)
        members = [t for t in terms if t and not _SEVERAL.search(t) and not (kept & _distinctive(t))]
        terms = [t for t in terms if t and kept & _distinctive(t) and not _SEVERAL.search(t)]
    read = [title, *terms]
    names = [n for n in dict.fromkeys(read) if n and not _variant(n, deep, parents)]
    if names:
        # The name without ICD's nonessential modifiers ("Acute kidney injury (nontraumatic)" is "Acute kidney
        # injury"): the form texts write, and the one that shows it is a finding's name (HPO's) when it is one.
        first = _NONESSENTIAL.sub("", names[0]).strip() or names[0]
        synonyms = [s for n in names for s in [n, *derived_names(n)] if s != first]
        found.append(Concept(PREFIX + code, first, category_of(code), list(dict.fromkeys(synonyms)),
                             [PREFIX + code], system))
    for number, member in enumerate(dict.fromkeys(m for m in members if not _variant(m, deep, parents)), 1):
        plain = _NONESSENTIAL.sub("", member).strip()
        synonyms = [s for s in dict.fromkeys([member, *derived_names(plain)]) if s != plain]
        found.append(Concept(f"{PREFIX}{code}/{number}", plain, category_of(code), synonyms, [PREFIX + code], system))
    if not deep or names or members or lumping(desc):   # below a side or limb code lie only more of them
        for child in diag.iterfind("diag"):
            found += _concepts_of(child, system, names or parents)
    return found
