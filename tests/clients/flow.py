#!/usr/bin/python3
"""flow.py MODULE PORT - redis-py's basic flows against a server on 127.0.0.1:PORT.

Run by tests/clients/run.sh with Debian's python3 and python3-redis (4.3,
which speaks RESP2 only).  Every check prints one TAP line, "ok N - name" or
"not ok N - name: what was expected, what came back", and the plan "1..N"
comes last, so a flow that dies half-way is noticed.  Keys and values are
random, so no hard-coded answer can pass.  What a check expects is what the
real redis-server answers: a check is never loosened to fit a server.

A check the server under test cannot do yet is reported as skipped, "ok N -
name # SKIP why": run.sh sets RUNG_CLIENTS_NO_MULTI=1 when the server does
not know MULTI (COMMAND INFO multi is empty), and the transaction check is
then skipped, neither passed nor failed.

redis-py strips the "ERR " prefix from an error reply and keeps any other
prefix (WRONGTYPE ...); the error checks compare the text it surfaces.
"""
import importlib
import os
import socket
import sys
import time

if len(sys.argv) != 3:
    sys.exit("usage: flow.py MODULE PORT")
redis = importlib.import_module(sys.argv[1])
PORT = int(sys.argv[2])
P = "rung-clients:py:%s" % os.urandom(6).hex()  # every key starts with this
TIMEOUT = 5  # seconds, for every connect and every reply
# Why the transaction check is skipped, or None when it runs.
NO_MULTI = "server has no MULTI" if os.environ.get("RUNG_CLIENTS_NO_MULTI") == "1" else None

N = 0
FAILED = 0


class Mismatch(Exception):
    pass


def eq(what, expected, got):
    if expected != got:
        raise Mismatch("%s: expected %r, got %r" % (what, expected, got))


def true(what, cond, got):
    if not cond:
        raise Mismatch("%s: got %r" % (what, got))


def rand(tag="v"):
    return "%s-%s" % (tag, os.urandom(5).hex())


def error_of(fn):
    """The exception that calling fn raises, or a Mismatch if it returns."""
    try:
        got = fn()
    except redis.ResponseError as e:
        return e
    raise Mismatch("expected an error reply, got %r" % (got,))


def check(name, skip=None):
    """Decorator: run the function now as one numbered check; with a
    reason in skip, report the check as skipped instead of running it."""
    def run(fn):
        global N, FAILED
        N += 1
        if skip:
            print("ok %d - %s # SKIP %s" % (N, name, skip), flush=True)
            return fn
        try:
            fn()
            print("ok %d - %s" % (N, name), flush=True)
        except Exception as e:  # any failure, including a client exception
            FAILED += 1
            detail = str(e) if isinstance(e, Mismatch) else "%s: %s" % (type(e).__name__, e)
            print("not ok %d - %s: %s" % (N, name, detail), flush=True)
        return fn
    return run


def client(**kw):
    return redis.Redis(host="127.0.0.1", port=PORT, socket_timeout=TIMEOUT,
                       socket_connect_timeout=TIMEOUT, **kw)


r = client(decode_responses=True)
rb = client()  # bytes in, bytes out


@check("connect and ping")
def _():
    eq("PING", True, r.ping())


@check("set/get")
def _():
    k, v = P + ":s", rand()
    eq("SET", True, r.set(k, v))
    eq("GET", v, r.get(k))
    eq("GET missing", None, r.get(P + ":missing"))


@check("set EX")
def _():
    k = P + ":ex"
    eq("SET EX 100", True, r.set(k, rand(), ex=100))
    t = r.ttl(k)
    true("TTL after SET EX 100 in 1..100", 0 < t <= 100, t)


@check("set PX, and the key expires")
def _():
    k = P + ":px"
    eq("SET PX 100000", True, r.set(k, rand(), px=100000))
    t = r.pttl(k)
    true("PTTL after SET PX 100000 in 1..100000", 0 < t <= 100000, t)
    eq("SET PX 30", True, r.set(k, rand(), px=30))
    for _ in range(100):  # bounded: 100 x 20 ms
        if r.get(k) is None:
            break
        time.sleep(0.02)
    eq("GET 2 s after SET PX 30", None, r.get(k))


