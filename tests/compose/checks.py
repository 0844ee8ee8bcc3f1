"""Assertions every answer must pass: cited, traceable, no untrusted markup."""

from __future__ import annotations

from clinicite.compose import Answer


def assert_traceable(answer: Answer, documents: dict, ontology=None) -> None:
    """Every bullet is cited; every citation names a reference and the exact span of its source."""
    numbers = {r.n for r in answer.references}
    assert sorted(numbers) == list(range(1, len(numbers) + 1))
    for section in answer.sections:
        for bullet in section.bullets:
            assert bullet.citations, f"uncited bullet: {bullet.text}"
    for row in answer.differential:
        assert row.citations, f"uncited differential row: {row.name}"
    for citation in answer.citations():
        reference = answer.reference(citation.n)
        assert reference is not None, f"citation [{citation.n}] resolves to no reference"
        assert reference.id == citation.document_id
        if citation.document_id.startswith("HP:"):
            assert ontology is not None
            text = ontology.get(citation.document_id).definition
        else:
            text = documents[citation.document_id].text
        assert text[citation.start:citation.end] == citation.quote


def bullet_texts(answer: Answer) -> list[str]:
    return [b.text for s in answer.sections for b in s.bullets]
