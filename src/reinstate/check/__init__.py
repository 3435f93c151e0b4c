"""The letter checker: read an appeal as a fluent, experienced reviewer would.

Example::

    from reinstate.check import CheckContext, check_letter

    report = check_letter(letter_text, CheckContext(notice_asins=["B07XYZ1234"]))
    report.score, report.verdict, [f.code for f in report.findings]
    report.to_json(lang="zh-hans")   # the contract dict of ``reinstate check --json``

Five families of checks, each finding with a stable code, a severity, the character span and an
explanation plus a suggested fix in English and Chinese (reviewed texts in
``knowledge/check/codes.yaml``):

- ``tone_*``: emotive or pleading words, blame, excuses, threats and legal language, sarcasm,
  excessive apology, questions to Amazon, references to other cases, sentences that send the
  reviewer to another case or an earlier contact, introductions of the business, "we will try";
- ``structure_*``: root cause, corrective actions, preventive measures and operating plan present;
  every root cause answered; actions in the past tense with dates; measures as processes in place;
  length;
- ``facts_*``: the notice's ASINs and orders named; figures and dates agree with the case; no
  leftover template slots;
- ``language_*``: spelling (Hunspell dictionaries and the knowledge base's lexicon), grammar
  (Harper), leftover Chinese or other non-English text, very long sentences;
- ``generic_*``: stock phrasing without a case fact, and near-copies of an earlier appeal.

Score (0-100) and verdict (ready / fix_first / not_ready): start at 100; each finding takes off
20 (high), 6 (medium) or 2 (low) points; repeats of one code count half and one code takes off at
most twice its single penalty. ``not_ready`` below 50 or with three high findings; ``fix_first``
with any high finding, a misspelled word (codes with ``blocks_ready``) or below 80; ``ready``
otherwise. See ``docs/checker.md``.
"""

from __future__ import annotations

from .engine import MAX_LETTER_CHARACTERS, check_letter
from .model import CheckContext, CheckFinding, CheckReport
from .sections import LetterSection, SectionKind, split_sections

__all__ = [
    "MAX_LETTER_CHARACTERS",
    "CheckContext",
    "CheckFinding",
    "CheckReport",
    "LetterSection",
    "SectionKind",
    "check_letter",
    "split_sections",
]
