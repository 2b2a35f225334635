"""Who may do what with H5P content. Which items a person sees and changes is the model's rule
(``H5PContent.objects.visible_to`` / ``editable_by``), registered as the admin's permission policy."""

from lms.people import policies

from .models import H5PContent


def may_upload(user):
    return user.has_perm("media.add_h5pcontent")


def register_permission_policies():
    policies.register_queryset_rules(H5PContent)
