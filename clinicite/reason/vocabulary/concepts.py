"""Disease concepts, their names, and the categories a clinician reasons with.

A :class:`Concept` is one disease: a preferred name, synonyms, the codes of every
source that names it (``ICD10CM:M84.3``, ``DOID:3347``, ``OMIM:601477``,
``ORPHA:1328``) and one :data:`CATEGORIES` value. A :class:`Vocabulary` is a set of
concepts with an index from each name's matching key to its concept.

Matching keys (:func:`name_key`) make "Ewing's sarcoma", "Ewing sarcoma",
"ewing-sarcoma", "haemangiomas" and "hemangioma" meet: tokens are lower-cased,
split at hyphens and apostrophes, British spellings folded to American ones and
plurals reduced to the singular, token by token, so a key can be matched against
a passage tokenised the same way and mapped back to exact character offsets.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

# The categories of the issue, in the words a clinician uses; "other" keeps the ICD chapter as ``system``.
INFECTION = "infection"
BENIGN = "neoplasm: benign"
MALIGNANT = "neoplasm: malignant"
METASTATIC = "neoplasm: metastatic"
NEOPLASM_UNCERTAIN = "neoplasm: uncertain behaviour"
TRAUMA = "trauma and stress injury"
TOXIC = "toxic"
NUTRITIONAL = "nutritional and metabolic"
ENDOCRINE = "endocrine"
INFLAMMATORY = "inflammatory"
VASCULAR = "vascular"
CONGENITAL = "congenital and genetic"
NORMAL_VARIANT = "normal variant"
DEGENERATIVE = "degenerative"
OTHER = "other"
CATEGORIES = (INFECTION, BENIGN, MALIGNANT, METASTATIC, NEOPLASM_UNCERTAIN, TRAUMA, TOXIC, NUTRITIONAL, ENDOCRINE,
              INFLAMMATORY, VASCULAR, CONGENITAL, NORMAL_VARIANT, DEGENERATIVE, OTHER)
NEOPLASMS = frozenset({BENIGN, MALIGNANT, METASTATIC, NEOPLASM_UNCERTAIN})

# Words that name a whole category rather than a disease: "malignancy, infection and stress fracture are
# unlikely" speaks about every malignant and every infectious candidate. Never candidates themselves.
CATEGORY_WORDS: dict[str, frozenset[str]] = {
    "malignancy": frozenset({MALIGNANT, METASTATIC}), "malignant disease": frozenset({MALIGNANT, METASTATIC}),
    "malignant tumor": frozenset({MALIGNANT, METASTATIC}), "malignant lesion": frozenset({MALIGNANT, METASTATIC}),
    "cancer": frozenset({MALIGNANT, METASTATIC}), "neoplasia": NEOPLASMS, "neoplasm": NEOPLASMS,
    "tumor": NEOPLASMS, "neoplastic process": NEOPLASMS, "infection": frozenset({INFECTION}),
    "infectious process": frozenset({INFECTION}), "infectious disease": frozenset({INFECTION}),
    "sepsis": frozenset({INFECTION}), "inflammation": frozenset({INFLAMMATORY}),
    "inflammatory disease": frozenset({INFLAMMATORY}), "trauma": frozenset({TRAUMA}), "injury": frozenset({TRAUMA}),
}

_TOKEN = re.compile(r"[A-Za-z0-9]+")
_IRREGULAR = {"metastases": "metastasis", "metastasis": "metastasis", "diagnoses": "diagnosis", "lymphomata": "lymphoma",
              "carcinomata": "carcinoma", "sarcomata": "sarcoma", "neoplasia": "neoplasia", "sepsis": "sepsis",
              "rickets": "rickets", "diabetes": "diabetes", "herpes": "herpes", "measles": "measles",
              "mumps": "mumps", "scabies": "scabies", "rabies": "rabies", "tumours": "tumor", "tumour": "tumor", "pancreas": "pancreas"}
_KEEP_S = ("ss", "us", "is", "ys")


def token_key(token: str) -> str:
    """One token's matching form: lower case, American spelling, singular."""
    word = token.lower()
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    word = re.sub(r"(?<=[a-z])ae|^ae(?=m)", "e", word)         # haemangioma, leukaemia, anaemia
    word = re.sub(r"^oe|(?<=[a-z])oe(?=[a-z])", "e", word)      # oedema, oesophagus, diarrhoea
    word = re.sub(r"(?<=[a-z]{2})our$", "or", word)             # tumour, colour
    if len(word) > 6 and word.endswith("oses"):              # exostoses, osteonecroses
        return word[:-2] + "is"
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(_KEEP_S):
        return word[:-1]
    return word


