from django.conf import settings
from django.db import transaction

from districts.models import District, Inquiry
from foundation.emails import email_queue

BUREAU_LANGUAGE = "zh-hans"


class InquiryNotAccepted(Exception):
    """The district's bureau has published no address for inquiries; the portal takes none for it."""


@transaction.atomic
def inquiry_submit(
    *,
    district: District,
    company: str,
    contact_name: str,
    email: str,
    phone: str = "",
    segment: str = "",
    message: str,
    consent: bool,
    language: str,
    context: dict | None = None,
) -> Inquiry:
    """Store an investor's inquiry, then email the bureau and acknowledge it to the investor.

    The inquiry is saved in the same transaction as its emails, which are sent after commit
    and retried on failure, so a mail outage never loses an inquiry. `context` holds what the
    investor was looking at (the finder answers), for bureau staff.
    """
    recipients = district.inquiry_addresses
    if not recipients:
        raise InquiryNotAccepted(district.slug)
    inquiry = Inquiry(
        district=district,
        company=company,
        contact_name=contact_name,
        email=email,
        phone=phone,
        segment=segment,
        message=message,
        consent=consent,
        language=language,
        context=context or {},
    )
    inquiry.full_clean()
    inquiry.save()
    email_context = {"inquiry": inquiry, "district": district, "site_url": settings.SITE_URL}
    for recipient in recipients:
        email_queue(
            to=recipient, template="inquiry_to_bureau", context=email_context, language=BUREAU_LANGUAGE, about=inquiry
        )
    email_queue(to=inquiry.email, template="inquiry_received", context=email_context, language=language, about=inquiry)
    return inquiry
