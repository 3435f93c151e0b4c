"""A case's title in the reader's language, written when the page is shown.

A title the seller typed is theirs and stays as typed. Otherwise the title is made at display
time from what tells one case from another: the policy (in the reader's language), the first
ASIN Amazon named and the date of the notice, e.g. "真实性投诉（假货投诉） · B0581U33XT ·
2026年12月4日" or "Inauthentic (counterfeit) complaints · B0581U33XT · 4 December 2026".

Earlier versions stored a title when the seller typed none (the notice's subject, or the category
name in the language of whoever opened the case); those are recognised and replaced at display
time too, so no stored data needs to change.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple

from django.apps import apps
from django.conf import settings
from django.db.models import Prefetch
from django.db.models.fields.json import KeyTransform
from django.utils import translation
from django.utils.translation import gettext as _

from reinstate.codes import Category
from reinstate_web.cases.dates import long_date
from reinstate_web.cases.labels import CATEGORY_NAMES
from reinstate_web.cases.memo import page_notices, per_page

if TYPE_CHECKING:
    from reinstate_web.cases.models import Case

SEPARATOR = " · "
# Titles stored by earlier versions when nobody typed one (besides the notice's subject).
_LEGACY_TITLES = frozenset(
    {"Amazon notice", "Account deactivated: inauthentic complaints"}  # the old demo title
)


@cache
def _category_names() -> frozenset[str]:
    """The category names in every interface language: earlier versions stored the name in
    the language of the person who opened the case."""
    names: set[str] = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            names.update(str(name) for name in CATEGORY_NAMES.values())
    return frozenset(names)


def is_typed(title: str, subjects: Iterable[str] = ()) -> bool:
    """True when ``title`` is a name a person gave the case, not one made by the product."""
    text = title.strip()
    if not text or text in _LEGACY_TITLES or text in _category_names():
        return False
    return text not in {s.strip() for s in subjects if s}


def _first_notice(notices: Iterable[Any]) -> Any | None:
    """The notice that opened the case (not a reply), else the first message of any kind."""
    ordered = sorted(notices, key=lambda n: (n.added_at, n.pk))
    return next((n for n in ordered if n.kind == "notice"), ordered[0] if ordered else None)


def _asin_text(asins: list[str]) -> str:
    if len(asins) <= 1:
        return asins[0] if asins else ""
    return _("%(asin)s and %(n)s more") % {"asin": asins[0], "n": len(asins) - 1}


def _asins(notice: Any) -> Any:
    """The ASINs the notice names: read by the database alone in a list (titles_prefetch),
    else from the notice's whole diagnosis."""
    if hasattr(notice, "title_asins"):
        return notice.title_asins
    diagnosis = notice.diagnosis if isinstance(notice.diagnosis, dict) else {}
    return diagnosis.get("asins")


def made_title(category: str, notice: Any | None, created_at: Any) -> str:
    """The title made from the case's facts, in the active language."""
    try:
        name = str(CATEGORY_NAMES[Category(category)]) if category else ""
    except ValueError:
        name = ""
    if notice is None:
        return SEPARATOR.join([name or _("New case"), long_date(created_at)])
    asins = [str(a) for a in _asins(notice) or [] if a]
    when = long_date(notice.sent_at or notice.added_at)
    parts = [name or _("Amazon's notice"), _asin_text(asins), when]
    return SEPARATOR.join(p for p in parts if p)


@per_page  # the case page shows it twice (window title and heading)
def display_title(case: Case) -> str:
    """The title to show: the typed one, else one made in the reader's language.

    Uses ``case.notices.all()`` so that a list of cases can prefetch the notices.
    """
    notices = title_notices(case)
    if is_typed(case.title, (n.subject for n in notices)):
        return case.title.strip()
    return made_title(case.category, _first_notice(notices), case.created_at)


def title_notices(case: Case) -> Iterable[Any]:
    """The case's messages as its title reads them: those a list of cases read for all of them
    (:func:`read_titles`), else those the case page read once, else ``case.notices.all()``
    (prefetched by a list with :func:`titles_prefetch`, or one query)."""
    listed = getattr(case, "title_notices", None)
    if listed is not None:
        return listed  # type: ignore[no-any-return]
    found = page_notices(case) if case.pk else []  # read once by the case page
    return found if found is not None else list(case.notices.all())


class TitleNotice(NamedTuple):
    """Of a message, what a title is made of (no model instance)."""

    pk: int
    kind: str
    subject: str
    sent_at: Any
    added_at: Any
    title_asins: Any


def read_titles(cases: list[Case]) -> None:
    """What the titles of a list of cases need of their messages, in one query of a few fields
    for all of them, as rows (:class:`TitleNotice`), not model instances: each case's
    ``title_notices``. Half the CPU of :func:`titles_prefetch` (which builds a Notice per message
    through the prefetch machinery) for the dashboard's 70 cases."""
    if not cases:
        return
    notice = apps.get_model("notices", "Notice")  # by name: notices.models imports cases
    found: dict[int, list[TitleNotice]] = {case.pk: [] for case in cases}
    rows = (
        notice.objects.filter(case__in=cases)
        .order_by()
        .annotate(title_asins=KeyTransform("asins", "diagnosis"))
        .values_list("case_id", "id", "kind", "subject", "sent_at", "added_at", "title_asins")
    )
    for case_id, *fields in rows:
        found[case_id].append(TitleNotice(*fields))
    for case in cases:
        case.title_notices = found[case.pk]  # type: ignore[attr-defined]


def titles_prefetch() -> Prefetch[Any]:
    """What a list of cases prefetches so that each title costs no query. Of the notice's
    diagnosis (a large JSON document) only its list of ASINs is read: decoding the whole of
    it took 60 % of the prefetch (bench/dashboard.py, 10,000 cases)."""
    notice = apps.get_model("notices", "Notice")  # by name: notices.models imports cases
    fields = ("id", "case_id", "kind", "subject", "sent_at", "added_at")
    found = notice.objects.only(*fields).annotate(title_asins=KeyTransform("asins", "diagnosis"))
    return Prefetch("notices", queryset=found)
