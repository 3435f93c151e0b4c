"""Compose the appeal: choose the parts, fill them with the case's facts, lay out the letter.

>>> from reinstate.compose import CaseFacts, compose
>>> appeal = compose(CaseFacts(category="ip_trademark", asins=("B0C1234567",)))
>>> "B0C1234567" in appeal.letter
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from reinstate.compose.appeal import (
    SECTION_NAMES,
    Appeal,
    Attachment,
    Block,
    Mirror,
    Section,
)
from reinstate.compose.facts import CaseFacts, Choices
from reinstate.compose.fitting import fit
from reinstate.compose.kb import CategoryKnowledge, KnowledgeBase, Part, Variant
from reinstate.compose.letter import layout, section_text
from reinstate.compose.options import evidence_ids, options
from reinstate.compose.questions import open_questions
from reinstate.compose.render import Rendered, render
from reinstate.compose.select import (
    CauseChoice,
    Selection,
    answer_values,
    select,
    wants_dispute,
)
from reinstate.compose.slots import Missing, Resolver, Value
from reinstate.compose.text import LANGS, MIRROR_LANGS, Text, has_chinese
from reinstate.errors import InputError

IN_LETTER_EXCLUDED = ("plan_of_action",)
# Answers every action or measure carries (its date, owner): they do not make one worth keeping.
_EVERY_PART = frozenset({"action_date", "start_date", "owner_role"})


class _Builder:
    """Collects the letter's blocks and every value and gap met on the way."""

    def __init__(
        self,
        resolver: Resolver,
        picks: Choices | None,
        disputed: bool,
        confirmed: Choices | None = None,
    ) -> None:
        self.resolver = resolver
        self.picks = picks
        self.disputed = disputed
        self.confirmed = confirmed or Choices()
        self.common = resolver.kb.common
        self.blocks: list[Block] = []
        self.values: dict[str, Value] = {}
        self.missing: list[tuple[Missing, str, bool]] = []
        self.suggested: list[str] = []
        self.answered: list[str] = []

    def is_confirmed(self, kind: str, ident: str) -> bool:
        """The seller picked or confirmed this action or measure (the composer's own picks are
        suggestions)."""
        return ident in (self.confirmed.confirmed_ids() or ())

    def suggestion(self, part: str, kind: str, item: Part) -> None:
        """An action or measure, marked as a suggestion until the seller confirms it."""
        before = len(self.blocks)
        self.part(part, "item", item, "-")
        if self.is_confirmed(kind, item.id):
            return
        self.suggested.append(f"{kind}:{item.id}")
        mark = self.common.text("suggestion_marker")
        for index in range(before, len(self.blocks)):
            block = self.blocks[index]
            marked = Text(*(f"{mark.get(lang)} {block.text.get(lang)}" for lang in LANGS))
            self.blocks[index] = replace(block, text=marked)

    def keep(self, rendered: Rendered, part: str) -> None:
        for value in rendered.values:
            self.values.setdefault(value.slot, value)
        self.missing.extend((m, part, False) for m in rendered.missing)
        self.missing.extend((m, part, True) for m in rendered.optional)

    def add(self, part: str, kind: str, text: Text, number: str = "") -> None:
        self.blocks.append(Block(part, kind, text, number))

    def heading(self, part: str, key: str) -> None:
        self.add(part, "heading", self.common.headings[key])

    def text(
        self,
        part: str,
        kind: str,
        text: Text,
        *,
        fallback: Text | None = None,
        number: str = "",
        internal: dict[str, Text] | None = None,
    ) -> None:
        """Render ``text`` (once per ASIN when it uses ``{asin}``) and add it."""
        asins = self.resolver.asins if "asin" in text.slots else ()
        for index, asin in enumerate(asins or (None,)):
            rendered = render(text, self.resolver, fallback=fallback, asin=asin, internal=internal)
            self.keep(rendered, part)
            self.add(part, kind, rendered.text, number if index == 0 or kind != "item" else "-")

    def part(self, part: str, kind: str, item: Part, number: str = "") -> None:
        self.text(part, kind, item.text, fallback=item.fallback, number=number)

    def variant(self, part: str, variant: Variant) -> None:
        self.text(part, "paragraph", variant.text, fallback=variant.fallback)


