import pytest
from axes.models import AccessAttempt
from django.conf import settings

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
PASSWORD = "a long and proper password 42"


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("editor", password=PASSWORD, is_staff=True)


def log_in(client, password, address="198.51.100.20", **extra):
    return client.post(
        LOGIN + "?next=/admin/", {"username": "editor", "password": password}, REMOTE_ADDR=address, **extra
    )


def test_wrong_passwords_lock_the_username_and_address_even_for_the_right_password(client, staff):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, "guess").status_code == 200  # the login form again, with its error
    locked = log_in(client, "guess")
    assert locked.status_code == 429
    right_password = log_in(client, PASSWORD, HTTP_ACCEPT_LANGUAGE="en")
    assert right_password.status_code == 429
    page = right_password.content.decode()
    assert "Login locked for a while" in page and "try again in 30 minutes" in page
    assert "_auth_user_id" not in client.session


def test_the_lock_is_per_username_and_address(client, staff):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "guess")
    from_elsewhere = log_in(client, PASSWORD, address="203.0.113.77")
    assert from_elsewhere.status_code == 302 and from_elsewhere["Location"] == "/admin/"


def test_the_lockout_page_speaks_chinese(client, staff):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "guess")
    page = log_in(client, PASSWORD, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "登录已暂时锁定" in page


def test_administrators_see_lockouts_in_the_admin_and_can_lift_them(client, staff, django_user_model):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "guess")
    attempt = AccessAttempt.objects.get(username="editor")
    assert attempt.failures_since_start == settings.AXES_FAILURE_LIMIT
    client.force_login(django_user_model.objects.create_superuser("admin", password=PASSWORD))
    listing = client.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200 and "198.51.100.20" in listing.content.decode()
    client.post(
        "/admin/axes/accessattempt/", {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"}
    )
    client.logout()
    assert log_in(client, PASSWORD).status_code == 302


def test_a_successful_login_resets_the_count(client, staff):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "guess")
    assert log_in(client, PASSWORD).status_code == 302
    client.logout()
    assert log_in(client, "guess").status_code == 200


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/admin/", "javascript:alert(1)"])
def test_an_unsafe_next_after_login_goes_to_the_admin_index(client, staff, next_url):
    response = client.post(
        LOGIN, {"username": "editor", "password": PASSWORD, "next": next_url}, REMOTE_ADDR="198.51.100.20"
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get(response["Location"]).status_code == 200


def test_an_address_trying_many_usernames_is_locked_at_its_own_higher_limit(client, staff, settings):
    settings.AXES_FAILURE_LIMIT, settings.ADMIN_LOGIN_ADDRESS_FAILURE_LIMIT = 5, 12
    guesses = [
        client.post(LOGIN, {"username": f"guess-{number}", "password": "x"}, REMOTE_ADDR="198.51.100.20").status_code
        for number in range(12)
    ]
    # One failure per username stays under the username's limit; the address's own count locks at 12.
    assert guesses == [200] * 11 + [429]
    assert log_in(client, PASSWORD).status_code == 429
    # Another address, and so another visitor, still logs in.
    assert log_in(client, PASSWORD, address="203.0.113.77").status_code == 302


def test_a_few_failures_from_a_shared_address_lock_nobody_else(client, staff, django_user_model, settings):
    settings.AXES_FAILURE_LIMIT, settings.ADMIN_LOGIN_ADDRESS_FAILURE_LIMIT = 5, 12
    django_user_model.objects.create_user("colleague", password=PASSWORD, is_staff=True)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "guess")
    assert log_in(client, PASSWORD).status_code == 429
    colleague = client.post(
        LOGIN + "?next=/admin/", {"username": "colleague", "password": PASSWORD}, REMOTE_ADDR="198.51.100.20"
    )
    assert colleague.status_code == 302
