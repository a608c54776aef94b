import csv
import html
import io
import time
from datetime import UTC, datetime

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from django.core import mail, signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from enterprises.models import Enterprise, Photo, Work
from foundation import spam
from foundation.images import PhotoField
from foundation.models import OutgoingEmail
from tests.enterprises import image_files
from tests.enterprises.factories import SubmittedEnterpriseFactory
from tests.factories import DistrictFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/enterprises/enterprise/"
BOM = b"\xef\xbb\xbf"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def staff(django_user_model):
    """A site administrator: submissions from outside the portal's districts reach administrators only.
    Bureau editors' reach is tested in tests/portal/test_roles.py."""
    return django_user_model.objects.create_superuser("reviewer", password="x")


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    client.cookies["django_language"] = "en"
    return client


def submit_listing(client, language="en", **overrides) -> Enterprise:
    data = {
        "name_zh_hans": "映宇宙影业",
        "name_en": "Yingyuzhou Pictures",
        "segments": ["production"],
        "contact_name": "李明",
        "contact_email": "li@yingyuzhou.example.com",
        "consent": "on",
        "website": "",
        "started": signing.dumps(time.time() - 30, salt=spam.SALT),
        "works-TOTAL_FORMS": "0",
        "works-INITIAL_FORMS": "0",
        **overrides,
    }
    response = client.post(f"/{language}/enterprises/submit/", data)
    assert response.status_code == 302
    return Enterprise.objects.get(contact_email=data["contact_email"])


def run_action(client, action, enterprises, **extra):
    data = {"action": action, "_selected_action": [enterprise.pk for enterprise in enterprises], **extra}
    return client.post(CHANGELIST, data, follow=True)


def emails_to(address):
    return [message for message in mail.outbox if message.to == [address]]


def test_a_submission_approved_in_the_admin_is_published_and_the_company_told(
    client, staff_client, staff, django_capture_on_commit_callbacks
):
    enterprise = submit_listing(client)
    assert not Enterprise.objects.published().exists()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = run_action(staff_client, "approve_submissions", [enterprise])
    assert response.status_code == 200
    assert "1 listing decided" in response.content.decode()

    enterprise.refresh_from_db()
    assert enterprise.state == Enterprise.State.PUBLISHED
    assert enterprise.reviewed_by == staff and enterprise.reviewed_at is not None
    assert list(Enterprise.objects.published()) == [enterprise]
    [email] = emails_to("li@yingyuzhou.example.com")
    assert email.subject == "Yingyuzhou Pictures is now listed on the portal"
    assert "/en/enterprises/yingyuzhou-pictures/" in email.body


@pytest.mark.parametrize("bureau_email", ["", "listings@bureau.example"])
@pytest.mark.parametrize("action, extra", [("approve_submissions", {}), ("reject_submissions", {"apply": "1"})])
def test_the_decision_email_names_the_bureau_address_only_when_there_is_one(
    client, staff_client, settings, django_capture_on_commit_callbacks, bureau_email, action, extra
):
    settings.BUREAU_INQUIRY_EMAIL = bureau_email
    enterprise = submit_listing(client)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        run_action(staff_client, action, [enterprise], **extra)
    [email] = emails_to("li@yingyuzhou.example.com")
    if bureau_email:
        assert f"{bureau_email}." in email.body
    else:
        assert "write to" not in email.body and "questions go to" not in email.body and " .\n" not in email.body
        assert "/en/enterprises/" in email.body


def test_the_decision_email_is_in_the_language_the_company_wrote_in(
    client, staff_client, django_capture_on_commit_callbacks
):
    enterprise = submit_listing(client, language="zh-hans", name_en="")
    with django_capture_on_commit_callbacks(execute=True):
        run_action(staff_client, "approve_submissions", [enterprise])
    [decision] = emails_to("li@yingyuzhou.example.com")
    assert f"/zh-hans/enterprises/{enterprise.slug}/" in decision.body
    assert "映宇宙影业" in decision.subject


