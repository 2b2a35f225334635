"""THIRD_PARTY.md and the licence policy: the committed file is current and complete, and the policy refuses what
it must (an unreviewed strong-copyleft or an unknown licence) while passing permissive ones."""

import argparse
import dataclasses
import json
import re

import pytest

from . import licences
from .licences import ROOT, Override, Package, Review

ROW = re.compile(r"^\| (\S+) \| (\S+) \| ([^|]+) \| <[^>]+> \|$")


@pytest.fixture(scope="module")
def packages():
    return licences.shipped()


@pytest.fixture(scope="module")
def committed():
    return (ROOT / licences.OUTPUT).read_text()


def table(text, heading):
    """{name: (version, licence)} from the table under a heading of THIRD_PARTY.md."""
    section = text.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]
    return {m[1]: (m[2], m[3].strip()) for line in section.splitlines() if (m := ROW.match(line))}


def pins(lock):
    # Read here on its own, not with the module's parser, so that a slip there cannot hide a package.
    found = {}
    for line in (ROOT / lock).read_text().splitlines():
        if line[:1].isalnum():
            name, version = line.split(" ", 1)[0].split("==")
            found[name] = version
    return found


def package(name="example", licence="MIT", declared=None):
    return Package("Python", name, "1.0", licence, "https://example.org/", licence if declared is None else declared)


def test_the_committed_file_is_what_the_generator_writes(packages, committed):
    assert committed == licences.render(packages), "THIRD_PARTY.md is stale: run `make third-party`"


def test_every_shipped_package_is_listed_at_its_locked_version(committed):
    npm_lock = json.loads((ROOT / "package-lock.json").read_text())["packages"]
    npm = {
        path.rpartition("node_modules/")[2]: entry["version"]
        for path, entry in npm_lock.items()
        if path and not entry.get("dev")
    }
    listed = {
        heading: {name: version for name, (version, _licence) in table(committed, heading).items()}
        for heading in ("Python packages (requirements.txt)", "npm packages (package-lock.json)")
    }
    assert listed["Python packages (requirements.txt)"] == pins("requirements.txt")
    assert listed["npm packages (package-lock.json)"] == npm
    assert {"h5p-standalone", "@fontsource/sarabun"} <= npm.keys()


def test_development_tools_are_not_listed(committed):
    dev_only = pins("requirements-dev.txt").keys() - pins("requirements.txt").keys()
    assert {"pytest", "ruff", "pip-licenses"} <= dev_only
    assert dev_only.isdisjoint(table(committed, "Python packages (requirements.txt)"))


def test_the_shipped_packages_pass_the_policy(packages):
    assert licences.problems(packages) == []


def test_an_unreviewed_gpl_package_is_refused():
    (problem,) = licences.problems([package("gplthing", "GPL-3.0-only")], overrides={}, reviews={})
    assert "gplthing" in problem and "GPL-3.0-only" in problem and "strong copyleft" in problem


def test_a_gpl_part_in_a_combination_needs_a_review_too():
    assert licences.problems([package("mixed", "MIT AND GPL-2.0-or-later")], overrides={}, reviews={}) != []


def test_a_review_accepts_only_the_licence_it_was_written_for():
    reviews = {"gplthing": Review("GPL-3.0-only", "### gplthing {version}\n")}
    assert licences.problems([package("gplthing", "GPL-3.0-only")], overrides={}, reviews=reviews) == []
    (problem,) = licences.problems([package("gplthing", "AGPL-3.0-only")], overrides={}, reviews=reviews)
    assert "AGPL-3.0-only" in problem and "GPL-3.0-only" in problem


@pytest.mark.parametrize("licence", ["Frobnicate-1.0", "", "Apache Software License; BSD License", "(MIT"])
def test_an_unknown_licence_is_refused(licence):
    (problem,) = licences.problems([package("mystery", licence)], overrides={}, reviews={})
    assert "mystery" in problem and "not one the policy knows" in problem


