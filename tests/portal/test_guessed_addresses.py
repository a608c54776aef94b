"""Addresses browsers and people guess: the icon at /favicon.ico, a Chinese prefix other than /zh-hans/."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_browsers_icon_address_leads_to_the_site_icon(client):
    response = client.get("/favicon.ico")
    # Not permanent: the icon's address carries its content hash once static files are collected.
    assert response.status_code == 302
    assert response["Location"] == "/static/img/favicon.svg"


@pytest.mark.parametrize(
    "guessed, page",
    [
        ("/zh/", "/zh-hans/"),
        ("/zh", "/zh-hans/"),
        ("/zh-cn/events/", "/zh-hans/events/"),
        ("/zh-CN/districts/haizhu/?tab=funds", "/zh-hans/districts/haizhu/?tab=funds"),
        ("/zh_cn/events/", "/zh-hans/events/"),
        ("/zh-hans-cn/events/", "/zh-hans/events/"),
        ("/en-us/events/", "/en/events/"),
        ("/en-GB/", "/en/"),
    ],
)
def test_a_guessed_language_prefix_leads_to_the_same_page_in_that_language(client, guessed, page):
    response = client.get(guessed)
    assert response.status_code == 301
    assert response["Location"] == page


def test_traditional_chinese_is_not_taken_for_simplified(client):
    assert client.get("/zh-hant/").status_code == 404
    assert client.get("/zh-tw/").status_code == 404
