""""Which of these?": rank exactly the diagnoses a question names.

:func:`detect_options` reads candidate diagnoses out of a question ("is this
rickets, scurvy or lead poisoning?", "A vs B"); :func:`resolve_option` finds
each name among the diseases the sources hold (knowledge-base names and
synonyms, the curated common causes, reason-lit's vocabulary when present), first
exactly, then by a token-order-insensitive fuzzy match (rapidfuzz) strict enough
that "Kawasaki disease" finds "Kawasaki syndrome" and "melanoma" does not find
"melanoma-astrocytoma syndrome". :func:`rank_options` scores them with the same
numbers as the free differential (:func:`clinicite.reason.engine.score_all`) and
normalises over the named options, since the question says the answer is one of
them, through a map fitted on MedQA's train split
(:func:`clinicite.reason.calibration.option_probabilities`); an option the sources
do not hold is listed as not covered and keeps its fitted share, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import replace
from rapidfuzz import fuzz, process

from clinicite.reason.calibration import OPTIONS_MAP, option_probabilities
from clinicite.reason.differential import Differential
from clinicite.reason.engine import CaseInput, engine_parameters, knowledge_row, literature_row, score_all
from clinicite.reason.explain import FindingWeight, unrecognised_note
from clinicite.reason.options_words import option_word_match
from clinicite.reason.phenotype_option import phenotype_row, phenotype_term
from clinicite.reason.mentions import disease_lexicon, normalise
from clinicite.understand.option_text import detect_options as read_options
from clinicite.reason.scoring import Parameters

FUZZY_CUTOFF = 90
FAMILY_SIZE = 60            # most diseases a group name ("Osteopetrosis") may stand for


def detect_options(question: str, kb=None) -> list[str]:
    """The options a question names (:func:`clinicite.understand.option_text.detect_options`); with ``kb``,
    whether the sources hold a name also decides a shared head noun ("type 1 or type 2 diabetes")."""
    known = (lambda name: bool(resolve_option_ids(kb, name, family=False))) if kb is not None else None
    return read_options(question, known)


def _vocabulary_ids(vocabulary, kb, name: str) -> list[str]:
    """Knowledge-base ids the disease vocabulary links to the name ("Kawasaki disease" -> its records)."""
    if vocabulary is None:
        return []
    from clinicite.reason.vocabulary import link_knowledge_base
    concept = link_knowledge_base(vocabulary, kb).lookup(name)
    return [c for c in concept.codes if c in kb.diseases] if concept is not None else []


def _curated_names() -> dict[str, str]:
    from clinicite.reason.common_causes import load_common_causes
    return {normalise(n): cause.id for cause in load_common_causes()[1].values() for n in [cause.name, *cause.synonyms]}


def _option_key(name: str) -> str:
    plain = re.sub(r"['\u2019]s\b", "", re.sub(r"\([^)]*\)", " ", name))     # "Crohn’s disease (CD)"
    return normalise(plain)


def resolve_option_ids(kb, name: str, vocabulary=None, family: bool = True) -> list[str]:
    """Knowledge-base ids a named diagnosis may stand for, best first; [] when the sources do not hold it.

    A curated common cause wins over a record of the same name; a name that is only an Orphanet group
    ("Osteopetrosis") stands for the candidate diseases whose names contain all its words (unless
    ``family`` is False: then only a name, synonym or close spelling of one disease counts).
    """
    lexicon, curated = disease_lexicon(kb), _curated_names()
    key = _option_key(name)
    variants = [key, key.replace("anaemia", "anemia"), key.replace("haem", "hem").replace("oe", "e"),
                key.removesuffix(" disease"), key.removesuffix(" syndrome")]
    # Exact names and synonyms first, in this order: a curated cause, a knowledge-base name, the vocabulary's
    # concept of that exact name (whose records must still name the same disease); fuzzy spelling only after.
    found = [curated[v] for v in variants if v in curated and curated[v] in kb.row_of]
    found += [lexicon[v] for v in variants if v in lexicon]
    concept = vocabulary.lookup(name) if vocabulary is not None else None
    heads = {head_word(n) for n in [name, *(concept.names() if concept is not None else [])]} - {""}
    found += [kb.equivalent_ids(i)[0] for i in _vocabulary_ids(vocabulary, kb, name) if _shares_head(kb, i, heads)]
    if not any(_row(kb, i) is not None for i in found):
        match = process.extractOne(key, lexicon.keys(), scorer=fuzz.token_sort_ratio, score_cutoff=FUZZY_CUTOFF)
        found = [lexicon[match[0]]] if match and lexicon[match[0]] and _shares_head(kb, lexicon[match[0]], heads) \
            else []
    if found and any(_row(kb, i) is not None for i in found):
        return list(dict.fromkeys(i for i in found if _row(kb, i) is not None))
    words = key.split() if family else []
    members = [i for n, i in lexicon.items() if words and i and _kind_of(words, n.split()) and _row(kb, i) is not None
               and _shares_head(kb, i, heads)]
    return list(dict.fromkeys(members))[:FAMILY_SIZE] if words else []


_DESIGNATORS = re.compile(r"^(?:type|types|subtype|form|group|[ivx]+|\d+[a-z]?|[a-z]|[a-z]\d+)$")
_GENERIC_HEADS = {"syndrome", "disease", "disorder", "complex", "phenomenon"}
# adjectives written after their noun: the head of "diabetes mellitus" is "diabetes"
_POSTPOSITIVE = {"mellitus", "insipidus", "simplex", "congenita", "tarda", "vulgaris", "gravis", "multiforme",
                 "gangrenosum", "nodosum", "pectoris", "perstans"}
_HEAD_STOPS = {"with", "in", "of", "due", "after", "without", "secondary", "plus", "or", "and", "caused", "from", "to"}


def head_word(name: str) -> str:
    """The disease a name is about, as its head noun: "Albinism, oculocutaneous, type III" -> "albinism",
    "Squamous cell carcinoma of the esophagus" -> "carcinoma", "Congenital rubella pneumonitis" -> "pneumonitis",
    "Vitiligo-associated multiple autoimmune disease susceptibility 1" -> "susceptibility", "Kawasaki disease"
    and "Kawasaki syndrome" -> "kawasaki syndrome", "Congenital rubella syndrome" -> "rubella syndrome" (not
    rubella). The head region ends at the first comma (an inverted name) or connective ("with", "in", "of");
    after "X-associated" the head is what follows; type designators are dropped."""
    plain = re.sub(r"['\u2019]s\b", "", re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", name.lower()))
    words = re.findall(r"[a-z0-9]+", plain.split(",")[0])
    if "associated" in words[1:]:
        words = words[words.index("associated", 1) + 1:]
    cut = next((i for i, w in enumerate(words) if w in _HEAD_STOPS and i > 0), len(words))
    words = words[:cut]
    while len(words) > 1 and (_DESIGNATORS.match(words[-1]) or words[-1] in _POSTPOSITIVE):
        words.pop()
    if len(words) > 1 and words[-1] in _GENERIC_HEADS:
        return f"{_singular(words[-2])} syndrome"     # "Kawasaki disease" = "Kawasaki syndrome"; not "rubella"
    return _singular(words[-1]) if words else ""


def _singular(word: str) -> str:
    """"tumors" -> "tumor", "fibroadenomas" -> "fibroadenoma"; "psoriasis", "abscess", "herpes" stay."""
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "is", "us", "es")):
        return word[:-1]
    return word


def _shares_head(kb, disease_id: str, heads: set[str]) -> bool:
    """Whether a knowledge-base disease is about the option's disease: one of its names (of any record of its
    group) has the head of the option or of the option's vocabulary concept ("Rubella" is not "Congenital
    syphilis", "Renal cell carcinoma" not "Bladder cancer"; "Chickenpox" is "Varicella" through the concept)."""
    names = [n for i in kb.equivalent_ids(disease_id) if i in kb.diseases for n in kb.names_of(i)]
    return not heads or any(head_word(n) in heads for n in names)


