"""Finding the parts of a Plan of Action."""

from __future__ import annotations

from reinstate.check import SectionKind, split_sections
from reinstate.check.sections import section_items


def kinds(letter: str) -> list[str]:
    return [part.kind.value for part in split_sections(letter)]


def test_it_finds_the_parts_under_their_headings() -> None:
    letter = (
        "Dear team,\n\nRoot cause\nOur packing was weak.\n\n"
        "Corrective actions taken\n- On 4 March 2025 we repacked.\n\n"
        "Preventive measures\n- Since 5 March 2025 two layers.\n\n"
        "Operating plan\nWe sell 14 products.\n\nSincerely,\nDan"
    )
    parts = split_sections(letter)
    assert [p.kind for p in parts] == list(SectionKind)
    root = parts[0]
    assert letter[root.heading_start : root.heading_end] == "Root cause"
    assert letter[root.body_start : root.end].strip() == "Our packing was weak."
    # The last part stops at the closing.
    assert "Sincerely" not in parts[-1].body


def test_it_reads_amazons_form_questions_as_headings() -> None:
    letter = (
        "1. What was the root cause of the issue?\nWe listed used units as new.\n"
        "2. What actions have you taken to resolve the issue?\nOn 4 May 2025 we relisted them.\n"
        "3. What steps will you take to prevent future issues?\nSince 5 May 2025 we inspect."
    )
    assert kinds(letter) == ["root_cause", "corrective_actions", "preventive_measures"]


def test_it_reads_a_label_with_the_text_on_the_same_line() -> None:
    letter = (
        "Root cause: our handling time was 1 day.\nCorrective actions: on 15 May we set 3 days."
    )
    parts = split_sections(letter)
    assert [p.kind.value for p in parts] == ["root_cause", "corrective_actions"]
    assert parts[0].body == "our handling time was 1 day."
    assert parts[0].heading == "Root cause:"


def test_it_keeps_one_triple_per_issue_in_order() -> None:
    letter = (
        "Issue 1: Root cause\nLate pickups.\nCorrective actions\nOn 3 May we moved.\n"
        "Preventive measures\nSince 4 May daily list.\n"
        "Issue 2: Root cause\nNo tracking.\nCorrective actions\nOn 3 May Buy Shipping.\n"
        "Preventive measures\nSince 4 May only Buy Shipping."
    )
    assert kinds(letter) == [
        "root_cause",
        "corrective_actions",
        "preventive_measures",
        "root_cause",
        "corrective_actions",
        "preventive_measures",
    ]


def test_it_finds_parts_of_a_letter_without_headings_by_their_opening_words() -> None:
    letter = (
        "The root cause of the complaints was our returns process.\n\n"
        "To resolve this, on 22 August 2025 we inspected all 146 units.\n\n"
        "To prevent this from happening again, since 24 August 2025 every return is inspected."
    )
    parts = split_sections(letter)
    assert [p.kind.value for p in parts] == [
        "root_cause",
        "corrective_actions",
        "preventive_measures",
    ]
    assert not any(p.by_heading for p in parts)


def test_it_does_not_take_a_sentence_for_a_heading() -> None:
    letter = "Going forward, we check every parcel before it leaves the warehouse."
    assert kinds(letter) == []


def test_it_splits_a_part_into_its_bullets() -> None:
    letter = (
        "Root cause\n- Thin wrap broke 21 jars.\n  It was one layer.\n- No tracking on 11 orders."
    )
    part = split_sections(letter)[0]
    items = section_items(letter, part)
    assert [item.text for item in items] == [
        "Thin wrap broke 21 jars.\n  It was one layer.",
        "No tracking on 11 orders.",
    ]
    assert all(letter[i.start : i.end] == i.text for i in items)
