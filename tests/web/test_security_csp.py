"""A strict Content-Security-Policy holds only if no page carries inline script or style.

Three nets: every template's source, every static script of ours, and every page (and htmx
fragment) a signed-in owner of the demo case reaches by following links, each with the policy
header. Inline means a <script> without src, a <style> element, a style="" attribute, an on...=
handler, htmx's hx-on / hx-vars / js: values (evaluated script) or a javascript: URL.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from reinstate_web.accounts.models import User
from reinstate_web.analysis import runner
from reinstate_web.cases.demo import DEMO_EMAIL, load_demo
from reinstate_web.cases.models import Case
from tests.web.conftest import client_for

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "src" / "reinstate_web"
TEMPLATES = sorted((WEB / "templates").rglob("*.html"))
OUR_SCRIPTS = sorted((WEB / "static" / "reinstate").glob("*.js"))

# What a template's source may not hold (Django tags inside tags rule out an HTML parser here).
TEMPLATE_PATTERNS = {
    "inline <script>": re.compile(r"<script\b(?![^>]*\bsrc\s*=)[^>]*>", re.IGNORECASE),
    "<style> element": re.compile(r"<style\b", re.IGNORECASE),
    "style attribute": re.compile(r"""[\s"'}]style\s*=""", re.IGNORECASE),
    "event handler attribute": re.compile(r"""[\s"'}]on[a-z]+\s*=\s*["'{]""", re.IGNORECASE),
    "htmx script attribute": re.compile(r"\b(?:data-)?hx-(?:on\b|on[:-]|vars\b)", re.IGNORECASE),
    "evaluated htmx value": re.compile(r"""hx-(?:vals|headers)\s*=\s*["']\s*js:""", re.I),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
}
# What a script of ours may not do: write a style attribute or markup, or evaluate text.
SCRIPT_PATTERNS = {
    "style attribute": re.compile(r"""setAttribute\(\s*["']style|\.style\.cssText|\bstyle\s*="""),
    "markup with style": re.compile(r"<style|style=", re.IGNORECASE),
    "evaluated text": re.compile(r"\beval\(|new Function\(|setTimeout\(\s*[\"']"),
}


def inline_in_template(text: str) -> list[str]:
    return [name for name, pattern in TEMPLATE_PATTERNS.items() if pattern.search(text)]


def inline_in_script(text: str) -> list[str]:
    return [name for name, pattern in SCRIPT_PATTERNS.items() if pattern.search(text)]


