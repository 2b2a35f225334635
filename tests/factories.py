"""Small builders for organisation and people records used across the tests."""

import itertools

from lms.org.models import Centre, Province, School, ServiceArea, ServiceAreaKind
from lms.people import services
from lms.people.citizen_id import check_digit
from lms.people.models import User

_serial = itertools.count(1)


def valid_citizen_id(n=None):
    first_twelve = f"18888{(n if n is not None else next(_serial)):07d}"
    return first_twelve + str(check_digit(first_twelve))


def province(code):
    return Province.objects.get(code=code)


def area(code, province_code, kind=ServiceAreaKind.PRIMARY):
    return ServiceArea.objects.create(code=code, name_th=f"เขต {code}", kind=kind, province=province(province_code))


def school(code, service_area, name=None):
    return School.objects.create(
        code=code, name_th=name or f"โรงเรียน {code}", province=service_area.province, service_area=service_area
    )


def centre(code, host_school, areas):
    c = Centre.objects.create(code=code, name_th=f"ศูนย์ {code}", province=host_school.province, host_school=host_school)
    c.service_areas.set(areas)
    return c


def person(username, school=None, role=None, password="pw-for-tests-123", **place):
    user = User.objects.create_user(
        username=username,
        password=password,
        email=f"{username}@example.test",
        first_name=f"ชื่อ{username}",
        last_name="ทดสอบ",
        citizen_id=valid_citizen_id(),
    )
    profile = services.get_profile(user)
    profile.school = school
    profile.save()
    if role:
        services.grant_role(user, role, **place)
    return user


def course_tree(
    centre, *, slug="course", lessons=3, modules=0, capacity=None, hours="6", live=True, time_percent=0, **fields
):
    """A published catalogue (made once) with one course of ``lessons`` lessons, split over ``modules``.

    The lessons' estimated durations add up to at least the course's hours (the bound the admin keeps),
    and the course asks for ``time_percent`` of them on the page: none unless a test is about time.
    """
    import math
    from decimal import Decimal

    from courses.models import CourseIndexPage, CoursePage, LessonPage, ModulePage, Track
    from fixtures.demo import ensure_home_page

    home = ensure_home_page()
    index = CourseIndexPage.objects.first() or home.add_child(instance=CourseIndexPage(title="Courses", slug="courses"))
    course = index.add_child(
        instance=CoursePage(
            title=fields.pop("title", f"หลักสูตร {slug}"),
            slug=slug,
            summary=fields.pop("summary", "สรุป"),
            track=fields.pop("track", Track.ENGLISH),
            centre=centre,
            capacity=capacity,
            development_hours=Decimal(hours),
            lesson_time_percent=time_percent,
            live=live,
            **fields,
        )
    )
    parents = [course]
    if modules:
        parents = [course.add_child(instance=ModulePage(title=f"Module {m}")) for m in range(modules)]
    minutes = max(30, math.ceil(Decimal(hours) * 60 / lessons)) if lessons else 30
    for n in range(lessons):
        parents[n % len(parents)].add_child(
            instance=LessonPage(title=f"Lesson {n}", slug=f"{slug}-lesson-{n}", estimated_minutes=minutes)
        )
    return CoursePage.objects.get(pk=course.pk)


def plc_space(centre, facilitator, *, access="open", slug="space", members=(), school=None):
    """A published PLC index (made once) with one published space; the facilitator and ``members`` join it."""
    from fixtures.demo import ensure_home_page
    from plc.models import Membership, PLCIndexPage, PLCSpacePage
    from plc.services.membership import ensure_facilitator

    home = ensure_home_page()
    index = PLCIndexPage.objects.first()
    if index is None:
        index = home.add_child(instance=PLCIndexPage(title="PLC", slug="plc"))
        index.save_revision().publish()
    space = index.add_child(
        instance=PLCSpacePage(
            title=f"ชุมชน {slug}",
            slug=slug,
            purpose="นักเรียนอ่านจับใจความไม่ได้",
            centre=centre,
            school=school,
            facilitator=facilitator,
            term="2/2569",
            access=access,
        )
    )
    space.save_revision().publish()
    space = PLCSpacePage.objects.get(pk=space.pk)
    ensure_facilitator(space)
    for person in members:
        Membership.objects.update_or_create(space=space, user=person, defaults={"status": "member"})
    return space
