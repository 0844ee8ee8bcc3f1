"""Negation, normal results and family history around recognised findings.

A trigger-and-scope method after NegEx (Chapman et al., J Biomed Inform 2001) and
its successor ConText (Harkema et al., J Biomed Inform 2009): a *pre* trigger
("no", "without", "denies", "absence of", "normal") governs the words after it, a
*post* trigger ("were normal", "was ruled out") the words before it, and the scope
ends at the sentence end, at a termination word ("but", "however", "except") or at
a comma, unless the commas make a list closed by "and"/"or"/"nor"
("no fever, cough or rash"). A relative ("family history of", "her mother had")
moves the findings in its scope to the family.

Case reports also name findings that belong to nobody in the room: patients of cited papers
("previously reported patients had ...", "... has been described in") and diseases weighed in the
discussion ("X is characterised by ...", "the differential diagnosis includes ..."). The same
trigger-and-scope reading marks them ``context="literature"`` or ``"differential"``; the scope runs
to the sentence end (before the trigger for a post trigger) and stops at a phrase that brings the
patient back ("our patient", "in contrast, the proband ..."). Marked findings stay in the list,
visible, but are not :attr:`~clinicite.understand.facts.Finding.observed`.
"""

from __future__ import annotations

import re

from clinicite.understand.facts import Finding, Span

# "Smith et al. reported ..." goes on after "al.": the citation is the subject of the sentence.
SENTENCE = re.compile(r"(?<!\d)(?<!\bet al)[.!?](?!\d)|[;\n]")
TERMINATION = re.compile(r"[:;()\[\]]|\b(?:but|however|although|though|except|apart from|aside from|yet|whereas|"
                         r"while|which|who|whose|with|unless|until|then|presented|presenting|complain(?:s|ed|ing)?|"
                         r"secondary to|due to|because)\b", re.I)
LIST_JOIN = re.compile(r"\b(?:and|or|nor)\b", re.I)
CLAUSE_VERB = re.compile(r"\b(?:is|are|was|were|has|have|had|shows?|showed|reveals?|revealed|appears?|"
                         r"remains?|remained|became|becomes|developed|develops|started|began|underwent|"
                         r"required|received|needed)\b", re.I)
# NegEx limits a pre-trigger's reach; ConText's sentence-wide scope over-negates long clinical sentences.
MAX_WORDS, MAX_LIST_ITEM_WORDS, MAX_SHORT_WORDS = 8, 6, 4

NEGATION_PRE = re.compile(
    r"\b(?:no|not|without|denie[sd]|deny|denying|absence of|negative for|free of|ruled out|"
    r"rules out|ruling out|never|nor|lack of any|did not (?:have|show|reveal)|"
    r"(?:no|without) (?:evidence|signs?|history|features?) of|no further|excluded)\b", re.I)
# Adjectives that negate or normalise only the words right after them ("absent reflexes", "normal tone").
SHORT_PRE = re.compile(r"\b(?:absent|normal|unremarkable|no abnormal(?:ity|ities)? (?:of|in))\b", re.I)
NEGATION_POST = re.compile(
    r"\b(?:(?:was|were|is|are|being|has been|have been)\s+(?:absent|negative|excluded|ruled out|"
    r"not (?:seen|present|detected|found|observed|noted|identified))|ruled out|not seen|"
    r"not present|not detected|not found)\b", re.I)
NORMAL_POST = re.compile(
    r"\b(?:(?:was|were|is|are|remained|remain|came back|returned)\s+(?:all\s+)?(?:normal|within normal limits|"
    r"unremarkable|in the normal range|negative)|within normal limits)\b", re.I)
