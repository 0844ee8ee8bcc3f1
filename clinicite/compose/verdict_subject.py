"""Whether a weighed sentence is about what a yes/no question asks: its intervention (or exposure) and condition.

"Is lithium effective for ALS?" asks about one agent in one disease. A levosimendan trial's "Levosimendan
did not improve respiratory function in ALS" shares the disease and a predicate with it, and was weighed
against lithium (round 6). Sharing some word of the question is not enough: a sentence counts only when
it, or the title of its source, names the question's **agent** (the subject of the question, before its
predicate) and, when the question names one, its **condition** (the phrase after its last preposition).

Both are read from the question's rare words, by their frequency in abstracts at large (the background IDF
of :func:`clinicite.compose.bottom_line.background_idf`, so "effective", "cells" or "trials" are no
subject), in the PICO spirit of reading a clinical question as intervention and population (Richardson et
al., 1995, "The well-built clinical question"). A name matches its abbreviation and long form wherever the
question or the sources define one (Schwartz & Hearst, 2003: "amyotrophic lateral sclerosis (ALS)"), and a
longer word of the same stem ("ACE" names "ACEIs"). A drug's class names it too, and a class member
names its class (:mod:`clinicite.compose.drug_classes`: the class a held source states, or the drug's INN
stem): "SGLT2 inhibitors reduced hospitalisation for heart failure" answers "Is empagliflozin effective
for heart failure?", as evidence about the class (``by_class`` tells which, for a smaller weight).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from clinicite.compose.evidence import Evidence
from clinicite.compose.sentences import content_terms

RARE_AT = 8.0        # background IDF from which a question word names a thing (lithium 10, inhibitor 7.8)
_AUXILIARY = re.compile(r"^\s*(?:is|are|was|were|does|do|did|can|could|should|may|might|will|would|has|have|"
                        r"had|must)\b", re.I)
# The word that opens a yes/no question's predicate ("effective", "a", "increase"): the subject ends before it.
_PREDICATE = re.compile(
    r"\b(?:effective|efficacious|useful|beneficial|safe|superior|inferior|better|worse|associated|linked|related|"
    r"involved|implicated|indicated|approved|available|used|tested|produced|licensed|required|necessary|needed|"
    r"expressed|present|found|elevated|increased|decreased|reduced|altered|mutated|able|capable|responsible|a|an|"
    r"the|one|part|considered|recommended|have|has|had|play|plays|cause|causes|improve|improves|reduce|reduces|"
    r"increase|increases|decrease|decreases|prevent|prevents|delay|delays|slow|slows|affect|affects|promote|"
    r"promotes|induce|induces|inhibit|inhibits|protect|protects|help|helps|work|lead|leads|result|confer|bind|"
    r"binds|target|targets|predict|predicts|regulate|regulates|interact|interacts|contribute|lower|lowers|raise|"
    r"worsen|trigger|influence|alter|extend|prolong|change|enhance|suppress|block|activate|modulate|occur|exist|"
    r"develop|respond|benefit|correlate|depend|be|being|been|still|more|less|same|similar)\b", re.I)
_PREPOSITION = re.compile(r"\b(?:for|in|of|with|against|on|among|from|after|during|to treat|to prevent)\b", re.I)


@dataclass(frozen=True)
class Asked:
    """The stems that name the question's agent, and those that name its condition (either may be empty)."""

    agent: frozenset[str] = frozenset()
    condition: frozenset[str] = frozenset()
    agent_text: str = ""        # the question's words for each, for abbreviations no source defines
    condition_text: str = ""


def _terms(text: str) -> list[str]:
    """Content stems with hyphenated names split ("angiotensin-converting-enzyme", "COVID-19"), no bare numbers."""
    return [t for t in content_terms(re.sub(r"(?<=\w)-(?=\w)", " ", text)) if not t.isdigit()]


def is_rare(term: str) -> bool:
    """True when a content stem is rare enough in abstracts at large to name a thing (``RARE_AT``)."""
    return _rare(term)


@lru_cache(maxsize=4096)
def _rare(term: str) -> bool:
    from clinicite.compose.bottom_line import background_idf
    return background_idf(term) >= RARE_AT


# A title-style question names its topic before a colon and refers back to it ("Kell alloimmunization in pregnancy:
# is it associated with fetal thrombocytopenia?"; PubMedQA's titles are often so): the topic is the subject.
_TOPIC_FIRST = re.compile(r"^(?P<topic>[^:?]{3,120}):\s*(?P<aux>is|are|was|were|does|do|did|can|could|should|may|"
                          r"might|will|would|has|have|had)\s+(?:it|they|this|these|there)\b\s*(?P<rest>.*)$", re.I)


def _topic_first(question: str) -> str:
    """"Topic: is it P?" read as "Is topic P?"; any other question unchanged."""
    found = _TOPIC_FIRST.match(question)
    if not found:
        return question
    return f"{found['aux']} {found['topic'].strip()} {found['rest']}"


