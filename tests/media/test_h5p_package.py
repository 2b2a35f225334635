"""Each H5P validation rule, with a crafted bad package."""

import io
import json

import pytest
from django.core.management import call_command
from django.utils import translation

from lms.core.errors import Refused
from media.h5p.package import inspect
from tests.media.h5p_builder import LIBRARY, MANIFEST, build, good_files


@pytest.fixture(autouse=True)
def english():
    # The reasons are checked in the source language; the Thai catalogue is checked elsewhere.
    with translation.override("en"):
        yield


def refused(files=None, **kwargs):
    with pytest.raises(Refused) as info:
        inspect(build(files, **kwargs))
    return [(p.path, p.reason) for p in info.value.problems]


def changed(**replace):
    files = good_files()
    for name, value in replace.items():
        if value is None:
            files.pop(name)
        else:
            files[name] = value
    return files


def test_a_good_package_is_described():
    package = inspect(build())
    assert package.title == "แบบฝึกหัดทดสอบ" and package.main_library == "HCEC.QuickCheck"
    assert [str(lib) for lib in package.libraries] == ["HCEC.QuickCheck 1.0.2"]
    assert "content/images/photo.png" in package.members
    assert package.new_libraries({}) == package.libraries
    assert package.new_libraries({("HCEC.QuickCheck", 1, 0): 2}) == []
    assert package.new_libraries({("HCEC.QuickCheck", 1, 0): 1}) == package.libraries


def test_not_a_zip():
    with pytest.raises(Refused) as info:
        inspect(io.BytesIO(b"<html>not a package</html>"))
    assert "zip" in str(info.value)


@pytest.mark.parametrize(
    "files,expected",
    [
        (changed(**{"h5p.json": None}), ("h5p.json", "is missing")),
        (changed(**{"h5p.json": "{not json"}), ("h5p.json", "is not valid JSON")),
        (changed(**{"h5p.json": "[]"}), ("h5p.json", "must be a JSON object")),
        (changed(**{"h5p.json": json.dumps({**MANIFEST, "title": " "})}), ("h5p.json", "has no title")),
        (
            changed(**{"h5p.json": json.dumps({**MANIFEST, "mainLibrary": "bad name!"})}),
            ("h5p.json", "has no valid mainLibrary"),
        ),
        (
            changed(**{"h5p.json": json.dumps({**MANIFEST, "preloadedDependencies": []})}),
            ("h5p.json", "has no preloadedDependencies"),
        ),
        (
            changed(
                **{"h5p.json": json.dumps({**MANIFEST, "preloadedDependencies": [{"machineName": "HCEC.QuickCheck"}]})}
            ),
            ("h5p.json", "preloadedDependencies entry 1"),
        ),
        (
            changed(**{"h5p.json": json.dumps({**MANIFEST, "mainLibrary": "HCEC.Other"})}),
            ("h5p.json", "not among preloadedDependencies"),
        ),
        (changed(**{"content/content.json": None}), ("content/content.json", "is missing")),
        (changed(**{"content/content.json": "[1, 2]"}), ("content/content.json", "must be a JSON object")),
        (changed(**{"content/evil.svg": "<svg onload=alert(1)>"}), ("content/evil.svg", "files of type .svg")),
        (changed(**{"content/page.html": "<script>"}), ("content/page.html", "files of type .html")),
        (
            changed(**{"HCEC.QuickCheck-1.0/shell.php": "<?php"}),
            ("HCEC.QuickCheck-1.0/shell.php", "files of type .php"),
        ),
        (changed(**{"content/run.js": "alert(1)"}), ("content/run.js", "files of type .js are not allowed in content")),
        (changed(**{"bad folder!/x.js": "x"}), ("bad folder!/x.js", "not a valid library folder name")),
        (changed(**{"HCEC.QuickCheck-1.0/library.json": None}), ("HCEC.QuickCheck-1.0/", "no library.json")),
        (
            changed(**{"HCEC.QuickCheck-1.0/library.json": json.dumps({**LIBRARY, "minorVersion": 3})}),
            ("HCEC.QuickCheck-1.0/", "folder name must be HCEC.QuickCheck-1.3"),
        ),
        (
            changed(**{"HCEC.QuickCheck-1.0/quick-check.js": None}),
            ("HCEC.QuickCheck-1.0/library.json", "lists quick-check.js"),
        ),
    ],
)
def test_each_rule_names_the_file_and_the_reason(files, expected):
    problems = refused(files)
    assert any(path == expected[0] and expected[1] in reason for path, reason in problems), problems