def _mirror_lang(lang: str) -> str:
    if lang not in MIRROR_LANGS:
        raise InputError(f"Unknown mirror language `{lang}`: use zh-hans or zh-hant.")
    return lang


def _groups(
    b: _Builder,
    category: CategoryKnowledge,
    causes: Sequence[CauseChoice],
    part: str,
    kind: str,
) -> None:
    """The actions (or measures) of every root cause, under a line naming the cause."""
    table = category.actions if kind == "actions" else category.preventions
    several = len(causes) > 1
    for number, choice in enumerate(causes, start=1):
        ids = choice.actions if kind == "actions" else choice.preventions
        ref = choice.actions_ref if kind == "actions" else choice.preventions_ref
        if several:
            b.text(
                part,
                "group",
                b.common.text("cause_group"),
                internal={"ref": Text.plain(str(number)), "title": choice.cause.title},
            )
        for ident in ids:
            b.suggestion(part, kind, table[ident])
        if not ids and ref is not None:
            b.text(
                part,
                "item",
                b.common.text("cross_reference", kind),
                number="-",
                internal={"ref": Text.plain(str(ref))},
            )


def _answers(b: _Builder, facts: CaseFacts, part: str) -> None:
    """The paragraphs that answer what Amazon's last answer asked for, at the end of their box
    (after the causes, actions or measures they point at)."""
    table = b.resolver.kb.reviewer_asks
    for code in facts.asks:
        ask = table.ask(code)
        if ask.section == part and code not in b.answered:
            b.add(part, "paragraph", ask.paragraph)
            b.answered.append(code)


def _opening(b: _Builder, category: CategoryKnowledge, facts: CaseFacts) -> None:
    b.add("reference", "greeting", category.greeting or b.common.text("greeting"))
    for line in b.common.reference:
        rendered = render(line, b.resolver)
        if rendered.missing:  # a reference line without its value is left out
            continue
        b.keep(rendered, "reference")
        b.add("reference", "reference", rendered.text)


def _admitted(b: _Builder, category: CategoryKnowledge, sel: Selection, facts: CaseFacts) -> None:
    # The opening (what was hit, the one admission) stands before the first heading: it is no
    # root cause of its own, and it still opens the root-cause box of the form.
    if facts.scope == "listing":
        b.text("opening", "paragraph", category.listing_level or b.common.text("listing_level"))
    b.variant("opening", sel.admission)
    b.heading("root_cause", "root_cause")
    several = len(sel.causes) > 1
    for number, choice in enumerate(sel.causes, start=1):
        cause = choice.cause
        b.text(
            "root_cause",
            "paragraph",
            cause.text,
            fallback=cause.fallback,
            number=f"{number}." if several else "",
        )
    _answers(b, facts, "root_cause")
    b.heading("corrective_actions", "corrective_actions")
    _groups(b, category, sel.causes, "corrective_actions", "actions")
    _answers(b, facts, "corrective_actions")
    b.heading("preventive_measures", "preventive_measures")
    _groups(b, category, sel.causes, "preventive_measures", "preventions")
    _answers(b, facts, "preventive_measures")


def _disputed(b: _Builder, category: CategoryKnowledge, sel: Selection, facts: CaseFacts) -> None:
    """The "deactivated in error" letter: compliance shown with evidence, no admission."""
    if facts.scope == "listing":
        b.text("opening", "paragraph", category.listing_level or b.common.text("listing_level"))
    b.add("root_cause", "heading", b.common.headings["in_error_statement"])
    statement = _in_error_statement(category, facts)
    if statement is not None:
        b.text("root_cause", "paragraph", statement)
    _answers(b, facts, "root_cause")
    b.add("corrective_actions", "heading", b.common.headings["in_error_evidence"])
    b.text("corrective_actions", "paragraph_intro", b.common.text("in_error_evidence_intro"))
    for number, evidence in enumerate(_evidence(category, facts, b.picks), start=1):
        b.text("corrective_actions", "item", evidence, number=f"{number}.")
    _answers(b, facts, "corrective_actions")
    b.add("preventive_measures", "heading", b.common.headings["in_error_controls"])
    seen: list[str] = []
    for choice in sel.causes:
        seen.extend(p for p in choice.preventions if p not in seen)
    for ident in seen:
        b.suggestion("preventive_measures", "preventions", category.preventions[ident])
    _answers(b, facts, "preventive_measures")


