"""Regenerate tests/data/good and tests/data/hostile (run from the repo root).

Not a test module. The files are committed; this script documents how each was made.
penguins.csv is copied from the palmerpenguins 0.1.6 wheel (CC0) and must already exist.
"""

from __future__ import annotations

import gzip
import io
import json
import zipfile
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pcsv
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[2] / "data"
GOOD, HOSTILE = ROOT / "good", ROOT / "hostile"
SMALL = "name,city,score\nZoë,Paris,1.5\nJosé,Córdoba,2\ncafé,Zürich,3.25\n"


def _xlsx(path: Path) -> None:
    import datetime as dt

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["id", "name", "amount", "when", "flag"])
    ws.append([1, "alpha", 1.5, dt.datetime(2024, 1, 2, 3, 4, 5), True])
    ws.append([2, "beta", None, dt.datetime(2024, 2, 3), False])
    ws.append([3, "=SUM(A1:A2)", 7, dt.datetime(2024, 3, 4), True])
    wb.save(path)


def good() -> None:
    penguins = GOOD / "penguins.csv"
    text = penguins.read_text(encoding="utf-8")
    # Real nulls (not "NA" strings) in the typed formats.
    table = pcsv.read_csv(penguins, convert_options=pcsv.ConvertOptions(strings_can_be_null=True))
    (GOOD / "penguins.tsv").write_text(text.replace(",", "\t"), encoding="utf-8")
    (GOOD / "penguins_semicolon.csv").write_text(text.replace(",", ";"), encoding="utf-8")
    (GOOD / "penguins_pipe.txt").write_text(text.replace(",", "|"), encoding="utf-8")
    (GOOD / "penguins.csv.gz").write_bytes(gzip.compress(text.encode(), mtime=0))
    pq.write_table(table, GOOD / "penguins.parquet", compression="zstd")
    rows = table.to_pylist()
    (GOOD / "penguins.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    (GOOD / "penguins_array.json").write_text(json.dumps(rows, indent=1))
    (GOOD / "utf8_bom.csv").write_bytes(b"\xef\xbb\xbf" + SMALL.encode("utf-8"))
    (GOOD / "utf16.csv").write_bytes(SMALL.encode("utf-16"))  # with BOM
    (GOOD / "cp1252.csv").write_bytes(SMALL.encode("cp1252"))
    (GOOD / "no_header.csv").write_text("1,2.5,2024-01-01\n2,3.5,2024-01-02\n3,4.5,2024-01-03\n")
    mixed = [{"a": 1, "b": "x"}, {"a": "two", "c": True}, {"a": 3, "b": {"k": [1]}}]
    (GOOD / "mixed_types.jsonl").write_text("".join(json.dumps(r) + "\n" for r in mixed))
    _xlsx(GOOD / "small.xlsx")


def _truncated_gzip() -> bytes:
    rows = b"".join(b"%d,%d\n" % (i, (i * 7919) % 10007) for i in range(5000))
    whole = gzip.compress(b"a,b\n" + rows, mtime=0)
    return whole[: len(whole) // 2]


def hostile() -> None:
    files: dict[str, bytes] = {
        "empty.csv": b"",
        "whitespace_only.csv": b"  \n\t\n   \r\n",
        "header_only.csv": b"a,b,c\n",
        "ragged_row.csv": b"a,b,c\n1,2,3\n4,5,6,7,8\n9,10,11\n",
        "png_renamed.csv": b"\x89PNG\r\n\x1a\n" + bytes(range(256)),
        "pdf_renamed.csv": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
        "elf_renamed.csv": b"\x7fELF\x02\x01\x01" + b"\x00" * 64,
        "legacy_xls.xlsx": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64,
        "binary_nuls.csv": b"a,b\n1,\x00\x00\x00\x01\x02\n" * 20,
        "random_bytes.csv": bytes((i * 37 + 11) % 32 for i in range(4096)),
        "gzip_bomb.csv.gz": gzip.compress(b"a,b\n" + b"0,0\n" * 2_000_000, mtime=0),
        "truncated.csv.gz": _truncated_gzip(),
        "double.csv.gz": gzip.compress(gzip.compress(b"a,b\n1,2\n", mtime=0), mtime=0),
        "json_not_objects.json": b"[1, 2, 3]",
        "json_single_object.json": b'{\n  "a": 1,\n  "b": 2\n}\n',
        "jsonl_bad_line.jsonl": b'{"a": 1}\n{"a": 2,,}\n',
        "too_many_columns.csv": (
            ",".join(f"c{i}" for i in range(60)) + "\n" + ",".join("1" * 60) + "\n"
        ).encode(),
        "huge_cell.csv": b"a,b\n1,short\n2," + b"x" * 5000 + b"\n3,short\n",
        "long_line.csv": b"a,b\n1," + b"y" * 300_000 + b"\n",
        "bad_extension.exe": b"a,b\n1,2\n",
        "formula_injection.csv": (
            b'name,cmd,amount\nann,=HYPERLINK("http://x"),-5\nbob,@SUM(1+1),3\n'
            b"cy,+cmd|' /C calc'!A0,-2\n"
        ),
        "crlf.csv": b"a,b,c\r\n1,x,2024-01-01\r\n2,y,2024-01-02\r\n",
        "quoted_newlines.csv": (
            b'id,comment,n\n1,"hello, world",1\n2,"line one\nline two",2\n3,"say ""hi""; | ok",3\n'
        ),
        "duplicate_headers.csv": b"name,Name,,name,value\na,b,c,d,1\ne,f,g,h,2\n",
        "all_numeric_header_row.csv": b"1,2,3\n4,5,6\n",
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("readme.txt", "not a workbook")
    files["zip_not_workbook.xlsx"] = buf.getvalue()
    pbuf = io.BytesIO()
    pq.write_table(pa.table({"a": list(range(1000))}), pbuf)
    files["truncated.parquet"] = pbuf.getvalue()[:300]
    # Valid UTF-8 for longer than the sniffed prefix, then one cp1252 byte.
    files["mixed_utf8.csv"] = (
        b"id,word\n" + b"".join(b"%d,caf\xc3\xa9\n" % i for i in range(8000)) + b"8000,caf\xe9\n"
    )
    for name, data in files.items():
        (HOSTILE / name).write_bytes(data)


if __name__ == "__main__":
    good()
    hostile()
