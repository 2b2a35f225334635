"""Admin forms of the Testing Center: an item is written in GIFT, the format teachers know from Moodle."""

import os

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from lms.core.storage import check_upload_size
from lms.people.forms import CentreInScopeMixin, PersonField
from lms.people.roles import Capability

from .formats import QType
from .formats.gift import parse_gift, to_gift
from .models import BlueprintRule, Exam, Level, QuestionCategory, Skill, Subject
from .services.bank import save_question

AUDIO_TYPES = {".mp3": "audio/mpeg", ".ogg": "audio/ogg", ".oga": "audio/ogg", ".wav": "audio/wav", ".m4a": "audio/mp4"}


class TestCentresMixin(CentreInScopeMixin):
    centre_capability = Capability.MANAGE_TESTS


class CategoryForm(TestCentresMixin, WagtailAdminModelForm):
    pass


def validate_audio(upload):
    extension = os.path.splitext(upload.name)[1].lower()
    if extension not in AUDIO_TYPES:
        raise ValidationError(_("Upload the recording as MP3, OGG, WAV or M4A."))
    check_upload_size(upload, settings.EXAM_AUDIO_MAX_BYTES)
    head = upload.read(12)
    upload.seek(0)
    known = head[:3] == b"ID3" or head[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2") or head[:4] in (b"OggS", b"RIFF")
    if not known and head[4:8] != b"ftyp":
        raise ValidationError(_("This file is not a recording the player can play."))


class QuestionForm(WagtailAdminModelForm):
    """Category, tags and the item itself in GIFT; saving makes a new version only if the item changed."""

    gift = forms.CharField(
        label=_("Question in GIFT"),
        widget=forms.Textarea(attrs={"rows": 10, "class": "monospace", "lang": "en"}),
        help_text=_(
            "One question in Moodle's GIFT format, for example: "
            "What is the capital of Thailand? {=Bangkok ~Chiang Mai#Feedback for this option ~Phuket}. "
            "True/false: {T}. Short answer: {=answer =another}. Numeric: {#42:1}. Matching: {=cat -> แมว =dog -> หมา}."
        ),
    )
    case_sensitive = forms.BooleanField(
        label=_("Short answers must match capital letters"),
        required=False,
        help_text=_("Otherwise capitals and extra spaces are ignored when a short answer is checked."),
    )
    audio_file = forms.FileField(label=_("Recording (listening items)"), required=False, validators=[validate_audio])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "category" in self.fields and self.for_user is not None:
            self.fields["category"].queryset = QuestionCategory.objects.editable_by(self.for_user)
        version = self.instance.current_version if self.instance.pk else None
        if version is not None and not self.is_bound:
            self.fields["gift"].initial = to_gift(
                self.instance.qtype, version.text, version.data, version.general_feedback
            )
            self.fields["case_sensitive"].initial = version.data.get("case_sensitive", False)

    def clean_gift(self):
        result = parse_gift(self.cleaned_data["gift"])
        if result.errors:
            raise ValidationError([str(e.reason) for e in result.errors])
        if len(result.questions) != 1:
            raise ValidationError(_("Write exactly one question here; import a file to add many."))
        return result.questions[0][1]

    def save(self, commit=True):
        parsed = self.cleaned_data["gift"]
        if parsed.qtype == QType.SHORT:
            parsed.data["case_sensitive"] = self.cleaned_data.get("case_sensitive", False)
        question = super().save(commit=False)
        question, _changed = save_question(
            question, parsed, user=self.for_user, audio=self.cleaned_data.get("audio_file")
        )
        return question


def _live_rows(formset):
    """The cleaned rows of an inline formset that are not being deleted (``None`` if it is invalid)."""
    if formset is None:
        return []
    if not formset.is_valid():
        return None
    return [f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]


class ExamForm(TestCentresMixin, WagtailAdminModelForm):
    """The blueprint draws only from the user's own bank, sections do not overlap, and the bank can fill
    each one; every result falls in a band."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rules = self.formsets.get("blueprint_rules")
        if rules is not None and self.for_user is not None:
            categories = QuestionCategory.objects.visible_to(self.for_user)
            for form in [*rules.forms, rules.empty_form]:
                form.fields["category"].queryset = categories

    def clean(self):
        cleaned = super().clean()
        rules = _live_rows(self.formsets.get("blueprint_rules"))
        cuts = _live_rows(self.formsets.get("cut_scores"))
        if rules is None or cuts is None:
            return cleaned  # the inline rows show their own errors
        if cleaned.get("published") and not rules:
            raise ValidationError(_("Add at least one blueprint section before opening the test to candidates."))
        allowed = set(QuestionCategory.objects.visible_to(self.for_user).values_list("pk", flat=True))
        pools = []
        for number, data in enumerate(rules, start=1):
            if data["category"].pk not in allowed:
                raise ValidationError(_("Section %(n)d draws from a category you do not keep.") % {"n": number})
            rule = BlueprintRule(category=data["category"], skill=data.get("skill", ""), level=data.get("level", ""))
            pool = set(rule.pool().values_list("pk", flat=True))
            for earlier, other in enumerate(pools, start=1):
                if pool & other:
                    raise ValidationError(
                        _("Sections %(a)d and %(b)d can draw the same items: give each its own skill or level.")
                        % {"a": earlier, "b": number}
                    )
            pools.append(pool)
            have = len(pool)
            if have < data["count"]:
                raise ValidationError(
                    _("Section %(n)d asks for %(need)d items but the bank has %(have)d that fit.")
                    % {"n": number, "need": data["count"], "have": have}
                )
        starts = [row["min_percent"] for row in cuts]
        if len(starts) != len(set(starts)):
            raise ValidationError(_("Two bands start at the same percent."))
        if starts and min(starts) != 0:
            raise ValidationError(_("The lowest band starts at 0 percent, so every result has a band."))
        return cleaned


class SittingForm(TestCentresMixin, WagtailAdminModelForm):
    """The proctor is typed by username; the test is one the user may manage."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "proctor" in self.fields:
            self.fields["proctor"] = PersonField(label=_("Proctor"), help_text=_("Their username."))
            if self.instance.proctor_id:
                self.initial["proctor"] = self.instance.proctor.username
        if "exam" in self.fields and self.for_user is not None:
            self.fields["exam"].queryset = Exam.objects.visible_to(self.for_user)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("File (Moodle XML or GIFT)"))
    category = forms.ModelChoiceField(
        label=_("Into the category"), queryset=QuestionCategory.objects.none(), required=False
    )
    new_category = forms.CharField(label=_("or a new category named"), max_length=200, required=False)
    subject = forms.ChoiceField(label=_("Subject of a new category"), choices=Subject.choices, required=False)
    skill = forms.ChoiceField(label=_("Skill of every item"), choices=[("", "—"), *Skill.choices], required=False)
    level = forms.ChoiceField(label=_("Level of every item"), choices=[("", "—"), *Level.choices], required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = QuestionCategory.objects.editable_by(user)

    def clean_file(self):
        return check_upload_size(self.cleaned_data["file"], settings.EXAM_IMPORT_MAX_BYTES)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("category") and not (cleaned.get("new_category") or "").strip():
            raise ValidationError(_("Choose a category or name a new one."))
        if (
            cleaned.get("new_category")
            and QuestionCategory.objects.filter(name=cleaned["new_category"].strip()).exists()
        ):
            raise ValidationError(_("A category with that name exists: choose it from the list."))
        return cleaned
