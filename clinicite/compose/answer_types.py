"""How well a candidate name fits the kind of thing a question asks for ("which genes", "which drugs").

The question's lexical answer type (:func:`clinicite.understand.question.answer_type`)
is mapped to a family (disease, gene or protein, drug, organism); a candidate
fits when it has the family's shape or vocabulary: a disease the disease
vocabulary knows (:mod:`clinicite.reason.vocabulary`: ICD-10-CM, Disease
Ontology, the supplement), a gene-symbol shape (HGNC style, capitals and
digits), a drug's INN stem (the WHO "stems" of international non-proprietary
names: -mab, -tinib, -pril ...), a Latin binomial for an organism, or, for any
type, the type's own head noun ("Rett syndrome" for "which syndrome", "mast
cells" for "which cell"). Type checking of candidates follows Murdock et al.,
2012 ("Typing candidate answers using type coercion", IBM J Res Dev).
"""

from __future__ import annotations

import re

from clinicite.compose.drug_classes import drug_name_endings

FAMILIES: dict[str, frozenset[str]] = {
    "disease": frozenset("""disease disorder syndrome condition cancer tumor tumour malignancy neoplasm carcinoma
        infection illness complication comorbidity pathology lesion diagnosis manifestation""".split()),
    "gene": frozenset("""gene protein enzyme receptor kinase factor molecule target marker biomarker antibody ligand
        mirna microrna lncrna hormone transporter channel subunit mutation variant cytokine chemokine
        phosphatase ligase protease peptide complex""".split()),
    "drug": frozenset("""drug medication medicine agent compound inhibitor antibiotic therapy treatment vaccine
        antagonist agonist ingredient tradename trade brand chemotherapy regimen""".split()),
    "organism": frozenset("organism bacterium virus pathogen species parasite fungus microbe microorganism".split()),
}
_SYMBOL = re.compile(r"^(?=.*[A-Z])[A-Z0-9][A-Za-z0-9]*(?:-[A-Za-z0-9]+)?$")
# The endings of drug names (INN stems, WHO 2018, and chemical endings) from the one table, data/inn_stems.json.
_DRUG_STEM = re.compile("(?:" + "|".join(drug_name_endings("weak")) + ")$")
# The INN stems proper (-mab, -tinib, -setron ...) without the short chemical endings ("-ol", "-in"): a word of
# seven letters or more ending in one is a drug's name ("cetuximab", "palonosetron"), not a protein ("leptin").
_INN_STEM = re.compile("(?:" + "|".join(drug_name_endings("inn")) + ")$")
# A research code of a compound before it has a name: "S63845", "BOS172722", "MK-1602", "TAS-102", "A-1210477".
_DEVELOPMENT_CODE = re.compile(r"^[A-Z]{1,5}-?\d{3,}[A-Za-z]?$")
# Words that grade or date a type word without naming a kind of it ("potent", "highly specific", "late"), unlike
# the adjectives that name a kind ("recombinant vaccine", "lysosomal marker").
_ADJECTIVAL = re.compile(r"^[a-z]{3,}ly$|^(?:potent|selective|specific|novel|new|known|main|major|minor|key|first|"
                         r"second|late|early|effective|promising|current|available|putative|candidate|possible)$")
_TRADE_NAMES = frozenset({"trade name", "tradename", "brand name", "brand", "proprietary name"})
_BINOMIAL = re.compile(r"^[A-Z][a-z]+ [a-z]{3,}$")
SECTION_LABELS = frozenset("""background backgrounds objective objectives aim aims purpose method methods results
    result conclusion conclusions introduction discussion summary context design setting findings""".split())
# A word that qualifies the type word without naming a kind of it: a number, an adverb, a participle.
_QUALIFIER = re.compile(r"^(?:[\d.,%]+|[a-z]+ly|[a-z]{3,}(?:ed|ing)|many|several|some|all|other|these|those)$")
FIT = 1.8          # a candidate of the asked kind
PARTIAL_FIT = 1.3  # a plausible shape without vocabulary confirmation
GENERIC = 0.3      # the type word itself ("gene", "proteins"): names nothing


def family(answer_type: str | None) -> str | None:
    """The family of a lexical answer type ("cancer" -> "disease", "transcription factor" -> "gene")."""
    if not answer_type:
        return None
    head = answer_type.split()[-1]
    return next((name for name, words in FAMILIES.items() if head in words), None)


