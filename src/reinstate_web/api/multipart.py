"""Multipart writes that must refuse an oversized file while it arrives, and the one error for a
form the pages also use.

django-ninja reads the body before the operation runs when a ``File`` or ``Form`` argument is
declared; the evidence locker (like its page) installs the streaming size guard first, after the
case was looked up, so these operations read ``request.POST`` and ``request.FILES`` themselves
and state their body in the OpenAPI description with :func:`body`.
"""

from __future__ import annotations

from typing import Any

from django import forms

from reinstate_web.api.errors import ApiError


def body(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    """``openapi_extra`` describing a ``multipart/form-data`` body."""
    return {
        "requestBody": {
            "required": True,
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": properties,
                        "required": required,
                    }
                }
            },
        }
    }


FILE = {"type": "string", "format": "binary"}


def refuse(form: forms.BaseForm, *, code: str = "invalid") -> ApiError:
    """A form the page would show again with its errors: 422 naming the first field."""
    for name, errors in form.errors.items():
        where = "" if name == "__all__" else f"{name}: "
        return ApiError(422, code, f"{where}{errors[0]}"[:500])
    return ApiError(422, code, "Invalid request.")
