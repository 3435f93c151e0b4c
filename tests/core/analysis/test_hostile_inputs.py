"""Hostile and careless exports (issue 13): every one is refused with what was wrong and the
limit, or read correctly; none costs more than a bounded amount of memory; one bad file never
stops the others from being analysed; the command line prints one line, never a traceback.

Inputs are written into ``tmp_path`` by ``hostile_files`` (bombs are made in a second from one
compressed block). Memory is measured as a user meets it: ``reinstate analyze`` runs as its own
process and its peak resident size (``ru_maxrss``, see ``hostile_files.measure``) is compared
with a bound.
"""

from __future__ import annotations

import gzip
import json
import sys
import zipfile
from pathlib import Path

import pytest

from reinstate.analysis import NothingUsable, ReadLimits, Refused, analyze, detect_report
from reinstate.analysis.limits import MB
from reinstate.analysis.reader import read_file

from . import hostile_files as hf
from .conftest import FIXTURES

BOUND_MB = 500  # peak resident memory allowed for analysing any hostile file


def run_cli(*args: str, timeout: float = 120) -> hf.Measured:
    """``reinstate ARGS`` in its own process: exit status, output and peak memory (MB)."""
    return hf.measure([sys.executable, "-m", "reinstate.cli.main", *args], timeout=timeout)


def assert_refused_in_one_line(run: hf.Measured, *words: str) -> None:
    assert run.status == 2, run.stderr[-2000:]
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr[-2000:]
    assert lines[0].startswith("reinstate: error: ")
    for word in words:
        assert word in lines[0]
    assert "Traceback" not in run.stderr


def refusal(path: Path, limits: ReadLimits | None = None) -> Refused:
    with pytest.raises(Refused) as caught:
        read_file(path, limits or ReadLimits())
    return caught.value


# -- decompression bombs ------------------------------------------------------------------------


def test_it_refuses_a_gzip_bomb_early_and_stays_within_the_memory_bound(tmp_path: Path) -> None:
    bomb = hf.write_gzip_bomb(tmp_path / "All Orders.txt.gz", 2048 * MB)
    assert bomb.stat().st_size < 16 * MB

    run = run_cli("analyze", "--json", str(bomb))

    assert_refused_in_one_line(run, "All Orders.txt.gz", "expands more than 100 times")
    assert run.peak_mb < BOUND_MB


def test_it_refuses_a_gzip_past_the_expanded_limit_with_both_sizes(tmp_path: Path) -> None:
    export = hf.write_ordinary_gzip(tmp_path / "orders.txt.gz", 3 * MB)
    refused = refusal(export, ReadLimits(expanded_bytes=1 * MB))
    assert refused.code == "expanded_too_large"
    assert refused.facts["size"] == export.stat().st_size
    assert refused.facts["limit"] == 1 * MB
    assert refused.facts["expanded"] > 1 * MB
    assert "1.0 MB" in refused.message
    assert f"{export.stat().st_size / 1024:,.0f} KB" in refused.message


def test_it_reads_every_member_of_a_gzip_within_the_limits(tmp_path: Path) -> None:
    rows = b"".join(hf.ordinary_blocks(200_000))
    header, body = rows.split(b"\n", 1)
    cut = body.index(b"\n", len(body) // 2) + 1
    path = tmp_path / "orders.txt.gz"
    path.write_bytes(gzip.compress(header + b"\n" + body[:cut]) + gzip.compress(body[cut:]))

    source = analyze([path]).sources[0]

    assert source.kind == "all_orders"
    assert source.refused is None
    assert source.rows_read == body.count(b"\n")


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (lambda: gzip.compress(b"order-id\tsku\n1\tA\n")[:-12], "damaged"),
        (lambda: gzip.compress(gzip.compress(b"order-id\tsku\n")), "nested_archive"),
        (lambda: gzip.compress(b"order-id\tsku\n") + b"garbage after the end", "damaged"),
    ],
    ids=["cut short", "gzip inside gzip", "trailing garbage"],
)
def test_it_refuses_a_broken_or_nested_gzip(tmp_path: Path, content: object, code: str) -> None:
    path = tmp_path / "report.txt.gz"
    path.write_bytes(content())  # type: ignore[operator]
    assert refusal(path).code == code


