"""A named option weighed by the case's words that its own knowledge records state.

The likelihood ratios of :mod:`clinicite.reason.scoring` weigh only the findings the case's text was read
as (HPO terms), and a board vignette's most telling words are often no phenotype term at all: "40
pack-years", "shipyard", "after a viral illness", "exclusively breastfed". The knowledge records of an
option say some of them in prose: an Orphanet definition ("... caused by the inhalation of asbestos
fibres"), the curated common cause's discriminating features ("smoking history ..."), an HPO term's
definition. Here each option's record texts are a small document and the case text is the query,
scored with Okapi BM25 (Robertson & Zaragoza 2009, "The probabilistic relevance framework: BM25 and
beyond"): a shared word counts by its inverse document frequency over every record text of the knowledge
base, discounted for a long text. The options map (:mod:`clinicite.reason.calibration`) weighs this
score beside the likelihood ratio with a weight fitted on MedQA's train split only; the words are shown
on the option's row with the record that states them, so the weight is traceable.

Words of the option's own names are not counted (a record that repeats its name says nothing about the
case), nor are words of fewer than four letters or the stop words below.
"""

from __future__ import annotations

import math
import re
import weakref
from dataclasses import dataclass

from clinicite.index.analysis import american
from clinicite.reason.common_causes import cause_of

K1, B = 1.2, 0.75                      # BM25's usual constants (Robertson & Zaragoza 2009), not fitted
_WORD = re.compile(r"[a-z][a-z-]{3,}")
_STOP = frozenset("""with that this from have which their there than they them were been also into such most
more other some only when where while after before about over under between within without often usually may
can could would should does patient patients disease diseases disorder disorders syndrome syndromes caused
cause causes characterized characterised rare common type types form forms including include includes
associated clinical features feature presents present presenting year years old
diagnosis diagnoses diagnosed likely following which
woman women female females girl girls male males boy boys child children infant infants infancy newborn
neonate neonates baby babies toddler adolescent adolescents teenager adult adults elderly aged""".split())
# The next-to-last line: the question's own words. The last two: the patient's sex and age group, which the
# options' priors weigh already (age- and sex-dependent); as words they would count them twice ("the case's words
# 'woman'" for lupus).
_SUFFIXES = ("ation", "ing", "ness", "ie", "ous", "ed", "e", "al", "ic")


def stem(word: str) -> str:
    """A light suffix-stripping stem: "smoking", "smoker", "smokers" -> "smok"; "fibres" / "fibrosis" stay apart."""
    word = word.strip("-")
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word[:-2] if word.endswith("er") and len(word) >= 6 else word


def words_of(text: str) -> set[str]:
    """Stems of the content words, British spellings made American first (the one spelling table)."""
    return {stem(w) for w in _WORD.findall(american(text.lower())) if w not in _STOP}


@dataclass(frozen=True)
class RecordText:
    record: str                        # "ORPHA:2302", "CLINICITE:copd", "HP:0002110"
    kind: str                          # "definition", "discriminating features", "phenotype definition"
    text: str


@dataclass(frozen=True)
class WordMatch:
    score: float                       # BM25 of the case text against the option's record texts
    words: tuple[str, ...]             # the case's words that the texts state, best first
    records: tuple[str, ...]           # the records whose text holds them


def record_texts(kb, disease_ids: list[str]) -> list[RecordText]:
    """The prose the sources hold about one disease group: definitions and curated discriminating features."""
    texts = []
    for disease_id in dict.fromkeys(i for d in disease_ids for i in kb.equivalent_ids(d)):
        cause = cause_of(disease_id)
        if cause is not None:
            texts.append(RecordText(disease_id, "discriminating features", "; ".join(cause.discriminators)))
        record = kb.diseases.get(disease_id)
        if record is not None and record.definition:
            texts.append(RecordText(disease_id, "definition", record.definition))
    return texts


