"""What the PLC pages do. Page models route here; every change goes through ``plc.services``.

Every view checks on the server who may see the space and its posts, whatever the page showed.
"""

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.core.caching import mark_public_if_anonymous, private
from lms.core.errors import RateLimited, Refused
from lms.core.sanitize import clean_html
from lms.core.storage import serve_file
from lms.people.models import SubjectArea, User

from . import files, forms, models, services
from .forms import ID


class Viewer:
    """What the requesting person may do in a space, computed once per request."""

    def __init__(self, request, space):
        self.user = request.user
        self.membership = services.membership_of(request.user, space)
        if not services.may_see_space(request.user, space, self.membership):
            raise Http404
        self.is_member = self.membership is not None and self.membership.status == models.MembershipStatus.MEMBER
        self.moderator = services.may_moderate(request.user, space)
        self.can_read = self.is_member or self.moderator
        self.is_facilitator = request.user.is_authenticated and request.user.pk == space.facilitator_id


def _post_only(request, space):
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


# The index.


def index_page(request, index):
    spaces = services.visible_spaces(
        request.user, models.PLCSpacePage.objects.live().child_of(index).select_related("centre", "facilitator")
    )
    subject = request.GET.get("subject", "")
    if subject in SubjectArea.values:
        spaces = spaces.filter(subject_area=subject)
    access = request.GET.get("access", "")
    if access in models.Access.values:
        spaces = spaces.filter(access=access)
    spaces = spaces.annotate(
        member_count=Count("memberships", filter=Q(memberships__status=models.MembershipStatus.MEMBER))
    ).order_by("title")
    statuses = {}
    if request.user.is_authenticated:
        statuses = dict(
            models.Membership.objects.filter(user=request.user, space__in=spaces).values_list("space_id", "status")
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
            "accesses": models.Access.choices,
            "subject": subject,
            "access": access,
            "practices": models.PracticePage.objects.live().descendant_of(index).order_by("-first_published_at")[:6],
        },
    )
    return mark_public_if_anonymous(request, response)


# A space and its reflections.


def _reflections(space, access, stage):
    posts = (
        models.Post.objects.filter(space=space, thread__isnull=True)
        .select_related("author")
        .annotate(
            reply_count=Count("replies", filter=Q(replies__deleted_at__isnull=True, replies__hidden_at__isnull=True))
        )
        .prefetch_related("attachments")
        .order_by("-created_at", "-pk")
    )
    if stage in models.Stage.values:
        posts = posts.filter(stage=stage)
    if not access.moderator:
        posts = posts.filter(Q(hidden_at__isnull=True) | Q(author=access.user))
    return posts


def _space_context(request, space, access, **extra):
    context = {"page": space, "self": space, "access": access, "stages": models.Stage.choices}
    members = list(
        models.Membership.objects.filter(space=space, status=models.MembershipStatus.MEMBER)
        .select_related("user")
        .order_by("user__first_name")
    )
    context["member_count"] = len(members)
    context["practices"] = list(models.PracticePage.objects.live().child_of(space))
    if access.can_read:
        stage = request.GET.get("stage", "")
        context["stage"] = stage
        context["reflections"] = Paginator(_reflections(space, access, stage), 20).get_page(request.GET.get("page"))
        context["members"] = members
    if access.is_member and "form" not in extra:
        context["form"] = forms.PostForm(initial={"submission_key": uuid.uuid4()})
    if access.moderator:
        context["requests"] = list(
            models.Membership.objects.filter(space=space, status=models.MembershipStatus.REQUESTED).select_related(
                "user"
            )
        )
        context["invite_form"] = extra.pop("invite_form", None) or forms.InviteForm()
    context.update(extra)
    return context


def space_page(request, space):
    access = Viewer(request, space)
    response = TemplateResponse(request, "plc/plc_space_page.html", _space_context(request, space, access))
    return mark_public_if_anonymous(request, response)


def _reason(request):
    form = forms.ReasonForm(request.POST)
    return form.cleaned_data["reason"] if form.is_valid() else ""


def _refused(request, refused, fallback):
    messages.error(request, str(refused))
    return redirect(fallback)


