"""The certificate as an A4 landscape PDF, rendered by WeasyPrint with the Sarabun font from npm.

Sarabun's Thai and Latin subsets are declared as two families: WeasyPrint mixes up glyphs when one
family has several subset files. Pictures (background, signatures, the QR code) are inlined as data
URIs, so rendering reads nothing over the network and works the same with local files or S3.
"""

import base64
import io

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from lms.core.thaidate import thai_date

FONT_DIR = settings.BASE_DIR / "node_modules" / "@fontsource" / "sarabun" / "files"


def verification_url(certificate):
    return settings.SITE_URL.rstrip("/") + reverse("certificates:verify", args=[certificate.code])


def qr_svg(text):
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def _image_data(image):
    """A Wagtail image as a data URI, or ``""`` if it has none or cannot be read."""
    if image is None:
        return ""
    try:
        with image.file.open("rb") as handle:
            raw = handle.read()
    except OSError:
        return ""
    kind = (image.file.name.rsplit(".", 1)[-1] or "png").lower().replace("jpg", "jpeg")
    return f"data:image/{kind};base64," + base64.b64encode(raw).decode()


def html_for(certificate, template=None):
    template = template if template is not None else certificate.template
    url = verification_url(certificate)
    signatories = list(template.signatories.select_related("signature")) if template else []
    return render_to_string(
        "certificates/pdf.html",
        {
            "certificate": certificate,
            "template": template,
            "heading": template.heading if template else "เกียรติบัตร",
            "wording": template.wording if template else "ขอมอบเกียรติบัตรฉบับนี้ไว้เพื่อแสดงว่า",
            "achievement_wording": template.achievement_wording
            if template
            else ("ได้ผ่านการอบรมหลักสูตร" if certificate.kind == "course" else "ได้ผ่านการทดสอบ"),
            "background": _image_data(template.background) if template else "",
            "signatories": [(s, _image_data(s.signature)) for s in signatories],
            "issued_on": thai_date(certificate.issued_on),
            "expires_on": thai_date(certificate.expires_on) if certificate.expires_on else "",
            "url": url,
            "qr": qr_svg(url),
            "font_dir": FONT_DIR.as_uri(),
        },
    )


def write_pdf(html):
    """PDF bytes of a Thai HTML document laid out with the Sarabun faces of ``FONT_DIR``."""
    # Not a cycle: importing WeasyPrint loads Pango, so only a process that renders pays for it, and a
    # missing library fails the rendering (which callers handle), not every page of the site.
    from weasyprint import HTML

    # Sara am (ำ) is drawn from the glyphs of nikhahit and sara aa. Written as those two characters
    # (its compatibility decomposition), copying text out of the PDF gives back ำ and า, not ำ for both.
    html = html.replace("\u0e33", "\u0e4d\u0e32")
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def render(certificate, template=None):
    """The PDF bytes of ``certificate`` (with ``template`` instead of its own, for previews)."""
    return write_pdf(html_for(certificate, template))
