"""Reflections and their discussions: reading a thread, posting, editing, deleting, and the moderators'
acts on a post (hide, lock, make a best practice)."""

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from lms.core.caching import private
from lms.core.errors import RateLimited, Refused, refused_response
from lms.core.sanitize import clean_html

from .. import forms
from ..forms import ID
from ..models import Post
from ..permissions import may_edit
from ..services import moderation, posting
from .access import Viewer, moderator_reason, post_only
from .spaces import space_context


def _thread_posts(space, root, access):
    """The reflection's replies in reading order, each with its depth under what it answers."""
    replies = Post.objects.filter(thread=root).select_related("author").prefetch_related("attachments")
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
    post = Post.objects.filter(space=space, pk=pk).select_related("author", "space").first()
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
    access, response = post_only(request, space)
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
            context = space_context(request, space, access)
            return private(TemplateResponse(request, "plc/plc_space_page.html", context, status=status))
        context = space_context(request, space, access, form=form)
        return private(TemplateResponse(request, "plc/plc_space_page.html", context, status=status))

    if not access.is_member:
        return again(403, _("Only members of this community can post here. Join it first."))
    if not form.is_valid():
        return again(400)
    data = form.cleaned_data
    try:
        post, created = posting.create_post(
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
    return redirect(posting.post_url(post))


def edit_post(request, space, pk):
    access = Viewer(request, space)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    post = _get_post(space, pk, access)
    if post.author_id != request.user.pk:
        raise PermissionDenied
    if not may_edit(request.user, post):
        messages.error(
            request,
            _("Posts can be edited for %(minutes)s minutes after posting; this one can no longer be changed.")
            % {"minutes": settings.PLC_EDIT_WINDOW_MINUTES},
        )
        return redirect(posting.post_url(post))
    if request.method == "POST":
        form = forms.EditPostForm(request.POST)
        if form.is_valid():
            try:
                posting.edit_post(post, request.user, body=form.cleaned_data["body"], stage=form.cleaned_data["stage"])
            except Refused as refused:
                return refused_response(request, refused, posting.post_url(post))
            messages.success(request, _("Your changes are saved."))
            return redirect(posting.post_url(post))
        status = 400
    else:
        form = forms.EditPostForm(initial={"body": clean_html(post.body), "stage": post.stage})
        status = 200
    if not post.is_reflection:
        del form.fields["stage"]
    context = {"page": space, "self": space, "post": post, "form": form}
    return private(TemplateResponse(request, "plc/edit_post.html", context, status=status))


def post_action(request, space, pk, action):
    access, response = post_only(request, space)
    if response is not None:
        return response
    if not access.can_read:
        raise PermissionDenied
    post = _get_post(space, pk, access)
    reason = moderator_reason(request)
    try:
        if action == "delete":
            posting.delete_post(post, request.user)
            messages.success(request, _("Your post is deleted."))
            return redirect(space.url if post.is_reflection else posting.post_url(post))
        if action in ("hide", "unhide"):
            moderation.set_hidden(post, request.user, hidden=action == "hide", reason=reason)
            messages.success(request, _("Done; the action is in the moderation log."))
        elif action in ("lock", "unlock"):
            moderation.set_locked(post, request.user, locked=action == "lock", reason=reason)
            messages.success(request, _("Done; the action is in the moderation log."))
        else:
            page = moderation.practice_from_post(post, request.user)
            messages.success(
                request,
                _("A draft best practice “%(title)s” was made from this reflection; edit and publish it in the admin.")
                % {"title": page.title},
            )
    except Refused as refused:
        return refused_response(request, refused, posting.post_url(post))
    return redirect(posting.post_url(post))
