""""First described by X" reads the eponymous disease; a describer alone is a person, never a row (round 15; round
14's rule, lost, rebuilt). fresh9's Boerhaave report (dev material) names its diagnosis only as "Spontaneous rupture
of the oesophagus after emesis, first described by Boerhaave". Lexicon and sentences are written for the test."""

from __future__ import annotations

from dataclasses import dataclass

from clinicite.reason.case_words import folded
from clinicite.reason.mention_lexicon import DiseaseLexicon, LexiconEntry
from clinicite.reason.mentions import find_mentions
from clinicite.reason.similar_case_eponym import described_by_mentions, eponym_spans
from clinicite.reason.stated_subject import announced_subject
from clinicite.reason.vocabulary import name_key

NAMES = {"Boerhaave syndrome": "Boerhaave syndrome", "Camurati-Engelmann disease": "Camurati-Engelmann disease",
         "Progressive diaphyseal dysplasia": "Camurati-Engelmann disease", "Paget disease of bone": "Paget disease",
         "Paget disease": "Paget disease", "Extramammary Paget disease": "Extramammary Paget disease",
         "Paget disease of the nipple": "Paget disease of the nipple", "Kikuchi disease": "Kikuchi disease",
         "Kikuchi syndrome": "Kikuchi disease"}


def _lexicon() -> DiseaseLexicon:
    entries = {name_key(n): LexiconEntry(name_key(p), p, None, f"TEST:{name_key(p)}", None) for n, p in NAMES.items()}
    return DiseaseLexicon(entries)


def test_the_describers_surname_names_the_eponymous_disease():
    text = "Spontaneous rupture of the oesophagus after emesis, first described by Boerhaave, carries a high mortality."
    [mention] = described_by_mentions(text, _lexicon())
    assert mention.key == name_key("Boerhaave syndrome") and mention.surface == "Boerhaave"
    assert text[mention.start:mention.end] == "Boerhaave"
    # two describers; the disease's two names (eponym and descriptive) are one concept
    text = "A sclerosing dysplasia of the diaphyses originally described by Camurati and Engelmann."
    assert [m.key for m in described_by_mentions(text, _lexicon())] == [name_key("Camurati-Engelmann disease")]
    # the mention joins the other mentions of the passage
    assert name_key("Camurati-Engelmann disease") in {m.key for m in find_mentions(text, _lexicon(), {})}


def test_a_surname_naming_several_diseases_or_none_reads_nothing():
    lexicon = _lexicon()
    assert described_by_mentions("A skin disorder first described by Paget in 1874.", lexicon) == []     # several
    assert described_by_mentions("The sign, first described by Murphy, was absent.", lexicon) == []    # no disease
    assert described_by_mentions("It was first described by the authors in 2001.", lexicon) == []


@dataclass
class Hit:
    document_id: str
    title: str
    text: str


def test_a_describer_is_never_a_reports_subject():
    text = "This is a case of Boerhaave, first described by Boerhaave in 1724."
    assert eponym_spans(text) == [(text.rindex("Boerhaave"), text.rindex("Boerhaave") + len("Boerhaave"))]
    hit = Hit("doc", "", "We describe a case first described by Kikuchi in a young woman.")
    announced = announced_subject([hit], "doc", _lexicon(), set(), False, folded)
    assert announced is None or announced.phrase != "Kikuchi"
