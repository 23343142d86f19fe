"""Fixtures of the import tests: a bank with a branch, an outlet and the grade ladder."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from tests import factories

TODAY = dt.date(2026, 11, 30)


@dataclass
class Bank:
    """The units and grades the workbooks refer to."""

    branch: object
    outlet: object
    junior: object
    senior: object


@pytest.fixture
def bank(db) -> Bank:
    """A branch BR0001 with an outlet OU0001, and the grades 初级 (junior) and 高级 (senior)."""
    branch = factories.BranchFactory(code="BR0001", name="城关支行")
    outlet = factories.OutletFactory(code="OU0001", name="城关网点", parent=branch)
    junior = factories.GradeFactory(code="junior", rank=1, name_zh="初级", name_en="Junior")
    senior = factories.GradeFactory(code="senior", rank=3, name_zh="高级", name_en="Senior")
    db.commit()
    return Bank(branch, outlet, junior, senior)
