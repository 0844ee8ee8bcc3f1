""""First described by X": the eponymous disease a report names that way is a mention of that disease.

A report that calls its subject by what it is and credits the first description ("Spontaneous rupture of the
oesophagus after emesis, first described by Boerhaave, ...", "a sclerosing dysplasia originally described by
Camurati and Engelmann") names the eponymous disease (Boerhaave syndrome, Camurati-Engelmann disease) without
writing its name. Eponymous disease names are built from the describer's surname and a head noun (Ferguson & Thomas,
"Medical eponyms", BMJ 2014; the convention the vocabularies follow: ICD-10-CM's "Boerhaave syndrome", Orphanet's
"Camurati-Engelmann disease"), so the surnames after "described by" pick the vocabulary's disease whose name is those
surnames and one head noun. When no such disease, or more than one, is named so, nothing is read: a surname alone is
a person, never a row (:func:`eponym_spans` lets the subject reader skip it).
"""

from __future__ import annotations

import re

from clinicite.reason.mention_lexicon import DiseaseLexicon, Mention
from clinicite.reason.vocabulary import name_key

_SURNAME = r"[A-Z][a-z\u00e0-\u00ff'\u2019]+(?:[- ][A-Z][a-z\u00e0-\u00ff'\u2019]+)?"
_DESCRIBED_BY = re.compile(
    r"\b(?:(?:first|originally|initially|classically|independently) )?(?:described|reported|characteri[sz]ed|"
    r"recogni[sz]ed|defined) (?:first |originally )?by\s+(?:Dr\.? )?"
    r"(?P<names>" + _SURNAME + r"(?:\s*(?:,|and|&)\s*(?:Dr\.? )?" + _SURNAME + r")*)"
    r"|\bnamed (?:after|for)\s+(?P<named>" + _SURNAME + r"(?:\s*(?:and|&)\s*" + _SURNAME + r")*)")
# The head nouns of eponymous disease names (the words after the surnames in the vocabulary's name); not "sign" or
# "triad": an eponymous sign is a finding.
EPONYM_HEADS = frozenset({"disease", "syndrome", "tumor", "tumour", "sarcoma", "anomaly", "dysplasia", "palsy",
                          "hernia", "diverticulum", "ulcer", "encephalopathy", "anemia", "anaemia", "fever", "lymphoma",
                          "cyst", "malformation", "disorder", "fracture", "thyroiditis", "arteritis", "angina",
                          "gangrene", "contracture", "neuralgia", "osteochondrosis"})


def eponym_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` names a describer after "described by" / "named after": a person, not a disease."""
    return [match.span("names") if match.group("names") else match.span("named") for match in _DESCRIBED_BY.finditer(text)]


def _surname_keys(names: str) -> str:
    parts = [p for p in re.split(r"\s*(?:,|\band\b|&)\s*", names) if p and p.lower() not in ("dr", "dr.")]
    return name_key(" ".join(parts))


def _eponymous_entries(lexicon: DiseaseLexicon, surnames: str) -> dict[str, object]:
    """Concepts whose name is the surnames and one head noun ("boerhaave syndrome"), by concept; empty when another
    concept is also named after them ("extramammary Paget disease" beside "Paget disease"): the surname alone does
    not say which."""
    if not surnames:
        return {}
    heads = {name_key(h) for h in EPONYM_HEADS}
    exact: dict[str, object] = {}
    named_after: set[str] = set()
    pattern = re.compile(rf"(?:^| ){re.escape(surnames)} (\w+)(?: |$)")
    for key, entry in lexicon.entries.items():
        match = pattern.search(key)
        if match is None or match.group(1) not in heads:
            continue
        named_after.add(entry.concept_id or entry.key)
        if key == f"{surnames} {match.group(1)}":
            exact[entry.concept_id or entry.key] = entry
    return exact if len(named_after) == 1 else {}


def described_by_mentions(text: str, lexicon: DiseaseLexicon) -> list[Mention]:
    """A mention of the eponymous disease at each "first described by X" whose surnames name exactly one disease."""
    mentions = []
    for match in _DESCRIBED_BY.finditer(text):
        group = "names" if match.group("names") else "named"
        entries = _eponymous_entries(lexicon, _surname_keys(match.group(group)))
        if len(entries) != 1:
            continue                      # none, or several diseases named after the same people: nothing is read
        entry = next(iter(entries.values()))
        start, end = match.span(group)
        kind = "lexicon" if entry.disease_id else "vocabulary"
        mentions.append(Mention(entry.key, text[start:end], start, end, entry.disease_id, kind, entry.concept_id,
                                entry.category, entry.phenotype))
    return mentions
