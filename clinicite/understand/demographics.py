"""Age, sex, duration, course, laterality and anatomical site from case text.

Age groups follow the boundaries clinicians and the HPO onset terms use:
neonate (first 28 days), infant (to 1 year), child (to 12), adolescent (to 18),
adult (to 65), older adult.
"""

from __future__ import annotations

import re

from clinicite.understand.facts import Span

_UNIT_YEARS = {"year": 1.0, "yr": 1.0, "y": 1.0, "month": 1 / 12, "mo": 1 / 12, "week": 7 / 365.25,
               "wk": 7 / 365.25, "day": 1 / 365.25, "d": 1 / 365.25}
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": 3, "few": 3,
                 "couple of": 2, "half a": 0.5}
_NUMBER = r"(\d+(?:\.\d+)?|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"
_UNIT = r"(years?|yrs?|months?|mos?|weeks?|wks?|days?)"

AGE_PATTERNS = (
    re.compile(r"\b" + _NUMBER + r"[\s-]*" + _UNIT + r"[\s-]*old\b", re.I),               # 1.5-year-old, 3 weeks old
    re.compile(r"\b(?:aged?|at the age of|age of)\s+" + _NUMBER + r"(?:\s*" + _UNIT + r")?\b", re.I),
    re.compile(r"\b(\d+(?:\.\d+)?)\s*(?:yo|y/o|y\.o\.|yrs? old)(?=\W|$)", re.I),     # 38 yo
    re.compile(r"\b(\d+(?:\.\d+)?)\s*(?:-|\s)?(?:year|yr)s?(?=[\s-]*(?:old )?(?:wom[ae]n|m[ae]n|male|"
               r"female|boy|girl|patient|lady|gentleman))", re.I),
)
DECADE = re.compile(r"\bin (?:his|her|their|the) (early|mid|mid-|late)?\s*-?(teens|twenties|thirties|forties|"
                    r"fifties|sixties|seventies|eighties|nineties)\b", re.I)
_DECADES = {"teens": 10, "twenties": 20, "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60,
            "seventies": 70, "eighties": 80, "nineties": 90}
# Words that name an age group without a number, with a typical age in years.
AGE_WORDS = (
    (re.compile(r"\b(?:neonates?|newborns?|neonatal)\b", re.I), "neonate", 7 / 365.25),
    (re.compile(r"\b(?:infants?|baby|babies)\b", re.I), "infant", 0.5),
    (re.compile(r"\btoddlers?\b", re.I), "child", 2.0),
    (re.compile(r"\b(?:adolescents?|teenagers?|teen)\b", re.I), "adolescent", 15.0),
    (re.compile(r"\b(?:child|children|boy|girl|schoolchild)\b", re.I), "child", 7.0),
    (re.compile(r"\b(?:elderly|older adults?|older (?:man|woman|patient))\b", re.I), "older adult", 75.0),
    (re.compile(r"\b(?:adults?|man|woman|gentleman|lady)\b", re.I), "adult", 40.0),
)

# The ages an age word covers: "a child" is any age from 1 to 12, not the typical 7 AGE_WORDS gives it, so a cause
# common at 2 is not held against "a child".
AGE_GROUP_SPANS = {"neonate": (0.0, 28 / 365.25), "infant": (28 / 365.25, 1.0), "child": (1.0, 12.0),
                   "adolescent": (12.0, 18.0), "adult": (18.0, 65.0), "older adult": (65.0, 100.0)}

FEMALE = re.compile(r"\b(?:woman|women|female|girl|lady|she|her|hers|mrs|ms)\b", re.I)
MALE = re.compile(r"\b(?:man|men|male|boy|gentleman|he|his|him|mr)\b", re.I)
SEX_AFTER_AGE = re.compile(r"\d\s*(?:-?(?:year|yr|y)s?[\s-]*(?:old)?)?[\s-]*([MF])\b")
_RELATIVE = re.compile(r"\b(?:mother|father|sister|brother|aunt|uncle|grandmother|grandfather|parents?)\b", re.I)

