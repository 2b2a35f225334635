"""Forms of the PLC pages: the space in the admin, and posts, sessions and invitations on the site.

Post bodies are cleaned by the platform's one HTML policy here, before anything else sees them, and
whatever the client sent: the editor in the browser is a convenience, not a defence.
"""

import json
import re
from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.html import linebreaks
from django.utils.translation import gettext_lazy as _

from lms.core.sanitize import clean_html, html_to_text
from lms.people.forms import PersonField
from lms.people.models import User
from lms.people.page_permissions import CentreChoiceForm

from .choices import Stage


class SpaceAdminForm(CentreChoiceForm):
    """The space in the admin: centres limited to the author's, the facilitator typed by username."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "facilitator" in self.fields:
            field = self.fields["facilitator"]
            self.fields["facilitator"] = PersonField(label=field.label, help_text=_("Their username."))
            if self.instance.facilitator_id:
                self.initial["facilitator"] = self.instance.facilitator.username


class RichTextInput(forms.Textarea):
    """A textarea the page's script turns into a small rich-text editor; without script it stays one."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"rows": 8, "data-rich-text": "", **(attrs or {})})

    def format_value(self, value):
        # Whatever comes back into the editor (a stored body, or a refused POST shown again) passes the
        # policy first: the editor parses it as HTML.
        return clean_html(super().format_value(value) or "")

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        # The editor's button names, in the reader's language (the script has no catalogue of its own).
        context["widget"]["attrs"]["data-labels"] = json.dumps(
            {
                "bold": str(_("Bold")),
                "italic": str(_("Italic")),
                "ul": str(_("Bulleted list")),
                "ol": str(_("Numbered list")),
                "quote": str(_("Quote")),
                "link": str(_("Link")),
                "linkPrompt": str(_("Address of the link (https://…)")),
                "image": str(_("Picture")),
                "uploading": str(_("Uploading…")),
                "uploadFailed": str(_("The picture could not be uploaded.")),
                "toolbar": str(_("Text formatting")),
            }
        )
        return context


LOOKS_LIKE_HTML = re.compile(r"<[A-Za-z!/]")
# A row id as a browser sends it: ASCII digits only (str.isdigit() also accepts "²"), within bigint.
ID = re.compile(r"[0-9]{1,18}")


class BodyField(forms.CharField):
    """User HTML: cleaned by the one policy, and refused when empty or longer than the limit."""

    widget = RichTextInput

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Text"))
        # The raw limit only stops absurd requests; the real limit is on the text a reader sees.
        super().__init__(max_length=settings.PLC_POST_MAX_CHARS * 10, strip=True, **kwargs)
        self.error_messages["max_length"] = _("The text is far too long.")

    def clean(self, value):
        value = super().clean(value)
        if not LOOKS_LIKE_HTML.search(value):
            # Typed without the editor (no script, or a plain reply box): keep the paragraphs.
            value = linebreaks(value, autoescape=True)
        cleaned = clean_html(value)
        text = html_to_text(cleaned).strip()
        if not text and "<img" not in cleaned:
            raise forms.ValidationError(_("Write something before you post."), code="empty")
        if len(text) > settings.PLC_POST_MAX_CHARS:
            raise forms.ValidationError(
                _("The text is %(length)s characters long; the limit is %(limit)s. Shorten it or split it in two.")
                % {"length": f"{len(text):,}", "limit": f"{settings.PLC_POST_MAX_CHARS:,}"},
                code="too_long",
            )
        return cleaned


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class PostForm(forms.Form):
    """A reflection (with a stage) or a reply (``parent`` set, no stage)."""

    body = BodyField()
    stage = forms.ChoiceField(label=_("PLC cycle stage"), choices=Stage.choices, required=False)
    files = MultipleFileField(label=_("Attach files"), required=False)
    # Files already uploaded from the editor (their ids), claimed by this post.
    drafts = forms.CharField(required=False, widget=forms.HiddenInput)
    submission_key = forms.UUIDField(widget=forms.HiddenInput)
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, reply=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.reply = reply
        if reply:
            del self.fields["stage"]
            self.fields["body"].label = _("Your reply")
        else:
            self.fields["stage"].required = True
        self.fields["files"].help_text = _(
            "Images (JPEG, PNG, GIF, WebP), PDF and Office files, up to %(mb)s MB each, %(count)s per post."
        ) % {"mb": settings.PLC_ATTACHMENT_MAX_BYTES // (1024 * 1024), "count": settings.PLC_ATTACHMENTS_PER_POST}

    def clean_drafts(self):
        ids = [part.strip() for part in self.cleaned_data["drafts"].split(",") if part.strip()]
        if not all(ID.fullmatch(part) for part in ids) or len(ids) > settings.PLC_ATTACHMENTS_PER_POST:
            raise forms.ValidationError(_("The list of uploaded files is damaged; reload the page."))
        return [int(part) for part in ids]


class EditPostForm(forms.Form):
    body = BodyField()
    stage = forms.ChoiceField(label=_("PLC cycle stage"), choices=Stage.choices, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)


class InviteForm(forms.Form):
    person = PersonField(label=_("Invite a person"), help_text=_("Their username."))


class SessionForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    start_time = forms.TimeField(label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    hours = forms.DecimalField(
        label=_("Duration (hours)"), min_value=Decimal("0.25"), max_value=Decimal("8"), decimal_places=2
    )
    activity = forms.CharField(label=_("Activity"), max_length=300)
    stage = forms.ChoiceField(label=_("PLC cycle stage"), choices=Stage.choices)
    attendees = forms.ModelMultipleChoiceField(
        label=_("Who attended"), queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = members

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("A session can be logged only once it has taken place."))
        return date
