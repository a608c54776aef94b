"""Real image files made in the test: good ones with metadata, and the bad ones people and bots upload."""

import io
import os
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image, PngImagePlugin

CAMERA = "SpyCam 3000"
XMP_SECRET = b"<x:xmpmeta>secret location note</x:xmpmeta>"


def jpeg_bytes(size=(400, 200), *, orientation=None, gps=False, colour="red") -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = CAMERA
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    if gps:
        position = exif.get_ifd(ExifTags.IFD.GPSInfo)
        position[ExifTags.GPS.GPSLatitudeRef] = "N"
        position[ExifTags.GPS.GPSLatitude] = (23.0, 6.0, 0.0)
        position[ExifTags.GPS.GPSLongitudeRef] = "E"
        position[ExifTags.GPS.GPSLongitude] = (113.0, 19.0, 0.0)
    output = io.BytesIO()
    Image.new("RGB", size, colour).save(output, "JPEG", exif=exif, xmp=XMP_SECRET)
    return output.getvalue()


def png_bytes(size=(600, 300), *, mode="RGBA", text=None) -> bytes:
    info = PngImagePlugin.PngInfo()
    for key, value in (text or {}).items():
        info.add_text(key, value)
    output = io.BytesIO()
    Image.new(mode, size, (10, 93, 87, 128) if mode == "RGBA" else "teal").save(output, "PNG", pnginfo=info)
    return output.getvalue()


def webp_bytes(size=(800, 800)) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", size, "blue").save(output, "WEBP")
    return output.getvalue()


def gif_bytes() -> bytes:
    output = io.BytesIO()
    Image.new("P", (50, 50)).save(output, "GIF")
    return output.getvalue()


def noise_png_bytes(size=(1500, 1500)) -> bytes:
    """Incompressible pixels, so the file is as large as it looks (about 6.7 MB here)."""
    output = io.BytesIO()
    Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)).save(output, "PNG", compress_level=1)
    return output.getvalue()


def png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims `width` x `height` pixels: a decompression bomb's calling card."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 1024))
        + chunk(b"IEND", b"")
    )


def upload(content: bytes, name="logo.jpg", content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)
