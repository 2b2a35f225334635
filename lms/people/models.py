"""The user, their teacher profile and their role assignments."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from lms.org.models import Centre, Province, School

from . import citizen_id


class UserQuerySet(models.QuerySet):
    def in_scope(self, scope):
        """People whose records fall inside ``scope``: by their school, or by a role they hold there."""
        if scope.national:
            return self.all()
        if scope.is_empty:
            return self.none()
        served = Centre.service_areas.through.objects.filter(centre_id__in=scope.centre_ids)
        by_school = TeacherProfile.objects.filter(
            Q(school__province__in=scope.province_ids) | Q(school__service_area__in=served.values("servicearea_id"))
        )
        by_role = RoleAssignment.objects.in_scope(scope)
        return self.filter(Q(pk__in=by_school.values("user_id")) | Q(pk__in=by_role.values("user_id")))

    def named(self, text):
        """People a person names by username or by citizen ID (typed any usual way)."""
        text = text.strip()
        digits = citizen_id.looks_like(text)
        return self.filter(Q(username=text) | Q(citizen_id=digits)) if digits else self.filter(username=text)


class PersonManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    """A person who signs in. ``first_name``/``last_name`` hold the Thai name; English parts are apart."""

    title = models.CharField(
        pgettext_lazy("name prefix", "title"),
        max_length=50,
        blank=True,
        help_text=_("For example นาย, นาง, นางสาว, ดร."),
    )
    title_en = models.CharField(_("title (English)"), max_length=50, blank=True)
    first_name_en = models.CharField(_("first name (English)"), max_length=150, blank=True)
    last_name_en = models.CharField(_("last name (English)"), max_length=150, blank=True)
    citizen_id = models.CharField(
        _("citizen ID"),
        max_length=13,
        unique=True,
        null=True,
        blank=True,
        validators=[citizen_id.validate],
        error_messages={"unique": _("Another account already uses this citizen ID.")},
    )
    # The language e-mails and other notices away from the site are written in; the language switch sets it.
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, blank=True)

    objects = PersonManager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["first_name", "last_name", "username"]

    def clean(self):
        super().clean()
        if self.citizen_id:
            self.citizen_id = citizen_id.clean(self.citizen_id)
        else:
            self.citizen_id = None

    def save(self, *args, **kwargs):
        # Stored normalised whatever path wrote it; blank becomes NULL so uniqueness ignores it.
        self.citizen_id = citizen_id.normalise(self.citizen_id) or None
        super().save(*args, **kwargs)

    @property
    def full_name_th(self):
        return " ".join(part for part in (f"{self.title}{self.first_name}", self.last_name) if part).strip()

    @property
    def full_name_en(self):
        return " ".join(p for p in (self.title_en, self.first_name_en, self.last_name_en) if p).strip()

    @property
    def display_name(self):
        if (get_language() or "th").startswith("en") and self.full_name_en:
            return self.full_name_en
        return self.full_name_th or self.full_name_en or self.username

    def get_full_name(self):
        return self.display_name

    def __str__(self):
        return self.display_name

    @property
    def citizen_id_display(self):
        return citizen_id.format_id(self.citizen_id)

    @property
    def citizen_id_masked(self):
        return citizen_id.mask(self.citizen_id)

    @cached_property
    def role_assignments_cached(self):
        """This user's role assignments, read once per request."""
        return list(self.role_assignments.select_related("centre", "province"))


class Position(models.TextChoices):
    TEACHER = "teacher", _("Teacher")
    DIRECTOR = "director", _("School director")
    DEPUTY_DIRECTOR = "deputy_director", _("Deputy school director")
    SUPERVISOR = "supervisor", _("Supervisor")
    EDUCATION_PERSONNEL = "personnel", _("Education personnel")
    OTHER = "other", _("Other")


class AcademicStanding(models.TextChoices):
    """วิทยฐานะ, in the order a teacher climbs them."""

    ASSISTANT = "assistant", _("Assistant teacher")
    NONE = "teacher", _("Teacher (no academic standing)")
    PROFESSIONAL = "professional", _("Professional level")
    SENIOR_PROFESSIONAL = "senior_professional", _("Senior professional level")
    EXPERT = "expert", _("Expert level")
    SENIOR_EXPERT = "senior_expert", _("Senior expert level")