@check("set NX/XX")
def _():
    k, v1, v2 = P + ":nx", rand(), rand()
    eq("SET XX on a missing key", None, r.set(k, v1, xx=True))
    eq("EXISTS after SET XX on a missing key", 0, r.exists(k))
    eq("SET NX on a missing key", True, r.set(k, v1, nx=True))
    eq("SET NX on an existing key", None, r.set(k, v2, nx=True))
    eq("GET after the refused SET NX", v1, r.get(k))
    eq("SET XX on an existing key", True, r.set(k, v2, xx=True))
    eq("GET after SET XX", v2, r.get(k))


@check("set GET and KEEPTTL")
def _():
    k, v1, v2, v3 = P + ":get", rand(), rand(), rand()
    eq("SET GET on a missing key", None, r.set(k, v1, get=True))
    eq("SET GET returns the old value", v1, r.set(k, v2, get=True))
    eq("GET after SET GET", v2, r.get(k))
    eq("SET EX 100", True, r.set(k, v1, ex=100))
    eq("SET KEEPTTL", True, r.set(k, v3, keepttl=True))
    t = r.ttl(k)
    true("TTL after SET KEEPTTL still in 1..100", 0 < t <= 100, t)
    eq("GET after SET KEEPTTL", v3, r.get(k))
    eq("plain SET", True, r.set(k, v1))
    eq("TTL after a plain SET drops the expiry", -1, r.ttl(k))


@check("incr/incrby/incrbyfloat")
def _():
    k = P + ":n"
    eq("INCR on a missing key", 1, r.incr(k))
    eq("INCRBY 10", 11, r.incrby(k, 10))
    eq("INCRBY -20", -9, r.incrby(k, -20))
    eq("INCRBYFLOAT 1.5", -7.5, r.incrbyfloat(k, 1.5))
    eq("GET after INCRBYFLOAT", "-7.5", r.get(k))
    eq("INCRBYFLOAT 5.0e3", 4992.5, r.incrbyfloat(k, "5.0e3"))
    eq("GET after INCRBYFLOAT 5.0e3", "4992.5", r.get(k))
    f = P + ":f"
    r.set(f, "10.50")
    eq("INCRBYFLOAT 0.1 on 10.50", 10.6, r.incrbyfloat(f, 0.1))
    eq("GET after it", "10.6", r.get(f))
    r.set(k, rand())
    eq("INCR on a non-integer", "value is not an integer or out of range",
       str(error_of(lambda: r.incr(k))))
    eq("INCRBYFLOAT on a non-number", "value is not a valid float",
       str(error_of(lambda: r.incrbyfloat(k, 1))))


@check("mset/mget")
def _():
    a, b, c = (P + ":m:" + x for x in "abc")
    va, vc = rand(), rand()
    eq("MSET", True, r.mset({a: va, c: vc}))
    eq("MGET with a missing key", [va, None, vc], r.mget(a, b, c))


@check("hashes")
def _():
    h = P + ":h"
    f1, f2, v1, v2, v3 = rand("f"), rand("f"), rand(), rand(), rand()
    eq("HSET two fields", 2, r.hset(h, mapping={f1: v1, f2: v2}))
    eq("HSET an existing field", 0, r.hset(h, f1, v3))
    eq("HGET", v3, r.hget(h, f1))
    eq("HGET a missing field", None, r.hget(h, "nosuch"))
    eq("HGETALL", {f1: v3, f2: v2}, r.hgetall(h))
    eq("HDEL a field and a missing one", 1, r.hdel(h, f1, "nosuch"))
    eq("HGETALL after HDEL", {f2: v2}, r.hgetall(h))
    eq("HINCRBY a new field", 5, r.hincrby(h, "n", 5))
    eq("HINCRBY -7", -2, r.hincrby(h, "n", -7))
    eq("HINCRBY on a non-integer field", "hash value is not an integer",
       str(error_of(lambda: r.hincrby(h, f2, 1))))
    eq("HGETALL of a missing key", {}, r.hgetall(P + ":nohash"))