def _in_error_statement(category: CategoryKnowledge, facts: CaseFacts) -> Text | None:
    """The first variant whose answers the seller gave (e.g. invoices covering only part of the
    sales), else the category's statement."""
    for variant in category.in_error.variants:
        if all(
            set(answer_values(facts.answers.get(question))) & set(wanted)
            for question, wanted in variant.answers.items()
        ):
            return variant.text
    return category.in_error.text


def _evidence(category: CategoryKnowledge, facts: CaseFacts, picks: Choices | None) -> list[Text]:
    """The evidence items of the dispute: all of them, or the ones the seller kept."""
    items = dict(zip(evidence_ids(category), category.in_error.evidence, strict=True))
    if picks is None or picks.evidence is None:
        return list(items.values())
    unknown = [i for i in picks.evidence if i not in items]
    if unknown:
        raise InputError(f"Unknown evidence id(s) {', '.join(unknown)} for this category.")
    return [items[i] for i in picks.evidence]


def _attachments(category: CategoryKnowledge, facts: CaseFacts, b: _Builder) -> list[Attachment]:
    rules = {d.code.value: d for d in category.documents}
    table = b.resolver.kb.reviewer_asks
    # A document Amazon's last answer asks for is requested as much as one of the notice's.
    asked = [d for d in (table.ask(code).document for code in facts.asks) if d]
    requested_documents = tuple(dict.fromkeys([*facts.requested_documents, *asked]))
    codes = list(dict.fromkeys([*requested_documents, *rules]))
    found: list[Attachment] = []
    for code in codes:
        rule = rules.get(code)
        requested = code in requested_documents
        required = bool(rule and rule.required)
        title = b.common.documents.get(code) or b.common.documents["other"]
        found.append(
            Attachment(
                code=code,
                title=title,
                required=required,
                requested=requested,
                in_letter=code not in IN_LETTER_EXCLUDED and (requested or required),
                rule=None if rule is None else rule.rule,
                checks={} if rule is None else dict(rule.checks),
            )
        )
    return found


def with_files(title: Text, names: tuple[str, ...]) -> Text:
    """A document's title with the files that carry it ("Supplier invoices: 01-invoice-x.pdf")."""
    if not names:
        return title
    listed = ", ".join(names)
    return Text(f"{title.en}: {listed}", f"{title.zh_hans}：{listed}", f"{title.zh_hant}：{listed}")


def _closing(
    b: _Builder, sel: Selection, category: CategoryKnowledge, docs: list[Attachment]
) -> None:
    asins = b.resolver.asins
    orders = b.resolver.notice_order_ids
    if asins or orders:
        b.heading("asins", "asins_orders" if orders else "asins")
    if orders:
        b.text("asins", "paragraph", b.common.text("asins", "orders"))
    if asins:
        intro = {1: "intro_one", 2: "intro_two"}.get(len(asins), "intro")
        b.text("asins", "paragraph_intro", b.common.text("asins", intro))
        for asin in asins:
            cases = b.resolver.asin_cases(asin)
            key = "evidence" if b.disputed else "with_cases" if cases else "plain"
            line = b.common.text("asins", key)
            internal = {"asin_cases": Text.plain(f"{cases:,}")}
            rendered = render(line, b.resolver, asin=asin, internal=internal)
            b.keep(rendered, "asins")
            b.add("asins", "item", rendered.text, "-")
    if sel.plan:
        b.heading("operating_plan", "operating_plan")
        for item in sel.plan:
            b.part("operating_plan", "item", item, "-")
    files = b.resolver.facts.evidence_files
    listed = [d for d in docs if d.in_letter or files.get(d.code)]
    if listed:
        b.heading("attachments", "attachments")
        b.text("attachments", "paragraph_intro", b.common.text("attachments_intro"))
        for number, doc in enumerate(listed, start=1):
            title = with_files(doc.title, files.get(doc.code, ()))
            b.add("attachments", "item", title, f"{number}.")
    b.variant("closing", sel.commitment)
    b.add("closing", "closing", b.common.text("closing"))
    b.text(
        "closing", "signature", b.common.text("signature"), fallback=b.common.fallback("signature")
    )