class _InlineFinder(HTMLParser):
    """Inline script and style in rendered HTML, and the same-site links and htmx GETs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.links: list[str] = []
        self.htmx_config = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = {name.lower(): value or "" for name, value in attrs}
        if tag == "script" and not named.get("src"):
            self.found.append("inline <script>")
        if tag == "style":
            self.found.append("<style> element")
        if tag == "meta" and named.get("name") == "htmx-config":
            self.htmx_config = named.get("content", "")
        for name, value in named.items():
            if name == "style":
                self.found.append(f"style attribute on <{tag}>")
            elif name.startswith("on"):
                self.found.append(f"{name} handler on <{tag}>")
            elif re.match(r"(data-)?hx-(on|vars)", name):
                self.found.append(f"{name} on <{tag}>")
            elif name.startswith(("hx-vals", "data-hx-vals")) and value.strip().startswith("js:"):
                self.found.append(f"evaluated {name} on <{tag}>")
            elif value.strip().lower().startswith("javascript:"):
                self.found.append(f"javascript: URL in {name} on <{tag}>")
        for name in ("href", "hx-get"):
            if named.get(name):
                self.links.append(named[name])


def inline_in_page(html: str) -> list[str]:
    finder = _InlineFinder()
    finder.feed(html)
    return finder.found


# --- Templates and scripts ---------------------------------------------------------------------


def test_it_finds_templates_and_scripts_to_check() -> None:
    assert len(TEMPLATES) > 30
    assert {p.name for p in OUR_SCRIPTS} >= {"app.js", "drafting.js"}


@pytest.mark.parametrize(
    "sample",
    [
        "<script>alert(1)</script>",
        '<div style="color: red">',
        "<style>.a{}</style>",
        '<button onclick="go()">',
        '<form hx-on:submit="x()">',
        '<form hx-on::after-request="x()">',
        """<div hx-vals='js:{a: 1}'>""",
        '<a href="javascript:go()">',
        '<p{% if x %} style="x"{% endif %}>',
    ],
)
def test_it_recognises_inline_script_and_style_in_a_template(sample: str) -> None:
    assert inline_in_template(sample)
    assert inline_in_page(sample.replace("{% if x %}", "").replace("{% endif %}", ""))


def test_it_accepts_external_scripts_and_htmx_attributes() -> None:
    ok = (
        '<script src="/static/app.js" defer></script>'
        '<div hx-get="/x" hx-vals=\'{"question": "q1"}\' hx-trigger="every 2s" class="onward">'
        '<p data-copy="box" data-onward="1">Only one of them.</p>'
    )
    assert inline_in_template(ok) == []
    assert inline_in_page(ok) == []


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(WEB)))
def test_it_keeps_inline_script_and_style_out_of_every_template(template: Path) -> None:
    assert inline_in_template(template.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("script", OUR_SCRIPTS, ids=lambda p: p.name)
def test_it_keeps_our_scripts_from_writing_styles_or_evaluating_text(script: Path) -> None:
    assert inline_in_script(script.read_text(encoding="utf-8")) == []


def test_it_recognises_a_script_that_writes_a_style_attribute() -> None:
    assert inline_in_script('box.setAttribute("style", "display:none")')
    assert inline_in_script("el.insertAdjacentHTML('beforeend', '<style>.a{}</style>')")
    assert inline_in_script("setTimeout('go()', 10)")


# --- Pages ---------------------------------------------------------------------------------------


@pytest.fixture
def demo(db: None, monkeypatch: pytest.MonkeyPatch) -> tuple[Case, Client]:
    monkeypatch.setattr(runner, "CHART_LANGS", ())  # no matplotlib: pages only
    case, _created = load_demo()
    return case, client_for(User.objects.get(email=DEMO_EMAIL))


def _crawl(client: Client, start: list[str], limit: int = 80) -> dict[str, object]:
    """Every same-site page reached by GET from ``start`` (links and htmx GETs), by path."""
    seen: dict[str, object] = {}
    queue = list(start)
    while queue and len(seen) < limit:
        url = queue.pop(0)
        path = urlsplit(url).path
        if path in seen or path.startswith(("/static/", "/admin/", "/i18n/", "/favicon")):
            continue
        response = client.get(url)
        seen[path] = response
        if "text/html" not in response.get("Content-Type", ""):
            continue
        finder = _InlineFinder()
        finder.feed(response.content.decode())
        for link in finder.links:
            target = urljoin(url, link)
            parts = urlsplit(target)
            if not parts.netloc and parts.path.startswith("/"):
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return seen


def test_it_serves_every_page_and_download_of_the_demo_case_with_the_policy_and_no_inline_code(
    demo: tuple[Case, Client],
) -> None:
    case, client = demo
    pages = _crawl(client, [reverse("cases:dashboard")])
    notice = case.notices.get()
    must = {
        reverse("cases:dashboard"),
        reverse("cases:detail", kwargs={"pk": case.pk}),
        reverse("notices:detail", kwargs={"pk": case.pk, "notice_id": notice.pk}),
        reverse("drafting:version", kwargs={"pk": case.pk}),
        reverse("accounts:team"),
        reverse("accounts:profile"),
    }
    assert must <= set(pages), sorted(pages)
    downloads = [
        path
        for path, response in pages.items()
        if "attachment" in response.get("Content-Disposition", "")  # type: ignore[attr-defined]
    ]
    assert len(downloads) >= 3, sorted(pages)  # letters, exports, the notice's original
    problems: dict[str, object] = {}
    for path, response in pages.items():
        policy = response.get("Content-Security-Policy", "")  # type: ignore[attr-defined]
        caching = response.get("Cache-Control", "")  # type: ignore[attr-defined]
        if caching != "private, no-store":  # seller data: kept out of every cache
            problems[path] = f"Cache-Control: {caching!r}"
        elif "script-src 'self'" not in policy or "style-src 'self'" not in policy:
            problems[path] = f"policy: {policy!r}"
        elif "unsafe" in policy:
            problems[path] = f"loosened policy: {policy!r}"
        elif "text/html" in response.get("Content-Type", ""):  # type: ignore[attr-defined]
            found = inline_in_page(response.content.decode())  # type: ignore[attr-defined]
            if found:
                problems[path] = found
    assert problems == {}


def test_it_sends_the_policy_on_the_sign_in_page_and_on_errors(client: Client, db: None) -> None:
    for response in (client.get(reverse("accounts:login")), client.get("/no-such-page/")):
        policy = response["Content-Security-Policy"]
        assert "default-src 'self'" in policy
        assert "object-src 'none'" in policy
        assert "frame-ancestors 'none'" in policy
        assert "base-uri 'none'" in policy
        assert inline_in_page(response.content.decode()) == []


def test_it_tells_htmx_not_to_inject_styles_or_evaluate_script(
    demo: tuple[Case, Client],
) -> None:
    import json

    _case, client = demo
    finder = _InlineFinder()
    finder.feed(client.get(reverse("cases:dashboard")).content.decode())
    config = json.loads(finder.htmx_config)
    assert config["includeIndicatorStyles"] is False
    assert config["allowEval"] is False
    assert config["allowScriptTags"] is False
    css = (WEB / "static" / "reinstate" / "app.css").read_text(encoding="utf-8")
    assert ".htmx-request .htmx-indicator" in css  # the indicator htmx no longer injects