def test_it_refuses_a_workbook_whose_sheet_expands_past_the_limit(tmp_path: Path) -> None:
    bomb = hf.write_workbook(tmp_path / "Orders.xlsx", 300 * MB, repeat=True)
    assert bomb.stat().st_size < 4 * MB

    run = run_cli("analyze", "--json", str(bomb))

    assert_refused_in_one_line(run, "Orders.xlsx", "256 MB")
    assert run.peak_mb < BOUND_MB
    refused = refusal(bomb)
    assert refused.code == "workbook_too_large"
    assert refused.facts["expanded"] > 256 * MB  # the size the zip directory declares


def test_it_refuses_a_workbook_whose_zip_directory_lies_about_sizes(tmp_path: Path) -> None:
    bomb = hf.write_lying_workbook(tmp_path / "Orders.xlsx", 300 * MB)

    run = run_cli("analyze", "--json", str(bomb))

    assert_refused_in_one_line(run, "Orders.xlsx", "damaged")
    assert run.peak_mb < BOUND_MB


def test_it_survives_a_workbook_with_two_cells_a_million_rows_apart(tmp_path: Path) -> None:
    # calamine holds the sheet as a dense grid: A1 to XFD1048576 asks for 550 GB and aborts.
    path = tmp_path / "sparse.xlsx"
    far = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    _workbook_with_sheet(path, hf._xml_row(list(hf.ORDERS_HEADER)) + far)

    run = run_cli("analyze", "--json", str(path))

    assert_refused_in_one_line(run, "sparse.xlsx", "memory")
    assert run.peak_mb < BOUND_MB


def _workbook_with_sheet(path: Path, rows: str) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("[Content_Types].xml", hf._CONTENT_TYPES)
        book.writestr("_rels/.rels", hf._ROOT_RELS)
        book.writestr("xl/workbook.xml", hf._WORKBOOK)
        book.writestr("xl/_rels/workbook.xml.rels", hf._WORKBOOK_RELS)
        book.writestr("xl/worksheets/sheet1.xml", hf._SHEET_HEAD + rows + hf._SHEET_TAIL)


def test_it_still_reads_an_ordinary_workbook_through_its_own_process(tmp_path: Path) -> None:
    book = hf.write_workbook(tmp_path / "Orders.xlsx", 2 * MB)
    with zipfile.ZipFile(book) as parts:
        rows = parts.read("xl/worksheets/sheet1.xml").count(b"<row>") - 1
    source = analyze([book]).sources[0]
    assert source.kind == "all_orders"
    assert source.refused is None
    assert source.rows_read == rows


def test_it_refuses_a_zip_of_ten_thousand_entries_before_listing_them(tmp_path: Path) -> None:
    path = hf.write_zip_with_many_entries(tmp_path / "orders.zip", 10_000)
    refused = refusal(path)
    assert refused.code == "too_many_members"
    assert refused.facts == {"count": 10_000, "limit": 1_000}
    assert "10,000" in refused.message


@pytest.mark.parametrize("member", ["../../etc/cron.d/x", "/etc/passwd", "C:\\evil.txt"])
def test_it_refuses_a_workbook_with_names_that_point_outside_it(
    tmp_path: Path, member: str
) -> None:
    path = tmp_path / "Orders.xlsx"
    hf.write_workbook(path, 10_000)
    with zipfile.ZipFile(path, "a") as book:
        book.writestr(member, b"x")
    refused = refusal(path)
    assert refused.code == "unsafe_member"
    assert refused.facts["member"] == member