RELATIVE = re.compile(
    r"\b(?:family history (?:of|includes?|is (?:positive|notable|significant) for)|"
    r"(?:mother|father|sister|brother|sibling|siblings|parents?|aunt|uncle|cousin|grandmother|"
    r"grandfather|grandparents?|relatives?|twin|son|daughter|niece|nephew|aunts|uncles|cousins|brothers|sisters)"
    # an aside between the relative and the verb is skipped ("her son, now 10, has autism")
    r"(?:'s)?\b(?:\s+\w+){0,4}?(?:,[^,.;]{1,30},)?\s+"
    # a copula or "developed" too: "her mother is deaf", "his brothers were obese" are theirs, not the patient's;
    # "affected" says so before its finding ("two cousins are affected with ...", "is also affected and has ...")
    r"(?:(?:is|are|was|were) (?:also |similarly )?affected(?: (?:with|by)| and (?:has|had|have|shows|showed))?|"
    r"has|had|have|with|was diagnosed with|were diagnosed with|(?:was |were )?born with|also|suffered|died of|"
    r"is|was|are|were|developed|became|treated for|affected by))\b", re.I)
# A family-history heading gives the rest of its sentence to the relatives it lists ("Family history:
# maternal uncle wheelchair-bound, died of cardiomyopathy"), past the commas a list would stop at.
FAMILY_HEADING = re.compile(r"\bfamily history\s*:", re.I)
FAMILY_NEGATIVE = re.compile(
    r"\b(?:no|negative|without|denies|unremarkable|non-?contributory)\b[^.;,]{0,30}?\bfamily history\b|"
    r"\bfamily history\b[^.;,]{0,25}?\b(?:negative|unremarkable|non-?contributory|noncontributory)\b", re.I)
FAMILY_POSITIVE = re.compile(r"\b(?:positive|significant|notable)?\s*family history\b|\bfamilial\b", re.I)
# Phrases with a negation word that negate nothing (ConText's "pseudo-triggers").
PSEUDO = re.compile(r"\bwith or without\b|\bmay or may not\b|\bwhether or not\b|\bnot only\b|\bno longer\b|"
                    r"\bno (?:significant )?change\b|\bnot otherwise\b|\bnot certain\b|\bnot necessarily\b|"
                    r"\bno increase in size\b|\bnon-", re.I)


# Head nouns of disease names, for a clause hung on a disease's name (below).
DISEASE = (r"syndrome|disease|disorder|dystrophy|deficiency|dysplasia|palsy|atrophy|myopathy|neuropathy|"
           r"type \d+[a-z]?")
LITERATURE_PRE = re.compile(
    r"\b(?:previously (?:reported|described|published)|(?:reported|described|published) (?:previously|before|"
    r"earlier|elsewhere)|in the (?:literature|previous (?:reports?|studies))|in (?:previous|prior|earlier) "
    r"(?:reports?|studies|series|cases)|(?:prior|previous|earlier|other) (?:reports?|studies|cases|patients|"
    r"individuals|families)|(?:a|one|two|three|several|many|most) (?:of the )?(?:reported|published) "
    r"(?:patients?|cases?|individuals?)|et al|according to (?:the )?(?:literature|previous reports?)|"
    r"in (?:the )?(?:published|reported|previously (?:reported|described)) (?:cohorts?|series|cases|patients|"
    r"individuals|families))\b", re.I)
