""""No F to suggest X": X is an alternative the source weighed, and the absence of F speaks against it (round 15).

The commonest way the dev reports (fresh9-fresh13, dev material) set an alternative aside that the discourse reader
missed: "no prevertebral widening to suggest a retropharyngeal abscess", "no recent diarrhoea or urethritis to
suggest reactive arthritis". Sentences are written for the test; the ontology is tests/fixtures/reason/tiny.obo."""

from __future__ import annotations

from clinicite.reason.discourse import read_discourse
from clinicite.reason.mentions import find_mentions

LEXICON = {"eye movement disorder b": None, "retropharyngeal abscess": None, "focal epilepsy syndrome a": None}


def _read(text: str, ontology=None):
    return read_discourse(text, find_mentions(text, LEXICON, {}), "doc", 0, ontology)


def test_an_alternative_after_no_feature_to_suggest_is_weighed():
    statements, _ = _read("A lateral neck film showed no prevertebral widening to suggest a retropharyngeal abscess.")
    assert [s.candidates for s in statements] == [["retropharyngeal abscess"]]


def test_the_absent_feature_speaks_against_it(tiny_ontology):
    _, discriminators = _read("There was no nystagmus to suggest eye movement disorder B.", tiny_ontology)
    [against] = discriminators
    assert against.candidates == ["eye movement disorder b"] and against.direction == "against"
    assert against.feature.absent and against.feature.hpo_ids == ["HP:0000639"]


def test_without_a_negation_to_suggest_reads_no_verdict(tiny_ontology):
    statements, discriminators = _read("Nystagmus was enough to suggest eye movement disorder B.", tiny_ontology)
    assert statements == [] and all(d.direction != "against" for d in discriminators)
