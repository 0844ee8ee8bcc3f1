"""A descriptive title that leads with the patient's presenting complaint names no diagnosis.

"Sudden scrotal pain on waking in a teenage boy" is how a report of testicular torsion may be titled; the bench's
fresh10 torsion vignette showed "Sudden scrotal pain" as the leading diagnosis at 19% (BENCHMARKS.md, round 11).
Fixtures: a lexicon built from a plain mapping with HPO-style finding keys, and passages in the search's shape.
"""

from __future__ import annotations

from clinicite.reason.case_words import folded
from clinicite.reason.mention_lexicon import DiseaseLexicon, LexiconEntry
from clinicite.reason.stated_subject import announced_subject, presenting_complaint
from clinicite.reason.vocabulary import name_key

from .test_report_titles import Hit


def _lexicon(diseases: dict[str, str | None], findings: set[str]) -> DiseaseLexicon:
    entries = {name_key(n): LexiconEntry(name_key(n), n, d, d, None) for n, d in diseases.items()}
    return DiseaseLexicon(entries, frozenset(name_key(f) for f in findings))


def test_a_complaint_qualified_by_its_onset_is_a_complaint():
    lexicon = _lexicon({"Testicular torsion": "D:1"}, {"Scrotal pain", "Projectile vomiting", "Inguinal hernia"})
    assert presenting_complaint("Sudden scrotal pain", None, lexicon)
    assert presenting_complaint("Projectile vomiting", None, lexicon)
    # a disease HPO also holds as a phenotype is no complaint: its head word is not one
    assert not presenting_complaint("Inguinal hernia", None, lexicon)
    # a head word alone is not enough: the phrase must be a finding's name
    assert not presenting_complaint("Cluster-like pain", None, lexicon)
    assert not presenting_complaint("Testicular torsion", None, lexicon)


def test_a_title_led_by_a_complaint_announces_no_subject():
    lexicon = _lexicon({"Testicular torsion": "D:1"}, {"Scrotal pain"})
    hit = Hit("doc:1", "Sudden scrotal pain on waking in a teenage boy",
              "A 15-year-old boy woke with sudden severe pain in the left testis.")
    assert announced_subject([hit], "doc:1", lexicon, set(), False, folded, None) is None


def test_a_title_led_by_a_complaint_gives_way_to_its_second_subject():
    lexicon = _lexicon({}, {"Scrotal pain"})
    hit = Hit("doc:2", "Sudden scrotal pain in a boy with a bell-clapper deformity",
              "A 14-year-old boy had sudden pain in the right testis.")
    announced = announced_subject([hit], "doc:2", lexicon, set(), False, folded, None)
    assert announced is not None and announced.move == "title with"
    assert announced.phrase == "a bell-clapper deformity" or announced.phrase.endswith("bell-clapper deformity")


def test_a_title_led_by_a_disease_keeps_it():
    lexicon = _lexicon({}, set())
    hit = Hit("doc:3", "Ocular thelaziasis in a 60-year-old man", "A 60-year-old man had a foreign body sensation.")
    announced = announced_subject([hit], "doc:3", lexicon, set(), False, folded, None)
    assert announced is not None and announced.phrase == "Ocular thelaziasis"
