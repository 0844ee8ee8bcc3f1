"""Word normalisation shared by the HPO dictionary and the text it is matched against.

The same function is applied to ontology labels and to case text, so it only has
to be *consistent*, not linguistically perfect: British and American spellings
("oedema"/"edema", "haemorrhage", "orthopaedic", "tumour") fold to one form,
plurals and verb forms fold to a stem ("thinning"/"thin", "movements"/"movement"),
and the adjective and noun forms of common clinical words meet
("sclerotic"/"sclerosis", "hypoplastic"/"hypoplasia", "microcephalic"/"microcephaly"),
as do a few organ adjectives and degree words ("renal"/"kidney", "reduced"/"decreased").
Accents fold too ("café-au-lait"). It is a light suffix stripper in the spirit of Porter (1980), tuned to the
vocabulary of HPO rather than to general English.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from clinicite.index.analysis import american

WORD = re.compile(r"[A-Za-z]+|\d+(?:\.\d+)?")

# Function words skipped when matching, so "thinning of the corpus callosum" meets "thin corpus callosum".
STOPWORDS = frozenset("""
a an the of in on at to with and or for by from into onto over is are was were be been being as its it
his her their this that these those which who whose both either has have had having also very some any
due""".split())

# Irregular and Latin plurals that suffix rules cannot reach.
IRREGULAR = {
    "teeth": "tooth", "feet": "foot", "children": "child", "women": "woman", "men": "man",
    "phalanges": "phalanx", "foci": "focus", "nuclei": "nucleus", "metastases": "metastasis",
    "diverticula": "diverticulum", "bronchi": "bronchus", "ova": "ovum", "testes": "testis",
    "epiphyses": "epiphysis", "metaphyses": "metaphysis", "diaphyses": "diaphysis", "apophyses": "apophysis",
    "hypophyses": "hypophysis", "exostoses": "exostosis", "stenoses": "stenosis", "anastomoses": "anastomosis",
    "ganglia": "ganglion", "criteria": "criterion", "phenomena": "phenomenon", "lumina": "lumen",
    "appendices": "appendix", "indices": "index", "cervices": "cervix", "calyces": "calyx",
    "hippocampi": "hippocampus", "thrombi": "thrombus", "emboli": "embolus", "calculi": "calculus",
    "nevi": "nevus", "naevi": "naevus", "villi": "villus", "glomeruli": "glomerulus", "alveoli": "alveolus",
    "lenses": "lens", "radii": "radius", "humeri": "humerus", "foramina": "foramen", "femora": "femur",
}

# Anatomical adjectives and the organ they name ("renal cysts" meets "kidney cysts"), and degree words.
EQUIVALENT_WORDS = {
    "renal": "kidney", "hepatic": "liver", "cardiac": "heart", "pulmonary": "lung", "ocular": "eye",
    "dental": "tooth", "nasal": "nose", "cutaneous": "skin", "dermal": "skin", "gastric": "stomach",
    "splenic": "spleen", "osseous": "bone", "bony": "bone", "palatal": "palate", "labial": "lip",
    "pontine": "pons",
    # bone and organ adjectives: "hyperostosis of the mandible" is "Mandibular hyperostosis"
    "mandibular": "mandible", "maxillary": "maxilla", "fibular": "fibula", "tibial": "tibia",
    "ulnar": "ulna", "femoral": "femur", "humeral": "humerus", "clavicular": "clavicle",
    "scapular": "scapula", "patellar": "patella", "sternal": "sternum", "vertebral": "vertebra",
    "sacral": "sacrum", "pelvic": "pelvis", "calcaneal": "calcaneus", "phalangeal": "phalanx",
    "ventricular": "ventricle", "atrial": "atrium", "aortic": "aorta", "septal": "septum",
    "valvular": "valve", "arterial": "artery", "venous": "vein", "uterine": "uterus", "vaginal": "vagina",
    "penile": "penis", "scrotal": "scrotum", "testicular": "testis", "ovarian": "ovary", "retinal": "retina",
    "corneal": "cornea", "orbital": "orbit", "gingival": "gingiva", "laryngeal": "larynx",
    "tracheal": "trachea", "bronchial": "bronchus", "pleural": "pleura", "pericardial": "pericardium",
    "pancreatic": "pancreas", "colonic": "colon", "rectal": "rectum", "duodenal": "duodenum",
    "esophageal": "esophagus", "umbilical": "umbilicus", "thalamic": "thalamus", "hippocampal": "hippocampus",
    "cerebellar": "cerebellum", "thoracic": "thorax", "muscular": "muscle", "facial": "face",
    "digital": "digit", "ungual": "nail",
    # degree words that say the same thing: "reduced muscle mass" is "Decreased muscle mass"
    "reduced": "decreased", "diminished": "decreased", "reduction": "decrease", "lowered": "decreased",
    "elevated": "increased", "raised": "increased", "elevation": "increase",
}

# Words that name the same thing in another form (British spellings are folded by the index's table,
# clinicite.index.analysis.BRITISH_PREFIXES, before these are looked up).
VARIANTS = {"xray": "radiograph", "dilation": "dilatation", "submucosal": "submucous",
            "lytic": "osteolytic",
            "fused": "fusion",
            # predicative adjectives and their findings: "two sibs were deaf", "mentally retarded"
            "deaf": "deafness", "obese": "obesity", "epileptic": "epilepsy",
            # retardation is delay in HPO's names ("Growth retardation", "Developmental retardation" and
            # "Psychomotor delay" are synonyms): "psychomotor retardation", "motor retardation"
            "retarded": "delayed", "retardation": "delay",
            # the words that say a face is dysmorphic ("Distinctive facies"): "characteristic facies"
            "characteristic": "distinctive", "peculiar": "distinctive",
            "mentally": "mental",
            # "an enlarged spleen" is HPO's "Large spleen", "enlargement of the ventricles" its "Enlarged
            # ventricles": HPO says both for an increased size
            "enlarged": "large", "enlargement": "large", "enlarging": "large"}                # "fused vertebrae" is "vertebral fusion" (too short to strip)     # diff-calib: "a lytic lesion" is an osteolytic one (bone radiology usage)

# Suffix pairs that fold adjective/noun forms to one stem; checked longest first.
_DERIVATIONS = (
    ("otically", "os"), ("otic", "os"), ("osis", "os"), ("oses", "os"),
    ("astic", "as"), ("asia", "as"), ("asias", "as"),
    ("ytic", "ys"), ("ysis", "ys"),
    ("emic", "em"), ("emia", "em"), ("emias", "em"),
    ("ization", "iz"), ("isation", "iz"), ("izing", "iz"), ("ising", "iz"),
    ("ized", "iz"), ("ised", "iz"), ("izes", "iz"), ("ises", "iz"), ("ize", "iz"), ("ise", "iz"),
    ("alities", "al"), ("ality", "al"), ("atation", "at"), ("ation", ""), ("ities", ""), ("ity", ""),
    ("ness", ""), ("ments", ""), ("ment", ""), ("isms", ""), ("ism", ""), ("ically", ""), ("ical", ""),
    ("ic", ""), ("ies", "y"), ("ia", ""),
    # past participles meet their nouns: "dislocated lens" / "lens dislocation", "calcified" / "calcification"
    ("ified", "if"), ("ated", ""),
    ("y", ""), ("ing", ""), ("ed", ""), ("e", ""), ("eal", ""), ("al", ""),
)
_SECOND = tuple((suffix, replacement) for suffix, replacement in _DERIVATIONS
                if len(suffix) >= 3 or suffix in ("al", "ic"))
_KEEP_S = ("ss", "us", "is", "ous")
_SINGULAR_S = frozenset({"lens", "pons", "biceps", "triceps", "pes"})     # singular nouns ending in -s
# Singular nouns ending in -as; every other "-as" is the plural of an "-a" noun ("fistulas", "atresias",
# "patellas", "placentas", "corneas"), which HPO names in the singular.
_SINGULAR_AS = frozenset({"pancreas", "atlas", "gas", "bias", "alias", "canvas", "psoas", "vas", "whereas",
                          "thomas", "douglas", "texas", "kansas", "arkansas", "christmas", "fracas"})
# Adverbs and the adjective they are made from ("the palate was highly arched" is a high-arched palate,
# "widely spaced", "progressively enlarging"): the -ly is dropped after these endings only, which leave
# a word ("early", "family", "only", "reply" keep theirs).
_ADVERB_BASES = ("al", "ive", "ous", "ent", "ant", "ed", "gh", "ar", "ful", "ete", "ere", "ide", "ose", "ate",
                 "ure", "ine", "ute")
# "-aly" nouns typed with a double l ("microcephally", "hepatomegally", "anomally") are no adverbs: left
# for the speller to correct.
_ALY_NOUNS = ("ephally", "egally", "omally", "nearly", "yearly")
_DOUBLE = re.compile(r"([bdgkmnprt])\1$")


@lru_cache(maxsize=200_000)
def spell(word: str) -> str:
    """Lowercase and fold British spellings ("haemorrhage", "oedema", "tumour", "centre")."""
    word = word.lower()
    word = IRREGULAR.get(word, word)
    word = VARIANTS.get(american(word), american(word))
    word = EQUIVALENT_WORDS.get(word, word)
    if len(word) > 4 and word.endswith("ae"):       # vertebrae, bullae: Latin plural
        word = word[:-1]
    if "ae" in word[1:]:
        word = word[0] + word[1:].replace("ae", "e")
    if word.startswith("ae") and len(word) > 6 and word[2] in "st":   # aetiology, aesthetic
        word = word[1:]
    if "oe" in word and not re.search(r"oes?$", word):   # oedema, diarrhoea; not toe(s), shoe(s)
        word = word.replace("oe", "e")
    if len(word) >= 5 and re.search(r"[^aeiou]our(s|ed|ing)?$", word) and not word.startswith("hour"):
        word = re.sub(r"our(s|ed|ing)?$", r"or\1", word)
    if len(word) >= 5 and re.search(r"[^aeiou](tre|bre)s?$", word):          # centre, fibre, litre
        word = re.sub(r"(t|b)re(s?)$", r"\1er\2", word)
    return word


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The matching form of one word: spelling folded, then inflection and derivation stripped.

    Three steps: the plural ("kidneys" -> "kidney"), one suffix from the full list
    ("kidney" -> "kidne", "abnormality" -> "abnormal"), then the longer derivational
    suffixes only ("abnormal" -> "abnorm", "development" -> "develop"), so short
    endings such as -s, -e and -y are never stripped twice.
    """
    word = _singular(spell(word))
    if not word.isalpha():
        return word
    stripped = _strip_once(word, _DERIVATIONS)
    if stripped != word and stripped.endswith(("e", "y")) and len(stripped) > 4:
        # a suffix that leaves an "e" or "y" ("enlargement" -> "enlarge", "delayed" -> "delay") must meet
        # the word's other forms, whose last letter goes ("enlarge" -> "enlarg", "delay" -> "dela")
        stripped = stripped[:-1]
    word = stripped
    for _ in range(2):
        shorter = _strip_once(word, _SECOND)
        if shorter == word:
            break
        word = shorter
    return word


