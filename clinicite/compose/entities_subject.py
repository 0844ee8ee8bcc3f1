"""Whether the sources held are about what a factoid or list question asks about.

"Which gene is mutated in Marfan syndrome?" asks for a gene *of Marfan syndrome*. Over a corpus without
a word on Marfan syndrome, the names the search brings back (a muscle-transcriptome study's "SM",
"Malays") answer another question. The question's **subject** is its rare words outside the kind of thing
asked for (the lexical answer type, :func:`clinicite.understand.question.answer_type`): "marfan" here,
read by background IDF as :mod:`clinicite.compose.verdict_subject` reads a yes/no question's agent. A
source is about the subject when its title or a sentence held from it names one of those words, in the
same spellings the yes/no gate accepts: the same stem, the initials of the question's words ("ALS"), an
abbreviation a source defines (Schwartz & Hearst, 2003), a short form that spells the question's words,
or a near spelling of a long word. Candidate answers are read only from sources about the subject; when
no source held is, the answer abstains and says so (the PICO reading of a question as the population or
problem it is about: Richardson et al., 1995).

Requiring one of the subject's words, not all of them, and per source rather than per sentence, keeps a
source whose other sentences name the subject ("FBN1 mutations were found in 90%" under a title on
Marfan syndrome) and one that names the condition by a single word of it. A record held without its title
(a snippet) is never judged off the subject: the title is where a record names what it is about, and
BioASQ's gold snippets, which answer the question without naming it ("It is used in traditional medicine
as ..."), are such records.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from clinicite.compose.answer_types import FAMILIES
from clinicite.compose.evidence import Evidence, shown_title
from clinicite.compose.verdict_subject import _abbreviates, _abbreviation_pairs, _near_spellings, _names, _terms, is_rare
from clinicite.understand.question import answer_type

# The words of a question that ask rather than name, and the type words of every family ("mutations",
# "receptor", "inhibitors": rare in English, but they say what kind of thing, not which one).
_ASKING = frozenset(_terms("which what name list enumerate mention give describe")) | \
    frozenset(t for words in FAMILIES.values() for w in words for t in _terms(w) + _terms(w + "s"))
# A word this frequent in English at large names no particular thing ("main", "milk", "syndrome", "first"): the
# background IDF of abstracts knows only the role classifier's 1,500 stems a role and calls every other word
# rare, so the word's frequency in general English (wordfreq's Zipf scale, Speer 2022: log10 of uses per
# billion words) decides as well. Marfan 2.1, lithium 3.6, covid 3.9 are subjects; syndrome 4.2, milk 4.7 not.
COMMON_ZIPF = 4.0
# A participle or gerund asks about the subject ("mutated in", "associated with"); it is the predicate.
_PREDICATE_SHAPE = re.compile(r"^[a-z]{3,}(?:ed|ing)$")


@dataclass(frozen=True)
class FactoidSubject:
    """The stems that name a factoid or list question's subject, and its words as the question has them."""

    terms: frozenset[str]
    text: str
    initials: frozenset[str] = frozenset()


def subject_of(question: str) -> FactoidSubject:
    """The rare stems of ``question`` outside its answer type, with the initials of their run of words."""
    kind = set(_terms(answer_type(question) or ""))
    stems: list[str] = []
    words = re.findall(r"[A-Za-z][\w'-]*", question)
    naming = [w for w in words if _names_thing(w)]
    for word in naming:
        stems += [t for t in _terms(word) if is_rare(t) and t not in kind and t not in _ASKING and t not in stems]
    if not stems:
        return FactoidSubject(frozenset(), "", frozenset())
    return FactoidSubject(frozenset(stems), _phrase(question, set(stems)), _initials(words, set(stems)))


def _names_thing(word: str) -> bool:
    """True for a word that can name a question's subject: not a participle, not frequent in English."""
    if _PREDICATE_SHAPE.match(word):
        return False
    frequency = _zipf(word.lower())
    return frequency is None or frequency < COMMON_ZIPF


def _zipf(word: str) -> float | None:
    """The word's Zipf frequency in English, or None without the wordfreq package (then background IDF alone)."""
    try:
        from wordfreq import zipf_frequency
    except ImportError:      # pragma: no cover - wordfreq is a declared dependency
        return None
    return zipf_frequency(word, "en")


