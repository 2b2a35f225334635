"""A real S3 HTTP endpoint for the storage tests: moto's server, in this process, on 127.0.0.1.

Its fixtures are offered to every test package by tests/conftest.py.
"""

import socket

import boto3
import pytest

BUCKET = "hcec-test-media"
CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing", "region_name": "us-east-1"}


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    boto3.client("s3", endpoint_url=endpoint, **CREDENTIALS).create_bucket(Bucket=BUCKET)
    yield endpoint
    server.stop()


def s3_settings(endpoint):
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": BUCKET,
            "endpoint_url": endpoint,
            "access_key": CREDENTIALS["aws_access_key_id"],
            "secret_key": CREDENTIALS["aws_secret_access_key"],
            "region_name": CREDENTIALS["region_name"],
            "querystring_expire": 60,
        },
    }


@pytest.fixture
def s3_storage(settings, s3_endpoint):
    """Media storage is the S3 bucket for this test (Django resets its storages when STORAGES changes)."""
    settings.STORAGES = {**settings.STORAGES, "default": s3_settings(s3_endpoint)}
    from django.core.files.storage import default_storage

    return default_storage


@pytest.fixture
def s3_down(settings):
    """Media storage points at a port where no S3 answers."""
    settings.STORAGES = {**settings.STORAGES, "default": s3_settings(f"http://127.0.0.1:{_free_port()}")}
    from django.core.files.storage import default_storage

    return default_storage
