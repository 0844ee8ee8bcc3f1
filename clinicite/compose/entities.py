"""Candidate answers to factoid and list questions: the names the evidence sentences give.

A factoid question ("Which gene is mutated in ...?") is answered by a name, a
list question by several. Candidates are the noun-like word runs of the
evidence sentences (runs between function words, verbs and punctuation, up to
four words), minus the words of the question itself. Each is ranked by its
support: how many sources and sentences state it, weighted by the sentences'
relevance, with a bonus for the shape of a proper name (capitals, digits,
hyphens: gene symbols, drugs, eponyms) and for rarity in abstracts at large
(the background word frequencies of :mod:`clinicite.compose.bottom_line`).
This follows the redundancy principle of extractive QA (Clarke, Cormack &
Lynam, 2001, "Exploiting redundancy in question answering").
"""

from __future__ import annotations

import re
from collections import Counter

from clinicite.compose.answer_types import FIT, GENERIC, PARTIAL_FIT, SECTION_LABELS, abbreviates_plain_words, family, type_fit
from clinicite.compose.candidate import Candidate
from clinicite.compose.entities_numbers import quantity_candidates, quantity_kind
from clinicite.compose.evidence import Evidence
from clinicite.compose.sentences import content_terms
from clinicite.understand.normalize import STOPWORDS
from clinicite.understand.question import answer_type

_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9'\-/+.]*[A-Za-z0-9+]|[A-Za-z0-9]")
# Words that end a candidate run: verbs and hedges that link names rather than being part of them.
_BREAK = frozenset("""is are was were be been being has have had do does did can could may might will would should
shall must not no nor and or but than that which who whom whose what when where why how this these those it its
their there here also such both either neither each all any some many most more less other another only very
well however thus therefore although while whereas because since via per using used use including include like unlike
includes included show shows showed shown found find finds reported report reports suggest suggests suggested
associated caused causes cause lead leads led result results resulted observed identified revealed indicate
indicates indicated demonstrate demonstrated known called named termed considered involved seen compared among
between within without against during after before into onto upon about above below over under patients
patient study studies case cases role effect effects type types form forms level levels novel new recent several
various different common important significant significantly mainly mostly often usually frequently rarely
we our us they them first second one two three four five treatment treatments therapy
progression survival risk increased decreased reduced compared placebo control controls group groups""".split())
MAX_WORDS = 4


def _runs(sentence: str) -> list[str]:
    """Noun-like runs of up to four tokens between breaking words and punctuation."""
    runs: list[str] = []
    for clause in re.split(r"[,;:()\[\]]|\s-\s|\.\s", sentence):
        current: list[str] = []
        for token in _TOKEN.findall(clause):
            lowered = token.lower()
            if lowered in _BREAK or lowered in STOPWORDS:
                if current:
                    runs.append(" ".join(current))
                current = []
                continue
            current.append(token.rstrip("."))
        if current:
            runs.append(" ".join(current))
    found = []
    for run in runs:
        words = run.split()
        # Every contiguous piece of a long run is a candidate: "the SCN5A gene" gives "SCN5A" and "SCN5A gene".
        for size in range(1, min(MAX_WORDS, len(words)) + 1):
            for begin in range(0, len(words) - size + 1):
                found.append(" ".join(words[begin:begin + size]))
    return found


_ADJECTIVE = re.compile(r"^[a-z]+(?:al|ive|ic|ous|ary|ent|ant|ible|able|ular|ed|ing)$")


def _name_shape(text: str) -> float:
    if _ADJECTIVE.match(text):
        return 0.4      # "selective", "acute" on their own qualify a name rather than being one
    if re.search(r"[A-Z].*[A-Z0-9]|\d", text[1:] if len(text) > 1 else text):
        return 1.6      # SCN5A, BRCA1, IL-6, CHARMS
    if text[:1].isupper():
        return 1.15
    return 1.0


def _dashes(text: str) -> str:
    return re.sub(r"[\u2010-\u2015\u2212]", "-", text)


