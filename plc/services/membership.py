"""A person's own way into and out of a community: joining, asking to join, accepting or declining an
invitation, leaving; and who the members are."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.core.errors import Refused
from lms.notifications.kinds import each_language
from lms.notifications.services import notify
from lms.people.models import User

from ..choices import Access, MembershipStatus
from ..models import Membership


def membership_of(user, space):
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(space=space, user=user).first()


def is_member(user, space):
    return user.is_authenticated and (
        Membership.objects.filter(space=space, user=user, status=MembershipStatus.MEMBER).exists()
    )


def members_of(space):
    return User.objects.filter(
        plc_memberships__space=space, plc_memberships__status=MembershipStatus.MEMBER, is_active=True
    )


def set_status(space, user, status, by):
    membership, _created = Membership.objects.update_or_create(
        space=space, user=user, defaults={"status": status, "changed_by": by}
    )
    return membership


def ensure_facilitator(space):
    """Make the space's facilitator a member (they may have left, or been named after it opened)."""
    return set_status(space, space.facilitator, MembershipStatus.MEMBER, space.facilitator)


@transaction.atomic
def join(user, space):
    """Join an open space, or ask to join one by request. Returns the membership."""
    membership = Membership.objects.select_for_update().filter(space=space, user=user).first()
    if membership and membership.status == MembershipStatus.MEMBER:
        return membership
    if membership and membership.status == MembershipStatus.REMOVED:
        raise Refused(_("The facilitator removed you from this community; ask them to invite you again."))
    if membership and membership.status == MembershipStatus.INVITED:
        return set_status(space, user, MembershipStatus.MEMBER, user)
    if space.access == Access.OPEN:
        return set_status(space, user, MembershipStatus.MEMBER, user)
    if space.access == Access.REQUEST:
        if membership and membership.status == MembershipStatus.REQUESTED:
            return membership
        asked_lately = membership is not None and membership.changed_at > timezone.now() - timedelta(days=1)
        membership = set_status(space, user, MembershipStatus.REQUESTED, user)
        if asked_lately:
            # Leaving and asking again must not become a way to flood the facilitator.
            return membership
        notify(
            [space.facilitator],
            kind="plc_join_request",
            params={"name": each_language(lambda: user.display_name), "space": space.title},
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
    return set_status(space, user, MembershipStatus.LEFT, user)


def decline_invitation(user, space):
    membership = membership_of(user, space)
    if membership is None or membership.status != MembershipStatus.INVITED:
        raise Refused(_("You have no invitation to this community."))
    return set_status(space, user, MembershipStatus.DECLINED, user)
