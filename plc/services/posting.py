"""Posting in a community: reflections and replies, their edits and deletion, the files attached to
them and the pictures uploaded from the editor before the post exists (drafts); who is notified.

Posting is rate-limited per person and idempotent per ``submission_key``.
"""

import re
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.core.db import create_once
from lms.core.errors import RateLimited, Refused
from lms.core.sanitize import html_to_text
from lms.notifications.kinds import each_language
from lms.notifications.services import notify

from .. import files
from ..models import Attachment, Post
from ..permissions import may_edit
from .membership import is_member, members_of

MENTION = re.compile(r"(?<![\w@.])@([A-Za-z0-9_.+\-]+[A-Za-z0-9_])")


def mentioned_members(space, text):
    """Members named ``@username`` in ``text``."""
    names = set(MENTION.findall(text))
    return list(members_of(space).filter(username__in=names)) if names else []


def check_upload_rate(user):
    """Files uploaded from the editor count like posts, and a person keeps few unposted ones."""
    drafts = Attachment.objects.filter(uploaded_by=user, post__isnull=True)
    if drafts.count() >= settings.PLC_ATTACHMENTS_PER_POST * 4:
        raise RateLimited(_("You have many pictures uploaded but not posted. Post or discard them first."))
    _check_rate(user, Attachment.objects.filter(uploaded_by=user))


def _check_rate(user, rows=None):
    now = timezone.now()
    rows = Post.objects.filter(author=user) if rows is None else rows
    recent = rows.filter(created_at__gte=now - timedelta(hours=1)).values_list("created_at", flat=True)
    times = list(recent[: settings.PLC_POSTS_PER_HOUR])
    if len(times) >= settings.PLC_POSTS_PER_HOUR or (
        sum(1 for t in times if t >= now - timedelta(minutes=1)) >= settings.PLC_POSTS_PER_MINUTE
    ):
        raise RateLimited(_("You are posting very quickly. Wait a minute, then post again; your text is kept below."))


def purge_drafts(older_than=timedelta(days=1)):
    """Delete pictures uploaded from the editor but never posted (the page was closed). Returns how many."""
    stale = Attachment.objects.filter(post__isnull=True, created_at__lt=timezone.now() - older_than)
    count = 0
    for attachment in stale.iterator():
        files.delete(attachment)
        count += 1
    return count


def _claim_drafts(space, user, draft_ids, post):
    if not draft_ids:
        return 0
    return Attachment.objects.filter(pk__in=draft_ids, space=space, uploaded_by=user, post__isnull=True).update(
        post=post
    )


def create_post(space, author, *, body, submission_key, stage="", parent=None, uploads=(), draft_ids=()):
    """Post a reflection, or a reply to ``parent``. Returns ``(post, created)``.

    The same ``submission_key`` from the same author gives back the first post: a double click or a
    resent form never posts twice. ``body`` must already be cleaned (``forms.BodyField``).
    """
    same_submission = Post.objects.filter(author=author, submission_key=submission_key)
    existing = same_submission.first()
    if existing is not None:
        return existing, False
    if not is_member(author, space):
        raise Refused(_("Only members of this community can post here. Join it first."))
    thread = None
    if parent is not None:
        if parent.space_id != space.pk or parent.deleted_at or parent.hidden_at:
            raise Refused(_("The post you are replying to is no longer here."))
        thread = parent.thread or parent
        if thread.deleted_at or thread.hidden_at:
            raise Refused(_("The post you are replying to is no longer here."))
        if thread.locked_at:
            raise Refused(_("This discussion is locked: no more replies."))
        stage = ""
    elif not stage:
        raise Refused(_("Choose the stage of the PLC cycle this reflection belongs to."))
    if len(uploads) + len(draft_ids) > settings.PLC_ATTACHMENTS_PER_POST:
        raise Refused(_("Attach at most %(count)s files to one post.") % {"count": settings.PLC_ATTACHMENTS_PER_POST})
    checked = [files.check_upload(upload) for upload in uploads]
    _check_rate(author)

    def write():
        post = Post.objects.create(
            space=space,
            author=author,
            thread=thread,
            parent=parent,
            stage=stage,
            body=body,
            submission_key=submission_key,
        )
        for upload, content_type in checked:
            files.store(space, author, upload, content_type, post=post)
        _claim_drafts(space, author, draft_ids, post)
        # In the same transaction: a post is never stored without the notices it owes.
        _notify_about(post, thread)
        return post

    # A parallel copy of the same submission may win the race; its post is then the answer.
    return create_once(write, same_submission)


def _notify_about(post, thread):
    space = post.space
    name = each_language(lambda: post.author.display_name)
    url = post_url(post)
    mentioned = mentioned_members(space, html_to_text(post.body))
    if mentioned:
        notify(
            mentioned,
            kind="plc_mention",
            params={"name": name, "space": space.title},
            url=url,
            actor=post.author,
        )
    if thread is not None:
        # Everyone already in the discussion: the reflection's author and those who replied.
        member_ids = set(members_of(space).values_list("pk", flat=True))
        involved = {thread.author, *(p.author for p in thread.replies.select_related("author"))}
        involved = {person for person in involved - set(mentioned) if person.pk in member_ids}
        notify(
            involved,
            kind="plc_reply",
            params={"name": name, "space": space.title},
            url=url,
            actor=post.author,
        )


def post_url(post):
    return post.space.url + f"posts/{post.root_id}/#post-{post.pk}"


def edit_post(post, user, *, body, stage=""):
    if user.pk != post.author_id:
        raise Refused(_("You can edit only your own posts."))
    if not may_edit(user, post):
        raise Refused(
            _("Posts can be edited for %(minutes)s minutes after posting; this one can no longer be changed.")
            % {"minutes": settings.PLC_EDIT_WINDOW_MINUTES}
        )
    if not is_member(user, post.space):
        raise Refused(_("Only members of this community can post here. Join it first."))
    post.body = body
    fields = ["body", "edited_at"]
    if post.is_reflection and stage:
        post.stage = stage
        fields.append("stage")
    post.edited_at = timezone.now()
    post.save(update_fields=fields)
    return post


def delete_post(post, user):
    """The author deletes their post. Replies others wrote stay; the post shows as deleted."""
    if user.pk != post.author_id:
        raise Refused(_("You can delete only your own posts."))
    if post.deleted_at:
        return post
    with transaction.atomic():
        post.deleted_at = timezone.now()
        post.body = ""
        post.save(update_fields=["deleted_at", "body"])
        for attachment in post.attachments.all():
            files.delete(attachment)
    return post
