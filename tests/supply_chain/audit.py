"""Known vulnerabilities in the locked packages, from pip-audit (OSV) and npm audit.

Both tools do the asking; this module only decides what their answers mean for a build. A finding fails
the audit unless allowlist.toml accepts it with a reason and an expiry date no more than a year ahead.
A package the service did not answer for is reported as not audited, never as clean: pip-audit's PyPI
service, for one, skips a package it cannot look up and still prints "No known vulnerabilities found".
Where no advisory service can be reached at all the audit says so loudly and, unless --require-service
(or AUDIT_REQUIRE_SERVICE=1) is given, does not fail the build, because an outage is not a finding.

Both services can be pointed at a mirror: PIP_AUDIT_OSV_URL for OSV's query API, npm_config_registry
(or npm_config_audit_registry) for npm's advisory endpoint.
"""

import argparse
import datetime
import json
import os
import re
import subprocess
import sys
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
PYTHON_LOCKS = ("requirements.txt", "requirements-dev.txt")
NPM_LOCK = "package-lock.json"
ALLOWLIST = Path(__file__).with_name("allowlist.toml")
LONGEST_ACCEPTANCE = datetime.timedelta(days=366)
# The bar for npm: high and critical advisories fail, lower ones are listed.
NPM_FAILING_SEVERITIES = {"high", "critical"}
GHSA = re.compile(r"GHSA(-[23456789cfghjmpqrvwx]{4}){3}")


@dataclass(frozen=True)
class Finding:
    ecosystem: str
    package: str
    version: str
    id: str
    aliases: tuple[str, ...] = ()
    summary: str = ""
    fix: str = ""
    severity: str = ""

    def named(self, identifier):
        return identifier == self.id or identifier in self.aliases

    def __str__(self):
        fix = f"; fixed in {self.fix}" if self.fix else "; no fixed release yet"
        severity = f" [{self.severity}]" if self.severity else ""
        aliases = f" ({', '.join(self.aliases)})" if self.aliases else ""
        return f"{self.package} {self.version}: {self.id}{aliases}{severity} {self.summary[:100]}{fix}"


@dataclass(frozen=True)
class Acceptance:
    id: str
    package: str
    reason: str
    expires: datetime.date

    def covers(self, finding):
        return canonicalize_name(self.package) == canonicalize_name(finding.package) and finding.named(self.id)


@dataclass
class Outcome:
    ecosystem: str
    source: str
    audited: int = 0
    findings: list[Finding] = field(default_factory=list)
    listed: list[Finding] = field(default_factory=list)
    not_audited: list[str] = field(default_factory=list)


class AllowlistError(ValueError):
    pass


def load_allowlist(path, today):
    try:
        entries = tomllib.loads(Path(path).read_text(encoding="utf-8")).get("accept", [])
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise AllowlistError(f"{path}: {error}") from error
    accepted = []
    for number, entry in enumerate(entries, 1):
        where = f"{path}, entry {number}"
        missing = [key for key in ("id", "package", "reason", "expires") if not entry.get(key)]
        if missing:
            raise AllowlistError(f"{where}: needs {', '.join(missing)}")
        if not isinstance(entry["expires"], datetime.date) or isinstance(entry["expires"], datetime.datetime):
            raise AllowlistError(f"{where}: expires must be a date, like 2027-03-01 (no quotes)")
        if entry["expires"] > today + LONGEST_ACCEPTANCE:
            raise AllowlistError(f"{where}: expires {entry['expires']} is more than a year ahead; review it sooner")
        if len(entry["reason"].split()) < 3:
            raise AllowlistError(f"{where}: the reason must say why the finding is accepted")
        accepted.append(Acceptance(entry["id"], entry["package"], entry["reason"], entry["expires"]))
    return accepted


def audit_python(locks, timeout):
    outcome = Outcome("Python", " + ".join(locks))
    seen = set()
    for lock in locks:
        with tempfile.TemporaryDirectory() as scratch:
            report = Path(scratch, "report.json")
            run = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "pip_audit",
                    "--vulnerability-service",
                    "osv",
                    "--disable-pip",
                    "--require-hashes",
                    "--requirement",
                    str(ROOT / lock),
                    "--format",
                    "json",
                    "--output",
                    str(report),
                    "--progress-spinner",
                    "off",
                    "--timeout",
                    str(timeout),
                    "--cache-dir",
                    str(Path(scratch, "cache")),
                ],
                capture_output=True,
                text=True,
                check=False,
            )
            if not report.exists():
                outcome.not_audited.append(f"{lock}: {last_line(run.stderr)}")
                continue
            dependencies = json.loads(report.read_text())["dependencies"]
        for dependency in dependencies:
            if "skip_reason" in dependency:
                outcome.not_audited.append(f"{lock}: {dependency['skip_reason']}")
                continue
            key = (canonicalize_name(dependency["name"]), dependency["version"])
            if key in seen:
                continue
            seen.add(key)
            outcome.audited += 1
            for vuln in dependency["vulns"]:
                outcome.findings.append(
                    Finding(
                        "PyPI",
                        dependency["name"],
                        dependency["version"],
                        vuln["id"],
                        tuple(vuln.get("aliases", ())),
                        vuln.get("description", ""),
                        ", ".join(vuln.get("fix_versions", ())),
                    )
                )
    return outcome


