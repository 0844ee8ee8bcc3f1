"""Plain words for patients: how many hard sentences of real abstracts are reworded, and how much plainer.

Usage: python bench/plain_words.py [../shared/data/pubmedqa]

Every sentence of the PubMedQA abstracts (ori_pqal.json) above school grade 8 (Flesch-Kincaid, as in
clinicite.compose.audience) is put through clinicite.compose.plain_language.reword with the glossary
and the full HPO's layperson synonyms. Printed per part (the 500 official test PMIDs and the other
500, separately; nothing is fitted on either, the glossary was written before this was run):
how many sentences were reworded (passed the source check), explained (check failed: original kept
with terms in brackets) or left unchanged (no known term, or the plain words were not plainer), and
the mean grade, hard words (3+ syllables) and share at grade 8 or lower, for the baseline (every
sentence as written, which is what the patient version showed before) and for the reworded text.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from statistics import mean

from clinicite.compose.audience import PATIENT_GRADE_LIMIT, sentence_grade
from clinicite.compose.plain_language import hard_words, lexicon_for, matches_source, reword
from clinicite.compose.sentences import split_sentences
from clinicite.ingest.hpo import load_ontology


def sentences(records: dict, pmids: list[str]) -> list[str]:
    found = []
    for pmid in pmids:
        for context in records[pmid]["CONTEXTS"]:
            found += [s.text for s in split_sentences(context)]
    return found


def measure(texts: list[str], lexicon) -> dict:
    hard = [t for t in texts if sentence_grade(t) > PATIENT_GRADE_LIMIT]
    results = [reword(t, [t], lexicon) for t in hard]
    after = [r.text if r.reworded else t for r, t in zip(results, hard)]
    reworded = [(r, t) for r, t in zip(results, hard) if r.reworded]
    assert all(matches_source(r.text, t, [t], r.terms) is None for r, t in reworded)
    return {
        "sentences": len(texts), "above_grade_8": len(hard),
        "reworded": len(reworded), "explained": sum(1 for r in results if not r.reworded and r.terms),
        "unchanged": sum(1 for r in results if not r.reworded and not r.terms),
        "baseline_mean_grade": round(mean(sentence_grade(t) for t in hard), 2),
        "reworded_mean_grade": round(mean(sentence_grade(t) for t in after), 2),
        "baseline_hard_words": round(mean(hard_words(t) for t in hard), 2),
        "reworded_hard_words": round(mean(hard_words(t) for t in after), 2),
        "baseline_share_at_8": round(sum(sentence_grade(t) <= PATIENT_GRADE_LIMIT for t in hard) / len(hard), 3),
        "reworded_share_at_8": round(sum(sentence_grade(t) <= PATIENT_GRADE_LIMIT for t in after) / len(hard), 3),
        "examples": [{"source": t, "plain": r.text} for r, t in reworded[:3]],
    }


def main() -> None:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/pubmedqa")
    records = json.loads((folder / "ori_pqal.json").read_text())
    test = set(json.loads((folder / "test_ground_truth.json").read_text()))
    lexicon = lexicon_for(load_ontology())
    parts = {"test-500": sorted(p for p in records if p in test), "other-500": sorted(p for p in records if p not in test)}
    for name, pmids in parts.items():
        print(json.dumps({"part": name, **measure(sentences(records, pmids), lexicon)}, ensure_ascii=False))


if __name__ == "__main__":
    main()
