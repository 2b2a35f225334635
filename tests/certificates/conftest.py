"""The evidence pages show the record the tests of ``lms.records`` build."""

from tests.records.conftest import record  # noqa: F401
