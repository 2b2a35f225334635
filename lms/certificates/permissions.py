"""Who may read a certificate that is not public, open a bundle of them, and edit templates (the
admin's policy: the model's own queryset rules)."""

from lms.people import policies
from lms.people.roles import Capability, scope_for

from .models import Certificate, CertificateTemplate


def may_read(user, certificate):
    """The holder, and the staff who keep certificates where it was issued."""
    if certificate.user_id == user.pk:
        return True
    scope = scope_for(user, Capability.MANAGE_CERTIFICATES)
    return not scope.is_empty and Certificate.objects.in_scope(scope).filter(pk=certificate.pk).exists()


def may_open_bundle(user, bundle):
    """The staff member who asked for it, while they still keep certificates at its centre."""
    return bundle.created_by_id == user.pk and scope_for(user, Capability.MANAGE_CERTIFICATES).covers_centre(
        bundle.centre
    )


def register_permission_policies():
    policies.register_queryset_rules(CertificateTemplate)
