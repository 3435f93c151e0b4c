"""The analysis's knowledge: metric targets (thresholds.yaml) and complaint words (complaints.yaml).

Both files are reviewed data shipped in the wheel; this module turns them into typed rules and
regular expressions once per process.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from reinstate.codes import Category, MetricStatus
from reinstate.errors import KnowledgeBaseError
from reinstate.knowledge.loader import load

LANGUAGES = ("en", "zh-hans", "zh-hant")
# Japanese and Chinese have no spaces between words, so their terms match anywhere.
_NO_WORD_BOUNDARY = frozenset({"ja", "zh"})


def _load_yaml(name: str) -> Mapping[str, Any]:
    """``knowledge/<name>.yaml`` through the shared cached loader, checked to be a mapping."""
    data = load(name)
    if not isinstance(data, Mapping):
        raise KnowledgeBaseError(f"knowledge file {name}.yaml must hold a mapping")
    return data


@dataclass(frozen=True, slots=True)
class MetricRule:
    code: str
    target: float
    good_when: str
    windows: tuple[int, ...]

    def status(self, value: float | None) -> MetricStatus:
        """Compare ``value`` with the target. >>> rule.status(0.012) -> MetricStatus.BAD for ODR."""
        if value is None:
            return MetricStatus.NONE
        good = {
            "below": value < self.target,
            "at_most": value <= self.target,
            "above": value > self.target,
            "at_least": value >= self.target,
        }[self.good_when]
        return MetricStatus.GOOD if good else MetricStatus.BAD


@dataclass(frozen=True, slots=True)
class Thresholds:
    metrics: Mapping[str, MetricRule]
    invoice_window_days: int
    negative_feedback_max_rating: int
    params: Mapping[str, Any]
    # data_needs: per metric, sentences (en, zh-hans, zh-hant) saying which inputs are missing.
    needs: Mapping[str, Mapping[str, Mapping[str, str]]]

    def rule(self, code: str) -> MetricRule:
        try:
            return self.metrics[code]
        except KeyError as exc:
            raise KnowledgeBaseError(f"thresholds.yaml has no metric {code!r}") from exc

    def param(self, name: str) -> Any:
        try:
            return self.params[name]
        except KeyError as exc:
            raise KnowledgeBaseError(f"thresholds.yaml analysis has no {name!r}") from exc

    def note(self, code: str, *keys: str) -> dict[str, str]:
        """The ``data_needs`` sentences ``keys`` of metric ``code``, joined per language.

        >>> thresholds().note("order_defect_rate", "partial", "chargebacks")["en"]
        'Only the defects in the uploaded reports are counted; ... upload the list of chargebacks.'
        """
        try:
            parts = [self.needs[code][key] for key in keys]
        except KeyError as exc:
            raise KnowledgeBaseError(f"thresholds.yaml data_needs has no {exc}") from exc
        # Chinese sentences follow each other without a space.
        return {
            lang: ("" if lang.startswith("zh") else " ").join(p[lang] for p in parts)
            for lang in LANGUAGES
        }


@cache
def thresholds() -> Thresholds:
    data = _load_yaml("thresholds")
    try:
        rules = {}
        for code, raw in data["metrics"].items():
            if raw["good_when"] not in {"below", "at_most", "above", "at_least"}:
                raise KnowledgeBaseError(f"thresholds.yaml {code}: bad good_when")
            if not str(raw.get("source", "")).strip():
                raise KnowledgeBaseError(f"thresholds.yaml {code}: a source note is required")
            rules[code] = MetricRule(
                code=code,
                target=float(raw["target"]),
                good_when=str(raw["good_when"]),
                windows=tuple(int(w) for w in raw["windows"]),
            )
        odr = data["metrics"]["order_defect_rate"]
        needs = {
            str(code): {str(key): {lang: str(text[lang]) for lang in LANGUAGES}
                        for key, text in sentences.items()}
            for code, sentences in data["data_needs"].items()
        }  # fmt: skip
        return Thresholds(
            metrics=rules,
            invoice_window_days=int(data["documents"]["invoice_window_days"]),
            negative_feedback_max_rating=int(odr["negative_feedback_max_rating"]),
            params=dict(data["analysis"]),
            needs=needs,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise KnowledgeBaseError(f"thresholds.yaml is malformed: {exc!r}") from exc


@dataclass(frozen=True, slots=True)
class ComplaintFamily:
    code: str
    category: Category
    name: Mapping[str, str]
    terms: Mapping[str, tuple[str, ...]]
    # One case-insensitive pattern for all languages, and one per language (to tell which matched).
    pattern: str
    language_patterns: Mapping[str, str]
    # The same, for searches that only ask whether a term is present (``presence_pattern``):
    # what they find is the same, and they compile in a fraction of the time.
    presence: str
    language_presence: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class ComplaintKnowledge:
    families: Mapping[str, ComplaintFamily]
    return_reasons: Mapping[str, str | None]
    dispositions: Mapping[str, str | None]

    def reason_family(self, code: str) -> tuple[bool, str | None]:
        """(known, family) for a return reason code, after removing CR- / RO_ prefixes."""
        key = normalise_reason(code)
        if key in self.return_reasons:
            return True, self.return_reasons[key]
        return False, None


def normalise_reason(code: str) -> str:
    """``RO_CR-DEFECTIVE`` -> ``DEFECTIVE``; ``AMZ-PG-BAD-DESC`` stays as it is."""
    key = code.strip().upper()
    for prefix in ("RO_", "CR-"):
        if key.startswith(prefix):
            key = key[len(prefix) :]
    return key


def term_pattern(term: str, language: str) -> tuple[str, bool, bool]:
    """(regex core, needs a word start, needs a word end) for one term; ``*`` = any ending."""
    wildcard = term.endswith("*")
    core = re.escape(term.rstrip("*").lower())
    core = core.replace(r"\ ", r"\s+")  # any run of spaces between the words of a phrase
    if wildcard:
        core += r"\w*"
    if language in _NO_WORD_BOUNDARY:
        return core, False, False
    # Boundaries only where the term starts or ends with a word character ("d'occasion").
    return core, bool(re.match(r"\w", term)), wildcard or bool(re.search(r"\w$", term.rstrip("*")))


def presence_pattern(term: str, language: str) -> tuple[str, bool, bool]:
    r"""``term_pattern`` for a search that only asks whether the term is present.

    A term with any ending (``word*``) is present wherever its stem is: after the stem, ``\w*``
    can always run to the next non-word character or the end, where the word edge holds. So
    the stem alone, without ``\w*`` and without the closing edge, is found in the same texts:
    each ``\w*`` (all of Unicode's word characters) costs a millisecond or more to compile.

    >>> presence_pattern("gebraucht*", "de"), term_pattern("gebraucht*", "de")
    (('gebraucht', True, False), ('gebraucht\\w*', True, True))
    """
    core, start, end = term_pattern(term, language)
    if term.endswith("*"):
        return core.removesuffix(r"\w*"), start, False
    return core, start, end


def family_pattern(terms: list[tuple[str, bool, bool]]) -> str:
    r"""One case-insensitive regex for many terms.

    Word edges are written as ``(?:^|\W)`` / ``(?:\W|$)`` around groups of terms instead of
    ``\b`` per term: a Unicode ``\b`` makes the regex engine leave its fast automaton (20-40x
    slower on comments), and one edge per group keeps the compiled regex small. The match may
    include the neighbouring space or punctuation; callers strip it.
    """
    groups: dict[tuple[bool, bool], list[str]] = {}
    for core, start, end in terms:
        groups.setdefault((start, end), []).append(core)
    parts = []
    for (start, end), cores in sorted(groups.items()):
        ordered = _wildcards_together(list(dict.fromkeys(cores)))
        body = "(?:" + "|".join(_shared_endings(ordered)) + ")"
        parts.append((r"(?:^|\W)" if start else "") + body + (r"(?:\W|$)" if end else ""))
    return "(?i)(?:" + "|".join(parts) + ")"


_ANY_ENDING = r"\w*"


_SPACES = r"\s+"


def _tokens(core: str) -> list[str]:
    r"""A term's core as its characters, ``\s+`` (a run of white space) as one token, without
    its ``\w*`` (``term_pattern``'s escaping undone)."""
    text = core.removesuffix(_ANY_ENDING)
    tokens: list[str] = []
    at = 0
    while at < len(text):
        if text.startswith(_SPACES, at):
            tokens.append(_SPACES)
            at += len(_SPACES)
        elif text[at] == "\\":
            tokens.append(text[at + 1])
            at += 2
        else:
            tokens.append(text[at])
            at += 1
    return tokens


def _same_letter(a: str, b: str) -> bool:
    """Whether a case-insensitive pattern may take one character for the other."""
    return (
        a == b or a.lower() == b.lower() or a.upper() == b.upper() or a.casefold() == b.casefold()
    )


def _exclusive(first: list[str], second: list[str]) -> bool:
    """Whether no text can begin with both terms (they differ, at some place before either
    ends, in characters a case-insensitive match cannot take one for the other)."""
    for a, b in zip(first, second, strict=False):
        if a == _SPACES or b == _SPACES:
            other = b if a == _SPACES else a
            if other == _SPACES or other.isspace():
                continue
            return True
        if not _same_letter(a, b):
            return True
    return False


def _wildcards_together(cores: list[str]) -> list[str]:
    r"""Terms with any ending (``\w*``) moved up to the one before them, past the plain terms
    between, when no text can begin with both a term passed and the moved one: at any place
    in a text, the first alternative that matches is then the same, so the matches are; and
    neighbouring ``\w*`` share one (``_shared_endings``), a copy of Unicode's word characters
    less to compile for each (about a third of the keyword patterns' compile time).

    >>> _wildcards_together([r"a\w*", "c", r"b\w*", "bzx", r"bz\w*"])
    ['a\\w*', 'b\\w*', 'c', 'bzx', 'bz\\w*']
    """
    ordered: list[str] = []
    for core in cores:
        if core.endswith(_ANY_ENDING):
            at = len(ordered)
            while at and not ordered[at - 1].endswith(_ANY_ENDING):
                if not _exclusive(_tokens(ordered[at - 1]), _tokens(core)):
                    break
                at -= 1
            if at and ordered[at - 1].endswith(_ANY_ENDING):
                ordered.insert(at, core)
                continue
        ordered.append(core)
    return ordered


def _shared_endings(cores: list[str]) -> list[str]:
    r"""Neighbouring alternatives that end in ``\w*`` share one: ``a\w*|b\w*`` -> ``(?:a|b)\w*``.

    The same matches, in the same order of preference (the alternatives keep their order), and
    each ``\w*`` left out is a copy of all of Unicode's word characters the regex engine does
    not compile (a millisecond or more each).

    >>> _shared_endings([r"a\w*", r"b\w*", "c", r"d\w*"])
    ['(?:a|b)\\w*', 'c', 'd\\w*']
    """
    merged: list[str] = []
    run: list[str] = []

    def close_run() -> None:
        if len(run) > 1:
            merged.append("(?:" + "|".join(run) + ")" + _ANY_ENDING)
        elif run:
            merged.append(run[0] + _ANY_ENDING)
        run.clear()

    for core in cores:
        if core.endswith(_ANY_ENDING):
            run.append(core.removesuffix(_ANY_ENDING))
        else:
            close_run()
            merged.append(core)
    close_run()
    return merged


@cache
def complaints() -> ComplaintKnowledge:
    data = _load_yaml("complaints")
    try:
        families: dict[str, ComplaintFamily] = {}
        for code, raw in data["families"].items():
            terms = {lang: tuple(str(t) for t in words) for lang, words in raw["terms"].items()}
            per_lang = {
                lang: family_pattern([term_pattern(t, lang) for t in words])
                for lang, words in terms.items()
            }
            everything = [term_pattern(t, lang) for lang, words in terms.items() for t in words]
            present = {
                lang: [presence_pattern(t, lang) for t in words] for lang, words in terms.items()
            }
            families[code] = ComplaintFamily(
                code=code,
                category=Category(raw["category"]),
                name=dict(raw["name"]),
                terms=terms,
                pattern=family_pattern(everything),
                language_patterns=per_lang,
                presence=family_pattern([t for found in present.values() for t in found]),
                language_presence={lang: family_pattern(f) for lang, f in present.items()},
            )
        reasons = {normalise_reason(k): v for k, v in data["return_reasons"].items()}
        dispositions = {str(k).upper(): v for k, v in data["dispositions"].items()}
    except (KeyError, TypeError, ValueError) as exc:
        raise KnowledgeBaseError(f"complaints.yaml is malformed: {exc!r}") from exc
    for mapping in (reasons, dispositions):
        unknown = {v for v in mapping.values() if v is not None} - families.keys()
        if unknown:
            raise KnowledgeBaseError(f"complaints.yaml maps codes to unknown families {unknown}")
    return ComplaintKnowledge(families=families, return_reasons=reasons, dispositions=dispositions)
