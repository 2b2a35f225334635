import io
import uuid
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from lms.people.models import Role
from plc.services import posting
from tests import factories as f


@pytest.fixture
def plc(two_centres):
    """Centre A's three spaces (open, by request, closed), facilitated by trainer_a; teacher_a is a
    member of the open one. A clerk of centre A and a centre B manager stand by."""
    t = two_centres
    clerk = f.person("clerk_a", t.school_a, Role.CENTRE_STAFF, centre=t.centre_a)
    return SimpleNamespace(
        t=t,
        clerk=clerk,
        open=f.plc_space(t.centre_a, t.trainer_a, access="open", slug="open-space", members=[t.teacher_a]),
        request=f.plc_space(t.centre_a, t.trainer_a, access="request", slug="request-space"),
        closed=f.plc_space(t.centre_a, t.trainer_a, access="closed", slug="closed-space"),
    )


def login(client, user):
    client.force_login(user)
    return client


def post_reflection(client, space, body, *, stage="reflect", key=None, **extra):
    return client.post(
        space.url + "posts/",
        {"body": body, "stage": stage, "submission_key": str(key or uuid.uuid4()), **extra},
    )


def make_post(space, author, body="<p>ข้อความ</p>", parent=None):
    """A reflection by ``author`` in ``space``, or a reply to ``parent``, posted through the service."""
    post, _created = posting.create_post(
        space, author, body=body, stage="" if parent else "plan", parent=parent, submission_key=uuid.uuid4()
    )
    return post


@pytest.fixture
def tiny_png():
    """A fresh small PNG upload each call."""

    def make(name="photo.png", size=(40, 30)):
        buffer = io.BytesIO()
        Image.new("RGB", size, "#c8961e").save(buffer, "PNG")
        return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")

    return make
