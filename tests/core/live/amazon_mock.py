"""A local stand-in for Amazon: Login with Amazon's token endpoint, the Reports API (2021-06-30)
and the storage the report documents are downloaded from. Listens on 127.0.0.1 only.

Each test scripts it: the statuses ``getReport`` goes through for a report type, the documents
(plain or GZIP, with a charset), how many 429 or 500 answers an operation gives first. Every
request is logged so a test can check what the client sent.
"""

from __future__ import annotations

import gzip
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

APP_ID = "amzn1.application-oa2-client.4f0c1d2e3b4a59687a6b5c4d3e2f1a0b"
CLIENT_SECRET = "amzn1.oa2-cs.v1.8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d7c"
REFRESH_TOKEN = "Atzr|IwEBIExampleRefreshTokenForTheLocalMockOnly-7Qz3Xk9Lm2Np5Rs8Tv1Wy4"
ACCESS_TOKEN = "Atza|IwEBIExampleAccessTokenFromTheLocalMock"

PERFORMANCE = "GET_V2_SELLER_PERFORMANCE_REPORT"
FEEDBACK = "GET_SELLER_FEEDBACK_DATA"
MFN_RETURNS = "GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE"
FBA_RETURNS = "GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA"
US = "ATVPDKIKX0DER"

_WINDOW = {"reportingDateFrom": "2026-01-05T00:00:00Z", "reportingDateTo": "2026-03-05T23:59:59Z"}
PERFORMANCE_REPORT: dict[str, Any] = {
    "accountStatuses": [{"marketplaceId": US, "status": "AT_RISK"}],
    "performanceMetrics": [
        {
            "marketplaceId": US,
            "accountHealthRating": {"ahrStatus": "WARNED", "reportingDateRange": _WINDOW},
            "orderDefectRate": {
                "mfn": {
                    "reportingDateRange": _WINDOW,
                    "orderCount": 412,
                    "orderWithDefects": {"count": 7, "status": "BAD"},
                    "claims": {"count": 2, "status": "BAD"},
                    "chargebacks": {"count": 1, "status": "BAD"},
                    "negativeFeedback": {"count": 4, "status": "BAD"},
                    "fulfillmentType": "MFN",
                    "status": "BAD",
                    "rate": 0.017,
                    "targetValue": 0.01,
                    "targetCondition": "LESS_THAN",
                },
                "afn": {"status": "NONE", "orderCount": 0, "rate": 0, "targetValue": 0.01},
            },
            "lateShipmentRate": {
                "reportingDateRange": {
                    "reportingDateFrom": "2026-02-04T00:00:00Z",
                    "reportingDateTo": "2026-03-05T23:59:59Z",
                },
                "lateShipmentCount": 5,
                "orderCount": 210,
                "status": "GOOD",
                "rate": 0.0238,
                "targetValue": 0.04,
                "targetCondition": "LESS_THAN",
            },
            "productConditionCustomerComplaints": {
                "reportingDateRange": _WINDOW,
                "defectsCount": 3,
                "status": "BAD",
                "targetValue": 0,
                "targetCondition": "EQUALS",
            },
            "warningStates": [],
        }
    ],
}

FEEDBACK_TSV = (
    "Date\tRating\tComments\tYour Response\tOrder ID\tRater Email\n"
    "2/11/26\t1\tThe kettle arrived used, scratches all over and the seal was broken.\t\t"
    "112-4820193-5512034\tq7m2k1x9p0@marketplace.amazon.com\n"
    "2/17/26\t2\tLeaks from the bottom after two days.\t\t"
    "112-9031842-1187265\tz3c8v5b2n4@marketplace.amazon.com\n"
    "3/1/26\t3\tSlow delivery, product is fine.\t\t"
    "114-2209375-6640918\tr6t1y8u3i5@marketplace.amazon.com\n"
)
MFN_RETURNS_TSV = (
    "Order ID\tOrder date\tReturn request date\tReturn request status\tAmazon RMA ID\t"
    "Merchant RMA ID\tLabel type\tLabel cost\tCurrency code\tReturn carrier\tTracking ID\t"
    "Label to be paid by\tA-to-Z Claim\tIs prime\tASIN\tMerchant SKU\tItem Name\t"
    "Return quantity\tReturn Reason\tIn policy\tReturn type\tResolution\tInvoice number\t"
    "Return delivery date\tOrder Amount\tOrder quantity\tSafeT Action reason\tSafeT claim id\t"
    "SafeT claim state\tSafeT claim creation time\tSafeT claim reimbursement amount\t"
    "Refunded Amount\n"
    "112-4820193-5512034\t08-Feb-2026\t12-Feb-2026\tApproved\tDx7RqLm2RRMA\t \t"
    "AmazonPrePaidLabel\t5.27\tUSD\tUSPS\t9202090153540011223344\tSeller\tN\tY\tB0CKT1L7ZQ\t"
    "KT-17-SS-BLK\tBrightway 1.7L Stainless Steel Electric Kettle\t1\tCR-QUALITY_UNACCEPTABLE\tY\t"
    "C-Returns\tStandardRefund\t \t19-Feb-2026\t39.99\t1\t\t\t\t\t\t39.99\n"
)
FBA_RETURNS_TSV = (
    "return-date\torder-id\tsku\tasin\tfnsku\tproduct-name\tquantity\tfulfillment-center-id\t"
    "detailed-disposition\treason\tstatus\tlicense-plate-number\tcustomer-comments\n"
    "2026-02-20T09:14:02+00:00\t113-5573920-0041836\tKT-17-SS-BLK-FBA\tB0CKT1L7ZQ\tX002KT17BK\t"
    "Brightway 1.7L Stainless Steel Electric Kettle\t1\tLGB8\tCUSTOMER_DAMAGED\tDEFECTIVE\t"
    "Unit returned to inventory\tLPNRR8842301\tStopped heating after one week\n"
)


