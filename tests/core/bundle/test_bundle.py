"""Case bundles: written and read back verified; every kind of hostile or damaged ZIP refused with
one clear sentence before anything is decompressed past its ceiling."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from reinstate.bundle import (
    SCHEMA_VERSION,
    BundleError,
    Limits,
    Source,
    read_bundle,
    safe_path,
    write_bundle,
)
from tests.core.bundle import hostile


def test_it_reads_back_what_it_wrote_with_every_hash_verified(tmp_path: Path) -> None:
    path = hostile.good_bundle(tmp_path / "case.zip")
    bundle = read_bundle(path)
    assert bundle.manifest.schema == SCHEMA_VERSION
    assert bundle.manifest.counts() == {"notices": 1, "drafts": 1, "events": 1}
    assert [f.path for f in bundle.manifest.files] == ["notices/1/notice.eml"]
    assert all(f.verified for f in bundle.manifest.files)
    assert bundle.read("notices/1/notice.eml") == hostile.NOTICE


def test_it_streams_a_file_from_disk_into_the_bundle(tmp_path: Path) -> None:
    export = tmp_path / "orders.txt"
    rows = (
        f"{112 + i % 7:03d}-{i * 7919 % 10**7:07d}-{i * 104729 % 10**7:07d}\tB0C{i % 99991:07d}\n"
        for i in range(200_000)
    )
    export.write_text("order-id\tasin\n" + "".join(rows))
    out = io.BytesIO()
    manifest = write_bundle(
        out,
        case={},
        sections={"data_files": [{"ref": 1, "file": "data/1/orders.txt"}]},
        files=[Source("data/1/orders.txt", file=export)],
        generator="t",
        created_at="",
    )
    assert manifest.files[0].size == export.stat().st_size
    assert read_bundle(io.BytesIO(out.getvalue())).read("data/1/orders.txt") == export.read_bytes()


@pytest.mark.parametrize(
    "path",
    ["../evil.txt", "/etc/passwd", "notices/../../x", "a\\b.txt", "C:/x.txt", "a//b", "./a", "a/"],
)
def test_it_never_writes_an_unsafe_path(path: str) -> None:
    assert not safe_path(path)
    with pytest.raises(BundleError) as refused:
        write_bundle(
            io.BytesIO(),
            case={},
            sections={"notices": [{"file": path}]},
            files=[Source(path, data=b"x")],
            generator="t",
            created_at="",
        )
    assert refused.value.code == "bundle_path"


def test_it_refuses_to_write_a_record_whose_file_is_missing() -> None:
    with pytest.raises(BundleError) as refused:
        write_bundle(
            io.BytesIO(),
            case={},
            sections={"notices": [{"file": "notices/1/a.eml"}]},
            files=[],
            generator="t",
            created_at="",
        )
    assert refused.value.code == "bundle_missing"


def _refused(path: Path, limits: Limits | None = None) -> BundleError:
    with pytest.raises(BundleError) as refused:
        read_bundle(path, limits)
    message = refused.value.message
    assert "\n" not in message
    assert len(message) < 400
    return refused.value


@pytest.mark.parametrize(
    "name", ["../../etc/cron.d/evil", "/tmp/evil", "notices\\..\\evil", "a/./b"]
)
def test_it_refuses_path_traversal(tmp_path: Path, name: str) -> None:
    path = hostile.zip_of(tmp_path / "b.zip", {name: b"x"}, manifest=hostile.manifest_for({}))
    assert _refused(path).code == "bundle_path"


def test_it_refuses_a_symbolic_link(tmp_path: Path) -> None:
    error = _refused(hostile.with_symlink(tmp_path / "b.zip"))
    assert error.code == "bundle_link"
    assert "symbolic link" in error.message


def test_it_refuses_a_folder_entry(tmp_path: Path) -> None:
    path = tmp_path / "b.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("notices/", b"")
        zf.writestr("manifest.json", hostile.manifest_for({}))
    assert _refused(path).code == "bundle_path"


def test_it_refuses_a_compression_bomb_by_its_ratio_before_inflating_it(tmp_path: Path) -> None:
    path = hostile.bomb(tmp_path / "bomb.zip", 64 * 1024 * 1024)
    assert path.stat().st_size < 1024 * 1024
    error = _refused(path)
    assert error.code == "bundle_ratio"
    assert "ZIP bomb" in error.message


def test_it_refuses_an_entry_over_the_per_file_ceiling(tmp_path: Path) -> None:
    path = hostile.lying_sizes(tmp_path / "b.zip", declared=2_000_000_000)
    assert _refused(path, Limits(ratio=10**9)).code == "bundle_too_large"


def test_it_refuses_a_bundle_over_the_total_ceiling(tmp_path: Path) -> None:
    path = hostile.zip_of(tmp_path / "b.zip", {f"data/{i}/f.txt": b"x" * 600 for i in range(1, 5)})
    assert _refused(path, Limits(total_bytes=2000)).code == "bundle_too_large"


def test_it_refuses_too_many_entries_from_the_end_record_alone(tmp_path: Path) -> None:
    path = hostile.many_entries_claimed(tmp_path / "b.zip", 60_000)
    error = _refused(path)
    assert error.code == "bundle_too_many"
    assert "60,000" in error.message


def test_it_refuses_too_many_real_entries(tmp_path: Path) -> None:
    path = hostile.zip_of(tmp_path / "b.zip", {f"n/{i}.txt": b"x" for i in range(30)})
    assert _refused(path, Limits(entries=10)).code == "bundle_too_many"


def test_it_refuses_a_lying_size_when_it_reads_the_file(tmp_path: Path) -> None:
    path = hostile.lying_sizes(tmp_path / "b.zip", declared=len(hostile.NOTICE) + 5)
    assert _refused(path).code == "bundle_hash"


def test_it_refuses_a_file_altered_after_export(tmp_path: Path) -> None:
    error = _refused(hostile.altered(tmp_path / "b.zip"))
    assert error.code == "bundle_hash"
    assert "notices/1/notice.eml" in error.message


def test_it_refuses_a_newer_schema_and_says_what_to_do(tmp_path: Path) -> None:
    files = {"n/1.txt": b"x"}
    path = hostile.zip_of(tmp_path / "b.zip", files, manifest=hostile.manifest_for(files, schema=2))
    error = _refused(path)
    assert error.code == "bundle_schema_newer"
    assert "newer Reinstate" in error.message
    assert "Update Reinstate" in error.message


@pytest.mark.parametrize("schema", [0, "1", None, True])
def test_it_refuses_a_wrong_schema(tmp_path: Path, schema: object) -> None:
    files = {"n/1.txt": b"x"}
    manifest = hostile.manifest_for(files, schema=schema)
    assert (
        _refused(hostile.zip_of(tmp_path / "b.zip", files, manifest=manifest)).code
        == "bundle_schema"
    )


def test_it_refuses_another_format(tmp_path: Path) -> None:
    files = {"n/1.txt": b"x"}
    manifest = hostile.manifest_for(files, format="something-else")
    assert (
        _refused(hostile.zip_of(tmp_path / "b.zip", files, manifest=manifest)).code
        == "bundle_manifest"
    )


def test_it_refuses_a_zip_without_a_manifest(tmp_path: Path) -> None:
    path = tmp_path / "b.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("notes.txt", b"hello")
    error = _refused(path)
    assert error.code == "bundle_manifest"
    assert "not a Reinstate case bundle" in error.message


@pytest.mark.parametrize("raw", [b"{not json", b"[1, 2]", "\u00e9".encode("latin-1")])
def test_it_refuses_a_manifest_that_is_not_a_json_object(tmp_path: Path, raw: bytes) -> None:
    path = hostile.zip_of(tmp_path / "b.zip", {}, manifest=raw)
    assert _refused(path).code == "bundle_manifest"


def test_it_refuses_an_oversized_manifest(tmp_path: Path) -> None:
    manifest = hostile.manifest_for({}, padding="x" * 5000)
    path = hostile.zip_of(tmp_path / "b.zip", {}, manifest=manifest)
    assert _refused(path, Limits(manifest_bytes=1000)).code == "bundle_too_large"


def test_it_refuses_an_entry_the_manifest_does_not_list(tmp_path: Path) -> None:
    path = hostile.zip_of(
        tmp_path / "b.zip",
        {"n/1.txt": b"x", "n/2.txt": b"y"},
        manifest=hostile.manifest_for({"n/1.txt": b"x"}),
    )
    assert _refused(path).code == "bundle_unlisted"


def test_it_refuses_a_listed_file_that_is_missing(tmp_path: Path) -> None:
    path = hostile.zip_of(
        tmp_path / "b.zip",
        {"n/1.txt": b"x"},
        manifest=hostile.manifest_for({"n/1.txt": b"x", "n/2.txt": b"y"}),
    )
    assert _refused(path).code == "bundle_missing"


def test_it_refuses_a_record_naming_a_file_not_listed(tmp_path: Path) -> None:
    manifest = json.loads(hostile.manifest_for({"n/1.txt": b"x"}))
    manifest["sections"]["drafts"] = [{"file": "n/9.txt"}]
    path = hostile.zip_of(
        tmp_path / "b.zip", {"n/1.txt": b"x"}, manifest=json.dumps(manifest).encode()
    )
    assert _refused(path).code == "bundle_missing"


def test_it_refuses_an_unsafe_path_in_the_manifest(tmp_path: Path) -> None:
    manifest = json.loads(hostile.manifest_for({"n/1.txt": b"x"}))
    manifest["files"][0]["path"] = "../n/1.txt"
    path = hostile.zip_of(
        tmp_path / "b.zip", {"n/1.txt": b"x"}, manifest=json.dumps(manifest).encode()
    )
    assert _refused(path).code == "bundle_path"


def test_it_refuses_an_encrypted_entry(tmp_path: Path) -> None:
    path = hostile.zip_of(tmp_path / "b.zip", {"n/1.txt": b"x"})
    raw = bytearray(path.read_bytes())
    at = raw.find(b"PK\x01\x02")
    raw[at + 8] |= 0x1  # general purpose flag: encrypted
    path.write_bytes(bytes(raw))
    assert _refused(path).code == "bundle_encrypted"


@pytest.mark.parametrize(
    "data", [b"", b"PK", b"not a zip at all" * 100, b"PK\x05\x06" + b"\0" * 10]
)
def test_it_refuses_what_is_not_a_zip(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "b.zip"
    path.write_bytes(data)
    assert _refused(path).code == "bundle_not_zip"


def test_it_refuses_a_bundle_over_the_file_ceiling(tmp_path: Path) -> None:
    path = hostile.good_bundle(tmp_path / "b.zip")
    assert _refused(path, Limits(bundle_bytes=100)).code == "bundle_too_large"


@pytest.mark.parametrize("depth", [100, 200_000])
def test_it_refuses_a_manifest_nested_too_deep_without_recursing(
    tmp_path: Path, depth: int
) -> None:
    error = _refused(hostile.deep_manifest(tmp_path / "b.zip", depth))
    assert error.code == "bundle_manifest"
    assert "nested more than 64 levels" in error.message


def test_a_real_bundle_nests_far_less_than_the_limit(tmp_path: Path) -> None:
    path = hostile.good_bundle(tmp_path / "b.zip")
    assert read_bundle(path).manifest.counts()["notices"] == 1


def test_it_refuses_a_manifest_with_more_values_than_its_ceiling(tmp_path: Path) -> None:
    path = hostile.value_flood(tmp_path / "b.zip", 600)
    error = _refused(path, Limits(manifest_values=1000))
    assert error.code == "bundle_too_large"
    assert "1,000" in error.message
