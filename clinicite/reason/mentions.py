"""Disease mentions in passage text: vocabulary and knowledge-base names, strict patterns, defined abbreviations.

Recognisers, in order of trust:

1. names of the disease vocabulary (:mod:`clinicite.reason.vocabulary`: ICD-10-CM,
   Disease Ontology, supplement) and of the knowledge base, linked so that one
   disease is one concept; longest match, with case, plural, hyphen and
   British/American spelling folded (:class:`~clinicite.reason.lexicon_match.NameMatcher`);
2. abbreviations defined in the text, "intramedullary osteosclerosis (IMOS)",
   found with the Schwartz & Hearst algorithm (PSB 2003): the long form is the
   shortest run of words before the parenthesis whose letters spell the short
   form in order, starting at a word's first letter. A long form that reads as a
   disease (a disease-like head word) counts, and so does each later use of its
   short form;
3. strict patterns for names no list holds: an eponym before a disease head
   ("Ribbing disease", "Caffey syndrome"), or one word naming a tumour or an
   inflammation ("chondroblastoma", "tenosynovitis").

A finding is never a diagnosis: a name that is an HPO phenotype label or exact
synonym ("diaphyseal sclerosis", "scoliosis") is dropped unless it is the name of
an infection, a neoplasm, a poisoning or a deficiency ("osteomyelitis",
"rickets"). Words that name a whole category ("malignancy", "infection",
"cancer") are not diseases either: :func:`category_mentions` finds them for the
discourse reader, which applies what a source says about "malignancy" to every
malignant candidate.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Mapping
from dataclasses import dataclass

from clinicite.reason.lexicon_match import NameMatcher
from clinicite.reason.vocabulary import (CATEGORY_WORDS, NEOPLASMS, Vocabulary, link_knowledge_base, load_vocabulary,
                                         name_key)
from clinicite.reason.vocabulary.candidacy import admitted_as_candidate
from clinicite.reason.vocabulary.concepts import INFECTION, NUTRITIONAL, TOXIC

_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*[A-Za-z]|[A-Za-z]")
_TOKEN = re.compile(r"\w[\w'\-]*")
_DISEASE_SUFFIX = re.compile(r"(?:itis|omas?|osis|pathy)$", re.IGNORECASE)
# A word no list holds counts alone only with a suffix that names a tumour or an inflammation; "-osis" and
# "-pathy" words ("sclerosis", "necrosis", "lymphadenopathy") are mostly processes and findings.
_STANDALONE_SUFFIX = re.compile(r"(?:itis|omas?)$", re.IGNORECASE)
_HEAD_NOUNS = {"fracture", "fractures", "syndrome", "disease", "dysplasia", "tumor", "tumour", "cancer"}
_EPONYM_HEADS = {"disease", "syndrome", "sarcoma", "tumor", "tumour", "anomaly", "dysplasia", "palsy", "hernia",
                 "triad", "diverticulum", "ulcer", "encephalopathy", "anaemia", "anemia", "fever", "lymphoma", "cyst",
                 "malformation"}
_ADJECTIVE_ENDINGS = ("ic", "al", "ous", "ive", "ary", "ed", "ar", "ant", "ent", "ile", "ory", "ian")
_NOT_DISEASES = {"diagnosis", "prognosis", "diagnoses", "empathy", "sympathy", "telepathy", "diploma", "aroma",
                 "stoma", "soma", "coma", "hypothesis", "osmosis", "stenosis"}
# Qualifiers, determiners and study words: "the disease", "population cancer" name no disease.
_GENERIC = {"a", "an", "the", "of", "and", "or", "with", "without", "in", "on", "to", "for", "by", "as", "at", "is",
            "was", "were", "be", "this", "that", "these", "those", "its", "their", "his", "her", "no", "not",
            "acute", "chronic", "subacute", "severe", "mild", "recurrent", "bilateral", "unilateral", "left", "right",
            "primary", "secondary", "multiple", "rare", "typical", "atypical", "early", "late", "possible",
            "probable", "suspected", "known", "new", "other", "such", "common", "like", "from", "had", "has",
            "have", "which", "who", "may", "can", "also", "both", "each", "more", "less", "most", "patients",
            "patient", "case", "cases", "diagnosed", "including", "include", "includes", "first", "second", "third",
            "population", "incident", "prevalent", "monophasic", "biphasic", "overall", "total", "any", "all",
            "various", "different", "several", "underlying", "associated", "related", "existing", "previous",
            "prior", "current", "history", "risk", "human", "general", "major", "minor", "active", "advanced",
            "initial", "final", "higher", "lower", "increased", "reduced", "novel", "similar", "same", "specific",
            "clinical", "cohort", "study", "studies", "control", "controls", "baseline", "annual", "national",
            "worldwide", "global", "fatal", "nonfatal", "onset", "index", "isolated", "progressive", "stable",
            "mean", "median", "high", "low", "non", "our", "we", "one", "two", "three", "many", "some", "every",
            "per", "very", "suspecting", "investigating", "excluding", "treating", "managing", "having", "during", "after",
            "before", "whose", "whether", "bone", "skin", "liver", "lung", "heart", "kidney", "brain", "this"}
_OBSOLETE = re.compile(r"^obsolete\s+", re.I)
_ABBREVIATION = re.compile(r"\(\s*([A-Z][A-Za-z0-9\-]{1,9})\s*\)")
MAX_LEXICON_WORDS = 8
# Categories whose names stay diseases even when HPO also lists them as phenotypes ("Osteomyelitis"), and
# head words that name a disease whatever HPO says ("pancreatitis", "astrocytoma", "Hip fracture").
_DISEASES_DESPITE_PHENOTYPE = {INFECTION, TOXIC, NUTRITIONAL, *NEOPLASMS}
_DISEASE_HEAD = re.compile(r"(?:itis|omas?|cancer|carcinoma|sarcoma|leukemia|disease|syndrome|fracture)$")
# Single words too general to be a diagnosis however a list files them.
_TOO_GENERAL = {"fracture", "tumor", "cyst", "lesion", "disorder", "syndrome", "disease", "infection", "injury",
                "neoplasm", "mass", "illness", "condition", "abnormality", "deformity", "anomaly"}
_GENERAL_CLASS = re.compile(r"^(?:autosomal|x linked|genetic|hereditary|inherited|rare|congenital|chronic|acute|"
                            r"systemic|metabolic|neurological|infectious)(?: \w+)? (?:disease|disorder|syndrome)$")
# Modifiers that make a site-specific fracture or cancer of a head word no list holds under that name.
_FRACTURE_SITES = {"hip", "femoral", "tibial", "fibular", "nasal", "vertebral", "wrist", "rib", "skull",
                   "maxillofacial", "mandibular", "pelvic", "ankle", "scaphoid", "radial", "humeral", "clavicle",
                   "stress", "fatigue", "insufficiency", "pathological", "pathologic", "compression", "fragility",
                   "osteoporotic", "toddler", "orbital", "facial", "spinal", "metatarsal", "calcaneal"}
# A hernia's complication names a disease of its own ("an incarcerated hernia"), as a site names a fracture.
_HERNIA_STATES = {"incarcerated", "strangulated", "obstructed", "irreducible"}
# "Kawasaki-like syndrome", "a toxic shock-like illness": a source likening the picture to a disease names that
# disease as the one it resembles (an alternative, never the diagnosis made).
_LIKENED = re.compile(r"\b((?:[A-Za-z][\w']*[ ]){0,2}[A-Za-z][\w']*)-like\s+(?:syndromes?|diseases?|illness(?:es)?|"
                      r"pictures?|presentations?|features?|symptoms?|lesions?|rash|reactions?|picture)\b", re.I)
# Hyphenated names no list holds, before "syndrome" ("one-and-a-half syndrome", "locked-in syndrome"), but not a
# qualifier ("X-linked", "drug-induced", "so-called").
_QUALIFIER_ENDINGS = ("-like", "-linked", "-related", "-associated", "-induced", "-type", "-dependent", "-negative",
                      "-positive", "-onset", "-resistant", "-responsive", "-called", "-specific", "-mediated",
                      "-known", "-described", "-defined", "-standing", "-mentioned")
_QUALIFIER_PREFIXES = ("well-", "so-", "long-", "newly-", "above-", "little-", "best-", "much-", "ill-", "poorly-")
_CANCER_SITES = {"rectal", "colon", "colorectal", "breast", "lung", "prostate", "gastric", "pancreatic", "ovarian",
                 "cervical", "bladder", "renal", "thyroid", "skin", "liver", "esophageal", "oesophageal",
                 "endometrial", "oral", "laryngeal", "testicular", "hepatocellular", "anal", "penile", "vulvar",
                 "bone", "kidney", "stomach", "uterine", "nasopharyngeal", "biliary", "gallbladder"}


@dataclass(frozen=True)
class Mention:
    key: str                     # matching key of the disease's preferred name: groups mentions of one disease
    surface: str                 # as written
    start: int                   # offsets within the passage text
    end: int
    disease_id: str | None       # knowledge-base id (primary of its equivalence group) when the disease is there
    kind: str                    # "lexicon", "vocabulary", "pattern", "abbreviation" or "likened" ("X-like")
    concept_id: str | None = None
    category: str | None = None
    phenotype: bool = False      # the name is also an HPO phenotype's ("meningitis"): a diagnosis only when a source
                                 # weighs it as one (literature.py)


@dataclass(frozen=True)
class LexiconEntry:
    key: str                     # the concept's preferred-name key
    name: str
    disease_id: str | None
    concept_id: str | None
    category: str | None
    phenotype: bool = False


class DiseaseLexicon(Mapping):
    """Matching key of every admitted disease name -> :class:`LexiconEntry`; as a mapping, key -> disease id."""

    def __init__(self, entries: dict[str, LexiconEntry], findings: frozenset[str] = frozenset(),
                 codes: dict[str, list[str]] | None = None) -> None:
        self.entries = entries
        self.codes = codes or {}             # concept id -> every code of the concept (ICD10CM, DOID, OMIM, ORPHA)
        self.findings = findings             # HPO labels and exact synonyms, as matching keys
        self._matcher: NameMatcher | None = None

    @classmethod
    def from_mapping(cls, names: Mapping[str, str | None]) -> "DiseaseLexicon":
        entries = {}
        for name, disease_id in names.items():
            key = name_key(name)
            entries[key] = LexiconEntry(key, name, disease_id, disease_id, None)
        return cls(entries)

    def __getitem__(self, key: str) -> str | None:
        # Keys are already matching keys; folding one again is not always a no-op ("oe" -> "e" twice).
        entry = self.entries.get(key) or self.entries[name_key(key)]
        return entry.disease_id

    def __contains__(self, key) -> bool:
        return isinstance(key, str) and (key in self.entries or name_key(key) in self.entries)

    def items(self):
        return ((key, entry.disease_id) for key, entry in self.entries.items())

    def __iter__(self):
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def entry(self, name: str) -> LexiconEntry | None:
        return self.entries.get(name_key(name))

    def is_finding(self, name: str) -> bool:
        return name_key(name) in self.findings

    @property
    def matcher(self) -> NameMatcher:
        if self._matcher is None:
            self._matcher = NameMatcher(self.entries)
        return self._matcher


def normalise(text: str) -> str:
    return " ".join(t.lower() for t in _TOKEN.findall(text))


def phenotype_keys(ontology) -> frozenset[str]:
    """Matching keys of every HPO label and exact synonym: the words of findings."""
    if ontology is None:
        return frozenset()
    keys = set()
    for term in getattr(ontology, "terms", {}).values():
        keys.add(name_key(term.name))
        keys.update(name_key(s.text) for s in term.synonyms if s.scope == "EXACT")
    return frozenset(keys)


_LEXICONS: "weakref.WeakKeyDictionary[object, dict[int, DiseaseLexicon]]" = weakref.WeakKeyDictionary()


def disease_lexicon(kb, vocabulary: Vocabulary | None = None) -> DiseaseLexicon:
    """Disease names of ``vocabulary`` (default: :func:`load_vocabulary`) and ``kb``, one entry per admitted key.

    Built once per knowledge base and vocabulary.
    """
    vocabulary = load_vocabulary() if vocabulary is None else vocabulary
    per_kb = _LEXICONS.setdefault(kb, {})
    if id(vocabulary) in per_kb:
        return per_kb[id(vocabulary)]
    linked = link_knowledge_base(vocabulary, kb)
    findings = phenotype_keys(getattr(kb, "ontology", None))
    entries: dict[str, LexiconEntry] = {}
    # Names as listed first, then the variants ("vitamin e deficient"), so a variant never displaces a listed name.
    listed = list(linked.by_key.items())
    for key, concept_id in [*listed, *((v, c) for k, c in listed for v in name_variants(k)[1:])]:
        concept = linked.concepts[concept_id]
        if key in entries or not key or key in CATEGORY_WORDS or len(key) <= 3 or len(key.split()) > MAX_LEXICON_WORDS:
            continue
        if len(key.split()) == 1 and len(key) <= 4:
            continue                     # "flu", "gout" aside, four-letter words are too often something else
        if key in _TOO_GENERAL or _GENERAL_CLASS.match(key):
            continue
        if not admitted_as_candidate(key, concept):     # diff-calib: one-word names ("Immersion"), candidacy.py
            continue
        # A phenotype's name ("aortic dissection", "meningitis") is kept, marked: it is a finding unless a source
        # names it as a diagnosis or an alternative (clinicite.reason.literature).
        phenotype = key in findings and concept.category not in _DISEASES_DESPITE_PHENOTYPE \
            and not _DISEASE_HEAD.search(key)
        kb_id = next((c for c in concept.codes if c in kb.diseases), None)
        disease_id = kb.equivalent_ids(kb_id)[0] if kb_id else None
        name = _OBSOLETE.sub("", concept.name)
        entries[key] = LexiconEntry(name_key(name), name, disease_id, concept.id, concept.category, phenotype)
    codes = {e.concept_id: linked.concepts[e.concept_id].codes for e in entries.values() if e.concept_id}
    lexicon = per_kb[id(vocabulary)] = DiseaseLexicon(entries, findings, codes)
    return lexicon


def name_variants(key: str) -> list[str]:
    """A vocabulary name as texts also write it: "deficiency of vitamin e" is "vitamin e deficiency", "vitamin e
    deficient" and "deficient in vitamin e"; Disease Ontology's "obsolete vitamin e deficiency" is a name still used."""
    variants = [key]
    stripped = key.removeprefix("obsolete ")
    inverted = re.fullmatch(r"deficiency of (\w+(?: \w+){0,2})", stripped)
    base = f"{inverted.group(1)} deficiency" if inverted else stripped
    variants += [stripped, base]
    if base.endswith(" deficiency") and len(base.split()) <= 4:
        what = base.removesuffix(" deficiency")
        variants += [f"{what} deficient", f"deficient in {what}"]
    return list(dict.fromkeys(variants))


