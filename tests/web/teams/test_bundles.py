"""Case bundles on the web side: a section per kind of record, exported and imported exactly
(on a fresh installation too); hostile or malformed bundles refused with nothing half-imported."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse

from reinstate.bundle import read_bundle
from reinstate_web.accounts.models import Membership, Organisation, User
from reinstate_web.analysis.models import AnalysisRun, DataFile
from reinstate_web.cases.models import Case, CaseEvent
from reinstate_web.drafting.models import AnswerSet, Draft, Round
from reinstate_web.evidence.models import EvidenceDocument, SellerIdentity
from reinstate_web.evidence.services import check_case
from reinstate_web.notices.models import Notice
from reinstate_web.submissions.models import Submission
from reinstate_web.teams import bundles
from tests.core.bundle import hostile
from tests.web.conftest import make_user
from tests.web.teams import bundle_cases

Capture = Callable[..., Any]
PASSWORD = "correct horse battery staple"


def _export(case: Case, user: User | None = None) -> bytes:
    out = io.BytesIO()
    bundles.export_case(case, out, user=user)
    return out.getvalue()


def _manifest(data: bytes) -> dict[str, Any]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return json.loads(zf.read("manifest.json"))


@pytest.fixture
def importer(db: None) -> tuple[Organisation, User]:
    """Another organisation on the same installation, with the case's owner as a member (so
    authors are matched by e-mail)."""
    team = Organisation.objects.create(name="Importing Team", kind="agency")
    user = make_user("importer@example.com", team, Membership.Role.OWNER)
    for person in User.objects.exclude(pk=user.pk).filter(email="owner@example.com"):
        Membership.objects.create(user=person, organisation=team, role=Membership.Role.SPECIALIST)
    return team, user


def _import(data: bytes, importer: tuple[Organisation, User]) -> Case:
    team, user = importer
    return bundles.import_case(bundles.verify(io.BytesIO(data)), team, actor=user)


def _same(a: dict[str, Any], b: dict[str, Any], section: str) -> None:
    assert a["sections"][section] == b["sections"][section], section


def test_notices_travel_with_their_original_bytes_and_diagnosis(
    case: Case, owner: User, importer: tuple[Organisation, User]
) -> None:
    bundle_cases.with_notice(case, owner)
    data = _export(case)
    copy = _import(data, importer)
    [original], [imported] = list(case.notices.all()), list(copy.notices.all())
    assert imported.original.read() == original.original.read()
    assert imported.diagnosis == original.diagnosis
    assert imported.text == original.text
    assert imported.added_at == original.added_at
    _same(_manifest(data), _manifest(_export(copy)), "notices")


def test_deadlines_travel(case: Case, importer: tuple[Organisation, User]) -> None:
    copy = _import(_export(case), importer)
    assert list(copy.deadlines.values_list("due_at", "label", "kind")) == list(
        case.deadlines.values_list("due_at", "label", "kind")
    )


def test_exports_and_their_analysis_travel_with_charts_and_findings(
    case: Case, owner: User, tmp_path: Path, importer: tuple[Organisation, User]
) -> None:
    run = bundle_cases.with_data(case, owner, tmp_path, charts=True)
    assert run.charts
    assert run.report.get("findings")
    data = _export(case)
    copy = _import(data, importer)
    imported = AnalysisRun.objects.get(case=copy)
    assert imported.report["findings"] == run.report["findings"]
    # The report names its exports by this installation's ids.
    new_ids = set(DataFile.objects.filter(case=copy).values_list("pk", flat=True))
    assert {s["data_file"] for s in imported.report["sources"] if s.get("data_file")} <= new_ids
    assert set(imported.files.values_list("pk", flat=True)) <= new_ids
    assert imported.charts == run.charts
    for chart in imported.charts:
        assert default_storage.exists(f"{imported.folder()}/{chart}")
    for before, after in zip(
        DataFile.objects.filter(case=case).order_by("pk"),
        DataFile.objects.filter(case=copy).order_by("pk"),
        strict=True,
    ):
        assert after.file.read() == before.file.read()
        assert after.sha256 == before.sha256
    again = _manifest(_export(copy))
    for section in ("data_files", "analysis_runs"):
        _same(_manifest(data), again, section)


def test_every_version_of_the_letter_and_the_answers_travel(
    case: Case, owner: User, owner_client: Client, importer: tuple[Organisation, User]
) -> None:
    bundle_cases.with_drafts(case, owner_client)
    data = _export(case)
    copy = _import(data, importer)
    assert list(Draft.objects.filter(case=copy).values_list("number", "letter", "origin")) == list(
        Draft.objects.filter(case=case).values_list("number", "letter", "origin")
    )
    second = Draft.objects.get(case=copy, number=2)
    assert second.parent == Draft.objects.get(case=copy, number=1)
    assert second.answer_set == AnswerSet.objects.get(case=copy, number=second.answer_set.number)  # type: ignore[union-attr]
    again = _manifest(_export(copy))
    for section in ("drafts", "answer_sets"):
        _same(_manifest(data), again, section)


def test_rounds_travel_with_their_links(
    case: Case,
    owner: User,
    owner_client: Client,
    importer: tuple[Organisation, User],
    django_capture_on_commit_callbacks: Capture,
) -> None:
    bundle_cases.with_drafts(case, owner_client)
    bundle_cases.with_round(case, owner, django_capture_on_commit_callbacks)
    data = _export(case)
    copy = _import(data, importer)
    [found] = Round.objects.filter(case=copy)
    assert found.reply.case == copy
    assert found.reply.kind == "reply"
    assert found.previous is not None
    assert found.previous.number == 2
    assert found.revised is not None
    assert found.revised.number == 3
    _same(_manifest(data), _manifest(_export(copy)), "rounds")


def test_evidence_travels_with_its_bytes_reading_page_images_and_the_sellers_identity(
    case: Case, owner: User, importer: tuple[Organisation, User]
) -> None:
    bundle_cases.with_notice(case, owner)
    document = bundle_cases.with_evidence(case, owner)
    data = _export(case)
    # Another organisation, without this store yet: the seller's identity comes with the case.
    copy = _import(data, importer)
    assert copy.account != case.account
    imported = EvidenceDocument.objects.get(case=copy)
    assert Path(imported.file.path).read_bytes() == Path(document.file.path).read_bytes()
    assert (imported.sha256, imported.size, imported.original_name) == (
        document.sha256,
        document.size,
        document.original_name,
    )
    assert imported.reading == document.reading
    assert imported.previews == document.previews
    assert imported.uploaded_at == document.uploaded_at
    for name in document.previews:
        before = Path(default_storage.path(f"{document.folder()}/{name}")).read_bytes()
        assert Path(default_storage.path(f"{imported.folder()}/{name}")).read_bytes() == before
    identity = SellerIdentity.objects.get(account=copy.account)
    assert identity.legal_name == SellerIdentity.objects.get(account=case.account).legal_name
    # The checks run again on the copy and find what they found on the original.
    found = check_case(copy).report
    assert [f.code for f in found.all_findings()] == [
        f.code for f in check_case(case).report.all_findings()
    ]
    assert found.passed == check_case(case).report.passed
    _same(_manifest(data), _manifest(_export(copy)), "evidence")


def test_submissions_travel_with_their_files_and_the_exact_bytes_of_an_email(
    case: Case, owner: User, owner_client: Client, importer: tuple[Organisation, User]
) -> None:
    bundle_cases.with_notice(case, owner)
    bundle_cases.with_drafts(case, owner_client)
    raw = b"Message-ID: <appeal-1@example.com>\r\nSubject: Appeal\r\n\r\nOur plan of action.\r\n"
    original = bundle_cases.with_sent_copy(bundle_cases.with_submission(case, owner), raw)
    Submission.objects.filter(pk=original.pk).update(message_id="<appeal-1@example.com>")
    data = _export(case)
    copy = _import(data, importer)
    imported = Submission.objects.get(case=copy)
    assert imported.raw_message.read() == raw
    assert imported.text == original.text
    assert imported.sections == original.sections
    assert imported.sha256 == original.sha256
    assert imported.draft is not None
    assert imported.draft.number == original.draft.number  # type: ignore[union-attr]
    assert imported.submitted_at == original.submitted_at
    assert imported.submitted_by == owner
    for before, after in zip(original.attachments, imported.attachments, strict=True):
        assert {k: v for k, v in after.items() if k != "path"} == {
            k: v for k, v in before.items() if k != "path"
        }
        assert after["path"].startswith(f"cases/{copy.pk}/submissions/")
        with (
            default_storage.open(after["path"], "rb") as a,
            default_storage.open(before["path"], "rb") as b,
        ):
            assert a.read() == b.read()
    # The same installation already threads Amazon's answers to the original by its Message-ID.
    assert imported.message_id == ""
    event = copy.events.filter(data__submission__isnull=False).first()
    assert event is not None
    assert event.data["submission"] == imported.pk


def test_an_email_still_on_its_way_is_never_sent_again_by_the_copy(
    case: Case, owner: User, owner_client: Client, importer: tuple[Organisation, User]
) -> None:
    bundle_cases.with_notice(case, owner)
    bundle_cases.with_drafts(case, owner_client)
    original = bundle_cases.with_submission(case, owner)
    Submission.objects.filter(pk=original.pk).update(state="queued", method="email")
    copy = _import(_export(case), importer)
    assert Submission.objects.get(case=copy).state == "unconfirmed"
    assert Submission.objects.get(pk=original.pk).state == "queued"


@pytest.mark.parametrize(
    ("section", "change", "words"),
    [
        ("submissions", {"folder": "../../other"}, "folder is not a plain name"),
        ("evidence", {"sha256": "../" * 21 + "a"}, "SHA-256 is not 64"),
        ("evidence", {"previews": ["../../x.png"]}, "page-<n>.png"),
        ("submissions", {"parent": 1}, "parent comes after it"),
    ],
)
def test_a_record_naming_a_path_of_its_own_refuses_the_bundle(
    case: Case,
    owner: User,
    owner_client: Client,
    importer: tuple[Organisation, User],
    section: str,
    change: dict[str, Any],
    words: str,
) -> None:
    bundle_cases.with_notice(case, owner)
    bundle_cases.with_drafts(case, owner_client)
    bundle_cases.with_evidence(case, owner)
    bundle_cases.with_submission(case, owner)
    data = _export(case)
    manifest = _manifest(data)
    manifest["sections"][section][0].update(change)
    altered = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(altered, "w") as zf:
        for info in source.infolist():
            is_manifest = info.filename == "manifest.json"
            zf.writestr(info, json.dumps(manifest).encode() if is_manifest else source.read(info))
    before = _files()
    with pytest.raises(bundles.ImportRefused, match=re.escape(words)):
        _import(altered.getvalue(), importer)
    assert Case.objects.count() == 1
    assert _files() == before


def test_the_timeline_travels_and_the_import_is_on_it(
    case: Case, owner: User, importer: tuple[Organisation, User]
) -> None:
    bundle_cases.with_notice(case, owner)
    before = list(case.events.order_by("pk").values_list("kind", "at"))
    data = _export(case)
    copy = _import(data, importer)
    after = list(copy.events.order_by("pk").values_list("kind", "at"))
    assert after[:-1] == before
    assert after[-1][0] == CaseEvent.Kind.BUNDLE
    notice_event = copy.events.get(kind=CaseEvent.Kind.NOTICE)
    assert notice_event.data["notice"] == copy.notices.get().pk
    # Client addresses and browsers stay where they were recorded.
    assert all(
        "ip" not in e and "user_agent" not in e for e in _manifest(data)["sections"]["events"]
    )


def test_a_team_exports_its_unshared_work_and_the_seller_does_not_get_it(
    case: Case, owner: User, owner_client: Client
) -> None:
    from tests.web.conftest import client_for
    from tests.web.teams.conftest import hand_over

    agency = Organisation.objects.create(name="Exporting Team", kind="agency")
    specialist = make_user("spec@exporting.example", agency, Membership.Role.SPECIALIST)
    bundle_cases.with_drafts(case, owner_client)
    hand_over(case, agency, owner, specialist)
    latest = Draft.objects.get(case=case, number=2)
    client_for(specialist).post(
        reverse("drafting:save", kwargs={"pk": case.pk}),
        {"n": "2", "letter": latest.letter + "\nA sentence only the team wrote."},
    )
    seller = _manifest(_export(case, owner))["sections"]["drafts"]
    team = _manifest(_export(case, specialist))["sections"]["drafts"]
    assert len(seller) == 2
    assert len(team) == 3
    assert "only the team wrote" in team[-1]["letter"]


def test_a_case_moves_to_a_fresh_installation_exactly(
    case: Case,
    owner: User,
    owner_client: Client,
    tmp_path: Path,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    """Export here, import on a new installation (its own database and files, started from
    scratch), export there: the same case, record for record and byte for byte."""
    bundle_cases.full_case(
        case, owner, owner_client, tmp_path / "exports", django_capture_on_commit_callbacks
    )
    original = tmp_path / "case.zip"
    original.write_bytes(_export(case))
    home = tmp_path / "elsewhere"
    env = {
        **os.environ,
        "REINSTATE_DATA_DIR": str(home),
        "REINSTATE_SECRET_KEY": "another-installation-secret-0123456789abcdef",
        "REINSTATE_DEBUG": "false",
    }

    def manage(*args: str, stdin: str | None = None) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "reinstate_web", *args],
            env=env,
            cwd=tmp_path,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert result.returncode == 0, result.stderr[-2000:]
        return result.stdout

    manage("migrate", "--noinput")
    manage(
        "adduser",
        owner.email,
        "--organisation",
        "Elsewhere Appeals",
        "--kind",
        "agency",
        "--role",
        "owner",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    imported = manage(
        "import_case", str(original), "--organisation", "Elsewhere Appeals", "--as", owner.email
    )
    number = imported.split("Imported case ", 1)[1].split()[0]
    again = tmp_path / "again.zip"
    manage("export_case", number, str(again), "--as", owner.email)

    first, second = _manifest(original.read_bytes()), _manifest(again.read_bytes())
    assert second["case"] == first["case"]
    assert second["files"] == first["files"]
    for name, records in first["sections"].items():
        if name == "events":
            assert second["sections"][name][:-1] == records  # then the import itself
            assert second["sections"][name][-1]["kind"] == "bundle"
        else:
            assert second["sections"][name] == records, name
    every = (
        "notices",
        "deadlines",
        "data_files",
        "analysis_runs",
        "evidence",
        "answer_sets",
        "drafts",
        "rounds",
        "submissions",
        "events",
    )
    assert all(first["sections"][k] for k in every), {k: len(first["sections"][k]) for k in every}
    # Every file of the case is in the bundle: notice bytes, exports, charts, the evidence and
    # its page images, the submission's files and the e-mail's bytes.
    folders = {f["path"].split("/", 1)[0] for f in first["files"]}
    assert folders >= {"notices", "data", "analysis", "evidence", "submissions"}
    assert any("/pages/" in f["path"] for f in first["files"])
    assert any(f["path"].endswith("sent.eml") for f in first["files"])


def _upload(client: Client, organisation: Organisation, data: bytes) -> Any:
    return client.post(
        reverse("teams:team_import", kwargs={"pk": organisation.pk}),
        {"bundle": io.BytesIO(data)},
    )


def _nothing_kept(before: set[str]) -> None:
    assert Case.objects.count() == 1  # the fixture's own case only
    assert not Notice.objects.exclude(case__pk=Case.objects.get().pk).exists()
    assert _files() == before


def _files() -> set[str]:
    from django.conf import settings

    root = Path(settings.MEDIA_ROOT)
    return {str(p) for p in root.rglob("*") if p.is_file()} if root.exists() else set()


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (
            lambda p: hostile.zip_of(p, {"../../x.eml": b"x"}, manifest=hostile.manifest_for({})),
            "Unsafe path",
        ),
        (hostile.with_symlink, "symbolic link"),
        (lambda p: hostile.bomb(p, 300 * 1024 * 1024), "ZIP bomb"),
        (hostile.altered, "SHA-256"),
        (lambda p: hostile.deep_manifest(p, 100_000), "nested more than 64 levels"),
        (
            lambda p: hostile.zip_of(
                p, {"n/1.txt": b"x"}, manifest=hostile.manifest_for({"n/1.txt": b"x"}, schema=3)
            ),
            "newer Reinstate",
        ),
    ],
)
def test_a_hostile_bundle_is_refused_on_the_page_and_nothing_is_kept(
    case: Case, owner: User, owner_client: Client, tmp_path: Path, make: Any, words: str
) -> None:
    before = _files()
    response = _upload(
        owner_client, case.account.organisation, make(tmp_path / "b.zip").read_bytes()
    )
    assert response.status_code == 400
    assert words in response.content.decode()
    _nothing_kept(before)


def test_a_malformed_record_refuses_the_whole_bundle(
    case: Case, owner: User, owner_client: Client, tmp_path: Path
) -> None:
    bundle_cases.with_notice(case, owner)
    manifest = _manifest(_export(case))
    manifest["sections"]["notices"][0]["kind"] = "ransom"
    path = tmp_path / "bad.zip"
    with zipfile.ZipFile(io.BytesIO(_export(case))) as source, zipfile.ZipFile(path, "w") as zf:
        for info in source.infolist():
            data = (
                json.dumps(manifest).encode()
                if info.filename == "manifest.json"
                else source.read(info)
            )
            zf.writestr(info.filename, data)
    before = _files()
    response = _upload(owner_client, case.account.organisation, path.read_bytes())
    assert response.status_code == 400
    assert "notices 1: kind" in response.content.decode()
    _nothing_kept(before)


def test_a_failure_while_writing_removes_the_files_already_written(
    case: Case,
    owner: User,
    importer: tuple[Organisation, User],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bundle_cases.with_notice(case, owner)
    bundle_cases.with_data(case, owner, tmp_path)
    data = _export(case)
    before = _files()
    calls = {"n": 0}
    original = DataFile.save

    def failing_save(self: DataFile, *args: Any, **kwargs: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("disk full")
        original(self, *args, **kwargs)

    monkeypatch.setattr(DataFile, "save", failing_save)
    with pytest.raises(OSError, match="disk full"):
        _import(data, importer)
    assert Case.objects.count() == 1
    assert _files() == before


def test_the_export_button_downloads_a_verified_bundle(
    case: Case, owner: User, owner_client: Client, member_client: Client, viewer: User
) -> None:
    from tests.web.conftest import client_for

    bundle_cases.with_notice(case, owner)
    response = owner_client.get(reverse("teams:case_export", kwargs={"pk": case.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    data = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert read_bundle(io.BytesIO(data)).manifest.counts()["notices"] == 1
    assert case.events.filter(kind=CaseEvent.Kind.BUNDLE, data__action="exported").exists()
    # A viewer reads the case but does not take its files away.
    assert (
        client_for(viewer).get(reverse("teams:case_export", kwargs={"pk": case.pk})).status_code
        == 403
    )


def test_the_import_page_imports_a_bundle_into_the_organisation(
    case: Case, owner: User, owner_client: Client
) -> None:
    bundle_cases.with_notice(case, owner)
    data = _export(case)
    page = owner_client.get(
        reverse("teams:team_import", kwargs={"pk": case.account.organisation_id})
    )
    assert page.status_code == 200
    response = _upload(owner_client, case.account.organisation, data)
    assert response.status_code == 302
    copy = Case.objects.exclude(pk=case.pk).get()
    assert response["Location"] == reverse("cases:detail", kwargs={"pk": copy.pk})
    # The same store of the same organisation: the case joins its seller account.
    assert copy.account == case.account
    assert copy.created_by == owner
