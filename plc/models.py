"""PLC index -> space -> practice pages, and the community's data beside them.

Spaces and practices are content that staff manage in the Wagtail admin. Members, posts, attachments,
sessions and the moderation log are plain models keyed to their space: a post costs one insert, not
a page-tree write.
"""

from datetime import time, timedelta
from decimal import Decimal
from uuid import uuid4

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, re_path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from lms.core.bilingual import EnglishTitle
from lms.core.slugs import ThaiSlugMixin
from lms.org.models import Centre, School
from lms.people.models import SubjectArea
from lms.people.page_permissions import CentrePagePermissionTester, SectionIndexPermissionTester

from . import forms
from .choices import Access, MembershipStatus, ModerationAction, SessionStatus, Stage


class PLCIndexPage(ThaiSlugMixin, EnglishTitle, Page):
    """Every community a person may see, with filters."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    intro_en = RichTextField(_("introduction (English)"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("title_en"), FieldPanel("intro"), FieldPanel("intro_en")]
    parent_page_types = ["theme.HomePage"]
    subpage_types = ["plc.PLCSpacePage"]

    class Meta:
        verbose_name = _("PLC index")

    def permissions_for_user(self, user):
        return SectionIndexPermissionTester(user, self)

    def serve(self, request, *args, **kwargs):
        from .views.spaces import index_page

        return index_page(request, self)


class PLCSpacePage(ThaiSlugMixin, RoutablePageMixin, Page):
    """One community. Its members and posts are rows in ``Membership`` and ``Post``."""

    purpose = models.TextField(_("purpose"), help_text=_("The classroom problem the community works on, in Thai."))
    centre = models.ForeignKey(Centre, verbose_name=_("centre"), on_delete=models.PROTECT, related_name="plc_spaces")
    school = models.ForeignKey(
        School,
        verbose_name=_("school"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plc_spaces",
        help_text=_("For a community inside one school; leave empty for a centre-wide one."),
    )
    subject_area = models.CharField(_("subject area"), max_length=30, choices=SubjectArea.choices, blank=True)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("facilitator"), on_delete=models.PROTECT, related_name="+"
    )
    term = models.CharField(_("term"), max_length=20, help_text=_("For example 2/2569."))
    access = models.CharField(_("who may join"), max_length=10, choices=Access.choices, default=Access.OPEN)

    search_fields = Page.search_fields + [index.SearchField("purpose"), index.FilterField("centre_id")]
    content_panels = Page.content_panels + [
        FieldPanel("purpose"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("centre"), FieldPanel("school")]),
                FieldRowPanel([FieldPanel("subject_area"), FieldPanel("term")]),
                FieldRowPanel([FieldPanel("facilitator"), FieldPanel("access")]),
            ],
            heading=_("About the community"),
        ),
    ]
    parent_page_types = ["plc.PLCIndexPage"]
    subpage_types = ["plc.PracticePage"]
    base_form_class = forms.SpaceAdminForm

    class Meta:
        verbose_name = _("PLC space")
        verbose_name_plural = _("PLC spaces")

    def permissions_for_user(self, user):
        return CentrePagePermissionTester(user, self, self.centre if self.centre_id else None)

    @re_path(r"^$")
    def space_view(self, request):
        from .views.spaces import space_page

        return space_page(request, self)

    @re_path(r"^(?P<action>join|leave|accept|decline|invite)/$", name="membership")
    def membership_view(self, request, action):
        from .views.membership import membership

        return membership(request, self, action)

    @re_path(r"^members/(?P<pk>\d+)/(?P<action>approve|decline|remove)/$", name="member")
    def member_view(self, request, pk, action):
        from .views.membership import member

        return member(request, self, int(pk), action)

    @re_path(r"^posts/$", name="new_post")
    def new_post_view(self, request):
        from .views.posts import new_post

        return new_post(request, self)

    @re_path(r"^posts/(?P<pk>\d+)/$", name="thread")
    def thread_view(self, request, pk):
        from .views.posts import thread

        return thread(request, self, int(pk))

    @re_path(r"^posts/(?P<pk>\d+)/edit/$", name="edit_post")
    def edit_post_view(self, request, pk):
        from .views.posts import edit_post

        return edit_post(request, self, int(pk))

    @re_path(r"^posts/(?P<pk>\d+)/(?P<action>delete|hide|unhide|lock|unlock|practice)/$", name="post_action")
    def post_action_view(self, request, pk, action):
        from .views.posts import post_action

        return post_action(request, self, int(pk), action)

    @re_path(r"^files/$", name="upload")
    def upload_view(self, request):
        from .views.files import upload

        return upload(request, self)

    @re_path(r"^files/(?P<pk>\d+)/$", name="file")
    def file_view(self, request, pk):
        from .views.files import attachment

        return attachment(request, self, int(pk))

    @re_path(r"^sessions/$", name="sessions")
    def sessions_view(self, request):
        from .views.sessions import sessions

        return sessions(request, self)

    @re_path(r"^sessions/(?P<pk>\d+)/(?P<action>confirm|reject)/$", name="session_action")
    def session_action_view(self, request, pk, action):
        from .views.sessions import session_action

        return session_action(request, self, int(pk), action)

    @re_path(r"^log/$", name="log")
    def log_view(self, request):
        from .views.spaces import moderation_log

        return moderation_log(request, self)


class PracticePage(ThaiSlugMixin, Page):
    """A best practice the community publishes for every teacher to read."""

    subject_area = models.CharField(_("subject area"), max_length=30, choices=SubjectArea.choices, blank=True)
    problem = RichTextField(_("the problem"), blank=True, features=["bold", "italic", "link", "ol", "ul"])
    what_we_tried = RichTextField(_("what we tried"), blank=True, features=["bold", "italic", "link", "ol", "ul"])
    evidence = RichTextField(_("evidence"), blank=True, features=["bold", "italic", "link", "ol", "ul", "image"])
    what_changed = RichTextField(_("what changed"), blank=True, features=["bold", "italic", "link", "ol", "ul"])
    source_post = models.ForeignKey(
        "plc.Post", verbose_name=_("from the reflection"), on_delete=models.SET_NULL, null=True, blank=True
    )

    search_fields = Page.search_fields + [index.SearchField("problem"), index.SearchField("what_we_tried")]
    content_panels = Page.content_panels + [
        FieldPanel("subject_area"),
        FieldPanel("problem"),
        FieldPanel("what_we_tried"),
        FieldPanel("evidence"),
        FieldPanel("what_changed"),
    ]
    parent_page_types = ["plc.PLCSpacePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("best practice")
        verbose_name_plural = _("best practices")

    @property
    def space(self):
        if "_space" not in self.__dict__ and self.path:
            self.__dict__["_space"] = PLCSpacePage.objects.select_related("centre").ancestor_of(self).first()
        return self.__dict__.get("_space")

    def permissions_for_user(self, user):
        space = self.space
        return CentrePagePermissionTester(user, self, space.centre if space else None)


class Membership(models.Model):
    """One person's place in one space; leaving or being removed keeps the row (and their posts)."""

    space = models.ForeignKey(PLCSpacePage, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plc_memberships")
    status = models.CharField(_("status"), max_length=20, choices=MembershipStatus.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    changed_at = models.DateTimeField(auto_now=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["space", "user"], name="one_membership_per_space")]
        indexes = [models.Index(fields=["user", "status"]), models.Index(fields=["space", "status"])]

    def __str__(self):
        return f"{self.user} · {self.space_id} · {self.status}"


class Post(models.Model):
    """A reflection (``thread`` empty) or a reply in a reflection's thread (``parent``: what it answers).

    ``body`` is HTML already cleaned by ``lms.core.sanitize``; templates clean it again on output.
    ``submission_key`` comes from the form, so the same POST sent twice makes one post.
    """

    space = models.ForeignKey(PLCSpacePage, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plc_posts")
    thread = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="children")
    stage = models.CharField(_("PLC cycle stage"), max_length=20, choices=Stage.choices, blank=True)
    body = models.TextField(_("text"))
    submission_key = models.UUIDField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("posted at"), auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        constraints = [
            models.UniqueConstraint(fields=["author", "submission_key"], name="one_post_per_submission"),
        ]
        indexes = [
            models.Index(fields=["space", "-created_at"], condition=Q(thread=None), name="plc_reflections"),
            models.Index(fields=["author", "created_at"]),
        ]

    def __str__(self):
        return f"{self.author} · {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_reflection(self):
        return self.thread_id is None

    @property
    def root_id(self):
        return self.thread_id or self.pk

    def in_edit_window(self):
        return timezone.now() - self.created_at <= timedelta(minutes=settings.PLC_EDIT_WINDOW_MINUTES)

    def listed_attachments(self):
        """Attachments to list under the text: all but the pictures the text already shows."""
        return [a for a in self.attachments.all() if not (a.is_image and f"/files/{a.pk}/" in self.body)]


def attachment_path(instance, filename):
    # The stored name is not the uploaded one: a file is found only through its row and the view
    # that checks membership, never by guessing a path.
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"plc/{instance.space_id}/{uuid4().hex}.{suffix}"


class Attachment(models.Model):
    """A file attached to a post. Uploaded from the editor before the post exists, it waits as a draft."""

    space = models.ForeignKey(PLCSpacePage, on_delete=models.CASCADE, related_name="attachments")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=255)
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.name

    @property
    def is_image(self):
        return self.content_type.startswith("image/")


