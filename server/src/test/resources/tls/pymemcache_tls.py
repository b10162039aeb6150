"""Stores and reads values through pymemcache over TLS (its tls_context); prints one line per check.

Usage: pymemcache_tls.py HOST PORT CA_FILE [CLIENT_CERT CLIENT_KEY]
"""
import ssl
import sys

from pymemcache.client.base import Client

host, port, ca = sys.argv[1], int(sys.argv[2]), sys.argv[3]
context = ssl.create_default_context(cafile=ca)
if len(sys.argv) > 5:
    context.load_cert_chain(sys.argv[4], sys.argv[5])
client = Client((host, port), tls_context=context, connect_timeout=10, timeout=10)
client.set("greeting", b"hello over tls")
print("get", client.get("greeting").decode())
client.set("counter", b"41")
print("incr", client.incr("counter", 1))
many = {"k%d" % i: ("v%d" % i).encode() * 100 for i in range(50)}
client.set_many(many)
got = client.get_many(list(many))
print("get_many", sum(1 for k, v in many.items() if got.get(k) == v))
print("version", client.version().decode().split(".")[0])
client.close()
