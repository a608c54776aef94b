"""Name badges of an event's confirmed attendees as a PDF: A4 sheets of eight 90 x 55 mm badges with cut
marks, or one badge a page for A6 badge holders. One drawing of one badge serves both layouts.

The font is Debian's fonts-wqy-microhei: its TrueType outlines cover Chinese and Latin alike, and
reportlab embeds only TrueType outlines (Noto CJK's CFF outlines it cannot), so Chinese names print
in the PDF's own font on any printer.
"""

import functools
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby

from reportlab import rl_config
from reportlab.lib.colors import Color
from reportlab.lib.pagesizes import A4, A6, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from events.models import Event, Registration

# Binary streams: ASCII85 only serves 7-bit channels, and costs a quarter more bytes and time.
rl_config.useA85 = 0
FONT_FILE = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"  # Debian fonts-wqy-microhei
FONT = "WenQuanYiMicroHei"

BADGE_WIDTH = 90 * mm
BADGE_HEIGHT = 55 * mm
PADDING = 4 * mm
QR_BOX = 32 * mm  # the code with its quiet zone of four modules
QR_QUIET_MODULES = 4
GREY = Color(0.35, 0.35, 0.35)
ACCENT = Color(0.09, 0.36, 0.55)
BLACK = Color(0, 0, 0)
FULL_WIDTH = BADGE_WIDTH - 2 * PADDING


@dataclass(frozen=True)
class TextStyle:
    largest: float  # points
    smallest: float  # below this, text is cut with an ellipsis rather than shrunk further
    max_lines: int
    color: Color


TITLE = TextStyle(largest=8, smallest=6.5, max_lines=2, color=GREY)
NAME = TextStyle(largest=22, smallest=11, max_lines=2, color=BLACK)
ORGANISATION = TextStyle(largest=11, smallest=7, max_lines=2, color=BLACK)
ROLE = TextStyle(largest=9, smallest=7, max_lines=1, color=ACCENT)


@dataclass(frozen=True)
class Layout:
    page_size: tuple[float, float]
    columns: int
    rows: int
    scale: float  # of the 90 x 55 mm badge
    cut_marks: bool

    @property
    def per_page(self) -> int:
        return self.columns * self.rows


LAYOUTS = {
    # 2 x 4 badges (180 x 220 mm) centred on the sheet leave margins of 15 and 38.5 mm for the cut marks.
    "a4": Layout(A4, columns=2, rows=4, scale=1, cut_marks=True),
    # The badge enlarged to fill a landscape A6 page with 5 mm to spare.
    "a6": Layout(landscape(A6), columns=1, rows=1, scale=(A6[1] - 10 * mm) / BADGE_WIDTH, cut_marks=False),
}
DEFAULT_LAYOUT = "a4"


def badges_pdf(event: Event, registrations: Iterable[Registration], layout_name: str = DEFAULT_LAYOUT) -> bytes:
    """One badge per registration, in the order given: name, organisation, role, event title and ticket QR code."""
    layout = LAYOUTS[layout_name]
    font = badge_font()
    output = io.BytesIO()
    canvas = Canvas(output, pagesize=layout.page_size, pageCompression=1, initialFontName=font)
    canvas.setTitle(event.title)
    grid_width = layout.columns * BADGE_WIDTH * layout.scale
    grid_height = layout.rows * BADGE_HEIGHT * layout.scale
    left = (layout.page_size[0] - grid_width) / 2
    bottom = (layout.page_size[1] - grid_height) / 2
    for position, registration in enumerate(registrations):
        place = position % layout.per_page
        if position and not place:
            canvas.showPage()
        if not place and layout.cut_marks:
            draw_cut_marks(canvas, layout, left, bottom)
        row, column = divmod(place, layout.columns)
        canvas.saveState()
        canvas.translate(
            left + column * BADGE_WIDTH * layout.scale, bottom + grid_height - (row + 1) * BADGE_HEIGHT * layout.scale
        )
        canvas.scale(layout.scale, layout.scale)
        draw_badge(canvas, font, registration, event.title)
        canvas.restoreState()
    canvas.showPage()
    canvas.save()
    return output.getvalue()


@functools.cache
def badge_font() -> str:
    pdfmetrics.registerFont(TTFont(FONT, FONT_FILE, subfontIndex=0))
    return FONT