class SubjectArea(models.TextChoices):
    """The eight learning areas of the basic-education core curriculum, and the rest of a school."""

    THAI = "thai", _("Thai language")
    MATHEMATICS = "mathematics", _("Mathematics")
    SCIENCE = "science", _("Science and technology")
    SOCIAL = "social", _("Social studies, religion and culture")
    HEALTH = "health", _("Health and physical education")
    ARTS = "arts", _("Arts")
    CAREERS = "careers", _("Careers")
    FOREIGN_LANGUAGES = "foreign_languages", _("Foreign languages")
    EARLY_CHILDHOOD = "early_childhood", _("Early childhood")
    SPECIAL_EDUCATION = "special_education", _("Special education")
    GUIDANCE = "guidance", _("Guidance and student activities")
    OTHER = "other", _("Other")


class TeacherProfile(models.Model):
    """What the platform knows about a person as a teacher."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="profile")
    school = models.ForeignKey(
        School, verbose_name=_("school"), on_delete=models.SET_NULL, null=True, blank=True, related_name="teachers"
    )
    position = models.CharField(_("position"), max_length=30, choices=Position.choices, default=Position.TEACHER)
    academic_standing = models.CharField(
        _("academic standing"), max_length=30, choices=AcademicStanding.choices, blank=True
    )
    subject_area = models.CharField(_("subject area"), max_length=30, choices=SubjectArea.choices, blank=True)
    licence_number = models.CharField(_("teacher licence number"), max_length=30, blank=True)
    licence_expiry = models.DateField(_("teacher licence expiry date"), null=True, blank=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    # A citizen ID the teacher typed for themselves, waiting for the centre's staff to check and set it.
    requested_citizen_id = models.CharField(_("citizen ID waiting for a check"), max_length=13, blank=True)

    class Meta:
        verbose_name = _("teacher profile")
        verbose_name_plural = _("teacher profiles")

    def __str__(self):
        return str(self.user)


class Role(models.TextChoices):
    """Roles above trainee. Every person is a trainee; these are granted on top, each with a scope."""

    MASTER_TRAINER = "master_trainer", _("Master trainer")
    CENTRE_MANAGER = "centre_manager", _("Centre manager")
    CENTRE_STAFF = "centre_staff", _("Centre staff")
    SUPERVISOR = "supervisor", _("Supervisor")
    PROVINCIAL_COMMITTEE = "provincial_committee", _("Provincial committee")
    OBEC_ADMIN = "obec_admin", _("OBEC administrator")


CENTRE_ROLES = frozenset({Role.MASTER_TRAINER, Role.CENTRE_MANAGER, Role.CENTRE_STAFF})
PROVINCE_ROLES = frozenset({Role.SUPERVISOR, Role.PROVINCIAL_COMMITTEE})
NATIONAL_ROLES = frozenset({Role.OBEC_ADMIN})


class StaffFunction(models.TextChoices):
    ICT_OFFICER = "ict_officer", _("ICT officer")
    CLERK = "clerk", _("Administrative clerk")
    OTHER = "other", _("Other")


class RoleAssignmentQuerySet(models.QuerySet):
    def in_scope(self, scope):
        if scope.national:
            return self.all()
        return self.filter(
            Q(centre__in=scope.centre_ids)
            | Q(centre__province__in=scope.province_ids)
            | Q(province__in=scope.province_ids)
        )


class RoleAssignment(models.Model):
    """A person holds a role at a centre, in a province, or nationally."""

    user = models.ForeignKey(User, verbose_name=_("person"), on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    centre = models.ForeignKey(
        Centre,
        verbose_name=_("centre"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
    )
    province = models.ForeignKey(
        Province,
        verbose_name=_("province"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
    )
    staff_function = models.CharField(_("staff function"), max_length=20, choices=StaffFunction.choices, blank=True)
    created_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "centre", "province"], name="unique_role_assignment"),
            models.CheckConstraint(
                condition=(
                    Q(role__in=sorted(CENTRE_ROLES), centre__isnull=False, province__isnull=True)
                    | Q(role__in=sorted(PROVINCE_ROLES), centre__isnull=True, province__isnull=False)
                    | Q(role__in=sorted(NATIONAL_ROLES), centre__isnull=True, province__isnull=True)
                ),
                name="role_scope_matches_role",
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()} · {self.place}"

    def clean(self):
        super().clean()
        if self.role in CENTRE_ROLES and (not self.centre_id or self.province_id):
            raise ValidationError(_("This role is held at a centre: choose the centre and no province."))
        if self.role in PROVINCE_ROLES and (not self.province_id or self.centre_id):
            raise ValidationError(_("This role is held in a province: choose the province and no centre."))
        if self.role in NATIONAL_ROLES and (self.province_id or self.centre_id):
            raise ValidationError(_("This role is national: leave centre and province empty."))
        if self.staff_function and self.role != Role.CENTRE_STAFF:
            raise ValidationError(_("Only centre staff have a staff function."))

    @property
    def place(self):
        return self.centre or self.province or _("Nationwide")
