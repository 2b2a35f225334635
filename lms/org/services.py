"""Changing the organisation: importing service areas, schools and centres from CSV."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import csv_import
from .models import Centre, ImportJob, Province, School, ServiceArea, ServiceAreaKind


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)

    @property
    def failed(self):
        return len(self.errors)

    def summary(self):
        return _("created %(created)d, updated %(updated)d, unchanged %(unchanged)d, failed %(failed)d") % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "failed": self.failed,
        }

    def count(self, outcome):
        setattr(self, outcome, getattr(self, outcome) + 1)


def _upsert(model, code, values):
    """Create or update one row by code; return it and which of created/updated/unchanged happened."""
    obj = model.objects.filter(code=code).first()
    if obj is None:
        return model.objects.create(code=code, **values), "created"
    changed = [k for k, v in values.items() if getattr(obj, k) != v]
    if not changed:
        return obj, "unchanged"
    for k in changed:
        setattr(obj, k, values[k])
    obj.save(update_fields=changed)
    return obj, "updated"


class RowProblem(Exception):
    """A row refers to something that does not exist; the row is skipped and reported."""

    def __init__(self, column, message):
        super().__init__(message)
        self.column = column


def _by_code(model, code, column, provinces=None):
    found = provinces.get(code) if provinces is not None else model.objects.filter(code=code).first()
    if found is None:
        raise RowProblem(
            column,
            _("no %(thing)s has the code %(code)s") % {"thing": model._meta.verbose_name, "code": code},
        )
    return found


_AREA_KIND = {"สพป": ServiceAreaKind.PRIMARY, "สพม": ServiceAreaKind.SECONDARY}


def _import_area(row, provinces):
    kind = row["kind"].lower().rstrip(".")
    values = {
        "name_th": row["name_th"],
        "name_en": row.get("name_en", ""),
        "kind": _AREA_KIND.get(kind, kind),
        "province": _by_code(Province, row["province_code"], "province_code", provinces),
    }
    return _upsert(ServiceArea, row["code"], values)[1]


def _import_school(row, provinces):
    area_code = row.get("service_area_code")
    values = {
        "name_th": row["name_th"],
        "name_en": row.get("name_en", ""),
        "province": _by_code(Province, row["province_code"], "province_code", provinces),
        "service_area": _by_code(ServiceArea, area_code, "service_area_code") if area_code else None,
        "district": row.get("district", ""),
    }
    return _upsert(School, row["code"], values)[1]


def _import_centre(row, provinces):
    area_codes = [c.strip() for c in row.get("service_area_codes", "").replace("|", ";").split(";") if c.strip()]
    areas = [_by_code(ServiceArea, code, "service_area_codes") for code in area_codes]
    values = {
        "name_th": row["name_th"],
        "name_en": row.get("name_en", ""),
        "province": _by_code(Province, row["province_code"], "province_code", provinces),
        "host_school": _by_code(School, row["host_school_code"], "host_school_code"),
        "email": row.get("email", ""),
        "phone": row.get("phone", ""),
    }
    centre, outcome = _upsert(Centre, row["code"], values)
    if set(centre.service_areas.all()) != set(areas):
        centre.service_areas.set(areas)
        outcome = "updated" if outcome == "unchanged" else outcome
    return outcome


_IMPORTERS = {"areas": _import_area, "schools": _import_school, "centres": _import_centre}


def import_csv(kind, data):
    """Import the bytes of a CSV of ``kind`` ("areas", "schools" or "centres").

    Good rows are saved even when others fail; each row is its own transaction, so a failure
    leaves no half-written row. Importing the same file twice creates nothing new.
    """
    fmt = csv_import.FORMATS[kind]
    try:
        text = csv_import.decode(data)
    except UnicodeDecodeError:
        return ImportResult(errors=[csv_import.RowError(0, "", _("the file is not a text CSV file"))])
    parsed = csv_import.parse(fmt, text)
    result = ImportResult(errors=list(parsed.errors))
    provinces = {p.code: p for p in Province.objects.all()}
    importer = _IMPORTERS[kind]
    for row in parsed.rows:
        try:
            with transaction.atomic():
                result.count(importer(row, provinces))
        except RowProblem as problem:
            result.errors.append(csv_import.RowError(row["line"], problem.column, str(problem)))
    result.errors.sort(key=lambda e: e.line)
    return result


def start_import_job(kind, uploaded_file, user):
    """Store an uploaded CSV and queue its import; return the job (already finished when tasks run inline)."""
    from .tasks import run_import_job

    job = ImportJob.objects.create(kind=kind, file=uploaded_file, original_name=uploaded_file.name, created_by=user)
    transaction.on_commit(lambda: run_import_job.delay(job.pk))
    return job


def run_import_job(job):
    """Run a stored import job and record its outcome on it."""
    job.status = ImportJob.Status.RUNNING
    job.save(update_fields=["status"])
    try:
        with job.file.open("rb") as handle:
            result = import_csv(job.kind, handle.read())
    except Exception:
        job.status = ImportJob.Status.FAILED
        job.finished_at = timezone.now()
        job.errors = [_("The file could not be read from storage.")]
        job.save(update_fields=["status", "finished_at", "errors"])
        raise
    job.status = ImportJob.Status.DONE
    job.finished_at = timezone.now()
    job.created, job.updated, job.unchanged, job.failed = (
        result.created,
        result.updated,
        result.unchanged,
        result.failed,
    )
    job.errors = [str(e) for e in result.errors]
    job.save()
    return result
