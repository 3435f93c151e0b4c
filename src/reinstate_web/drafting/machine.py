"""The optional language model, read from the settings. Off unless REINSTATE_LLM_URL and
REINSTATE_LLM_MODEL are both set: then, and only then, a seller's free-text answer is sent to that
endpoint when they press the rephrase button."""

from __future__ import annotations

from django.conf import settings

from reinstate.llm import (
    ChatClient,
    LanguageModel,
    MachineText,
    SecondOpinion,
    rephrase_answer,
    second_opinion,
)


def language_model() -> LanguageModel | None:
    url = str(getattr(settings, "LLM_URL", "") or "")
    model = str(getattr(settings, "LLM_MODEL", "") or "")
    if not url or not model:
        return None
    return LanguageModel(url, model, str(getattr(settings, "LLM_API_KEY", "") or ""))


def enabled() -> bool:
    return language_model() is not None


def rephrase(text: str, question: str | None) -> MachineText:
    """English for a seller's answer. Raises ServiceError (TemporaryServiceError when trying
    again may help) or InputError; callers show the message, never a traceback."""
    model = language_model()
    if model is None:
        raise RuntimeError("the language model is not configured")
    with ChatClient(model) as client:
        return rephrase_answer(text, client, question=question)


def category_opinion(text: str, candidates: list[str]) -> SecondOpinion:
    """The model's choice among an unsure diagnosis's candidates. Raises ServiceError."""
    model = language_model()
    if model is None:
        raise RuntimeError("the language model is not configured")
    with ChatClient(model) as client:
        return second_opinion(text, candidates, client)
