"""Every user-facing string is translated into Simplified and Traditional Chinese."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.test import Client
from django.urls import reverse

from reinstate_web.cases.models import Case

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "src" / "reinstate_web"
CATALOGUES = sorted((WEB / "locale").glob("*/LC_MESSAGES/django.po"))


def test_it_has_both_chinese_catalogues() -> None:
    assert {p.parts[-3] for p in CATALOGUES} == {"zh_Hans", "zh_Hant"}


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parts[-3])
def test_it_has_no_untranslated_or_fuzzy_string(path: Path) -> None:
    po = polib.pofile(str(path))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"untranslated in {path.parts[-3]}: {untranslated[:10]}"
    assert not fuzzy, f"fuzzy in {path.parts[-3]}: {fuzzy[:10]}"


@pytest.mark.skipif(
    shutil.which("xgettext") is None, reason="GNU gettext is installed by make test"
)
def test_it_has_every_marked_string_in_the_catalogues(tmp_path: Path) -> None:
    """Extract afresh from a copy of the source: a newly marked string missing from the
    catalogues fails here until it is translated."""
    copy = tmp_path / "reinstate_web"
    shutil.copytree(WEB, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "zh_Hans",
            "--no-location",
            "--settings",
            "reinstate_web.settings",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        timeout=120,
        env={
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": str(ROOT / "src"),
            "REINSTATE_DEBUG": "true",
            "REINSTATE_DATA_DIR": str(tmp_path / "data"),
        },
    )
    fresh = {e.msgid for e in polib.pofile(str(copy / "locale/zh_Hans/LC_MESSAGES/django.po"))}
    kept = {e.msgid for e in polib.pofile(str(CATALOGUES[0]))}
    assert fresh - kept == set(), "run: python scripts/i18n.py extract, then translate"


def test_it_shows_the_case_page_in_simplified_chinese(case: Case, owner_client: Client) -> None:
    owner_client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    page = owner_client.get(reverse("cases:detail", kwargs={"pk": case.pk})).content.decode()
    assert "查找原因" in page
    assert "Find the cause" not in page
    assert "还剩" in page


def test_it_shows_the_case_page_in_traditional_chinese(case: Case, owner_client: Client) -> None:
    owner_client.post(reverse("set_language"), {"language": "zh-hant", "next": "/"})
    page = owner_client.get(reverse("cases:detail", kwargs={"pk": case.pk})).content.decode()
    assert "申訴的七個步驟" in page
    assert "還剩" in page


def test_it_follows_the_browsers_language_on_first_visit(db: None) -> None:
    page = Client(headers={"accept-language": "zh-CN,zh;q=0.9"}).get(reverse("accounts:login"))
    assert "登录" in page.content.decode()
