"""Step 1 says plainly, at its top, when the uploaded exports do not cover the ASINs Amazon
named (another store, another period, other files), naming them in the reader's language."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from reinstate.demo import DemoManifest
from reinstate_web.accounts.models import User
from reinstate_web.analysis import runner
from reinstate_web.analysis.coverage import notice_coverage
from reinstate_web.cases.models import Case
from reinstate_web.notices.services import add_notice
from tests.web.analysis_helpers import demo_exports, upload

pytestmark = pytest.mark.django_db

ABSENT = "B0ZZ9QX7KD"
NOTICE = """From: Amazon.com <seller-performance@amazon.com>
Subject: Your Amazon.com selling account has been deactivated
Date: Sat, 25 Apr 2026 09:12:00 +0800
Content-Type: text/plain; charset=utf-8

Hello,

We have deactivated your Amazon.com selling account because we received customer complaints
about the authenticity of items in your inventory. ASIN: {asins}

To reactivate your account, submit an appeal within 17 days with invoices dated within the
last 365 days and a plan of action, through Account Health in Seller Central.
"""


@pytest.fixture(autouse=True)
def _no_charts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner, "CHART_LANGS", ())


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, DemoManifest]:
    folder = tmp_path_factory.mktemp("exports")
    return folder, demo_exports(folder)


def _analysed(
    client: Client, case: Case, owner: User, asins: str, exports: tuple[Path, DemoManifest]
) -> None:
    add_notice(case, NOTICE.format(asins=asins).encode(), "notice.eml", actor=owner)
    folder, manifest = exports
    upload(client, case, *(folder / name for name in manifest.files.values()))


def _step_1(client: Client, case: Case, language: str) -> str:
    html = client.get(
        reverse("cases:detail", kwargs={"pk": case.pk}), headers={"accept-language": language}
    ).content.decode()
    return html[html.index('id="step-1"') : html.index('id="step-2"')]


def test_it_warns_at_the_top_of_step_1_when_the_exports_miss_the_notices_asin(
    case: Case, owner: User, owner_client: Client, exports: tuple[Path, DemoManifest]
) -> None:
    _analysed(owner_client, case, owner, ABSENT, exports)
    step = _step_1(owner_client, case, "en")
    assert 'id="notice-gap"' in step
    warning = step[step.index('id="notice-gap"') :]
    warning = warning[: warning.index("</div>")]
    assert f"<code>{ABSENT}</code>" in warning
    assert "do not cover" in warning
    assert "another store, from another period" in warning
    # At the top: before Amazon's messages and the data panel.
    assert step.index('id="notice-gap"') < step.index("notices-title")


def test_it_names_the_missing_asins_in_chinese(
    case: Case, owner: User, owner_client: Client, exports: tuple[Path, DemoManifest]
) -> None:
    _analysed(owner_client, case, owner, ABSENT, exports)
    step = _step_1(owner_client, case, "zh-hans")
    warning = step[step.index('id="notice-gap"') :]
    assert f"<code>{ABSENT}</code>" in warning[: warning.index("</div>")]
    assert '<p class="small">' in warning  # what to do next, below the names


def test_it_says_nothing_when_the_exports_cover_the_notices_asin(
    case: Case, owner: User, owner_client: Client, exports: tuple[Path, DemoManifest]
) -> None:
    _folder, manifest = exports
    covered = manifest.problem("complaints_inauthentic").asins[0]
    _analysed(owner_client, case, owner, covered, exports)
    assert 'id="notice-gap"' not in _step_1(owner_client, case, "en")


def test_it_names_only_the_missing_one_of_two_asins(
    case: Case, owner: User, owner_client: Client, exports: tuple[Path, DemoManifest]
) -> None:
    _folder, manifest = exports
    covered = manifest.problem("complaints_inauthentic").asins[0]
    _analysed(owner_client, case, owner, f"{covered}, {ABSENT}", exports)
    step = _step_1(owner_client, case, "en")
    warning = step[step.index('id="notice-gap"') :]
    warning = warning[: warning.index("</div>")]
    assert ABSENT in warning
    assert covered not in warning


def test_it_reads_the_gap_from_the_analysis_finding() -> None:
    finding = {
        "code": "notice_asins",
        "facts": {"asins_found": ["B0C7Q2ZK4M"], "asins_not_found": [ABSENT]},
    }
    gap = notice_coverage([{"code": "order_defects", "facts": {}}, finding])
    assert gap is not None
    assert gap.missing == (ABSENT,)
    assert not gap.none_found
    assert notice_coverage([{"code": "notice_asins", "facts": {"asins_not_found": []}}]) is None
    assert notice_coverage([]) is None