def type_fit(candidate: str, answer_type: str | None, vocabulary=None, asked_words: frozenset[str] = frozenset()) -> float:
    """A multiplier for a candidate's support: above 1 when it is the kind of thing asked for. ``asked_words``
    are the question's own words (lower case), which qualify the asked kind without naming one of it."""
    if not answer_type:
        return 1.0
    words = candidate.lower().split()
    head = answer_type.split()[-1]
    if len(words) == 1 and (_plain(words[0]) == head or any(_plain(words[0]) in f for f in FAMILIES.values())) \
            or candidate.lower() in (answer_type, answer_type + "s"):
        return GENERIC        # "gene", "proteins", "antibody" on their own name no particular one
    kind = family(answer_type)
    if kind == "disease":
        if vocabulary is not None and vocabulary.lookup(candidate) is not None:
            return FIT
        return PARTIAL_FIT if _plain(words[-1]) in FAMILIES["disease"] and len(words) > 1 else 1.0
    if len(words) > 1 and _plain(words[-1]) == head:
        if all(_QUALIFIER.match(w) for w in words[:-1]):
            return GENERIC    # "8000 differentially expressed genes": a count and participles qualify, name nothing
        asked = set(answer_type.split()) | set(asked_words)
        if all(_ADJECTIVAL.match(w) or w in asked for w in words[:-1]) and \
                any(_ADJECTIVAL.match(w) for w in words[:-1]):
            return GENERIC    # "potent MCL-1 inhibitor" for "List Mcl-1 inhibitors": the asked kind, qualified
        return FIT            # "mast cells" for "which cell", "formative pluripotency" for "which pluripotency"
    if kind == "gene" and " " not in candidate and _SYMBOL.match(candidate) and len(candidate) >= 2:
        if re.search(r"\d|[A-Z]{3,}", candidate):
            return FIT
        # A capitalised word ("Malays", "Singapore", "Chinese") is a name, not a symbol; a short one may be
        # a protein's ("Wnt", "Tau", "Ras") and keeps the partial fit. Two capitals without a digit are far
        # more often an abbreviation of words ("SM", "MS", "RA") than a gene symbol.
        if len(candidate) == 2 and candidate.isupper():
            return 1.0
        if len(candidate) >= 5 and all(part[:1].isupper() and part[1:].islower() for part in candidate.split("-")):
            return 1.0        # "Malays", "Asian-Indians": capitalised words, joined or not
        return PARTIAL_FIT
    if answer_type in _TRADE_NAMES:
        return FIT if " " not in candidate and candidate[:1].isupper() and candidate[1:].islower() else 1.0
    if kind == "drug" and " " not in candidate and len(candidate) >= 7 and \
            all(len(part) >= 7 and _INN_STEM.search(part) for part in re.split(r"[-/]", _drug_case(candidate))):
        return FIT            # "cetuximab", "palonosetron", "Trifluridine/tipiracil" spelled with INN stems
    if kind == "drug" and _DEVELOPMENT_CODE.match(candidate):
        return PARTIAL_FIT
    if kind == "drug" and " " not in candidate and len(candidate) > 4 and \
            all(len(part) > 4 and _DRUG_STEM.search(part) for part in re.split(r"[-/]", _drug_case(candidate))):
        return PARTIAL_FIT    # "tixagevimab", and a combination written "Tixagevimab-Cilgavimab"
    if kind == "organism" and _BINOMIAL.match(candidate):
        return FIT
    return 1.0


def _drug_case(candidate: str) -> str:
    """A drug name as INN stems are written: lower case, unless it is a code or acronym (capitals inside)."""
    parts = re.split(r"[-/]", candidate)
    if candidate.islower() or all(p[:1].isupper() and p[1:].islower() for p in parts if p):
        return candidate.lower()
    return candidate


def abbreviates_plain_words(long_form: str, answer_type: str | None) -> bool:
    """True when an abbreviation's long form is a phrase of common words with no word of the asked family and
    no number ("SM" for "skeletal muscle" under "which gene"): the short form is no symbol of that kind,
    whatever its capitals. Common: a Zipf frequency of at least 3 in English (wordfreq; Speer 2022)."""
    kind = family(answer_type)
    words = re.findall(r"[A-Za-z0-9]+", long_form.lower())
    if not kind or not words or any(ch.isdigit() for ch in long_form):
        return False
    if any(_plain(w) in FAMILIES[kind] for w in words):
        return False
    try:
        from wordfreq import zipf_frequency
    except ImportError:      # pragma: no cover - wordfreq is a declared dependency
        return False
    return all(zipf_frequency(w, "en") >= 3.0 for w in words)


def _plain(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith(("ss", "us", "is")) else word