def term_texts(kb, term: str) -> list[RecordText]:
    definition = getattr(kb.ontology.terms.get(term), "definition", None)
    return [RecordText(term, "phenotype definition", definition)] if definition else []


_STATS: "weakref.WeakKeyDictionary[object, tuple[dict[str, int], int, float]]" = weakref.WeakKeyDictionary()


def _statistics(kb) -> tuple[dict[str, int], int, float]:
    """Document frequency of each word over every record text, their number and mean length (words)."""
    found = _STATS.get(kb)
    if found is None:
        frequency: dict[str, int] = {}
        lengths = []
        from clinicite.reason.common_causes import load_common_causes
        every = [r.definition for r in kb.diseases.values() if r.definition]
        every += ["; ".join(c.discriminators) for c in load_common_causes()[1].values()]
        for text in every:
            words = words_of(text)
            lengths.append(len(words))
            for word in words:
                frequency[word] = frequency.get(word, 0) + 1
        found = (frequency, max(len(lengths), 1), (sum(lengths) / len(lengths)) if lengths else 1.0)
        _STATS[kb] = found
    return found


def affirmed_text(text: str) -> str:
    """``text`` with what it states absent blanked out ("no wheezing or crackles are auscultated", "denies
    fever"): the scopes of the negation triggers the understand stage reads findings with (NegEx-style,
    Chapman et al. 2001; :mod:`clinicite.understand.context`), so a word the case denies never weighs for an
    option whose record states it."""
    from clinicite.understand import context
    spans: list[tuple[int, int]] = []
    for lo, hi in context.sentences(text):
        spans += context._pre_hits(context.NEGATION_PRE, text, lo, hi)
        spans += context._pre_hits(context.SHORT_PRE, text, lo, hi, short=True)
        spans += context._post_hits(context.NEGATION_POST, text, lo, hi)
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def word_match(kb, case_text: str | None, texts: list[RecordText], names: list[str]) -> WordMatch | None:
    """BM25 of the case's words against one option's record texts (one document), None without texts."""
    if not case_text or not texts:
        return None
    frequency, n, mean_length = _statistics(kb)
    excluded = set().union(*(words_of(name) for name in names)) if names else set()
    document = set().union(*(words_of(t.text) for t in texts)) - excluded
    surface: dict[str, str] = {}
    for word in _WORD.findall(american(case_text.lower())):
        if word not in _STOP:
            surface.setdefault(stem(word), word.strip("-"))
    query = set(surface) - excluded
    norm = K1 * (1 - B + B * len(document) / mean_length)
    weighed = []
    for word in query & document:
        df = frequency.get(word, 0)
        idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
        weighed.append((idf * (K1 + 1) / (1 + norm), word))
    weighed.sort(reverse=True)
    records = tuple(dict.fromkeys(t.record for t in texts if any(w in words_of(t.text) for _, w in weighed)))
    return WordMatch(round(sum(s for s, _ in weighed), 4), tuple(surface[w] for _, w in weighed), records)


def option_word_match(kb, case_text: str | None, option: str, disease_id: str | None = None,
                      term: str | None = None) -> WordMatch | None:
    """The case's words in the prose of one option's records: its knowledge group's (``disease_id``) or,
    for an option only a phenotype term names, the term's definition. The case's options (a pasted block, an
    inline "is this A or B?") are left out (the asker's list is not the case), and so are the option's and its
    records' own names."""
    from clinicite.reason.case_words import without_options
    if disease_id is not None:
        texts = record_texts(kb, [disease_id])
        names = [option, *(n for i in kb.equivalent_ids(disease_id) if i in kb.diseases for n in kb.names_of(i))]
        cause = cause_of(disease_id)
        names += cause.synonyms if cause is not None else []
    elif term is not None:
        texts, names = term_texts(kb, term), [option, kb.label(term)]
    else:
        return None
    return word_match(kb, affirmed_text(without_options(case_text)) if case_text else None, texts, names)