def _kind_of(words: list[str], name: list[str]) -> bool:
    """Whether a disease name is a kind of the option: "autosomal recessive osteopetrosis", "squamous cell
    carcinoma of the esophagus" and "albinism, oculocutaneous, type III" are; "deafness-vitiligo syndrome",
    "congenital rubella syndrome", "retinal detachment-occipital encephalocele syndrome", "HELLP ... in
    pregnancy" and "deafness, neural, with atypical atopic dermatitis" are not: there the option is only a
    part or a setting of another disease, which the name's head (the words before "with", "in", "of", "and"
    ...) or its own "syndrome"/"disease" head says. Found by reading MedQA train vignettes' options."""
    width = len(words)
    cut = next((i for i, w in enumerate(name) if w in _CONNECTIVES), len(name))
    for start in range(min(cut, len(name)) - width + 1):
        if name[start:start + width] == words:
            end = start + width
            after = name[end] if end < len(name) else None
            if start > 0 and after in _COMPOUND_HEADS:
                continue
            if end < cut and name[cut - 1] in _COMPOUND_HEADS and name[end] not in _COMPOUND_HEADS:
                continue                  # "retinal detachment occipital encephalocele syndrome"
            return True
    return False


_COMPOUND_HEADS = {"syndrome", "disease", "disorder", "complex", "association", "sequence"}
_CONNECTIVES = {"with", "in", "of", "and", "due", "after", "without", "associated", "secondary", "plus", "or"}