def rank_candidates(question: str, evidence: list[Evidence], indices: list[int], limit: int = 10,
                    vocabulary=None) -> list[Candidate]:
    """Candidate answers named in the sentences ``indices``, best supported first; a candidate of the kind the
    question asks for (:mod:`clinicite.compose.answer_types`) counts more."""
    from clinicite.compose.bottom_line import background_idf
    asked = set(content_terms(_dashes(question)))
    question_words = frozenset(w.lower() for w in _TOKEN.findall(_dashes(question)))
    kind = answer_type(question)
    typed = family(kind) is not None      # a gene, drug, disease or organism is asked for, not a number
    found: dict[str, Candidate] = {}
    spellings: dict[str, Counter] = {}
    for i in indices:
        item = evidence[i]
        if item.kind != "sentence":
            continue
        seen: set[str] = set()
        for run in _runs(_dashes(item.statement)):
            if family(kind) == "gene":
                run = _ANTI.sub("", run)      # "anti-CD19 antibodies": the target is CD19
            terms = content_terms(run)
            if not terms or set(terms) <= asked or len(run) < 2 or run.isdigit() or run.lower() in SECTION_LABELS:
                continue
            if " " not in run and run.islower() and run.endswith(("ed", "ing", "ly")):
                continue      # a participle or adverb on its own names nothing
            if typed and " " in run and run.split()[0].isdigit():
                continue      # "8000 differentially expressed genes": a count of things, not a gene's name
            key = " ".join(terms)
            if key in seen:
                continue
            seen.add(key)
            candidate = found.setdefault(key, Candidate(run))
            spellings.setdefault(key, Counter())[run] += 1
            candidate.sources.add(item.source.id)
            candidate.evidence.append(i)
            new = [t for t in terms if t not in asked]
            rarity = sum(background_idf(t) for t in new) / (8.0 * len(new)) if new else 0.0
            # The square root of the search's relevance: a list's items are spread over many retrieved sentences,
            # and the steep fall of fused ranks hid all but the first (replayed on 7B-9B: list F1 0.327 -> 0.345).
            candidate.score += max(item.relevance, 0.05) ** 0.5 * rarity * _name_shape(run) * (1.0 - 0.12 * (len(terms) - 1))
    pairs = _abbreviations([evidence[i].statement for i in indices if evidence[i].kind == "sentence"])
    _drop_asked_abbreviations(found, pairs, asked)
    for key, candidate in found.items():
        # The spelling the sources use most ("statins" over a sentence-initial "Statin"); ties keep the first.
        candidate.text = spellings[key].most_common(1)[0][0]
        candidate.fit = type_fit(candidate.text, kind, vocabulary, question_words)
    _name_before_type_word(found, kind, vocabulary)
    _plain_abbreviations(found, pairs, kind)
    for candidate in found.values():
        candidate.score *= (1.0 + 0.5 * (len(candidate.sources) - 1)) * candidate.fit
    _fold_into_typed_long_forms(found, pairs | _initialisms(found))
    ranked = _without_overlap(sorted(found.values(), key=lambda c: -c.score), limit)
    quantity = quantity_kind(question)
    if quantity:
        # A count, share or date is the answer; the noun runs stay as context after it.
        numbers = quantity_candidates(question, evidence, indices, quantity)
        ranked = (numbers + [c for c in ranked if c.text.lower() not in {n.text.lower() for n in numbers}])[:limit]
    return ranked


_ANTI = re.compile(r"^anti-(?=[A-Z0-9])")
# A symbol-like token: a capital after the first letter or a digit ("MATLAB", "ExpressDB", "SCN5A"), not a
# sentence-initial word ("Plasma adipokine").
_NAME_TOKEN = re.compile(r"^[A-Za-z0-9](?=[A-Za-z0-9\-/.]*[A-Z0-9])[A-Za-z0-9\-/.]*$")
# Type words that are part of the names of their kind: "AMPK/Sirt1 pathway", "SWI/SNF complex", "Wnt family".
_NAMED_WITH = frozenset("pathway complex family domain cascade axis system region site".split())


