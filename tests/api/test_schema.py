"""The schema matches what the endpoints answer: generated requests, valid and malformed, against the real views."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from open_data.endpoints import api
from tests.factories import EnterpriseFactory, EventFactory, IncentiveFactory, KeyFigureFactory

schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = get_wsgi_application()


@pytest.fixture
def published_records(db, settings):
    # schemathesis calls the application as host "localhost"; the rate limit would hide most answers.
    settings.ALLOWED_HOSTS = ["localhost"]
    settings.API_RATE_LIMIT = "100000/m"
    figure = KeyFigureFactory()
    IncentiveFactory(district=figure.district, max_amount_cny=1_000_000)
    EnterpriseFactory(district=figure.district)
    EventFactory(district=figure.district)
    EventFactory(district=figure.district, date_announced=False, times_announced=False)
    # As Django's test client does: the test's transaction must survive each request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_answers_as_its_schema_says(case, published_records):
    # A well-formed slug of a district that does not exist is refused with a 400 naming it, on purpose.
    case.call_and_validate(excluded_checks=[positive_data_acceptance])
