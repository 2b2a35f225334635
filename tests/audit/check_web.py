"""Hostile checks of the web layer: Content-Security-Policy, NUL bytes, and media served without checks."""

import re
import uuid

from .client import Skip

# The main pages of each kind; signed in as the demo trainee for those that need it.
PUBLIC_PAGES = ["/", "/courses/", "/plc/", "/verify/", "/accounts/login/"]
SIGNED_IN_PAGES = ["/my-learning/", "/tests/", "/certificates/", "/accounts/profile/", "/notifications/"]
REFUSED = (301, 302, 303, 400, 401, 403, 404)


def _script_src(header):
    for part in header.split(";"):
        name, _, value = part.strip().partition(" ")
        if name == "script-src":
            return value
    return None


def csp_on_every_main_page(site):
    trainee = site.visitor().login("trainee")
    course = re.search(r'href="(/courses/[^"/]+/)"', site.get("/courses/").text)
    pages = [(site, path) for path in PUBLIC_PAGES + ([course.group(1)] if course else [])]
    pages += [(trainee, path) for path in SIGNED_IN_PAGES]
    weak = []
    for visitor, path in pages:
        header = visitor.get(path).headers.get("Content-Security-Policy", "")
        script = _script_src(header)
        if not header or script is None or "unsafe-inline" in script or "frame-ancestors 'none'" not in header:
            weak.append(f"{path}: {header or 'no header'}")
    return not weak, "; ".join(weak) or f"{len(pages)} pages carry a strict policy"


def nul_bytes_in_queries_are_400(site):
    staff = site.visitor().login("admin")
    answers = {}
    for path in ("/people/?q=a%00b", "/certificates/manage/?q=%00", "/courses/?q=%00", "/people/?centre=%00"):
        answers[path] = staff.get(path).status
    return all(status == 400 for status in answers.values()), ", ".join(f"{p} {s}" for p, s in answers.items())


def exam_audio_is_not_served_from_media(site):
    answers = {}
    for path in (
        "/media/exams/audio/book.wav",
        "/media/exams/audio/meeting.wav",
        "/media/images/../exams/audio/book.wav",
        "/media/images/%2e%2e/exams/audio/book.wav",
    ):
        answers[path] = site.get(path).status
    trainee = site.visitor().login("trainee")
    answers["signed in: /media/exams/audio/book.wav"] = trainee.get("/media/exams/audio/book.wav").status
    return all(s in REFUSED for s in answers.values()), ", ".join(f"{p} {s}" for p, s in answers.items())


def plc_files_are_not_downloadable_without_signing_in(site):
    # The demo's trainer facilitates PLC spaces, so can attach a file there.
    member = site.visitor().login("trainer")
    spaces = sorted(set(re.findall(r'href="(/plc/[^"/]+/)"', member.get("/plc/").text)))
    boundary = uuid.uuid4().hex
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="audit.pdf"\r\n'
            f"Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + pdf
        + f"\r\n--{boundary}--\r\n".encode()
    )
    for space in spaces:
        response = member.request(
            "POST", space + "files/", body=body, headers={"Content-Type": f"multipart/form-data; boundary={boundary}"}
        )
        if response.status == 201:
            url = response.json()["url"]
            break
    else:
        raise Skip("the trainer could upload to no PLC space of the demo")
    own = member.get(url).status
    anonymous = site.visitor().get(url).status
    raw = site.visitor().get("/media/plc/").status
    refused = own == 200 and anonymous in REFUSED and raw in REFUSED
    return refused, f"uploader {own}, anonymous {anonymous} at {url}; /media/plc/ {raw}"


CHECKS = [
    csp_on_every_main_page,
    nul_bytes_in_queries_are_400,
    exam_audio_is_not_served_from_media,
    plc_files_are_not_downloadable_without_signing_in,
]
