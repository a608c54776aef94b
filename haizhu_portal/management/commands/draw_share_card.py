"""Draw the share image that WeChat and other apps show beside a link to any page.

Apps want a raster image (WeChat shows no SVG), 1200×630. Run again after a change of name:
    python manage.py draw_share_card
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from PIL import Image, ImageDraw, ImageFont

SIZE = (1200, 630)
ACCENT = "#0b5d57"
FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"  # Debian fonts-wqy-microhei, as the browser tests use
LINES = [("海珠微短剧招商门户", 84), ("Haizhu Portal", 56), ("在海珠创作微短剧 · Create micro-dramas in Haizhu", 34)]


class Command(BaseCommand):
    help = "Draw static/img/share-card.png, the Open Graph image of every page."

    def handle(self, *args, **options):
        image = Image.new("RGB", SIZE, ACCENT)
        draw = ImageDraw.Draw(image)
        top = 170
        for text, size in LINES:
            draw.text((90, top), text, font=ImageFont.truetype(FONT, size), fill="white")
            top += int(size * 1.6)
        draw.rectangle((90, 120, 250, 128), fill="#f2c14e")
        target = Path(settings.BASE_DIR) / "static" / "img" / "share-card.png"
        image.save(target, optimize=True)
        self.stdout.write(f"Drew {target.relative_to(settings.BASE_DIR)}")
