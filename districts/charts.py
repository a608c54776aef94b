"""Pictures drawn on the server as SVG geometry: support by category, and where a district is.

Templates only place the shapes computed here, so the pages need no JavaScript and no CDN,
and a test can check the numbers behind each picture.
"""

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext

from districts.formatting import format_labels
from districts.models import Incentive

CHART_WIDTH = 360
LABEL_WIDTH = 124
BAR_HEIGHT = 14
ROW_GAP = 12
VALUE_ROOM = 22
LEGEND_ROW = 20


@dataclass
class Bar:
    series: int
    y: float
    width: float
    value: int


@dataclass
class ChartRow:
    label: str
    y: float
    bars: list[Bar] = field(default_factory=list)


@dataclass
class CategoryChart:
    """Horizontal bars: one row per category (or week, or step), one bar per series (a district, say)."""

    series: list[str]
    rows: list[ChartRow]
    height: float
    width: int = CHART_WIDTH
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT

    @property
    def description(self) -> str:
        """The chart in words, for screen readers: 补贴：海珠区 3、临平区 2；…"""
        rows = [
            gettext("%(category)s: %(counts)s")
            % {
                "category": row.label,
                "counts": format_labels(f"{self.series[bar.series]} {bar.value}" for bar in row.bars),
            }
            for row in self.rows
        ]
        return gettext("; ").join(rows)

    @property
    def legend(self) -> list[tuple[int, str, float]]:
        return [(index, name, index * LEGEND_ROW + 14) for index, name in enumerate(self.series)]


def category_chart(series: list[tuple[str, Counter]]) -> CategoryChart:
    """Counts of incentives per category for each named series, as bar geometry.

    Only categories some series has are drawn; the longest bar fills the plot width."""
    counts = [counter for _, counter in series]
    categories = [(value, label) for value, label in Incentive.Category.choices if any(c[value] for c in counts)]
    rows = [(str(label), [counter[value] for counter in counts]) for value, label in categories]
    return bar_chart([name for name, _ in series], rows)


def bar_chart(series: list[str], rows: list[tuple[str, list[int]]], label_width: int = LABEL_WIDTH) -> CategoryChart:
    """Horizontal bars for labelled rows of counts, one count per named series; the longest bar fills the plot width.
    Long labels take a wider `label_width`, the chart keeping its width."""
    largest = max((value for _, values in rows for value in values), default=0) or 1
    plot_width = CHART_WIDTH - label_width - VALUE_ROOM
    legend_height = len(series) * LEGEND_ROW + 8 if len(series) > 1 else 0
    row_height = len(series) * BAR_HEIGHT + ROW_GAP
    chart_rows = []
    for index, (label, values) in enumerate(rows):
        top = legend_height + index * row_height
        row = ChartRow(label=label, y=top + row_height / 2)
        for number, value in enumerate(values):
            row.bars.append(
                Bar(series=number, y=top + number * BAR_HEIGHT, width=plot_width * value / largest, value=value)
            )
        chart_rows.append(row)
    height = legend_height + len(chart_rows) * row_height
    return CategoryChart(series=series, rows=chart_rows, height=height, label_width=label_width)


LOCATOR_WIDTH = 320
LOCATOR_HEIGHT = 280
MARGIN_DEGREES = Decimal(3)


@dataclass
class Place:
    name: str
    x: float
    y: float
    is_current: bool
    label: str = ""


@dataclass
class Locator:
    places: list[Place]
    meridians: list[tuple[float, int]]
    parallels: list[tuple[float, int]]
    width: int = LOCATOR_WIDTH
    height: int = LOCATOR_HEIGHT


def locator(current, districts) -> Locator | None:
    """The district among the others on a plain longitude/latitude grid: positions, not a survey map."""
    placed = [district for district in districts if district.latitude is not None and district.longitude is not None]
    if current.latitude is None or current not in placed:
        return None
    west = min(district.longitude for district in placed) - MARGIN_DEGREES
    east = max(district.longitude for district in placed) + MARGIN_DEGREES
    south = min(district.latitude for district in placed) - MARGIN_DEGREES
    north = max(district.latitude for district in placed) + MARGIN_DEGREES
    # One scale for both axes, so distances are not stretched.
    scale = min(Decimal(LOCATOR_WIDTH) / (east - west), Decimal(LOCATOR_HEIGHT) / (north - south))

    def x(longitude):
        return float((longitude - west) * scale)

    def y(latitude):
        return float((north - latitude) * scale)

    labelled_cities = set()
    places = []
    for district in sorted(placed, key=lambda d: d == current):
        label = ""
        if district == current:
            label = district.name
        elif district.city not in labelled_cities and district.city != current.city:
            label = district.city
        labelled_cities.add(district.city)
        places.append(Place(district.name, x(district.longitude), y(district.latitude), district == current, label))
    meridians = [(x(Decimal(degree)), degree) for degree in range(int(west) + 1, int(east) + 1) if degree % 5 == 0]
    parallels = [(y(Decimal(degree)), degree) for degree in range(int(south) + 1, int(north) + 1) if degree % 5 == 0]
    return Locator(
        places=places,
        meridians=meridians,
        parallels=parallels,
        width=round(float((east - west) * scale)),
        height=round(float((north - south) * scale)),
    )