def draw_badge(canvas: Canvas, font: str, registration: Registration, event_title: str) -> None:
    """One badge with its bottom left corner at the origin: the event on top, the person left, the QR code right."""
    top = draw_text(canvas, font, event_title, TITLE, x=PADDING, top=BADGE_HEIGHT - PADDING, width=FULL_WIDTH)
    canvas.setStrokeColor(ACCENT)
    canvas.setLineWidth(0.8)
    canvas.line(PADDING, top - 1.5 * mm, BADGE_WIDTH - PADDING, top - 1.5 * mm)

    qr_left, qr_bottom = BADGE_WIDTH - 2 * mm - QR_BOX, 5 * mm
    draw_qr_code(canvas, registration.ticket_qr_code().matrix, x=qr_left, y=qr_bottom, size=QR_BOX)
    canvas.setFillColor(GREY)
    canvas.setFont(font, 6.5)
    canvas.drawCentredString(qr_left + QR_BOX / 2, qr_bottom - 2 * mm, registration.ticket_code)

    # The QR code's quiet zone keeps the text clear of it.
    width = qr_left - PADDING
    top = draw_text(canvas, font, registration.full_name, NAME, x=PADDING, top=top - 4 * mm, width=width)
    top = draw_text(canvas, font, registration.organisation, ORGANISATION, x=PADDING, top=top - 2 * mm, width=width)
    draw_text(canvas, font, registration.get_role_display(), ROLE, x=PADDING, top=top - 2 * mm, width=width)


def draw_text(canvas: Canvas, font: str, text: str, style: TextStyle, *, x: float, top: float, width: float) -> float:
    """Draw `text` below `top`, as large as fits `width` in the style's lines; return where it ends."""
    size, lines = fitted(text, style, font=font, width=width)
    canvas.setFillColor(style.color)
    canvas.setFont(font, size)
    for line in lines:
        top -= size * 1.15
        canvas.drawString(x, top + size * 0.2, line)
    return top


# Chinese, Japanese and Korean characters, and full-width forms: a line may break before any of them,
# as after a space or a hyphen.
CJK = "\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
PIECES = re.compile(rf"[{CJK}]|[^\s{CJK}-]*-\s*|[^\s{CJK}-]+\s*|\s+")


def fitted(text: str, style: TextStyle, *, font: str, width: float) -> tuple[float, list[str]]:
    """The largest size at which `text` fits the style's lines without breaking a word, and its lines; at the
    smallest size words break, and what still does not fit is cut with an ellipsis: nothing runs off the badge."""
    size = style.largest
    while size > style.smallest:
        lines = wrapped(text, font=font, size=size, width=width, break_words=False)
        if lines is not None and len(lines) <= style.max_lines:
            return size, lines
        size -= 0.5
    size = style.smallest
    lines = wrapped(text, font=font, size=size, width=width, break_words=True)
    if len(lines) > style.max_lines:
        last = lines[style.max_lines - 1]
        while last and pdfmetrics.stringWidth(last + "…", font, size) > width:
            last = last[:-1]
        lines = lines[: style.max_lines - 1] + [last.rstrip() + "…"]
    return size, lines


def wrapped(text: str, *, font: str, size: float, width: float, break_words: bool) -> list[str] | None:
    """Lines no wider than `width`, broken between words and between Chinese characters; a word too long
    for a line is broken too, or, without `break_words`, makes the answer None."""
    lines, line = [], ""
    for piece in PIECES.findall(" ".join(text.split())):
        fits = pdfmetrics.stringWidth(piece.rstrip(), font, size) <= width
        if not (fits or break_words):
            return None
        for part in [piece] if fits else piece:
            if line and pdfmetrics.stringWidth(line + part.rstrip(), font, size) > width:
                lines.append(line.rstrip())
                line = part.lstrip()
            else:
                line += part
    if line.strip():
        lines.append(line.rstrip())
    return lines


def draw_qr_code(canvas: Canvas, matrix, *, x: float, y: float, size: float) -> None:
    """Each row's runs of dark modules as rectangles of one filled path, written in whole modules: a few
    hundred short operators a code, which for 500 badges is much faster than reportlab's own path."""
    modules = len(matrix)
    module = size / (modules + 2 * QR_QUIET_MODULES)
    rectangles = []
    for row_number, row in enumerate(matrix):
        column = 0
        for dark, run in groupby(row):
            length = len(list(run))
            if dark:
                rectangles.append(f"{column} {modules - 1 - row_number} {length} 1 re")
            column += length
    canvas.saveState()
    canvas.setFillColor(BLACK)
    canvas.translate(x + QR_QUIET_MODULES * module, y + QR_QUIET_MODULES * module)
    canvas.scale(module, module)
    canvas.addLiteral("\n".join(rectangles) + "\nf")
    canvas.restoreState()


def draw_cut_marks(canvas: Canvas, layout: Layout, left: float, bottom: float) -> None:
    """Short lines in the margins along every edge between badges, clear of the badges themselves."""
    badge_width, badge_height = BADGE_WIDTH * layout.scale, BADGE_HEIGHT * layout.scale
    right = left + layout.columns * badge_width
    top = bottom + layout.rows * badge_height
    gap, length = 2 * mm, 6 * mm
    canvas.setStrokeColor(BLACK)
    canvas.setLineWidth(0.25)
    for column in range(layout.columns + 1):
        x = left + column * badge_width
        canvas.line(x, top + gap, x, top + gap + length)
        canvas.line(x, bottom - gap, x, bottom - gap - length)
    for row in range(layout.rows + 1):
        y = bottom + row * badge_height
        canvas.line(left - gap, y, left - gap - length, y)
        canvas.line(right + gap, y, right + gap + length, y)
