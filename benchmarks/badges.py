"""How long the badges PDF of a 500-seat event takes to draw, and how large it is, in each layout.

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/haizhu_bench \\
       .venv/bin/python benchmarks/badges.py [--badges 500]

Draws what the organisers' badges.pdf draws (events/badges.py) for made-up attendees, half with
Chinese names and organisations so the embedded font carries a realistic number of characters. The
database is not touched: reading 500 registrations is a few milliseconds beside the drawing. The
font is loaded once per process; that first load is timed on its own. The target is under 10 s;
the processor time printed beside it says how much of a slow figure is other work on the machine.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haizhu_portal.settings")

import django  # noqa: E402

django.setup()

from django.utils import translation  # noqa: E402

from events.badges import LAYOUTS, badge_font, badges_pdf  # noqa: E402
from events.models import Event, Registration  # noqa: E402

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬芳燕彩春菊兰凤"
    "洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎"
    "锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿"
    "聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝思"
    "丽"
)
CITIES = "广州深圳杭州上海北京成都郑州西安长沙武汉"
FIRST_NAMES = ["Alice", "Benjamin", "Chloe", "Daniel", "Emma", "Frederick", "Grace", "Henry", "Isabella", "Jonathan"]
LAST_NAMES = ["Smith", "Nakamura", "Oyelaran", "Fitzgerald-Hughes", "Schneider", "Kowalski", "Okafor", "Lindqvist"]


def attendee(event: Event, number: int) -> Registration:
    roles = Registration.Role.values
    if number % 2:
        name = SURNAMES[number % len(SURNAMES)] + GIVEN[number * 7 % len(GIVEN)] + GIVEN[number * 13 % len(GIVEN)][:1]
        city = CITIES[number % 5 * 2 : number % 5 * 2 + 2]
        organisation = f"{city}{GIVEN[number % len(GIVEN)]}{GIVEN[number * 3 % len(GIVEN)]}文化传媒有限公司"
    else:
        name = f"{FIRST_NAMES[number % 10]} {LAST_NAMES[number % 8]}"
        organisation = f"{LAST_NAMES[number * 3 % 8]} Pictures International"
    return Registration(event=event, full_name=name, organisation=organisation, role=roles[number % len(roles)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--badges", type=int, default=500)
    arguments = parser.parse_args()
    translation.activate("zh-hans")
    event = Event(slug="badges-benchmark", title="微短剧产业大会（示例）")
    attendees = sorted((attendee(event, number) for number in range(arguments.badges)), key=lambda r: r.full_name)

    started = time.perf_counter()
    badge_font()
    print(f"font loaded in {time.perf_counter() - started:.2f} s (once per process)")
    for layout in LAYOUTS:
        started, processor_started = time.perf_counter(), time.process_time()
        pdf = badges_pdf(event, attendees, layout)
        seconds, processor_seconds = time.perf_counter() - started, time.process_time() - processor_started
        print(
            f"{layout}: {len(attendees)} badges in {seconds:.2f} s ({processor_seconds:.2f} s of processor time),"
            f" {len(pdf) / 1_000_000:.2f} MB"
        )


if __name__ == "__main__":
    main()
