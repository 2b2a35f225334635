"""Questions about the configured file storage that the rest of the platform may ask."""

import os

from botocore.exceptions import BotoCoreError, ClientError
from django.core.files.storage import FileSystemStorage, default_storage

PROBE_NAME = "healthz/.probe"

# What a storage backend raises when it cannot store or fetch: a full disk, a refused connection,
# an object store that answers with an error. Views catch these and say so, instead of a 500.
STORAGE_ERRORS = (OSError, BotoCoreError, ClientError)


def check_storage(storage=None):
    """Raise if the media storage cannot be used; return a short description of it otherwise.

    A local folder must exist (it is created) and be writable. An object store is asked for a key's
    metadata, which proves the endpoint answers and the credentials and bucket are good without
    writing anything or listing a bucket that may hold millions of objects.
    """
    storage = storage or default_storage
    if isinstance(storage, FileSystemStorage):
        location = storage.location
        os.makedirs(location, exist_ok=True)
        if not os.access(location, os.W_OK):
            raise PermissionError(f"media folder is not writable: {location}")
        return "local"
    storage.exists(PROBE_NAME)
    return storage.__class__.__name__
