"""Content blocks of a lesson body, each a small block with its own template."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3", "h4", "blockquote", "hr", "code"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", pgettext_lazy("heading level", "Section")), ("h3", _("Subsection"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        template = "courses/blocks/heading.html"
        label = _("Heading")


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt = blocks.CharBlock(
        label=_("Text alternative"), required=False, help_text=_("What the image shows, for screen readers.")
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False)

    class Meta:
        icon = "image"
        template = "courses/blocks/image.html"
        label = _("Image")


class VideoBlock(blocks.StructBlock):
    """A video file uploaded to the document library (with a WebVTT captions file), or an embed."""

    title = blocks.CharBlock(label=pgettext_lazy("video", "Title"), required=False)
    video = DocumentChooserBlock(label=_("Video file (MP4 or WebM)"), required=False)
    captions = DocumentChooserBlock(label=_("Captions (WebVTT)"), required=False)
    embed = EmbedBlock(label=_("Or a video address (YouTube, Vimeo)"), required=False)

    class Meta:
        icon = "media"
        template = "courses/blocks/video.html"
        label = _("Video")

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("video")) == bool(value.get("embed")):
            raise StructBlockValidationError(
                block_errors={"video": ValidationError(_("Choose a video file or give a video address, not both."))}
            )
        if value.get("captions") and not value["captions"].file_extension == "vtt":
            raise StructBlockValidationError(
                block_errors={"captions": ValidationError(_("Captions must be a WebVTT (.vtt) file."))}
            )
        return value


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    label = blocks.CharBlock(label=_("Link text"), required=False)

    class Meta:
        icon = "doc-full"
        template = "courses/blocks/document.html"
        label = _("Document download")


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("Kind"),
        choices=[("info", _("Note")), ("tip", _("Tip")), ("warning", _("Caution"))],
        default="info",
    )
    text = blocks.RichTextBlock(label=_("Text"), features=["bold", "italic", "link", "ol", "ul"])

    class Meta:
        icon = "help"
        template = "courses/blocks/callout.html"
        label = _("Callout")


class H5PRequirement(models.TextChoices):
    COMPLETED = "completed", _("Completed")
    PASSED = "passed", _("Passed, at the pass mark")


class H5PBlock(blocks.StructBlock):
    """An interactive H5P item from the H5P library, played in a sandboxed frame. The lesson is done
    only once each of its items is completed, or passed at its pass mark, as the author chose."""

    title = blocks.CharBlock(label=_("Activity title"))
    content = SnippetChooserBlock("media.H5PContent", label=_("H5P content"))
    requirement = blocks.ChoiceBlock(
        label=_("The lesson is done when this activity is"),
        choices=H5PRequirement.choices,
        default=H5PRequirement.COMPLETED,
    )
    pass_percent = blocks.IntegerBlock(
        label=_("Pass mark (percent of the maximum score)"),
        required=False,
        min_value=1,
        max_value=100,
        help_text=_("Needed when the activity must be passed."),
    )

    class Meta:
        icon = "pick"
        template = "courses/blocks/h5p.html"
        label = _("Interactive H5P activity")

    def clean(self, value):
        value = super().clean(value)
        if value.get("requirement") == H5PRequirement.PASSED and not value.get("pass_percent"):
            message = _("Give the pass mark of an activity that must be passed.")
            raise StructBlockValidationError(block_errors={"pass_percent": ValidationError(message)})
        return value


class TestBlock(blocks.StructBlock):
    """A pre-test or post-test from the Testing Center: the same engine, deadline and scoring, opened
    from the lesson; the lesson shows the learner's attempts and best result."""

    title = blocks.CharBlock(label=_("Heading"), required=False)
    exam = SnippetChooserBlock("exams.Exam", label=_("Test"))
    pass_percent = blocks.IntegerBlock(
        label=_("Pass mark to complete the lesson (percent)"),
        required=False,
        min_value=1,
        max_value=100,
        help_text=_(
            "A post-test: the lesson is done only once the teacher has a graded attempt at this percent or "
            "more. Leave empty for a pre-test, which only informs."
        ),
    )

    class Meta:
        icon = "list-ol"
        template = "courses/blocks/test.html"
        label = _("Pre-test or post-test")


class LessonStreamBlock(blocks.StreamBlock):
    rich_text = blocks.RichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES, icon="pilcrow")
    heading = HeadingBlock()
    image = ImageBlock()
    video = VideoBlock()
    document = DocumentBlock()
    callout = CalloutBlock()
    h5p = H5PBlock()
    test = TestBlock()
