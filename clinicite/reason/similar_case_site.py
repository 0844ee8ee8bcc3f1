"""A similar report's diagnosis named only by its bare head ("Torsion is a surgical emergency"), read as the disease
of the site the report names ("the left testis", "the spermatic cord": testicular torsion).

Once the organ is clear from the case, a report often names what it found and treated by the head noun alone:
"Torsion ...", "the aneurysm had ruptured", "the fracture united". English noun phrases are head-final, the site
standing before the head as a modifier ("testicular torsion") or after it in an of-phrase ("torsion of the testis")
(Quirk et al., *A Comprehensive Grammar of the English Language*, 1985, ch. 17), and a disease vocabulary's names
have the same structure. So :func:`site_disease` reads the head a report uses alone most often (at least
:data:`MIN_BARE_USES` times, more than any other head), and takes the one vocabulary disease under that head whose
other words (its site and any qualifier) the report writes, that the report does not weigh as an alternative; when
several fit, the one the report also names in full (the bare head refers back to it), else the one whose words the
case at hand also writes. A head that is itself a finding's name ("emphysema") is not read. When none or several remain, nothing is read: a
wrong disease is worse than none. No disease name is written here; the heads and sites come from the vocabulary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from clinicite.reason.mentions import Mention, find_mentions
from clinicite.reason.stated_subject import _COMPLAINT_HEADS
from clinicite.reason.vocabulary import token_keys

MIN_BARE_USES = 2
# A name with these words lumps several diseases, or qualifies rather than names one ("Other torsion of ...",
# "Torsion of ovary and ovarian pedicle"): it is no site-specific name.
_CLASS_WORDS = frozenset({"or", "and", "with", "without", "due", "in", "other", "unspecified", "nos", "nec", "by", "to",
                          "from", "for", "following", "after", "type", "not", "elsewhere", "classified"})
# Words of a name that a report need not repeat: side, course, mechanism, extent.
_QUALIFIERS = frozenset({"the", "a", "an", "left", "right", "bilateral", "unilateral", "acute", "chronic", "primary",
                         "secondary", "spontaneous", "nontraumatic", "traumatic", "initial", "subsequent", "encounter",
                         "site", "part", "complete", "partial", "simple", "idiopathic", "recurrent"})
# Heads too broad to name a disease alone (the category words and a complaint's heads): "the disease", "the pain".
_BROAD_HEADS = frozenset({"disease", "syndrome", "disorder", "condition", "deficiency", "infection", "lesion", "tumor",
                          "neoplasm", "cancer", "anomaly", "malformation", "abnormality", "deformity", "injury",
                          "pain", "ache", "swelling", "mass", "failure", "dysfunction", "insufficiency", "problem",
                          "complication", "finding", "sign", "symptom", "state", "reaction", "change", "effect",
                          "process", "illness", "case", "form", "stage", "grade", "degree", "body", "history", "cause",
                          "result", "factor", "risk", "response", "level", "count", "value", "test", "score",
                          "bleeding", "loss"})
# Sentences that set a disease aside: a head used there is an alternative's, not the report's finding.
_SET_ASIDE = re.compile(r"\b(?:exclud\w*|ruled? out|unlikely|against|mimic\w*|resembl\w*|differential|rather than|"
                        r"instead of|no evidence of|without)\b", re.I)
_SENTENCE = re.compile(r"[^.!?]+[.!?]?")
_OF_PHRASE = re.compile(r"\s+of\b", re.I)


@dataclass(frozen=True)
class SiteDisease:
    """A bare head read as a site-specific disease: its lexicon key, where the report writes the head."""
    key: str
    head: str
    hit: object              # the search hit (passage) whose text holds the first bare use
    at: int                  # offset of that use in the hit's text
    mention: Mention         # the disease, as a mention at that use (the quote's span is the head as written)


def head_and_words(key: str) -> tuple[str, frozenset[str]] | None:
    """A name's head and the other words a report must write for it ("torsion of the testis" -> "torsion",
    {"testis"}; "testicular torsion" -> "torsion", {"testicular"}); None for a name that lumps or has no site."""
    words = key.split()
    if not words or _CLASS_WORDS & set(words):
        return None
    if "of" in words:
        at = words.index("of")
        before, after = words[:at], words[at + 1:]
        if not before or not after or "of" in after:
            return None
        head, others = before[-1], before[:-1] + after
    else:
        head, others = words[-1], words[:-1]
    required = frozenset(w for w in others if w not in _QUALIFIERS)
    if len(head) < 5 or not head.isalpha() or head in _BROAD_HEADS or head in _COMPLAINT_HEADS or head in _QUALIFIERS or not 1 <= len(required) <= 4:
        return None
    return head, required


def head_index(lexicon) -> dict[str, dict[str, list[frozenset[str]]]]:
    """head -> disease key (the lexicon entry's) -> the word sets of its names under that head; built once."""
    index = getattr(lexicon, "_site_head_index", None)      # a lexicon is a mapping, not hashable: kept on it
    if index is None:
        index = {}
        as_site: dict[str, set[str]] = {}
        for name_key, entry in getattr(lexicon, "entries", {}).items():
            parsed = head_and_words(name_key)
            if parsed is not None:
                index.setdefault(parsed[0], {}).setdefault(entry.key, []).append(parsed[1])
                for word in parsed[1]:
                    as_site.setdefault(word, set()).add(entry.key)
        # A word that more diseases write as their site or qualifier than as their head is an organ or a modifier
        # ("testis" in "torsion of testis", "severe"), though a name ending in it makes it look like a head.
        index = {head: diseases for head, diseases in index.items() if len(as_site.get(head, ())) < len(diseases)}
        lexicon._site_head_index = index
    return index


def bare_uses(text: str, mentions: list[Mention], heads) -> list[tuple[str, int, int]]:
    """``(head, start, end)`` for each head word of ``heads`` that ``text`` uses alone: outside every disease mention,
    without an of-phrase naming its site, in a sentence that does not set a disease aside."""
    uses = []
    for sentence in _SENTENCE.finditer(text):
        if _SET_ASIDE.search(sentence.group()):
            continue
        for key, start, end in token_keys(sentence.group()):
            start, end = start + sentence.start(), end + sentence.start()
            if key in heads and not any(m.start < end and start < m.end for m in mentions) \
                    and not _OF_PHRASE.match(text, end):       # "Torsion of the appendix testis" is not bare
                uses.append((key, start, end))
    return uses


def site_disease(hits: list, document_id: str, lexicon, case_text: str, weighed: set[str]) -> SiteDisease | None:
    """The disease a similar report names only by its bare head (module docstring); None when it does not."""
    index = head_index(lexicon)
    if not index:
        return None
    report_words: set[str] = set()
    uses: list[tuple[str, object, int, int]] = []
    named: set[str] = set()
    for hit in [h for h in hits if h.document_id == document_id]:
        for text in (hit.title or "", hit.text):
            report_words.update(key for key, _, _ in token_keys(text))
            mentions = find_mentions(text, lexicon, {}, phenotypes=True)
            named.update(m.key for m in mentions)
            if text is hit.text:
                uses += [(head, hit, start, end) for head, start, end in bare_uses(text, mentions, index)]
    counts: dict[str, int] = {}
    for head, *_ in uses:
        counts[head] = counts.get(head, 0) + 1
    case_words = {key for key, _, _ in token_keys(case_text)}
    # The heads used most first; an organ a report names often ("testis": "undescended testis" ends in it) resolves
    # to no disease whose words the report writes, and gives way to the next.
    for head, uses_of_head in sorted(counts.items(), key=lambda item: -item[1]):
        if uses_of_head < MIN_BARE_USES:
            break
        if getattr(lexicon, "is_finding", lambda _: False)(head):
            continue          # "emphysema", "hernia": a finding's name alone says what was seen, not what was found
        fits = {key for key, names in index[head].items() if key not in weighed
                and any(words <= report_words for words in names)}
        # "The fracture united" refers back to the "occult scaphoid fracture" the report names, read by a pattern or
        # by the vocabulary: the report names its disease already, and the bare head adds no other.
        same_head = {key for key in named - weighed if key.split()[-1] == head or key.startswith(f"{head} of ")}
        if same_head:
            fits &= same_head
            if not fits:
                return None
        if len(fits) > 1:
            fits = {key for key in fits if any(words <= case_words for words in index[head][key])}
        if len(fits) == 1:
            return _at_first_use(lexicon, next(iter(fits)), head, uses)
    return None


def _at_first_use(lexicon, key: str, head: str, uses: list) -> SiteDisease:
    """The disease as a mention at the head's first bare use, so its quote is the report's own sentence."""
    entry = lexicon.entries[key] if key in lexicon.entries else next(e for e in lexicon.entries.values() if e.key == key)
    _, hit, start, end = next(use for use in uses if use[0] == head)
    text = hit.text[start:end]
    mention = Mention(entry.key, text, start, end, entry.disease_id, "vocabulary", entry.concept_id, entry.category,
                      entry.phenotype)
    return SiteDisease(entry.key, head, hit, start, mention)