DURATION = re.compile(
    r"\b(?:(?:for|over|since|during|in|past|last|the past|the last)\s+(?:the\s+)?)?" + _NUMBER + r"[\s-]*"
    + _UNIT + r"(?![\s-]*old)(?:\s+(?:of|history|duration|ago)\b|[\s-]+history\b)?", re.I)
COURSE = (
    ("acute", r"\bacute(?:ly)?\b|\bsudden(?:ly)?\b|\babrupt\b"), ("subacute", r"\bsubacute\b"),
    ("chronic", r"\bchronic\b|\blong-?standing\b"), ("progressive", r"\bprogressive(?:ly)?\b|\bworsening\b"),
    ("gradual", r"\bgradual(?:ly)?\b|\binsidious\b"), ("intermittent", r"\bintermittent\b|\bepisodic\b"),
    ("recurrent", r"\brecurrent\b|\brelapsing\b"), ("stable", r"\bstable\b|\bunchanged\b"),
    ("improving", r"\bimproving\b|\bresolving\b"), ("nocturnal", r"\bnocturnal\b|\bat night\b"),
)
LATERALITY = re.compile(r"\b(left|right|bilateral(?:ly)?|both sides|unilateral|symmetric(?:al)?)\b", re.I)

BONES = {
    "femur": r"femurs?|femora|femoral", "tibia": r"tibiae?|tibias|tibial", "fibula": r"fibulae?|fibular",
    "humerus": r"humerus|humeri|humeral", "radius": r"radius|radii|radial head", "ulna": r"ulnae?|ulnar",
    "pelvis": r"pelvis|pelvic bones?|ilium|iliac|ischium|pubis", "spine": r"spine|vertebrae?|vertebral",
    "skull": r"skull|calvaria|cranium|cranial vault", "mandible": r"mandible|mandibular",
    "clavicle": r"clavicles?|clavicular", "rib": r"ribs?", "scapula": r"scapulae?", "sternum": r"sternum",
    "patella": r"patellae?|patellar", "calcaneus": r"calcaneus|calcaneal", "talus": r"talus",
    "metacarpal": r"metacarpals?", "metatarsal": r"metatarsals?", "phalanx": r"phalanx|phalanges",
    "sacrum": r"sacrum|sacral", "long bones": r"long bones",
}
REGIONS = {
    "epiphysis": r"epiphys(?:is|es|eal)", "metaphysis": r"metaphys(?:is|es|eal)",
    "diaphysis": r"diaphys(?:is|es|eal)", "physis": r"physis|growth plate", "apophysis": r"apophys(?:is|eal)",
}
COMPARTMENTS = {
    "intramedullary": r"intramedullary|medullary|marrow", "cortical": r"cortical|cortex|endosteal",
    "periosteal": r"periosteal|periosteum", "soft tissue": r"soft[- ]tissue", "intra-articular": r"intra-?articular",
}
BODY_REGIONS = {
    "thigh": r"thighs?", "knee": r"knees?", "hip": r"hips?", "leg": r"legs?|shins?", "ankle": r"ankles?",
    "foot": r"foot|feet", "arm": r"arms?", "forearm": r"forearms?", "shoulder": r"shoulders?", "wrist": r"wrists?",
    "hand": r"hands?", "back": r"back|lumbar|thoracic spine", "neck": r"neck", "jaw": r"jaw",
}


def _years(number: str, unit: str | None) -> float:
    value = float(_NUMBER_WORDS.get(number.lower(), number)) if not number[0].isdigit() else float(number)
    key = (unit or "year").lower().rstrip("s")
    return value * _UNIT_YEARS.get(key, 1.0)


def age_group(years: float) -> str:
    if years < 28 / 365.25:
        return "neonate"
    if years < 1:
        return "infant"
    if years < 12:
        return "child"
    if years < 18:
        return "adolescent"
    if years < 65:
        return "adult"
    return "older adult"


