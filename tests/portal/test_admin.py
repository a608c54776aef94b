import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client, django_user_model):
    call_command("load_demo")
    client.force_login(django_user_model.objects.create_superuser("admin", "admin@example.com", "x"))
    return client


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_every_admin_list_and_form_opens_in_both_languages(superuser_client, language):
    superuser_client.cookies["django_language"] = language
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        changelist = superuser_client.get(reverse("admin:%s_%s_changelist" % info))
        assert changelist.status_code == 200, info
        first = model.objects.first()
        if first is not None:
            assert superuser_client.get(reverse("admin:%s_%s_change" % info, args=[first.pk])).status_code == 200, info


def test_district_form_has_both_languages(superuser_client):
    from districts.models import District

    haizhu = District.objects.get(slug="haizhu")
    page = superuser_client.get(reverse("admin:districts_district_change", args=[haizhu.pk])).content.decode()
    assert 'name="name_zh_hans"' in page and 'name="name_en"' in page
