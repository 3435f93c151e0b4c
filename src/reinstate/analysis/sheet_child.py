"""The separate process that reads a workbook: ``python -I sheet_child.py BOOK OUT_DIR MEMORY``.

calamine (the Excel reader behind polars) holds a sheet as a dense grid from its first to its
last cell, so a 2 KB workbook with one cell in A1 and one in XFD1048576 asks for 550 GB and
aborts the whole process. Here it runs alone, under an address-space limit set before polars
is imported: such a workbook ends this process, not the worker. Each sheet is written to
``OUT_DIR/sheet-N.arrow`` (every cell a string) and the sheet names are printed as JSON.

Run by path with ``-I`` so that nothing but the standard library and polars is imported.
"""

from __future__ import annotations

import json
import sys


def main(argv: list[str]) -> int:
    book, out_dir, memory = argv[1], argv[2], int(argv[3])
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    except (ImportError, ValueError, OSError):  # no such limit on this system: read anyway
        pass
    import polars as pl

    try:
        sheets = pl.read_excel(
            book,
            sheet_id=0,
            has_header=False,
            infer_schema_length=0,
            drop_empty_rows=False,
            raise_if_empty=False,
        )
    except MemoryError:
        return 4
    except Exception as exc:  # noqa: BLE001 - calamine raises its own types for broken workbooks
        print(json.dumps({"error": " ".join(str(exc).split())[:300]}))
        return 3
    names = []
    for number, (name, sheet) in enumerate(sheets.items()):
        sheet.write_ipc(f"{out_dir}/sheet-{number}.arrow", compression="uncompressed")
        names.append(name)
    print(json.dumps({"sheets": names}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