def test_a_dependency_neither_bundled_nor_installed_is_refused():
    files = {k: v for k, v in good_files().items() if not k.startswith("HCEC.QuickCheck-1.0/")}
    problems = refused(files)
    assert any("HCEC.QuickCheck 1.0" in reason for _p, reason in problems)
    assert inspect(build(files), installed={("HCEC.QuickCheck", 1, 0): 2}).libraries == []


@pytest.mark.parametrize(
    "name,reason",
    [
        ("content/../../etc/passwd.txt", "outside the package"),
        ("/etc/passwd.txt", "absolute"),
        ("C:/Windows/win.ini", "absolute"),
        ("content\\..\\evil.txt", "backslash"),
    ],
)
def test_hostile_paths_refuse_the_whole_package(name, reason):
    problems = refused(raw_names=[(name, b"x")])
    assert problems == [(name, next(r for p, r in problems if p == name))]
    assert reason in problems[0][1]


def test_a_symlink_refuses_the_whole_package():
    problems = refused(symlinks=[("content/link.txt", "/etc/passwd")])
    assert problems[0][0] == "content/link.txt" and "symbolic link" in problems[0][1]


def test_hidden_and_underscore_paths_are_skipped():
    files = good_files() | {".DS_Store": b"x", "__MACOSX/content/._photo.png": b"x", "content/.hidden.exe": b"x"}
    package = inspect(build(files))
    assert not any(name.split("/")[-1].startswith((".", "_")) or "__MACOSX" in name for name in package.members)


def test_size_limits_refuse_a_zip_bomb_before_inflating(settings):
    settings.H5P_MAX_FILE_BYTES = 1024 * 1024
    bomb = good_files() | {"content/bomb.txt": b"0" * (5 * 1024 * 1024)}
    data = build(bomb)
    assert len(data.getvalue()) < 100 * 1024  # compresses to almost nothing
    problems = refused(bomb)
    assert any(path == "content/bomb.txt" and "limit for one file" in reason for path, reason in problems)
    settings.H5P_MAX_FILE_BYTES = 10 * 1024 * 1024
    settings.H5P_MAX_TOTAL_BYTES = 2 * 1024 * 1024
    problems = refused(bomb)
    assert any(path == "" and "unpacks to" in reason for path, reason in problems)


def test_validate_h5p_command(tmp_path, capsys):
    good = tmp_path / "good.h5p"
    good.write_bytes(build().getvalue())
    call_command("validate_h5p", str(good))
    assert capsys.readouterr().out.startswith("ok")
    bad = tmp_path / "bad.h5p"
    bad.write_bytes(build(changed(**{"content/evil.svg": "<svg/>", "h5p.json": None})).getvalue())
    with pytest.raises(SystemExit) as exit_info:
        call_command("validate_h5p", str(bad))
    assert exit_info.value.code == 1
    out = capsys.readouterr().out
    assert "content/evil.svg: files of type .svg" in out and "h5p.json: is missing" in out


def test_top_level_extras_and_library_icons_are_skipped_not_refused():
    files = good_files() | {"README.md": "# hi", "HCEC.QuickCheck-1.0/icon.svg": "<svg onload=alert(1)/>"}
    package = inspect(build(files))
    assert "README.md" not in package.members and "HCEC.QuickCheck-1.0/icon.svg" not in package.members


def test_too_many_entries_are_refused(settings):
    settings.H5P_MAX_FILES = 10
    files = good_files() | {f"content/images/{n}.png": b"x" for n in range(10)}
    assert any("limit is 10" in reason for _p, reason in refused(files))


def test_versions_must_be_non_negative_integers():
    files = changed(**{"HCEC.QuickCheck-1.0/library.json": json.dumps({**LIBRARY, "patchVersion": -1})})
    assert any("patchVersion" in reason for _p, reason in refused(files))
    files = changed(**{"HCEC.QuickCheck-1.0/library.json": json.dumps({**LIBRARY, "majorVersion": "1"})})
    assert any("patchVersion" in reason for _p, reason in refused(files))


def test_a_library_name_cannot_end_in_a_newline():
    files = changed(**{"h5p.json": json.dumps({**MANIFEST, "mainLibrary": "HCEC.QuickCheck\n"})})
    assert any("mainLibrary" in reason for _p, reason in refused(files))
