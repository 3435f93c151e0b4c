"""``check_letter``: run every check on a letter and score it."""

from __future__ import annotations

from reinstate.errors import InputError, TooLargeError

from .claims import check_claims
from .facts import check_facts
from .genericness import check_genericness
from .grammar import PendingLints, harper_available, start_lint
from .language import check_language
from .model import CheckContext, CheckFinding, CheckReport
from .scoring import score_findings
from .sections import split_sections
from .spelling import dictionaries_installed
from .structure import check_structure, is_in_error
from .text import Letter
from .tone import check_tone

MAX_LETTER_CHARACTERS = 100_000
_SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


def check_letter(letter: str, context: CheckContext | None = None) -> CheckReport:
    """Check an appeal letter as a fluent, experienced reviewer would.

    Runs the tone, structure, facts, language and genericness checks and scores the result (see
    :mod:`reinstate.check.scoring`). Findings come in reading order; each points at
    ``letter[start:end]``. Raises :class:`InputError` for an empty letter and
    :class:`TooLargeError` past 100,000 characters.

    >>> report = check_letter("Please give us a second chance!!!", CheckContext(grammar=False))
    >>> report.verdict.value, "tone_pleading" in report.codes
    ('not_ready', True)
    """
    if not letter.strip():
        raise InputError("The letter is empty.", code="empty_letter")
    if len(letter) > MAX_LETTER_CHARACTERS:
        raise TooLargeError(
            f"The letter has {len(letter):,} characters; the checker reads at most "
            f"{MAX_LETTER_CHARACTERS:,}.",
            code="letter_too_large",
        )
    context = context or CheckContext()
    # Harper builds and lints on its own thread (it releases the GIL) while the other checks run.
    lints: PendingLints | None = None
    if context.grammar and harper_available():
        lints = start_lint(letter, spelling=not dictionaries_installed())
    text = Letter(letter)
    parts = split_sections(letter)
    in_error = context.in_error if context.in_error is not None else is_in_error(text)
    findings: list[CheckFinding] = []
    findings.extend(check_tone(text, parts))
    findings.extend(
        check_structure(text, parts, in_error=in_error, form_limits=context.form_limits)
    )
    findings.extend(check_facts(text, parts, context))
    findings.extend(check_claims(text, parts, context.claims))
    generic = check_genericness(text, parts, context.previous_letters)
    names = context.claims.parties if context.claims is not None else ()
    # Last: the language checks wait for Harper's lints when they are still being computed.
    findings.extend(check_language(text, grammar=context.grammar, lints=lints, names=names))
    findings.extend(generic)
    ordered = tuple(
        sorted(
            _without_duplicates(findings),
            key=lambda f: (f.start, _SEVERITY_ORDER[f.severity.value], f.end, f.code),
        )
    )
    score, verdict = score_findings(ordered)
    return CheckReport(
        score=score,
        verdict=verdict,
        findings=ordered,
        letter_length=len(letter),
        sentence_count=len(text.sentences),
        word_count=text.word_count,
    )


# Language findings on a leftover placeholder repeat what the placeholder finding says.
_COVERING = frozenset({"facts_placeholder"})


def _without_duplicates(findings: list[CheckFinding]) -> list[CheckFinding]:
    """One finding per code, span and message (two patterns of one check can hit the same words),
    and no
    spelling or grammar finding inside a leftover placeholder."""
    covering = [(f.start, f.end) for f in findings if f.code in _COVERING]
    seen: set[tuple[str, int, int, str]] = set()
    kept = []
    for item in findings:
        key = (item.code, item.start, item.end, item.message)
        if key in seen:
            continue
        if item.family == "language" and any(
            item.start < end and start < item.end for start, end in covering
        ):
            continue
        seen.add(key)
        kept.append(item)
    return kept