def test_it_asks_to_unpack_a_zip_of_exports(tmp_path: Path) -> None:
    exports = {"All Orders.txt": b"".join(hf.ordinary_blocks(10_000))}
    path = hf.write_zip_of_exports(tmp_path / "exports.zip", exports)
    refused = refusal(path)
    assert refused.code == "zip_archive"
    assert "All Orders.txt" in refused.message


# -- encodings ----------------------------------------------------------------------------------

_ZH_TITLES = ("陶瓷马克杯 350 毫升 白色", "不锈钢茶漏", "护眼台灯", "亚麻抱枕套 灰色", "保温水杯")
_JA_TITLES = (
    "セラミックマグカップ",
    "ステンレス製 茶こし",
    "デスクライト",
    "クッションカバー",
    "水筒",
)


def _orders(titles: tuple[str, ...], *, every: int, rows: int, start: int = 0) -> str:
    """All Orders with local titles on every ``every``-th row from ``start`` (English titles
    elsewhere), as a Chinese or Japanese seller's file looks: English headers, local words."""
    import random

    rng = random.Random(4)
    lines = ["\t".join(hf.ORDERS_HEADER)]
    for number in range(1, rows + 1):
        row = hf.order_row(number, rng)
        if number >= start and number % every == 0:
            row[8] = titles[number % len(titles)]
        lines.append("\t".join(row))
    return "\n".join(lines) + "\n"


def _titles(path: Path) -> set[str]:
    table = read_file(path)
    frame = table.collect(lambda q: q.select("title"))
    return {t for t in frame.get_column("title").to_list() if t and not t.isascii()}


@pytest.mark.parametrize(
    ("text", "codec", "expected"),
    [
        (_orders(_ZH_TITLES, every=15, rows=40), "gbk", "gb18030"),
        (_orders(_ZH_TITLES, every=1, rows=40), "gb18030", "gb18030"),
        (_orders(_JA_TITLES, every=15, rows=40), "cp932", "cp932"),
        (_orders(_ZH_TITLES, every=2, rows=40), "utf-16-le", "utf-16-le"),
        (_orders(_ZH_TITLES, every=2, rows=40), "utf-16-be", "utf-16-be"),
        (_orders(_ZH_TITLES, every=2, rows=40), "utf-16", "utf-16"),
        (
            _orders(("Tasse à café", "Théière – fonte", "Müsli-Schale"), every=3, rows=40),
            "cp1252",
            "cp1252",
        ),
    ],
    ids=[
        "gbk few words",
        "gb18030",
        "shift-jis few words",
        "utf16le no bom",
        "utf16be no bom",
        "utf16 bom",
        "cp1252",
    ],
)
def test_it_reads_each_export_in_the_encoding_it_was_written_in(
    tmp_path: Path, text: str, codec: str, expected: str
) -> None:
    path = tmp_path / "orders.txt"
    path.write_bytes(text.encode(codec))
    assert read_file(path).encoding == expected
    assert detect_report(path).encoding == expected
    written = {line.split("\t")[8] for line in text.splitlines()[1:]}
    assert _titles(path) == {t for t in written if not t.isascii()}


def test_it_reads_a_chinese_only_feedback_export_saved_as_utf16_without_a_bom(
    tmp_path: Path,
) -> None:
    comment = (
        "收到的商品是二手的，包装已经被打开过，里面还有别人的发票，和描述完全不一样。"
        "联系卖家三次都没有回复，只能申请退货退款，希望亚马逊处理这个卖家，太失望了。"
    )  # more Chinese than anything else: few zero bytes in the UTF-16 text
    lines = ["日期\t评分\t评论\t回复\t订单编号"]
    lines += [f"2026/4/{d}\t1\t{comment}\t\t113-000{d:04d}-1234567" for d in range(1, 28)]
    path = tmp_path / "反馈.txt"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-16-le"))

    data = analyze([path])

    assert data.sources[0].kind == "feedback"
    assert data.sources[0].encoding == "utf-16-le"


