"""Writes a throw-away PKI for the TLS tests into a folder, all PEM:

ca.pem                      the certificate authority
server.pem, server.key      a server certificate for 127.0.0.1 and localhost, valid now
client.pem, client.key      a client certificate, valid now
expired.pem, expired.key    a client certificate that expired yesterday

Usage: make_test_certs.py FOLDER (Debian's python3-cryptography).
"""
import datetime
import ipaddress
import os
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

NOW = datetime.datetime.now(datetime.timezone.utc)
DAY = datetime.timedelta(days=1)


def name(common_name):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def write(folder, base, key, cert):
    with open(os.path.join(folder, base + ".key"), "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                  serialization.NoEncryption()))
    with open(os.path.join(folder, base + ".pem"), "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))


def issue(ca_key, ca_cert, common_name, not_before, not_after, server):
    key = ec.generate_private_key(ec.SECP256R1())
    builder = (x509.CertificateBuilder()
               .subject_name(name(common_name))
               .issuer_name(ca_cert.subject)
               .public_key(key.public_key())
               .serial_number(x509.random_serial_number())
               .not_valid_before(not_before)
               .not_valid_after(not_after)
               .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True))
    if server:
        builder = builder.add_extension(x509.SubjectAlternativeName(
            [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
    return key, builder.sign(ca_key, hashes.SHA256())


def main():
    folder = sys.argv[1]
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_cert = (x509.CertificateBuilder()
               .subject_name(name("memjcache test CA"))
               .issuer_name(name("memjcache test CA"))
               .public_key(ca_key.public_key())
               .serial_number(x509.random_serial_number())
               .not_valid_before(NOW - DAY)
               .not_valid_after(NOW + 30 * DAY)
               .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
               .sign(ca_key, hashes.SHA256()))
    with open(os.path.join(folder, "ca.pem"), "wb") as f:
        f.write(ca_cert.public_bytes(serialization.Encoding.PEM))
    write(folder, "server", *issue(ca_key, ca_cert, "localhost", NOW - DAY, NOW + 30 * DAY, True))
    write(folder, "client", *issue(ca_key, ca_cert, "client", NOW - DAY, NOW + 30 * DAY, False))
    write(folder, "expired", *issue(ca_key, ca_cert, "expired client", NOW - 30 * DAY, NOW - DAY, False))


if __name__ == "__main__":
    main()
