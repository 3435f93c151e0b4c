"""The ceilings a case bundle is read under: every hostile ZIP (a bomb, a flood of entries, a
lying header) is refused against one of them before it costs more than it declares."""

from __future__ import annotations

from dataclasses import dataclass

KIB = 1024
MIB = 1024 * KIB
GIB = 1024 * MIB


@dataclass(frozen=True, slots=True)
class Limits:
    """How much a bundle may hold. The defaults take a case with its largest exports (the web
    app reads one export of up to 1 GB) and refuse anything an honest case never needs."""

    bundle_bytes: int = 4 * GIB  # the ZIP file itself
    entries: int = 10_000
    central_directory_bytes: int = 8 * MIB
    entry_bytes: int = 1100 * MIB  # one file, uncompressed
    total_bytes: int = 4 * GIB  # every file, uncompressed
    # Uncompressed over compressed size of one entry larger than ``ratio_floor_bytes``: exports
    # compress 5-20 times, a bomb thousands of times.
    ratio: int = 200
    ratio_floor_bytes: int = 1 * MIB
    manifest_bytes: int = 32 * MIB
    # JSON values in the manifest (counted from its commas and brackets before it is parsed):
    # 32 MB of empty records would be 10 million Python objects, 1.6 GB and half a minute.
    manifest_values: int = 2_000_000
    path_chars: int = 240
    path_depth: int = 8