def default_documents() -> dict[str, bytes]:
    return {
        PERFORMANCE: json.dumps(PERFORMANCE_REPORT, indent=2).encode("utf-8"),
        FEEDBACK: FEEDBACK_TSV.encode("utf-8"),
        MFN_RETURNS: MFN_RETURNS_TSV.encode("cp1252"),
        FBA_RETURNS: FBA_RETURNS_TSV.encode("utf-8"),
    }


@dataclass
class Report:
    report_id: str
    report_type: str
    body: dict[str, Any]
    statuses: list[str]
    polls: int = 0

    def status(self) -> str:
        status = self.statuses[min(self.polls, len(self.statuses) - 1)]
        self.polls += 1
        return status


@dataclass
class AmazonMock:
    """Script it, start it, point the client at ``url`` and ``token_url``."""

    documents: dict[str, bytes] = field(default_factory=default_documents)
    # report type -> statuses getReport returns, one per poll (the last one repeats)
    statuses: dict[str, list[str]] = field(default_factory=dict)
    gzip_types: set[str] = field(default_factory=lambda: {PERFORMANCE, FEEDBACK})
    charsets: dict[str, str] = field(default_factory=lambda: {MFN_RETURNS: "Cp1252"})
    # operation name -> how many 429 (throttle) or 500 (fail) answers come before a real one
    throttle: dict[str, int] = field(default_factory=dict)
    fail: dict[str, int] = field(default_factory=dict)
    # operation name -> how many HTML 503 pages (not JSON) come first
    outage: dict[str, int] = field(default_factory=dict)
    # a FATAL report's error document, by report type
    fatal_details: dict[str, str] = field(default_factory=dict)
    # report types whose GZIP document arrives cut short
    broken_gzip: set[str] = field(default_factory=set)
    # refuse every access token, as Amazon does for an app the seller has not authorised
    deny: bool = False
    log: list[tuple[str, str]] = field(default_factory=list)
    created: list[dict[str, Any]] = field(default_factory=list)
    tokens_issued: int = 0
    reports: dict[str, Report] = field(default_factory=dict)
    _server: ThreadingHTTPServer | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    # -- lifecycle -------------------------------------------------------------------------
    def start(self) -> AmazonMock:
        mock = self

        class Handler(_Handler):
            amazon = mock

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        ).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def token_url(self) -> str:
        return f"{self.url}/auth/o2/token"

    def calls(self, operation: str) -> int:
        return sum(1 for name, _ in self.log if name == operation)

    # -- scripted failures -----------------------------------------------------------------
    def _take(self, table: dict[str, int], operation: str) -> bool:
        with self._lock:
            left = table.get(operation, 0)
            if left > 0:
                table[operation] = left - 1
                return True
            return False