def compose(
    facts: CaseFacts,
    *,
    lang: str = "zh-hans",
    choices: Choices | None = None,
    kb: KnowledgeBase | None = None,
) -> Appeal:
    """The appeal for ``facts``, with its mirror in ``lang`` (``zh-hans`` or ``zh-hant``).

    ``choices`` (else ``facts.choices``) overrides the composer's picks. When the seller has not
    picked the actions or measures and a form section is over its limit, the composer leaves
    out extra actions (never a root cause's last own one) until it fits. Deterministic: the same
    facts and choices give the same appeal.
    """
    mirror_lang = _mirror_lang(lang)
    base = kb or KnowledgeBase.default()
    seller = choices or facts.choices
    picks = seller
    appeal, sel = _compose(facts, picks, base, mirror_lang, seller)
    category = base.category(facts.category)

    def carries(kind: str, ident: str) -> bool:
        """The part states one of the seller's answers (kept while another part can go)."""
        table = category.actions if kind == "actions" else category.preventions
        part = table.get(ident)
        if part is None:
            return False
        for name in part.text.slots:
            decl = base.slot(name, category)
            if (
                decl is not None
                and decl.kind == "answer"
                and decl.key not in _EVERY_PART
                and facts.answers.get(decl.key) not in (None, "", [], ())
            ):
                return True
        return False

    while (
        smaller := fit(appeal, sel, seller or Choices(), picks or Choices(), carries)
    ) is not None:
        picks = smaller
        appeal, sel = _compose(facts, picks, base, mirror_lang, seller)
    return appeal


def confirmed_choices(appeal: Appeal, picks: Choices | None = None) -> Choices:
    """The seller's confirmation of the appeal as it stands: every action and measure it suggests
    becomes one the seller says they took (the suggestion marks disappear); picks are kept.

    >>> from reinstate.compose.facts import CaseFacts
    >>> draft = compose(CaseFacts(category="pricing", asins=("B0C1234567",)))
    >>> "[Suggested" in compose(CaseFacts(category="pricing", asins=("B0C1234567",)),
    ...                          choices=confirmed_choices(draft)).letter
    False
    """
    kept = picks or Choices()
    suggested = tuple(s.partition(":")[2] for s in appeal.suggested)
    return replace(kept, confirmed=tuple(dict.fromkeys((*(kept.confirmed or ()), *suggested))))


def _compose(
    facts: CaseFacts,
    picks: Choices | None,
    base: KnowledgeBase,
    mirror_lang: str,
    confirmed: Choices | None = None,
) -> tuple[Appeal, Selection]:
    category = base.category(facts.category)
    resolver = Resolver(base, category, facts)
    common = base.common
    sel = select(
        category,
        facts,
        picks,
        admissions=common.admissions,
        commitments=common.commitments,
        max_root_causes=common.max_root_causes,
        number=resolver.number,
    )
    disputed = wants_dispute(facts) and category.in_error.applies
    b = _Builder(resolver, picks, disputed, confirmed)
    _opening(b, category, facts)
    (_disputed if disputed else _admitted)(b, category, sel, facts)
    docs = _attachments(category, facts, b)
    _closing(b, sel, category, docs)
    blocks = tuple(b.blocks)
    letter = layout(blocks, "en")
    if has_chinese(letter):  # pragma: no cover - every value is checked on the way in
        raise InputError("The letter would contain Chinese text; this is a bug in the composer.")
    limits = common.form_limits.limits
    sections = {}
    for name in SECTION_NAMES:
        text = section_text(blocks, name)
        sections[name] = Section(text, len(text), limits[name])
    notes: list[Text] = []
    if category.appeal_note is not None:
        notes.append(category.appeal_note)
    return Appeal(
        category=category.code.value,
        lang=mirror_lang,
        in_error=disputed,
        sections=sections,
        letter=letter,
        mirror=Mirror(
            mirror_lang,
            tuple((blk.text.en, blk.text.get(mirror_lang)) for blk in blocks),
            tuple(blk.part if blk.kind != "heading" else "heading" for blk in blocks),
            tuple(blk.number for blk in blocks),
        ),
        blocks=blocks,
        facts_used=tuple(b.values.values()),
        open_questions=open_questions(resolver, b.missing, b.values, facts, disputed),
        attachments=tuple(docs),
        options=options(resolver, category, sel, picks),
        notes=tuple(notes),
        suggested=tuple(b.suggested),
        answered=tuple(b.answered),
    ), sel
