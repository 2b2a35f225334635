"""The pages of the communities: the index of spaces, a space with its reflections and members, and its
moderation log."""

import uuid

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.template.response import TemplateResponse

from lms.core.caching import mark_public_if_anonymous, private
from lms.people.models import SubjectArea

from .. import forms
from ..choices import Access, MembershipStatus, Stage
from ..models import Membership, ModerationLog, PLCSpacePage, Post, PracticePage
from ..permissions import visible_spaces
from .access import Viewer


def index_page(request, index):
    spaces = visible_spaces(
        request.user, PLCSpacePage.objects.live().child_of(index).select_related("centre", "facilitator")
    )
    subject = request.GET.get("subject", "")
    if subject in SubjectArea.values:
        spaces = spaces.filter(subject_area=subject)
    access = request.GET.get("access", "")
    if access in Access.values:
        spaces = spaces.filter(access=access)
    spaces = spaces.annotate(
        member_count=Count("memberships", filter=Q(memberships__status=MembershipStatus.MEMBER))
    ).order_by("title")
    statuses = {}
    if request.user.is_authenticated:
        statuses = dict(
            Membership.objects.filter(user=request.user, space__in=spaces).values_list("space_id", "status")
        )
    spaces = list(spaces)
    for space in spaces:
        space.my_status = statuses.get(space.pk)
    response = TemplateResponse(
        request,
        "plc/plc_index_page.html",
        {
            "page": index,
            "self": index,
            "spaces": spaces,
            "subjects": SubjectArea.choices,
            "accesses": Access.choices,
            "subject": subject,
            "access": access,
            "practices": PracticePage.objects.live().descendant_of(index).order_by("-first_published_at")[:6],
        },
    )
    return mark_public_if_anonymous(request, response)


def _reflections(space, access, stage):
    posts = (
        Post.objects.filter(space=space, thread__isnull=True)
        .select_related("author")
        .annotate(
            reply_count=Count("replies", filter=Q(replies__deleted_at__isnull=True, replies__hidden_at__isnull=True))
        )
        .prefetch_related("attachments")
        .order_by("-created_at", "-pk")
    )
    if stage in Stage.values:
        posts = posts.filter(stage=stage)
    if not access.moderator:
        posts = posts.filter(Q(hidden_at__isnull=True) | Q(author=access.user))
    return posts


def space_context(request, space, access, **extra):
    """What the space page shows ``access``; ``extra`` gives a form back with its errors."""
    context = {"page": space, "self": space, "access": access, "stages": Stage.choices}
    members = list(
        Membership.objects.filter(space=space, status=MembershipStatus.MEMBER)
        .select_related("user")
        .order_by("user__first_name")
    )
    context["member_count"] = len(members)
    context["practices"] = list(PracticePage.objects.live().child_of(space))
    if access.can_read:
        stage = request.GET.get("stage", "")
        context["stage"] = stage
        context["reflections"] = Paginator(_reflections(space, access, stage), 20).get_page(request.GET.get("page"))
        context["members"] = members
    if access.is_member and "form" not in extra:
        context["form"] = forms.PostForm(initial={"submission_key": uuid.uuid4()})
    if access.moderator:
        context["requests"] = list(
            Membership.objects.filter(space=space, status=MembershipStatus.REQUESTED).select_related("user")
        )
        context["invite_form"] = extra.pop("invite_form", None) or forms.InviteForm()
    context.update(extra)
    return context


def space_page(request, space):
    access = Viewer(request, space)
    response = TemplateResponse(request, "plc/plc_space_page.html", space_context(request, space, access))
    return mark_public_if_anonymous(request, response)


def moderation_log(request, space):
    access = Viewer(request, space)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not access.moderator:
        raise PermissionDenied
    entries = ModerationLog.objects.filter(space=space).select_related("actor", "person", "post")
    context = {"page": space, "self": space, "entries": Paginator(entries, 50).get_page(request.GET.get("page"))}
    return private(TemplateResponse(request, "plc/moderation_log.html", context))
