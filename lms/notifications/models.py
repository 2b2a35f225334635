"""One row per notice per person."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import kinds


class Notification(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The kind (lms.notifications.kinds) and its values: the words are made when the notice is read, in
    # the reader's language. ``message`` keeps them in the platform's first language for the admin, and
    # is what a notice without a known kind (one written before kinds existed) shows.
    kind = models.CharField(_("kind"), max_length=50, blank=True)
    params = models.JSONField(_("values"), default=dict, blank=True)
    message = models.CharField(_("message"), max_length=300)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    # False when the recipient chose not to have this kind by e-mail: the sweep then leaves it alone.
    email = models.BooleanField(_("by e-mail"), default=True)
    # Set when the e-mail task reached the broker; the periodic sweep queues notices it never reached.
    email_queued_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "-created_at"]),
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="unread_notifications"),
            models.Index(fields=["created_at"], condition=Q(emailed_at__isnull=True), name="notifications_not_emailed"),
        ]

    def __str__(self):
        return f"{self.recipient} · {self.message}"

    @property
    def text(self):
        """The notice in the active language."""
        return kinds.render(self.kind, self.params, fallback=self.message)

    def text_in(self, language):
        return kinds.render(self.kind, self.params, language=language, fallback=self.message)


class EmailPreference(models.Model):
    """A person's choice about one kind of notice by e-mail; without a row the kind's default holds."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_preferences")
    kind = models.CharField(_("kind"), max_length=50)
    email = models.BooleanField(_("by e-mail"))

    class Meta:
        verbose_name = _("e-mail preference")
        verbose_name_plural = _("e-mail preferences")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_email_preference_per_kind")]

    def __str__(self):
        return f"{self.user} · {self.kind}"
