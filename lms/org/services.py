"""Changing the organisation: importing service areas, schools and centres from CSV."""

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from lms.core.jobs import ImportTally

from . import csv_import
from .models import Centre, ImportJob, Province, School, ServiceArea, ServiceAreaKind


class RowProblem(Exception):
    """A row cannot be saved as it is; the row is skipped and reported, the others go on."""

    def __init__(self, column, message):
        super().__init__(message)
        self.column = column


def _upsert(model, code, values):
    """Create or update one row by code; return it and which of created/updated/unchanged happened.

    The row is validated like a form would (lengths, choices, codes) before anything is written.
    """
    obj = model.objects.filter(code=code).first()
    created = obj is None
    if created:
        obj = model(code=code)
    changed = list(values) if created else [k for k, v in values.items() if getattr(obj, k) != v]
    if not created and not changed:
        return obj, "unchanged"
    for k in changed:
        setattr(obj, k, values[k])
    try:
        obj.full_clean(validate_unique=False)
    except ValidationError as exc:
        column, messages = next(iter(exc.message_dict.items()))
        raise RowProblem(column, " ".join(messages)) from exc
    obj.save()
    return obj, "created" if created else "updated"


def _by_code(model, code, column, provinces=None):
    found = provinces.get(code) if provinces is not None else model.objects.filter(code=code).first()
    if found is None:
        raise RowProblem(
            column,
            _("no %(thing)s has the code %(code)s") % {"thing": model._meta.verbose_name, "code": code},
        )
    return found


def _names(row):
    """Name fields from the row; an optional column the file does not have leaves the field as it is."""
    values = {"name_th": row["name_th"]}
    if "name_en" in row:
        values["name_en"] = row["name_en"]
    return values


_AREA_KIND = {"สพป": ServiceAreaKind.PRIMARY, "สพม": ServiceAreaKind.SECONDARY}


def _import_area(row, provinces):
    kind = row["kind"].lower().rstrip(".")
    values = _names(row) | {
        "kind": _AREA_KIND.get(kind, kind),
        "province": _by_code(Province, row["province_code"], "province_code", provinces),
    }
    return _upsert(ServiceArea, row["code"], values)[1]


def _import_school(row, provinces):
    values = _names(row) | {"province": _by_code(Province, row["province_code"], "province_code", provinces)}
    if "service_area_code" in row:
        area_code = row["service_area_code"]
        area = _by_code(ServiceArea, area_code, "service_area_code") if area_code else None
        if area is not None and area.province_id != values["province"].pk:
            raise RowProblem("service_area_code", _("this service area is in another province"))
        values["service_area"] = area
    if "district" in row:
        values["district"] = row["district"]
    return _upsert(School, row["code"], values)[1]


def _import_centre(row, provinces):
    values = _names(row) | {
        "province": _by_code(Province, row["province_code"], "province_code", provinces),
        "host_school": _by_code(School, row["host_school_code"], "host_school_code"),
    }
    for column in ("email", "phone"):
        if column in row:
            values[column] = row[column]
    areas = None
    if "service_area_codes" in row:
        codes = [c.strip() for c in row["service_area_codes"].replace("|", ";").split(";") if c.strip()]
        areas = {_by_code(ServiceArea, code, "service_area_codes") for code in codes}
    centre, outcome = _upsert(Centre, row["code"], values)
    if areas is not None and set(centre.service_areas.all()) != areas:
        centre.service_areas.set(areas)
        outcome = "updated" if outcome == "unchanged" else outcome
    return outcome


_IMPORTERS = {"areas": _import_area, "schools": _import_school, "centres": _import_centre}


def import_csv(kind, data):
    """Import the bytes of a CSV of ``kind`` ("areas", "schools" or "centres").

    Good rows are saved even when others fail; each row is its own transaction, so a failure
    leaves no half-written row. Importing the same file twice creates nothing new. Returns the
    ``ImportTally``: counts, and the problems in file order.
    """
    fmt = csv_import.FORMATS[kind]
    tally = ImportTally()
    try:
        text = csv_import.decode(data)
    except UnicodeDecodeError:
        tally.fail(csv_import.RowError(0, "", _("the file is not a text CSV file")))
        return tally
    parsed = csv_import.parse(fmt, text)
    for error in parsed.errors:
        tally.fail(error)
    provinces = {p.code: p for p in Province.objects.all()}
    importer = _IMPORTERS[kind]
    for row in parsed.rows:
        try:
            with transaction.atomic():
                tally.count(importer(row, provinces))
        except RowProblem as problem:
            tally.fail(csv_import.RowError(row["line"], problem.column, str(problem)))
        except DatabaseError:
            # The database refused what validation let through; the row is reported, the rest go on.
            tally.fail(csv_import.RowError(row["line"], "", _("the database refused this row")))
    tally.errors.sort(key=lambda e: e.line)
    return tally


def start_import_job(kind, uploaded_file, user):
    """Store an uploaded CSV and queue its import; return the job (already finished when tasks run inline)."""
    # Its own (sub)transaction: if the file store fails while saving, the row is rolled back with it and
    # a surrounding transaction stays usable.
    with transaction.atomic():
        job = ImportJob.objects.create(kind=kind, file=uploaded_file, original_name=uploaded_file.name, created_by=user)
        job.start()
    return job


def run_import_job(job):
    """Run a claimed import job and finish it with its report; return the tally."""
    try:
        with job.file.open("rb") as handle:
            data = handle.read()
    except OSError:
        job.finish(ImportJob.Status.FAILED, errors=[_("The file could not be read from storage.")])
        raise
    try:
        tally = import_csv(job.kind, data)
    except Exception:
        job.finish(
            ImportJob.Status.FAILED,
            errors=[_("The import stopped on an unexpected error; rows before it were saved. Try again or report it.")],
        )
        raise
    job.finish(**tally.report())
    return tally