def _singular(word: str) -> str:
    if word in _SINGULAR_AS:
        return word
    if len(word) >= 6 and word.endswith("ly") and word[:-2].endswith(_ADVERB_BASES) \
            and not word.endswith(_ALY_NOUNS):
        return word[:-2]
    if len(word) > 4 and word.endswith("as") and not word.endswith("omas"):
        return word[:-1]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(_KEEP_S) and word not in _SINGULAR_S:
        return word[:-1]
    if len(word) > 5 and word.endswith(("omas", "omata")):   # carcinomas, scotomata: "-as" is no plural elsewhere
        return word[:word.rindex("oma") + 3]
    return word


def _strip_once(word: str, rules: tuple[tuple[str, str], ...]) -> str:
    if len(word) <= 3:
        return word
    for suffix, replacement in rules:
        if not word.endswith(suffix):
            continue
        base = word[: len(word) - len(suffix)] + replacement
        if len(base) < 4:
            continue
        if suffix in ("ing", "ed") and not re.search(r"[aeiouy]", base):
            continue
        if suffix in ("al", "eal") and len(word) < 8:      # spinal, corneal, chordal stay whole
            continue
        if _DOUBLE.search(base):        # thinning -> thin, but swelling keeps its ll
            base = base[:-1]
        return base
    return word


