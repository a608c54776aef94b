import pytest
from django.contrib.auth.models import Group

from staff.roles import EVENT_ORGANISERS


@pytest.fixture
def organiser_client(client, django_user_model, event):
    """A client signed in as an organiser of the module's `event`."""
    user = django_user_model.objects.create_user("organiser", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=EVENT_ORGANISERS))
    event.organisers.add(user)
    client.force_login(user)
    return client
