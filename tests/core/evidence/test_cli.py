"""``reinstate evidence check``: the JSON contract, the readable report and one-line errors."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from reinstate.demo.documents import (
    SELLER_ADDRESS,
    SELLER_NAME,
    InvoiceSpec,
    Item,
    invoice_pdf,
)
from reinstate.evidence import RULES
from tests.core.cli_process import run_reinstate

NOTICE = b"""From: Amazon.com <seller-performance@amazon.com>
Subject: Your Amazon.com selling account has been deactivated
Date: Tue, 28 Apr 2026 09:12:00 +0800

We have deactivated your selling account because of customer complaints about the
authenticity of items. ASIN: B0C7Q2ZK4M
Submit invoices dated within the last 365 days and a plan of action within 17 days.
"""


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("cli")
    found = {
        "good": folder / "invoice-good.pdf",
        "old": folder / "invoice-old.pdf",
        "notice": folder / "notice.eml",
        "account": folder / "account.yaml",
    }
    item = (Item("Hair Dryer Brush 1000W", "B0C7Q2ZK4M", 600),)
    found["good"].write_bytes(invoice_pdf(InvoiceSpec(issued=date(2026, 3, 2), items=item)))
    found["old"].write_bytes(invoice_pdf(InvoiceSpec(issued=date(2025, 1, 2), items=item)))
    found["notice"].write_bytes(NOTICE)
    found["account"].write_text(f"name: {SELLER_NAME}\naddress: {SELLER_ADDRESS}\n")
    return found


def test_it_prints_every_document_its_fields_and_findings_as_json(files: dict[str, Path]) -> None:
    done = run_reinstate(
        "evidence", "check", str(files["good"]), str(files["old"]),
        "--notice", str(files["notice"]), "--account", str(files["account"]), "--json",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["notice_date"] == "2026-04-28"
    assert report["asins"] == ["B0C7Q2ZK4M"]
    good, old = report["documents"]
    assert (good["document"], good["passed"], good["kind"]) == ("invoice-good.pdf", True, "invoice")
    assert good["fields"]["issue_date"]["value"] == "2026-03-02"
    assert good["fields"]["issue_date"]["page"] == 1
    assert good["supplier"]["phone"]["value"]
    assert good["buyer"]["name"]["value"] == SELLER_NAME
    assert good["line_items"][0]["quantity"] == 600
    assert good["line_items"][0]["page"] == 1
    [finding] = old["findings"]
    assert finding["rule"] == "invoice_too_old"
    assert (finding["document"], finding["page"], finding["value"]) == (
        "invoice-old.pdf", 1, "2025-01-02",
    )  # fmt: skip
    assert finding["rule"] in RULES
    assert report["passed"] is False


def test_it_prints_a_readable_report(files: dict[str, Path]) -> None:
    done = run_reinstate("evidence", "check", str(files["old"]), "--today", "2026-05-02")
    assert done.returncode == 0
    assert "invoice_too_old" in done.stdout
    assert "Issued 2025-01-02" in done.stdout


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["missing.pdf"], "No such document file"),
        (["{good}", "--account", "{notice}"], "not YAML or JSON"),
        (["{good}", "--today", "soon"], "--today must be a date"),
        (["{good}", "--data", "{good}"], "is not a folder"),
        (["{good}", "--max-mb", "0"], "--max-mb"),
    ],
)
def test_bad_input_ends_in_one_line_and_status_2(
    files: dict[str, Path], args: list[str], words: str
) -> None:
    real = [a.format(**{k: str(v) for k, v in files.items()}) for a in args]
    done = run_reinstate("evidence", "check", *real)
    assert done.returncode == 2
    assert done.stderr.startswith("reinstate: error:")
    assert len(done.stderr.strip().splitlines()) == 1
    assert words in done.stderr