def membership(request, space, action):
    """Join, leave, accept or decline an invitation; or (moderators) invite someone."""
    access, response = _post_only(request, space)
    if response is not None:
        return response
    try:
        if action == "join" or action == "accept":
            result = services.join(request.user, space)
            if result.status == models.MembershipStatus.MEMBER:
                messages.success(request, _("Welcome to the community. Introduce yourself with a first reflection."))
            else:
                messages.info(request, _("Your request to join was sent to the facilitator."))
        elif action == "leave":
            services.leave(request.user, space)
            messages.success(request, _("You have left the community. Your posts stay in it."))
        elif action == "decline":
            services.decline_invitation(request.user, space)
            messages.info(request, _("You declined the invitation."))
        else:
            if not access.moderator:
                raise PermissionDenied
            form = forms.InviteForm(request.POST)
            if not form.is_valid():
                context = _space_context(request, space, access, invite_form=form)
                return private(TemplateResponse(request, "plc/plc_space_page.html", context, status=400))
            person = form.cleaned_data["person"]
            services.invite(space, person, request.user)
            messages.success(request, _("%(name)s was invited.") % {"name": person.display_name})
    except Refused as refused:
        return _refused(request, refused, space.url)
    return redirect(space.url + ("#members" if action == "invite" else ""))


def member(request, space, pk, action):
    """A moderator answers a request to join, or removes a member."""
    access, response = _post_only(request, space)
    if response is not None:
        return response
    if not access.moderator:
        raise PermissionDenied
    membership = models.Membership.objects.filter(space=space, pk=pk).select_related("user").first()
    if membership is None:
        raise Http404
    try:
        if action == "remove":
            services.remove_member(space, membership, by=request.user, reason=_reason(request))
            messages.success(request, _("The member was removed; the action is in the moderation log."))
        else:
            services.decide_request(space, membership, approve=action == "approve", by=request.user)
            messages.success(request, _("The request was answered."))
    except Refused as refused:
        return _refused(request, refused, space.url + "#members")
    return redirect(space.url + "#members")


def _thread_posts(space, root, access):
    """The reflection's replies in reading order, each with its depth under what it answers."""
    replies = models.Post.objects.filter(thread=root).select_related("author").prefetch_related("attachments")
    if not access.moderator:
        replies = replies.filter(Q(hidden_at__isnull=True) | Q(author=access.user))
    replies = list(replies.order_by("created_at", "pk"))
    children = {}
    for reply in replies:
        children.setdefault(reply.parent_id, []).append(reply)
    ordered = []
    # Depth-first without recursion: a long chain of replies to replies must not exhaust the stack.
    stack = [(reply, 0) for reply in reversed(children.get(root.pk, []))]
    while stack:
        reply, depth = stack.pop()
        # Deeper threads stop indenting: a phone screen has room for a few levels only.
        reply.depth = min(depth, 3)
        reply.reply_key = uuid.uuid4()
        ordered.append(reply)
        stack.extend((child, depth + 1) for child in reversed(children.get(reply.pk, [])))
    return ordered


def _thread_response(request, space, access, root, *, reply_form=None, status=200):
    context = {
        "page": space,
        "self": space,
        "access": access,
        "root": root,
        "replies": _thread_posts(space, root, access),
        "reply_form": reply_form
        or (
            forms.PostForm(reply=True, initial={"submission_key": uuid.uuid4(), "parent": root.pk})
            if access.is_member
            else None
        ),
    }
    return private(TemplateResponse(request, "plc/thread.html", context, status=status))


def _get_post(space, pk, access, *, root_only=False):
    post = models.Post.objects.filter(space=space, pk=pk).select_related("author", "space").first()
    if post is None or (root_only and not post.is_reflection):
        raise Http404
    if post.hidden_at and not access.moderator and post.author_id != access.user.pk:
        raise Http404
    return post


def thread(request, space, pk):
    access = Viewer(request, space)
    if not access.can_read:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        messages.info(request, _("Join the community to read its discussions."))
        return redirect(space.url)
    root = _get_post(space, pk, access, root_only=True)
    return _thread_response(request, space, access, root)


