"""Ed25519 signatures over a certificate's canonical content, so anyone can check it without us.

The signing key comes from settings (``CERTIFICATE_SIGNING_KEY``, 32 bytes in base64, named by
``CERTIFICATE_KEY_ID``). Each certificate records the id of the key that signed it; retired public
keys stay listed in ``CERTIFICATE_RETIRED_PUBLIC_KEYS``, so rotating the key leaves older certificates
valid. All public keys are published at ``/verify/keys.json``.
"""

import base64
import hashlib
import json

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings


def _b64(raw):
    return base64.b64encode(raw).decode()


def _private_key():
    seed = settings.CERTIFICATE_SIGNING_KEY
    if seed:
        return Ed25519PrivateKey.from_private_bytes(base64.b64decode(seed))
    # Demo and tests only (production settings refuse to start without a key): a stable key from SECRET_KEY.
    return Ed25519PrivateKey.from_private_bytes(hashlib.sha256(f"certificates:{settings.SECRET_KEY}".encode()).digest())


def public_key_b64(private_key=None):
    key = (private_key or _private_key()).public_key()
    return _b64(key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw))


def public_keys():
    """``{key id: public key in base64}``: the current key and every retired one."""
    return {**settings.CERTIFICATE_RETIRED_PUBLIC_KEYS, settings.CERTIFICATE_KEY_ID: public_key_b64()}


def canonical(content):
    """The exact bytes that are signed: JSON with sorted keys, no spaces, UTF-8."""
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def sign(content):
    """``(key id, signature in base64)`` over ``content``."""
    return settings.CERTIFICATE_KEY_ID, _b64(_private_key().sign(canonical(content)))


def verify(content, signature, key_id):
    """True if ``signature`` is the named key's signature over ``content``."""
    public = public_keys().get(key_id)
    if not public or not signature:
        return False
    try:
        Ed25519PublicKey.from_public_bytes(base64.b64decode(public)).verify(
            base64.b64decode(signature), canonical(content)
        )
    except (InvalidSignature, ValueError):
        return False
    return True
