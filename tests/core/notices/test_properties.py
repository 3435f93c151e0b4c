"""Random and mutated mail never crashes the reader or the diagnosis: a Diagnosis or an
InputError (one line), nothing else."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reinstate.errors import InputError
from reinstate.notices import diagnose_bytes, diagnose_text

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "notices"
SAMPLES = [p.read_bytes() for p in sorted(FIXTURES.iterdir()) if p.name != "expected.yaml"]
NAMES = st.sampled_from([None, "notice.eml", "notice.html", "notice.txt", "x.bin"])
FRAGMENTS = st.sampled_from(
    [
        b"\r\n",
        b"\x00",
        b"\xff\xfe",
        b"--",
        b'Content-Type: multipart/mixed; boundary="b"\r\n',
        b"Content-Transfer-Encoding: base64\r\n",
        b"=?utf-8?B?",
        b"<script>",
        b"<",
        b"---------- Forwarded message ---------\n",
        b"From: <",
        b"\x1b$B",
        "账户".encode("gbk"),
        "停止".encode("cp932"),
        b"B07TLXXXX",
        b"within 17 days",
    ]
)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _assert_one_line(error: InputError) -> None:
    assert error.message.strip()
    assert "\n" not in error.message.strip()


def _check(data: bytes, name: str | None) -> None:
    try:
        result = diagnose_bytes(data, name)
    except InputError as exc:
        _assert_one_line(exc)
        return
    assert result.to_json()["kind"] in ("notice", "reply")
    for span in result.evidence_spans:
        assert 0 <= span.start < span.end <= len(result.text)


@SETTINGS
@given(data=st.binary(max_size=3000), name=NAMES)
def test_it_never_crashes_on_random_bytes(data: bytes, name: str | None) -> None:
    _check(data, name)


@SETTINGS
@given(
    sample=st.sampled_from(SAMPLES),
    cuts=st.lists(st.tuples(st.integers(0, 20000), st.integers(0, 400)), max_size=4),
    inserts=st.lists(st.tuples(st.integers(0, 20000), FRAGMENTS), max_size=6),
    name=NAMES,
)
def test_it_never_crashes_on_mutated_real_mail(
    sample: bytes,
    cuts: list[tuple[int, int]],
    inserts: list[tuple[int, bytes]],
    name: str | None,
) -> None:
    data = bytearray(sample)
    for start, length in cuts:
        start %= max(len(data), 1)
        del data[start : start + length]
    for position, fragment in inserts:
        position %= max(len(data), 1)
        data[position:position] = fragment
    _check(bytes(data), name)


@SETTINGS
@given(text=st.text(max_size=2000))
def test_it_never_crashes_on_random_text(text: str) -> None:
    try:
        diagnose_text(text)
    except InputError:
        return