class ModerationLog(models.Model):
    space = models.ForeignKey(PLCSpacePage, on_delete=models.CASCADE, related_name="moderation_log")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(_("action"), max_length=20, choices=ModerationAction.choices)
    post = models.ForeignKey(Post, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("moderation log entry")
        verbose_name_plural = _("moderation log")

    def __str__(self):
        return f"{self.actor} · {self.action} · {self.created_at:%Y-%m-%d %H:%M}"


class PLCSession(models.Model):
    """A meeting of the community. Confirmed, it credits each attendee's hours ledger once.

    It runs from ``start_time`` for ``hours`` within its day; the rules on attendees, overlaps and the
    daily maximum live in ``plc.services.sessions``.
    """

    space = models.ForeignKey(PLCSpacePage, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"))
    hours = models.DecimalField(
        _("duration (hours)"),
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.25")), MaxValueValidator(Decimal("8"))],
    )
    activity = models.CharField(_("activity"), max_length=300)
    stage = models.CharField(_("PLC cycle stage"), max_length=20, choices=Stage.choices)
    attendees = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("who attended"), related_name="+")
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submission_key = models.UUIDField(null=True, blank=True, editable=False)
    status = models.CharField(_("status"), max_length=20, choices=SessionStatus.choices, default=SessionStatus.LOGGED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("PLC session")
        verbose_name_plural = _("PLC sessions")
        constraints = [
            models.UniqueConstraint(fields=["logged_by", "submission_key"], name="one_session_per_submission"),
        ]

    def __str__(self):
        return f"{self.space_id} · {self.date} · {self.hours}"

    @property
    def ledger_key_prefix(self):
        return f"plc:session:{self.pk}:"

    @property
    def evidence(self):
        """What the hours stand for in the ledger: one entry per person per session, whatever the key."""
        return f"plc.session:{self.pk}"

    @property
    def start_minute(self):
        return self.start_time.hour * 60 + self.start_time.minute

    @property
    def end_minute(self):
        return self.start_minute + round(self.hours * 60)

    @property
    def end_time(self):
        minute = min(self.end_minute, 24 * 60 - 1)
        return time(minute // 60, minute % 60)