def test_it_finds_the_encoding_where_the_chinese_words_start_deep_in_a_large_file(
    tmp_path: Path,
) -> None:
    text = _orders(_ZH_TITLES, every=7, rows=30_000, start=20_000)
    path = tmp_path / "orders.txt"
    path.write_bytes(text.encode("gbk"))
    assert path.stat().st_size > 4 * MB  # the fast reader, then the exact one on GBK bytes

    table = read_file(path)
    titles = _titles(path)

    assert table.encoding in {"utf-8", "gb18030"}  # the head alone is ASCII
    assert titles == set(_ZH_TITLES)
    assert analyze([path]).sources[0].encoding == "gb18030"


# -- one bad file among several -----------------------------------------------------------------


def test_it_analyses_the_other_files_when_one_is_empty_broken_or_hostile(tmp_path: Path) -> None:
    good = tmp_path / "All Orders.txt"
    good.write_bytes((FIXTURES / "all_orders_us_2026.txt").read_bytes())
    (tmp_path / "empty.txt").write_bytes(b"")
    hf.write_wide(tmp_path / "wide.txt", 1_000_000)
    _unclosed_quote(tmp_path / "voc.csv")
    hf.write_gzip_bomb(tmp_path / "bomb.txt.gz", 512 * MB)
    hf.write_deep_json(tmp_path / "performance.json", 100_000)

    report = analyze([tmp_path])

    by_name = {s.path.name: s for s in report.sources}
    assert by_name["All Orders.txt"].rows_read > 0
    assert by_name["All Orders.txt"].refused is None
    assert by_name["empty.txt"].warnings == ("the file is empty",)
    codes = {name: s.refused.code for name, s in by_name.items() if s.refused}
    assert codes == {
        "wide.txt": "too_many_columns",
        "voc.csv": "cell_too_long",
        "bomb.txt.gz": "expansion_ratio",
        "performance.json": "json_too_deep",
    }
    assert all(s.kind == "unknown" for s in by_name.values() if s.refused)
    payload = report.to_json()
    refused = {Path(s["path"]).name: s["refused"] for s in payload["sources"] if s["refused"]}
    assert refused["wide.txt"]["facts"] == {"count": 1_000_019, "limit": 1_000}


def test_it_says_why_when_no_file_can_be_used(tmp_path: Path) -> None:
    hf.write_deep_json(tmp_path / "performance.json", 200)
    with pytest.raises(NothingUsable) as caught:
        analyze([tmp_path / "performance.json"])
    assert caught.value.code == "json_too_deep"
    assert "203 levels" in caught.value.message  # 200 and the report's own three
    assert caught.value.sources[0].refused is not None


def test_the_command_stops_with_one_line_naming_a_refused_file_among_good_ones(
    tmp_path: Path,
) -> None:
    (tmp_path / "All Orders.txt").write_bytes((FIXTURES / "all_orders_us_2026.txt").read_bytes())
    hf.write_deep_json(tmp_path / "performance.json", 100_000)
    run = run_cli("analyze", str(tmp_path))
    assert_refused_in_one_line(run, "performance.json", "nests more than 1,000 levels")


# -- shapes that cost memory: lines, columns, depth ---------------------------------------------


def test_it_refuses_a_line_of_hundreds_of_megabytes_with_its_real_length(tmp_path: Path) -> None:
    path = hf.write_long_line(tmp_path / "claims.csv", 256 * MB)

    run = run_cli("analyze", "--json", str(path))

    assert_refused_in_one_line(run, "claims.csv", "line 3 is 256 MB long", "1.0 MB")
    assert run.peak_mb < BOUND_MB
    refused = refusal(path)
    assert refused.facts["length"] == 256 * MB
    assert refused.facts["line"] == 3