LITERATURE_POST = re.compile(
    r"\b(?:ha(?:s|ve) (?:also |previously |frequently |rarely )?been (?:reported|described|documented)|"
    r"(?:was|were) (?:previously |first )?(?:reported|described) (?:in|by)|"
    # "ptosis was noted in 3 of 5 published patients": a count of cited patients after the finding
    r"(?:was|were|is|are) (?:\w+ly )?(?:noted|seen|found|present|observed|described|reported) in "
    r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|all|most|many|some|several|half|a (?:third|quarter|"
    r"minority|majority))?(?: of)?(?: the)?(?: \d+)? ?(?:published|reported|previously (?:reported|described)|"
    r"described|other|known) (?:patients|cases|individuals|families|children))\b", re.I)
DIFFERENTIAL_PRE = re.compile(
    r"\b(?:(?:is|are|was|were) (?:typically |usually |classically |mainly |clinically |primarily )?"
    r"(?:characteri[sz]ed|defined|marked|distinguished|manifested) by|(?:typically|usually|classically) "
    r"(?:presents?|manifests?|associated) (?:with|as)|"
    # "the differential diagnosis of X includes ...": the diseases weighed follow the verb, X is the patient's
    # finding; a question ("what is the differential diagnosis of X?") has no such verb and weighs nothing
    r"differential diagnos[ie]s (?:of [^.?!;:]{1,80}? )?(?:includes?|included|comprises?|was|were|is|are)|"
    r"(?:features|hallmarks|manifestations|signs) of (?:the |this )?"
    r"(?:syndrome|disorder|disease|condition)s? (?:include|are|were)|(?:syndrome|disease|disorder) "
    r"(?:causes|features|presents with)|"
    # "patients with Noonan syndrome typically have ...": what a disease's patients have, not this one's
    r"(?:patients|individuals|children|people|those) with (?:[\w-]+ ){1,5}?(?:syndrome|disease|disorder|"
    r"deficiency)s? (?:(?:typically|usually|often|commonly|frequently|may|can|also) )?(?:have|show|present with|"
    r"develop|exhibit|display)|"
    # a heading that lists the diseases weighed ("Differential diagnosis: ...")
    r"differential(?: diagnos[ie]s)?\s*:\s*|"
    # a disease described in the general present tense, in a clause hung on its name: "Sotos syndrome,
    # which causes tall stature, ...", "..., in which scapular winging is common", "..., whose features
    # include ...", "..., characterized by ...". The patient's story is told in the past tense ("which
    # explained his tall stature" is no trigger).
    r"(?:" + DISEASE + r")s?,?\s+(?:(?:which|that) (?:\w+ly )?(?:causes|presents with|is (?:\w+ly )?"
    r"(?:characteri[sz]ed by|associated with)|features|includes|leads to|results in|manifests (?:with|as))|"
    r"in which|whose (?:\w+ )?(?:features|signs|manifestations|hallmarks|findings) (?:include|are|comprise)|"
    r"(?:\w+ly )?(?:characteri[sz]ed|defined|marked) by))\b", re.I)
# Words that bring the patient back into a sentence about others: the scope ends there.
PATIENT_AGAIN = re.compile(r"\b(?:our (?:patient|case|proband|boy|girl)s?|the (?:present|index) (?:patient|case)|"
                           r"(?:this|the) (?:patient|proband|boy|girl|child|infant)|unlike|in contrast|whereas)\b",
                           re.I)


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans; a full stop inside a number ("1.5-year-old") does not end a sentence."""
    spans, start = [], 0
    for match in SENTENCE.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if e > s]


def _first_words(segment: str, count: int) -> int:
    """Length of ``segment`` up to the end of its ``count``-th word."""
    words = list(re.finditer(r"\S+", segment))
    return words[count - 1].end() if len(words) > count else len(segment)


def forward_scope(text: str, start: int, limit: int, short: bool = False) -> int:
    """Where the scope of a trigger ending at ``start`` ends (exclusive), at most ``limit``.

    A short trigger ("absent", "normal") reaches the next few words, up to a comma or "and".
    """
    region = text[start:limit]
    stop = TERMINATION.search(region)
    if stop:
        region = region[: stop.start()]
    if short:
        cut = re.search(r",|\b(?:and|or|with)\b", region)
        return start + _first_words(region[: cut.start()] if cut else region, MAX_SHORT_WORDS)
    segments = region.split(",")
    first = _first_words(_cut_new_clause(segments[0]), MAX_WORDS)
    if len(segments) == 1 or first < len(segments[0]):
        return start + first
    # A comma list stays in scope only when a later segment closes it with and/or/nor.
    length = len(segments[0])
    for segment in segments[1:]:
        if len(segment.split()) > MAX_LIST_ITEM_WORDS and not LIST_JOIN.search(segment):
            break
        if LIST_JOIN.search(segment):
            return start + length + 1 + _first_words(_cut_new_clause(segment), MAX_LIST_ITEM_WORDS)
        length += 1 + len(segment)
    return start + len(segments[0])


def _cut_new_clause(segment: str) -> str:
    """``segment`` up to a verb that follows "and"/"or": in "no masses, and bowel sounds are
    hyperactive" the list ends at "are", so the new clause stays outside the scope."""
    join = LIST_JOIN.search(segment)
    if join:
        verb = CLAUSE_VERB.search(segment, join.end())
        if verb:
            return segment[: verb.start()]
    return segment


def backward_scope(text: str, end: int, floor: int) -> int:
    """Where the scope of a post trigger starting at ``end`` begins, no earlier than ``floor``."""
    region = text[floor:end]
    stops = list(TERMINATION.finditer(region))
    if stops:
        floor += stops[-1].end()
        region = text[floor:end]
    segments = region.split(",")
    last = segments[-1]
    verbs = list(CLAUSE_VERB.finditer(last))
    if verbs:
        # "IUGR is mild and the muscles are normal": only the clause after the last verb
        join = LIST_JOIN.search(last, verbs[-1].end())
        cut = join.end() if join else verbs[-1].end()
        return end - len(last) + cut + _skip_words(last[cut:], MAX_WORDS)
    begin = end - len(last) + _skip_words(last, MAX_WORDS)
    if LIST_JOIN.search(last) and begin == end - len(last):
        # "ESR, CRP and ALP were normal": short items before the closing "and" belong to the list.
        for segment in reversed(segments[:-1]):
            if len(segment.split()) > 4:
                break
            begin -= len(segment) + 1
    return begin


def _skip_words(segment: str, count: int) -> int:
    """Offset in ``segment`` where its last ``count`` words begin."""
    words = list(re.finditer(r"\S+", segment))
    return words[-count].start() if len(words) > count else 0


def _pseudo(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in PSEUDO.finditer(text, lo, hi)]


def _pre_hits(pattern: re.Pattern, text: str, lo: int, hi: int, short: bool = False) -> list[tuple[int, int]]:
    pseudo = _pseudo(text, lo, hi)
    return [(m.end(), forward_scope(text, m.end(), hi, short)) for m in pattern.finditer(text, lo, hi)
            if not any(a <= m.start() < b for a, b in pseudo)]


def _post_hits(pattern: re.Pattern, text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    return [(backward_scope(text, m.start(), lo), m.start()) for m in pattern.finditer(text, lo, hi)]


def apply_context(text: str, findings: list[Finding]) -> None:
    """Set ``excluded``, ``normal`` and ``family_history`` on each finding, in place."""
    for lo, hi in sentences(text):
        inside = [f for f in findings if lo <= f.start < hi]
        if not inside:
            continue
        spans = [(f.start, f.end) for f in inside]
        short = [(m, text[m[0] - 12:m[0]].lower()) for m in _own(_pre_hits(SHORT_PRE, text, lo, hi, True),
                                                                   spans, True)]
        negated = _own(_pre_hits(NEGATION_PRE, text, lo, hi), spans, True) + \
            _own(_post_hits(NEGATION_POST, text, lo, hi), spans, False) + \
            [scope for scope, cue in short if cue.endswith("absent")]
        normal = _own(_post_hits(NORMAL_POST, text, lo, hi), spans, False) + \
            [scope for scope, cue in short if not cue.endswith("absent")]
        family = _pre_hits(RELATIVE, text, lo, hi) + [(m.end(), hi) for m in FAMILY_HEADING.finditer(text, lo, hi)]
        for finding in inside:
            own = (finding.start, finding.end)
            if _covered(own, normal):
                finding.normal = True
                finding.excluded = True
            elif _covered(own, negated):
                finding.excluded = True
            if _covered(own, family):
                finding.family_history = True
        _mark_others(text, lo, hi, inside)
    _mark_differential_headings(text, findings)


# A heading that lists the diseases weighed ("Differential: A, in which ...; B."): its list runs past the
# semicolons that part its items, to the full stop, the end of its line or the next heading ("Plan:").
DIFFERENTIAL_HEADING = re.compile(r"\bdifferential(?: diagnos[ie]s)?\s*:", re.I)
NEXT_HEADING = re.compile(r"(?<!\d)(?<!\bet al)[.!?](?!\d)|\n|\b[A-Z][a-z]+(?: [a-z]+){0,3}\s*:")


def _mark_differential_headings(text: str, findings: list[Finding]) -> None:
    for match in DIFFERENTIAL_HEADING.finditer(text):
        after = NEXT_HEADING.search(text, match.end())
        end = _until_patient(text, match.end(), after.start() if after else len(text))
        for finding in findings:
            if finding.context is None and not finding.family_history and match.end() <= finding.start \
                    and finding.end <= end:
                finding.context = "differential"


def _mark_others(text: str, lo: int, hi: int, inside: list[Finding]) -> None:
    """Set ``context`` to "literature" or "differential" for findings in such a trigger's scope."""
    scopes = [(kind, start, _until_patient(text, start, hi)) for kind, pattern in
              (("literature", LITERATURE_PRE), ("differential", DIFFERENTIAL_PRE))
              for start in (m.end() for m in pattern.finditer(text, lo, hi))]
    for match in LITERATURE_POST.finditer(text, lo, hi):
        back = list(PATIENT_AGAIN.finditer(text, lo, match.start()))
        if _WHICH_BEFORE.search(text, lo, match.start()):
            # "our patient (she) had ptosis, which has been reported in ...": the clause compares the patient's
            # ptosis with the literature; a sentence about cited patients is marked by its pre trigger
            continue
        scopes.append(("literature", back[-1].end() if back else lo, match.start()))
    if _AS_IN_OURS.search(text, lo, hi):
        return                  # "most reported patients had cataracts, as did our patient": the patient's too
    for finding in inside:
        if finding.context is not None:
            continue
        for kind, start, end in scopes:
            if start <= finding.start and finding.end <= end:
                finding.context = kind
                break


def _until_patient(text: str, start: int, hi: int) -> int:
    """The scope of a literature or differential trigger ends where the patient or a contrast comes in."""
    ends = [m.start() for m in (PATIENT_AGAIN.search(text, start, hi), _CONTRAST.search(text, start, hi),
                                _CLAUSE_CLOSE.search(text, start, hi)) if m]
    return min(ends, default=hi)


_AS_IN_OURS = re.compile(r"\b(?:as (?:did|does|do|in|with|was the case (?:in|for|with))|like|similar to) "
                         r"(?:our|the present|this) (?:patient|case|proband|boy|girl)s?\b", re.I)
_WHICH_BEFORE = re.compile(r",?\s*\b(?:which|that)\s+$", re.I)
_CONTRAST = re.compile(r"\b(?:but|however|although|though|yet)\b", re.I)
# Where a clause about others closes and the sentence goes on about the patient: the main verb after a
# relative clause ("Sotos syndrome, which causes tall stature, was excluded because he had ..."), a reason,
# or the patient as "he"/"she" in the past tense.
_CLAUSE_CLOSE = re.compile(r",\s*(?:was|were|could|did|remained|seemed)\b|\b(?:because|since)\b|"
                           r"\b(?:he|she) (?:had|has|was|is|showed|presented|developed)\b", re.I)


def _own(scopes: list[tuple[int, int]], spans: list[tuple[int, int]], pre: bool) -> list[tuple[int, int]]:
    """Drop triggers that are words of a recognised term ("Absent Achilles reflex", "Normal pressure ...")."""
    kept = []
    for lo, hi in scopes:
        cue = lo - 1 if pre else hi
        if not any(start <= cue < end for start, end in spans):
            kept.append((lo, hi))
    return kept


def _covered(span: tuple[int, int], scopes: list[tuple[int, int]]) -> bool:
    return any(lo <= span[0] and span[1] <= hi + 1 for lo, hi in scopes)


def family_history(text: str) -> tuple[bool | None, Span | None]:
    """Whether the text reports a family history: False for "no family history", True for
    "family history of ..." or a relative with a condition, None when it says nothing."""
    negative = FAMILY_NEGATIVE.search(text)
    if negative:
        return False, Span("absent", negative.group(), negative.start(), negative.end())
    positive = RELATIVE.search(text) or FAMILY_POSITIVE.search(text)
    if positive:
        return True, Span("present", positive.group().strip(), positive.start(), positive.end())
    return None, None
