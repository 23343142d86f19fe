"""The territory list query: filters, working CMs and staffing needs, in a constant number of queries."""

from __future__ import annotations

from sqlalchemy import event

from planner.enums import ManagerStatus, Segment
from planner.pages.territories.queries import territory_page
from planner.territories.services import TerritoryFilters
from planner.territories.staffing import StaffingNorms
from tests import factories

NORMS = StaffingNorms()


def _codes(db, **filters) -> list[str]:  # type: ignore[no-untyped-def]
    page = territory_page(db, TerritoryFilters(**filters), NORMS, 1, 100)
    return [row.territory.code for row in page.items]


def test_rows_carry_working_cms_and_need(db):
    territory = factories.TerritoryFactory(households=2400)  # 2,400 ÷ 800 → 3
    factories.ManagerFactory.create_batch(2, territory=territory)
    factories.ManagerFactory(territory=territory, status=ManagerStatus.EXITED)

    row = territory_page(db, TerritoryFilters(), NORMS, 1, 10).items[0]

    assert (row.working, row.need) == (2, 3)


def test_understaffed_only_compares_working_cms_with_the_need(db):
    factories.TerritoryFactory(code="A", segment=Segment.CORPORATE, customers=41)  # needs 2, has 0
    covered = factories.TerritoryFactory(code="B", segment=Segment.CORPORATE, customers=40)  # needs 1, has 1
    factories.ManagerFactory(territory=covered)
    factories.TerritoryFactory(code="C", customers=0, households=0)  # needs 0

    assert _codes(db, understaffed_only=True) == ["A"]


def test_segment_and_search_combine(db):
    factories.TerritoryFactory(code="R1", name="东街", segment=Segment.RETAIL)
    factories.TerritoryFactory(code="R2", name="西街", segment=Segment.RETAIL)
    factories.TerritoryFactory(code="A1", name="东村", segment=Segment.AGRICULTURE)

    assert _codes(db, segment=Segment.RETAIL, search="东") == ["R1"]


def test_pages_split_the_list(db):
    factories.TerritoryFactory.create_batch(5)

    page = territory_page(db, TerritoryFilters(), NORMS, 2, 2)

    assert (page.total, page.pages, len(page.items)) == (5, 3, 2)


def test_the_list_takes_the_same_number_of_queries_for_many_rows(db):
    def statements_for(count: int) -> int:
        for _ in range(count):
            territory = factories.TerritoryFactory()
            factories.ManagerFactory(territory=territory)
        db.flush()
        db.expire_all()
        seen: list[str] = []
        engine = db.get_bind()
        listener = lambda *args: seen.append(args[2])  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            page = territory_page(db, TerritoryFilters(), NORMS, 1, 50)
            _ = [(row.territory.unit.name, row.territory.unit.parent) for row in page.items]
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        return len(seen)

    assert statements_for(2) == statements_for(20)
