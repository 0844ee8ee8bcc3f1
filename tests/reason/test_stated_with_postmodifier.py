"""A diagnosis stated with a postmodifier, and a finding's name that gives way to it.

Round 10's fresh10 Addison report (read after its final run, so dev material now) says "Primary adrenal
insufficiency of autoimmune origin was diagnosed" and is titled "Salt craving, hyperpigmentation and hyperkalaemia
in a woman ...": the title's finding was read as the diagnosis (ICD-10-CM lists hyperkalemia, E87.5) and the body's
statement was missed. Both sentences here are written for the test.
"""

from __future__ import annotations

from clinicite.reason.literature import _findings_give_way
from clinicite.reason.mention_lexicon import DiseaseLexicon, LexiconEntry
from clinicite.reason.mentions import find_mentions
from clinicite.reason.passage_reading import Reading
from clinicite.reason.similar_case import stated_diagnoses
from clinicite.reason.vocabulary import name_key

LEXICON = {"primary adrenal insufficiency": None, "hyperkalemia": None, "osteomyelitis": None}


def _stated(text: str) -> set[str]:
    return stated_diagnoses(text, find_mentions(text, LEXICON, {}))


def test_a_short_postmodifier_between_the_name_and_was_diagnosed():
    assert _stated("Primary adrenal insufficiency of autoimmune origin was diagnosed.") == \
        {"primary adrenal insufficiency"}
    assert _stated("Osteomyelitis of the left femur was confirmed by biopsy.") == {"osteomyelitis"}


def test_no_statement_without_the_verb_or_across_a_clause():
    assert _stated("Osteomyelitis with a normal ESR was excluded.") == set()
    assert _stated("Osteomyelitis, which the team suspected first, was diagnosed elsewhere.") == set()


def _lexicon() -> DiseaseLexicon:
    entries = {name_key(n): LexiconEntry(name_key(n), n, None, None, None) for n in LEXICON}
    return DiseaseLexicon(entries, findings=frozenset({name_key("hyperkalemia")}))


def test_a_finding_named_as_stated_gives_way_to_a_disease_the_report_states():
    reading = Reading()
    reading.stated = {"report": {"hyperkalemia", "primary adrenal insufficiency"}, "only-finding": {"hyperkalemia"}}
    _findings_give_way(reading, _lexicon())
    assert reading.stated["report"] == {"primary adrenal insufficiency"}
    assert reading.stated["only-finding"] == {"hyperkalemia"}      # nothing else stated: left for the later routes


def test_what_the_operation_found_a_confirming_test_and_criteria_met_state_the_diagnosis():
    # Round 11 (fresh8-fresh10 as dev): "Laparoscopy found a ruptured ... tubal pregnancy", "..., confirming X",
    # "She met eight of the Swansea criteria for X". Sentences written for the test.
    assert _stated("Laparoscopy found a ruptured osteomyelitis of the rib.") == {"osteomyelitis"}
    assert _stated("The short synacthen test was flat, confirming primary adrenal insufficiency.") == \
        {"primary adrenal insufficiency"}
    assert _stated("She met six of the published criteria for osteomyelitis.") == {"osteomyelitis"}
    assert _stated("CT showed osteomyelitis of the rib.") == set()          # imaging verbs are not a statement
    assert _stated("Laparoscopy found no osteomyelitis.") == set()
