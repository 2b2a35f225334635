"""Role assignments in the Wagtail admin, for OBEC administrators (the group holding their permissions;
others see, in choosers, only the assignments inside their scope).

The person is named by username or citizen ID rather than picked from a list of every teacher in the
country. Whatever the admin creates, edits or deletes, the person's Django groups follow their roles.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet

from .models import RoleAssignment, User
from .services import sync_user_groups
from .viewsets import ScopedViewSet


class PersonField(forms.CharField):
    """A person named by username or by citizen ID (typed any usual way)."""

    def prepare_value(self, value):
        if isinstance(value, int):
            return User.objects.filter(pk=value).values_list("username", flat=True).first() or ""
        return value

    def clean(self, value):
        if isinstance(value, int):  # the disabled field on the edit form gives back the stored id
            return User.objects.get(pk=value)
        text = super().clean(value).strip()
        person = User.objects.named(text).first()
        if person is None:
            raise forms.ValidationError(_("Nobody has the username or citizen ID %(value)s."), params={"value": text})
        return person


class RoleAssignmentForm(WagtailAdminModelForm):
    user = PersonField(label=_("Person"), help_text=_("Username or citizen ID."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Moving a role to someone else is a revoke and a grant, each logged for its own person.
            self.fields["user"].disabled = True

    def _post_clean(self):
        super()._post_clean()
        # Unique together with NULL columns is not enforced by every database: check it here.
        data = self.cleaned_data
        if {"user", "role"} <= data.keys():
            duplicate = RoleAssignment.objects.filter(
                user=data["user"], role=data["role"], centre=data.get("centre"), province=data.get("province")
            ).exclude(pk=self.instance.pk)
            if duplicate.exists():
                self.add_error(None, _("This person already holds this role there."))


class RoleAssignmentViewSet(ScopedViewSet):
    model = RoleAssignment
    icon = "key"
    menu_label = _("Roles")
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["user", "role", "centre", "province", "staff_function", "created_at"]
    list_filter = ["role", "centre", "province"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    base_form_class = RoleAssignmentForm
    panels = [
        FieldPanel("user"),
        FieldPanel("role"),
        FieldPanel("centre"),
        FieldPanel("province"),
        FieldPanel("staff_function"),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "centre", "province")


register_snippet(RoleAssignmentViewSet)


def _sync_groups(instances):
    for user in User.objects.filter(pk__in={instance.user_id for instance in instances}):
        sync_user_groups(user)


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def sync_groups_after_save(request, instance):
    if isinstance(instance, RoleAssignment):
        _sync_groups([instance])


@hooks.register("after_delete_snippet")
def sync_groups_after_delete(request, instances):
    if instances and isinstance(instances[0], RoleAssignment):
        _sync_groups(instances)
