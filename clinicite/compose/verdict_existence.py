"""Existence questions: "Is there a vaccine for peanut allergy?", "Are there drugs approved for X?".

Such a question asks whether a thing of one kind (its **object**: "vaccine") exists for a condition. The
subject gate (:mod:`clinicite.compose.verdict_subject`) reads no agent in it (the words before the
predicate are "there"), so any sentence on the condition answered it: "oral immunotherapy studies have
shown good efficacy in achieving desensitization to peanut" was weighed *for* a vaccine (round 9). Two
readings fix that:

- only a sentence that itself names the object answers (its source's title naming it is not enough: an
  overview of immunotherapies that mentions a vaccine once is about the immunotherapies);
- a sentence naming the object states that it exists, is developed or is tested, which answers *yes*
  though it reports no effect ("Efforts have been made to develop a vaccine for peanut allergy"); one that
  says none exists ("there is no vaccine", "no vaccine is available") answers *no*.

The question focus of an existential yes/no question is its object noun phrase (the "focus" of question
analysis, Moldovan et al., 2000, "The structure and performance of an open-domain question answering
system"); the readings are cue patterns over that phrase, not a learnt model.
"""

from __future__ import annotations

import re

from clinicite.compose.sentences import content_terms

# "Is there a vaccine for ...", "Are there any drugs approved for ...", "Does there exist a test for ...".
_EXISTENCE = re.compile(r"^\s*(?:is|are|was|were|has|have)\s+there\s+(?:(?:a|an|any|some|currently|now|yet)\s+)*"
                        r"(?P<object>[^?]*?)\s*(?:\b(?:for|against|to|in|that|which|available|approved|licensed|"
                        r"used|between|of|with|on)\b|\?|$)", re.I)
# Nouns of a relation or a finding, not of a thing that exists ("Is there an association / a difference /
# evidence ...?"): the effect readings answer those.
_RELATION = frozenset(content_terms("association relationship relation link correlation difference evidence "
                                    "role effect benefit risk increase decrease change need interaction "
                                    "connection advantage improvement reduction consensus agreement trend place "
                                    "indication"))
_OBJECT_WORDS = 4      # "a vaccine", "an effective drug treatment": a longer phrase is not one thing's name
# A sentence that says the thing does not exist (yet).
_NONE_EXISTS = re.compile(r"\b(?:there (?:is|are|was|were) (?:still |currently |as yet )?no|no (?:\w+[- ]){0,3}"
                          r"(?:is|are|has been|have been|was|were) (?:yet |currently )?(?:available|approved|licensed|"
                          r"known|developed)|(?:lack|absence) of (?:an? |any )?(?:\w+[- ]){0,3}|not (?:yet )?"
                          r"(?:available|approved|licensed)|none (?:is|are|exists?)|remains? (?:unavailable|"
                          r"elusive))", re.I)


def existence_object(question: str) -> tuple[str, ...]:
    """The content stems of what an existence question asks about, in order ("vaccine"); empty for other
    questions."""
    found = _EXISTENCE.match(question or "")
    if not found:
        return ()
    words = tuple(content_terms(found.group("object")))
    if not words or len(words) > _OBJECT_WORDS or set(words) & _RELATION:
        return ()
    return words


def names_object(asked: tuple[str, ...], sentence: str) -> bool:
    """True when the sentence names the object's head (its last word: "vaccine" of "peptide vaccine"), in
    the same stem or a longer word of it ("vaccines", "vaccination")."""
    if not asked:
        return False
    head = asked[-1]
    terms = set(content_terms(re.sub(r"(?<=\w)-(?=\w)", " ", sentence)))
    return head in terms or len(head) >= 4 and any(t.startswith(head) or len(t) >= 4 and head.startswith(t)
                                                   for t in terms)


def existence_stance(asked: tuple[str, ...], sentence: str, stance: str) -> str:
    """A sentence's stance on an existence question: *against* when it says none exists, *for* when it names
    the object and takes no other stance (developed, tested, approved all say it exists)."""
    if _NONE_EXISTS.search(sentence):
        return "against"
    if stance == "neutral" and names_object(asked, sentence):
        return "for"
    return stance