def asked_of(question: str) -> Asked:
    """The agent (the rare words of the subject, before the predicate's first word) and the condition (the
    rare words after the predicate's last preposition) of a yes/no question; empty groups when it has none."""
    question = _topic_first(question.strip().rstrip("?"))
    if not _AUXILIARY.match(question):
        return Asked()
    body = _AUXILIARY.sub("", question, count=1)
    predicate = _PREDICATE.search(body)
    if predicate and predicate.start() > 0:
        subject, rest = body[:predicate.start()], body[predicate.start():]
        agent = [t for t in _terms(subject) if _rare(t)]
    else:             # no predicate word: the rare words up to the first common one
        agent = []
        for term in _terms(body):
            if _rare(term):
                agent.append(term)
            elif agent:
                break
        rest = body
    last = None
    for last in _PREPOSITION.finditer(rest):
        pass
    condition_text = rest[last.end():] if last else ""
    condition = [t for t in _terms(condition_text) if _rare(t) and t not in agent]
    agent_text = body[:predicate.start()] if predicate and predicate.start() > 0 else body
    return Asked(_with_initials(agent, body), _with_initials(condition, body), agent_text, condition_text)


def _same_stem(a: str, b: str) -> bool:
    """"acei" names "ace"; "nuclear" names "nucleus" (a shared start of five letters, the Porter stems differ)."""
    if a == b or len(a) >= 3 and b.startswith(a) or len(b) >= 3 and a.startswith(b):
        return True
    return len(a) >= 5 and len(b) >= 5 and a[:5] == b[:5]


def _names(group: frozenset[str], terms: set[str]) -> bool:
    """True when ``terms`` hold a stem of ``group`` (or the same stem, :func:`_same_stem`)."""
    return any(t in terms or any(_same_stem(t, s) for s in terms) for t in group)


# "None of the fetuses ..., including 15 with severe hydrops, had a clinically significant thrombocytopenia": the asked
# condition denied in every patient studied.
_NONE_HAD = re.compile(r"\bnone of (?:the |our |these )?(?:[\w-]+[ ,]+){0,14}?(?:had|has|have|showed|developed|"
                       r"experienced|presented with)\b(?P<what>[^.;]*)", re.I)


# A question whether something goes with the condition (not whether it prevents or treats it: there, no patient
# with the condition is the effect hoped for).
_ASKS_ASSOCIATION = re.compile(r"\b(?:associat\w*|linked|related|caus\w*|lead to|leads to|result in|predispos\w*|"
                               r"risk of|complicated by)\b", re.I)
_ASKS_EFFECT = re.compile(r"\b(?:prevent\w*|protect\w*|treat\w*|effective|reduc\w*|improv\w*|lower\w*)\b", re.I)


def denies_condition(question: str, asked: "Asked", sentence: str) -> bool:
    """True when an association question's sentence says no patient had the condition asked: evidence against
    the association, however many positive words ("significant") the sentence holds. What was denied must be the
    condition asked ("none of the patients developed recurrence" is about something else), and the question must
    ask about an association, not an effect ("Does X prevent stroke?": no stroke is the effect)."""
    if not asked.condition or not _ASKS_ASSOCIATION.search(question) or _ASKS_EFFECT.search(question):
        return False
    return any(_names(asked.condition, set(_terms(m["what"]))) for m in _NONE_HAD.finditer(sentence))


def _with_initials(group: list[str], phrase: str) -> frozenset[str]:
    """``group`` and the initials of its run of words in ``phrase`` ("amyotrophic lateral sclerosis" adds
    "als"): snippets use an abbreviation their source defined in a sentence not held."""
    words = [w for w in re.findall(r"[A-Za-z][\w'-]*", phrase) if _terms(w) and set(_terms(w)) <= set(group)]
    initials = "".join(w[0] for w in words).lower()
    return frozenset(group) | ({initials} if len(words) >= 2 else set())


