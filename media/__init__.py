"""Media: where files live (S3-compatible object storage, or local files under var/), H5P and video."""