def _lexicon_mentions(text: str, lexicon: DiseaseLexicon) -> list[Mention]:
    found = []
    for key, start, end in lexicon.matcher.find(text):
        entry = lexicon.entries[key]
        kind = "lexicon" if entry.disease_id else "vocabulary"
        found.append(Mention(entry.key, text[start:end], start, end, entry.disease_id, kind, entry.concept_id,
                             entry.category, entry.phenotype))
    return found


def _is_eponym(word: str) -> bool:
    lowered = word.lower().removesuffix("'s")
    return (word[0].isupper() and not word.isupper() and len(lowered) >= 4 and lowered not in _GENERIC
            and not lowered.endswith(_ADJECTIVE_ENDINGS) and not _DISEASE_SUFFIX.search(lowered))


def _hyphenated_name_start(text: str, words: list, index: int) -> int | None:
    """Index of the first word of a hyphenated name before ``words[index]`` ("syndrome"): up to three words, no
    punctuation but quotes between them, none generic, starting at the leftmost hyphenated word that is not a
    qualifier ("hand-arm vibration syndrome", "one-and-a-half syndrome"; not "X-linked syndrome")."""
    run: list[int] = []
    position = index
    while position > 0 and len(run) < 3:
        before = words[position - 1]
        name = before.group().lower()
        if text[before.end():words[position].start()].strip(' "\u201c\u201d') or name in _GENERIC \
                or name.endswith(_QUALIFIER_ENDINGS) or name.startswith(_QUALIFIER_PREFIXES):
            break
        run.insert(0, position - 1)
        position -= 1
    hyphenated = [i for i in run if "-" in words[i].group().strip("-")]
    return hyphenated[0] if hyphenated else None


