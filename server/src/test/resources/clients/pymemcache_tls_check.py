"""Drives a TLS port with pymemcache's tls_context, and checks what the wrong kind of client gets.

Usage: pymemcache_tls_check.py TLS_PORT PLAIN_PORT CERT_FOLDER
The server on TLS_PORT speaks TLS with CERT_FOLDER/server.pem and verifies client certificates it is shown
against CERT_FOLDER/ca.pem; the one on PLAIN_PORT speaks plain text. Prints one line per check and exits 0 when
all hold, 1 otherwise.
"""
import os
import ssl
import sys

from pymemcache.client.base import Client
from pymemcache.exceptions import MemcacheUnexpectedCloseError

HOST = "127.0.0.1"


def tls_context(folder, client_cert=None):
    context = ssl.create_default_context(cafile=os.path.join(folder, "ca.pem"))
    if client_cert:
        context.load_cert_chain(os.path.join(folder, client_cert + ".pem"), os.path.join(folder, client_cert + ".key"))
    return context


def refused(client):
    """True when a request fails because the connection is refused, reset or closed."""
    try:
        client.set("py:refused", "x")
        client.get("py:refused")
        return False
    except (OSError, MemcacheUnexpectedCloseError) as e:  # TLS errors and resets are OSErrors
        print("  (%s: %s)" % (type(e).__name__, e))
        return True
    finally:
        client.close()


def main():
    tls_port, plain_port, folder = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    checks = []

    def check(label, ok):
        checks.append(ok)
        print(("ok " if ok else "FAILED ") + label)

    good = Client((HOST, tls_port), tls_context=tls_context(folder), connect_timeout=5, timeout=5)
    check("set over TLS", good.set("py:k", "value", noreply=False) is True)
    check("get over TLS", good.get("py:k") == b"value")
    value, cas = good.gets("py:k")
    check("cas over TLS", good.cas("py:k", "new", cas, noreply=False) is True)
    check("incr over TLS", good.set("py:n", "1", noreply=False) and good.incr("py:n", 41) == 42)

    with_cert = Client((HOST, tls_port), tls_context=tls_context(folder, "client"), connect_timeout=5, timeout=5)
    check("a valid client certificate is accepted", with_cert.get("py:k") == b"new")
    with_cert.close()

    expired = Client((HOST, tls_port), tls_context=tls_context(folder, "expired"), connect_timeout=5, timeout=5)
    check("an expired client certificate is refused", refused(expired))
    check("TLS connection undisturbed after an expired certificate", good.get("py:k") == b"new")

    plain_on_tls = Client((HOST, tls_port), connect_timeout=5, timeout=5)
    check("a plaintext client on the TLS port is refused", refused(plain_on_tls))
    check("TLS connection undisturbed after a plaintext client", good.get("py:k") == b"new")

    plain = Client((HOST, plain_port), connect_timeout=5, timeout=5)
    check("plaintext client on the plaintext port", plain.set("py:p", "v", noreply=False) is True)
    tls_on_plain = Client((HOST, plain_port), tls_context=tls_context(folder), connect_timeout=5, timeout=5)
    check("a TLS client on the plaintext port fails", refused(tls_on_plain))
    check("plaintext connection undisturbed after a TLS client", plain.get("py:p") == b"v")
    check("TLS connection still good at the end", good.get("py:n") == b"42")
    sys.exit(0 if all(checks) else 1)


if __name__ == "__main__":
    main()