def test_declining_asks_for_a_reason_then_tells_the_company_and_keeps_it_off_the_site(
    client, staff_client, django_capture_on_commit_callbacks
):
    enterprise = submit_listing(client)
    confirmation = run_action(staff_client, "reject_submissions", [enterprise])
    assert confirmation.status_code == 200
    page = confirmation.content.decode()
    assert "Yingyuzhou Pictures" in page and 'name="note"' in page
    enterprise.refresh_from_db()
    assert enterprise.state == Enterprise.State.PENDING

    mail.outbox.clear()
    reason = "We list micro-drama companies only; the website shows a furniture shop."
    with django_capture_on_commit_callbacks(execute=True):
        response = run_action(staff_client, "reject_submissions", [enterprise], apply="1", note=reason)
    assert "1 listing decided" in response.content.decode()
    enterprise.refresh_from_db()
    assert enterprise.state == Enterprise.State.REJECTED
    assert enterprise.review_note == reason
    assert not Enterprise.objects.published().exists()
    [email] = emails_to("li@yingyuzhou.example.com")
    assert email.subject == "The listing for Yingyuzhou Pictures was not published"
    assert reason in email.body
    assert "/en/enterprises/submit/" in email.body


def test_declining_without_a_new_reason_sends_the_note_written_on_the_listing(
    staff_client, django_capture_on_commit_callbacks
):
    enterprise = SubmittedEnterpriseFactory(review_note="Please send the business licence number.")
    with django_capture_on_commit_callbacks(execute=True):
        run_action(staff_client, "reject_submissions", [enterprise], apply="1", note="")
    [email] = emails_to(enterprise.contact_email)
    assert "Please send the business licence number." in email.body


def test_only_pending_submissions_are_approved_or_declined(staff_client):
    published = SubmittedEnterpriseFactory(state=Enterprise.State.PUBLISHED)
    rejected = SubmittedEnterpriseFactory(state=Enterprise.State.REJECTED)
    response = run_action(staff_client, "approve_submissions", [published, rejected])
    assert "2 listings were not waiting for review" in response.content.decode()
    rejected.refresh_from_db()
    assert rejected.state == Enterprise.State.REJECTED
    assert OutgoingEmail.objects.count() == 0


def test_publish_and_unpublish_leave_submissions_to_the_review(staff_client):
    pending = SubmittedEnterpriseFactory()
    hidden = SubmittedEnterpriseFactory(state=Enterprise.State.UNPUBLISHED)
    response = run_action(staff_client, "publish", [pending, hidden])
    page = response.content.decode()
    assert "1 listing published." in page and "approve it instead" in page
    pending.refresh_from_db()
    hidden.refresh_from_db()
    assert (pending.state, hidden.state) == (Enterprise.State.PENDING, Enterprise.State.PUBLISHED)

    run_action(staff_client, "unpublish", [hidden, pending])
    hidden.refresh_from_db()
    pending.refresh_from_db()
    assert (pending.state, hidden.state) == (Enterprise.State.PENDING, Enterprise.State.UNPUBLISHED)
    assert OutgoingEmail.objects.count() == 0


def test_the_state_of_a_pending_submission_cannot_be_edited_past_the_review(staff_client):
    enterprise = SubmittedEnterpriseFactory()
    page = staff_client.get(f"{CHANGELIST}{enterprise.pk}/change/").content.decode()
    assert 'name="state"' not in page
    enterprise.state = Enterprise.State.UNPUBLISHED
    enterprise.save()
    assert 'name="state"' in staff_client.get(f"{CHANGELIST}{enterprise.pk}/change/").content.decode()


def test_list_filters_by_segment_and_searches_both_names(staff_client):
    SubmittedEnterpriseFactory(name_zh_hans="红果短剧", name_en="Hongguo", segments=["platform"])
    SubmittedEnterpriseFactory(name_zh_hans="九州文化", name_en="Jiuzhou Culture", segments=["production"])
    platforms = staff_client.get(CHANGELIST, {"segment": "platform"}).content.decode()
    assert "Hongguo" in platforms and "Jiuzhou" not in platforms
    found = staff_client.get(CHANGELIST, {"q": "九州"}).content.decode()
    assert "Jiuzhou" in found and "Hongguo" not in found


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_admin_pages_open_for_bureau_staff_in_both_languages(client, django_user_model, language):
    editor = django_user_model.objects.create_user("editor", password="x", is_staff=True)
    editor.groups.add(Group.objects.get(name="Bureau staff"))
    client.force_login(editor)
    staff_client = client
    district = DistrictFactory(slug="haizhu")
    district.editors.add(editor)
    enterprise = SubmittedEnterpriseFactory(district=district, state=Enterprise.State.PUBLISHED)
    Work.objects.create(enterprise=enterprise, title_en="Heiress", kind=Work.Kind.SERIES)
    image = PhotoField().clean(image_files.upload(image_files.jpeg_bytes()))
    Photo.objects.create(enterprise=enterprise, image=image, caption_en="Studio")
    staff_client.cookies["django_language"] = language
    for path in ["", "add/", f"{enterprise.pk}/change/", "import/", "export/"]:
        assert staff_client.get(CHANGELIST + path).status_code == 200, path
    changelist = staff_client.get(CHANGELIST).content.decode()
    assert f'href="/{language}/enterprises/{enterprise.slug}/"' in changelist
    confirmation = run_action(staff_client, "reject_submissions", [enterprise])
    assert confirmation.status_code == 200


