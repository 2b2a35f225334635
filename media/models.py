"""H5P: the libraries installed on the platform, the content items trainers upload, and teachers'
attempts, results, statements and saved state."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.search import index

from lms.people.roles import Capability, author_centres, scope_for


class H5PLibrary(models.Model):
    """Library code (JavaScript, CSS) one or more content items run on; stored once per patch version."""

    machine_name = models.CharField(_("machine name"), max_length=255)
    major_version = models.PositiveIntegerField(_("major version"))
    minor_version = models.PositiveIntegerField(_("minor version"))
    patch_version = models.PositiveIntegerField(_("patch version"))
    title = models.CharField(pgettext_lazy("h5p", "title"), max_length=255)
    storage_prefix = models.CharField(max_length=400)
    installed_at = models.DateTimeField(_("installed at"), auto_now=True)

    class Meta:
        verbose_name = _("H5P library")
        verbose_name_plural = _("H5P libraries")
        constraints = [
            models.UniqueConstraint(
                fields=["machine_name", "major_version", "minor_version"], name="one_h5p_library_version"
            )
        ]
        permissions = [("install_h5p_library", _("Can upload H5P packages that bring new library code"))]

    def __str__(self):
        return f"{self.machine_name} {self.major_version}.{self.minor_version}.{self.patch_version}"

    @property
    def folder(self):
        """The folder name H5P players look the library up by."""
        return f"{self.machine_name}-{self.major_version}.{self.minor_version}"


class H5PContentQuerySet(models.QuerySet):
    """Who sees and changes which items: their centres' items and their own uploads; shared items (no
    centre) are seen by everyone and changed only by national roles."""

    def _authors_everywhere(self, user):
        return user.is_superuser or scope_for(user, Capability.AUTHOR_CONTENT).national

    def _own(self, user):
        return Q(centre__in=author_centres(user)) | Q(uploaded_by=user)

    def visible_to(self, user):
        return self.all() if self._authors_everywhere(user) else self.filter(self._own(user) | Q(centre__isnull=True))

    def editable_by(self, user):
        return self.all() if self._authors_everywhere(user) else self.filter(self._own(user))


class H5PContent(index.Indexed, models.Model):
    """An uploaded H5P package: a reusable item of the library, chosen in a lesson's H5P block."""

    title = models.CharField(pgettext_lazy("h5p", "title"), max_length=255)
    main_library = models.CharField(_("main library"), max_length=255)
    libraries = models.ManyToManyField(H5PLibrary, related_name="contents", blank=True)
    storage_prefix = models.CharField(max_length=400, unique=True)
    # Library folder -> storage prefix of the exact patch this item was uploaded with: installing a
    # newer patch later never changes what an existing item runs.
    library_prefixes = models.JSONField(default=dict, blank=True)
    unpacked_bytes = models.PositiveBigIntegerField(default=0)
    max_score = models.DecimalField(
        _("maximum score"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_(
            "Read from the package where its content type allows, otherwise taken from the first attempt "
            "of a trainer who may edit the item. Results that claim another maximum are refused."
        ),
    )
    min_attempt_seconds = models.PositiveIntegerField(
        _("shortest attempt (seconds)"),
        null=True,
        blank=True,
        help_text=_("A result counts only after the activity was open this long. Empty: the platform's default."),
    )
    centre = models.ForeignKey(
        "org.Centre", verbose_name=_("centre"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = H5PContentQuerySet.as_manager()

    search_fields = [index.SearchField("title"), index.AutocompleteField("title"), index.FilterField("centre")]

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("H5P content")
        verbose_name_plural = _("H5P content")

    def __str__(self):
        return self.title

    @property
    def shortest_attempt_seconds(self):
        if self.min_attempt_seconds is not None:
            return self.min_attempt_seconds
        return settings.H5P_MIN_ATTEMPT_SECONDS


class H5PAttempt(models.Model):
    """One opening of the player for one teacher, item and lesson, with the server's start time.

    Statements count only against the latest attempt (its id is in the player's xAPI address), and a
    scored one only when the attempt has been open ``content.shortest_attempt_seconds`` since it started
    or since its previous scored statement (a retry in the same player).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    content = models.ForeignKey(H5PContent, on_delete=models.CASCADE, related_name="attempts")
    lesson = models.ForeignKey("wagtailcore.Page", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    started_at = models.DateTimeField()
    scored_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "content", "lesson", "started_at"])]

    def __str__(self):
        return f"{self.user_id} · {self.content_id} · {self.started_at}"


class H5PResult(models.Model):
    """A teacher's result on one H5P item in one lesson: best and latest score, attempts, completion."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="h5p_results")
    content = models.ForeignKey(H5PContent, on_delete=models.CASCADE, related_name="results")
    lesson = models.ForeignKey("wagtailcore.Page", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    latest_score = models.DecimalField(_("latest score"), max_digits=9, decimal_places=2, null=True, blank=True)
    best_score = models.DecimalField(_("best score"), max_digits=9, decimal_places=2, null=True, blank=True)
    max_score = models.DecimalField(_("maximum score"), max_digits=9, decimal_places=2, null=True, blank=True)
    completed = models.BooleanField(_("completed"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("H5P result")
        verbose_name_plural = _("H5P results")
        constraints = [models.UniqueConstraint(fields=["user", "content", "lesson"], name="one_h5p_result_per_lesson")]

    def __str__(self):
        return f"{self.user} · {self.content} · {self.best_score}/{self.max_score}"


class H5PStatement(models.Model):
    """An xAPI statement accepted from a player (noisy "interacted" ones at most every few seconds)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    content = models.ForeignKey(H5PContent, on_delete=models.CASCADE, related_name="statements")
    lesson = models.ForeignKey("wagtailcore.Page", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    attempt = models.ForeignKey(H5PAttempt, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    verb = models.CharField(max_length=200)
    top_level = models.BooleanField(default=True)
    raw_score = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    max_score = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    statement = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["user", "content", "created_at"])]

    def __str__(self):
        return f"{self.user_id} · {self.verb}"


class H5PUserData(models.Model):
    """The player's saved state (``contentUserData``), so a teacher resumes where they left."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    content = models.ForeignKey(H5PContent, on_delete=models.CASCADE, related_name="+")
    data_type = models.CharField(max_length=50, default="state")
    sub_content_id = models.CharField(max_length=50, default="0")
    data = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "content", "data_type", "sub_content_id"], name="one_h5p_state")
        ]

    def __str__(self):
        return f"{self.user_id} · {self.content_id} · {self.data_type}"