class SubjectGate:
    """Decides which sentences are about the question's agent and condition (see module docstring)."""

    def __init__(self, question: str, evidence: list[Evidence]):
        self.asked = asked_of(question)
        self._pairs = _abbreviation_pairs([question] + [e.statement for e in evidence if e.kind == "sentence"])
        self._source_terms: dict[str, set[str]] = {}
        for item in evidence:
            if item.kind == "sentence":
                held = self._source_terms.setdefault(item.source.id, set(_terms(item.source.title or "")))
                held |= set(_terms(item.statement))
        self._source_terms = {key: self._expanded(terms) for key, terms in self._source_terms.items()}
        self._classes = _agent_classes(self.asked, [e.statement for e in evidence if e.kind == "sentence"])
        # An agent no source names is read under a misspelling ("istadefylline" for "istradefylline"): its
        # nearest held spelling names it. Named in no spelling, the sources are not about it: nothing counts
        # (round 9: "Is lithium effective for ALS?" over ALS records without lithium was answered "Yes" from
        # diagnostic criteria).
        held = list(self._source_terms.values())
        self._agent = self.asked.agent
        self.agent_absent = False
        if self._agent and not any(_names(self._agent, t) or self._names_class(t) for t in held):
            near = _near_spellings(self._agent, set().union(*held) if held else set())
            self._agent = near or frozenset()
            self.agent_absent = not near and not any(_abbreviates(self.asked.agent_text, e.statement + " " +
                                                                  (e.source.title or ""), self.asked.agent)
                                                     for e in evidence if e.kind == "sentence")
        self._condition = self.asked.condition if any(_names(self.asked.condition, t) for t in held) else frozenset()

    @property
    def active(self) -> bool:
        return bool(self._agent or self._condition)

    def about(self, item: Evidence) -> bool:
        """True when the sentence, its source's title or the source's other sentences held name the agent
        and (if asked) the condition: "The drug did not slow decline" speaks for the lithium trial it is from."""
        if self.agent_absent:
            return False
        if not self.active:
            return True
        terms = self._expanded(set(_terms(item.statement + " " + (item.source.title or ""))))
        terms |= self._source_terms.get(item.source.id, set())
        text = item.statement + " " + (item.source.title or "")
        return (not self._agent or _names(self._agent, terms) or _abbreviates(self.asked.agent_text, text, self._agent)
                or self._names_class(terms)) \
            and (not self._condition or _names(self._condition, terms) or
                 _abbreviates(self.asked.condition_text, text, self._condition))

    def by_class(self, item: Evidence) -> bool:
        """True when the sentence and its title name the agent only through its class (or a member of the
        class asked): evidence about a class is weaker evidence about one of its drugs."""
        if not self._agent or not self._classes:
            return False
        terms = self._expanded(set(_terms(item.statement + " " + (item.source.title or ""))))
        return not _names(self._agent, terms) and self._names_class(terms)

    def _names_class(self, terms: set[str]) -> bool:
        return any(group <= terms for group in self._classes)

    def _expanded(self, terms: set[str]) -> set[str]:
        """``terms`` with the long form of each abbreviation they hold, and the abbreviation of each long form."""
        extra: set[str] = set()
        for short, full in self._pairs:
            if short <= terms:
                extra |= full
            elif full and full <= terms:
                extra |= short
        return terms | extra


NEAR_SPELLING = 0.8      # difflib ratio from which a held word is the asked one misspelt (written estimate)


def _near_spellings(group: frozenset[str], held: set[str]) -> frozenset[str]:
    """The held stems spelt like a stem of ``group`` (a long word with a letter or two changed), or empty."""
    from difflib import SequenceMatcher
    return frozenset(h for t in group if len(t) >= 6 for h in held
                     if abs(len(h) - len(t)) <= 2 and SequenceMatcher(None, t, h).ratio() >= NEAR_SPELLING)


def _agent_classes(asked: Asked, texts: list[str]) -> list[frozenset[str]]:
    """Stem sets that name the agent by class: the classes of each drug word of the agent (stated in the
    texts or by INN stem), and, when the agent is itself a class ("SGLT2 inhibitors"), the drug words of the
    texts that belong to it."""
    from clinicite.compose.drug_classes import stated_classes, stem_classes
    stated = stated_classes(texts)
    subject = set(_terms(asked.agent_text))
    groups: set[frozenset[str]] = set()
    for word in re.findall(r"[A-Za-z][\w-]+", asked.agent_text):
        stems = _terms(word)
        if len(stems) == 1 and stems[0] in asked.agent:
            groups.update(stated.get(stems[0], []) + stem_classes(word))
    if subject:
        members = {w for t in texts for w in re.findall(r"\b[a-z]{5,}\b", t.lower())}
        for word in members:
            stems = _terms(word)
            if len(stems) == 1 and stems[0] not in subject and \
                    any(c <= subject for c in stated.get(stems[0], []) + stem_classes(word)):
                groups.add(frozenset(stems))
    return sorted(groups, key=sorted)


_SHORT_FORM = re.compile(r"\b[A-Za-z0-9-]*[A-Z][A-Za-z0-9-]*[A-Z][A-Za-z0-9-]*\b")


def _abbreviates(phrase: str, text: str, group: frozenset[str]) -> bool:
    """True when ``text`` holds a short form ("VPA", "DIPG") that spells a run of the question's words naming
    ``group`` (Schwartz & Hearst's letter match, for an abbreviation whose definition is not held)."""
    from clinicite.reason.mentions import long_form
    for short in set(_SHORT_FORM.findall(text)):
        if sum(c.isalpha() for c in short) < 3:
            continue
        found = long_form(phrase, short)
        if found and len(found.split()) >= 2 and set(_terms(found)) & group:
            return True
    return False


def _abbreviation_pairs(texts: list[str]) -> list[tuple[frozenset[str], frozenset[str]]]:
    from clinicite.reason.mentions import abbreviation_definitions
    pairs = set()
    for text in texts:
        for short, full in abbreviation_definitions(text):
            short_terms, full_terms = frozenset(_terms(short)), frozenset(_terms(full))
            if short_terms and full_terms:
                pairs.add((short_terms, full_terms))
    return sorted(pairs, key=sorted)
