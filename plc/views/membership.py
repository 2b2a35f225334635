"""Joining and leaving a community, and the moderators' side of it: invitations, requests, removals."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from lms.core.caching import private
from lms.core.errors import Refused, refused_response

from .. import forms
from ..choices import MembershipStatus
from ..models import Membership
from ..services.membership import decline_invitation, join, leave
from ..services.moderation import decide_request, invite, remove_member
from .access import moderator_reason, post_only
from .spaces import space_context


def membership(request, space, action):
    """Join, leave, accept or decline an invitation; or (moderators) invite someone."""
    access, response = post_only(request, space)
    if response is not None:
        return response
    try:
        if action == "join" or action == "accept":
            result = join(request.user, space)
            if result.status == MembershipStatus.MEMBER:
                messages.success(request, _("Welcome to the community. Introduce yourself with a first reflection."))
            else:
                messages.info(request, _("Your request to join was sent to the facilitator."))
        elif action == "leave":
            leave(request.user, space)
            messages.success(request, _("You have left the community. Your posts stay in it."))
        elif action == "decline":
            decline_invitation(request.user, space)
            messages.info(request, _("You declined the invitation."))
        else:
            if not access.moderator:
                raise PermissionDenied
            form = forms.InviteForm(request.POST)
            if not form.is_valid():
                context = space_context(request, space, access, invite_form=form)
                return private(TemplateResponse(request, "plc/plc_space_page.html", context, status=400))
            person = form.cleaned_data["person"]
            invite(space, person, request.user)
            messages.success(request, _("%(name)s was invited.") % {"name": person.display_name})
    except Refused as refused:
        return refused_response(request, refused, space.url)
    return redirect(space.url + ("#members" if action == "invite" else ""))


def member(request, space, pk, action):
    """A moderator answers a request to join, or removes a member."""
    access, response = post_only(request, space)
    if response is not None:
        return response
    if not access.moderator:
        raise PermissionDenied
    membership = Membership.objects.filter(space=space, pk=pk).select_related("user").first()
    if membership is None:
        raise Http404
    try:
        if action == "remove":
            remove_member(space, membership, by=request.user, reason=moderator_reason(request))
            messages.success(request, _("The member was removed; the action is in the moderation log."))
        else:
            decide_request(space, membership, approve=action == "approve", by=request.user)
            messages.success(request, _("The request was answered."))
    except Refused as refused:
        return refused_response(request, refused, space.url + "#members")
    return redirect(space.url + "#members")