def _pattern_mentions(text: str, lexicon: DiseaseLexicon) -> list[Mention]:
    """Strict rules only: an eponym and a disease head ("Ribbing disease"), or one disease-suffix word."""
    words = list(_WORD.finditer(text))
    found = []
    for index, word in enumerate(words):
        lowered = word.group().lower()
        if lowered.rstrip("s") in ("fracture", "cancer", "carcinoma") and index > 0:
            before = words[index - 1]
            sites = _FRACTURE_SITES if lowered.startswith("fracture") else _CANCER_SITES
            if text[before.end():word.start()].strip() == "" and before.group().lower() in sites:
                surface = text[before.start():word.end()]
                found.append(Mention(name_key(surface), surface, before.start(), word.end(), None, "pattern"))
            continue
        if lowered.rstrip("s") == "hernia" and index > 0:
            before = words[index - 1]
            if text[before.end():word.start()].strip() == "" and before.group().lower() in _HERNIA_STATES:
                surface = text[before.start():word.end()]
                found.append(Mention(name_key(surface), surface, before.start(), word.end(), None, "pattern"))
                continue
        if lowered == "syndrome" and index > 0:
            first = _hyphenated_name_start(text, words, index)
            if first is not None and not lexicon.is_finding(text[words[first].start():word.end()]):
                surface = text[words[first].start():word.end()]
                found.append(Mention(name_key(surface), surface, words[first].start(), word.end(), None, "pattern"))
                continue
        if lowered in _EPONYM_HEADS and index > 0:
            before = words[index - 1]
            if text[before.end():word.start()].strip() == "" and _is_eponym(before.group()):
                surface = text[before.start():word.end()]
                if not lexicon.is_finding(surface):
                    found.append(Mention(name_key(surface), surface, before.start(), word.end(), None, "pattern"))
            continue
        if (len(lowered) >= 8 and _STANDALONE_SUFFIX.search(lowered) and lowered not in _NOT_DISEASES
                and not lexicon.is_finding(lowered) and name_key(lowered) not in CATEGORY_WORDS):
            found.append(Mention(name_key(lowered), word.group(), word.start(), word.end(), None, "pattern"))
    return found


