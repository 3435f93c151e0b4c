"""A small client for OpenAI-compatible chat-completions endpoints (OpenAI, Ollama, vLLM ...).

Off unless the caller passes a :class:`LanguageModel` (endpoint, model, key as values). Every
request has explicit timeouts; every failure becomes a :class:`ServiceError` (or a
:class:`TemporaryServiceError` when trying again later can help).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Any

import httpx

from reinstate.errors import ServiceError, TemporaryServiceError


@dataclass(frozen=True, slots=True)
class LanguageModel:
    """Where the model runs. ``endpoint`` is the API base (``http://localhost:11434/v1``) or the
    full ``.../chat/completions`` URL; ``api_key`` may be empty for local servers."""

    endpoint: str
    model: str
    api_key: str = ""
    connect_timeout: float = 5.0
    read_timeout: float = 60.0

    @property
    def url(self) -> str:
        base = self.endpoint.rstrip("/")
        return base if base.endswith("/chat/completions") else f"{base}/chat/completions"

    def __repr__(self) -> str:  # never print the key
        return f"LanguageModel(endpoint={self.endpoint!r}, model={self.model!r})"


class ChatClient:
    """Send chat messages, get the assistant's text back."""

    def __init__(
        self, model: LanguageModel, *, transport: httpx.BaseTransport | None = None
    ) -> None:
        if not model.endpoint.startswith(("http://", "https://")):
            raise ServiceError("The language model endpoint must be an http(s) URL.")
        self.model = model
        timeout = httpx.Timeout(model.read_timeout, connect=model.connect_timeout)
        headers = {"Authorization": f"Bearer {model.api_key}"} if model.api_key else {}
        self._http = httpx.Client(timeout=timeout, headers=headers, transport=transport)

    def __enter__(self) -> ChatClient:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def complete(
        self,
        messages: Sequence[dict[str, str]],
        *,
        temperature: float = 0.0,
        max_tokens: int = 300,
    ) -> str:
        """The text of the first choice. Raises ServiceError / TemporaryServiceError."""
        payload = {
            "model": self.model.model,
            "messages": list(messages),
            "temperature": temperature,
            "max_tokens": max_tokens,
            "stream": False,
        }
        try:
            response = self._http.post(self.model.url, json=payload)
        except httpx.TimeoutException as exc:
            raise TemporaryServiceError("The language model did not answer in time.") from exc
        except httpx.TransportError as exc:
            raise TemporaryServiceError(f"Cannot reach the language model: {exc}") from exc
        return _text_of(response)


def _text_of(response: httpx.Response) -> str:
    status = response.status_code
    if status == 429 or status >= 500:
        raise TemporaryServiceError(f"The language model is busy or failing (HTTP {status}).")
    if status in (401, 403):
        raise ServiceError(f"The language model refused the key (HTTP {status}).")
    if status >= 400:
        raise ServiceError(f"The language model rejected the request (HTTP {status}).")
    try:
        data: Any = response.json()
        content = data["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise ServiceError("The language model's answer is not a chat completion.") from exc
    if not isinstance(content, str) or not content.strip():
        raise ServiceError("The language model returned an empty answer.")
    return content.strip()
