from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from lms.org import csv_import
from lms.org.models import Centre, ImportJob, School, ServiceArea
from lms.org.services import import_csv

FILES = Path(__file__).parent / "files"
pytestmark = pytest.mark.django_db


def load(kind):
    return import_csv(kind, (FILES / f"{kind}.csv").read_bytes())


def test_parser_reports_each_bad_row_with_its_line_and_reason():
    parsed = csv_import.parse(csv_import.SCHOOLS, (FILES / "schools.csv").read_text())
    problems = {(e.line, e.column) for e in parsed.errors}
    assert (4, "code") in problems  # 12AB is not a school code
    assert (5, "name_th") in problems  # missing name
    assert (8, "code") in problems  # repeats line 2
    assert [r["code"] for r in parsed.rows] == ["1050130001", "1040130001", "1050130003", "1050130004", "1050130005"]


def test_parser_refuses_a_file_without_the_required_columns():
    parsed = csv_import.parse(csv_import.SCHOOLS, "รหัส,ชื่อ\n1,2\n")
    assert parsed.rows == []
    assert parsed.errors[0].line == 1 and "code" in parsed.errors[0].message


def test_import_saves_good_rows_reports_bad_ones_and_is_idempotent(provinces):
    assert load("areas").created == 2
    first = load("schools")
    assert (first.created, first.updated, first.unchanged) == (3, 0, 0)
    lines = sorted(e.line for e in first.errors)
    assert lines == [4, 5, 6, 7, 8]
    assert "99" in next(str(e) for e in first.errors if e.line == 6)
    assert School.objects.get(code="1050130005").service_area.code == "CMI-P1"

    again = load("schools")
    assert (again.created, again.updated, again.unchanged, again.failed) == (0, 0, 3, 5)
    assert School.objects.count() == 3


def test_changed_rows_are_updated_not_duplicated(provinces):
    load("areas")
    load("schools")
    changed = (FILES / "schools.csv").read_text().replace("โรงเรียนบ้านใหม่", "โรงเรียนบ้านใหม่พัฒนา")
    result = import_csv("schools", changed.encode())
    assert result.updated == 1 and result.created == 0
    assert School.objects.get(code="1050130005").name_th == "โรงเรียนบ้านใหม่พัฒนา"


def test_centres_link_host_school_and_served_areas(provinces):
    load("areas")
    load("schools")
    result = load("centres")
    assert result.created == 1
    assert {(e.line, e.column) for e in result.errors} == {(3, "email"), (4, "host_school_code")}
    centre = Centre.objects.get(code="HCEC-50")
    assert centre.host_school.code == "1050130001"
    assert list(centre.service_areas.values_list("code", flat=True)) == ["CMI-P1"]
    assert load("centres").unchanged == 1


def test_windows_874_files_from_thai_excel_are_read(provinces):
    data = (FILES / "areas.csv").read_text().encode("cp874")
    result = import_csv("areas", data)
    assert result.created == 2
    assert ServiceArea.objects.get(code="KKN-S").name_th.startswith("สำนักงานเขตพื้นที่")


def test_binary_garbage_is_refused_cleanly(provinces):
    result = import_csv("schools", b"\x00\x81\xff" * 10)
    assert result.failed >= 1 and School.objects.count() == 0


def test_management_command_prints_the_summary_and_fails_on_bad_rows(provinces, capsys):
    call_command("import_org", "areas", str(FILES / "areas.csv"))
    assert "created 2, updated 0, unchanged 0, failed 0" in capsys.readouterr().out
    with pytest.raises(CommandError, match="5 row"):
        call_command("import_org", "schools", str(FILES / "schools.csv"))
    assert School.objects.count() == 3


def test_admin_upload_runs_the_import_as_a_background_job(client, two_centres, django_capture_on_commit_callbacks):
    client.force_login(two_centres.obec)
    upload = SimpleUploadedFile("areas.csv", (FILES / "areas.csv").read_bytes(), content_type="text/csv")
    # The task is queued when the upload's transaction commits; tasks run inline in tests.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("org_import"), {"kind": "areas", "file": upload})
    assert response.status_code == 302 and len(callbacks) == 1
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.DONE and job.created == 2
    detail = client.get(response["Location"])
    assert detail.status_code == 200


def test_admin_upload_refuses_other_files_with_a_message(client, two_centres):
    client.force_login(two_centres.obec)
    upload = SimpleUploadedFile("schools.xlsx", b"PK\x03\x04", content_type="application/octet-stream")
    response = client.post(reverse("org_import"), {"kind": "schools", "file": upload})
    assert response.status_code == 200
    assert ".csv" in response.content.decode()
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize("who", ["manager_a", "supervisor_cm", "teacher_a"])
def test_only_national_administrators_may_import(client, two_centres, who):
    client.force_login(getattr(two_centres, who))
    response = client.get(reverse("org_import"))
    assert response.status_code in (302, 403)
    assert not ImportJob.objects.exists()


def test_columns_missing_from_the_file_leave_fields_as_they_are(provinces):
    load("areas")
    load("schools")
    load("centres")
    result = import_csv(
        "centres", "code,name_th,province_code,host_school_code\nHCEC-50,ศูนย์ HCEC เชียงใหม่,50,1050130001\n".encode()
    )
    assert result.failed == 0
    centre = Centre.objects.get(code="HCEC-50")
    assert list(centre.service_areas.values_list("code", flat=True)) == ["CMI-P1"]
    assert (centre.name_en, centre.email) == ("HCEC Chiang Mai", "cm@hcec.example")
    import_csv("schools", "code,name_th,province_code\n1050130005,โรงเรียนบ้านใหม่,50\n".encode())
    assert School.objects.get(code="1050130005").service_area.code == "CMI-P1"


def test_an_over_long_value_fails_only_its_row(provinces):
    long_district = "ก" * 150
    data = (
        "code,name_th,province_code,district\n"
        f"1050130010,โรงเรียนยาว,50,{long_district}\n"
        "1050130011,โรงเรียนปกติ,50,สันทราย\n"
    )
    result = import_csv("schools", data.encode())
    assert [(e.line, e.column) for e in result.errors] == [(2, "district")]
    assert list(School.objects.values_list("code", flat=True)) == ["1050130011"]


def test_a_school_whose_area_is_in_another_province_is_refused(provinces):
    load("areas")
    result = import_csv(
        "schools", "code,name_th,province_code,service_area_code\n1040130009,โรงเรียน,50,KKN-S\n".encode()
    )
    assert [(e.line, e.column) for e in result.errors] == [(2, "service_area_code")]
    assert not School.objects.exists()
