"""The dependency audit against a faithful advisory server: real pip-audit and real npm audit ask it."""

import json
import os
import re
import subprocess
import sys
import tempfile

import pytest
from packaging.version import Version

from .audit import ROOT
from .fakes import AdvisoryServer, in_range

TODAY = "2026-12-01"


def locked_version(name):
    match = re.search(rf"^{name}==(\S+)", (ROOT / "requirements.txt").read_text(), re.MULTILINE | re.IGNORECASE)
    return match.group(1)


NPM_LOCK = json.loads((ROOT / "package-lock.json").read_text())["packages"]
H5P_VERSION = NPM_LOCK["node_modules/h5p-standalone"]["version"]
DJANGO_VERSION = locked_version("django")


def django_advisory(fixed="99.0"):
    return {
        "id": "GHSA-2j2x-hx4g-2gf4",
        "aliases": ["CVE-2099-0001"],
        "summary": "SQL injection in a made-up lookup",
        "affected": [
            {
                "package": {"name": "django", "ecosystem": "PyPI"},
                "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "5.2"}, {"fixed": fixed}]}],
            }
        ],
    }


def h5p_advisory(severity):
    return {
        "h5p-standalone": [
            {
                "id": 1099,
                "url": "https://github.com/advisories/GHSA-9c47-m6qq-7p4h",
                "title": "Script injection",
                "severity": severity,
                "vulnerable_versions": "<99.0.0",
                "cwe": ["CWE-79"],
                "cvss": {"score": 8.1},
            }
        ]
    }


def audit(server, tmp_path, *args, allowlist=""):
    allow = tmp_path / "allow.toml"
    allow.write_text(allowlist)
    env = dict(
        os.environ,
        PIP_AUDIT_OSV_URL=f"{server.url}/v1/query",
        npm_config_registry=f"{server.url}/",
        npm_config_cache=tempfile.mkdtemp(dir=tmp_path),
    )
    env.pop("AUDIT_REQUIRE_SERVICE", None)
    run = subprocess.run(
        [sys.executable, "-m", "tests.supply_chain", "audit", "--allowlist", str(allow), "--today", TODAY, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return run.returncode, run.stdout + run.stderr


@pytest.fixture
def npm_server():
    with AdvisoryServer(npm_versions={"h5p-standalone": ["3.0.0", H5P_VERSION]}) as server:
        yield server


def test_every_locked_python_package_is_asked_about_and_a_clean_answer_passes(tmp_path):
    with AdvisoryServer() as server:
        status, output = audit(server, tmp_path, "--only", "python")
    assert status == 0, output
    asked = {(q["package"]["name"], q["version"]) for q in server.queries}
    assert ("django", DJANGO_VERSION) in asked
    locked = set(re.findall(r"^([a-z0-9][a-z0-9._-]*)==", (ROOT / "requirements.txt").read_text(), re.MULTILINE))
    assert locked | {"pytest", "pip-audit"} <= {name for name, _ in asked}
    assert "0 finding(s)" in output and "NOT AUDITED" not in output


def test_a_known_vulnerability_in_a_locked_package_fails_the_audit(tmp_path):
    with AdvisoryServer(osv=[django_advisory()]) as server:
        status, output = audit(server, tmp_path, "--only", "python")
    assert status == 1
    assert f"FAIL: django {DJANGO_VERSION}:" in output
    assert "GHSA-2j2x-hx4g-2gf4" in output and "CVE-2099-0001" in output
    assert "fixed in 99.0" in output


def test_a_vulnerability_fixed_before_the_locked_version_does_not_count(tmp_path):
    with AdvisoryServer(osv=[django_advisory(fixed="5.2")]) as server:
        status, output = audit(server, tmp_path, "--only", "python")
    assert status == 0, output


def test_an_accepted_finding_passes_until_its_expiry_then_fails_again(tmp_path):
    entry = (
        '[[accept]]\nid = "CVE-2099-0001"\npackage = "Django"\n'
        'reason = "The lookup is never reached from user input."\nexpires = {}\n'
    )
    with AdvisoryServer(osv=[django_advisory()]) as server:
        status, output = audit(server, tmp_path, "--only", "python", allowlist=entry.format("2027-01-31"))
        assert status == 0, output
        assert "accepted until 2027-01-31" in output and "never reached from user input" in output
        status, output = audit(server, tmp_path, "--only", "python", allowlist=entry.format("2026-11-30"))
    assert status == 1
    assert "expired; review it" in output


@pytest.mark.parametrize(
    "entry, message",
    [
        ('[[accept]]\nid = "CVE-2099-0001"\npackage = "django"\nexpires = 2027-01-31\n', "needs reason"),
        (
            '[[accept]]\nid = "CVE-2099-0001"\npackage = "django"\nreason = "Not reachable from any view."\n'
            "expires = 2028-06-01\n",
            "more than a year ahead",
        ),
        (
            '[[accept]]\nid = "CVE-2099-0001"\npackage = "django"\nreason = "Not reachable from any view."\n'
            'expires = "soon"\n',
            "must be a date",
        ),
        ("[[accept]\n", "allow.toml"),
    ],
)
def test_an_allowlist_entry_without_a_reason_or_a_near_expiry_is_refused(tmp_path, entry, message):
    with AdvisoryServer() as server:
        status, output = audit(server, tmp_path, "--only", "python", allowlist=entry)
    assert status == 2
    assert message in output
    assert not server.queries


def test_a_high_npm_advisory_fails_and_a_moderate_one_is_listed(tmp_path, npm_server):
    npm_server.npm = h5p_advisory("high")
    status, output = audit(npm_server, tmp_path, "--only", "npm")
    assert status == 1, output
    assert f"FAIL: h5p-standalone {H5P_VERSION}: GHSA-9c47-m6qq-7p4h [high]" in output
    assert {"h5p-standalone", "@fontsource/sarabun"} <= set(npm_server.queries[0])

    npm_server.npm = h5p_advisory("moderate")
    status, output = audit(npm_server, tmp_path, "--only", "npm")
    assert status == 0, output
    assert "below the failing severity: h5p-standalone" in output


def test_an_unreachable_service_is_reported_as_not_audited_never_as_clean(tmp_path):
    with AdvisoryServer() as server:
        pass
    status, output = audit(server, tmp_path)
    assert status == 0
    assert "Python (requirements.txt + requirements-dev.txt): NOT AUDITED" in output
    assert "npm (package-lock.json, without dev): NOT AUDITED" in output
    status, output = audit(server, tmp_path, "--require-service")
    assert status == 1


def test_the_fake_reads_osv_ranges_as_osv_defines_them():
    events = [{"introduced": "1.0"}, {"fixed": "1.4"}, {"introduced": "2.0"}, {"fixed": "2.1"}]
    assert [in_range(events, Version(v)) for v in ("0.9", "1.0", "1.3.9", "1.4", "2.0.5", "2.1")] == [
        False,
        True,
        True,
        False,
        True,
        False,
    ]