def _name_before_type_word(found: dict[str, Candidate], kind: str | None, vocabulary=None) -> None:
    """"MATLAB environment" for "Under which environment ...?", "SCN5A gene" for "Which gene ...?": the answer is
    the name before the asked type word, a symbol-like token. Its support and fit go to that name (created when
    the sources never write it alone). Diseases, drugs and composite kinds keep their type word."""
    head = kind.split()[-1] if kind else None
    # A drug question's "IDH1 inhibitors" names a target, not a drug; a disease keeps its type word.
    if not head or family(kind) not in (None, "gene") or head in _NAMED_WITH:
        return
    for key, candidate in list(found.items()):
        words = candidate.text.split()
        if len(words) != 2 or _plain_word(words[1].lower()) != head or not _NAME_TOKEN.match(words[0]):
            continue
        name_key = " ".join(content_terms(words[0]))
        if not name_key or name_key == key:
            continue
        name = found.setdefault(name_key, Candidate(words[0]))
        name.score += candidate.score
        name.sources |= candidate.sources
        name.evidence += [i for i in candidate.evidence if i not in name.evidence]
        name.fit = max(name.fit, candidate.fit, type_fit(words[0], kind, vocabulary))
        del found[key]


def _plain_word(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith(("ss", "us", "is")) else word


def _abbreviations(sentences: list[str]) -> set[tuple[str, str]]:
    """(short form, long form) pairs the sources define, found as by Schwartz & Hearst (PSB 2003)."""
    from clinicite.reason.mentions import abbreviation_definitions
    return {(short, full) for sentence in sentences for short, full in abbreviation_definitions(_dashes(sentence))}


def _plain_abbreviations(found: dict[str, Candidate], pairs: set[tuple[str, str]], kind: str | None) -> None:
    """A short form the sources define for a phrase of common words ("skeletal muscle (SM)") is no symbol of
    the asked kind, whatever its capitals: it loses the fit its shape gave it."""
    for short, full in pairs:
        key = " ".join(content_terms(short))
        if key in found and found[key].fit > 1.0 and abbreviates_plain_words(full, kind):
            found[key].fit = 1.0


def _fold_into_typed_long_forms(found: dict[str, Candidate], pairs: set[tuple[str, str]]) -> None:
    """"Joubert syndrome (JBTS)": when only the long form is of the asked kind, the short form's support
    goes to it. (Merging every name with its abbreviation was tried on 7B-9B and lost factoid accuracy.)"""
    for short, full in pairs:
        short_key, full_key = " ".join(content_terms(short)), " ".join(content_terms(full))
        if short_key in found and full_key in found and short_key != full_key and \
                found[full_key].fit >= FIT > found[short_key].fit:
            found[full_key].score += found[short_key].score
            found[full_key].evidence += [i for i in found[short_key].evidence if i not in found[full_key].evidence]
            del found[short_key]


def _initialisms(found: dict[str, Candidate]) -> set[tuple[str, str]]:
    """(short, long) pairs among the candidates themselves: a short form in capitals spelling the initials of a
    name of two or more words ("MS", "multiple sclerosis"), which the sources use without defining it."""
    longs: dict[str, str] = {}
    for candidate in found.values():
        words = re.split(r"[\s\-]+", candidate.text)
        if len(words) >= 2 and all(w[:1].isalpha() for w in words):
            longs.setdefault("".join(w[0] for w in words).upper(), candidate.text)
    return {(c.text, longs[c.text]) for c in found.values()
            if 2 <= len(c.text) <= 5 and c.text.isupper() and c.text.isalpha() and c.text in longs}


def _drop_asked_abbreviations(found: dict[str, Candidate], pairs: set[tuple[str, str]], asked: set[str]) -> None:
    """Drop an abbreviation the sources define for the question's own term ("CSS" for "Coffin-Siris
    syndrome (CSS)" when that syndrome is asked about)."""
    for short, full in pairs:
        short_key, full_terms = " ".join(content_terms(short)), content_terms(full)
        if short_key in found and full_terms and set(full_terms) <= asked:
            del found[short_key]


PHRASE_SHARE = 0.5     # a longer name replaces its better-ranked part when it has this share of its support


def _without_overlap(ranked: list[Candidate], limit: int) -> list[Candidate]:
    """One candidate per name: "ulcerative colitis" replaces "colitis" when it is nearly as well supported;
    a part of a name already kept is dropped."""
    kept: list[Candidate] = []
    for candidate in ranked:
        words = set(content_terms(candidate.text))
        inside = [n for n, k in enumerate(kept) if set(content_terms(k.text)) < words]
        if any(words <= set(content_terms(k.text)) for k in kept):
            continue
        if inside:
            if all(candidate.score >= PHRASE_SHARE * kept[n].score for n in inside):
                first = inside[0]
                kept[first] = candidate
                kept = [k for n, k in enumerate(kept) if n == first or n not in inside]
            continue
        if len(kept) < limit * 2:
            kept.append(candidate)
    return kept[:limit]


# A list answer names the candidates with at least this share of the best one's support (chosen on 7B-9B).
LIST_SHARE = 0.5
LIST_MAX = 8
TYPED_LIST_MIN = 2     # a list keeps only candidates of the asked kind when at least this many fit
FACTOID_MAX = 5        # BioASQ scores up to five ranked factoid answers (MRR)


def shown_candidates(form: str, candidates: list[Candidate]) -> list[Candidate]:
    """The candidates an answer names: the top five for a factoid, the well-supported ones for a list."""
    if not candidates:
        return []
    # The type word on its own ("Mutations", "genes") names nothing; it is no answer while anything else is.
    candidates = [c for c in candidates if c.fit > GENERIC] or candidates
    fitting = [c for c in candidates if c.fit >= FIT]
    if form == "list" and len(fitting) >= TYPED_LIST_MIN:
        # The sources name several things of the kind asked for: the others are context, not answers. Names of a
        # plausible shape stay ("lamivudine" beside "dolutegravir": a drug ending, no INN stem).
        candidates = [c for c in candidates if c.fit >= PARTIAL_FIT]
    if form == "factoid":
        return candidates[:FACTOID_MAX]
    shown = [c for c in candidates if c.score >= LIST_SHARE * candidates[0].score]
    return [part for c in shown for part in _slash_parts(c)][:LIST_MAX]


_SLASHED = re.compile(r"^[a-z]{3,}(?:/[a-z]{3,})+$")


def _slash_parts(candidate: Candidate) -> list[Candidate]:
    """A list item written as several names joined by slashes ("ezrin/radixin/moesin") is that many items;
    symbols or phrases with a slash ("AMPK/Sirt1 pathway", "G1/S") stay whole."""
    if not _SLASHED.match(candidate.text):
        return [candidate]
    return [Candidate(part, candidate.score, set(candidate.sources), list(candidate.evidence), candidate.fit)
            for part in candidate.text.split("/")]


def lead_with_entities(form: str, candidates: list[Candidate], asked: str | None = None) -> tuple[str, list[int]] | None:
    """The bottom line of a factoid or list answer and the sentences it cites; None without candidates.

    When the question asks for a gene, drug, disease or organism (``asked``, its answer type) and no name
    has that kind's shape or vocabulary, the bottom line says so: the names are what the sources hold, not
    confirmed answers ("SM" and "Malays" for "Which genes are associated with insulin resistance?")."""
    if not candidates:
        return None
    # Only for a bare kind ("gene", "antibiotic"): a named one ("ERM protein") is told by its members' names.
    unconfirmed = asked if family(asked) is not None and " " not in (asked or "") and \
        not any(c.fit >= PARTIAL_FIT for c in candidates) else None
    if form == "factoid":
        best = candidates[0]
        others = [c.text for c in candidates[1:3]]
        text = f"No {asked} is recognised in the sources held; the best supported name is {best.text}" \
            if unconfirmed else f"The sources name {best.text}"
        text += f" (other candidates: {', '.join(others)})" if others else ""
        return text + ".", best.evidence[:2]
    shown = shown_candidates(form, candidates)
    cited = [i for c in shown for i in c.evidence[:1]]
    # Said first, not in brackets: the names that follow are what the sources hold, not an answer.
    opening = f"No {asked} is recognised in the sources held; the names they give are: " if unconfirmed \
        else "The sources name: "
    return opening + "; ".join(c.text for c in shown) + ".", list(dict.fromkeys(cited))
