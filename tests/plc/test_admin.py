"""Spaces are pages that staff manage in the Wagtail admin: the facilitator typed by username, the
centre limited to the author's, and the facilitator a member once the space is published."""

import pytest

from plc.models import PLCIndexPage, PLCSpacePage
from plc.services import membership
from tests.plc.conftest import login

pytestmark = pytest.mark.django_db


def _form(centre, facilitator="trainer_a", **extra):
    return {
        "title": "ชุมชนใหม่",
        "slug": "new-space",
        "purpose": "นักเรียนเขียนเรียงความไม่ได้",
        "centre": centre.pk,
        "school": "",
        "subject_area": "thai",
        "facilitator": facilitator,
        "term": "1/2570",
        "access": "open",
        "action-publish": "publish",
        **extra,
    }


def test_a_manager_creates_a_space_naming_the_facilitator_by_username(client, plc):
    t = plc.t
    index = PLCIndexPage.objects.get()
    login(client, t.manager_a)
    url = f"/admin/pages/add/plc/plcspacepage/{index.pk}/"
    form = client.get(url).context["form"]
    assert set(form.fields["centre"].queryset) == {t.centre_a}
    client.cookies["django_language"] = "en"
    response = client.post(url, _form(t.centre_a, facilitator="no-such-person"))
    assert response.status_code == 200 and "No active account has this username." in response.content.decode()
    response = client.post(url, _form(t.centre_a))
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    space = PLCSpacePage.objects.get(slug="new-space")
    assert space.live and space.facilitator == t.trainer_a
    assert membership.is_member(t.trainer_a, space)
    edit = client.get(f"/admin/pages/{space.pk}/edit/")
    assert edit.context["form"].initial["facilitator"] == "trainer_a"


def test_another_centres_manager_cannot_edit_the_space(client, plc):
    login(client, plc.t.manager_b)
    assert client.get(f"/admin/pages/{plc.open.pk}/edit/").status_code in (302, 403)
