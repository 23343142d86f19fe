"""A planner imports a CM roster in Chromium: upload, preview with errors, fix, preview clean, commit."""

from __future__ import annotations

from sqlalchemy import select

from planner.people.models import Manager
from tests import factories
from tests.spreadsheets.workbooks import MANAGER_HEADER, manager_row, xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _sign_in(page, username: str) -> None:
    page.goto("/login")
    page.fill("#username", username)
    page.fill("#password", factories.PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_selector("h1")


def _upload(page, content: bytes) -> None:
    page.set_input_files(
        "#upload-form input[type=file]", {"name": "花名册.xlsx", "mimeType": XLSX, "buffer": content}
    )
    page.click("#upload-form button[type=submit]")
    page.wait_for_selector("#counts")


def test_upload_preview_with_errors_fix_preview_clean_and_commit(page, db):
    outlet = factories.OutletFactory(code="OU0001")
    factories.GradeFactory(code="junior", rank=1, name_zh="初级", name_en="Junior")
    factories.UserFactory(username="hr-chen")
    db.commit()
    _sign_in(page, "hr-chen")

    page.click("text=导入")
    page.select_option("#kind", "managers")
    wrong = xlsx(
        [
            ["客户经理花名册"],
            MANAGER_HEADER,
            manager_row("E1", unit=outlet.code),
            manager_row("E2", unit="OU9999"),
        ]
    )
    _upload(page, wrong)
    assert page.inner_text("#count-problems") == "1"
    problem = page.inner_text("#problems tbody tr")
    assert problem.split("\t") == ["客户经理", "4", "所属机构", "OU9999", "没有这个代码或名称的机构。"]
    assert page.locator("#commit").count() == 0

    fixed = xlsx(
        [
            ["客户经理花名册"],
            MANAGER_HEADER,
            manager_row("E1", unit=outlet.code),
            manager_row("E2", unit=outlet.code),
        ]
    )
    _upload(page, fixed)
    assert page.inner_text("#count-problems") == "0"
    assert page.inner_text("#count-created") == "2"

    page.click("#commit")
    page.wait_for_selector("[role=status]")
    assert "新增 2 条" in page.inner_text("[role=status]")
    assert page.locator("tr[data-manager=E2]").count() == 1
    db.expire_all()
    assert sorted(db.scalars(select(Manager.employee_no))) == ["E1", "E2"]
