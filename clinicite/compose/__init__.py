"""compose stage: cited answers to clinical questions.

Public API::

    answer_question(question, *, context: ComposeContext, audience="clinician",
                    thread_id=None, owner_id=None) -> Answer
    render(answer, format="md" | "json" | "html") -> str
    ExtractiveComposer(), LanguageModelComposer.from_settings(settings)   # both satisfy Composer
    thread_answers(database, thread_id, owner_id) -> list[Answer]
"""

from clinicite.compose.answer import Answer, Bullet, Citation, DifferentialRow, Reference, AnswerSection
from clinicite.compose.composer import Composer, ComposeRequest, Draft, DraftBullet, ExtractiveComposer
from clinicite.compose.conversation import thread_answers
from clinicite.compose.llm import LanguageModelComposer
from clinicite.compose.pipeline import ComposeContext, answer_question
from clinicite.compose.render import render, to_html, to_json, to_markdown

__all__ = ["Answer", "Bullet", "Citation", "ComposeContext", "ComposeRequest", "Composer", "DifferentialRow",
           "Draft", "DraftBullet", "ExtractiveComposer", "LanguageModelComposer", "Reference", "AnswerSection",
           "answer_question", "render", "thread_answers", "to_html", "to_json", "to_markdown"]
