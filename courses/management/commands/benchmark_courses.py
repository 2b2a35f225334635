"""``manage.py benchmark_courses``: load a national-scale volume and measure the course pages.

It loads (once; later runs reuse the data) a catalogue of courses with lessons, teachers and their
enrolments, then serves the catalogue, a course page, a lesson page and the bare ``/livez`` view
through the project's real WSGI application, in this process, one request after another, and prints
requests per second for each beside the bare view. Run it against its own database (see README).
"""

import functools
import time
from decimal import Decimal

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test.utils import override_settings

from courses.models import CourseIndexPage, CoursePage, LessonPage, Track
from fixtures.demo import ensure_home_page
from lms.core.benchmark import print_table, session_cookie, time_requests, wsgi_call
from lms.learning.models import Enrolment, EnrolmentStatus
from lms.org.models import Centre, Province, School, ServiceArea, ServiceAreaKind
from lms.people.models import User

BENCH_PREFIX = "bench"


class Command(BaseCommand):
    help = "Load a large catalogue (once) and print requests per second of the course pages beside a bare view."

    def add_arguments(self, parser):
        parser.add_argument("--courses", type=int, default=200)
        parser.add_argument("--lessons", type=int, default=5000, help="in total, spread over the courses")
        parser.add_argument("--teachers", type=int, default=50000)
        parser.add_argument("--enrolments", type=int, default=500000)
        parser.add_argument("--requests", type=int, default=200, help="per page")

    def handle(self, *args, **options):
        self._load(options)
        self._measure(options["requests"])

    # Loading

    def _load(self, options):
        started = time.perf_counter()
        index = self._catalogue()
        # Search-index updates per page would dominate loading; the benchmark does not search.
        with override_settings(
            WAGTAILSEARCH_BACKENDS={"default": {**settings.WAGTAILSEARCH_BACKENDS["default"], "AUTO_UPDATE": False}}
        ):
            self._courses(index, options["courses"], options["lessons"])
        self._teachers(options["teachers"])
        self._enrolments(options["enrolments"])
        self.stdout.write(
            f"data: {CoursePage.objects.filter(slug__startswith=BENCH_PREFIX).count()} courses, "
            f"{LessonPage.objects.filter(slug__startswith=BENCH_PREFIX).count()} lessons, "
            f"{User.objects.filter(username__startswith=BENCH_PREFIX).count()} teachers, "
            f"{Enrolment.objects.filter(user__username__startswith=BENCH_PREFIX).count()} enrolments "
            f"on {connection.vendor} (ready in {time.perf_counter() - started:.0f} s)"
        )

    def _catalogue(self):
        call_command("loaddata", "provinces", verbosity=0)
        home = ensure_home_page()
        index = CourseIndexPage.objects.filter(slug="courses").first()
        if index is None:
            index = home.add_child(instance=CourseIndexPage(title="หลักสูตรอบรม", slug="courses"))
        province = Province.objects.get(code="10")
        area, _ = ServiceArea.objects.get_or_create(
            code="BENCH-AREA", defaults={"name_th": "เขตทดสอบ", "kind": ServiceAreaKind.PRIMARY, "province": province}
        )
        school, _ = School.objects.get_or_create(
            code="9999999999", defaults={"name_th": "โรงเรียนทดสอบ", "province": province, "service_area": area}
        )
        self.centre, _ = Centre.objects.get_or_create(
            code="BENCH", defaults={"name_th": "ศูนย์ทดสอบ", "province": province, "host_school": school}
        )
        return index

    def _courses(self, index, count, lessons_total):
        existing = CoursePage.objects.filter(slug__startswith=BENCH_PREFIX).count()
        per_course = max(lessons_total // count, 1)
        tracks = [t for t, _label in Track.choices]
        for n in range(existing, count):
            with transaction.atomic():
                course = index.add_child(
                    instance=CoursePage(
                        title=f"หลักสูตรพัฒนาครูด้านการจัดการเรียนรู้ รุ่นที่ {n + 1}",
                        slug=f"{BENCH_PREFIX}-course-{n}",
                        summary="ครูออกแบบการเรียนรู้ที่เน้นสมรรถนะของผู้เรียนและประเมินผลตามสภาพจริง",
                        track=tracks[n % len(tracks)],
                        centre=self.centre,
                        development_hours=Decimal(12),
                    )
                )
                for m in range(per_course):
                    course.add_child(
                        instance=LessonPage(
                            title=f"บทเรียนที่ {m + 1}",
                            slug=f"{BENCH_PREFIX}-{n}-lesson-{m}",
                            body=[{"type": "rich_text", "value": "<p>" + "เนื้อหาบทเรียนสำหรับครู " * 40 + "</p>"}],
                        )
                    )
            if (n + 1) % 20 == 0:
                self.stdout.write(f"  courses: {n + 1}/{count}")

    def _teachers(self, count):
        existing = User.objects.filter(username__startswith=BENCH_PREFIX).count()
        batch = []
        for n in range(existing, count):
            batch.append(User(username=f"{BENCH_PREFIX}{n:06d}", first_name="ครู", last_name=f"ทดสอบ {n}", password="!"))
            if len(batch) == 5000:
                User.objects.bulk_create(batch)
                batch = []
        User.objects.bulk_create(batch)

    def _enrolments(self, count):
        existing = Enrolment.objects.filter(user__username__startswith=BENCH_PREFIX).count()
        if existing >= count:
            return
        courses = list(CoursePage.objects.filter(slug__startswith=BENCH_PREFIX).values_list("pk", flat=True))
        users = list(User.objects.filter(username__startswith=BENCH_PREFIX).order_by("pk").values_list("pk", flat=True))
        per_user = max(count // len(users), 1)
        batch, made = [], 0
        for i, user_id in enumerate(users):
            for k in range(per_user):
                batch.append(
                    Enrolment(
                        user_id=user_id,
                        course_id=courses[(i + k * 7) % len(courses)],
                        status=EnrolmentStatus.ENROLLED,
                        lessons_required=25,
                    )
                )
            if len(batch) >= 10000:
                Enrolment.objects.bulk_create(batch, ignore_conflicts=True)
                made += len(batch)
                batch = []
                self.stdout.write(f"  enrolments: {made}/{count}")
        Enrolment.objects.bulk_create(batch, ignore_conflicts=True)

    # Measuring

    def _measure(self, requests):
        app = WSGIHandler()
        course = CoursePage.objects.filter(slug__startswith=BENCH_PREFIX).order_by("path")[100]
        lesson = course.lessons[len(course.lessons) // 2]
        learner = User.objects.filter(enrolments__course_id=course.pk).first()
        cookie = session_cookie(learner)
        index = course.get_parent()
        targets = [
            ("bare view (/livez)", "/livez", ""),
            ("catalogue", index.url, ""),
            ("catalogue, filtered", index.url + "?track=coding&level=foundation", ""),
            ("course page", course.url, ""),
            ("course page, signed in", course.url, cookie),
            ("lesson page, signed in", lesson.url, cookie),
        ]
        rows = []
        for label, path, cookie_header in targets:
            call = functools.partial(wsgi_call, app, path, cookie=cookie_header)
            rate, median, statuses = time_requests(lambda call=call: call()[0], requests)
            if statuses != {200}:
                self.stderr.write(f"{label}: {path} answered {sorted(statuses)}")
            rows.append((label, rate, median))
        print_table(self.stdout.write, rows)
