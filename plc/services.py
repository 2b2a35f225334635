"""Everything that changes a community: membership, posts, moderation, files and sessions.

Views call these functions and show their :class:`Refused` messages; the rules (who may post where,
edit windows, rate limits, idempotent posting, hours once per session and person) live only here.
"""

import re
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lms.core.errors import RateLimited, Refused
from lms.core.sanitize import html_to_text
from lms.core.thaidate import thai_date
from lms.learning import ledger
from lms.learning import services as learning
from lms.learning.models import HoursSource
from lms.notifications.services import notify
from lms.org.models import Centre
from lms.people.models import Role, User
from lms.people.roles import Capability, scope_for

from . import files
from .choices import Access, MembershipStatus, ModerationAction, SessionStatus
from .models import (
    Attachment,
    Membership,
    ModerationLog,
    PLCSession,
    Post,
    PracticePage,
)

# Who is who in a space.


def membership_of(user, space):
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(space=space, user=user).first()


def is_member(user, space):
    return user.is_authenticated and (
        Membership.objects.filter(space=space, user=user, status=MembershipStatus.MEMBER).exists()
    )


def may_moderate(user, space):
    """The facilitator, and centre staff (managers, staff, OBEC) whose scope covers the space's centre."""
    if not user.is_authenticated or not user.is_active:
        return False
    return (
        user.is_superuser
        or user.pk == space.facilitator_id
        or scope_for(user, Capability.MODERATE_PLC).covers_centre(space.centre)
    )


def may_see_space(user, space, membership=None):
    """Open and by-request spaces show their description to everyone; closed ones only to their people."""
    if space.access != Access.CLOSED:
        return True
    if membership is not None and membership.status in (MembershipStatus.MEMBER, MembershipStatus.INVITED):
        return True
    return may_moderate(user, space)


def visible_spaces(user, spaces):
    """``spaces`` (a PLCSpacePage queryset) less the closed ones ``user`` may not see."""
    if user.is_authenticated and user.is_superuser:
        return spaces
    visible = ~Q(access=Access.CLOSED)
    if user.is_authenticated:
        mine = Membership.objects.filter(
            user=user, status__in=[MembershipStatus.MEMBER, MembershipStatus.INVITED]
        ).values("space_id")
        centres = scope_for(user, Capability.MODERATE_PLC)
        visible |= Q(pk__in=mine) | Q(facilitator=user) | Q(centre__in=Centre.objects.in_scope(centres))
    return spaces.filter(visible)


def members_of(space):
    return User.objects.filter(
        plc_memberships__space=space, plc_memberships__status=MembershipStatus.MEMBER, is_active=True
    )


def _log(space, actor, action, *, post=None, person=None, reason=""):
    ModerationLog.objects.create(space=space, actor=actor, action=action, post=post, person=person, reason=reason)


def _set_status(space, user, status, by):
    membership, _created = Membership.objects.update_or_create(
        space=space, user=user, defaults={"status": status, "changed_by": by}
    )
    return membership


# Membership.


def ensure_facilitator(space):
    """Make the space's facilitator a member (they may have left, or been named after it opened)."""
    return _set_status(space, space.facilitator, MembershipStatus.MEMBER, space.facilitator)


@transaction.atomic
def join(user, space):
    """Join an open space, or ask to join one by request. Returns the membership."""
    membership = Membership.objects.select_for_update().filter(space=space, user=user).first()
    if membership and membership.status == MembershipStatus.MEMBER:
        return membership
    if membership and membership.status == MembershipStatus.REMOVED:
        raise Refused(_("The facilitator removed you from this community; ask them to invite you again."))
    if membership and membership.status == MembershipStatus.INVITED:
        return _set_status(space, user, MembershipStatus.MEMBER, user)
    if space.access == Access.OPEN:
        return _set_status(space, user, MembershipStatus.MEMBER, user)
    if space.access == Access.REQUEST:
        if membership and membership.status == MembershipStatus.REQUESTED:
            return membership
        asked_lately = membership is not None and membership.changed_at > timezone.now() - timedelta(days=1)
        membership = _set_status(space, user, MembershipStatus.REQUESTED, user)
        if asked_lately:
            # Leaving and asking again must not become a way to flood the facilitator.
            return membership
        notify(
            [space.facilitator],
            message=gettext_lazy("%(name)s asks to join %(space)s."),
            params={"name": user.display_name, "space": space.title},
            url=space.url + "#members",
            actor=user,
        )
        return membership
    raise Refused(_("This community is by invitation only."))


def leave(user, space):
    membership = membership_of(user, space)
    if membership is None or membership.status not in (MembershipStatus.MEMBER, MembershipStatus.REQUESTED):
        raise Refused(_("You are not a member of this community."))
    if user.pk == space.facilitator_id:
        raise Refused(_("The facilitator cannot leave; staff can name another facilitator first."))
    return _set_status(space, user, MembershipStatus.LEFT, user)


