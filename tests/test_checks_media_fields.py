from __future__ import annotations

import datetime
import uuid

import pytest
from django.apps import apps
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, InMemoryStorage
from django.db import models
from django.test import SimpleTestCase, override_settings
from django.test.utils import isolate_apps
from randomfilestorage.storage import RandomFileSystemStorage as LegacyStorage
from storages.backends.s3 import S3Storage

from django_chained.checks import media_fields
from django_chained.checks.media_fields import (
    legacy_storage_messages,
    public_name_messages,
)
from django_chained.judgement.media import FIX_HINT, MISORDERED_HINT
from django_chained.storage import RandomFilenameMixin, RandomFileSystemStorage

PUBLIC = override_settings(MEDIA_URL="/media/", MEDIA_ROOT="/srv/media")
W601_PLAIN = (
    "Uploads keep the uploader's file name and are public under MEDIA_URL '/media/'."
)


def summary(messages):
    return [(m.id, m.msg, m.hint, m.obj) for m in messages]


def by_filename(instance, filename):
    return f"uploads/{instance.pk}/{filename}"


def by_owner(instance, filename):
    return f"avatars/{instance.pk}.jpg"


def by_uuid(instance, filename):
    return f"avatars/{uuid.uuid4().hex}.jpg"


def by_date(instance, filename):
    return f"scans/{datetime.date.today():%Y/%m}/{filename}"


def user_directory_path(instance, filename):
    # Django's documented upload_to example: instance.user raises on an unsaved row.
    return f"user_{instance.user.id}/{filename}"


def by_user(instance, filename):
    return f"avatars/{instance.user.pk:05d}.jpg"


def broken(instance, filename):
    raise AttributeError("needs a saved instance")


class MisorderedStorage(FileSystemStorage, RandomFilenameMixin):
    pass


class TunedStorage(RandomFileSystemStorage):
    def get_available_name(self, name, max_length=None):
        return super().get_available_name(name, max_length=max_length)


def s3(**options):
    return S3Storage(bucket_name="b", access_key="k", secret_key="s", **options)


@PUBLIC
@isolate_apps("tests")
class PublicNameTests(SimpleTestCase):
    def field(self, **options):
        class Upload(models.Model):  # noqa: DJ008
            file = models.FileField(**options)

        return Upload._meta.get_field("file"), Upload

    def messages(self, **options):
        field, model = self.field(**options)
        return field, public_name_messages([model])

    def test_default_storage_keeps_the_uploaders_name(self):
        field, messages = self.messages(upload_to="docs/")
        assert summary(messages) == [
            ("django_chained.W601", W601_PLAIN, FIX_HINT, str(field))
        ]

    def test_dated_folders_named_in_the_message(self):
        field, messages = self.messages(upload_to="invoices/%Y/%m/")
        [message] = messages
        assert message.id == "django_chained.W601"
        assert "dated folders" in message.msg
        assert message.obj == str(field) == "tests.Upload.file"

    def test_image_fields_are_file_fields(self):
        class Photo(models.Model):  # noqa: DJ008
            image = models.ImageField(upload_to="photos/")

        [message] = public_name_messages([Photo])
        assert message.obj == str(Photo._meta.get_field("image"))

    def test_random_storage_passes(self):
        assert (
            self.messages(upload_to="x/%Y/", storage=RandomFileSystemStorage())[1] == []
        )

    def test_mixin_listed_after_the_backend_is_reported(self):
        """FileSystemStorage's naming methods win: names and active extensions are kept."""
        field, messages = self.messages(upload_to="docs/", storage=MisorderedStorage())
        assert summary(messages) == [
            ("django_chained.W601", W601_PLAIN, MISORDERED_HINT, str(field))
        ]

    def test_subclass_overriding_a_naming_method_passes(self):
        assert self.messages(upload_to="docs/", storage=TunedStorage())[1] == []

    @override_settings(
        STORAGES={
            "default": {"BACKEND": "django_chained.storage.RandomFileSystemStorage"}
        }
    )
    def test_random_default_storage_passes(self):
        assert self.messages(upload_to="docs/")[1] == []

    @override_settings(MEDIA_URL="")
    def test_storage_without_url_is_not_public(self):
        assert self.messages(upload_to="docs/")[1] == []

    def test_callable_embedding_the_name(self):
        [message] = self.messages(upload_to=by_filename)[1]
        assert message.id == "django_chained.W601"
        assert "dated" not in message.msg

    def test_callable_embedding_the_name_in_dated_folders(self):
        [message] = self.messages(upload_to=by_date)[1]
        assert message.id == "django_chained.W601"
        assert "dated folders" in message.msg

    def test_callable_deriving_the_name_from_the_instance(self):
        field, messages = self.messages(upload_to=by_owner)
        message = (
            "upload_to derives file names from the instance or the date (an unsaved instance "
            "got 'avatars/None.jpg') and they are public under MEDIA_URL '/media/'."
        )
        assert summary(messages) == [
            ("django_chained.W602", message, FIX_HINT, str(field))
        ]

    def test_callable_reading_a_missing_relation_embedding_the_name(self):
        class Owner(models.Model):  # noqa: DJ008
            pass

        class Avatar(models.Model):  # noqa: DJ008
            user = models.ForeignKey(Owner, on_delete=models.CASCADE)
            file = models.FileField(upload_to=user_directory_path)

        field = Avatar._meta.get_field("file")
        assert summary(public_name_messages([Avatar])) == [
            ("django_chained.W601", W601_PLAIN, FIX_HINT, str(field))
        ]

    def test_callable_reading_a_missing_relation_deriving_the_name(self):
        class Owner(models.Model):  # noqa: DJ008
            pass

        class Avatar(models.Model):  # noqa: DJ008
            user = models.ForeignKey(Owner, on_delete=models.CASCADE)
            file = models.FileField(upload_to=by_user)

        [message] = public_name_messages([Avatar])
        assert message.id == "django_chained.W602"
        assert "'avatars/1.jpg'" in message.msg

    def test_callable_reading_a_missing_relation_on_random_storage_passes(self):
        class Owner(models.Model):  # noqa: DJ008
            pass

        class Avatar(models.Model):  # noqa: DJ008
            user = models.ForeignKey(Owner, on_delete=models.CASCADE)
            file = models.FileField(
                upload_to=user_directory_path, storage=RandomFileSystemStorage()
            )

        assert public_name_messages([Avatar]) == []

    def test_callable_with_random_names_passes(self):
        assert self.messages(upload_to=by_uuid)[1] == []

    def test_callable_that_cannot_run_unsaved_stays_unjudged(self):
        assert self.messages(upload_to=broken)[1] == []

    def test_s3_signed_urls_pass(self):
        assert self.messages(upload_to="docs/", storage=s3())[1] == []

    def test_s3_without_querystring_auth(self):
        [message] = self.messages(upload_to="d/", storage=s3(querystring_auth=False))[1]
        assert "without query-string auth" in message.msg

    def test_s3_public_acl(self):
        [message] = self.messages(
            upload_to="d/", storage=s3(default_acl="public-read")
        )[1]
        assert "'public-read'" in message.msg

    def test_s3_private_acl_passes(self):
        assert self.messages(upload_to="d/", storage=s3(default_acl="private"))[1] == []

    def test_s3_unsigned_custom_domain(self):
        storage = s3(custom_domain="cdn.example.com")
        [message] = self.messages(upload_to="d/", storage=storage)[1]
        assert "custom domain" in message.msg

    def test_unknown_backend_is_not_judged(self):
        assert self.messages(upload_to="d/", storage=InMemoryStorage())[1] == []

    def test_legacy_storage_left_to_e611(self):
        assert self.messages(upload_to="d/", storage=LegacyStorage())[1] == []

    @override_settings(STORAGES={"default": {"BACKEND": "no.such.Backend"}})
    def test_unloadable_default_storage_left_to_django(self):
        assert self.messages(upload_to="d/")[1] == []

    def test_abstract_parent_field_reported_once_per_concrete_model(self):
        class Base(models.Model):
            file = models.FileField(upload_to="d/")

            class Meta:
                abstract = True

        class Child(Base):  # noqa: DJ008
            pass

        class GrandChild(Child):  # noqa: DJ008
            pass

        messages = public_name_messages([Child, GrandChild])
        assert [m.obj for m in messages] == [str(Child._meta.get_field("file"))]


