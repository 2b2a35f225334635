"""What the facilitator and the centre's staff do in a community: invite, answer requests to join,
remove members; hide posts and lock discussions; start a best practice from a reflection. Each act on
a person or a post goes into the space's moderation log."""

import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.core.errors import Refused
from lms.core.sanitize import html_to_text
from lms.core.slugs import thai_slugify
from lms.notifications.services import notify

from ..choices import MembershipStatus, ModerationAction
from ..models import Membership, ModerationLog, PracticePage
from ..permissions import may_moderate
from .membership import set_status
from .posting import post_url


def _log(space, actor, action, *, post=None, person=None, reason=""):
    ModerationLog.objects.create(space=space, actor=actor, action=action, post=post, person=person, reason=reason)


def _check_moderator(user, space):
    if not may_moderate(user, space):
        raise Refused(_("Only the facilitator and centre staff can do this."))


@transaction.atomic
def invite(space, person, by):
    _check_moderator(by, space)
    membership = Membership.objects.select_for_update().filter(space=space, user=person).first()
    if membership and membership.status == MembershipStatus.MEMBER:
        raise Refused(_("%(name)s is already a member.") % {"name": person.display_name})
    if membership and membership.status == MembershipStatus.REQUESTED:
        return decide_request(space, membership, approve=True, by=by)
    membership = set_status(space, person, MembershipStatus.INVITED, by)
    _log(space, by, ModerationAction.INVITE, person=person)
    notify(
        [person],
        kind="plc_invited",
        params={"space": space.title},
        url=space.url,
        actor=by,
    )
    return membership


@transaction.atomic
def decide_request(space, membership, *, approve, by):
    _check_moderator(by, space)
    if membership.space_id != space.pk or membership.status != MembershipStatus.REQUESTED:
        raise Refused(_("This request has already been answered."))
    status = MembershipStatus.MEMBER if approve else MembershipStatus.DECLINED
    membership = set_status(space, membership.user, status, by)
    _log(
        space,
        by,
        ModerationAction.APPROVE_MEMBER if approve else ModerationAction.DECLINE_MEMBER,
        person=membership.user,
    )
    notify(
        [membership.user],
        kind="plc_joined" if approve else "plc_declined",
        params={"space": space.title},
        url=space.url,
        actor=by,
    )
    return membership


@transaction.atomic
def remove_member(space, membership, *, by, reason=""):
    _check_moderator(by, space)
    if membership.space_id != space.pk or membership.status != MembershipStatus.MEMBER:
        raise Refused(_("This person is not a member."))
    if membership.user_id == space.facilitator_id:
        raise Refused(_("The facilitator cannot be removed; staff can name another facilitator first."))
    membership = set_status(space, membership.user, MembershipStatus.REMOVED, by)
    _log(space, by, ModerationAction.REMOVE_MEMBER, person=membership.user, reason=reason)
    return membership


@transaction.atomic
def set_hidden(post, by, *, hidden, reason=""):
    _check_moderator(by, post.space)
    if post.deleted_at:
        raise Refused(_("The author deleted this post."))
    post.hidden_at = timezone.now() if hidden else None
    post.hidden_by = by if hidden else None
    post.save(update_fields=["hidden_at", "hidden_by"])
    _log(post.space, by, ModerationAction.HIDE if hidden else ModerationAction.UNHIDE, post=post, reason=reason)
    if hidden:
        notify(
            [post.author],
            kind="plc_post_hidden",
            params={"space": post.space.title},
            url=post_url(post),
            actor=by,
        )
    return post


@transaction.atomic
def set_locked(post, by, *, locked, reason=""):
    _check_moderator(by, post.space)
    thread = post.thread or post
    thread.locked_at = timezone.now() if locked else None
    thread.save(update_fields=["locked_at"])
    _log(post.space, by, ModerationAction.LOCK if locked else ModerationAction.UNLOCK, post=thread, reason=reason)
    return thread


def practice_from_post(post, by):
    """A draft best-practice page under the space, started from a reflection (facilitator or staff)."""
    _check_moderator(by, post.space)
    if not post.is_reflection or post.deleted_at or post.hidden_at:
        raise Refused(_("Only a reflection can become a best practice."))
    space = post.space
    existing = PracticePage.objects.filter(source_post=post).first()
    if existing is not None:
        return existing
    first_block = re.split(r"</(?:p|h2|h3|h4|li|blockquote|pre)>|<br\s*/?>", post.body, maxsplit=1)[0]
    title = html_to_text(first_block).strip()[:80] or space.title
    page = PracticePage(
        title=title,
        # Left empty, the slug is made from the title; a title of emoji alone makes none.
        slug="" if thai_slugify(title) else f"practice-{post.pk}",
        subject_area=space.subject_area,
        what_we_tried=post.body,
        source_post=post,
        live=False,
        owner=by,
    )
    space.add_child(instance=page)
    page.save_revision(user=by, log_action=True)
    return page
