"""Forms for a person's own profile and for staff who keep teacher records."""

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.contrib.sites.shortcuts import get_current_site
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from lms.core.queue import enqueue
from lms.org.models import Centre, School

from . import citizen_id
from .models import TeacherProfile, User
from .roles import scope_for
from .tasks import send_password_reset


class PersonField(forms.ModelChoiceField):
    """One person, typed by username: a list of every teacher in the country would not fit a page."""

    widget = forms.TextInput
    default_error_messages = {"invalid_choice": _("No active account has this username.")}

    def __init__(self, **kwargs):
        super().__init__(queryset=User.objects.filter(is_active=True), to_field_name="username", **kwargs)


class CentreInScopeMixin:
    """On an admin form (page or model) with a ``centre`` field: only the centres where the user holds
    ``centre_capability``. With ``empty_centre_is_national``, an empty centre makes a national record,
    so only those who hold the capability nationally may leave it empty."""

    centre_capability = None
    empty_centre_is_national = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is None or "centre" not in self.fields:
            return
        self.scope = scope_for(self.for_user, self.centre_capability)
        self.fields["centre"].queryset = Centre.objects.in_scope(self.scope)
        if self.empty_centre_is_national and not self.scope.national:
            self.fields["centre"].required = True

    def clean_centre(self):
        centre = self.cleaned_data.get("centre")
        if centre is None and self.empty_centre_is_national and self.for_user is not None and not self.scope.national:
            raise forms.ValidationError(_("Choose your centre: only OBEC keeps national records."))
        return centre


class PersonForm(forms.ModelForm):
    """Name parts, e-mail and citizen ID. The ID is accepted in any common way of typing it.

    Neither field says whether another account uses a value, so the form cannot tell anyone whose
    address or ID something is. A new e-mail address is not saved: it is in ``requested_email``, and
    takes effect when its mailbox confirms it. With ``self_service`` (a person editing themselves), a new
    citizen ID is not saved either: it is in ``requested_citizen_id``, for the centre's staff to check.
    """

    citizen_id = forms.CharField(
        label=_("Citizen ID"),
        required=False,
        max_length=40,
        help_text=_("13 digits; spaces, dashes and Thai digits are fine."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    class Meta:
        model = User
        fields = [
            "title",
            "first_name",
            "last_name",
            "title_en",
            "first_name_en",
            "last_name_en",
            "email",
            "citizen_id",
        ]
        labels = {"first_name": _("First name (Thai)"), "last_name": _("Last name (Thai)")}

    def __init__(self, *args, self_service=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.self_service = self_service
        self.requested_email = None
        self.requested_citizen_id = None
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True
        self.fields["email"].required = True
        self.fields["email"].help_text = _("A new address is used once you open the link we send to it.")
        if self_service:
            self.fields["citizen_id"].help_text = _(
                "13 digits; spaces, dashes and Thai digits are fine. Your centre's staff check a new ID "
                "before it replaces the old one."
            )
        if self.instance.citizen_id:
            self.initial["citizen_id"] = citizen_id.format_id(self.instance.citizen_id)

    def clean_citizen_id(self):
        raw = self.cleaned_data.get("citizen_id", "")
        value = citizen_id.clean(raw) if raw.strip() else None
        if self.self_service:
            if value and value != self.instance.citizen_id:
                self.requested_citizen_id = value
            return self.instance.citizen_id
        return value

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if email.lower() != (self.instance.email or "").lower():
            self.requested_email = email
            return self.instance.email
        return email


class SchoolCodeField(forms.CharField):
    """A school chosen by the Ministry's school code, which every teacher's school has on its papers."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 10)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        # The schools an editor may choose; None: any school.
        self.schools = None

    def prepare_value(self, value):
        if isinstance(value, School):
            return value.code
        if isinstance(value, int):
            return School.objects.filter(pk=value).values_list("code", flat=True).first() or ""
        return value

    def clean(self, value):
        code = super().clean(value).strip()
        if not code:
            return None
        school = School.objects.filter(code=code).first()
        if school is None:
            raise forms.ValidationError(
                _("No school has the code %(code)s. Check the code with your school office."), params={"code": code}
            )
        if self.schools is not None and not self.schools.filter(pk=school.pk).exists():
            raise forms.ValidationError(
                _("%(school)s is outside the centres you manage."), params={"school": school.name}
            )
        return school


class TeacherProfileForm(forms.ModelForm):
    school = SchoolCodeField(label=_("School code"), help_text=_("The Ministry's 8- or 10-digit school code."))

    def __init__(self, *args, schools=None, **kwargs):
        super().__init__(*args, **kwargs)
        if schools is not None:
            self.fields["school"].schools = schools

    class Meta:
        model = TeacherProfile
        fields = [
            "school",
            "position",
            "academic_standing",
            "subject_area",
            "licence_number",
            "licence_expiry",
            "phone",
        ]
        widgets = {"licence_expiry": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class SignInForm(AuthenticationForm):
    """The site's sign-in, with the choice to stay signed in on one's own computer."""

    remember = forms.BooleanField(
        label=_("Keep me signed in on this computer"),
        required=False,
        help_text=_("Not on a shared computer: unticked, you are signed out when the browser closes."),
    )


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form, whose mail a worker sends (``tasks.send_password_reset``)."""

    def save(self, domain_override=None, use_https=False, **kwargs):
        domain = domain_override or get_current_site(kwargs["request"]).domain
        language = translation.get_language() or settings.LANGUAGE_CODE
        enqueue(send_password_reset, self.cleaned_data["email"], domain, use_https, language)
