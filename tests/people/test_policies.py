"""The admin's permission policies: each model's rule is registered, never guessed."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from lms.notifications.models import Notification
from lms.org.models import Centre, School
from lms.people import policies
from lms.people.models import RoleAssignment
from lms.people.viewsets import ScopedViewSet

pytestmark = pytest.mark.django_db


def test_a_model_without_a_registered_policy_is_refused_not_given_another_scope(two_centres):
    with pytest.raises(ImproperlyConfigured, match="notifications.Notification has no permission policy"):
        policies.scoped_queryset(Notification, two_centres.manager_a)


def test_a_scoped_viewset_of_a_model_without_a_policy_is_refused(rf, two_centres):
    class NotificationViewSet(ScopedViewSet):
        model = Notification

    request = rf.get("/")
    request.user = two_centres.manager_a
    with pytest.raises(ImproperlyConfigured):
        NotificationViewSet().get_queryset(request)


def test_org_models_and_roles_follow_the_organisation_scope(two_centres):
    manager = two_centres.manager_a
    assert list(policies.scoped_queryset(Centre, manager, "edit")) == [two_centres.centre_a]
    assert set(policies.scoped_queryset(School, manager)) < set(School.objects.all())
    roles = policies.scoped_queryset(RoleAssignment, manager)
    assert roles.exists() and not roles.exclude(centre=two_centres.centre_a).exists()
