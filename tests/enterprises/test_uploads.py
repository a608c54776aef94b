import io

import pytest
from django import forms
from django.utils import translation
from PIL import ExifTags, Image

from enterprises.models import Enterprise, Photo
from foundation.images import ERROR_MESSAGES, LOGO_BOX, PHOTO_BOX, LogoField, PhotoField, process_image
from tests.enterprises import image_files
from tests.enterprises.image_files import upload


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def refusal(field, content, name="logo.png", content_type="image/png") -> str:
    with pytest.raises(forms.ValidationError) as raised:
        field.clean(upload(content, name, content_type))
    return raised.value.messages[0]


def test_a_text_file_named_png_is_refused():
    message = refusal(LogoField(), b"Hello, I am not a picture at all.\n" * 20)
    assert message == ERROR_MESSAGES["not_image"]


def test_an_image_in_a_format_we_do_not_take_is_refused_whatever_its_name():
    assert (
        refusal(LogoField(), image_files.gif_bytes(), name="logo.jpg", content_type="image/jpeg")
        == (ERROR_MESSAGES["not_image"])
    )


def test_a_truncated_jpeg_is_refused_as_damaged():
    whole = image_files.jpeg_bytes(size=(800, 600))
    message = refusal(LogoField(), whole[: len(whole) // 2], name="logo.jpg", content_type="image/jpeg")
    assert message == ERROR_MESSAGES["damaged"]


def test_a_file_over_five_megabytes_is_refused_before_it_is_decoded():
    content = image_files.noise_png_bytes()
    assert len(content) > 5 * 1024 * 1024
    with translation.override("en"):
        assert refusal(PhotoField(), content) == "The image is larger than 5 MB. Please upload a smaller file."


@pytest.mark.parametrize("width, height", [(8_000, 6_000), (100_000, 100_000)])
def test_a_small_file_declaring_a_huge_pixel_count_is_refused(width, height):
    content = image_files.png_declaring(width, height)
    assert len(content) < 1_000
    assert refusal(PhotoField(), content) == ERROR_MESSAGES["too_many_pixels"]


def test_a_declared_size_just_under_the_limit_is_decoded_and_then_refused_as_damaged():
    # 6,000 x 6,000 is 36 megapixels: allowed in the header, but the pixel data is missing.
    assert refusal(PhotoField(), image_files.png_declaring(6_000, 6_000)) == ERROR_MESSAGES["damaged"]


def test_exif_with_gps_and_xmp_is_stripped_and_the_orientation_applied():
    content = image_files.jpeg_bytes(size=(400, 200), orientation=6, gps=True)
    assert image_files.CAMERA.encode() in content and image_files.XMP_SECRET in content

    processed = process_image(upload(content), box=LOGO_BOX)
    data = processed.read()
    assert image_files.CAMERA.encode() not in data
    assert image_files.XMP_SECRET not in data
    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG"
    exif = image.getexif()
    assert ExifTags.Base.Orientation not in exif
    assert not exif.get_ifd(ExifTags.IFD.GPSInfo)
    assert ExifTags.Base.Make not in exif
    # Orientation 6 means "rotate to stand upright": the landscape file is a portrait picture.
    assert image.size == (160, 320)


def test_png_text_chunks_are_stripped_and_transparency_kept():
    content = image_files.png_bytes(text={"Author": "Li Ming, 13812345678"})
    processed = process_image(upload(content), box=LOGO_BOX).read()
    assert b"13812345678" not in processed
    image = Image.open(io.BytesIO(processed))
    assert image.mode == "RGBA" and image.size == (320, 160)


def test_photos_fit_within_1280_and_keep_their_aspect():
    processed = process_image(upload(image_files.jpeg_bytes(size=(3000, 2000))), box=PHOTO_BOX)
    assert Image.open(processed).size == (1280, 853)
    assert processed.name.endswith(".jpg")


def test_small_images_are_never_enlarged_and_webp_stays_webp():
    processed = process_image(upload(image_files.webp_bytes(size=(200, 100)), "logo.webp", "image/webp"), box=LOGO_BOX)
    image = Image.open(processed)
    assert image.format == "WEBP" and image.size == (200, 100)


def test_the_stored_name_does_not_repeat_the_uploaded_one():
    processed = process_image(upload(image_files.jpeg_bytes(), name="李明-passport-scan.jpg"), box=LOGO_BOX)
    assert "passport" not in processed.name


@pytest.mark.django_db
def test_saved_logo_and_photo_have_their_width_and_height_filled(media_root):
    logo = LogoField().clean(upload(image_files.png_bytes(size=(1000, 500)), "logo.png", "image/png"))
    enterprise = Enterprise.objects.create(slug="acme", name_en="Acme", segments=["production"], logo=logo)
    photo = Photo.objects.create(
        enterprise=enterprise, image=PhotoField().clean(upload(image_files.jpeg_bytes(size=(2560, 1440))))
    )
    enterprise.refresh_from_db()
    photo.refresh_from_db()
    assert (enterprise.logo_width, enterprise.logo_height) == (320, 160)
    assert (photo.width, photo.height) == (1280, 720)
    assert enterprise.logo.name.startswith("enterprises/logos/") and (media_root / enterprise.logo.name).exists()
    assert Image.open(media_root / photo.image.name).size == (1280, 720)
