"""Read any Amazon notice or reply and say what it means (step 1 of the journey).

    >>> from reinstate.notices import diagnose_text
    >>> d = diagnose_text("We removed some of your listings because we received a report from "
    ...                   "a rights owner that they may infringe the rights owner's trademark.")
    >>> d.category.value, d.scope.value
    ('ip_trademark', 'listing')

Public API: :func:`read_message`, :func:`diagnose`, :func:`diagnose_bytes`,
:func:`diagnose_text`, the value types in :mod:`reinstate.notices.model`, and display labels in
:mod:`reinstate.notices.labels`. Input limits: see :mod:`reinstate.notices.reading`.
"""

from __future__ import annotations

from reinstate.notices.diagnose import (
    diagnose,
    diagnose_bytes,
    diagnose_text,
    knowledge_version,
)
from reinstate.notices.model import (
    DEFAULT_MAX_BYTES,
    CategoryScore,
    Channel,
    Deadline,
    Diagnosis,
    EvidenceSpan,
    NoticeMessage,
    RightsOwner,
    diagnosis_from_json,
)
from reinstate.notices.reading import read_message

__all__ = [
    "DEFAULT_MAX_BYTES",
    "CategoryScore",
    "Channel",
    "Deadline",
    "Diagnosis",
    "EvidenceSpan",
    "NoticeMessage",
    "RightsOwner",
    "diagnose",
    "diagnose_bytes",
    "diagnose_text",
    "diagnosis_from_json",
    "knowledge_version",
    "read_message",
]
