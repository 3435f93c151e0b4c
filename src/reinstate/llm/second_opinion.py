"""Ask a language model which of the candidate policies an unsure notice is about (optional).

Used only when the seller configured a model and the diagnosis is unsure. The answer is one of
the candidates (or ``other``) with one sentence of reason, shown as the model's opinion; the
seller still chooses. Anything else the model says is refused as a ServiceError.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

from reinstate.codes import Category
from reinstate.errors import ServiceError
from reinstate.llm.client import ChatClient
from reinstate.notices.labels import label, summary

MAX_NOTICE_CHARS = 6000
_JSON = re.compile(r"\{.*\}", re.DOTALL)

SYSTEM_PROMPT = (
    "You read a message Amazon sent to a seller (it may be in any language) and decide which "
    "Amazon policy it enforces. Choose exactly one code from the list you are given. Reply with "
    'JSON only: {"category": "<code>", "reason": "<one short English sentence quoting the '
    'words of the message that decide it>"}.'
)


@dataclass(frozen=True, slots=True)
class SecondOpinion:
    """The model's choice among the candidates, and why (its words, not Reinstate's)."""

    category: Category
    reason: str
    model: str
    machine_written: bool = True


def second_opinion(text: str, candidates: Sequence[str], client: ChatClient) -> SecondOpinion:
    """One of ``candidates`` (codes) or ``other`` for the notice ``text``.

    Raises ServiceError when the model answers something that is not one of them.
    """
    allowed = list(dict.fromkeys([*candidates, Category.OTHER.value]))
    listing = "\n".join(
        f"- {code}: {label('category', code, 'en')}. {summary(code, 'en')}" for code in allowed
    )
    reply = client.complete(
        [
            {"role": "system", "content": SYSTEM_PROMPT},
            {
                "role": "user",
                "content": f"Codes:\n{listing}\n\nMessage:\n{text[:MAX_NOTICE_CHARS]}",
            },
        ],
        max_tokens=200,
    )
    match = _JSON.search(reply)
    try:
        data = json.loads(match.group(0) if match else reply)
        code = str(data["category"]).strip()
        reason = " ".join(str(data.get("reason", "")).split())[:400]
    except (ValueError, KeyError, TypeError) as exc:
        raise ServiceError("The language model's answer was not the JSON asked for.") from exc
    if code not in allowed:
        raise ServiceError(f"The language model chose {code!r}, which is not a candidate.")
    return SecondOpinion(Category(code), reason, client.model.model)
