"""Where a narrated step of a reported case stands against the treatment of the problem asked.

A case report tells its steps in order, and most tell more than one treatment: what was tried first and
failed ("atropine raised the rate only briefly", "topical steroids were given without benefit"), what treated
the problem, and what came later or was for something else ("her rate was later controlled with bisoprolol",
"she went home with icatibant ... and later began prophylaxis"). CARE's timeline (Gagnier et al., 2013,
"timeline" and "therapeutic intervention" items) keeps these apart; a clinician reading a bullet needs the same:
a failed or later step is shown as such, never as what to do now, and it does not lead Management.
"""

from __future__ import annotations

import re

# The step did not work, or only for a moment.
FAILED = re.compile(
    r"\b(?:had no (?:\w+ )?effect|(?:with|of) no (?:lasting |sustained )?(?:effect|benefit|response|improvement)"
    r"|without (?:\w+ )?(?:benefit|effect|improvement|response|success)|only (?:briefly|transiently|temporarily)"
    r"|made no difference|with (?:little|no) (?:\w+ )?(?:change|effect|benefit|improvement|response)|(?:did|does|had) not (?:respond(?:ed)?|help(?:ed)?|improved?|work(?:ed)?|relieved?|reversed?)(?! until)|(?:was|were) ineffective"
    r"|failed to (?:\w+ )?(?:improve|respond|control|relieve|restore|raise|stop)|no lasting effect"
    r"|refractory to|unresponsive to"
    # an effect that wore off at once: "glucagon 1 mg ... lifted the glucose for less than an hour"
    r"|for (?:less than|no more than|under|only) (?:an? |one |\d+ |a few )?(?:minutes?|hours?))\b", re.I)
# The step came after the episode, or is long-term care: "was later controlled with", "went home with",
# "long-term prophylaxis"; "free of symptoms two years later" is an outcome at follow-up, not a step. Only a step told after the one that treated the problem is labelled so (the caller
# checks the order): "was subsequently treated with X and recovered" is the treatment.
LATER = re.compile(
    r"\b(?:(?:was|were|is|are|had been|has been) (?:\w+ )?later|later (?:\w+ )?(?:began|begun|started|switched|"
    r"changed|given|treated|controlled|received|introduced|added|restarted)|afterwards|long-term|"
    r"went home (?:with|on)|on discharge|at discharge)\b", re.I)

FAILED_LABEL = "Without lasting benefit, in a reported case: "
LATER_LABEL = "Later, in a reported case: "


def failed(statement: str) -> bool:
    """The sentence tells a step that failed ("... had no effect", "... raised the rate only briefly")."""
    return bool(FAILED.search(statement))


def later(statement: str) -> bool:
    """The sentence tells a step taken after the episode or for the long term. Only its first clause (up to a
    semicolon) says when its step was taken: "... mannitol was infused, and within hours the tingling eased;
    amitriptyline was later used for the residual pain" tells the mannitol, with a later step added after it."""
    return bool(LATER.search(first_clause(statement)))


_CLAUSE_END = re.compile(r";\s+")


def first_clause(statement: str) -> str:
    """The sentence up to its first semicolon: the step a story's sentence tells first."""
    return _CLAUSE_END.split(statement, maxsplit=1)[0]


def relabel(shown: str, statement: str, text: str, after_final: bool = True) -> str:
    """The bullet text with its timing said: a failed step, or a later one told after the step that treated the
    problem (``after_final``), is labelled so in place of the plain
    case label (the quoted words are unchanged but for the case of the first letter, as
    :func:`~clinicite.compose.narrative.as_case` lowers it)."""
    from clinicite.compose.narrative import CASE_LABEL, SERIES_LABEL, as_case
    label = FAILED_LABEL if failed(statement) else LATER_LABEL if after_final and later(statement) else None
    if label is None:
        return shown
    told = shown if shown.startswith((CASE_LABEL, SERIES_LABEL)) else as_case(statement, text=text)
    for plain in (CASE_LABEL, SERIES_LABEL):
        if told.startswith(plain):
            return label + told[len(plain):]
    return shown      # a sentence that says itself it is the report's ("We report ..."): left as it is


# What a clinician's closing question asks about, beyond "how to treat": "How do we reverse the anticoagulation
# before the scope?" asks about reversal and anticoagulation. Words of asking and treating say nothing of which
# step is meant; stems are compared by their first letters (a light stemmer: "reverse" / "reverses").
_ASKING = frozenset("""what which when where who how why does should would could will can need must there this that
these those with without before after from into onto still also just then than them they their your you have
give given giving next step steps best first now plan specific anything something else besides treat treatment
treatments treated manage management managed approach option options doing done do use used using
antidote""".split())
STEM = 5
MIN_WORD = 4
_FULL_STOP = re.compile(r"[.!]\s+(?=[A-Z])")


def asked_stems(case_text: str) -> set[str]:
    """The content stems of the case's last question sentence, when the case has more than that sentence."""
    from clinicite.compose.sentences import split_sentences
    sentences = [s.text for s in split_sentences(case_text or "")]
    if len(sentences) < 2 or not sentences[-1].rstrip().endswith("?"):
        return set()
    # Only the question itself: a case's last finding may be read into it ("Swab said strep, on pen V. What's
    # this ...?": "V." reads as an initial), and a finding is no step asked about.
    asked = _FULL_STOP.split(sentences[-1])[-1]
    words = re.findall(r"[a-z][a-z\-]+", asked.lower())
    return {w[:STEM] for w in words if len(w) >= MIN_WORD and w not in _ASKING}


def answers_the_ask(statement: str, stems: set[str]) -> bool:
    """The sentence uses a content word of the closing question (by stem)."""
    return bool(stems) and any(w[:STEM] in stems for w in re.findall(r"[a-z][a-z\-]+", statement.lower())
                               if len(w) >= MIN_WORD)