def _reads_as_disease(long_form_text: str, lexicon: DiseaseLexicon) -> bool:
    """A defined long form whose head word is disease-like and which is not a finding's name."""
    words = long_form_text.split()
    last = words[-1].lower() if words else ""
    # The head word may itself name a disease: "acute fibrinous and organizing pneumonia (AFOP)".
    # (a phenotype's name too: "organizing pneumonia" is an HPO term, "acute fibrinous and organizing pneumonia" a
    # disease with a name of its own)
    head_is_disease = any(name_key(" ".join(words[-n:])) in lexicon.entries for n in (1, 2) if len(words) > n)
    disease_like = (bool(_DISEASE_SUFFIX.search(last)) or last in _HEAD_NOUNS or last in _EPONYM_HEADS
                    or head_is_disease)
    # A long form that is also a finding's name ("acute necrotizing encephalopathy (ANE)") is kept by the caller,
    # marked as a phenotype's name: a diagnosis only where a source states or weighs it as one.
    return disease_like and last not in _NOT_DISEASES


def _more_specific(definition: str, start: int, named: Mention) -> bool:
    """A known disease name that is only the head of a longer defined name, with qualifiers that are not generic."""
    if named.start <= start or named.end != start + len(definition):
        return False
    qualifiers = [w.lower() for w in _WORD.findall(definition[:named.start - start])]
    return any(w not in _GENERIC for w in qualifiers)