def find_age(text: str) -> tuple[float | None, str | None, Span | None, bool]:
    """Age in years, its group, the words, and whether the age is only approximate (a word or decade)."""
    for pattern in AGE_PATTERNS:
        match = next((m for m in pattern.finditer(text) if not _about_relative(text, m.start())), None)
        if match:
            unit = match.group(2) if pattern.groups >= 2 else None
            years = round(_years(match.group(1), unit), 4)
            return years, age_group(years), Span(str(years), match.group(), match.start(), match.end()), False
    decade = DECADE.search(text)
    if decade:
        base = _DECADES[decade.group(2).lower()]
        part = (decade.group(1) or "").lower().rstrip("-")
        years = float(base + {"early": 2, "mid": 5, "late": 8}.get(part, 5))
        if base == 10:
            years = {"early": 13.0, "mid": 15.0, "late": 18.0}.get(part, 15.0)
        return years, age_group(years), Span(str(years), decade.group(), decade.start(), decade.end()), True
    for pattern, group, years in AGE_WORDS:
        match = pattern.search(text)
        if match and not _about_relative(text, match.start()):
            return years, group, Span(group, match.group(), match.start(), match.end()), True
    return None, None, None, False


def _about_relative(text: str, position: int) -> bool:
    """True when the word sits right after a relative in the same sentence ("her mother, a 30-year-old woman")."""
    before = re.split(r"[.;!?]\s", text[max(0, position - 32):position])[-1]
    return bool(_RELATIVE.search(before))


def find_sex(text: str) -> tuple[str | None, Span | None]:
    """Sex from an explicit noun or letter ("38-year-old woman", "38F"), else from the pronouns."""
    letter = SEX_AFTER_AGE.search(text)
    if letter:
        value = "male" if letter.group(1) == "M" else "female"
        return value, Span(value, letter.group(1), letter.start(1), letter.end(1))
    nouns = re.compile(r"\b(?:woman|female|girl|lady|man|male|boy|gentleman)\b", re.I)
    for match in nouns.finditer(text):
        if _about_relative(text, match.start()):
            continue
        value = "female" if FEMALE.fullmatch(match.group()) else "male"
        return value, Span(value, match.group(), match.start(), match.end())
    female = [m for m in FEMALE.finditer(text)]
    male = [m for m in MALE.finditer(text)]
    if female and len(female) > len(male):
        return "female", Span("female", female[0].group(), female[0].start(), female[0].end())
    if male and len(male) > len(female):
        return "male", Span("male", male[0].group(), male[0].start(), male[0].end())
    return None, None


def find_duration(text: str, age: Span | None) -> tuple[float | None, Span | None]:
    """How long the complaint has lasted, in days ("3 months of thigh pain", "for 2 years")."""
    for match in DURATION.finditer(text):
        if age and match.start() < age.end and age.start < match.end():
            continue
        words = match.group().lower()
        if not (re.match(r"(for|over|since|during|in|past|last|the)\b", words)
                or re.search(r"\b(of|history|duration|ago)$", words)):
            continue
        days = round(_years(match.group(1), match.group(2)) * 365.25, 1)
        return days, Span(str(days), match.group(), match.start(), match.end())
    return None, None


def find_course(text: str) -> list[Span]:
    found = []
    for value, pattern in COURSE:
        match = re.search(pattern, text, re.I)
        if match:
            found.append(Span(value, match.group(), match.start(), match.end()))
    return sorted(found, key=lambda span: span.start)


def find_laterality(text: str) -> Span | None:
    matches = list(LATERALITY.finditer(text))
    if not matches:
        return None
    sides = {m.group(1).lower() for m in matches}
    first = matches[0]
    if any(side.startswith(("bilateral", "both", "symmetric")) for side in sides) or {"left", "right"} <= sides:
        chosen = next((m for m in matches if m.group(1).lower().startswith(("bilateral", "both"))), first)
        return Span("bilateral", chosen.group(), chosen.start(), chosen.end())
    return Span(first.group(1).lower(), first.group(), first.start(), first.end())


def find_sites(text: str) -> list[Span]:
    """Bones, bone regions (epiphysis, metaphysis, diaphysis), compartments and body regions named."""
    found: list[Span] = []
    for kind, table in (("bone", BONES), ("bone region", REGIONS), ("compartment", COMPARTMENTS),
                        ("body region", BODY_REGIONS)):
        for value, pattern in table.items():
            match = re.search(r"\b(?:" + pattern + r")\b", text, re.I)
            if match:
                found.append(Span(value, match.group(), match.start(), match.end(), kind))
    return sorted(found, key=lambda span: span.start)
