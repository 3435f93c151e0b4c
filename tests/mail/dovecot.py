"""A real IMAP server for the tests and the bench: Debian's dovecot on loopback, with a
throw-away configuration, its own base_dir, a passwd-file of users, plaintext sign-in allowed
(loopback only), maildirs in a temporary folder, a plain port and a TLS port with a self-signed
certificate. ``make test`` installs dovecot-imapd.

    >>> with running_dovecot() as server:                              # doctest: +SKIP
    ...     user = server.add_user()
    ...     server.append(user, b"From: ...")

As root, dovecot's mail processes run as ``nobody`` (dovecot refuses to run them as root) and its
login processes as Debian's ``dovenull``; otherwise everything runs as the current user.
"""

from __future__ import annotations

import datetime as dt
import getpass
import ipaddress
import itertools
import os
import pwd
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import imapclient

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
DOVEADM = shutil.which("doveadm") or "/usr/bin/doveadm"
PASSWORD = "correct-horse-battery"
# Users written into the passwd-file at start (seller1 ... sellerN, password PASSWORD).
USERS = 500
_users = itertools.count(1)


def available() -> bool:
    return os.path.exists(DOVECOT) and os.path.exists(DOVEADM)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and its key (the TLS port's; never trusted by default)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    key_path.chmod(0o600)
    return cert_path, key_path


@dataclass
class Dovecot:
    root: Path
    port: int
    tls_port: int
    config: Path
    certificate: Path
    process: subprocess.Popen[bytes]
    mail_uid: int
    mail_gid: int
    host: str = "127.0.0.1"

    # -- users and mail ---------------------------------------------------------------------
    def add_user(self) -> str:
        """A user of its own with an empty INBOX (from the users written at start: dovecot
        reads its passwd-file again only once a second)."""
        number = next(_users)
        if number > USERS:
            raise RuntimeError(f"more than {USERS} IMAP users asked for: raise USERS")
        return f"seller{number}"

    def client(self, user: str, password: str = PASSWORD) -> imapclient.IMAPClient:
        client = imapclient.IMAPClient(self.host, port=self.port, ssl=False, timeout=30)
        client.login(user, password)
        return client

    def append(
        self, user: str, message: bytes, folder: str = "INBOX", flags: tuple[bytes, ...] = ()
    ) -> int:
        """Append ``message`` as the seller's mail client would; its UID."""
        with self.client(user) as client:
            if folder != "INBOX" and not client.folder_exists(folder):
                client.create_folder(folder)
            answer = client.append(folder, message, flags=flags)
        # "[APPENDUID <uidvalidity> <uid>] Append completed."
        return int(answer.split(b"]")[0].split()[-1])

    def flags(self, user: str, folder: str = "INBOX") -> dict[int, tuple[bytes, ...]]:
        with self.client(user) as client:
            client.select_folder(folder, readonly=True)
            uids = client.search(["ALL"])
            answer = client.fetch(uids, ["FLAGS"]) if uids else {}
        return {uid: tuple(sorted(data[b"FLAGS"])) for uid, data in answer.items()}

    def maildir(self, user: str) -> Path:
        return self.root / "mail" / user

    def doveadm(self, *args: str) -> str:
        result = subprocess.run(
            [DOVEADM, "-c", str(self.config), *args],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        return result.stdout

    def set_uidvalidity(self, user: str, value: int, folder: str = "INBOX") -> None:
        """A new UIDVALIDITY for the folder, as after a server move or a restore."""
        self.doveadm("mailbox", "update", "-u", user, "--uid-validity", str(value), folder)

    def renumber(self, user: str, value: int, folder: str = "INBOX") -> None:
        """Forget the folder's UIDs (dovecot numbers its messages afresh) and give it a new
        UIDVALIDITY: what a rebuilt mailbox looks like to a client."""
        folder_dir = self.maildir(user) if folder == "INBOX" else self.maildir(user) / f".{folder}"
        for index in folder_dir.glob("dovecot*"):
            if index.is_file():
                index.unlink()
        self.set_uidvalidity(user, value, folder)

    def write_maildir(self, user: str, messages: list[bytes]) -> None:
        """Put messages straight into the INBOX's maildir (the bench's 10,000 in seconds)."""
        base = self.maildir(user)
        for sub in ("new", "cur", "tmp"):
            (base / sub).mkdir(parents=True, exist_ok=True)
        stamp = int(time.time())
        for number, message in enumerate(messages):
            path = base / "new" / f"{stamp}.M{number}P{os.getpid()}.reinstate"
            path.write_bytes(message)
        self._own(self.root / "mail")

    def _own(self, path: Path) -> None:
        if os.geteuid() != 0:
            return
        for folder, dirs, files in os.walk(path):
            os.chown(folder, self.mail_uid, self.mail_gid)
            for name in dirs + files:
                os.chown(os.path.join(folder, name), self.mail_uid, self.mail_gid)

    def client_ssl_context(self) -> ssl.SSLContext:
        """A context that trusts the TLS port's self-signed certificate."""
        return ssl.create_default_context(cafile=str(self.certificate))


def _config(
    root: Path, port: int, tls_port: int, cert: Path, key: Path, introspection_url: str
) -> str:
    if os.geteuid() == 0:
        internal, login = "dovecot", "dovenull"
        mail = pwd.getpwnam("nobody")
    else:
        internal = login = getpass.getuser()
        mail = pwd.getpwuid(os.getuid())
    return f"""
base_dir = {root}/run
state_dir = {root}/state
instance_name = reinstate-test-{port}
protocols = imap
listen = 127.0.0.1
log_path = {root}/dovecot.log
ssl = yes
ssl_cert = <{cert}
ssl_key = <{key}
disable_plaintext_auth = no
auth_mechanisms = plain login{" xoauth2 oauthbearer" if introspection_url else ""}
mail_location = maildir:{root}/mail/%u
default_internal_user = {internal}
default_login_user = {login}
first_valid_uid = 1
mail_max_userip_connections = 100
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {tls_port}
    ssl = yes
  }}
}}
service stats {{
  unix_listener stats-reader {{
    mode = 0666
  }}
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
passdb {{
  driver = passwd-file
  mechanisms = plain login
  args = scheme=PLAIN username_format=%u {root}/users
}}
{_oauth_passdb(root, introspection_url)}userdb {{
  driver = static
  args = uid={mail.pw_uid} gid={mail.pw_gid} home={root}/mail/%u allow_all_users=yes
}}
"""


def _oauth_passdb(root: Path, introspection_url: str) -> str:
    """XOAUTH2 sign-in checked by the (test) OAuth provider's introspection endpoint."""
    if not introspection_url:
        return ""
    settings = root / "oauth2.conf.ext"
    settings.write_text(
        f"introspection_mode = post\nintrospection_url = {introspection_url}\n"
        "username_attribute = username\nactive_attribute = active\nactive_value = true\n"
        "force_introspection = yes\n"
    )
    settings.chmod(0o644)
    return (
        "passdb {\n  driver = oauth2\n  mechanisms = xoauth2 oauthbearer\n"
        f"  args = {settings}\n}}\n"
    )


def _wait_until_ready(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"dovecot stopped: {log.read_text() if log.exists() else ''}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
                if sock.recv(100).startswith(b"* OK"):
                    return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("dovecot did not start within 20 seconds")


@contextmanager
def running_dovecot(introspection_url: str = "") -> Iterator[Dovecot]:
    """dovecot on two free loopback ports; stopped and its folder removed on exit. With
    ``introspection_url``, XOAUTH2 sign-in is accepted for tokens that endpoint vouches for."""
    root = Path(tempfile.mkdtemp(prefix="reinstate-dovecot-"))
    root.chmod(0o755)  # the mail processes (nobody) walk through it
    port, tls_port = free_port(), free_port()
    cert, key = _self_signed(root)
    config = root / "dovecot.conf"
    for sub in ("run", "state", "mail"):
        (root / sub).mkdir()
    config.write_text(_config(root, port, tls_port, cert, key, introspection_url))
    (root / "users").write_text(
        "".join(f"seller{n}:{{PLAIN}}{PASSWORD}\n" for n in range(1, USERS + 1))
    )
    (root / "users").chmod(0o644)  # read by dovecot's auth process (the tests' umask is 077)
    mail = pwd.getpwnam("nobody") if os.geteuid() == 0 else pwd.getpwuid(os.getuid())
    process = subprocess.Popen([DOVECOT, "-F", "-c", str(config)])
    server = Dovecot(root, port, tls_port, config, cert, process, mail.pw_uid, mail.pw_gid)
    try:
        server._own(root / "mail")
        _wait_until_ready(port, process, root / "dovecot.log")
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        shutil.rmtree(root, ignore_errors=True)
