"""One exception tree for the whole core.

Every third-party error that can reach a caller is translated into one of these, so the command
line and the web layer can turn it into a one-line message in the user's language. ``temporary``
tells a caller whether retrying later can help (a network hiccup) or not (a broken file).
"""

from __future__ import annotations


class ReinstateError(Exception):
    """Base of every error the core raises on purpose."""

    temporary: bool = False

    def __init__(self, message: str, *, code: str = "error") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class InputError(ReinstateError):
    """The input cannot be used: empty, unreadable, too large, not what was expected."""


class TooLargeError(InputError):
    """The input is larger than the documented limit."""


class KnowledgeBaseError(ReinstateError):
    """A knowledge-base data file is missing or malformed (a bug in reviewed data)."""


class ExportError(ReinstateError):
    """A letter or report could not be rendered to the requested format."""


class ServiceError(ReinstateError):
    """An outside service (SP-API, a language model endpoint, a mail server) failed."""


class TemporaryServiceError(ServiceError):
    """The outside service failed in a way that may pass: timeout, 5xx, connection reset."""

    temporary = True
