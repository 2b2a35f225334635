"""Provinces, educational service areas, schools and HCEC centres (seed 000, section 6)."""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from lms.core.jobs import ImportReport, Job

school_code_validator = RegexValidator(r"^\d{8,10}$", _("A school code is the Ministry's code of 8 to 10 digits."))


class BilingualNameMixin:
    """``name`` is the Thai name, or the English one when the reader uses English and one exists."""

    @property
    def name(self):
        if (get_language() or "th").startswith("en") and self.name_en:
            return self.name_en
        return self.name_th

    def __str__(self):
        return self.name


class Region(models.TextChoices):
    NORTH = "north", _("North")
    NORTHEAST = "northeast", _("Northeast")
    CENTRAL = "central", _("Central")
    EAST = "east", _("East")
    WEST = "west", _("West")
    SOUTH = "south", _("South")


class ProvinceQuerySet(models.QuerySet):
    def in_scope(self, scope):
        if scope.national:
            return self.all()
        centre_provinces = Centre.objects.filter(pk__in=scope.centre_ids).values("province")
        return self.filter(Q(pk__in=scope.province_ids) | Q(pk__in=centre_provinces))


class Province(BilingualNameMixin, index.Indexed, models.Model):
    """One of the 77 provinces (76 and Bangkok), keyed by the Ministry of Interior's two-digit code."""

    code = models.CharField(_("province code"), max_length=2, unique=True)
    name_th = models.CharField(_("name (Thai)"), max_length=100, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100, unique=True)
    region = models.CharField(_("region"), max_length=20, choices=Region.choices)

    objects = ProvinceQuerySet.as_manager()

    search_fields = [
        index.SearchField("name_th"),
        index.SearchField("name_en"),
        index.AutocompleteField("name_th"),
        index.AutocompleteField("name_en"),
    ]

    class Meta:
        ordering = ["name_th"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")


class ServiceAreaKind(models.TextChoices):
    PRIMARY = "primary", _("Primary educational service area")
    SECONDARY = "secondary", _("Secondary educational service area")
    OTHER = "other", _("Other")


class ServiceAreaQuerySet(models.QuerySet):
    def in_scope(self, scope):
        if scope.national:
            return self.all()
        served = Centre.service_areas.through.objects.filter(centre_id__in=scope.centre_ids)
        return self.filter(Q(province__in=scope.province_ids) | Q(pk__in=served.values("servicearea_id")))


class ServiceArea(BilingualNameMixin, index.Indexed, models.Model):
    """An educational service area office (สพป./สพม.), which schools belong to and centres serve."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name_th = models.CharField(_("name (Thai)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ServiceAreaKind.choices)
    province = models.ForeignKey(
        Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="service_areas"
    )

    objects = ServiceAreaQuerySet.as_manager()

    search_fields = [
        index.SearchField("name_th"),
        index.SearchField("code"),
        index.AutocompleteField("name_th"),
        index.FilterField("province"),
    ]

    class Meta:
        ordering = ["province__name_th", "name_th"]
        verbose_name = _("educational service area")
        verbose_name_plural = _("educational service areas")


class SchoolQuerySet(models.QuerySet):
    def in_scope(self, scope):
        if scope.national:
            return self.all()
        served = Centre.service_areas.through.objects.filter(centre_id__in=scope.centre_ids)
        hosts = Centre.objects.filter(pk__in=scope.centre_ids).values("host_school")
        return self.filter(
            Q(province__in=scope.province_ids) | Q(service_area__in=served.values("servicearea_id")) | Q(pk__in=hosts)
        )


class School(BilingualNameMixin, index.Indexed, models.Model):
    """A school, identified by the Ministry's school code."""

    code = models.CharField(_("school code"), max_length=10, unique=True, validators=[school_code_validator])
    name_th = models.CharField(_("name (Thai)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    province = models.ForeignKey(Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="schools")
    service_area = models.ForeignKey(
        ServiceArea,
        verbose_name=_("educational service area"),
        on_delete=models.PROTECT,
        related_name="schools",
        null=True,
        blank=True,
    )
    district = models.CharField(_("district"), max_length=100, blank=True)

    objects = SchoolQuerySet.as_manager()

    search_fields = [
        index.SearchField("name_th"),
        index.SearchField("name_en"),
        index.SearchField("code"),
        index.AutocompleteField("name_th"),
        index.AutocompleteField("code"),
        index.FilterField("province"),
    ]

    class Meta:
        ordering = ["name_th"]
        verbose_name = _("school")
        verbose_name_plural = _("schools")


class CentreOwnedQuerySet(models.QuerySet):
    """Records with a ``centre``: those of the scope's centres and of the centres in its provinces."""

    def in_scope(self, scope):
        if scope.national:
            return self
        return self.filter(Q(centre__in=scope.centre_ids) | Q(centre__province__in=scope.province_ids))


class CentreQuerySet(models.QuerySet):
    def in_scope(self, scope):
        if scope.national:
            return self.all()
        return self.filter(Q(pk__in=scope.centre_ids) | Q(province__in=scope.province_ids))


class Centre(BilingualNameMixin, index.Indexed, models.Model):
    """An HCEC centre (ศูนย์พัฒนาศักยภาพบุคคลเพื่อความเป็นเลิศ), hosted by a school in a province."""

    code = models.CharField(_("centre code"), max_length=20, unique=True)
    name_th = models.CharField(_("name (Thai)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    province = models.ForeignKey(Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="centres")
    host_school = models.ForeignKey(
        School, verbose_name=_("host school"), on_delete=models.PROTECT, related_name="hosted_centres"
    )
    service_areas = models.ManyToManyField(
        ServiceArea,
        verbose_name=_("service areas served"),
        related_name="centres",
        blank=True,
        help_text=_("Teachers of schools in these areas belong to this centre."),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    is_active = models.BooleanField(pgettext_lazy("centre", "active"), default=True)

    objects = CentreQuerySet.as_manager()

    search_fields = [
        index.SearchField("name_th"),
        index.SearchField("name_en"),
        index.SearchField("code"),
        index.AutocompleteField("name_th"),
        index.FilterField("province"),
    ]

    class Meta:
        ordering = ["province__name_th", "name_th"]
        verbose_name = _("HCEC centre")
        verbose_name_plural = _("HCEC centres")


class ImportJob(Job, ImportReport):
    """One uploaded CSV of areas, schools or centres, imported in the background."""

    task = "lms.org.tasks.run_import_job"

    class Kind(models.TextChoices):
        AREAS = "areas", _("Educational service areas")
        SCHOOLS = "schools", _("Schools")
        CENTRES = "centres", _("HCEC centres")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to="imports/org/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)

    class Meta(Job.Meta):
        verbose_name = _("organisation import")
        verbose_name_plural = _("organisation imports")

    def __str__(self):
        return f"{self.get_kind_display()} · {self.original_name}"
