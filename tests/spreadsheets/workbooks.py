"""Building the workbooks and CSV files the import tests upload, as an HR office would save them."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook

MANAGER_HEADER = [
    "工号",
    "姓名",
    "性别",
    "出生日期",
    "入行日期",
    "任客户经理日期",
    "等级",
    "条线",
    "所属机构",
    "学历",
]


def xlsx(rows: Sequence[Sequence[Any]], sheet: str = "客户经理", merged: str | None = None) -> bytes:
    """Return an XLSX workbook whose one sheet holds ``rows`` from A1, with ``merged`` cells ("A1:F1")."""
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    for row in rows:
        worksheet.append(list(row))
    if merged:
        worksheet.merge_cells(merged)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_bytes(rows: Sequence[Sequence[Any]], encoding: str = "utf-8-sig") -> bytes:
    """Return ``rows`` as a CSV file in ``encoding``."""
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode(encoding)


def manager_row(employee_no: Any = "E1001", unit: str = "OU0001", **overrides: Any) -> list[Any]:
    """Return a valid CM row under ``MANAGER_HEADER``; ``overrides`` replace cells by header."""
    row = {
        "工号": employee_no,
        "姓名": "王小明",
        "性别": "男",
        "出生日期": "1990-05-01",
        "入行日期": "2014-07-01",
        "任客户经理日期": "2016-03-01",
        "等级": "初级",
        "条线": "零售",
        "所属机构": unit,
        "学历": "本科",
    }
    row.update(overrides)
    return [row[h] for h in MANAGER_HEADER]
