"""Which marketplace a notice is about, from store domains, the sender, currency and language.

Evidence and its strength are data (``knowledge/notices/marketplaces.yaml``). Amazon's mail
addresses (seller-performance@amazon.com ...) are the same everywhere and tell nothing, so they
are removed before the domains are counted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from reinstate.knowledge.loader import load

# Both patterns start only where a run of their characters starts (the lookbehind), and their
# runs cannot be split two ways, so a paste of any shape is read in linear time.
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w.-]+", re.ASCII)
_HOST_RUN = re.compile(r"(?<![a-z0-9.-])[a-z0-9.-]{8,253}(?![a-z0-9.-])", re.IGNORECASE)
_DOMAIN_WEIGHT = 3.0
_DOTCOM_WEIGHT = 1.0
_SENDER_WEIGHT = 2.0
_CURRENCY_WEIGHT = 2.0
_LANGUAGE_WEIGHT = 1.5


@dataclass(frozen=True, slots=True)
class _Rules:
    domain: re.Pattern[str]
    suffixes: dict[str, str]
    hosts: dict[str, str | None]
    currencies: list[tuple[re.Pattern[str], str]]
    languages: dict[str, str]


@cache
def _rules() -> _Rules:
    data = load("notices/marketplaces")
    suffixes = {str(k).lower(): str(v) for k, v in data["domains"].items()}
    alternatives = "|".join(re.escape(s) for s in sorted(suffixes, key=len, reverse=True))
    # Matched inside one host-like run at a time (see _hosts), never over the whole text.
    domain = re.compile(
        rf"(?:[a-z0-9-]{{1,63}}\.){{0,8}}amazon\.(?:{alternatives})$", re.IGNORECASE
    )
    hosts = {str(k).lower(): (str(v) if v else None) for k, v in data["hosts"].items()}
    currencies = [
        (re.compile(item["pattern"], re.IGNORECASE), str(item["code"]))
        for item in data["currencies"]
    ]
    languages = {str(k): str(v) for k, v in data["languages"].items()}
    return _Rules(domain, suffixes, hosts, currencies, languages)


def _code_of(host: str) -> str | None:
    rules = _rules()
    host = host.lower()
    for name, code in rules.hosts.items():
        if host.endswith(name):
            return code
    suffix = host.split("amazon.", 1)[-1]
    return rules.suffixes.get(suffix)


def _hosts(text: str, domain: re.Pattern[str]) -> list[str]:
    """The Amazon hosts in ``text``: each run of host characters is cut at the last "amazon."
    and matched whole, so no pattern ever backtracks over a long run."""
    found = []
    for run in _HOST_RUN.finditer(text):
        candidate = run.group().strip(".-")
        at = candidate.lower().rfind("amazon.")
        if at < 0:
            continue
        start = candidate.rfind(".", 0, max(0, at - 1)) if at else -1
        # Keep the labels in front of "amazon." (sellercentral-europe.amazon.com).
        host = candidate[start + 1 :] if start >= 0 and at - start > 64 else candidate
        tail = host[host.lower().rfind("amazon.") :]
        host = host[: len(host) - len(tail)] + tail.split("/")[0]
        if domain.match(host):
            found.append(host)
    return found


def detect_marketplace(text: str, sender: str | None, language: str) -> str | None:
    """Two-letter marketplace code (``US``, ``UK``, ``DE`` ...) or None when nothing tells.

    >>> detect_marketplace("You may not sell on Amazon.de any more.", None, "en")
    'DE'
    """
    rules = _rules()
    scores: dict[str, float] = {}
    body = _EMAIL.sub(" ", text)
    for host in _hosts(body, rules.domain):
        code = _code_of(host)
        if code is None:
            continue
        weight = _DOTCOM_WEIGHT if host.lower().endswith("amazon.com") else _DOMAIN_WEIGHT
        scores[code] = scores.get(code, 0.0) + weight
    if sender:
        at = sender.rfind("@")
        if at >= 0:
            code = _code_of(sender[at + 1 :].strip(" <>;,\"'"))
            if code and code != "US":
                scores[code] = scores.get(code, 0.0) + _SENDER_WEIGHT
    for pattern, code in rules.currencies:
        if pattern.search(text):
            scores[code] = scores.get(code, 0.0) + _CURRENCY_WEIGHT
    language_code = rules.languages.get(language)
    if language_code:
        scores[language_code] = scores.get(language_code, 0.0) + _LANGUAGE_WEIGHT
    if not scores:
        return None
    # Help links on sellercentral.amazon.com appear in notices of every marketplace: a store
    # domain, currency or language outranks any number of .com links.
    best = max(scores.items(), key=lambda item: item[1] if item[0] != "US" else min(item[1], 2.9))
    return best[0]
