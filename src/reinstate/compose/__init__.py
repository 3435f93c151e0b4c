"""Compose the appeal (Plan of Action) from the knowledge base and the case's own facts.

>>> from reinstate.compose import CaseFacts, compose
>>> appeal = compose(CaseFacts(category="ip_trademark", asins=("B0C1234567",)))
>>> sorted(appeal.sections)
['corrective_actions', 'preventive_measures', 'root_cause']

See docs/composer.md for the rules the composer follows.
"""

from reinstate.compose.appeal import (
    Appeal,
    Attachment,
    Block,
    Mirror,
    OpenQuestion,
    Option,
    Section,
)
from reinstate.compose.compose import compose, confirmed_choices
from reinstate.compose.facts import (
    AsinFact,
    CaseFacts,
    Choices,
    FindingFact,
    MetricFact,
    facts_from,
)
from reinstate.compose.kb import KnowledgeBase
from reinstate.compose.questionnaire import Preview, Question, QuestionChoice, questionnaire

__all__ = [
    "Appeal",
    "AsinFact",
    "Attachment",
    "Block",
    "CaseFacts",
    "Choices",
    "FindingFact",
    "KnowledgeBase",
    "MetricFact",
    "Mirror",
    "OpenQuestion",
    "Option",
    "Preview",
    "Question",
    "QuestionChoice",
    "Section",
    "compose",
    "confirmed_choices",
    "facts_from",
    "questionnaire",
]
