"""Step 2: questionnaire -> draft -> other options -> hand edit, every version kept with its
author; the inline letter check."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from reinstate.compose.text import has_chinese
from reinstate_web.accounts.models import User
from reinstate_web.cases.models import Case, CaseEvent
from reinstate_web.drafting.models import AnswerSet, Draft
from tests.web.drafting_helpers import ASINS, SUPPLIER, compose, make_inauthentic

pytestmark = pytest.mark.django_db


@pytest.fixture
def drafting_case(case: Case) -> Case:
    return make_inauthentic(case)


def test_it_writes_a_first_version_from_the_questionnaire(
    drafting_case: Case, owner: User, owner_client: Client
) -> None:
    response = compose(owner_client, drafting_case)
    assert response.status_code == 200
    draft = Draft.objects.get(case=drafting_case)
    assert (draft.number, draft.origin, draft.created_by) == (1, "composed", owner)
    assert draft.answer_set is not None
    assert draft.answer_set.answers["supplier_name"] == SUPPLIER
    assert SUPPLIER in draft.letter
    for asin in ASINS.split(", "):
        assert asin in draft.letter
    assert not has_chinese(draft.letter)
    # English beside Chinese, line by line, in the response the page swaps in.
    html = response.content.decode()
    assert 'class="mirror"' in html
    first_line = draft.mirror[0]
    assert first_line["en"] in html
    assert first_line["zh-hans"] in html
    assert has_chinese(first_line["zh-hans"])
    assert draft.score is not None
    assert draft.verdict in ("ready", "fix_first", "not_ready")
    assert CaseEvent.objects.filter(case=drafting_case, kind="draft").exists()


def test_the_first_draft_moves_the_case_on_to_drafting(
    drafting_case: Case, owner_client: Client
) -> None:
    assert drafting_case.status == "diagnosing"
    compose(owner_client, drafting_case)
    drafting_case.refresh_from_db()
    assert drafting_case.status == "drafting"
    moves = CaseEvent.objects.filter(case=drafting_case, kind=CaseEvent.Kind.STATUS)
    assert [e.data["status"] for e in moves] == ["drafting"]
    compose(owner_client, drafting_case)  # a second version does not move it again
    assert moves.count() == 1


def test_it_flags_a_free_text_answer_left_in_chinese(
    drafting_case: Case, owner_client: Client
) -> None:
    response = compose(owner_client, drafting_case, supplier_name="义乌佳丽贸易有限公司")
    html = response.content.decode()
    assert 'class="untranslated small"' in html
    draft = Draft.objects.get(case=drafting_case)
    assert not has_chinese(draft.letter)
    assert "untranslated:supplier_name" in {q["id"] for q in draft.open_questions}


def test_it_keeps_what_the_seller_typed_when_a_date_is_wrong(
    drafting_case: Case, owner_client: Client
) -> None:
    response = compose(owner_client, drafting_case, action_date="31/02/2026")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="31/02/2026"' in html
    assert "has-error" in html
    assert not Draft.objects.filter(case=drafting_case).exists()
    assert not AnswerSet.objects.filter(case=drafting_case).exists()


def test_it_asks_the_admit_or_dispute_question_first_where_the_category_has_one(
    case: Case, owner_client: Client
) -> None:
    case.category = "ip_trademark"
    case.save(update_fields=["category"])
    response = owner_client.post(
        reverse("drafting:compose", kwargs={"pk": case.pk}),
        {"appeal_route": "dispute"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    first = re.search(r'<fieldset class="question([^"]*)" id="q-([a-z_]+)"', html)
    assert first is not None
    assert first.group(2) == "appeal_route"
    assert "route" in first.group(1)
    assert Draft.objects.get(case=case).in_error


def test_it_writes_a_new_version_when_other_options_are_picked(
    drafting_case: Case, owner_client: Client, member: User, member_client: Client
) -> None:
    compose(owner_client, drafting_case)
    first = Draft.objects.get(case=drafting_case)
    chosen = [o["id"] for o in first.options["root_causes"] if o["selected"]]
    other = next(o["id"] for o in first.options["root_causes"] if not o["selected"])
    picks = [chosen[0], other]
    response = member_client.post(
        reverse("drafting:options", kwargs={"pk": drafting_case.pk}),
        {"root_causes": picks},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    second = Draft.objects.get(case=drafting_case, number=2)
    assert (second.origin, second.created_by, second.parent) == ("options", member, first)
    assert [o["id"] for o in second.options["root_causes"] if o["selected"]] == picks
    assert f"+{other}" in second.summary
    assert second.choices["root_causes"] == picks
    first.refresh_from_db()
    assert [o["id"] for o in first.options["root_causes"] if o["selected"]] == chosen


def test_it_ignores_option_ids_the_draft_did_not_offer(
    drafting_case: Case, owner_client: Client
) -> None:
    compose(owner_client, drafting_case)
    owner_client.post(
        reverse("drafting:options", kwargs={"pk": drafting_case.pk}),
        {"root_causes": ["not_a_real_cause"]},
    )
    second = Draft.objects.get(case=drafting_case, number=2)
    assert "root_causes" not in second.choices


def test_it_keeps_every_version_with_who_changed_what(
    drafting_case: Case, owner: User, owner_client: Client, member: User, member_client: Client
) -> None:
    compose(owner_client, drafting_case)
    first = Draft.objects.get(case=drafting_case)
    member_client.post(
        reverse("drafting:options", kwargs={"pk": drafting_case.pk}),
        {"operating_plan": [first.options["operating_plan"][0]["id"]]},
    )
    second = Draft.objects.get(case=drafting_case, number=2)
    line = next(
        p["en"] for p in second.mirror if p["part"] == "root_cause" and p["kind"] != "heading"
    )
    edited = second.letter.replace(line, line + " We checked 420 invoices on that day.")
    response = owner_client.post(
        reverse("drafting:save", kwargs={"pk": drafting_case.pk}),
        {"letter": edited, "n": "2"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    third = Draft.objects.get(case=drafting_case, number=3)
    assert (third.origin, third.created_by, third.parent) == ("edited", owner, second)
    assert "We checked 420 invoices on that day." in third.letter
    assert third.summary.startswith("+1 \u22121")
    # The changed line has no knowledge-base Chinese; the others keep theirs.
    changed = [p for p in third.mirror if p["edited"]]
    assert len(changed) == 1
    assert "420 invoices" in changed[0]["en"]
    before = {(p["number"], p["en"]): p["zh-hans"] for p in second.mirror}
    kept = [p for p in third.mirror if not p["edited"]]
    assert len(kept) == len(second.mirror) - 1
    assert all(before[(p["number"], p["en"])] == p["zh-hans"] for p in kept)
    # The form boxes are cut from the edited letter.
    assert "420 invoices" in third.sections["root_cause"]["text"]
    authors = [
        (d.number, d.origin, d.created_by)
        for d in Draft.objects.filter(case=drafting_case).order_by("number")
    ]
    assert authors == [(1, "composed", owner), (2, "options", member), (3, "edited", owner)]
    assert Draft.objects.get(number=2, case=drafting_case).letter == second.letter
    history = response.content.decode()
    assert "Edited by hand" in history
    assert "Options changed" in history
    assert history.count("drafting/version/?n=") >= 3


def test_it_saves_no_version_when_nothing_changed(
    drafting_case: Case, owner_client: Client
) -> None:
    compose(owner_client, drafting_case)
    draft = Draft.objects.get(case=drafting_case)
    owner_client.post(
        reverse("drafting:save", kwargs={"pk": drafting_case.pk}),
        {"letter": draft.letter, "n": "1"},
    )
    assert Draft.objects.filter(case=drafting_case).count() == 1


def test_it_opens_an_old_version(drafting_case: Case, owner_client: Client) -> None:
    compose(owner_client, drafting_case)
    first = Draft.objects.get(case=drafting_case)
    owner_client.post(
        reverse("drafting:save", kwargs={"pk": drafting_case.pk}),
        {"letter": first.letter + "\nA new closing line for 2026.\n", "n": "1"},
    )
    url = reverse("drafting:version", kwargs={"pk": drafting_case.pk})
    old = owner_client.get(url + "?n=1").content.decode()
    new = owner_client.get(url + "?n=2").content.decode()
    assert "A new closing line for 2026." not in old
    assert "A new closing line for 2026." in new
    assert "No such version" in owner_client.get(url + "?n=99").content.decode()


def test_it_highlights_findings_inline_with_their_chinese_explanation(
    drafting_case: Case, owner_client: Client
) -> None:
    compose(owner_client, drafting_case)
    draft = Draft.objects.get(case=drafting_case)
    letter = draft.letter.replace(
        "Root cause\n", "Root cause\nWe are so sorry, please give us a second chance.\n", 1
    )
    response = owner_client.post(
        reverse("drafting:check", kwargs={"pk": drafting_case.pk}),
        {"letter": letter, "n": "1"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    marks = re.findall(
        r'<mark class="sev-(\w+)" title="([^"]*)" data-codes="([^"]*)">([^<]*)</mark>', html
    )
    pleading = [m for m in marks if "tone_pleading" in m[2]]
    assert pleading, html[:2000]
    _severity, title, _, text = pleading[0]
    assert "second chance" in text
    # The English page explains the finding in English only (the Chinese page in Chinese).
    assert not has_chinese(title)
    assert re.search("[A-Za-z]{4,}", title)
    assert re.search(r'class="score verdict-\w+"[^>]*>\d+<small>/100', html)
    assert "finding-text" in html
    # The check of the draft as composed has no pleading: the score drops with the edit.
    score = int(re.search(r">(\d+)<small>/100", html).group(1))  # type: ignore[union-attr]
    assert score < (draft.score or 0)
    # Checking never writes a version.
    assert Draft.objects.filter(case=drafting_case).count() == 1


def test_it_answers_an_empty_letter_with_a_message(
    drafting_case: Case, owner_client: Client
) -> None:
    response = owner_client.post(
        reverse("drafting:check", kwargs={"pk": drafting_case.pk}), {"letter": "   "}
    )
    assert response.status_code == 200
    assert "alert warn" in response.content.decode()


def test_it_shows_the_mirror_in_traditional_chinese_to_traditional_readers(
    drafting_case: Case, owner_client: Client
) -> None:
    compose(owner_client, drafting_case)
    draft = Draft.objects.get(case=drafting_case)
    pair = next(p for p in draft.mirror if p["zh-hans"] != p["zh-hant"])
    url = reverse("drafting:version", kwargs={"pk": drafting_case.pk})
    english = owner_client.get(url).content.decode()
    assert pair["zh-hans"] in english
    assert pair["zh-hant"] not in english
    owner_client.cookies["django_language"] = "zh-hant"
    traditional = owner_client.get(url).content.decode()
    assert pair["zh-hant"] in traditional


def test_it_asks_for_the_category_when_the_case_has_none(case: Case, owner_client: Client) -> None:
    response = owner_client.post(
        reverse("drafting:compose", kwargs={"pk": case.pk}), {}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "does not know the kind of case yet" in response.content.decode()
    assert not Draft.objects.filter(case=case).exists()


def test_it_refuses_a_viewer_who_tries_to_write_a_draft(drafting_case: Case, viewer: User) -> None:
    from tests.web.conftest import client_for

    client = client_for(viewer)
    response = client.post(reverse("drafting:compose", kwargs={"pk": drafting_case.pk}), {})
    assert response.status_code == 403
    assert not Draft.objects.filter(case=drafting_case).exists()


def test_it_shows_the_three_drafting_panels_on_the_case_page(
    drafting_case: Case, owner_client: Client
) -> None:
    compose(owner_client, drafting_case)
    html = owner_client.get(reverse("cases:detail", kwargs={"pk": drafting_case.pk})).content
    page = html.decode()
    assert "Your appeal, version 1" in page
    assert 'id="drafting-review"' in page
    assert 'id="drafting-submit"' in page
    assert 'hx-trigger="input changed delay:600ms"' in page


def test_it_shows_a_viewer_the_draft_without_the_edit_forms(
    drafting_case: Case, owner_client: Client, viewer: User
) -> None:
    from tests.web.conftest import client_for

    compose(owner_client, drafting_case)
    page = client_for(viewer).get(reverse("cases:detail", kwargs={"pk": drafting_case.pk}))
    html = page.content.decode()
    assert 'class="mirror"' in html
    assert 'id="drafting-letter"' not in html
    assert "Write a new version with these" not in html