class _Handler(BaseHTTPRequestHandler):
    amazon: AmazonMock
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; without this, Nagle's algorithm and delayed ACKs
    # add 40 ms to every answer on a kept-alive connection.
    disable_nagle_algorithm = True
    body = b""

    def log_message(self, format: str, *args: Any) -> None:  # quiet test output
        return

    # -- plumbing --------------------------------------------------------------------------
    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, data: dict[str, Any]) -> None:
        self._send(status, json.dumps(data).encode(), "application/json")

    def _errors(self, status: int, code: str, message: str) -> None:
        self._json(status, {"errors": [{"code": code, "message": message, "details": ""}]})

    def _read_body(self) -> None:
        # Read it before answering, even to refuse: an unread body would be taken for the
        # next request on the kept-alive connection.
        self.body = self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def _scripted(self, operation: str) -> bool:
        """Answer 429 or 500 when the test asked for it; True when it did."""
        self._read_body()
        self.amazon.log.append((operation, self.path))
        if self.amazon._take(self.amazon.throttle, operation):
            self._errors(
                429, "QuotaExceeded", "You exceeded your quota for the requested resource."
            )
            return True
        if self.amazon._take(self.amazon.fail, operation):
            self._errors(500, "InternalFailure", "We encountered an internal error.")
            return True
        if self.amazon._take(self.amazon.outage, operation):  # a load balancer's own page
            self._send(503, b"<html><body>Service Unavailable</body></html>", "text/html")
            return True
        return False

    def _authorised(self) -> bool:
        if not self.amazon.deny and self.headers.get("x-amz-access-token") == ACCESS_TOKEN:
            return True
        self._errors(403, "Unauthorized", "Access to requested resource is denied.")
        return False

    # -- routes ----------------------------------------------------------------------------
    def do_POST(self) -> None:
        path = urlsplit(self.path).path
        if path == "/auth/o2/token":
            self._token()
        elif path == "/reports/2021-06-30/reports":
            self._create_report()
        else:
            self._read_body()
            self._errors(404, "NotFound", "Resource not found.")

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if path.startswith("/reports/2021-06-30/reports/"):
            self._get_report(path.rsplit("/", 1)[-1])
        elif path.startswith("/reports/2021-06-30/documents/"):
            self._get_document(path.rsplit("/", 1)[-1])
        elif path.startswith("/bucket/"):
            self._download(path.rsplit("/", 1)[-1])
        else:
            self._errors(404, "NotFound", "Resource not found.")

    def _token(self) -> None:
        if self._scripted("token"):
            return
        form = {k: v[0] for k, v in parse_qs(self.body.decode()).items()}
        if form.get("client_id") != APP_ID or form.get("client_secret") != CLIENT_SECRET:
            self._json(
                401,
                {"error": "invalid_client", "error_description": "Client authentication failed"},
            )
            return
        if form.get("grant_type") != "refresh_token" or form.get("refresh_token") != REFRESH_TOKEN:
            self._json(
                400,
                {
                    "error": "invalid_grant",
                    "error_description": (
                        "The request has an invalid grant parameter : refresh_token"
                    ),
                },
            )
            return
        self.amazon.tokens_issued += 1
        self._json(
            200,
            {
                "access_token": ACCESS_TOKEN,
                "refresh_token": REFRESH_TOKEN,
                "token_type": "bearer",
                "expires_in": 3600,
            },
        )

    def _create_report(self) -> None:
        if self._scripted("createReport") or not self._authorised():
            return
        body = json.loads(self.body or b"{}")
        report_type = body.get("reportType", "")
        if report_type not in self.amazon.documents:
            self._errors(400, "InvalidInput", f"Invalid reportType {report_type}.")
            return
        with self.amazon._lock:
            report_id = str(50000 + len(self.amazon.reports) + 1)
            statuses = self.amazon.statuses.get(report_type, ["IN_QUEUE", "IN_PROGRESS", "DONE"])
            self.amazon.reports[report_id] = Report(report_id, report_type, body, list(statuses))
            self.amazon.created.append(body)
        self._json(202, {"reportId": report_id})

    def _get_report(self, report_id: str) -> None:
        if self._scripted("getReport") or not self._authorised():
            return
        report = self.amazon.reports.get(report_id)
        if report is None:
            self._errors(404, "NotFound", "Report not found.")
            return
        status = report.status()
        data: dict[str, Any] = {
            "reportId": report_id,
            "reportType": report.report_type,
            "marketplaceIds": report.body.get("marketplaceIds", []),
            "createdTime": "2026-03-06T02:00:00+00:00",
            "processingStatus": status,
        }
        for key in ("dataStartTime", "dataEndTime"):
            if key in report.body:
                data[key] = report.body[key]
        if status == "DONE" or (
            status == "FATAL" and report.report_type in self.amazon.fatal_details
        ):
            data["reportDocumentId"] = f"amzn1.spdoc.1.4.na.{report_id}"
        self._json(200, data)

    def _report_of(self, document_id: str) -> Report | None:
        return self.amazon.reports.get(document_id.rsplit(".", 1)[-1])

    def _get_document(self, document_id: str) -> None:
        if self._scripted("getReportDocument") or not self._authorised():
            return
        report = self._report_of(document_id)
        if report is None:
            self._errors(404, "NotFound", "Report document not found.")
            return
        data = {"reportDocumentId": document_id, "url": f"{self.amazon.url}/bucket/{document_id}"}
        fatal = report.report_type in self.amazon.fatal_details
        if report.report_type in self.amazon.gzip_types and not fatal:
            data["compressionAlgorithm"] = "GZIP"
        self._json(200, data)

    def _download(self, document_id: str) -> None:
        if self._scripted("download"):
            return
        report = self._report_of(document_id)
        if report is None:  # S3 answers XML for a wrong key
            self._send(403, b"<Error><Code>AccessDenied</Code></Error>", "application/xml")
            return
        if report.report_type in self.amazon.fatal_details:
            content = json.dumps({"errorDetails": self.amazon.fatal_details[report.report_type]})
            self._send(200, content.encode(), "application/json")
            return
        content_bytes = self.amazon.documents[report.report_type]
        if report.report_type in self.amazon.gzip_types:
            content_bytes = gzip.compress(content_bytes)
            if report.report_type in self.amazon.broken_gzip:
                content_bytes = content_bytes[: len(content_bytes) // 2]
        charset = self.amazon.charsets.get(report.report_type)
        self._send(
            200, content_bytes, f"text/plain; charset={charset}" if charset else "text/plain"
        )
