"""The case's facts from files: a notice, Seller Central exports and an answers file.

Shared by ``reinstate draft`` (to compose the appeal) and ``reinstate check`` (to hold a letter's
claims against the case). An answers file maps question ids to answers; ``fact:<key>`` and
``notice:<field>`` keys give a figure or a notice detail; ``choices`` holds the seller's picks
and ``confirmed`` (the actions and measures they took).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reinstate.cli.output import read_input

if TYPE_CHECKING:
    from reinstate.compose import CaseFacts

_MAX_ANSWERS_BYTES = 1_000_000


def read_answers(path: Path) -> dict[str, Any]:
    import yaml

    from reinstate.errors import InputError

    raw, _ = read_input(path, _MAX_ANSWERS_BYTES, "answers")
    try:
        text = raw.decode("utf-8-sig")
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (UnicodeDecodeError, ValueError, yaml.YAMLError) as exc:
        raise InputError(f"Cannot read the answers in {path.name}: {exc}") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError(f"{path.name} must map question ids to answers.")
    return {str(k): v for k, v in data.items()}


def case_facts(
    notice: Path,
    data: list[Path],
    answers_file: Path | None,
    category: str | None,
    store: str | None,
    in_error: bool,
) -> CaseFacts:
    from dataclasses import replace

    from reinstate.compose import Choices, facts_from
    from reinstate.errors import InputError
    from reinstate.notices import DEFAULT_MAX_BYTES, diagnose_bytes

    message, name = read_input(notice, DEFAULT_MAX_BYTES, "notice")
    diagnosis = diagnose_bytes(message, name)
    if diagnosis.kind.value == "reply" and category is None:
        raise InputError("This is Amazon's reply to an appeal, not a notice; pass --category.")
    if not diagnosis.certain and category is None:
        candidates = ", ".join(
            f"{c.code.value} ({c.confidence:.0%})" for c in diagnosis.categories[:4]
        )
        raise InputError(
            "The notice does not say clearly which policy it enforces, and a letter for the "
            f"wrong one does harm: choose one with --category (candidates: {candidates}; "
            "`reinstate diagnose` shows the phrases behind each)."
        )
    report = None
    if data:
        from reinstate.analysis import analyze

        missing = [str(p) for p in data if not p.exists()]
        if missing:
            raise InputError(f"No such data file or folder: {', '.join(missing)}")
        sent = diagnosis.sent_at.date() if diagnosis.sent_at else None
        report = analyze(
            data,
            notice_asins=diagnosis.asins,
            notice_order_ids=diagnosis.order_ids,
            notice_date=sent,
        )
    raw = read_answers(answers_file) if answers_file else {}
    picks = raw.pop("choices", None)
    done = raw.pop("confirmed", None)  # the actions and measures the seller took
    if done is not None:
        picks = {**(picks if isinstance(picks, dict) else {}), "confirmed": done}
    facts_given = {k[5:]: v for k, v in raw.items() if k.startswith("fact:")}
    notice_given = {k[7:]: v for k, v in raw.items() if k.startswith("notice:")}
    plain = {k: v for k, v in raw.items() if ":" not in k}
    facts = facts_from(
        diagnosis,
        report,
        plain,
        category=category,
        store_name=store,
        today=date.today(),
        in_error=in_error,
        choices=Choices.from_mapping(picks) if isinstance(picks, dict) else None,
    )
    return replace(
        facts,
        facts={**facts.facts, **facts_given},
        notice_fields={**facts.notice_fields, **notice_given},
    )