@pytest.mark.parametrize("licence", ["MIT", "BSD-3-Clause", "Apache-2.0 OR GPL-3.0-only", "LGPL-3.0-only", "MPL-2.0"])
def test_permissive_and_weak_copyleft_licences_pass(licence):
    assert licences.problems([package("fine", licence)], overrides={}, reviews={}) == []


@pytest.mark.parametrize(
    ("expression", "kind"),
    [
        ("MIT", licences.PERMISSIVE),
        ("GPL-2.0-or-later OR LGPL-2.1-or-later OR MPL-1.1", licences.WEAK),
        ("MIT AND (LGPL-3.0-only OR GPL-3.0-only)", licences.WEAK),
        ("BSD-3-Clause AND LGPL-3.0-or-later AND GPL-2.0-or-later", licences.STRONG),
        ("GPL-2.0-or-later WITH Classpath-exception-2.0", licences.STRONG),
        ("MIT AND", licences.UNRECOGNISED),
    ],
)
def test_expressions_are_classed_by_their_easiest_choice_and_hardest_part(expression, kind):
    assert licences.classify(expression) == kind


def test_an_override_is_questioned_once_the_package_declares_something_else():
    overrides = {"example": Override("BSD-3-Clause AND MIT", "BSD", "its LICENSE says so")}
    assert licences.problems([package("example", "BSD-3-Clause AND MIT", "BSD")], overrides, reviews={}) == []
    (problem,) = licences.problems([package("example", "BSD-3-Clause AND MIT", "GPL-3.0-only")], overrides, {})
    assert "example" in problem and "GPL-3.0-only" in problem


def test_an_override_for_a_package_no_longer_shipped_is_reported():
    overrides = {"gone": Override("MIT", "MIT License", "its LICENSE says so")}
    (problem,) = licences.problems([package()], overrides, reviews={})
    assert "gone" in problem and "no longer shipped" in problem


def test_a_bsd_classifier_is_read_as_the_variant_its_licence_file_states():
    two_clauses = "Redistributions of source code must ... Redistributions in binary form must reproduce ..."
    record = {
        "License-Expression": licences.MISSING,
        "License-Metadata": licences.MISSING,
        "License-Classifier": "BSD License",
        "LicenseText": two_clauses,
        "URL": licences.MISSING,
    }
    assert licences._python_package("x", "1.0", record).licence == "BSD-2-Clause"
    record["LicenseText"] = two_clauses + " Neither the name ... may be used to endorse or promote products ..."
    assert licences._python_package("x", "1.0", record).licence == "BSD-3-Clause"


def test_h5p_standalone_is_listed_with_the_gpl_core_it_bundles(committed):
    version, licence = table(committed, "npm packages (package-lock.json)")["h5p-standalone"]
    assert licence == "MIT AND GPL-3.0-only"
    section = committed.split(f"### h5p-standalone {version}:", 1)[1].split("\n## ", 1)[0]
    for fact in ("GPL-3.0", "frame.bundle.js", "npm ci", "STATICFILES_DIRS", "corresponding source", "BSD-3-Clause"):
        assert fact in section


def test_the_command_writes_then_checks_and_fails_on_a_stale_file_or_a_policy_breach(
    packages, tmp_path, monkeypatch, capsys
):
    parser = argparse.ArgumentParser()
    licences.add_arguments(parser)
    monkeypatch.setattr(licences, "ROOT", tmp_path)
    monkeypatch.setattr(licences, "shipped", lambda: packages)
    run = parser.parse_args([]).run

    assert run(parser.parse_args(["--write"])) == 0
    assert run(parser.parse_args(["--check"])) == 0
    assert run(parser.parse_args([])) == 0
    (tmp_path / licences.OUTPUT).write_text("edited by hand\n")
    assert run(parser.parse_args(["--check"])) == 1

    unreviewed = dataclasses.replace(packages[0], name="newcomer", licence="GPL-3.0-only")
    monkeypatch.setattr(licences, "shipped", lambda: [*packages, unreviewed])
    assert run(parser.parse_args(["--write"])) == 1
    assert "newcomer" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        parser.parse_args(["--write", "--check"])
