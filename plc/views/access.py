"""Who is asking, and what every action on a space starts with: the ``Viewer`` of the request, a
signed-in POST, the moderator's optional reason."""

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponseNotAllowed

from .. import forms
from ..choices import MembershipStatus
from ..permissions import may_moderate, may_see_space
from ..services.membership import membership_of


class Viewer:
    """What the requesting person may do in a space, computed once per request."""

    def __init__(self, request, space):
        self.user = request.user
        self.membership = membership_of(request.user, space)
        if not may_see_space(request.user, space, self.membership):
            raise Http404
        self.is_member = self.membership is not None and self.membership.status == MembershipStatus.MEMBER
        self.moderator = may_moderate(request.user, space)
        self.can_read = self.is_member or self.moderator
        self.is_facilitator = request.user.is_authenticated and request.user.pk == space.facilitator_id


def post_only(request, space):
    """``(viewer, None)`` for a signed-in POST, or ``(viewer, the response that ends the request)``.

    The viewer comes first: a closed space answers 404 to outsiders whatever the method, so its
    existence does not show.
    """
    access = Viewer(request, space)
    if request.method != "POST":
        return access, HttpResponseNotAllowed(["POST"])
    if not request.user.is_authenticated:
        return access, redirect_to_login(space.url)
    return access, None


def moderator_reason(request):
    form = forms.ReasonForm(request.POST)
    return form.cleaned_data["reason"] if form.is_valid() else ""
