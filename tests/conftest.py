from types import SimpleNamespace

import pytest
from django.core.management import call_command

from lms.celery import app
from lms.people.models import Role
from tests import factories as f
from tests.s3 import s3_down, s3_endpoint, s3_storage  # noqa: F401 - fixtures for every test package


@pytest.fixture
def provinces(db):
    call_command("loaddata", "provinces", verbosity=0)


@pytest.fixture
def two_centres(provinces):
    """Centre A (Chiang Mai) and centre B (Khon Kaen), each with a school, a teacher and a manager.

    Chiang Mai also has a second area and school served by no centre, a supervisor for the province,
    and there is one OBEC administrator.
    """
    area_a = f.area("A1", "50")
    area_b = f.area("B1", "40")
    area_a_unserved = f.area("A2", "50")
    school_a = f.school("1000000001", area_a)
    school_b = f.school("2000000001", area_b)
    school_a_unserved = f.school("1000000002", area_a_unserved)
    centre_a = f.centre("HCEC-A", school_a, [area_a])
    centre_b = f.centre("HCEC-B", school_b, [area_b])
    return SimpleNamespace(
        centre_a=centre_a,
        centre_b=centre_b,
        school_a=school_a,
        school_b=school_b,
        school_a_unserved=school_a_unserved,
        teacher_a=f.person("teacher_a", school_a),
        teacher_b=f.person("teacher_b", school_b),
        teacher_a_unserved=f.person("teacher_a2", school_a_unserved),
        manager_a=f.person("manager_a", school_a, Role.CENTRE_MANAGER, centre=centre_a),
        manager_b=f.person("manager_b", school_b, Role.CENTRE_MANAGER, centre=centre_b),
        trainer_a=f.person("trainer_a", school_a, Role.MASTER_TRAINER, centre=centre_a),
        supervisor_cm=f.person("supervisor_cm", None, Role.SUPERVISOR, province=f.province("50")),
        obec=f.person("obec", None, Role.OBEC_ADMIN),
    )


# A closed port: a real connection refused, not a patched client.
UNREACHABLE = "redis://127.0.0.1:1/0"


@pytest.fixture
def broker_down():
    """Celery publishing to a Redis that refuses connections, as a worker-backed site would."""
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager", "result_backend")}
    app.conf.update(broker_url=UNREACHABLE, task_always_eager=False, result_backend=UNREACHABLE)
    app._pool = None
    yield
    app.conf.update(saved)
    app._pool = None
