"""Select options built when a form class is defined still follow each request's language."""


def test_cm_filter_options_are_in_chinese_by_default(planner_client):
    page = planner_client.get("/managers/?segment=retail").get_data(as_text=True)
    assert '<option value="retail" selected>零售' in page
    assert ">Retail<" not in page


def test_cm_filter_options_follow_a_switch_to_english(planner_client):
    planner_client.post("/locale", data={"locale": "en"})
    page = planner_client.get("/managers/?segment=retail").get_data(as_text=True)
    assert '<option value="retail" selected>Retail' in page
