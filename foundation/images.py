"""Uploaded logos and photos: only real JPEG, PNG and WebP images, re-encoded small and without metadata.

Every upload is decoded in full, so a file that merely claims to be an image, a truncated one or a
decompression bomb is refused with a message a person understands. Re-encoding drops EXIF (GPS
position, camera serial) and XMP; the EXIF orientation is applied first so photos stay upright.
"""

import io
import uuid
import warnings

from django import forms
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
LOGO_BOX = (320, 320)
PHOTO_BOX = (1280, 1280)

# Pillow's own bomb check then matches ours for every image opened in this process.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
# A truncated file is refused, never padded with grey.
ImageFile.LOAD_TRUNCATED_IMAGES = False

# Parsers tried on an upload: nothing else is reachable from a public form.
ACCEPTED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}

ERROR_MESSAGES = {
    "too_large": _("The image is larger than 5 MB. Please upload a smaller file."),
    "not_image": _("This file is not an image we can read. Please upload a JPEG, PNG or WebP image."),
    "too_many_pixels": _("The image has more than 40 megapixels. Please upload a smaller image."),
    "damaged": _("The image file is incomplete or damaged. Please export it again and upload the new file."),
}


def process_image(upload, *, box: tuple[int, int]) -> ContentFile:
    """Check an uploaded image, fit it within `box` and re-encode it without metadata.

    Returns a new file (random name, same format) whose size is at most `box`; raises
    forms.ValidationError with one of ERROR_MESSAGES.
    """
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise forms.ValidationError(ERROR_MESSAGES["too_large"], code="too_large")
    upload.seek(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(upload, formats=list(ACCEPTED_FORMATS))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise forms.ValidationError(ERROR_MESSAGES["too_many_pixels"], code="too_many_pixels")
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
            raise forms.ValidationError(ERROR_MESSAGES["not_image"], code="not_image")
        # The declared size, read from the header, before a single pixel is decoded.
        width, height = image.size
        if width * height > MAX_PIXELS:
            raise forms.ValidationError(ERROR_MESSAGES["too_many_pixels"], code="too_many_pixels")
        image_format = image.format
        try:
            if image_format == "JPEG":
                # Decode a large JPEG at a reduced scale that still covers the box.
                image.draft(None, (max(box) * 2, max(box) * 2))
            image.load()
            image = ImageOps.exif_transpose(image)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise forms.ValidationError(ERROR_MESSAGES["too_many_pixels"], code="too_many_pixels")
        except (OSError, ValueError, SyntaxError, EOFError):
            raise forms.ValidationError(ERROR_MESSAGES["damaged"], code="damaged")
        image.thumbnail(box, Image.Resampling.LANCZOS)
        try:
            content = _encode(image, image_format)
        except (OSError, ValueError):
            raise forms.ValidationError(ERROR_MESSAGES["damaged"], code="damaged")
    return ContentFile(content, name=f"{uuid.uuid4().hex}.{ACCEPTED_FORMATS[image_format]}")


ENCODER_OPTIONS = {
    "JPEG": {"quality": 85, "optimize": True, "progressive": True},
    "WEBP": {"quality": 85},
    "PNG": {"optimize": True},
}
# Pillow modes each format can store; anything else is converted first.
SAVE_MODES = {"JPEG": ("RGB", "L"), "WEBP": ("RGB", "RGBA"), "PNG": ("1", "L", "LA", "P", "RGB", "RGBA")}


def _encode(image: Image.Image, image_format: str) -> bytes:
    """Save afresh: only the colour profile and PNG transparency are passed on; EXIF, XMP and text are not."""
    options = dict(ENCODER_OPTIONS[image_format])
    if image.mode in SAVE_MODES[image_format]:
        if image.info.get("icc_profile"):
            options["icc_profile"] = image.info["icc_profile"]
        if image_format == "PNG" and image.info.get("transparency") is not None:
            options["transparency"] = image.info["transparency"]
    else:
        # A profile for the old mode (CMYK, say) would misdescribe the converted pixels, so none is kept.
        image = image.convert("RGB" if image_format == "JPEG" else "RGBA")
    image.info = {}
    output = io.BytesIO()
    image.save(output, image_format, **options)
    return output.getvalue()


class UploadedImageField(forms.ImageField):
    """An image upload checked and re-encoded by process_image; used by the public form and the admin."""

    box = PHOTO_BOX

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs["accept"] = "image/jpeg,image/png,image/webp"
        return attrs

    def to_python(self, data):
        # FileField's checks (empty file, name length) only; process_image does the image checks.
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        return process_image(upload, box=self.box)


class LogoField(UploadedImageField):
    box = LOGO_BOX


class PhotoField(UploadedImageField):
    box = PHOTO_BOX
