"""RandomFilenameMixin on django-storages' S3Storage, against moto's S3 server on 127.0.0.1 over real HTTP."""

from __future__ import annotations

import re
import socket

import boto3
import pytest
from django.core.files.base import ContentFile
from moto.server import ThreadedMotoServer
from storages.backends.s3 import S3Storage

from django_chained.storage import RandomFilenameMixin

BUCKET = "chained-media"
STORED = re.compile(r"uploads/(?P<stem>[a-z2-7]{26,32})(?P<ext>\.[a-z0-9]+)?")


class RandomS3Storage(RandomFilenameMixin, S3Storage):  # type: ignore[misc]
    pass


def extension(name):
    match = STORED.fullmatch(name)
    assert match, name
    return match["ext"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def endpoint():
    with pytest.MonkeyPatch.context() as env:
        env.setenv("AWS_ACCESS_KEY_ID", "testing")
        env.setenv("AWS_SECRET_ACCESS_KEY", "testing")
        env.setenv("AWS_DEFAULT_REGION", "us-east-1")
        for name in ("AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_CONFIG_FILE"):
            env.delenv(name, raising=False)
        port = free_port()
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
        server.start()
        url = f"http://127.0.0.1:{port}"
        boto3.client("s3", endpoint_url=url).create_bucket(Bucket=BUCKET)
        try:
            yield url
        finally:
            server.stop()


@pytest.fixture
def storage(endpoint):
    return RandomS3Storage(
        bucket_name=BUCKET,
        endpoint_url=endpoint,
        access_key="testing",
        secret_key="testing",
        region_name="us-east-1",
    )


def raw_object(endpoint, key):
    response = boto3.client("s3", endpoint_url=endpoint).get_object(
        Bucket=BUCKET, Key=key
    )
    return response["Body"].read(), response.get("ContentType")


def test_stored_under_a_random_name_and_read_back(storage, endpoint):
    first = storage.save("uploads/Salary Review.pdf", ContentFile(b"%PDF-1.7"))
    second = storage.save("uploads/Salary Review.pdf", ContentFile(b"%PDF-1.7 v2"))
    assert first != second
    for name in (first, second):
        assert extension(name) == ".pdf"
        assert "salary" not in name.lower()
    with storage.open(first) as handle:
        assert handle.read() == b"%PDF-1.7"
    assert raw_object(endpoint, second)[0] == b"%PDF-1.7 v2"


def test_active_extension_neutralised_on_s3(storage, endpoint):
    name = storage.save(
        "uploads/<script>.html", ContentFile(b"<script>alert(1)</script>")
    )
    assert extension(name) == ".bin"
    body, content_type = raw_object(endpoint, name)
    assert body == b"<script>alert(1)</script>"
    assert content_type != "text/html"


def test_max_length_held_on_s3(storage):
    name = storage.save("uploads/a.txt", ContentFile(b"x"), max_length=8 + 26 + 4)
    assert len(name) == 38
    assert storage.exists(name)


def test_url_is_signed_by_default(storage):
    name = storage.save("uploads/a.txt", ContentFile(b"x"))
    assert "Signature=" in storage.url(name)
