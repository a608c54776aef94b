"""Name badges read back as a person would: the text poppler finds in the PDF, its pages, and the QR
code zbar reads from a page rendered at 200 dpi."""

import re
import shutil
import subprocess

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Registration
from staff.roles import EVENT_ORGANISERS
from tests.factories import EventFactory, RegistrationFactory

TOOLS = ["pdftotext", "pdftoppm", "pdfinfo", "pdffonts", "zbarimg"]
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not all(shutil.which(tool) for tool in TOOLS),
        reason="needs the Debian packages poppler-utils and zbar-tools (`make test-system-packages` installs them)",
    ),
]
BADGES = "/en/events/conference/organise/badges.pdf"


@pytest.fixture
def event():
    return EventFactory(slug="conference", title_en="Micro-drama Conference", title_zh_hans="微短剧大会", capacity=20)


@pytest.fixture
def attendees(event):
    return [
        RegistrationFactory(event=event, full_name="张伟", organisation="映宇宙", role=Registration.Role.INVESTOR),
        RegistrationFactory(
            event=event, full_name="Alice Smith", organisation="FlickReels", role=Registration.Role.MEDIA
        ),
        RegistrationFactory(event=event, full_name="Wei Waiting", status=Registration.Status.WAITING),
        RegistrationFactory(event=event, full_name="Carl Cancelled", status=Registration.Status.CANCELLED),
    ]


def read(pdf: bytes, tmp_path, *command: str) -> str:
    """The output of a poppler or zbar command run on the PDF, saved as badges.pdf in `tmp_path`."""
    (tmp_path / "badges.pdf").write_bytes(pdf)
    return subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=True).stdout


def page_count(pdf, tmp_path) -> int:
    return int(re.search(r"^Pages:\s+(\d+)", read(pdf, tmp_path, "pdfinfo", "badges.pdf"), re.MULTILINE)[1])


def scanned_codes(pdf, tmp_path) -> list[str]:
    """What a scanner reads from the first page, rendered as a 200 dpi printer would."""
    read(pdf, tmp_path, "pdftoppm", "-r", "200", "-png", "-f", "1", "-l", "1", "-singlefile", "badges.pdf", "page")
    return read(pdf, tmp_path, "zbarimg", "--quiet", "--raw", "page.png").split()


def test_badges_print_confirmed_attendees_by_name_in_an_embedded_chinese_font(organiser_client, attendees, tmp_path):
    response = organiser_client.get(BADGES)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="conference-badges-a4.pdf"' in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    text = read(response.content, tmp_path, "pdftotext", "badges.pdf", "-")
    for words in ["张伟", "映宇宙", "Investor", "Alice Smith", "FlickReels", "Media", "Micro-drama Conference"]:
        assert words in text
    assert text.index("Alice Smith") < text.index("张伟")
    assert "Wei Waiting" not in text and "Carl Cancelled" not in text
    fonts = read(response.content, tmp_path, "pdffonts", "badges.pdf").splitlines()[2:]
    # Every font is embedded (the "emb" column), so no printer substitutes empty boxes for the Chinese.
    assert fonts and all(line.split()[-5] == "yes" for line in fonts)


def test_badges_speak_the_pages_language(organiser_client, attendees, tmp_path):
    response = organiser_client.get("/zh-hans/events/conference/organise/badges.pdf")
    text = read(response.content, tmp_path, "pdftotext", "badges.pdf", "-")
    assert "投资方" in text and "媒体" in text and "微短剧大会" in text


def test_the_door_reads_each_badges_qr_code_as_its_ticket(organiser_client, attendees, tmp_path):
    response = organiser_client.get(BADGES)
    codes = scanned_codes(response.content, tmp_path)
    # The same check-in address as the ticket's own QR code.
    expected = {
        f"{settings.SITE_URL}/en/events/conference/organise/check-in/?code={registration.ticket_code}"
        for registration in attendees[:2]
    }
    assert set(codes) == expected
    opened = organiser_client.get(codes[0].removeprefix(settings.SITE_URL)).content.decode()
    assert "张伟" in opened or "Alice Smith" in opened


def test_nine_attendees_take_two_a4_sheets_or_nine_a6_pages(organiser_client, event, tmp_path):
    RegistrationFactory.create_batch(9, event=event)
    assert page_count(organiser_client.get(BADGES).content, tmp_path) == 2
    a6 = organiser_client.get(f"{BADGES}?layout=a6")
    assert 'filename="conference-badges-a6.pdf"' in a6["Content-Disposition"]
    assert page_count(a6.content, tmp_path) == 9
    # An unknown layout gets the A4 sheets rather than an error.
    assert page_count(organiser_client.get(f"{BADGES}?layout=letter").content, tmp_path) == 2


def test_a_long_name_and_organisation_stay_on_their_badge(organiser_client, event, tmp_path):
    RegistrationFactory(
        event=event,
        full_name=("Maximilian Alexander Konstantinopoulos-Wetherington " * 2)[:100],
        organisation="微短剧" * 60,
    )
    response = organiser_client.get(BADGES)
    assert response.status_code == 200
    boxes = read(response.content, tmp_path, "pdftotext", "-bbox", "badges.pdf", "-")
    words = re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]*)</word>', boxes)
    assert "Maximilian" in [word for _left, _right, word in words]
    # The first badge of an A4 sheet spans 15 to 105 mm from the left edge.
    points_per_mm = 72 / 25.4
    assert all(15 * points_per_mm <= float(left) and float(right) <= 105 * points_per_mm for left, right, _ in words)


def test_badges_cost_the_same_queries_for_two_attendees_or_twenty(organiser_client, event):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert organiser_client.get(BADGES).status_code == 200
        return len(captured)

    RegistrationFactory.create_batch(2, event=event)
    organiser_client.get(BADGES)  # the session and language are settled
    few = queries()
    RegistrationFactory.create_batch(18, event=event)
    assert queries() == few


def test_without_confirmed_attendees_the_organiser_is_told_so(organiser_client, event):
    RegistrationFactory(event=event, status=Registration.Status.WAITING)
    response = organiser_client.get(BADGES, follow=True)
    assert response.redirect_chain == [("/en/events/conference/organise/", 302)]
    assert "There is no confirmed attendee to print a badge for yet." in response.content.decode()


def test_only_the_events_organisers_get_badges(client, event, attendees, django_user_model):
    assert client.get(BADGES).status_code == 302
    stranger = django_user_model.objects.create_user("stranger", password="x", is_staff=True)
    stranger.groups.add(Group.objects.get(name=EVENT_ORGANISERS))
    client.force_login(stranger)
    assert client.get(BADGES).status_code == 403


def test_the_organiser_page_links_both_badge_layouts(organiser_client, event):
    page = organiser_client.get("/en/events/conference/organise/").content.decode()
    assert f'href="{BADGES}"' in page and f'href="{BADGES}?layout=a6"' in page
