"""A disease name's site written the other way: "torsion of testis" is also "torsion of the testis" and "testicular
torsion"; "femoral osteomyelitis" is also "osteomyelitis of the femur".

English writes an organ either as a modifier before the head or in an of-phrase after it (Quirk et al., *A
Comprehensive Grammar of the English Language*, 1985, ch. 17), and ICD-10-CM lists one form ("Torsion of spleen")
where a report writes another ("splenic torsion", "torsion of the spleen"). :func:`site_variants` gives the other
forms of a name's matching key, with the anatomical adjectives the understand stage already pairs with their organs
(:data:`clinicite.understand.normalize.EQUIVALENT_WORDS`); no disease name is written here.
"""

from __future__ import annotations

import re

from clinicite.understand.normalize import EQUIVALENT_WORDS

# Degree words share that table ("raised" -> "increased"); only organ adjectives are sites.
_DEGREE = {"decreased", "decrease", "increased", "increase"}
ADJECTIVE_OF: dict[str, str] = {}
for _adjective, _organ in EQUIVALENT_WORDS.items():
    if _organ not in _DEGREE:
        ADJECTIVE_OF.setdefault(_organ, _adjective)          # the first listed: "osseous" for bone, not "bony"
ORGAN_OF = {adjective: organ for organ, adjective in ADJECTIVE_OF.items()}
_OF_SITE = re.compile(r"(?P<head>\w+(?: \w+){0,2}) of (?P<the>the )?(?P<site>\w+(?: \w+)?)")
_LUMPING = re.compile(r"\b(?:and|or|with|without|due|other|unspecified|of the of)\b")


def site_variants(key: str) -> list[str]:
    """The other forms of a name key whose site is an organ: "x of [the] organ" <-> "adjective x"."""
    if _LUMPING.search(key):
        return []                          # "torsion of ovary and ovarian pedicle": a lumping name
    variants = []
    of_site = _OF_SITE.fullmatch(key)
    if of_site and of_site.group("site").split()[-1] in ADJECTIVE_OF:
        head, site = of_site.group("head"), of_site.group("site")
        variants.append(f"{head} of {site}" if of_site.group("the") else f"{head} of the {site}")
        if " " not in site:
            variants.append(f"{ADJECTIVE_OF[site]} {head}")
    words = key.split()
    if 2 <= len(words) <= 3 and words[0] in ORGAN_OF and "of" not in words:
        head, organ = " ".join(words[1:]), ORGAN_OF[words[0]]
        variants += [f"{head} of the {organ}", f"{head} of {organ}"]
    return [v for v in variants if v != key]
