"""Front-end libraries are served from the local npm install, never from a CDN."""

import pytest


@pytest.mark.parametrize("name", ["echarts.min.js", "htmx.min.js", "pico.min.css"])
def test_vendor_file_is_served_locally(client, name):
    with client.get(f"/vendor/{name}") as response:
        assert response.status_code == 200
        assert len(response.data) > 1000


def test_files_outside_the_vendor_list_are_not_served(client):
    assert client.get("/vendor/../package.json").status_code == 404
    assert client.get("/vendor/echarts/package.json").status_code == 404


def test_pages_reference_no_external_hosts(planner_client):
    page = planner_client.get("/").get_data(as_text=True)
    assert "http://" not in page and "https://" not in page