def long_form(words_before: str, short: str) -> str | None:
    """Schwartz & Hearst: the shortest tail of ``words_before`` whose letters spell ``short`` in order."""
    letters = [c.lower() for c in short if c.isalnum()]
    text = words_before.rstrip()
    s, position = len(letters) - 1, len(text) - 1
    while s >= 0:
        c = letters[s]
        # The first letter of the short form must start a word of the long form.
        while position >= 0 and (text[position].lower() != c or
                                 (s == 0 and position > 0 and text[position - 1].isalnum())):
            position -= 1
        if position < 0:
            return None
        position -= 1
        s -= 1
    candidate = text[position + 1:].strip()
    if len(candidate.split()) > min(len(letters) + 5, 2 * len(letters)) or len(candidate) <= len(short):
        return None
    return candidate


def abbreviation_definitions(text: str) -> list[tuple[str, str]]:
    """``(short form, long form)`` for each "long form (SF)" in the text."""
    found = []
    for match in _ABBREVIATION.finditer(text):
        window = text[max(0, match.start() - 120):match.start()]
        window = re.split(r"[.;:()\[\]]", window)[-1]
        definition = long_form(window, match.group(1))
        if definition:
            found.append((match.group(1), definition))
    return found


def category_mentions(text: str) -> list[tuple[str, frozenset[str], int, int]]:
    """``(word, categories, start, end)`` for each category word ("malignancy", "infection") in ``text``."""
    found = []
    for match in re.finditer(r"\b(?:malignan(?:cy|cies|t (?:disease|tumou?rs?|lesions?))|cancers?|neoplas(?:ia|ms?)|"
                             r"tumou?rs?|neoplastic process|infections?|infectious (?:process|disease)|sepsis|"
                             r"inflammation|inflammatory disease|trauma|injury)\b", text, re.I):
        key = name_key(match.group())
        categories = CATEGORY_WORDS.get(key) or CATEGORY_WORDS.get(key.rstrip("s"))
        if key == "malignancy" or key.startswith("malignanc"):
            categories = CATEGORY_WORDS["malignancy"]
        if categories:
            found.append((match.group(), categories, match.start(), match.end()))
    return found