def tokens(text: str) -> Iterator[re.Match]:
    """Word tokens, split at hyphens and apostrophes; a possessive "'s" is dropped by :func:`name_key`."""
    return _TOKEN.finditer(text)


def token_keys(text: str) -> list[tuple[str, int, int]]:
    """``(key, start, end)`` per token; the "s" of a possessive ("Ewing's") is skipped."""
    found = []
    for match in tokens(text):
        word = match.group()
        if word.lower() == "s" and match.start() > 0 and text[match.start() - 1] in "'\u2019":
            continue
        found.append((token_key(word), match.start(), match.end()))
    return found


def name_key(text: str) -> str:
    """The matching key of a name: its token keys joined by single spaces."""
    return " ".join(key for key, _, _ in token_keys(text))


def head_variants(key: str) -> list[str]:
    """The key, and the same key with "disease" and "syndrome" exchanged as the last word."""
    for head, other in (("disease", "syndrome"), ("syndrome", "disease")):
        if key.endswith(" " + head):
            return [key, key[: -len(head)] + other]
    return [key]


@dataclass
class Concept:
    """One disease, however many sources and names it has."""

    id: str                                   # the first source code, e.g. "ICD10CM:M84.3"
    name: str
    category: str = OTHER
    synonyms: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    system: str | None = None                 # the ICD chapter, e.g. "Diseases of the musculoskeletal system"

    def names(self) -> list[str]:
        return [self.name, *self.synonyms]


class Vocabulary:
    """Concepts by id, and the matching key of every name to its concept id."""

    def __init__(self, concepts: Iterable[Concept] = (), source: str = "") -> None:
        self.concepts: dict[str, Concept] = {}
        self.by_key: dict[str, str] = {}
        self.source = source
        for concept in concepts:
            self.add(concept)

    def __len__(self) -> int:
        return len(self.concepts)

    def add(self, concept: Concept) -> Concept:
        """Add ``concept``, or fold it into the concept that already holds one of its names.

        "Disease" and "syndrome" count as the same head ("Camurati-Engelmann syndrome" in ICD-10-CM is
        "Camurati-Engelmann disease" elsewhere).
        """
        keys = [k for k in (name_key(n) for n in concept.names()) if k]
        variants = [v for k in keys for v in head_variants(k)]
        existing = next((self.concepts[self.by_key[k]] for k in variants if k in self.by_key), None)
        if existing is None:
            self.concepts[concept.id] = existing = concept
        else:
            existing.synonyms.extend(n for n in concept.names() if n not in existing.names())
            existing.codes.extend(c for c in concept.codes if c not in existing.codes)
            if existing.category == OTHER:
                existing.category = concept.category
        for key in keys:
            self.by_key.setdefault(key, existing.id)
        return existing

    def lookup(self, name: str) -> Concept | None:
        concept_id = self.by_key.get(name_key(name))
        return self.concepts.get(concept_id) if concept_id else None

    def by_code(self) -> dict[str, str]:
        return {code: c.id for c in self.concepts.values() for code in c.codes}

    # ---- an inspectable file: one JSON object per concept per line ------------------------------------
    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(path.suffix + ".partial")
        with partial.open("w", encoding="utf-8") as out:
            out.write(json.dumps({"source": self.source, "concepts": len(self.concepts)}) + "\n")
            keys: dict[str, list[str]] = {}
            for key, concept_id in self.by_key.items():
                keys.setdefault(concept_id, []).append(key)
            for concept in self.concepts.values():       # the matching keys are stored so loading skips them
                row = {**asdict(concept), "keys": keys.get(concept.id, [])}
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
        partial.replace(path)

    @classmethod
    def load(cls, path: Path) -> "Vocabulary":
        with Path(path).open(encoding="utf-8") as lines:
            header = json.loads(next(lines))
            vocabulary = cls(source=header.get("source", ""))
            for line in lines:
                row = json.loads(line)
                keys = row.pop("keys", None)
                concept = Concept(**row)
                vocabulary.concepts[concept.id] = concept
                for key in keys if keys is not None else [name_key(n) for n in concept.names()]:
                    vocabulary.by_key.setdefault(key, concept.id)
        return vocabulary