def _initials(words: list[str], stems: set[str]) -> frozenset[str]:
    """The initials of each run of two or more consecutive subject words ("amyotrophic lateral sclerosis"
    gives "als"): sources use an abbreviation whose definition is not held. Matched exactly, never as a stem."""
    found, run = set(), []
    for word in words + [""]:
        if word and set(_terms(word)) & stems:
            run.append(word)
            continue
        if len(run) >= 2:
            found.add("".join(w[0] for w in run).lower())
        run = []
    return frozenset(found)


def _phrase(question: str, stems: set[str]) -> str:
    """The question's words from the first that names the subject to the last, with the nouns that follow it
    ("Marfan" -> "Marfan syndrome"), for the sentence that says what no source mentions."""
    words = re.findall(r"[\w'-]+", question)
    marked = [n for n, w in enumerate(words) if set(_terms(w)) & stems]
    if not marked:
        return ""
    end = marked[-1] + 1
    while end < len(words) and end - marked[-1] <= 2 and _terms(words[end]) and words[end].lower() not in _STOP_AFTER:
        end += 1
    return " ".join(words[marked[0]:end])


_STOP_AFTER = frozenset("""is are was were has have had can could do does did may might should will would in of for
that to by with on from at as and or mutated associated caused used involved linked""".split())


class SubjectSources:
    """Which held sources are about a factoid or list question's subject (see module docstring)."""

    def __init__(self, question: str, evidence: list[Evidence]):
        self.subject = subject_of(question)
        self._question = question
        held = [e for e in evidence if e.kind == "sentence"]
        self._pairs = _abbreviation_pairs([question] + [e.statement for e in held])
        terms: dict[str, set[str]] = {}
        texts: dict[str, str] = {}
        for item in held:
            terms.setdefault(item.source.id, set(_terms(item.source.title or ""))).update(_terms(item.statement))
            texts[item.source.id] = texts.get(item.source.id, item.source.title or "") + " " + item.statement
        group = self.subject.terms
        if group and not any(_names(group, t) for t in terms.values()) and terms:
            # A long word misspelt in the question ("istadefylline"): its nearest held spelling names it.
            group = group | _near_spellings(group, set().union(*terms.values()))
        self._group = group
        initials = self.subject.initials
        # A record whose title is not held (a snippet, a fragment) cannot be shown to be about something else:
        # its subject is usually named in the title. Only a titled record is judged off the subject.
        untitled = {item.source.id for item in held if not _titled(item.source.title)}
        # The sources whose held words (title, sentences) name the subject themselves, titled or not.
        self.naming_ids = {key for key, held_terms in terms.items()
                           if _names(group, self._expanded(held_terms)) or initials & held_terms or
                           _abbreviates(self.subject.text or question, texts[key], group)} if group else set(terms)
        self.about_ids = self.naming_ids | untitled if group else set(terms)

    @property
    def active(self) -> bool:
        return bool(self.subject.terms)

    @property
    def none_about(self) -> bool:
        """True when the question names a subject and no literature held names it in any spelling."""
        return self.active and not self.about_ids

    def about(self, item: Evidence) -> bool:
        return not self.active or item.source.id in self.about_ids

    def named_by(self, item: Evidence) -> bool:
        """True when the item's source names the subject in its title or a sentence held from it: an untitled
        record that never names it may still answer a question (a gold snippet), but quoted as a summary of
        the subject it is as likely another question's sentence sharing common words."""
        return not self.active or item.source.id in self.naming_ids

    def names_fact(self, item: Evidence) -> bool:
        """True for a knowledge record whose statement or title names the subject (kept when no literature does)."""
        terms = set(_terms(item.statement + " " + (item.source.title or "")))
        return item.kind == "fact" and (not self.active or _names(self._group, terms) or bool(self.subject.initials & terms))

    def _expanded(self, terms: set[str]) -> set[str]:
        extra: set[str] = set()
        for short, full in self._pairs:
            if short <= terms:
                extra |= full
            elif full and full <= terms:
                extra |= short
        return terms | extra


def _titled(title: str | None) -> bool:
    return bool((title or "").strip()) and shown_title(title or "") == title


def not_held_reason(subject: FactoidSubject, question: str, records: bool = False) -> str:
    """The bottom line of an answer none of whose literature mentions the question's subject; ``records`` when
    knowledge records about it are shown below (they hold no answer a sentence would state)."""
    asked = answer_type(question)
    what = f"the {asked} asked for" if asked else "what was asked"
    named = subject.text or "the subject of this question"
    if records:
        return (f"No literature held mentions {named}, so the sources cannot name {what}; the knowledge "
                "record below is about it.")
    return f"The sources held do not mention {named}, so they cannot name {what}."