def audit_npm(timeout):
    outcome = Outcome("npm", f"{NPM_LOCK}, without dev")
    locked = {
        path.removeprefix("node_modules/"): package["version"]
        for path, package in json.loads((ROOT / NPM_LOCK).read_text())["packages"].items()
        if path and not package.get("dev")
    }
    run = subprocess.run(
        ["npm", "audit", "--omit=dev", "--json", f"--fetch-timeout={timeout * 1000}", "--fetch-retries=0"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        report = json.loads(run.stdout)
    except json.JSONDecodeError:
        report = {}
    if "vulnerabilities" not in report:
        reason = report.get("message") or last_line(run.stderr) or "npm audit printed no report"
        outcome.not_audited.append(f"{NPM_LOCK}: {reason}")
        return outcome
    outcome.audited = len(locked)
    for name, vulnerability in sorted(report["vulnerabilities"].items()):
        for via in vulnerability["via"]:
            # A string names a dependency that is vulnerable itself; its own entry carries the advisory.
            if not isinstance(via, dict):
                continue
            match = GHSA.search(via.get("url") or "")
            finding = Finding(
                "npm",
                name,
                locked.get(name, vulnerability.get("range", "")),
                match.group(0) if match else f"npm-{via.get('source')}",
                (),
                via.get("title", ""),
                "" if vulnerability.get("fixAvailable") is False else "a newer release (npm audit fix)",
                via.get("severity", vulnerability["severity"]),
            )
            if finding.severity in NPM_FAILING_SEVERITIES:
                outcome.findings.append(finding)
            else:
                outcome.listed.append(finding)
    return outcome


def last_line(text):
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return lines[-1] if lines else ""


def judge(outcomes, accepted, today, require_service):
    """Print what was found and return the exit status: 1 for a finding nobody accepted."""
    failed = False
    used = set()
    for outcome in outcomes:
        state = "NOT AUDITED" if outcome.not_audited and not outcome.audited else f"{outcome.audited} audited"
        print(f"{outcome.ecosystem} ({outcome.source}): {state}, {len(outcome.findings)} finding(s)")
        for reason in dict.fromkeys(outcome.not_audited):
            print(f"  not audited: {reason}")
        if outcome.not_audited and require_service:
            failed = True
        for finding in outcome.findings:
            acceptance = next((a for a in accepted if a.covers(finding)), None)
            if acceptance and acceptance.expires >= today:
                used.add(acceptance)
                print(f"  accepted until {acceptance.expires}: {finding}\n    because {acceptance.reason}")
            elif acceptance:
                failed = True
                print(f"  FAIL (accepted until {acceptance.expires}, expired; review it): {finding}")
            else:
                failed = True
                print(f"  FAIL: {finding}")
        for finding in outcome.listed:
            print(f"  below the failing severity: {finding}")
    everything_audited = not any(outcome.not_audited for outcome in outcomes)
    for acceptance in accepted:
        if acceptance not in used and everything_audited:
            print(f"  allowlist: {acceptance.id} ({acceptance.package}) matched no finding; remove it if it is fixed")
    if not everything_audited and not require_service:
        print("Some packages were not audited (see above); set AUDIT_REQUIRE_SERVICE=1 to fail the build on that.")
    return 1 if failed else 0


def run(args):
    today = datetime.date.fromisoformat(args.today) if args.today else datetime.date.today()
    try:
        accepted = load_allowlist(args.allowlist, today)
    except AllowlistError as error:
        print(f"allowlist: {error}", file=sys.stderr)
        return 2
    outcomes = []
    if args.only in (None, "python"):
        outcomes.append(audit_python(PYTHON_LOCKS, args.timeout))
    if args.only in (None, "npm"):
        outcomes.append(audit_npm(args.timeout))
    return judge(outcomes, accepted, today, args.require_service)


def add_arguments(parser):
    parser.add_argument("--allowlist", default=ALLOWLIST, help="accepted findings (default: %(default)s)")
    parser.add_argument("--only", choices=("python", "npm"), help="audit one ecosystem")
    parser.add_argument("--timeout", type=int, default=15, help="seconds per request to a service")
    parser.add_argument(
        "--require-service",
        action="store_true",
        default=os.environ.get("AUDIT_REQUIRE_SERVICE") == "1",
        help="fail when a package could not be audited (default from AUDIT_REQUIRE_SERVICE=1)",
    )
    # The tests judge expiry against a fixed day.
    parser.add_argument("--today", help=argparse.SUPPRESS)
    parser.set_defaults(run=run)
