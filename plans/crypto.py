"""Keeping a plan readable only by whoever holds its link, code or device.

Every plan has its own random data key (256 bits). Everything the visitor
writes is sealed with it (AES-GCM, one random nonce per value, the field's
name as associated data), field by field. The data key itself is stored only
wrapped (AES-GCM again) under keys the server never keeps:

* a key derived from the private link's token (HKDF-SHA256: the token
  already carries 256 random bits);
* a key derived from the six-word resume code (scrypt with a per-plan salt:
  six words are about 77 bits, and a slow derivation costs a guesser more);
* one key per device that opened the plan, derived (HKDF) from a random
  device token that lives only in that device's session cookie.

To find the wrapped key, the database keeps a SHA-256 hash of each token or
normalised code (``lookup_hash``), never the token, the code or the data
key. So a copy of the database, even with the server's secrets, opens no
plan: that takes something only the visitor holds. Deleting a wrapped key
(forget this device, or a new link and code) makes that secret useless.

While a request works on a plan, its data key sits in a context variable
(``active_key``), set by ``plans.access`` and cleared by
``plans.middleware.plan_key_scope`` when the response is done; the sealed
model fields (``plans.fields``) read it from there.
"""

import base64
import contextvars
import hashlib
import os
from contextlib import contextmanager

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

KEY_BYTES = 32
NONCE_BYTES = 12
SALT_BYTES = 16
# scrypt cost for the resume code: about 16 MiB and tens of milliseconds
# here, paid once when a plan is opened by its code (never on other requests).
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
SEALED_PREFIX = "v1:"
PAD_TO = 32
WRAP_AAD = b"sci-guide plan data key v1"

active_key: contextvars.ContextVar[bytes | None] = contextvars.ContextVar(
    "plan_data_key", default=None
)
# The data key a new link and code replaced, for a value another device was
# saving at that moment (see ``plans.access.new_link_and_code``).
replaced_key: contextvars.ContextVar[bytes | None] = contextvars.ContextVar(
    "plan_replaced_data_key", default=None
)


class PlanLocked(Exception):
    """A sealed value was read or written with no plan key at hand."""


class WrongKey(Exception):
    """A wrapped key or sealed value does not open with the key given."""


def new_data_key() -> bytes:
    return AESGCM.generate_key(bit_length=KEY_BYTES * 8)


def new_salt() -> bytes:
    return os.urandom(SALT_BYTES)


def lookup_hash(kind: str, secret: str) -> str:
    """A fast hash to find a plan by its token or code; never a key."""
    return hashlib.sha256(f"sci-guide {kind}:{secret}".encode()).hexdigest()


def key_from_token(kind: str, token: str) -> bytes:
    """The wrapping key for a random token (a link's or a device's)."""
    info = f"sci-guide {kind} key v1".encode()
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=info).derive(
        token.encode()
    )


def key_from_code(code: str, salt: bytes) -> bytes:
    return Scrypt(salt=salt, length=KEY_BYTES, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P).derive(
        code.encode()
    )


def wrap(data_key: bytes, wrapping_key: bytes) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(wrapping_key).encrypt(nonce, data_key, WRAP_AAD)


def unwrap(wrapped: bytes, wrapping_key: bytes) -> bytes:
    try:
        return AESGCM(wrapping_key).decrypt(wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:], WRAP_AAD)
    except InvalidTag as error:
        raise WrongKey from error


def pad(data: bytes) -> bytes:
    """Round the length up to a multiple of PAD_TO (ISO/IEC 7816-4 padding), so
    the stored length does not tell "A" from "not_sure" or a name's length."""
    data += b"\x80"
    return data + b"\0" * (-len(data) % PAD_TO)


def unpad(data: bytes) -> bytes:
    stripped = data.rstrip(b"\0")
    if not stripped.endswith(b"\x80"):
        raise WrongKey("bad padding")
    return stripped[:-1]


def seal_bytes(plaintext: bytes, key: bytes, context: str) -> bytes:
    """Encrypt bytes bound to a context ("plans.plan.notes"): a value moved to
    another field fails to open, and so does one moved to another plan."""
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, pad(plaintext), context.encode())


def open_bytes(sealed: bytes, key: bytes, context: str) -> bytes:
    try:
        padded = AESGCM(key).decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], context.encode())
    except InvalidTag as error:
        raise WrongKey from error
    return unpad(padded)


def seal(plaintext: str, key: bytes, context: str) -> str:
    """Encrypt text for a text column."""
    sealed = seal_bytes(plaintext.encode(), key, context)
    return SEALED_PREFIX + base64.b64encode(sealed).decode("ascii")


def open_sealed(value: str, key: bytes, context: str) -> str:
    if not value.startswith(SEALED_PREFIX):
        raise WrongKey("not a sealed value")
    try:
        raw = base64.b64decode(value.removeprefix(SEALED_PREFIX), validate=True)
    except ValueError as error:
        raise WrongKey("not a sealed value") from error
    return open_bytes(raw, key, context).decode()


def current_key() -> bytes:
    key = active_key.get()
    if key is None:
        raise PlanLocked("no plan is open in this request")
    return key


@contextmanager
def using_key(key: bytes):
    """Open a plan's data for the duration of a block (a command, a test, a migration)."""
    token = active_key.set(key)
    try:
        yield
    finally:
        active_key.reset(token)