def _disease_adjective(word: str, lexicon: DiseaseLexicon) -> bool:
    """"hemophilic", "diabetic", "allergic": an adjective made from a disease the lexicon names."""
    lowered = word.lower()
    for ending in ("ic", "ous"):
        if lowered.endswith(ending) and len(lowered) > len(ending) + 3:
            stem = lowered[:-len(ending)]
            if any(name_key(stem + tail) in lexicon.entries for tail in ("ia", "a", "es", "is", "osis", "y")):
                return True
    return False


def _qualified_by_disease(text: str, mentions: list[Mention], lexicon: DiseaseLexicon) -> list[Mention]:
    """A one-word name after an adjective made from another disease is a disease of its own: "hemophilic
    pseudotumor" is not pseudotumor cerebri, as "acute fibrinous and organizing pneumonia" is not pneumonia."""
    out = []
    for mention in mentions:
        before = re.search(r"([A-Za-z]+)\s+$", text[max(0, mention.start - 30):mention.start])
        if " " not in mention.surface.strip() and before and _disease_adjective(before.group(1), lexicon):
            start = mention.start - len(before.group(0))
            surface = text[start:mention.end]
            mention = Mention(name_key(surface), surface, start, mention.end, None, "pattern")
        out.append(mention)
    return out


def likened_mentions(text: str, lexicon: DiseaseLexicon) -> list[Mention]:
    """The diseases a text likens the picture to ("a Kawasaki-like syndrome" -> Kawasaki disease), kind
    "likened": the source names them as what the patient resembled, never as the diagnosis made."""
    found = []
    for match in _LIKENED.finditer(text):
        words = match.group(1).split()
        for n in range(len(words), 0, -1):
            base = " ".join(words[-n:])
            if name_key(base) in _GENERIC or base.lower() in _GENERIC:
                continue
            entry = next((lexicon.entries[k] for k in (name_key(f"{base} syndrome"), name_key(f"{base} disease"),
                                                       name_key(base)) if k in lexicon.entries), None)
            if entry is not None:
                start = match.start(1) + len(match.group(1)) - len(base)
                found.append(Mention(entry.key, text[start:match.end()], start, match.end(), entry.disease_id,
                                     "likened", entry.concept_id, entry.category, entry.phenotype))
                break
    return found


