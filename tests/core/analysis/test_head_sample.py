"""The format sample of a file's head, split only as far as it needs, is the sample of the whole
head: the same first rows, lines and cells."""

from __future__ import annotations

import random

from reinstate.analysis.text_rows import exact_read, head_rows

HEADERS = ["order-id", "sku", "quantity", "ship-date"]
MAPPING = {"order_id": "order-id", "sku": "sku", "quantity": "quantity"}


def _line(rng: random.Random) -> str:
    kind = rng.choice(["row"] * 8 + ["blank", "spaces", "short", "long", "crlf"])
    cells = [f"{rng.randrange(10**6)}", f" S{rng.randrange(9)} ", rng.choice(["1", "", "--"]), "d"]
    if kind == "blank":
        return ""
    if kind == "spaces":
        return "  "
    if kind == "short":
        return "\t".join(cells[: rng.randrange(1, 4)])
    if kind == "long":
        return "\t".join([*cells, "extra"])
    return "\t".join(cells) + ("\r" if kind == "crlf" else "")


def test_the_head_sample_split_only_as_needed_is_the_whole_heads() -> None:
    """Heads with blank, short, long and CRLF lines, a title line above the header or none,
    fewer or more lines than the sample needs (fails when the short cut keeps a blank or
    too-long line's place, or stops a line early)."""
    rng = random.Random(7)
    for case in range(300):
        index = rng.choice([0, 0, 1])
        rows = rng.choice([1, 5, 20])
        above = ["Report title"] if index else []
        lines = [*above, "\t".join(HEADERS)] + [_line(rng) for _ in range(rng.randrange(40))]
        text = "\n".join(lines) + "\n"
        whole = exact_read(text, "\t", index, HEADERS, MAPPING, None).head(rows)
        sample = head_rows(text, "\t", index, HEADERS, MAPPING, rows)
        assert sample.rows() == whole.rows(), case
        assert sample.schema == whole.schema, case


def test_a_csv_head_is_read_whole() -> None:
    """CSV cells may hold line breaks inside quotes: its head is not cut at a line."""
    text = 'order-id,sku,quantity,ship-date\n1,"S\n1",2,d\n2,S2,1,d\n'
    whole = exact_read(text, ",", 0, HEADERS, MAPPING, None).head(1)
    assert head_rows(text, ",", 0, HEADERS, MAPPING, 1).rows() == whole.rows()
    assert whole.rows()[0][2] == "S\n1"
