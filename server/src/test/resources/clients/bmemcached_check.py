"""Drives a binary-protocol server with SASL through Debian's python3-binary-memcached.

Usage: bmemcached_check.py HOST:PORT USER PASSWORD WRONG_PASSWORD
Prints one line per check and exits 0 when all hold, 1 otherwise.
"""
import sys

import bmemcached
from bmemcached.exceptions import MemcachedException

AUTH_ERROR = 0x20


def main():
    address, user, password, wrong = sys.argv[1:5]
    good = bmemcached.Client((address,), user, password)
    checks = []

    def check(name, ok):
        checks.append(ok)
        print(("ok " if ok else "FAILED ") + name)

    check("set", good.set("py:k", "value") is True)
    check("get", good.get("py:k") == "value")
    check("add of an existing key", good.add("py:k", "other") is False)
    value, cas = good.gets("py:k")
    check("cas with the current token", good.cas("py:k", "new", cas) is True)
    check("cas with a stale token", good.cas("py:k", "stale", cas) is False)
    check("value after cas", good.get("py:k") == "new")
    check("incr", good.incr("py:n", 5) == 5 if good.set("py:n", 0) else False)
    check("get_multi", good.get_multi(["py:k", "py:n", "py:none"]) == {"py:k": "new", "py:n": 5})
    check("delete", good.delete("py:k") is True)
    check("get after delete", good.get("py:k") is None)

    bad = bmemcached.Client((address,), user, wrong)
    try:
        bad.set("py:bad", "x")
        check("wrong password refused", False)
    except MemcachedException as e:
        check("wrong password refused with auth error 0x20 (got %r)" % (e.code,), e.code == AUTH_ERROR)
    check("the good connection undisturbed", good.set("py:after", "v") is True and good.get("py:after") == "v")
    sys.exit(0 if all(checks) else 1)


if __name__ == "__main__":
    main()