def change_form_data(enterprise, **overrides):
    data = {
        "slug": enterprise.slug,
        "name_zh_hans": enterprise.name_zh_hans,
        "name_en": enterprise.name_en,
        "segments": enterprise.segments,
        "state": enterprise.state,
        "works-TOTAL_FORMS": "0",
        "works-INITIAL_FORMS": "0",
        "photos-TOTAL_FORMS": "0",
        "photos-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_staff_uploads_are_checked_and_processed_like_public_ones(staff_client, media_root):
    enterprise = SubmittedEnterpriseFactory(state=Enterprise.State.UNPUBLISHED)
    url = f"{CHANGELIST}{enterprise.pk}/change/"
    bomb = SimpleUploadedFile("logo.png", image_files.png_declaring(100_000, 100_000), "image/png")
    response = staff_client.post(url, change_form_data(enterprise, logo=bomb))
    assert response.status_code == 200
    assert "more than 40 megapixels" in response.content.decode()

    logo = SimpleUploadedFile("logo.jpg", image_files.jpeg_bytes(size=(1000, 1000), gps=True), "image/jpeg")
    photo = SimpleUploadedFile("set.jpg", image_files.jpeg_bytes(size=(4000, 3000)), "image/jpeg")
    data = change_form_data(enterprise, logo=logo, **{"photos-TOTAL_FORMS": "1", "photos-0-image": photo})
    data["photos-0-display_order"] = "1"
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    enterprise.refresh_from_db()
    assert (enterprise.logo_width, enterprise.logo_height) == (320, 320)
    assert image_files.CAMERA.encode() not in (media_root / enterprise.logo.name).read_bytes()
    assert [(photo.width, photo.height) for photo in enterprise.photos.all()] == [(1280, 960)]


def test_staff_may_keep_a_listing_with_only_its_english_name_but_not_with_none(staff_client):
    enterprise = SubmittedEnterpriseFactory(name_zh_hans=None, name_en="FlickReels", state=Enterprise.State.UNPUBLISHED)
    url = f"{CHANGELIST}{enterprise.pk}/change/"
    assert staff_client.post(url, change_form_data(enterprise, name_zh_hans="", is_verified="on")).status_code == 302
    enterprise.refresh_from_db()
    assert enterprise.is_verified and enterprise.name_en == "FlickReels"
    response = staff_client.post(url, change_form_data(enterprise, name_zh_hans="", name_en=""))
    assert response.status_code == 200
    assert "in Chinese, in English or both" in html.unescape(response.content.decode())


def import_csv(client, content: bytes):
    """Upload a CSV through the admin's import, confirm the preview, and return the final page."""
    upload = SimpleUploadedFile("listings.csv", content, "text/csv")
    preview = client.post(f"{CHANGELIST}import/", {"format": "0", "resource": "0", "import_file": upload})
    assert preview.status_code == 200
    confirm_form = preview.context.get("confirm_form")
    if confirm_form is None:
        return preview
    return client.post(f"{CHANGELIST}process_import/", confirm_form.initial, follow=True)


CSV_HEADER = "slug,name_zh_hans,name_en,district,segments,founded_year,size_band,website,summary_zh_hans,state"
CSV_WITH_CHINESE_NAMES = f"""{CSV_HEADER}
jiuzhou,九州文化,Jiuzhou Culture,haizhu,"production, platform",2015,medium,https://jiuzhou.example.com,短剧出品方,published
dianzhong,点众科技,,,技术、平台,2013,,,,unpublished
"""


def test_csv_import_with_chinese_names_creates_and_updates_by_slug_but_never_publishes(staff_client):
    haizhu = DistrictFactory(slug="haizhu")
    SubmittedEnterpriseFactory(slug="jiuzhou", name_zh_hans="旧名", name_en="Old name", contact_email="keep@x.example")
    response = import_csv(staff_client, BOM + CSV_WITH_CHINESE_NAMES.encode())
    assert "Import finished: 1 new, 1 updated" in response.content.decode()

    jiuzhou = Enterprise.objects.get(slug="jiuzhou")
    assert (jiuzhou.name_zh_hans, jiuzhou.name_en) == ("九州文化", "Jiuzhou Culture")
    assert jiuzhou.district == haizhu and jiuzhou.segments == ["production", "platform"]
    # The state column is ignored: a pending submission stays pending, a new row arrives unpublished.
    assert jiuzhou.state == Enterprise.State.PENDING and jiuzhou.summary_zh_hans == "短剧出品方"
    assert jiuzhou.contact_email == "keep@x.example"
    dianzhong = Enterprise.objects.get(slug="dianzhong")
    assert dianzhong.name_zh_hans == "点众科技" and not dianzhong.name_en
    assert dianzhong.segments == ["technology", "platform"] and dianzhong.district is None
    assert dianzhong.state == Enterprise.State.UNPUBLISHED


def test_csv_import_without_a_byte_order_mark_reads_chinese_too(staff_client):
    DistrictFactory(slug="haizhu")
    import_csv(staff_client, CSV_WITH_CHINESE_NAMES.encode())
    assert Enterprise.objects.get(slug="dianzhong").name_zh_hans == "点众科技"


@pytest.mark.parametrize(
    "row, message",
    [
        (
            "bad,坏,Bad,nowhere,production,2015,,,,pending",
            "There is no district “nowhere”.",
        ),
        ("bad,坏,Bad,,smuggling,2015,,,,pending", "Unknown segment smuggling"),
        ("bad,坏,Bad,,production,1700,,,,pending", "The founding year must lie between 1800 and 2200."),
    ],
)
def test_csv_rows_with_mistakes_are_shown_and_nothing_is_saved(staff_client, row, message):
    response = import_csv(staff_client, f"{CSV_HEADER}\n{row}\n".encode())
    assert "confirm_form" not in response.context
    assert message in html.unescape(response.content.decode())
    assert not Enterprise.objects.filter(slug="bad").exists()


def export_csv(client) -> bytes:
    response = client.post(f"{CHANGELIST}export/", {"format": "0", "resource": "0"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return response.content


def test_export_opens_in_excel_with_chinese_names_and_imports_back_unchanged(staff_client):
    DistrictFactory(slug="haizhu")
    SubmittedEnterpriseFactory(
        slug="jiuzhou",
        name_zh_hans="九州文化",
        name_en="Jiuzhou Culture",
        segments=["production", "overseas"],
        founded_year=2015,
        summary_zh_hans="短剧出品方，出海发行",
        description_en='Line one\nLine two, with "quotes"',
        state=Enterprise.State.PUBLISHED,
        contact_email="private@jiuzhou.example.com",
    )
    content = export_csv(staff_client)
    assert content.startswith(BOM)
    assert b"private@jiuzhou.example.com" not in content
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert (
        rows[0]["Chinese name"] == "九州文化" and rows[0]["Value-chain segments"] == "Production, Overseas distribution"
    )

    columns = ["slug", "name_zh_hans", "segments", "founded_year", "summary_zh_hans", "description_en", "state"]
    before = Enterprise.objects.filter(slug="jiuzhou").values(*columns).get()
    Enterprise.objects.filter(slug="jiuzhou").update(name_zh_hans="改过的名字", founded_year=2000)
    response = import_csv(staff_client, content)
    assert "1 updated" in response.content.decode()
    assert Enterprise.objects.filter(slug="jiuzhou").values(*columns).get() == before
    assert export_csv(staff_client) == content


def test_a_csv_import_cannot_publish_a_pending_listing_nor_create_a_published_one(staff_client):
    pending = SubmittedEnterpriseFactory(slug="jiuzhou", state=Enterprise.State.PENDING)
    hidden = SubmittedEnterpriseFactory(slug="hidden", state=Enterprise.State.UNPUBLISHED)
    rows = [
        "jiuzhou,九州文化,Jiuzhou Culture,,production,2015,,,,published",
        "hidden,隐藏,Hidden,,production,2015,,,,published",
        "fresh,新公司,Fresh Studio,,production,2020,,,,published",
    ]
    response = import_csv(staff_client, "\n".join([CSV_HEADER, *rows, ""]).encode())
    assert "1 new, 2 updated" in response.content.decode()
    pending.refresh_from_db()
    hidden.refresh_from_db()
    assert (pending.state, pending.name_en) == (Enterprise.State.PENDING, "Jiuzhou Culture")
    assert hidden.state == Enterprise.State.UNPUBLISHED
    assert Enterprise.objects.get(slug="fresh").state == Enterprise.State.UNPUBLISHED
    assert not Enterprise.objects.published().exists()


@pytest.mark.parametrize("formula", ['=HYPERLINK("http://evil.example","x")', "+1+2", "-1+2", "@SUM(A1)", "＝1+1"])
def test_export_escapes_formulas_from_public_submissions_and_imports_them_back_unchanged(staff_client, formula):
    SubmittedEnterpriseFactory(slug="studio", name_en=formula, summary_en=formula, state=Enterprise.State.PUBLISHED)
    content = export_csv(staff_client)
    row = next(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert row["English name"] == "'" + formula and row["Summary in English"] == "'" + formula
    Enterprise.objects.filter(slug="studio").update(name_en="changed")
    import_csv(staff_client, content)
    assert Enterprise.objects.get(slug="studio").name_en == formula


def test_export_speaks_the_staff_members_language_and_imports_back(staff_client):
    haizhu = DistrictFactory(slug="haizhu", name_zh_hans="海珠区", name_en="Haizhu District")
    SubmittedEnterpriseFactory(
        slug="jiuzhou",
        name_zh_hans="九州文化",
        district=haizhu,
        segments=["production", "overseas"],
        size_band=Enterprise.SizeBand.MEDIUM,
        state=Enterprise.State.PUBLISHED,
        is_verified=True,
    )
    staff_client.cookies["django_language"] = "zh-hans"
    content = export_csv(staff_client)
    row = next(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert row["中文名称"] == "九州文化" and row["区域"] == "海珠区"
    assert row["产业链环节"] == "制作、海外发行"
    assert (row["发布状态"], row["已核实"], row["规模"]) == ("已发布", "是", "50–249人")

    Enterprise.objects.filter(slug="jiuzhou").update(
        segments=["platform"], is_verified=False, state="unpublished", district=None
    )
    staff_client.cookies["django_language"] = "en"  # a Chinese file read by English-speaking staff
    assert "1 updated" in import_csv(staff_client, content).content.decode()
    jiuzhou = Enterprise.objects.get(slug="jiuzhou")
    assert jiuzhou.segments == ["production", "overseas"]
    assert jiuzhou.is_verified and jiuzhou.district == haizhu
    assert jiuzhou.state == Enterprise.State.UNPUBLISHED  # an import never changes publication state


def test_export_file_is_named_with_the_date_in_guangzhou(staff_client):
    # 20:30 UTC on 25 November is already 26 November in Guangzhou.
    evening_utc = datetime(2026, 11, 25, 20, 30, tzinfo=UTC)
    with time_machine.travel(evening_utc, tick=False):
        response = staff_client.post(f"{CHANGELIST}export/", {"format": "0", "resource": "0"})
    assert 'filename="enterprises-2026-11-26.csv"' in response["Content-Disposition"]


def test_import_and_export_need_the_right_permissions(django_user_model, staff_client):
    client = Client()
    viewer = django_user_model.objects.create_user("viewer", password="x", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_enterprise"))
    client.force_login(viewer)
    assert client.get(f"{CHANGELIST}import/").status_code == 403
    assert client.post(f"{CHANGELIST}export/", {"format": "0", "resource": "0"}).status_code == 200

    organiser = django_user_model.objects.create_user("organiser", password="x", is_staff=True)
    organiser.groups.add(Group.objects.get(name="Event organisers"))
    client.force_login(organiser)
    assert client.get(f"{CHANGELIST}export/").status_code == 403
    assert client.get(f"{CHANGELIST}import/").status_code == 403

    assert staff_client.get(f"{CHANGELIST}import/").status_code == 200
