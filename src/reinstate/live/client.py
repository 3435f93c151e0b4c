"""A small client for SP-API's Reports API (2021-06-30) on top of python-amazon-sp-api.

What it adds to the library: every failure becomes one of our errors with a ``code`` the web
layer turns into one line in the seller's language (``credentials``, ``forbidden``,
``throttled``, ``unavailable``, ``rejected``, ``bad_response``, ``too_large``); throttling and
server errors are retried a bounded number of times with growing waits; the access token is
kept per client (not in the library's process-wide cache); the report document is downloaded
by us so that its HTTP status is checked, its size is bounded and its bytes stay exactly as
Amazon sent them (the library decodes them to text).

>>> with ReportsClient(connection) as client:                         # doctest: +SKIP
...     report_id = client.create_report("GET_V2_SELLER_PERFORMANCE_REPORT")
...     client.get_report(report_id).status
'IN_QUEUE'
"""

from __future__ import annotations

import json
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Any, TypeVar
from urllib.parse import urlsplit

import httpx

from reinstate.errors import ServiceError, TemporaryServiceError
from reinstate.live.config import Connection

T = TypeVar("T")

# LWA answers these when the app id, secret or refresh token is wrong or revoked.
_CREDENTIAL_ERRORS = {"invalid_grant", "invalid_client", "unauthorized_client", "invalid_request"}


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often a throttled (429) or failing (5xx, network) request is tried again."""

    attempts: int = 4
    first_wait: float = 2.0
    factor: float = 2.0
    max_wait: float = 30.0

    def waits(self) -> list[float]:
        """The pauses between attempts: ``RetryPolicy(3, 1, 2).waits() == [1.0, 2.0]``."""
        waits, wait = [], self.first_wait
        for _ in range(max(self.attempts - 1, 0)):
            waits.append(min(wait, self.max_wait))
            wait *= self.factor
        return waits


@dataclass(frozen=True, slots=True)
class ReportState:
    """What ``getReport`` says about a requested report."""

    report_id: str
    report_type: str
    status: str  # IN_QUEUE, IN_PROGRESS, DONE, CANCELLED, FATAL
    document_id: str | None
    data_start: datetime | None
    data_end: datetime | None


@dataclass(frozen=True, slots=True)
class Document:
    """A report document as Amazon sent it, decompressed."""

    content: bytes
    charset: str | None  # from the download's Content-Type, when given
    compressed: bool  # was it GZIP on the wire


def _instant(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _amazon_message(exc: Any) -> str:
    """The first error message Amazon put in an ``errors`` list (one line)."""
    message = getattr(exc, "message", None) or ""
    code = getattr(exc, "amzn_code", None) or ""
    text = f"{code}: {message}" if code and message else str(message or code or exc)
    return " ".join(text.split())[:200]


class ReportsClient:
    """Request, follow and download reports for one seller account and marketplace."""

    def __init__(
        self,
        connection: Connection,
        *,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.connection = connection
        self.retry = retry or RetryPolicy()
        self._sleep = sleep
        self._api = _build_api(connection)
        self._downloads = httpx.Client(timeout=connection.timeout, follow_redirects=True)

    # -- context manager -------------------------------------------------------------------
    def __enter__(self) -> ReportsClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._api.close()
        self._api._auth.close()
        self._downloads.close()

    # -- operations ------------------------------------------------------------------------
    def check_credentials(self) -> None:
        """Exchange the refresh token for an access token (Login with Amazon only; no SP-API
        call). Raises ``ServiceError(code="credentials")`` when Amazon refuses them."""
        self._call(lambda: self._api._auth.get_auth())

    def create_report(
        self, report_type: str, *, start: datetime | None = None, end: datetime | None = None
    ) -> str:
        """Ask Amazon to prepare a report; returns its ``reportId``."""
        body: dict[str, Any] = {
            "reportType": report_type,
            "marketplaceIds": [self.connection.market.marketplace_id],
        }
        if start is not None:
            body["dataStartTime"] = start.isoformat()
        if end is not None:
            body["dataEndTime"] = end.isoformat()
        payload = self._call(lambda: self._api.create_report(**body).payload)
        report_id = payload.get("reportId") if isinstance(payload, dict) else None
        if not report_id:
            raise _bad_response("createReport answered without a reportId")
        return str(report_id)

    def get_report(self, report_id: str) -> ReportState:
        payload = self._call(lambda: self._api.get_report(report_id).payload)
        status = payload.get("processingStatus") if isinstance(payload, dict) else None
        if not status:
            raise _bad_response("getReport answered without a processingStatus")
        return ReportState(
            report_id=report_id,
            report_type=str(payload.get("reportType") or ""),
            status=str(status),
            document_id=str(payload["reportDocumentId"])
            if payload.get("reportDocumentId")
            else None,
            data_start=_instant(payload.get("dataStartTime")),
            data_end=_instant(payload.get("dataEndTime")),
        )

    def download(self, document_id: str) -> Document:
        """Fetch a report document (``getReportDocument``, then its pre-signed URL)."""
        payload = self._call(lambda: self._api.get_report_document(document_id).payload)
        url = payload.get("url") if isinstance(payload, dict) else None
        if not url:
            raise _bad_response("getReportDocument answered without a url")
        algorithm = str(payload.get("compressionAlgorithm") or "").upper()
        raw, charset = self._call(lambda: self._fetch_document(str(url)))
        if algorithm and algorithm != "GZIP":
            raise _bad_response(f"unknown compression {algorithm!r} for document {document_id}")
        content = self._gunzip(raw) if algorithm == "GZIP" else raw
        return Document(content=content, charset=charset, compressed=bool(algorithm))

    # -- internals -------------------------------------------------------------------------
    def _fetch_document(self, url: str) -> tuple[bytes, str | None]:
        limit = self.connection.max_document_bytes
        with self._downloads.stream("GET", url) as response:
            if response.status_code >= 500 or response.status_code == 429:
                raise _Retryable(
                    f"document download answered HTTP {response.status_code}", response.status_code
                )
            if response.status_code != 200:
                raise ServiceError(
                    f"the report document could not be downloaded (HTTP {response.status_code})",
                    code="rejected",
                )
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > limit:
                    raise _too_large(limit)
                chunks.append(chunk)
            return b"".join(chunks), response.charset_encoding

    def _gunzip(self, raw: bytes) -> bytes:
        """Decompress in bounded steps, so a small download cannot unpack into gigabytes."""
        limit = self.connection.max_document_bytes
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        parts, size, pending = [], 0, raw
        try:
            while pending:
                part = inflater.decompress(pending, 1024 * 1024)
                size += len(part)
                if size > limit:
                    raise _too_large(limit)
                parts.append(part)
                pending = inflater.unconsumed_tail
                if inflater.eof:
                    break
            parts.append(inflater.flush())
        except zlib.error as exc:
            raise _bad_response(f"the GZIP report document is broken: {exc}") from exc
        if not inflater.eof:
            raise _bad_response("the GZIP report document is cut short")
        return b"".join(parts)

    def _call(self, operation: Callable[[], T]) -> T:
        """Run one request, retrying throttling and passing failures; translate errors."""
        from sp_api.auth.exceptions import AuthorizationError
        from sp_api.base import SellingApiException
        from sp_api.base.exceptions import (
            SellingApiForbiddenException,
            SellingApiRequestThrottledException,
        )

        waits = self.retry.waits()
        attempt = 0
        while True:
            try:
                return operation()
            except AuthorizationError as exc:
                if exc.error_code in _CREDENTIAL_ERRORS or exc.status_code in (400, 401, 403):
                    raise ServiceError(
                        "Login with Amazon refused the credentials "
                        f"({exc.error_code or exc.status_code}: {exc.message or 'no detail'})",
                        code="credentials",
                    ) from exc
                failure: ServiceError = TemporaryServiceError(
                    f"Login with Amazon answered HTTP {exc.status_code}",
                    code="throttled" if exc.status_code == 429 else "unavailable",
                )
            except SellingApiRequestThrottledException as exc:
                failure = TemporaryServiceError(
                    f"Amazon is throttling requests ({_amazon_message(exc)})", code="throttled"
                )
            except SellingApiForbiddenException as exc:
                raise ServiceError(
                    f"Amazon refused access ({_amazon_message(exc)})", code="forbidden"
                ) from exc
            except SellingApiException as exc:
                if getattr(exc, "code", 0) < 500:
                    raise ServiceError(
                        f"Amazon refused the request ({_amazon_message(exc)})", code="rejected"
                    ) from exc
                failure = TemporaryServiceError(
                    f"Amazon's service failed ({_amazon_message(exc)})", code="unavailable"
                )
            except _Retryable as exc:
                failure = TemporaryServiceError(
                    str(exc), code="throttled" if exc.status == 429 else "unavailable"
                )
            except (httpx.TimeoutException, httpx.TransportError) as exc:
                failure = TemporaryServiceError(
                    f"Amazon could not be reached ({type(exc).__name__})", code="unavailable"
                )
            except json.JSONDecodeError as exc:  # an HTML error page where JSON was due
                failure = TemporaryServiceError(
                    "Amazon answered with something that is not JSON", code="unavailable"
                )
                failure.__cause__ = exc
            if attempt >= len(waits):
                raise failure
            self._sleep(waits[attempt])
            attempt += 1


class _Retryable(Exception):
    """An HTTP answer (429, 5xx) that may turn out better when the request is tried again."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


