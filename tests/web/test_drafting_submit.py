"""Steps 4 and 5: the latest check, the boxes to paste with their counts, real letter files, the
warning before sending a letter that is not ready, and nothing for outsiders."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse

from reinstate_web.accounts.models import User
from reinstate_web.cases.models import Case
from reinstate_web.drafting import demo
from reinstate_web.drafting.models import AnswerSet, Draft
from tests.web.drafting_helpers import compose, make_inauthentic

pytestmark = pytest.mark.django_db

DOWNLOADS = ["download_docx", "download_pdf", "download_txt", "download_bilingual"]
WARNING = "Do not send this letter yet."


@pytest.fixture
def drafted(case: Case, owner_client: Client) -> Draft:
    make_inauthentic(case)
    compose(owner_client, case)
    return Draft.objects.get(case=case)


def _url(name: str, case: Case, query: str = "") -> str:
    return reverse(f"drafting:{name}", kwargs={"pk": case.pk}) + query


def test_it_gives_a_word_file_that_opens_with_the_letter(
    drafted: Draft, owner_client: Client
) -> None:
    from docx import Document

    response = owner_client.get(_url("download_docx", drafted.case))
    assert response.status_code == 200
    assert response.content[:4] == b"PK\x03\x04"
    assert "attachment" in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    root_cause = drafted.sections["root_cause"]["text"].splitlines()[0]
    assert root_cause.split(" ", 1)[-1] in text


def test_it_gives_pdf_files_of_the_letter_and_the_bilingual_record(
    drafted: Draft, owner_client: Client
) -> None:
    for name in ("download_pdf", "download_bilingual"):
        response = owner_client.get(_url(name, drafted.case))
        assert response.status_code == 200, name
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF-")
        assert response.content.rstrip().endswith(b"%%EOF")


def test_it_gives_the_letter_as_plain_text(drafted: Draft, owner_client: Client) -> None:
    response = owner_client.get(_url("download_txt", drafted.case))
    assert response.content.decode("utf-8") == drafted.letter


def test_it_downloads_the_version_asked_for(drafted: Draft, owner_client: Client) -> None:
    case = drafted.case
    owner_client.post(
        _url("save", case), {"letter": drafted.letter + "\nChecked again on 2026-05-14.\n"}
    )
    latest = owner_client.get(_url("download_txt", case)).content.decode()
    first = owner_client.get(_url("download_txt", case, "?n=1")).content.decode()
    assert "Checked again" in latest
    assert first == drafted.letter
    assert "-v1.txt" in owner_client.get(_url("download_txt", case, "?n=1"))["Content-Disposition"]


def test_it_exports_a_hand_edited_letter_as_a_word_file(
    drafted: Draft, owner_client: Client
) -> None:
    from docx import Document

    case = drafted.case
    edited = drafted.letter.replace("Root cause\n", "Root cause\nOur own new sentence.\n", 1)
    owner_client.post(_url("save", case), {"letter": edited, "n": "1"})
    response = owner_client.get(_url("download_docx", case, "?n=2"))
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "Our own new sentence." in text


def test_it_says_there_is_nothing_to_download_before_the_first_draft(
    case: Case, owner_client: Client
) -> None:
    response = owner_client.get(_url("download_pdf", case))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "Nothing to download yet" in response.content.decode()


@pytest.mark.parametrize("name", [*DOWNLOADS, "version"])
def test_it_gives_an_outsider_404_for_a_letter(
    name: str, drafted: Draft, outsider_client: Client
) -> None:
    assert outsider_client.get(_url(name, drafted.case)).status_code == 404
    assert outsider_client.get(_url(name, drafted.case, "?n=1")).status_code == 404


@pytest.mark.parametrize("name", ["compose", "options", "check", "save", "rephrase"])
def test_it_gives_an_outsider_404_for_every_change(
    name: str, drafted: Draft, outsider_client: Client
) -> None:
    response = outsider_client.post(
        _url(name, drafted.case), {"letter": drafted.letter, "n": "1", "question": "supplier_name"}
    )
    assert response.status_code == 404
    assert Draft.objects.filter(case=drafted.case).count() == 1
    assert AnswerSet.objects.filter(case=drafted.case).count() == 1


def test_it_sends_anonymous_visitors_to_sign_in_for_a_download(drafted: Draft) -> None:
    response = Client().get(_url("download_pdf", drafted.case))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_it_warns_before_sending_a_letter_that_is_not_ready(
    case: Case, owner_client: Client
) -> None:
    make_inauthentic(case)
    # No dates, no supplier, no ASINs: the letter keeps [TO FILL: ...] slots.
    response = compose(
        owner_client,
        case,
        action_date="",
        start_date="",
        supplier_name="",
        **{"extra:notice:asins": ""},
    )
    draft = Draft.objects.get(case=case)
    assert draft.verdict != "ready"
    html = response.content.decode()
    assert WARNING in html
    assert 'id="drafting-submit" class="drafting" hx-swap-oob="true"' in html


def test_it_shows_the_boxes_to_paste_with_their_counts_and_no_warning_when_ready(
    case: Case, owner: User, owner_client: Client
) -> None:
    make_inauthentic(case)
    demo.attach(case, owner)
    draft = Draft.objects.get(case=case, number=2)  # the demo seller confirmed their actions
    assert draft.verdict == "ready", draft.check_report["findings"]
    response = owner_client.post(_url("check", case), {"letter": draft.letter})
    assert response.status_code == 200
    # The seller keeps the options as they are (a new version, still ready).
    kept = {
        part: [o["id"] for o in options if o["selected"]] for part, options in draft.options.items()
    }
    html = owner_client.post(_url("options", case), kept, HTTP_HX_REQUEST="true").content.decode()
    third = Draft.objects.get(case=case, number=3)
    assert third.verdict == "ready", [
        (f["code"], f["quote"]) for f in third.check_report["findings"]
    ]
    assert WARNING not in html
    for name, box in third.sections.items():
        assert f'id="drafting-box-{name}"' in html
        # Amazon publishes no limit for these boxes (submit.yaml): the page says "about".
        assert f"{box['chars']} of about {box['limit']} characters" in html
        assert box["chars"] == len(box["text"])
    assert html.count("data-copy=") == 3
    assert "Letter check of version 3" in html


def test_it_shows_the_operating_plan_and_grouped_findings_in_the_review(
    drafted: Draft, owner_client: Client
) -> None:
    case = drafted.case
    edited = drafted.letter.replace(
        "Root cause\n", "Root cause\nAmazon is unfair and the buyers lied to us.\n", 1
    )
    html = owner_client.post(
        _url("save", case), {"letter": edited, "n": "1"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    review = html[html.index('id="drafting-review"') : html.index('id="drafting-submit"')]
    assert 'class="findings sev-high"' in review
    assert 'data-code="tone_blame"' in review
    plan = [
        p["en"] for p in drafted.mirror if p["part"] == "operating_plan" and p["kind"] == "item"
    ]
    assert plan
    assert plan[0] in review