def _row(kb, disease_id: str) -> int | None:
    return next((kb.row_of[i] for i in kb.equivalent_ids(disease_id) if i in kb.row_of), None)


def resolve_option(kb, name: str, vocabulary=None) -> str | None:
    """The first id :func:`resolve_option_ids` finds, or None."""
    ids = resolve_option_ids(kb, name, vocabulary)
    return ids[0] if ids else None


def _option_evidence(scored, group: int) -> tuple[float, float]:
    """``(log LR, log prior)`` of a knowledge group, untempered: what the options map weighs."""
    prior = float(scored.group_prior[group]) if scored.group_prior is not None else 0.0
    return float(scored.group_score[group] * scored.temperature - prior), prior


def rank_options(kb, case: CaseInput, options: list[str], searcher=None,
                 params: Parameters | None = None) -> Differential:
    """Exactly the named options, best first, each with its evidence; unresolved ones in ``uncovered_options``.

    The probabilities are over every named option, the uncovered ones included (the options map of
    :mod:`clinicite.reason.calibration`, fitted on MedQA's train split): when the sources hold only some of the
    options, the ones they do not hold keep the share the training vignettes give them, so a named option the
    sources know nothing about is not silently given 0%.
    """
    params = engine_parameters(params)
    named = list(dict.fromkeys(o.strip() for o in options if o and o.strip()))
    known = [t for t in case.observed if kb.ontology.resolve(t) in kb.term_index]
    if not known and not case.genes:
        return _options_without_findings(case, named, params, kb)
    scored = score_all(kb, replace(case, observed=known), searcher, params)
    rows, evidence, uncovered, words = [], [], [], []
    literature_keys = {normalise(c.name): i for i, c in enumerate(scored.literature_only)}
    for option in named:
        groups = {int(kb.row_group[row]) for i in resolve_option_ids(kb, option, case.vocabulary)
                  if (row := _row(kb, i)) is not None}
        # A group name stands for its best-fitting member.
        group = max(groups, key=lambda g: scored.group_score[g]) if groups else None
        term = phenotype_term(kb, option) if group is None else None
        match = option_word_match(kb, case.text, option, kb.candidates[int(scored.best_rows[group])]
                                  if group is not None else None, term)
        if group is not None:
            diagnosis = knowledge_row(kb, scored, group, 0)
            evidence.append(_option_evidence(scored, group))
        elif normalise(option) in literature_keys:
            index = literature_keys[normalise(option)]
            diagnosis = literature_row(scored, index, 0)
            candidate = scored.literature_only[index]
            evidence.append((candidate.log_lr, float(scored.literature_score[index] * scored.temperature
                                                     - candidate.log_lr)))
        elif term is not None:
            diagnosis, weight = phenotype_row(kb, term, option, known, params)
            evidence.append((weight,))
        else:
            uncovered.append(option)
            continue
        diagnosis.name = f"{option}" if normalise(option) == normalise(diagnosis.name) else \
            f"{option} ({diagnosis.name})"
        words.append(match.score if match else None)
        _show_words(diagnosis, match)
        rows.append(diagnosis)
    probabilities = option_probabilities([*evidence, *([None] * len(uncovered))], words=[*words, *([None] *
                                                                                                  len(uncovered))])
    for diagnosis, probability in zip(rows, probabilities):
        diagnosis.probability = float(probability)
    rows.sort(key=lambda d: -d.probability)
    for rank, diagnosis in enumerate(rows, start=1):
        diagnosis.rank = rank
    left = float(probabilities[len(rows):].sum())
    differential = Differential(rows, list(case.observed), list(case.excluded), [], left, params,
                                considered=len(rows), genes=list(case.genes), uncovered_options=uncovered)
    described = _uncovered_names(case.vocabulary, uncovered)
    if not rows:
        differential.status = "not_covered"
        differential.reason = "The sources hold none of the named diagnoses: " + described + "."
    elif uncovered:
        differential.note = (f"The sources do not cover {described}: nothing weighs for or against "
                             f"{'them' if len(uncovered) > 1 else 'it'}, so together they keep {left:.0%} "
                             "(in the training vignettes the answer was often an option the sources do not hold).")
    else:
        differential.note = "Probabilities are shared among the named options only."
    return differential


