"""A message is split into its parts so the reason weighs most and the boilerplate least."""

from __future__ import annotations

from reinstate.notices.structure import read_structure

NOTICE = """Hello,

Your Amazon seller account has been deactivated.

Why is this happening?
We received complaints about the authenticity of items you sold.

How do I reactivate my account?
Send invoices from your supplier issued in the last 365 days.

Funds will not be transferred to you but will stay in your account while we work with you.

ASIN: B0CXZ4R8TN
B07PQ2LM8K

Sincerely,
Seller Performance Team
"""


def _kinds(text: str, language: str = "en") -> list[tuple[str, str]]:
    structure = read_structure(text, language)
    return [(p.kind, text[p.start : p.end].strip()) for p in structure.parts]


def _by_kind(text: str, language: str = "en") -> dict[str, str]:
    out: dict[str, str] = {}
    for kind, piece in _kinds(text, language):
        out[kind] = f"{out.get(kind, '')} {piece}".strip()
    return out


def test_it_finds_the_reason_the_action_the_asins_and_the_closing() -> None:
    parts = _by_kind(NOTICE)
    assert "Your Amazon seller account has been deactivated." in parts["opening"]
    assert "authenticity of items you sold" in parts["reason"]
    assert "Send invoices" in parts["action"]
    assert "B0CXZ4R8TN" in parts["asin_list"]
    assert "Seller Performance Team" in parts["closing"]


def test_the_funds_paragraph_is_boilerplate() -> None:
    boiler = [text for kind, text in _kinds(NOTICE) if kind == "boilerplate"]
    assert any("Funds will not be transferred" in text for text in boiler)


def test_the_parts_cover_the_whole_text_in_order() -> None:
    structure = read_structure(NOTICE, "en")
    assert structure.parts[0].start == 0
    assert structure.parts[-1].end == len(NOTICE)
    for before, after in zip(structure.parts, structure.parts[1:], strict=False):
        assert before.end == after.start


def test_an_inline_heading_in_a_flattened_paragraph_still_opens_the_reason() -> None:
    flat = (
        "Your account has been deactivated. Why is this happening? You have listed products "
        "that are prohibited. How do I reactivate my account? Send us a plan of action."
    )
    parts = _by_kind(flat)
    assert "prohibited" in parts["reason"]
    assert "plan of action" in parts["action"]


def test_mail_quoted_below_a_reply_header_is_quoted() -> None:
    reply = (
        "We have reviewed your appeal and reinstated your account.\n\n"
        "On Mon, 3 Jun 2024 at 10:15, Seller <me@example.com> wrote:\n"
        "Our root cause was counterfeit stock from an unauthorised supplier.\n"
    )
    parts = _kinds(reply)
    assert parts[0][0] == "opening"
    assert parts[-1][0] == "quoted"
    assert "counterfeit stock" in parts[-1][1]


def test_headings_in_german_and_japanese() -> None:
    german = (
        "Ihr Verkäuferkonto wurde deaktiviert.\nWarum ist das passiert?\n"
        "Wir haben Beschwerden erhalten.\n"
    )
    assert _by_kind(german, "de")["reason"].endswith("Beschwerden erhalten.")
    japanese = (
        "アカウントを停止しました。\nなぜこのような状況になったのでしょうか?\n"
        "偽造品の申し立てを受けました。\n"
    )
    assert "偽造品" in _by_kind(japanese, "ja")["reason"]


def test_a_huge_line_without_punctuation_is_an_opening_and_a_body() -> None:
    text = "a" * 200_000
    structure = read_structure(text, "en")
    assert [p.kind for p in structure.parts] == ["opening", "body"]
    assert structure.parts[-1].end == len(text)
