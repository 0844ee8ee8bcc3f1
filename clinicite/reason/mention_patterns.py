"""Disease mentions no list holds, read from the words around them: strict patterns, likenings, proper names.

An eponym before a disease head ("Ribbing disease", "Caffey syndrome"), one word naming a tumour or an inflammation
("chondroblastoma", "tenosynovitis"), a site before "fracture" or "cancer", a hyphenated name before "syndrome"; "a
Kawasaki-like syndrome" (the disease the picture is likened to); "hemophilic pseudotumor" (a one-word name after an
adjective made from another disease); "Bow Hunter's syndrome" (an eponym inside a longer proper name); and the
category words ("malignancy", "infection") the discourse reader applies to every candidate of the category.
Split from :mod:`clinicite.reason.mentions` (round 9).
"""

from __future__ import annotations

import re

from clinicite.reason.mention_lexicon import DiseaseLexicon, Mention
from clinicite.reason.vocabulary import CATEGORY_WORDS, name_key

_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*[A-Za-z]|[A-Za-z]")
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



# Adjectives that say how a finding looks or how sure it is, not which disease it is.
_NOT_QUALIFIERS = {"normal", "usual", "unusual", "potential", "additional", "original", "marginal", "obvious",
                   "serious", "numerous", "previous", "various", "global", "partial", "actual", "eventual", "initial",
                   "classic", "classical", "typical", "atypical", "critical", "clinical", "radiological", "histological"}


def eponym_before_head(text: str, mention: Mention, lexicon: DiseaseLexicon) -> Mention:
    """A list name that is only a disease head ("encephalopathy", "fever") after an eponym is the eponym's disease:
    "Hashimoto encephalopathy" is not encephalopathy; so is a finding's one-word name after an adjective
    ("membranous nephropathy" is not nephropathy). The lexicon's entry for the longer name wins when it has one."""
    if " " in mention.surface.strip() or mention.kind == "likened":
        return mention
    head = mention.surface.lower()
    before = re.search(r"([A-Za-z][a-z][\w'-]*)[ ]$", text[max(0, mention.start - 40):mention.start])
    if before is None:
        return mention
    word = before.group(1)
    eponym = head in _EPONYM_HEADS and _is_eponym(word)
    # A finding's one-word name after an adjective names a disease of its own: "membranous nephropathy".
    qualified = mention.phenotype and head.endswith(("pathy", "itis", "osis")) and word[1:].islower() and \
        len(word) >= 5 and word.lower() not in _GENERIC | _NOT_QUALIFIERS and word.lower().endswith(("ous", "ic", "al", "ive", "ary", "ar",
                                                                                  "ant"))
    if not (eponym or qualified):
        return mention
    start = mention.start - len(before.group(0))
    surface = text[start:mention.end]
    if lexicon.is_finding(surface):
        return mention
    entry = lexicon.entries.get(name_key(surface))
    if entry is not None:
        return Mention(entry.key, surface, start, mention.end, entry.disease_id, "lexicon", entry.concept_id,
                       entry.category, entry.phenotype)
    return Mention(name_key(surface), surface, start, mention.end, None, "pattern")