_NAME_WORD = re.compile(r"([A-Z][a-z][\w'-]*) $")


def _longer_name(text: str, mention: Mention) -> Mention:
    """An eponym inside a longer proper name is that name, not the eponym's disease: "Bow Hunter's syndrome"
    (rotational vertebral artery occlusion) is not Hunter syndrome. Read so only in running text (a capitalised
    word before the mention, not opening a sentence, and a lower-case word after it), not in a title-case title."""
    if not mention.surface[:1].isupper() or mention.kind == "likened":
        return mention
    before = _NAME_WORD.search(text[max(0, mention.start - 40):mention.start])
    after = re.match(r"\s*([A-Za-z]+)", text[mention.end:])
    if before is None or after is None or not after.group(1)[0].islower():
        return mention
    start = mention.start - len(before.group(0))
    opening = text[:start].rstrip()
    if not opening or opening[-1] in ".:;!?([\n" or before.group(1).lower() in _GENERIC:
        return mention
    surface = text[start:mention.end]
    return Mention(name_key(surface), surface, start, mention.end, None, "pattern")


def find_mentions(text: str, lexicon: Mapping[str, str] | DiseaseLexicon,
                  abbreviations: dict[str, Mention], phenotypes: bool = False) -> list[Mention]:
    """Disease mentions in one passage; ``abbreviations`` (short form -> mention) is updated and reused.

    ``lexicon`` is a :class:`DiseaseLexicon` (:func:`disease_lexicon`) or a plain name -> id mapping. With
    ``phenotypes``, names that are also HPO phenotypes' are returned too, marked ``phenotype``.
    """
    if not isinstance(lexicon, DiseaseLexicon):
        lexicon = DiseaseLexicon.from_mapping(lexicon)
    likened = likened_mentions(text, lexicon)
    mentions = [m for m in _lexicon_mentions(text, lexicon) if (phenotypes or not m.phenotype)
                and not any(s.start < m.end and m.start < s.end for s in likened)]
    mentions = [_longer_name(text, m) for m in _qualified_by_disease(text, mentions, lexicon)]
    mentions += [m for m in likened if phenotypes or not m.phenotype]
    taken = [(m.start, m.end) for m in [*mentions, *likened]]

    def free(start: int, end: int) -> bool:
        return not any(s < end and start < e for s, e in taken)

    for short, definition in abbreviation_definitions(text):
        start = text.find(definition)
        named = next((m for m in mentions if start <= m.start < start + len(definition)), None)
        if named is not None and _more_specific(definition, start, named):
            # "acute fibrinous and organizing pneumonia (AFOP)" is not "pneumonia": the defined name is the disease
            mentions.remove(named)
            taken.remove((named.start, named.end))
            named = None
        if named is None and not _reads_as_disease(definition, lexicon):
            continue                      # "magnetic resonance imaging (MRI)" names no disease
        if named is None:
            finding = lexicon.is_finding(definition)
            if finding and not phenotypes:
                continue
            named = Mention(name_key(definition), definition, start, start + len(definition), None, "pattern",
                            phenotype=finding)
            if start >= 0 and free(named.start, named.end):
                mentions.append(named)
                taken.append((named.start, named.end))
        abbreviations.setdefault(short, Mention(named.key, definition, 0, 0, named.disease_id, "abbreviation",
                                                named.concept_id, named.category, named.phenotype))
    for mention in _pattern_mentions(text, lexicon):
        if free(mention.start, mention.end):
            mentions.append(mention)
            taken.append((mention.start, mention.end))
    for short, mention in abbreviations.items():
        for match in re.finditer(rf"\b{re.escape(short)}\b", text):
            if free(match.start(), match.end()):
                mentions.append(Mention(mention.key, short, match.start(), match.end(), mention.disease_id,
                                        "abbreviation", mention.concept_id, mention.category, mention.phenotype))
                taken.append((match.start(), match.end()))
    return sorted(mentions, key=lambda m: m.start)
