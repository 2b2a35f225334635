import datetime

from django.template import Context, Template
from django.utils import translation

from lms.core import thaidate


def test_buddhist_era_year():
    assert thaidate.be_year(2026) == 2569
    assert thaidate.be_year(datetime.date(2026, 11, 20)) == 2569


def test_thai_date_long_and_short():
    day = datetime.date(2026, 11, 20)
    assert thaidate.thai_date(day) == "20 พฤศจิกายน 2569"
    assert thaidate.thai_date(day, short=True) == "20 พ.ย. 2569"
    assert thaidate.thai_date(None) == ""


def test_aware_datetimes_use_bangkok_time():
    # 31 Dec 2026 20:00 UTC is already 1 January 2027 (พ.ศ. 2570) in Bangkok.
    moment = datetime.datetime(2026, 12, 31, 20, 0, tzinfo=datetime.UTC)
    assert thaidate.thai_date(moment) == "1 มกราคม 2570"


def test_display_date_follows_the_reader_language():
    day = datetime.date(2026, 11, 20)
    with translation.override("th"):
        assert thaidate.display_date(day) == "20 พฤศจิกายน 2569"
    with translation.override("en"):
        assert thaidate.display_date(day) == "20 November 2026"


def test_template_filters():
    template = Template("{% load thaidates %}{{ d|thai_date }}|{{ d|be_date:'short' }}")
    context = Context({"d": datetime.date(2027, 1, 5)})
    with translation.override("th"):
        assert template.render(context) == "5 มกราคม 2570|5 ม.ค. 2570"
    with translation.override("en"):
        assert template.render(context) == "5 มกราคม 2570|Jan. 5, 2027"
