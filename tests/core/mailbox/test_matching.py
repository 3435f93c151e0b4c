"""Which case a message belongs to: thread headers first, then ASINs, merchant token, subject."""

from __future__ import annotations

from reinstate.mailbox.matching import CaseOnFile, Incoming, match, normal_subject

ASIN = "B0C7Q2ZK4M"


def _case(case_id: int, **kwargs: object) -> CaseOnFile:
    values: dict[str, object] = {"account_id": 10, "opened": float(case_id), **kwargs}
    return CaseOnFile(case_id, **values)  # type: ignore[arg-type]


def test_the_thread_decides_before_anything_else() -> None:
    cases = [
        _case(1, message_ids=frozenset({"<n1@amazon.com>"}), open=False),
        _case(2, asins=frozenset({ASIN}), waiting=True),
    ]
    mail = Incoming("reply", thread_ids=("<n1@amazon.com>",), asins=(ASIN,))
    assert match(mail, cases, home_account=10).case_id == 1


def test_an_asin_finds_the_open_case() -> None:
    cases = [_case(1, asins=frozenset({ASIN}), open=False), _case(2, asins=frozenset({ASIN}))]
    found = match(Incoming("reply", asins=(ASIN,)), cases, home_account=10)
    assert (found.case_id, found.rule) == (2, "asin")


def test_a_new_enforcement_on_the_same_asin_is_a_new_case() -> None:
    cases = [_case(1, asins=frozenset({ASIN}), category="ip_trademark")]
    notice = Incoming("notice", asins=(ASIN,), category="inauthentic")
    found = match(notice, cases, home_account=10)
    assert (found.case_id, found.rule) == (None, "new_case")


def test_a_merchant_token_picks_the_seller_account() -> None:
    cases = [
        _case(1, account_id=10, merchant_token="A2EXAMPLE3X4", waiting=True),
        _case(2, account_id=20, merchant_token="A9OTHERONE77", waiting=True),
    ]
    reply = Incoming("reply", text="Merchant Token: A9OTHERONE77\nWe reinstated...")
    found = match(reply, cases, home_account=10)
    assert (found.case_id, found.account_id, found.rule) == (2, 20, "merchant_token")


def test_the_subject_without_prefixes_finds_the_case() -> None:
    cases = [_case(1, subjects=frozenset({"your amazon.com selling account"}))]
    reply = Incoming("reply", subject="回复：RE: Your Amazon.com selling account")
    assert match(reply, cases, home_account=10).rule == "subject"


def test_a_reply_goes_to_the_only_case_waiting_for_an_answer() -> None:
    cases = [_case(1), _case(2, waiting=True)]
    found = match(Incoming("reply"), cases, home_account=10)
    assert (found.case_id, found.rule) == (2, "only_waiting")
    two_waiting = [_case(1, waiting=True), _case(2, waiting=True)]
    assert match(Incoming("reply"), two_waiting, home_account=10).rule == "unmatched"


def test_subjects_are_compared_without_prefixes_and_case() -> None:
    assert normal_subject("Fwd: RE:  Policy   Warning") == "policy warning"
    assert normal_subject("答复：转发：Policy Warning") == "policy warning"
