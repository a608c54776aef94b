import pytest

pytestmark = pytest.mark.django_db


def test_pages_deny_device_features_through_permissions_policy(client):
    policy = client.get("/en/").headers["Permissions-Policy"]
    assert "camera=()" in policy and "geolocation=()" in policy and "microphone=()" in policy