def test_it_refuses_a_header_of_a_million_columns_counting_them(tmp_path: Path) -> None:
    path = hf.write_wide(tmp_path / "orders.txt", 1_000_000)

    run = run_cli("analyze", "--json", str(path))

    assert_refused_in_one_line(run, "orders.txt", "1,000,019 columns", "1,000")
    assert run.peak_mb < BOUND_MB


def test_it_refuses_a_header_wider_than_the_limit_that_fits_in_the_first_block(
    tmp_path: Path,
) -> None:
    path = hf.write_wide(tmp_path / "orders.txt", 5_000)
    assert path.stat().st_size < 256 * 1024
    refused = refusal(path)
    assert refused.code == "too_many_columns"
    assert refused.facts["count"] == 5_019
    assert detect_report(path).refused is not None


def _unclosed_quote(path: Path) -> Path:
    """A Voice of the Customer CSV whose second row opens a quote that never closes."""
    header = (FIXTURES / "voice_of_the_customer.csv").read_text("utf-8-sig").splitlines()[0]
    row = '"Ceramic Mug",B0CMUG0001,MUG-350-W,New,Amazon,12.5%,5,40,3.1,31.0%,"Item arrived used\n'
    path.write_text(header + "\n" + row + "and the box was wet\n" * 20_000, encoding="utf-8")
    return path


def test_it_refuses_a_quote_that_never_closes(tmp_path: Path) -> None:
    refused = refusal(_unclosed_quote(tmp_path / "voc.csv"))
    assert refused.code == "cell_too_long"
    assert refused.facts["line"] == 2


@pytest.mark.parametrize(
    ("depth", "shown"), [(100_000, "more than 1,000 levels"), (62, "65 levels")]
)
def test_it_refuses_json_nested_too_deep(tmp_path: Path, depth: int, shown: str) -> None:
    path = hf.write_deep_json(tmp_path / "performance.json", depth)
    refused = refusal(path)
    assert refused.code == "json_too_deep"
    assert shown in refused.message
    assert refused.facts["limit"] == 64


def test_it_refuses_json_larger_than_a_performance_report_can_be(tmp_path: Path) -> None:
    path = hf.write_performance_report(tmp_path / "performance.json")
    text = path.read_text()
    path.write_text(text[:-1] + " " * (11 * MB) + "}")
    refused = refusal(path)
    assert refused.code == "json_too_large"
    assert refused.facts == {"size": path.stat().st_size, "limit": 10 * MB}


def test_it_reads_a_performance_report_nested_as_amazon_nests_it(tmp_path: Path) -> None:
    path = hf.write_performance_report(tmp_path / "performance.json")
    assert read_file(path).kind == "performance_report"


# -- hostile names and contents on the terminal -------------------------------------------------


def test_it_prints_hostile_file_names_and_cells_as_plain_text(tmp_path: Path) -> None:
    name = "[bold red]订单[／] \x1b[31m\u202etxt.exe.txt"
    hf.write_ordinary(tmp_path / name, 50_000)
    (tmp_path / "notes [x].csv").write_text("hello [/x] [link=file:///etc/passwd]click[/link]\n")

    run = run_cli("analyze", "--today", "2026-05-02", str(tmp_path))

    assert run.status == 0, run.stderr[-2000:]
    assert "Traceback" not in run.stderr
    assert "\x1b[31m" not in run.stdout  # the escape is shown, not sent to the terminal
    assert "\u202e" not in run.stdout
    assert "\\x1b" in run.stdout.replace("\n", "")
    assert "[/x]" in run.stdout.replace("\n", "")


def test_the_json_keeps_names_exactly_as_they_are(tmp_path: Path) -> None:
    name = "[bold]订单 (1).txt"
    hf.write_ordinary(tmp_path / name, 20_000)
    run = run_cli("analyze", "--json", "--today", "2026-05-02", str(tmp_path / name))
    assert run.status == 0, run.stderr
    assert Path(json.loads(run.stdout)["sources"][0]["path"]).name == name
