"""A descriptive title that leads with a finding, and a treatment that names the diagnosis (round 12).

fresh10's thyroid-storm report (dev material) is titled "Hyperpyrexia, atrial fibrillation at 168 per minute and
delirium in a woman ..." and says "She was treated for thyroid storm with propylthiouracil": the title's finding
led the differential. Sentences and names here are written for the test.
"""

from __future__ import annotations

from clinicite.reason.literature import names_a_finding, sole_unweighed_disease
from clinicite.reason.literature_candidate import LiteratureCandidate
from clinicite.reason.mention_lexicon import DiseaseLexicon, LexiconEntry
from clinicite.reason.mentions import find_mentions
from clinicite.reason.passage_reading import Reading
from clinicite.reason.similar_case import stated_diagnoses
from clinicite.reason.stated_subject import Announced
from clinicite.reason.vocabulary import name_key

NAMES = {"thyroid storm": False, "graves disease": False, "serotonin syndrome": False, "hyperpyrexia": True,
         "blindness": True}


def _lexicon() -> DiseaseLexicon:
    entries = {name_key(n): LexiconEntry(name_key(n), n, None, None, None, phenotype) for n, phenotype in NAMES.items()}
    return DiseaseLexicon(entries, findings=frozenset({"hyperpyrexia", "blindness"}))


def _announced(phrase: str, lexicon) -> Announced:
    mentions = find_mentions(phrase, lexicon, {}, phenotypes=True)
    whole = next((m for m in mentions if m.end - m.start >= 0.6 * len(phrase)), None)
    return Announced(whole.key if whole else name_key(phrase), phrase, None, 0, whole, "title lead")


def test_a_title_subject_that_is_or_ends_in_a_finding_names_a_finding():
    lexicon = _lexicon()
    assert names_a_finding(_announced("Hyperpyrexia", lexicon), lexicon)
    assert names_a_finding(_announced("Sudden painless monocular blindness", lexicon), lexicon)
    assert not names_a_finding(_announced("Thyroid storm", lexicon), lexicon)
    assert not names_a_finding(_announced("Ocular thelaziasis", lexicon), lexicon)   # no finding's name


def test_the_one_disease_the_report_does_not_weigh_is_its_diagnosis():
    reading = Reading()
    keys = ["graves disease", "serotonin syndrome", "thyroid storm"]
    reading.keys = {"report": keys, "two": ["thyroid storm", "graves disease"]}
    reading.weighed = {"report": {"serotonin syndrome"}, "two": set()}
    reading.found = {k: LiteratureCandidate(k, k, None, 0.0) for k in keys}
    lexicon = _lexicon()
    # Graves disease is the case's own (background); serotonin syndrome is weighed and set aside.
    assert sole_unweighed_disease(reading, "report", {"graves disease", "hyperpyrexia"}, lexicon) == "thyroid storm"
    assert sole_unweighed_disease(reading, "two", {"hyperpyrexia"}, lexicon) is None     # two: no choice made


def test_a_treatment_for_a_disease_states_it_but_not_a_presumed_one():
    lexicon = {"thyroid storm": None, "pneumonia": None}
    text = "She was treated for thyroid storm with propylthiouracil and iodine."
    assert stated_diagnoses(text, find_mentions(text, lexicon, {})) == {"thyroid storm"}
    text = "He was treated for presumed pneumonia before the scan."
    assert stated_diagnoses(text, find_mentions(text, lexicon, {})) == set()
