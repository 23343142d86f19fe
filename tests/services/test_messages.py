"""Services' messages read as English without an application; the edge shows them in the user's language."""

from __future__ import annotations

import pickle

import pytest
from flask import Flask

from planner.enums import PipelineStatus
from planner.errors import InvalidInput
from planner.messages import N_
from planner.web.i18n import translate


def test_a_message_reads_as_its_english_text_filled_in():
    message = N_("units under it (%(num)d)", num=2)
    assert message == "units under it (2)"
    assert (message.template, message.params) == ("units under it (%(num)d)", {"num": 2})


def test_a_list_parameter_reads_as_its_items_joined_by_commas():
    parts = [N_("units under it (%(num)d)", num=2), N_("territories (%(num)d)", num=1)]
    message = N_("%(unit)s cannot be deleted: it is still referred to by %(what)s.", unit="B1", what=parts)
    assert (
        str(message)
        == "B1 cannot be deleted: it is still referred to by units under it (2), territories (1)."
    )


def test_a_domain_error_carries_its_message_and_survives_pickling():
    error = InvalidInput("code", N_("Another unit already has the code %(code)s.", code="B1"))
    copy = pickle.loads(pickle.dumps(error.message))
    assert str(error) == "Another unit already has the code B1."
    assert (copy.template, copy.params) == ("Another unit already has the code %(code)s.", {"code": "B1"})


@pytest.fixture
def chinese(app: Flask):
    with app.test_request_context(headers={"Accept-Language": "zh-CN"}):
        yield


def test_the_edge_translates_the_message_and_its_nested_parameters(chinese):
    parts = [N_("units under it (%(num)d)", num=2), N_("territories (%(num)d)", num=1)]
    assert translate(N_("%(what)s", what=parts)) == "下级机构（2 个）、片区（1 个）"


def test_the_edge_shows_an_enum_parameter_by_its_translated_label(chinese):
    message = N_(
        "A candidate cannot move from %(from_status)s to %(to_status)s.",
        from_status=PipelineStatus.APPLIED,
        to_status=PipelineStatus.HIRED,
    )
    assert translate(message) == "应聘人员不能从“已报名”转到“已录用”。"