def _bad_response(message: str) -> ServiceError:
    return ServiceError(message, code="bad_response")


def _too_large(limit: int) -> ServiceError:
    # A ServiceError rather than TooLargeError (an InputError): the seller gave no input here.
    return ServiceError(f"the report document is larger than {limit} bytes", code="too_large")


def _build_api(connection: Connection) -> Any:
    """python-amazon-sp-api's Reports client, pointed at the connection's hosts and using only
    the credentials given (no environment variables, config files or AWS secrets)."""
    from sp_api.api import Reports
    from sp_api.base import Marketplaces
    from sp_api.base.credential_provider import FromCodeCredentialProvider

    market = connection.market
    api = Reports(
        marketplace=Marketplaces[market.code],
        credentials=connection.credentials.as_sp_api(),
        credential_providers=[FromCodeCredentialProvider],
        timeout=connection.timeout,
        auth_token_client_class=_token_client_class(connection.token_endpoint),
    )
    # The library takes the host from the Marketplaces enum (and an SP_API_DEFAULT_MARKETPLACE
    # variable may override it): set both explicitly.
    api.endpoint = connection.endpoint_url
    api.marketplace_id = market.marketplace_id
    api._transport = _CheckedTransport(api._transport)
    return api


class _CheckedTransport:
    """Wraps the library's HTTP transport. The library raises only for answers with a JSON
    ``errors`` list and turns anything else (a proxy's HTML 503 page) into an empty success;
    here such answers become errors, so an outage is retried and named as one."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        response: httpx.Response = self._inner.request(method, url, **kwargs)
        if response.status_code < 400 or _has_errors(response):
            return response
        if response.status_code == 429 or response.status_code >= 500:
            raise _Retryable(f"Amazon answered HTTP {response.status_code}", response.status_code)
        raise ServiceError(
            f"Amazon refused the request (HTTP {response.status_code})", code="rejected"
        )

    def close(self) -> None:
        self._inner.close()


def _has_errors(response: httpx.Response) -> bool:
    try:
        data = response.json()
    except ValueError:
        return False
    return isinstance(data, dict) and bool(data.get("errors"))


def _token_client_class(token_url: str) -> type[Any]:
    """An LWA token client for ``token_url`` that keeps its access token to itself: the
    library's own cache is shared by every client in the process."""
    from sp_api.auth import AccessTokenClient, AccessTokenResponse

    parts = urlsplit(token_url)

    class _TokenClient(AccessTokenClient):  # type: ignore[misc]
        scheme = f"{parts.scheme}://"
        host = parts.netloc
        path = parts.path or "/"

        _token: dict[str, Any] | None = None
        _expires: float = 0.0

        def get_auth(self) -> Any:
            if self._token is None or time.monotonic() >= self._expires:
                token = self._request(self.scheme + self.host + self.path, self.data, self.headers)
                if not isinstance(token, dict) or not token.get("access_token"):
                    raise _bad_response("Login with Amazon answered without an access token")
                self._token = token
                # Renew a minute early so a long poll never sends an expired token.
                lifetime = float(token.get("expires_in") or 3600)
                self._expires = time.monotonic() + max(lifetime - 60.0, 1.0)
            return AccessTokenResponse(**self._token)

        def close(self) -> None:
            self._transport.close()

    return _TokenClient