# Adjective endings and the noun ending they are rewritten to for single words:
# "microcephalic" and "microcephaly" both become "microcephalia", but "eosinophil" stays apart from
# "eosinophilia" because only adjective endings are rewritten, never stripped.
_LIGHT = (("otic", "osis"), ("astic", "asia"), ("ytic", "ysis"), ("emic", "emia"), ("ic", "ia"),
          ("aly", "alia"), ("phy", "phia"), ("thy", "thia"))


@lru_cache(maxsize=200_000)
def light(word: str) -> str:
    """A gentler form for single-word names: spelling, plural and adjective/noun endings only.

    One-word synonyms are where stemming does harm ("spine" is not "Spinning",
    "sleep" is not "sleepy"), so a single word must match up to these endings.
    """
    word = _singular(spell(word))
    for suffix, replacement in _LIGHT:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)] + replacement
    return word


@dataclass(frozen=True)
class Token:
    """One word of the text with its offsets and matching form."""

    text: str
    start: int
    end: int
    norm: str

    @property
    def stop(self) -> bool:
        return self.text.lower() in STOPWORDS


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    base = unicodedata.normalize("NFKD", char)[:1]
    return base if base.isascii() and base.isalpha() else char


def fold_accents(text: str) -> str:
    """"café" -> "cafe", "Sjögren" -> "Sjogren", one character for one so offsets stay valid."""
    if text.isascii():
        return text
    return "".join(_fold_char(c) if not c.isascii() else c for c in text)


def tokenize(text: str) -> list[Token]:
    """Words and numbers with their character offsets; hyphens and slashes split words, and a
    possessive "'s" is no word ("Meckel's diverticulum" is HPO's "Meckel diverticulum", and
    "non-Hodgkin's lymphoma" must not lose its "non" to a stray "s")."""
    folded = fold_accents(text)
    return [Token(m.group(), m.start(), m.end(), stem(m.group())) for m in WORD.finditer(folded)
            if not (m.group() in ("s", "S") and m.start() and folded[m.start() - 1] in "'\u2019")]


@lru_cache(maxsize=100_000)
def phrase_key(text: str) -> tuple[str, ...]:
    """The order-free matching key of a label: sorted stems of its content words."""
    return tuple(sorted(t.norm for t in tokenize(text) if not t.stop))