def _show_words(diagnosis, match) -> None:
    """The case's words that the option's records state, on its row, with the records that state them and the
    weight the options map gives them (in the options' log-odds)."""
    weight = OPTIONS_MAP.get("words", 0.0) * match.score if match is not None else 0.0
    if weight <= 0.0:
        return
    shown = ", ".join(f"'{w}'" for w in match.words[:6])
    diagnosis.for_.append(FindingWeight(None, f"the case's words {shown} in the text of {', '.join(match.records)}",
                                        weight, explanation="words of the case that the record's definition or "
                                        "discriminating features state (BM25 over the records' prose)"))


def _options_without_findings(case: CaseInput, named: list[str], params: Parameters, kb=None) -> Differential:
    """No finding to weigh: the options are listed, not ranked (age and sex alone do not choose among them)."""
    reason = ("No finding was recognised in the case, so the named diagnoses (" + ", ".join(named) + ") are not "
              "ranked: age and sex alone do not choose among them." + unrecognised_note(case, kb) +
              " Describe the signs, symptoms or test results.")
    return Differential([], list(case.observed), list(case.excluded), [], 1.0, params, status="no_findings",
                        reason=reason, uncovered_options=[])


def _uncovered_names(vocabulary, uncovered: list[str]) -> str:
    """The options not ranked, each saying whether it is a disease the vocabulary knows but nothing weighs."""
    described = []
    for option in uncovered:
        concept = vocabulary.lookup(option) if vocabulary is not None else None
        kind = f"{concept.category} " if concept is not None and concept.category != "other" else ""
        described.append(f"{option} (a known {kind}diagnosis, but no knowledge record or passage gives its "
                         "findings)" if concept is not None else option)
    return ", ".join(described)