@isolate_apps("tests")
class LegacyStorageTests(SimpleTestCase):
    def test_explicit_legacy_storage_is_an_error(self):
        class Upload(models.Model):  # noqa: DJ008
            file = models.FileField(storage=LegacyStorage())

        field = Upload._meta.get_field("file")
        assert legacy_storage_messages([Upload]) == [
            media_fields.e611_legacy_random_storage(obj=field)
        ]

    def test_detected_by_class_path_without_importing(self):
        fake = type("RandomFileSystemStorage", (FileSystemStorage,), {})
        fake.__module__ = "randomfilestorage.storage"
        sub = type("Mine", (fake,), {})
        assert media_fields.is_legacy_random_storage(sub())
        assert not media_fields.is_legacy_random_storage(RandomFileSystemStorage())

    @override_settings(
        STORAGES={"default": {"BACKEND": media_fields.LEGACY_RANDOM_STORAGE}}
    )
    def test_legacy_default_storage_reported_once_from_settings(self):
        class Upload(models.Model):  # noqa: DJ008
            file = models.FileField()

        assert legacy_storage_messages([Upload]) == []
        assert public_name_messages([Upload]) == []

    def test_our_storage_passes(self):
        class Upload(models.Model):  # noqa: DJ008
            file = models.FileField(storage=RandomFileSystemStorage())

        assert legacy_storage_messages([Upload]) == []

    def test_the_legacy_storage_really_fails_to_save(self, tmp_path="/tmp"):
        """Why E611 is an Error: Django passes max_length, which its get_available_name() lacks."""
        with pytest.raises(TypeError, match="max_length"):
            LegacyStorage(location=tmp_path).save("a.txt", ContentFile(b"x"))


class RegisteredChecksTests(SimpleTestCase):
    def test_models_of_every_app_or_the_given_ones(self):
        from tests.models import Document

        assert Document in media_fields.models_of(None)
        assert media_fields.models_of([apps.get_app_config("tests")]) == list(
            apps.get_app_config("tests").get_models()
        )

    def test_installed_models_have_no_file_fields(self):
        assert media_fields.check_file_fields() == []
        assert media_fields.check_legacy_field_storage() == []


def test_field_max_length_error_is_suspicious_not_os_error(tmp_path):
    storage = RandomFileSystemStorage(location=tmp_path)
    with pytest.raises(SuspiciousFileOperation):
        storage.save("d/a.txt", ContentFile(b"x"), max_length=10)
