""""No F to suggest X": the absence of F speaks against X, an alternative the source weighed (round 15).

The commonest way the dev reports (fresh9-fresh13, dev material) set an alternative aside that the discourse reader
missed: "no prevertebral widening to suggest a retropharyngeal abscess", "no recent diarrhoea or urethritis to
suggest reactive arthritis". Sentences are written for the test; the ontology is tests/fixtures/reason/tiny.obo."""

from __future__ import annotations

from clinicite.reason.discourse import read_discourse
from clinicite.reason.mentions import find_mentions

LEXICON = {"eye movement disorder b": None, "retropharyngeal abscess": None, "focal epilepsy syndrome a": None}


def _read(text: str, ontology=None):
    return read_discourse(text, find_mentions(text, LEXICON, {}), "doc", 0, ontology)


def test_an_alternative_after_no_feature_to_suggest_is_weighed_not_named_in_a_differential(tiny_ontology):
    """Read as a differential statement, every disease such a sentence names became a candidate of any case whose
    search found the report (MedQA rows "Aneurysm", "Retroperitoneal hematoma" from an aneurysm report): it is a
    discriminator against the disease, and the report's reading counts the disease as weighed (passage_reading)."""
    from clinicite.reason.passage_reading import read_passages
    statements, _ = _read("A lateral neck film showed no prevertebral widening to suggest a retropharyngeal abscess.")
    assert statements == []

    class Hit:
        document_id, title, start, score, pmid = "doc", "", 0, 1.0, None
        text = "There was no nystagmus to suggest eye movement disorder B. Focal epilepsy syndrome A was diagnosed."
        end = len(text)
    reading = read_passages([Hit()], LEXICON, ["Nystagmus"], {"nystagmu"}, set(), set(), tiny_ontology)
    assert "eye movement disorder b" in reading.weighed["doc"]
    assert "focal epilepsy syndrome a" not in reading.weighed["doc"]


def test_the_absent_feature_speaks_against_it(tiny_ontology):
    _, discriminators = _read("There was no nystagmus to suggest eye movement disorder B.", tiny_ontology)
    [against] = discriminators
    assert against.candidates == ["eye movement disorder b"] and against.direction == "against"
    assert against.feature.absent and against.feature.hpo_ids == ["HP:0000639"]


def test_without_a_negation_to_suggest_reads_no_verdict(tiny_ontology):
    _, discriminators = _read("Nystagmus was enough to suggest eye movement disorder B.", tiny_ontology)
    assert all(d.direction != "against" for d in discriminators)