def decline_invitation(user, space):
    membership = membership_of(user, space)
    if membership is None or membership.status != MembershipStatus.INVITED:
        raise Refused(_("You have no invitation to this community."))
    return _set_status(space, user, MembershipStatus.DECLINED, user)


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
    membership = _set_status(space, person, MembershipStatus.INVITED, by)
    _log(space, by, ModerationAction.INVITE, person=person)
    notify(
        [person],
        message=gettext_lazy("You are invited to join the learning community %(space)s."),
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
    membership = _set_status(space, membership.user, status, by)
    _log(
        space,
        by,
        ModerationAction.APPROVE_MEMBER if approve else ModerationAction.DECLINE_MEMBER,
        person=membership.user,
    )
    notify(
        [membership.user],
        message=gettext_lazy("You are now a member of %(space)s.")
        if approve
        else gettext_lazy("Your request to join %(space)s was declined."),
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
    membership = _set_status(space, membership.user, MembershipStatus.REMOVED, by)
    _log(space, by, ModerationAction.REMOVE_MEMBER, person=membership.user, reason=reason)
    return membership


# Posts.

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
    existing = Post.objects.filter(author=author, submission_key=submission_key).first()
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
    try:
        with transaction.atomic():
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
    except IntegrityError:
        # A parallel copy of the same submission won the race.
        existing = Post.objects.filter(author=author, submission_key=submission_key).first()
        if existing is None:
            raise
        return existing, False
    return post, True


def _notify_about(post, thread):
    space = post.space
    name = post.author.display_name
    url = post_url(post)
    mentioned = mentioned_members(space, html_to_text(post.body))
    if mentioned:
        notify(
            mentioned,
            message=gettext_lazy("%(name)s mentioned you in %(space)s."),
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
            message=gettext_lazy("%(name)s replied in a discussion in %(space)s."),
            params={"name": name, "space": space.title},
            url=url,
            actor=post.author,
        )


def post_url(post):
    return post.space.url + f"posts/{post.root_id}/#post-{post.pk}"


def may_edit(user, post):
    return user.pk == post.author_id and not post.deleted_at and not post.hidden_at and post.in_edit_window()


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
            message=gettext_lazy("A moderator hid one of your posts in %(space)s."),
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
        # A Thai or emoji title gives no usable slug of its own.
        slug=f"practice-{post.pk}",
        subject_area=space.subject_area,
        what_we_tried=post.body,
        source_post=post,
        live=False,
        owner=by,
    )
    space.add_child(instance=page)
    page.save_revision(user=by, log_action=True)
    return page


# PLC sessions and hours.
#
# A session has at least two attendees, lies within one day and has ended. Nobody is in two sessions at
# once, and nobody is credited more than SESSION_HOURS_PER_DAY_MAX hours of sessions a day (the ledger
# holds the last line). Someone who attended or logged a session never confirms it: the facilitator or
# the centre's staff do. Each check runs with the attendees' rows locked, so two parallel requests are
# decided one after the other.

MIN_ATTENDEES = 2


def session_confirmers(space):
    """Who may confirm the space's sessions: the facilitator and the centre's managers and staff."""
    return User.objects.filter(
        Q(pk=space.facilitator_id)
        | Q(
            role_assignments__centre=space.centre_id,
            role_assignments__role__in=[Role.CENTRE_MANAGER, Role.CENTRE_STAFF],
        ),
        is_active=True,
    ).distinct()


def _overlapping(person, session, statuses):
    """The first other session ``person`` attends on the same day that overlaps ``session``'s time."""
    others = (
        PLCSession.objects.filter(attendees=person, date=session.date, status__in=statuses)
        .exclude(pk=session.pk)
        .select_related("space")
    )
    return next(
        (o for o in others if o.start_minute < session.end_minute and session.start_minute < o.end_minute),
        None,
    )


def _check_overlap(person, session, statuses):
    """Refuse when ``person`` is already in another session (of ``statuses``) at the same time."""
    clash = _overlapping(person, session, statuses)
    if clash is not None:
        raise Refused(
            _(
                "%(name)s is already in another session at that time (%(start)s–%(end)s, %(space)s). "
                "One person cannot attend two sessions at once."
            )
            % {
                "name": person.display_name,
                "start": f"{clash.start_time:%H:%M}",
                "end": f"{clash.end_time:%H:%M}",
                "space": clash.space.title,
            }
        )


def _check_day(person, session):
    """Refuse when the day's sessions (credited, or logged and waiting) would pass the daily maximum."""
    waiting = PLCSession.objects.filter(attendees=person, date=session.date, status=SessionStatus.LOGGED)
    already = waiting.exclude(pk=session.pk).aggregate(total=Sum("hours"))["total"] or Decimal(0)
    ledger.check_session_day(person, session.date, session.hours, already=already)


def log_session(space, by, *, date, start_time, hours, activity, stage, attendees, submission_key):
    """A member logs a meeting; the facilitator or centre staff are asked to confirm it.

    Returns ``(session, created)``; the same ``submission_key`` gives back the first session.
    """
    existing = PLCSession.objects.filter(logged_by=by, submission_key=submission_key).first()
    if existing is not None:
        return existing, False
    if not is_member(by, space):
        raise Refused(_("Only members of this community can log its sessions."))
    attendees = list({person.pk: person for person in attendees}.values())
    member_ids = set(members_of(space).values_list("pk", flat=True))
    if any(person.pk not in member_ids for person in attendees):
        raise Refused(_("Only members of the community can be listed as attending."))
    if len(attendees) < MIN_ATTENDEES:
        raise Refused(
            _("A PLC session is a meeting of at least %(count)s members: tick everyone who attended.")
            % {"count": MIN_ATTENDEES}
        )
    session = PLCSession(
        space=space,
        date=date,
        start_time=start_time,
        hours=hours,
        activity=activity,
        stage=stage,
        logged_by=by,
        submission_key=submission_key,
    )
    if session.end_minute > 24 * 60:
        raise Refused(_("A session must end on the day it starts; log each day's meeting on its own."))
    ends = timezone.make_aware(datetime.combine(date, time()) + timedelta(minutes=session.end_minute))
    if ends > timezone.now():
        raise Refused(_("A session can be logged only once it has taken place."))
    try:
        with transaction.atomic():
            ledger.lock_people(attendees)
            for person in attendees:
                _check_overlap(person, session, [SessionStatus.LOGGED, SessionStatus.CONFIRMED])
                _check_day(person, session)
            session.save()
            session.attendees.set(attendees)
            attending = {person.pk for person in attendees} | {by.pk}
            confirmers = [p for p in session_confirmers(space) if p.pk not in attending]
            # The facilitator is asked first; the centre's staff only when the facilitator attended.
            facilitator = [p for p in confirmers if p.pk == space.facilitator_id]
            notify(
                facilitator or confirmers,
                message=gettext_lazy("A PLC session in %(space)s waits for your confirmation."),
                params={"space": space.title},
                url=space.url + "sessions/",
                actor=by,
            )
            # Those listed hear of it, so a session someone was put down for without being there is caught.
            notify(
                attendees,
                message=gettext_lazy(
                    "%(name)s listed you as attending a PLC session in %(space)s on %(date)s. If you were not "
                    "there, tell the facilitator or the centre's staff before they confirm it."
                ),
                params={"name": by.display_name, "space": space.title, "date": thai_date(date)},
                url=space.url + f"sessions/#session-{session.pk}",
                actor=by,
            )
    except IntegrityError:
        return PLCSession.objects.get(logged_by=by, submission_key=submission_key), False
    return session, True


def may_decide_session(user, session):
    """The facilitator or centre staff, and never someone who attended or logged the session."""
    return (
        may_moderate(user, session.space)
        and user.pk != session.logged_by_id
        and not session.attendees.filter(pk=user.pk).exists()
    )


@transaction.atomic
def decide_session(session, by, *, confirm, note=""):
    """Confirm (hours go to each attendee's ledger, once) or reject a session."""
    session = PLCSession.objects.select_for_update().select_related("space").get(pk=session.pk)
    space = session.space
    if not may_moderate(by, space):
        raise Refused(_("Only the facilitator and the centre's staff can confirm or reject sessions."))
    if session.status != SessionStatus.LOGGED:
        raise Refused(_("This session has already been decided."))
    if confirm and not may_decide_session(by, session):
        raise Refused(
            _(
                "You attended or logged this session, so you cannot confirm it yourself: the facilitator or "
                "the centre's staff (manager, staff) confirm it."
            )
        )
    # Someone removed (or who left) since the session was logged is not credited by it.
    attendees = list(session.attendees.filter(pk__in=members_of(space).values("pk")).order_by("pk"))
    if confirm:
        if len(attendees) < MIN_ATTENDEES:
            raise Refused(
                _("Fewer than %(count)s of those who attended are still members; this session cannot be confirmed.")
                % {"count": MIN_ATTENDEES}
            )
        ledger.lock_people(attendees)
        title = _("PLC: %(space)s, %(activity)s") % {"space": space.title, "activity": session.activity}
        for person in attendees:
            # The ledger itself refuses a day past the maximum.
            _check_overlap(person, session, [SessionStatus.CONFIRMED])
            learning.credit_hours(
                person,
                source=HoursSource.PLC,
                key=f"{session.ledger_key_prefix}{person.pk}",
                title=title,
                hours=session.hours,
                date=session.date,
                evidence=session.evidence,
                evidence_url=space.url + f"sessions/#session-{session.pk}",
            )
    session.status = SessionStatus.CONFIRMED if confirm else SessionStatus.REJECTED
    session.decided_by = by
    session.decided_at = timezone.now()
    session.decision_note = note
    session.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    notify(
        attendees,
        message=gettext_lazy("Your PLC session in %(space)s was confirmed; the hours are on your record.")
        if confirm
        else gettext_lazy("Your PLC session in %(space)s was not confirmed."),
        params={"space": space.title},
        url=space.url + "sessions/",
        actor=by,
    )
    return session
