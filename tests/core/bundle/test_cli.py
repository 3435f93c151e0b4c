"""``reinstate bundle inspect``: what a bundle holds, checked without importing it; a hostile one
refused with one line and status 2, in bounded time and memory."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.core.analysis.hostile_files import measure
from tests.core.bundle import hostile
from tests.core.cli_process import COMMAND, run_reinstate


def test_it_prints_the_schema_sections_and_every_hash_as_json(tmp_path: Path) -> None:
    path = hostile.good_bundle(tmp_path / "case.zip")
    result = run_reinstate("bundle", "inspect", str(path), "--json")
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["format"] == "reinstate-case-bundle"
    assert found["schema"] == 1
    assert found["sections"] == {"notices": 1, "drafts": 1, "events": 1}
    assert found["case"]["category"] == "inauthentic"
    [entry] = found["files"]
    assert entry["path"] == "notices/1/notice.eml"
    assert len(entry["sha256"]) == 64
    assert entry["verified"] is True
    assert found["verified"] is True


def test_it_prints_a_readable_report(tmp_path: Path) -> None:
    path = hostile.good_bundle(tmp_path / "case.zip")
    result = run_reinstate("bundle", "inspect", str(path))
    assert result.returncode == 0, result.stderr
    assert "schema 1" in result.stdout
    assert "notices/1/notice.eml" in result.stdout
    assert "Every file matches its SHA-256" in result.stdout


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (
            lambda p: hostile.zip_of(
                p, {"../../etc/passwd": b"x"}, manifest=hostile.manifest_for({})
            ),
            "Unsafe path",
        ),
        (hostile.with_symlink, "symbolic link"),
        (lambda p: hostile.many_entries_claimed(p, 65_000), "entries"),
        (hostile.altered, "SHA-256"),
        (lambda p: hostile.deep_manifest(p, 100_000), "nested more than 64 levels"),
        (
            lambda p: hostile.zip_of(
                p, {"n/1.txt": b"x"}, manifest=hostile.manifest_for({"n/1.txt": b"x"}, schema=7)
            ),
            "newer Reinstate",
        ),
    ],
)
def test_it_refuses_a_hostile_bundle_with_one_line_and_status_2(
    tmp_path: Path, make, words: str
) -> None:  # type: ignore[no-untyped-def]
    path = make(tmp_path / "hostile.zip")
    result = run_reinstate("bundle", "inspect", str(path), "--json")
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("reinstate: error: ")
    assert words in lines[0]
    assert "Traceback" not in result.stderr


def test_it_refuses_a_missing_file_with_one_line(tmp_path: Path) -> None:
    result = run_reinstate("bundle", "inspect", str(tmp_path / "nothing.zip"))
    assert result.returncode == 2
    assert result.stderr.startswith("reinstate: error: No such bundle file")


def test_it_refuses_a_bomb_in_bounded_time_and_memory(tmp_path: Path) -> None:
    """A 1,000 MB zero-filled entry in a 1 MB ZIP (under the per-file ceiling): refused from
    its compression ratio in the headers, never inflated."""
    path = hostile.bomb(tmp_path / "bomb.zip", 1000 * 1024 * 1024)
    measured = measure([*COMMAND, "bundle", "inspect", str(path)], timeout=60)
    assert measured.status == 2, measured.stderr
    assert "ZIP bomb" in measured.stderr
    assert measured.seconds < 20
    assert measured.peak_mb < 300


def test_it_refuses_a_flood_of_records_before_parsing_it(tmp_path: Path) -> None:
    """10 million empty records in a 30 MB manifest (under its byte ceiling): parsed, they took
    1.6 GB and half a minute; counted first, they are refused at once."""
    path = hostile.value_flood(tmp_path / "flood.zip", 10_000_000)
    measured = measure([*COMMAND, "bundle", "inspect", str(path), "--json"], timeout=60)
    assert measured.status == 2, measured.stderr
    assert "values; at most 2,000,000 are read" in measured.stderr
    assert measured.stderr.count("\n") == 1
    assert measured.seconds < 20
    assert measured.peak_mb < 300
