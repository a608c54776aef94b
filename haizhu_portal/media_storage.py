"""Where uploads are kept: this machine's disk, or S3-compatible object storage shared by every app server."""


def s3_media_storage(*, bucket: str, endpoint_url: str = "", public_url: str = "", region: str = "") -> dict:
    """The STORAGES["default"] entry for uploads in `bucket`, under media/.

    `endpoint_url` names an S3-compatible server (MinIO, Ceph, a cloud's OSS); empty means AWS.
    `public_url` (https://media.example.org, a CDN in front of the bucket) is where browsers fetch
    the files; empty means the endpoint itself. URLs are plain, not signed: uploaded images are
    public, and a signed URL would expire inside a cached page.
    """
    scheme, _, domain = public_url.rstrip("/").partition("://")
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint_url or None,
            "region_name": region or None,
            "location": "media",
            "querystring_auth": False,
            "file_overwrite": False,
            # https://host/bucket/key works on every S3-compatible server, with no DNS name per bucket.
            "addressing_style": "path",
            "custom_domain": domain or None,
            "url_protocol": f"{scheme}:" if domain else "https:",
        },
    }


def origin(url: str) -> str:
    """scheme://host[:port] of a URL, for the Content-Security-Policy's img-src."""
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.split('/', 1)[0]}"


def public_read_policy(bucket: str) -> dict:
    """A bucket policy: anyone may read uploads (public pages show them); only the app's credentials write."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{bucket}/media/*",
            }
        ],
    }