@check("expire/ttl/pttl/persist")
def _():
    k = P + ":e"
    r.set(k, rand())
    eq("TTL without expiry", -1, r.ttl(k))
    eq("EXPIRE 100", True, r.expire(k, 100))
    t = r.ttl(k)
    true("TTL after EXPIRE 100 in 1..100", 0 < t <= 100, t)
    t = r.pttl(k)
    true("PTTL after EXPIRE 100 in 1..100000", 0 < t <= 100000, t)
    eq("PERSIST", True, r.persist(k))
    eq("TTL after PERSIST", -1, r.ttl(k))
    eq("PERSIST again", False, r.persist(k))
    eq("TTL of a missing key", -2, r.ttl(P + ":nokey"))
    eq("PTTL of a missing key", -2, r.pttl(P + ":nokey"))
    eq("EXPIRE a missing key", False, r.expire(P + ":nokey", 100))


@check("pipeline")
def _():
    k, n, h, v = P + ":p", P + ":pn", P + ":ph", rand()
    p = r.pipeline(transaction=False)
    p.set(k, v).get(k).incr(n).incrby(n, 9).hset(h, "f", v).hgetall(h).get(P + ":nokey")
    eq("pipeline replies", [True, v, 1, 10, 1, {"f": v}, None], p.execute())
    p = r.pipeline(transaction=False)
    p.set(k, "abc").incr(k).get(k)
    got = p.execute(raise_on_error=False)
    eq("pipeline with an error: SET", True, got[0])
    true("pipeline with an error: INCR gives an error",
         isinstance(got[1], redis.ResponseError), got[1])
    eq("pipeline with an error: its text", "value is not an integer or out of range", str(got[1]))
    eq("pipeline with an error: GET after it", "abc", got[2])


@check("pipeline of 1000 commands")
def _():
    p = r.pipeline(transaction=False)
    vals = [rand() for _ in range(500)]
    for i, v in enumerate(vals):
        p.set("%s:pp:%d" % (P, i), v)
    for i in range(500):
        p.get("%s:pp:%d" % (P, i))
    eq("1000 pipelined replies", [True] * 500 + vals, p.execute())


@check("transaction (MULTI/EXEC)", skip=NO_MULTI)
def _():
    k, n, v = P + ":t", P + ":tn", rand()
    p = r.pipeline()  # transaction=True: MULTI ... EXEC
    p.set(k, v).get(k).incr(n).incr(n)
    eq("MULTI/EXEC replies", [True, v, 1, 2], p.execute())


@check("scan_iter with MATCH/COUNT")
def _():
    want = set("%s:scan:%d" % (P, i) for i in range(40))
    r.mset({k: "1" for k in want})
    r.mset({"%s:other:%d" % (P, i): "1" for i in range(10)})
    got = []
    for key in r.scan_iter(match=P + ":scan:*", count=7):
        got.append(key)
        if len(got) > 1000:  # bounded even if the cursor never ends
            break
    eq("keys found by SCAN MATCH", sorted(want), sorted(set(got)))
    eq("SCAN MATCH of nothing", [], list(r.scan_iter(match=P + ":none:*", count=5)))


@check("client name")
def _():
    name = rand("name")
    c = client(decode_responses=True, client_name=name)
    eq("CLIENT GETNAME of a client_name= connection", name, c.client_getname())
    new = rand("name")
    eq("CLIENT SETNAME", True, c.client_setname(new))
    eq("CLIENT GETNAME after SETNAME", new, c.client_getname())
    c.close()
    eq("CLIENT GETNAME without a name", None, r.client_getname())
    eq("CLIENT SETNAME with a space",
       "Client names cannot contain spaces, newlines or special characters.",
       str(error_of(lambda: r.client_setname("a b"))))


@check("select: a client with db=3")
def _():
    k, v = P + ":db", rand()
    r3 = client(decode_responses=True, db=3)
    eq("SET in db 3", True, r3.set(k, v))
    eq("GET in db 3", v, r3.get(k))
    eq("GET of it in db 0", None, r.get(k))
    eq("DEL in db 3", 1, r3.delete(k))
    r3.close()


