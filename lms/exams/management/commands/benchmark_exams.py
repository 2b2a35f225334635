"""``manage.py benchmark_exams``: requests per second of autosave and exam start beside a bare view.

It builds (once; later runs reuse it) a bank of 400 items and a 40-item test drawn from it, then serves
through the project's real WSGI application, in this process: the bare ``/livez`` view, autosaving one
answer, autosaving all 40, opening the test page, and starting an attempt (one new candidate per
request). It also prints the SQL queries one autosave runs, for 1 answer and for 40: the count must
not grow with the answers. Run it against its own database (see README: ``make bench-exams``).
"""

import functools
import json
from datetime import timedelta

from django.core.handlers.wsgi import WSGIHandler
from django.core.management.base import BaseCommand
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lms.core.benchmark import print_table, session_cookie, time_requests, wsgi_call
from lms.exams.models import BlueprintRule, CutScore, Exam, ExamAttempt, Subject
from lms.exams.services.attempts import start_attempt
from lms.exams.services.bank import category_named, import_questions
from lms.people.models import User

PREFIX = "bench-exam"
LEVELS = ["A2", "B1", "B2", "C1"]
SKILLS = ["reading", "grammar", "vocabulary", "listening"]


class Command(BaseCommand):
    help = "Print requests per second of autosave and exam start beside a bare view, and queries per autosave."

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=300, help="per measurement")

    def handle(self, *args, requests, **options):
        exam = self._exam()
        app = WSGIHandler()
        candidate, _ = User.objects.get_or_create(username=f"{PREFIX}-candidate", defaults={"first_name": "ครู"})
        ExamAttempt.objects.filter(exam=exam, user=candidate).delete()
        attempt = start_attempt(exam, candidate)
        cookie = session_cookie(candidate)
        right = _answers(attempt)
        save_url = f"/tests/attempt/{attempt.pk}/save/"

        def autosave(answers):
            body = json.dumps({"answers": answers}).encode()
            return wsgi_call(app, save_url, method="POST", body=body, cookie=cookie, content_type="application/json")

        one = {str(p): r for p, r in list(right.items())[:1]}
        queries = {}
        for label, answers in (("1 answer", one), (f"{len(right)} answers", right)):
            autosave(answers)
            with CaptureQueriesContext(connection) as captured:
                status, _body = autosave(answers)
            queries[label] = (len(captured), status)

        starters = self._starters(exam, requests + 5)
        start_url = f"/tests/{exam.pk}/start/"

        def start():
            return wsgi_call(app, start_url, method="POST", cookie=next(starters))[0]

        rows = []
        for label, call in [
            ("bare view (/livez)", functools.partial(wsgi_call, app, "/livez")),
            ("autosave, 1 answer", functools.partial(autosave, one)),
            (f"autosave, {len(right)} answers", functools.partial(autosave, right)),
            ("test page, signed in", functools.partial(wsgi_call, app, f"/tests/attempt/{attempt.pk}/", cookie=cookie)),
        ]:
            rate, median, statuses = time_requests(lambda call=call: call()[0], requests)
            if statuses != {200}:
                self.stderr.write(f"{label}: answered {sorted(statuses)}")
            rows.append((label, rate, median))
        rate, median, statuses = time_requests(start, requests)
        if statuses != {302}:
            self.stderr.write(f"start: answered {sorted(statuses)}")
        rows.append((f"start a {exam.question_count}-item attempt", rate, median))
        self.stdout.write(f"on {connection.vendor}; {exam.question_count} items per form, bank of 400")
        print_table(self.stdout.write, rows)
        for label, (count, status) in queries.items():
            self.stdout.write(f"SQL queries per autosave, {label}: {count} (status {status})")

    def _exam(self):
        exam = Exam.objects.filter(name_en=f"{PREFIX} test").first()
        if exam is not None:
            return exam
        category = category_named(f"{PREFIX} bank", subject=Subject.ENGLISH)
        for skill in SKILLS:
            for level in LEVELS:
                gift = "\n\n".join(
                    f"::{skill}-{level}-{n}::{skill} {level} item {n}: choose the right one. "
                    f"{{=right {n} ~wrong a{n} ~wrong b{n} ~wrong c{n}}}"
                    for n in range(25)
                )
                import_questions(category, f"{skill}-{level}.gift", gift, skill=skill, level=level)
        now = timezone.now()
        exam = Exam.objects.create(
            name_th=f"{PREFIX} แบบทดสอบ",
            name_en=f"{PREFIX} test",
            subject=Subject.ENGLISH,
            published=True,
            opens_at=now - timedelta(days=1),
            closes_at=now + timedelta(days=3650),
            time_limit_minutes=600,
        )
        for order, (skill, level) in enumerate((s, lv) for s in SKILLS for lv in ("B1", "B2")):
            BlueprintRule.objects.create(
                exam=exam, sort_order=order, category=category, skill=skill, level=level, count=5
            )
        for order, (band, start) in enumerate([("A1", 0), ("A2", 20), ("B1", 40), ("B2", 60), ("C1", 80), ("C2", 95)]):
            CutScore.objects.create(exam=exam, sort_order=order, band=band, min_percent=start)
        return exam

    def _starters(self, exam, count):
        """Session cookies of candidates who have not started the test yet."""
        ExamAttempt.objects.filter(exam=exam, user__username__startswith=f"{PREFIX}-starter").delete()
        existing = User.objects.filter(username__startswith=f"{PREFIX}-starter").count()
        User.objects.bulk_create(
            User(username=f"{PREFIX}-starter-{n:06d}", first_name="ครู", password="!") for n in range(existing, count)
        )
        users = User.objects.filter(username__startswith=f"{PREFIX}-starter").order_by("pk")[:count]
        return iter([session_cookie(user) for user in users])


def _answers(attempt):
    answers = {}
    for item in attempt.items.select_related("version"):
        answers[str(item.position)] = next(o["id"] for o in item.version.data["options"] if o["fraction"] == 1)
    return answers
