"""CSV files of service areas, schools and centres: parsing into plain rows and row-level errors.

The parser never touches the database: it checks the shape of each row (required columns, codes,
e-mail) and returns ``(rows, errors)``. Whether a referenced province, area or school exists is the
importer's question (``lms.org.services``). Files saved by Excel on Thai Windows are often in
Windows-874 (TIS-620) rather than UTF-8; both are read.
"""

import csv
import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _


@dataclass
class RowError:
    line: int
    column: str
    message: str

    def __str__(self):
        where = _("line %(line)d") % {"line": self.line}
        if self.column:
            where += f", {self.column}"
        return f"{where}: {self.message}"


@dataclass
class Parsed:
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)


@dataclass(frozen=True)
class Format:
    kind: str
    required: tuple
    optional: tuple

    @property
    def columns(self):
        return self.required + self.optional


AREAS = Format("areas", required=("code", "name_th", "kind", "province_code"), optional=("name_en",))
SCHOOLS = Format(
    "schools",
    required=("code", "name_th", "province_code"),
    optional=("name_en", "service_area_code", "district"),
)
CENTRES = Format(
    "centres",
    required=("code", "name_th", "province_code", "host_school_code"),
    optional=("name_en", "service_area_codes", "email", "phone"),
)
FORMATS = {f.kind: f for f in (AREAS, SCHOOLS, CENTRES)}

AREA_KINDS = {"primary", "secondary", "other", "สพป", "สพม"}
_SCHOOL_CODE = re.compile(r"^\d{8,10}$")
_PROVINCE_CODE = re.compile(r"^\d{2}$")


def decode(data):
    """Text of an uploaded CSV: UTF-8 (with or without BOM), else Windows-874."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp874")


def _check_row(fmt, line, row, errors):
    ok = True
    for column in fmt.required:
        if not row.get(column):
            errors.append(RowError(line, column, _("is required")))
            ok = False
    if row.get("province_code") and not _PROVINCE_CODE.match(row["province_code"]):
        errors.append(RowError(line, "province_code", _("must be the two-digit province code, such as 50")))
        ok = False
    for column in ("host_school_code",) + (("code",) if fmt is SCHOOLS else ()):
        if row.get(column) and not _SCHOOL_CODE.match(row[column]):
            errors.append(RowError(line, column, _("must be a school code of 8 to 10 digits")))
            ok = False
    if fmt is AREAS and row.get("kind") and row["kind"].lower().rstrip(".") not in AREA_KINDS:
        errors.append(RowError(line, "kind", _("must be primary, secondary or other")))
        ok = False
    if row.get("email"):
        try:
            validate_email(row["email"])
        except ValidationError:
            errors.append(RowError(line, "email", _("is not an e-mail address")))
            ok = False
    return ok


def parse(fmt, text):
    """Parse ``text`` as a CSV of ``fmt``. The first line names the columns, in any order."""
    result = Parsed()
    reader = csv.DictReader(io.StringIO(text))
    header = [(name or "").strip().lower() for name in (reader.fieldnames or [])]
    missing = [c for c in fmt.required if c not in header]
    if missing:
        result.errors.append(
            RowError(1, "", _("the first line must name the columns; missing: %(cols)s") % {"cols": ", ".join(missing)})
        )
        return result
    reader.fieldnames = header
    seen = {}
    for line, raw in enumerate(reader, start=2):
        row = {k: (v or "").strip() for k, v in raw.items() if k in fmt.columns}
        if not any(row.values()):
            continue
        if not _check_row(fmt, line, row, result.errors):
            continue
        if row["code"] in seen:
            result.errors.append(RowError(line, "code", _("repeats line %(line)d") % {"line": seen[row["code"]]}))
            continue
        seen[row["code"]] = line
        row["line"] = line
        result.rows.append(row)
    return result
