import pytest
from django.utils import translation

from enterprises.services import ReviewError
from events.services import RegistrationError
from foundation.service_errors import ServiceError


@pytest.mark.parametrize(
    "error_class, code, english",
    [
        (RegistrationError, "closed", "Registration for this event has closed."),
        (ReviewError, "not_pending", "Only listings waiting for review can be approved or declined."),
    ],
)
def test_each_app_refuses_with_the_shared_error_and_its_own_translated_message(error_class, code, english):
    with translation.override("en"):
        error = error_class(code)
        assert str(error) == english
    assert isinstance(error, ServiceError) and error.code == code
    with translation.override("zh-hans"):
        chinese = str(error.message)
    assert chinese != english and any("\u4e00" <= character <= "\u9fff" for character in chinese)
