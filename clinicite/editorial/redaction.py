"""Redacting an article's question: names, record numbers and dates taken out before (or after) review.

A redaction may only remove words or put ``[placeholders]`` in their place (:func:`is_redaction`), so it
can hide an identifier but never add a claim; that is why it applies at once to every version, the
published one included, without waiting for a review. :mod:`clinicite.editorial.identifiers` says what to look for.
"""

from __future__ import annotations

import re

from sqlalchemy.orm import Session

from clinicite.editorial.permissions import Actor
from clinicite.editorial.workflow import audit, get_article, versions
from clinicite.errors import InputError, PermissionDenied, WorkflowError
from clinicite.store.base import utcnow
from clinicite.store.editorial import ArticleRow

_PLACEHOLDER = re.compile(r"^\[[^\]]{0,40}\]$")
_TRIM = ".,;:()!?\"'"


def is_redaction(old: str, new: str) -> bool:
    """True when ``new`` only removes words of ``old`` or replaces them by ``[bracketed]`` placeholders:
    the words left are ``old``'s, in order (punctuation around a word may change). A redaction can hide
    text; it can never add a claim."""
    remaining = iter([w.strip(_TRIM) for w in old.split()])
    for word in new.split():
        word = word.strip(_TRIM)
        if not word or _PLACEHOLDER.match(word):
            continue
        if word not in remaining:  # consumes the iterator up to the match: order is kept
            return False
    return True


def redact_question(session: Session, actor: Actor, article_id: int, question: str) -> ArticleRow:
    """Replace the article's question, in every version, by a redacted form of it (names, record numbers).

    The author may do it for their own article and editors for any, whenever it is not under review.
    Because a redaction only removes words (:func:`is_redaction`), it takes effect at once, in the
    published version too: hiding an identifier must not wait for a review. The audit keeps no text.
    """
    article = get_article(session, article_id)
    own = actor.signed_in and article.author_id == actor.id
    if not (actor.can("edit_article") or (own and actor.can("edit_own_article"))):
        raise PermissionDenied("only the article's author or an editor may redact its question")
    if article.status == "under_review":
        raise WorkflowError("the article is under review: the reviewer must finish before it is redacted")
    question = " ".join(question.split())
    if not question:
        raise InputError("the redacted question is empty", hint="Replace identifiers by [name], [number].")
    if not is_redaction(article.question, question):
        raise InputError("a redaction may only remove words or replace them by [placeholders]",
                         hint="To change the question itself, ask it again as a new question.")
    before = {"characters": len(article.question)}
    article.question = question
    for version in versions(session, article.id):
        version.data = {**version.data, "question": question}  # a new dict, so the JSON column is rewritten
    article.updated_at = utcnow()
    audit(session, actor, "redact_question", "article", article.id, before, {"characters": len(question)})
    return article
