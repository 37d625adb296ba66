"""The sandbox's own certificate authority, so clients can talk HTTPS to it through CONNECT.

One CA per state directory (`<state dir>/sandbox-ca/ca.pem`, its key beside it, readable by
the owner only), made once with `cryptography` and kept: a client trusts it once
(REQUESTS_CA_BUNDLE / SSL_CERT_FILE / the Tea Config's `ca`) and keeps trusting it across
restarts. Each host a client tunnels to gets a certificate for exactly that name, issued on
first use and kept in memory; one EC P-256 key serves every host certificate of a run.
"""

from __future__ import annotations

import datetime
import os
import ssl
import tempfile
import threading
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

CA_FOLDER = "sandbox-ca"
CA_FILE, CA_KEY_FILE = "ca.pem", "ca-key.pem"
CA_YEARS = 10
HOST_DAYS = 397  # the longest validity clients accept for a server certificate


def ca_folder(state: str | Path) -> Path:
    """Where the CA of a state file lives: beside it (a temporary folder for an in-memory state)."""
    if str(state) == ":memory:":
        return Path(tempfile.mkdtemp(prefix="sandbox-ca-"))
    return Path(state).resolve().parent / CA_FOLDER


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "actiontrail-wizard sandbox"),
                      x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _new_ca(folder: Path) -> None:
    """Write a new CA into `folder` atomically (a second process racing us keeps whichever CA won)."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = _name(f"actiontrail-wizard sandbox CA ({folder.parent.name or folder})")
    public = key.public_key()
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(public)
            .serial_number(x509.random_serial_number())
            .not_valid_before(_now() - datetime.timedelta(days=1))
            .not_valid_after(_now() + datetime.timedelta(days=365 * CA_YEARS))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                         content_commitment=False, key_encipherment=False, data_encipherment=False,
                                         key_agreement=False, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
            .sign(key, hashes.SHA256()))
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".sandbox-ca-", dir=folder.parent))
    key_path = staging / CA_KEY_FILE
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    key_path.chmod(0o600)
    (staging / CA_FILE).write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    try:
        os.rename(staging, folder)
    except OSError:  # another sandbox made it first: use theirs
        for leftover in staging.iterdir():
            leftover.unlink()
        staging.rmdir()


class LocalCA:
    """The CA of one state directory, and the TLS server contexts of the hosts it issues for."""

    def __init__(self, folder: Path):
        self.folder = folder
        if not (folder / CA_FILE).exists() or not (folder / CA_KEY_FILE).exists():
            _new_ca(folder)
        self.bundle = folder / CA_FILE
        self._cert = x509.load_pem_x509_certificate(self.bundle.read_bytes())
        self._key = serialization.load_pem_private_key((folder / CA_KEY_FILE).read_bytes(), password=None)
        self._host_key = ec.generate_private_key(ec.SECP256R1())
        self._contexts: dict[str, ssl.SSLContext] = {}
        self._lock = threading.Lock()

    def pem(self) -> bytes:
        return self.bundle.read_bytes()

    def context_for(self, host: str) -> ssl.SSLContext:
        """A server context presenting a certificate for `host`, signed by this CA (made once per host)."""
        with self._lock:
            context = self._contexts.get(host)
            if context is None:
                context = self._contexts[host] = self._server_context(host)
            return context

    def _server_context(self, host: str) -> ssl.SSLContext:
        public = self._host_key.public_key()
        cert = (x509.CertificateBuilder().subject_name(_name(host)).issuer_name(self._cert.subject)
                .public_key(public).serial_number(x509.random_serial_number())
                .not_valid_before(_now() - datetime.timedelta(days=1))
                .not_valid_after(_now() + datetime.timedelta(days=HOST_DAYS))
                .add_extension(x509.SubjectAlternativeName([x509.DNSName(host)]), critical=False)
                .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
                .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
                .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(self._key.public_key()),
                               critical=False)
                .sign(self._key, hashes.SHA256()))
        chain = cert.public_bytes(serialization.Encoding.PEM) + self._cert.public_bytes(serialization.Encoding.PEM)
        key = self._host_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption())
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        with tempfile.TemporaryDirectory(prefix="sandbox-host-") as folder:  # load_cert_chain reads files only
            chain_path, key_path = Path(folder) / "chain.pem", Path(folder) / "key.pem"
            chain_path.write_bytes(chain)
            key_path.write_bytes(key)
            key_path.chmod(0o600)
            context.load_cert_chain(chain_path, key_path)
        return context
