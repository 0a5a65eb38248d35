"""The lock files install on every Python that pyproject.toml admits (3.11 and later): each
dependency a locked package needs on one of those Pythons is locked too. pip-compile resolves
for the Python it runs on, so a dependency needed only by older or newer Pythons (redis needs
async-timeout before 3.11.3) goes missing unless it is declared."""

import re
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

LOCKS = Path(__file__).resolve().parent.parent / "requirements"
# The first release of each minor version `requires-python` admits, and Debian 12's.
PYTHONS = ["3.11.0", "3.11.2", "3.12.0", "3.13.0"]
PINNED = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==", re.MULTILINE)


def locked_in(lock):
    return {canonicalize_name(name) for name in PINNED.findall((LOCKS / lock).read_text())}


def needed_by(package, python):
    """The packages `package` (installed here) needs on `python`, its extras left out."""
    environment = {
        "python_full_version": python,
        "python_version": ".".join(python.split(".")[:2]),
        "extra": "",
    }
    needed = set()
    for line in metadata.requires(package) or []:
        requirement = Requirement(line)
        if requirement.marker is None or requirement.marker.evaluate(environment):
            needed.add(canonicalize_name(requirement.name))
    return needed


# The packages of the other lock files are installed in the test environment (dev includes
# base; the benchmark's extra packages are not).
@pytest.mark.parametrize("lock", ["base.txt", "dev.txt"])
@pytest.mark.parametrize("python", PYTHONS)
def test_every_package_a_locked_package_needs_is_locked(lock, python):
    locked = locked_in(lock)
    missing = {
        f"{needed} (for {package})"
        for package in locked
        for needed in needed_by(package, python) - locked
    }
    assert missing == set()
