"""Private assessment files in an S3-compatible bucket (``STORAGES["private"]`` when
``AWS_STORAGE_BUCKET_NAME`` is set; see physio/settings.py)."""

from storages.backends.s3 import S3Storage

from assessments.models import KeepsSignedPhotos


class PrivateBucketStorage(KeepsSignedPhotos, S3Storage):
    """Objects under their own prefix, private like every object of the bucket, with no
    URL: the photo views read them and check the clinic first."""

    def url(self, name, *args, **kwargs):
        raise ValueError("Private files have no public URL; serve them through a view.")