def new_post(request, space):
    """A reflection (from the space page) or a reply (from a thread, with ``parent``)."""
    access, response = _post_only(request, space)
    if response is not None:
        return response
    parent_id = request.POST.get("parent") or ""
    parent = None
    if parent_id:
        if not access.can_read or not ID.fullmatch(parent_id):
            raise Http404
        parent = _get_post(space, int(parent_id), access)
    form = forms.PostForm(request.POST, request.FILES, reply=parent is not None)

    def again(status, error=None):
        if error:
            form.add_error(None, error)
        if parent is not None:
            root = parent.thread or parent
            return _thread_response(request, space, access, root, reply_form=form, status=status)
        if not access.is_member:
            messages.error(request, error)
            context = _space_context(request, space, access)
            return private(TemplateResponse(request, "plc/plc_space_page.html", context, status=status))
        context = _space_context(request, space, access, form=form)
        return private(TemplateResponse(request, "plc/plc_space_page.html", context, status=status))

    if not access.is_member:
        return again(403, _("Only members of this community can post here. Join it first."))
    if not form.is_valid():
        return again(400)
    data = form.cleaned_data
    try:
        post, created = services.create_post(
            space,
            request.user,
            body=data["body"],
            stage=data.get("stage", ""),
            parent=parent,
            submission_key=data["submission_key"],
            uploads=data["files"],
            draft_ids=data["drafts"],
        )
    except RateLimited as refused:
        return again(429, str(refused))
    except Refused as refused:
        return again(400, str(refused))
    if created:
        messages.success(request, _("Your reply is posted.") if parent else _("Your reflection is posted."))
    else:
        messages.info(request, _("This was already posted; it is shown below and was not posted twice."))
    return redirect(services.post_url(post))


def edit_post(request, space, pk):
    access = Viewer(request, space)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    post = _get_post(space, pk, access)
    if post.author_id != request.user.pk:
        raise PermissionDenied
    if not services.may_edit(request.user, post):
        messages.error(
            request,
            _("Posts can be edited for %(minutes)s minutes after posting; this one can no longer be changed.")
            % {"minutes": settings.PLC_EDIT_WINDOW_MINUTES},
        )
        return redirect(services.post_url(post))
    if request.method == "POST":
        form = forms.EditPostForm(request.POST)
        if form.is_valid():
            try:
                services.edit_post(post, request.user, body=form.cleaned_data["body"], stage=form.cleaned_data["stage"])
            except Refused as refused:
                return _refused(request, refused, services.post_url(post))
            messages.success(request, _("Your changes are saved."))
            return redirect(services.post_url(post))
        status = 400
    else:
        form = forms.EditPostForm(initial={"body": clean_html(post.body), "stage": post.stage})
        status = 200
    if not post.is_reflection:
        del form.fields["stage"]
    context = {"page": space, "self": space, "post": post, "form": form}
    return private(TemplateResponse(request, "plc/edit_post.html", context, status=status))


def post_action(request, space, pk, action):
    access, response = _post_only(request, space)
    if response is not None:
        return response
    if not access.can_read:
        raise PermissionDenied
    post = _get_post(space, pk, access)
    reason = _reason(request)
    try:
        if action == "delete":
            services.delete_post(post, request.user)
            messages.success(request, _("Your post is deleted."))
            return redirect(space.url if post.is_reflection else services.post_url(post))
        if action in ("hide", "unhide"):
            services.set_hidden(post, request.user, hidden=action == "hide", reason=reason)
            messages.success(request, _("Done; the action is in the moderation log."))
        elif action in ("lock", "unlock"):
            services.set_locked(post, request.user, locked=action == "lock", reason=reason)
            messages.success(request, _("Done; the action is in the moderation log."))
        else:
            page = services.practice_from_post(post, request.user)
            messages.success(
                request,
                _("A draft best practice “%(title)s” was made from this reflection; edit and publish it in the admin.")
                % {"title": page.title},
            )
    except Refused as refused:
        return _refused(request, refused, services.post_url(post))
    return redirect(services.post_url(post))


# Files.


