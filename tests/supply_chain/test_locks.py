"""The locks are complete, hashed, consistent with their ranges, and what the virtualenv holds."""

import importlib.metadata
import json
import re

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from .audit import ROOT

LOCKS = {"requirements.in": "requirements.txt", "requirements-dev.in": "requirements-dev.txt"}
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+) \\\n((?:\s+--hash=sha256:[0-9a-f]{64}(?: \\)?\n)+)", re.M)


def pins(lock):
    text = (ROOT / lock).read_text()
    found = {canonicalize_name(name): (version, hashes) for name, version, hashes in PIN.findall(text)}
    requirement_lines = [line for line in text.splitlines() if line and not line[0].isspace() and line[0] != "#"]
    assert len(found) == len(requirement_lines), f"{lock} has a requirement without a pin and hashes"
    return found


def ranges(source):
    lines = (line.split("#")[0].strip() for line in (ROOT / source).read_text().splitlines())
    return [Requirement(line) for line in lines if line and not line.startswith("-")]


@pytest.mark.parametrize("source, lock", LOCKS.items())
def test_every_requirement_is_locked_within_its_range(source, lock):
    locked = pins(lock)
    for requirement in ranges(source):
        name = canonicalize_name(requirement.name)
        assert name in locked, f"{requirement} is in {source} but not in {lock}: run `make lock`"
        assert requirement.specifier.contains(locked[name][0], prereleases=True), (
            f"{lock} pins {name}=={locked[name][0]} outside {source}'s {requirement.specifier}: run `make lock`"
        )


def test_packages_in_both_locks_are_the_same_files():
    app, dev = pins("requirements.txt"), pins("requirements-dev.txt")
    for name in app.keys() & dev.keys():
        assert app[name] == dev[name], f"{name} differs between the locks: run `make lock`"


def test_the_virtualenv_holds_exactly_the_locked_versions():
    locked = {name: version for lock in LOCKS.values() for name, (version, _) in pins(lock).items()}
    installed = {canonicalize_name(d.metadata["Name"]): d.version for d in importlib.metadata.distributions()}
    assert {name: installed.get(name) for name in locked} == locked
    assert set(installed) == set(locked), f"installed but not locked: {sorted(set(installed) - set(locked))}"


def test_npm_installs_only_from_its_lock():
    for path in ("Makefile", ".ci/run"):
        text = (ROOT / path).read_text()
        assert not re.search(r"\bnpm (install|i)\b", text), f"{path} installs npm packages without the lock"
    assert "npm ci" in (ROOT / "Makefile").read_text()
    lock = json.loads((ROOT / "package-lock.json").read_text())
    manifest = json.loads((ROOT / "package.json").read_text())
    for name, version in manifest["dependencies"].items():
        entry = lock["packages"][f"node_modules/{name}"]
        assert entry["version"] == version and entry["integrity"].startswith("sha512-")
