"""Certificate templates (per centre, editable in the admin) and issued certificates (plain rows)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from lms.core.jobs import Job
from lms.org.models import CentreOwnedQuerySet
from lms.people.roles import Capability, scope_for


class AchievementKind(models.TextChoices):
    COURSE = "course", _("Completed course")
    EXAM = "exam", _("Level reached in a test")


class TemplateQuerySet(CentreOwnedQuerySet):
    def visible_to(self, user):
        return self.in_scope(scope_for(user, Capability.MANAGE_CERTIFICATES))

    editable_by = visible_to


class CertificateTemplate(ClusterableModel):
    """How a centre's certificates look: wording, background and signatories. Empty centre: national."""

    name = models.CharField(_("name"), max_length=200)
    centre = models.ForeignKey(
        "org.Centre",
        verbose_name=_("centre"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Empty: the national template, used where a centre has none of its own."),
    )
    kind = models.CharField(pgettext_lazy("certificate", "for"), max_length=20, choices=AchievementKind.choices)
    heading = models.CharField(_("heading"), max_length=200, default="เกียรติบัตร")
    wording = models.CharField(_("wording before the name"), max_length=300, default="ขอมอบเกียรติบัตรฉบับนี้ไว้เพื่อแสดงว่า")
    achievement_wording = models.CharField(
        _("wording before the achievement"), max_length=300, default="ได้ผ่านการอบรมหลักสูตร"
    )
    background = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("background"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("An A4 landscape picture (297 × 210 mm) behind the text."),
    )
    valid_months = models.PositiveIntegerField(
        _("valid for (months)"), null=True, blank=True, help_text=_("Empty: the certificate does not expire.")
    )

    objects = TemplateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate template")
        verbose_name_plural = _("certificate templates")
        constraints = [models.UniqueConstraint(fields=["centre", "kind"], name="one_template_per_centre_and_kind")]

    def __str__(self):
        return self.name

    @classmethod
    def for_issue(cls, centre, kind):
        """The centre's template for ``kind``, else the national one, else ``None`` (built-in wording)."""
        templates = list(cls.objects.filter(Q(centre=centre) | Q(centre__isnull=True), kind=kind).order_by("pk"))
        return next((t for t in templates if t.centre_id), templates[0] if templates else None)


class Signatory(Orderable):
    template = ParentalKey(CertificateTemplate, on_delete=models.CASCADE, related_name="signatories")
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200)
    signature = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("signature"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta(Orderable.Meta):
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")


class PdfStatus(models.TextChoices):
    PENDING = "pending", _("Being prepared")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Could not be prepared")


class Certificate(models.Model):
    """One achievement of one person, issued once. The text fields are a snapshot: they are what was
    signed, so renaming a course or a person later does not change a certificate already issued."""

    code = models.CharField(_("verification code"), max_length=30, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("holder"), on_delete=models.PROTECT, related_name="certificates"
    )
    kind = models.CharField(pgettext_lazy("certificate", "for"), max_length=20, choices=AchievementKind.choices)
    achievement_key = models.CharField(max_length=100, editable=False)
    recipient_name = models.CharField(_("name"), max_length=300)
    achievement = models.CharField(_("achievement"), max_length=300)
    detail = models.CharField(_("hours or level"), max_length=100, blank=True)
    centre = models.ForeignKey(
        "org.Centre", verbose_name=_("centre"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    issuer = models.CharField(_("issued by"), max_length=300)
    template = models.ForeignKey(CertificateTemplate, on_delete=models.SET_NULL, null=True, blank=True)
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    evidence_url = models.CharField(max_length=500, blank=True)
    key_id = models.CharField(max_length=40, editable=False)
    signature = models.CharField(max_length=120, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_reason = models.CharField(_("reason for revoking"), max_length=500, blank=True)
    pdf = models.FileField(upload_to="certificates/", blank=True, max_length=200)
    pdf_status = models.CharField(max_length=20, choices=PdfStatus.choices, default=PdfStatus.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CentreOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        # Once per achievement; a revoked one (a wrong name, say) may be issued again, corrected.
        constraints = [
            models.UniqueConstraint(
                fields=["user", "achievement_key"],
                condition=Q(revoked_at__isnull=True),
                name="one_valid_certificate_per_achievement",
            )
        ]

    def __str__(self):
        return f"{self.code} · {self.recipient_name}"

    def content(self):
        """What the signature covers: everything a checker reads on the certificate, and nothing private."""
        return {
            "code": self.code,
            "name": self.recipient_name,
            "achievement": self.achievement,
            "detail": self.detail,
            "kind": self.kind,
            "issuer": self.issuer,
            "issued_on": self.issued_on.isoformat(),
            "expires_on": self.expires_on.isoformat() if self.expires_on else None,
        }

    @property
    def is_revoked(self):
        return self.revoked_at is not None

    def is_expired(self, today=None):
        return self.expires_on is not None and self.expires_on < (today or timezone.localdate())

    def status(self, today=None):
        if self.is_revoked:
            return "revoked"
        if self.is_expired(today):
            return "expired"
        return "valid"

    def get_status_display(self):
        return {
            "revoked": pgettext_lazy("certificate", "Revoked"),
            "expired": pgettext_lazy("certificate", "Expired"),
            "valid": pgettext_lazy("certificate", "Valid"),
        }[self.status()]

    def mark_pdf(self, status, pdf_name=""):
        """Record where the PDF stands, and its file once stored."""
        self.pdf_status = status
        fields = ["pdf_status"]
        if pdf_name:
            self.pdf.name = pdf_name
            fields.append("pdf")
        self.save(update_fields=fields)


class CertificateBundle(Job):
    """One ZIP of a centre's certificates for one achievement, built in the background for staff."""

    task = "lms.certificates.tasks.build_certificate_bundle"

    # The ZIP holds personal data for the one who asked: it goes with their account.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("started by"), on_delete=models.CASCADE, related_name="+"
    )
    centre = models.ForeignKey("org.Centre", verbose_name=_("centre"), on_delete=models.CASCADE, related_name="+")
    achievement = models.CharField(_("achievement"), max_length=300)
    file = models.FileField(upload_to="certificates/bundles/", blank=True, max_length=200)

    def __str__(self):
        return f"{self.centre_id} · {self.achievement}"