@check("info")
def _():
    r3 = client(db=3)  # one more connected client
    r3.ping()
    i = r.info()
    true("redis_version is x.y.z", isinstance(i.get("redis_version"), str) and
         len(i["redis_version"].split(".")) == 3 and
         all(x.isdigit() for x in i["redis_version"].split(".")), i.get("redis_version"))
    eq("role", "master", i.get("role"))
    c = i.get("connected_clients")
    true("connected_clients is an integer >= 2", isinstance(c, int) and c >= 2, c)
    m = i.get("used_memory")
    true("used_memory is an integer > 0", isinstance(m, int) and m > 0, m)
    s = r.info("server")
    eq("INFO server has redis_version", i["redis_version"], s.get("redis_version"))
    true("INFO server has no connected_clients", "connected_clients" not in s, sorted(s))
    r3.close()


@check("binary values")
def _():
    k = (P + ":bin:\x00\r\n").encode() + bytes([255])
    v = bytes(range(256))
    eq("SET every byte 0-255 (binary key)", True, rb.set(k, v))
    eq("GET every byte 0-255", v, rb.get(k))
    eq("STRLEN", 256, rb.strlen(k))
    big = os.urandom(1 << 20)
    kb = P + ":big"
    eq("SET 1 MB", True, rb.set(kb, big))
    got = rb.get(kb)
    true("GET 1 MB returns the same bytes", got == big,
         "%s bytes" % (len(got) if got is not None else None))
    eq("STRLEN 1 MB", 1 << 20, rb.strlen(kb))


@check("error replies")
def _():
    h = P + ":eh"
    r.hset(h, "f", "v")
    e = error_of(lambda: r.get(h))
    eq("GET on a hash", "WRONGTYPE Operation against a key holding the wrong kind of value", str(e))
    e = error_of(lambda: r.execute_command("FOOBAR", "a", "b"))
    eq("unknown command", "unknown command 'FOOBAR', with args beginning with: 'a' 'b' ", str(e))
    e = error_of(lambda: r.execute_command("GET"))
    eq("GET with no key", "wrong number of arguments for 'get' command", str(e))
    e = error_of(lambda: r.execute_command("SET", P + ":x", "v", "EX", "0"))
    eq("SET EX 0", "invalid expire time in 'set' command", str(e))
    e = error_of(lambda: r.execute_command("SET", P + ":x", "v", "NX", "XX"))
    eq("SET NX XX", "syntax error", str(e))
    eq("the connection still works after errors", True, r.ping())


@check("del/exists/type/rename")
def _():
    a, b, h, c = P + ":da", P + ":db2", P + ":dh", P + ":dc"
    va = rand()
    r.mset({a: va, b: rand()})
    r.hset(h, "f", "v")
    eq("EXISTS counts", 3, r.exists(a, b, h, P + ":nokey"))
    eq("EXISTS a key twice", 2, r.exists(a, a))
    eq("TYPE string", "string", r.type(a))
    eq("TYPE hash", "hash", r.type(h))
    eq("TYPE none", "none", r.type(P + ":nokey"))
    eq("RENAME", True, r.rename(a, c))
    eq("GET of the new name", va, r.get(c))
    eq("EXISTS of the old name", 0, r.exists(a))
    eq("RENAME a missing key", "no such key", str(error_of(lambda: r.rename(P + ":nokey", c))))
    eq("DEL two keys and a missing one", 2, r.delete(b, c, P + ":nokey"))
    eq("EXISTS after DEL", 0, r.exists(b, c))


@check("quit")
def _():
    c = client(single_connection_client=True)
    eq("PING before QUIT", True, c.ping())
    eq("QUIT", True, c.quit())
    sock = c.connection._sock
    sock.settimeout(TIMEOUT)
    try:
        eof = sock.recv(1)
    except socket.timeout:
        eof = "nothing for %d s" % TIMEOUT
    eq("the server closes the connection after QUIT", b"", eof)
    c.connection.disconnect()


r.close()
rb.close()
print("1..%d" % N)
sys.exit(1 if FAILED else 0)
