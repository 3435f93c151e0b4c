"""One error shape for every API answer that is not a success.

``{"error": {"code": "not_found", "message": "..."}}``: the codes are stable (docs/api.md);
the message is for a person and may change.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from reinstate.errors import ReinstateError
from reinstate.workflow import TransitionRefused

CODES = {
    400: "invalid",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    422: "invalid",
    429: "rate_limited",
}


# Every error an operation may answer, documented on each (schemathesis holds us to it).
ERRORS = frozenset({400, 401, 403, 404, 409, 413, 422, 429})


class ErrorDetail(Schema):
    code: str
    message: str


class ErrorOut(Schema):
    error: ErrorDetail


class RateLimited(Exception):
    def __init__(self, retry_after: int) -> None:
        super().__init__("rate limited")
        self.retry_after = retry_after


class ApiError(Exception):
    """An answer other than success, with its stable code."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def error_response(
    api: NinjaAPI, request: HttpRequest, status: int, code: str, message: str
) -> HttpResponse:
    return api.create_response(
        request, {"error": {"code": code, "message": message}}, status=status
    )


def install(api: NinjaAPI) -> None:
    """Turn every error an endpoint can meet into the one shape."""

    @api.exception_handler(ApiError)
    def _api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return error_response(api, request, exc.status, exc.code, exc.message)

    @api.exception_handler(Http404)
    def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return error_response(api, request, 404, "not_found", "No such object.")

    @api.exception_handler(PermissionDenied)
    def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return error_response(api, request, 403, "forbidden", "Your role cannot change this.")

    @api.exception_handler(AuthenticationError)
    def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = error_response(
            api, request, 401, "unauthenticated", "A valid API token is needed."
        )
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(RateLimited)
    def _rate_limited(request: HttpRequest, exc: RateLimited) -> HttpResponse:
        response = error_response(api, request, 429, "rate_limited", "Too many requests.")
        response["Retry-After"] = str(exc.retry_after)
        return response

    @api.exception_handler(ValidationError)
    def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        first = exc.errors[0] if exc.errors else {}
        where = ".".join(str(p) for p in first.get("loc", ()))
        message = f"{where}: {first.get('msg', 'invalid')}" if where else "Invalid request."
        return error_response(api, request, 422, "invalid", message[:500])

    @api.exception_handler(HttpError)
    def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        status = exc.status_code
        return error_response(api, request, status, CODES.get(status, "error"), str(exc))

    @api.exception_handler(TransitionRefused)
    def _refused(request: HttpRequest, exc: TransitionRefused) -> HttpResponse:
        return error_response(
            api, request, 409, "transition_refused", "That step is not possible from here."
        )

    @api.exception_handler(ReinstateError)
    def _domain(request: HttpRequest, exc: ReinstateError) -> HttpResponse:
        code = exc.code if exc.code != "error" else "invalid"
        return error_response(api, request, 400, code, str(exc)[:500])