def upload(request, space):
    """The editor uploads a picture or file before the post exists; the post claims it later."""
    access, response = _post_only(request, space)
    if response is not None:
        return response
    if not access.is_member:
        return JsonResponse({"error": _("Only members of this community can post here. Join it first.")}, status=403)
    upload_file = request.FILES.get("file")
    if upload_file is None:
        return JsonResponse({"error": _("Choose a file to upload.")}, status=400)
    try:
        services.check_upload_rate(request.user)
        attachment = files.store(space, request.user, *files.check_upload(upload_file))
    except RateLimited as refused:
        return JsonResponse({"error": str(refused)}, status=429)
    except Refused as refused:
        return JsonResponse({"error": str(refused)}, status=400)
    return JsonResponse(
        {
            "id": attachment.pk,
            "url": space.url + f"files/{attachment.pk}/",
            "name": attachment.name,
            "is_image": attachment.is_image,
        },
        status=201,
    )


def attachment(request, space, pk):
    access = Viewer(request, space)
    item = models.Attachment.objects.filter(space=space, pk=pk).select_related("post__thread").first()
    if item is None:
        raise Http404
    post = item.post
    if post is None:
        # A draft is visible to the person who uploaded it, so their editor can show it.
        if item.uploaded_by_id != request.user.pk:
            raise Http404
    elif not access.can_read or (
        not access.moderator
        and post.author_id != request.user.pk
        and any(p.hidden_at or p.deleted_at for p in (post, post.thread) if p is not None)
    ):
        raise Http404
    return serve_file(item.file.name, content_type=item.content_type, inline=item.is_image, filename=item.name)


# Sessions and hours.


def sessions(request, space):
    access = Viewer(request, space)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not access.can_read:
        messages.info(request, _("Join the community to see and log its sessions."))
        return redirect(space.url)
    members = services.members_of(space).order_by("first_name")
    form = None
    status = 200
    if access.is_member:
        if request.method == "POST":
            form = forms.SessionForm(request.POST, members=members)
            if form.is_valid():
                data = form.cleaned_data
                try:
                    _session, created = services.log_session(
                        space,
                        request.user,
                        date=data["date"],
                        start_time=data["start_time"],
                        hours=data["hours"],
                        activity=data["activity"],
                        stage=data["stage"],
                        attendees=list(data["attendees"]),
                        submission_key=data["submission_key"],
                    )
                except Refused as refused:
                    form.add_error(None, str(refused))
                    status = 400
                else:
                    if created:
                        messages.success(request, _("The session is logged and waits for confirmation."))
                    return redirect(space.url + "sessions/")
            else:
                status = 400
        else:
            form = forms.SessionForm(
                members=members,
                initial={"submission_key": uuid.uuid4(), "date": timezone.localdate(), "attendees": [request.user.pk]},
            )
    elif request.method == "POST":
        raise PermissionDenied
    all_sessions = (
        models.PLCSession.objects.filter(space=space)
        .select_related("logged_by", "decided_by")
        .prefetch_related(Prefetch("attendees", queryset=User.objects.order_by("first_name")))
    )
    page = Paginator(all_sessions, 30).get_page(request.GET.get("page"))
    for session in page:
        # The same rule as services.may_decide_session, read from the prefetched attendees.
        session.can_confirm = (
            access.moderator
            and session.logged_by_id != request.user.pk
            and all(person.pk != request.user.pk for person in session.attendees.all())
        )
    context = {
        "page": space,
        "self": space,
        "access": access,
        "form": form,
        "sessions": page,
        "session_day_max": settings.SESSION_HOURS_PER_DAY_MAX,
    }
    return private(TemplateResponse(request, "plc/sessions.html", context, status=status))


def session_action(request, space, pk, action):
    _access, response = _post_only(request, space)
    if response is not None:
        return response
    session = models.PLCSession.objects.filter(space=space, pk=pk).first()
    if session is None:
        raise Http404
    try:
        services.decide_session(session, request.user, confirm=action == "confirm", note=_reason(request))
    except Refused as refused:
        return _refused(request, refused, space.url + "sessions/")
    if action == "confirm":
        messages.success(request, _("The session is confirmed; each attendee's hours are on their record."))
    else:
        messages.info(request, _("The session was not confirmed; the people who attended are told."))
    return redirect(space.url + "sessions/")


def moderation_log(request, space):
    access = Viewer(request, space)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not access.moderator:
        raise PermissionDenied
    entries = models.ModerationLog.objects.filter(space=space).select_related("actor", "person", "post")
    context = {"page": space, "self": space, "entries": Paginator(entries, 50).get_page(request.GET.get("page"))}
    return private(TemplateResponse(request, "plc/moderation_log.html", context))
