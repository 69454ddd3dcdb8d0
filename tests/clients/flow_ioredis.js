// flow_ioredis.js MODULE PORT [PROTO] - ioredis's basic flows against a
// server on 127.0.0.1:PORT.
//
// MODULE is the npm alias to load (ioredis5, ioredis6: tests/clients/
// package.json pins them; run.sh puts build/clients/node_modules on
// NODE_PATH).  PROTO 2 or 3 is passed as ioredis's `protocol` option
// (ioredis 6 speaks RESP3 and defaults to it; ioredis 5 knows only RESP2,
// so it gets no option at all).  The checks, their TAP lines and the plan
// come from harness.js.  Keys and values are random.  What a check expects
// is what the real redis-server answers: a check is never loosened to fit
// a server.
'use strict';
const crypto = require('crypto');
const { NO_MULTI, rand, prefix, eq, isTrue, errorOf, check, done, crashed } = require('./harness');

const [MODULE, PORT_ARG, PROTO_ARG] = process.argv.slice(2);
if (!MODULE || !PORT_ARG) {
    console.error('usage: flow_ioredis.js MODULE PORT [2|3]');
    process.exit(2);
}
const Redis = require(MODULE);
const PORT = Number(PORT_ARG);
const PROTO = PROTO_ARG ? Number(PROTO_ARG) : undefined;
const P = prefix(MODULE);

// Options every client gets: no reconnects (a failure must surface, not be
// retried away), bounded connect and command times.
const base = {
    host: '127.0.0.1',
    port: PORT,
    lazyConnect: true,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
    connectTimeout: 5000,
    commandTimeout: 5000,
};
if (PROTO !== undefined) base.protocol = PROTO;

const opened = [];
async function connect(extra = {}) {
    const c = new Redis({ ...base, ...extra });
    // Errors surface through the promises; the last one says why a
    // connect failed (connect() itself only says the connection closed).
    c.on('error', (e) => { c.lastError = e; });
    opened.push(c);
    try {
        await c.connect();
    } catch (e) {
        throw new Error(c.lastError ? `${e.message} (${c.lastError.message})` : e.message);
    }
    return c;
}

// INFO's text as "field:value" lines, parsed into an object.
function parseInfo(text) {
    const out = {};
    for (const line of String(text).split('\r\n')) {
        const i = line.indexOf(':');
        if (line && line[0] !== '#' && i > 0) out[line.slice(0, i)] = line.slice(i + 1);
    }
    return out;
}

async function main() {
    let r;
    await check('connect (default options: ready check with INFO)', async () => {
        r = await connect();
        eq('status after connect', 'ready', r.status);
    });
    if (!r) {
        // Keep going without the ready check, so the other checks still
        // say what works; the connect check above has already failed.
        console.log('# the other checks connect with enableReadyCheck: false');
        base.enableReadyCheck = false;
        r = await connect().catch((e) => {
            console.log(`# cannot connect even so: ${e.message}`);
            return null;
        });
        if (!r) r = new Redis({ ...base, lazyConnect: true }); // every check fails
    }

    if (PROTO === 3) {
        await check('HELLO: the connection speaks RESP3', async () => {
            const h = await r.call('HELLO');
            const m = {};
            for (let i = 0; i + 1 < h.length; i += 2) m[h[i]] = h[i + 1];
            eq('HELLO proto', 3, m.proto);
            eq('HELLO server', 'redis', m.server);
            eq('HELLO role', 'master', m.role);
        });
    }

    await check('ping', async () => {
        eq('PING', 'PONG', await r.ping());
        const msg = rand('msg');
        eq('PING msg', msg, await r.ping(msg));
    });

    await check('set/get', async () => {
        const k = `${P}:s`, v = rand();
        eq('SET', 'OK', await r.set(k, v));
        eq('GET', v, await r.get(k));
        eq('GET missing', null, await r.get(`${P}:missing`));
    });

    await check('set EX', async () => {
        const k = `${P}:ex`;
        eq('SET EX 100', 'OK', await r.set(k, rand(), 'EX', 100));
        const t = await r.ttl(k);
        isTrue('TTL after SET EX 100 in 1..100', t > 0 && t <= 100, t);
    });

    await check('set PX, and the key expires', async () => {
        const k = `${P}:px`;
        eq('SET PX 100000', 'OK', await r.set(k, rand(), 'PX', 100000));
        const t = await r.pttl(k);
        isTrue('PTTL after SET PX 100000 in 1..100000', t > 0 && t <= 100000, t);
        eq('SET PX 30', 'OK', await r.set(k, rand(), 'PX', 30));
        for (let i = 0; i < 100 && (await r.get(k)) !== null; i++) {
            await new Promise((res) => setTimeout(res, 20));
        }
        eq('GET 2 s after SET PX 30', null, await r.get(k));
    });

    await check('set NX/XX', async () => {
        const k = `${P}:nx`, v1 = rand(), v2 = rand();
        eq('SET XX on a missing key', null, await r.set(k, v1, 'XX'));
        eq('EXISTS after SET XX on a missing key', 0, await r.exists(k));
        eq('SET NX on a missing key', 'OK', await r.set(k, v1, 'NX'));
        eq('SET NX on an existing key', null, await r.set(k, v2, 'NX'));
        eq('GET after the refused SET NX', v1, await r.get(k));
        eq('SET XX on an existing key', 'OK', await r.set(k, v2, 'XX'));
        eq('GET after SET XX', v2, await r.get(k));
    });

    await check('set GET and KEEPTTL', async () => {
        const k = `${P}:get`, v1 = rand(), v2 = rand(), v3 = rand();
        eq('SET GET on a missing key', null, await r.set(k, v1, 'GET'));
        eq('SET GET returns the old value', v1, await r.set(k, v2, 'GET'));
        eq('GET after SET GET', v2, await r.get(k));
        eq('SET EX 100', 'OK', await r.set(k, v1, 'EX', 100));
        eq('SET KEEPTTL', 'OK', await r.set(k, v3, 'KEEPTTL'));
        const t = await r.ttl(k);
        isTrue('TTL after SET KEEPTTL still in 1..100', t > 0 && t <= 100, t);
        eq('GET after SET KEEPTTL', v3, await r.get(k));
        eq('plain SET', 'OK', await r.set(k, v1));
        eq('TTL after a plain SET drops the expiry', -1, await r.ttl(k));
    });

    await check('incr/incrby/incrbyfloat', async () => {
        const k = `${P}:n`, f = `${P}:f`;
        eq('INCR on a missing key', 1, await r.incr(k));
        eq('INCRBY 10', 11, await r.incrby(k, 10));
        eq('INCRBY -20', -9, await r.incrby(k, -20));
        eq('INCRBYFLOAT 1.5', '-7.5', await r.incrbyfloat(k, 1.5));
        eq('INCRBYFLOAT 5.0e3', '4992.5', await r.incrbyfloat(k, '5.0e3'));
        eq('GET after INCRBYFLOAT', '4992.5', await r.get(k));
        await r.set(f, '10.50');
        eq('INCRBYFLOAT 0.1 on 10.50', '10.6', await r.incrbyfloat(f, 0.1));
        await r.set(k, rand());
        eq('INCR on a non-integer', 'ERR value is not an integer or out of range',
            (await errorOf(r.incr(k))).message);
        eq('INCRBYFLOAT on a non-number', 'ERR value is not a valid float',
            (await errorOf(r.incrbyfloat(k, 1))).message);
    });

    await check('mset/mget', async () => {
        const [a, b, c] = ['a', 'b', 'c'].map((x) => `${P}:m:${x}`);
        const va = rand(), vc = rand();
        eq('MSET', 'OK', await r.mset({ [a]: va, [c]: vc }));
        eq('MGET with a missing key', [va, null, vc], await r.mget(a, b, c));
    });

    await check('hashes', async () => {
        const h = `${P}:h`, f1 = rand('f'), f2 = rand('f'), v1 = rand(), v2 = rand(), v3 = rand();
        eq('HSET two fields', 2, await r.hset(h, { [f1]: v1, [f2]: v2 }));
        eq('HSET an existing field', 0, await r.hset(h, f1, v3));
        eq('HGET', v3, await r.hget(h, f1));
        eq('HGET a missing field', null, await r.hget(h, 'nosuch'));
        eq('HGETALL', { [f1]: v3, [f2]: v2 }, { ...(await r.hgetall(h)) });
        eq('HDEL a field and a missing one', 1, await r.hdel(h, f1, 'nosuch'));
        eq('HGETALL after HDEL', { [f2]: v2 }, { ...(await r.hgetall(h)) });
        eq('HINCRBY a new field', 5, await r.hincrby(h, 'n', 5));
        eq('HINCRBY -7', -2, await r.hincrby(h, 'n', -7));
        eq('HINCRBY on a non-integer field', 'ERR hash value is not an integer',
            (await errorOf(r.hincrby(h, f2, 1))).message);
        eq('HGETALL of a missing key', {}, { ...(await r.hgetall(`${P}:nohash`)) });
    });

    await check('expire/ttl/pttl/persist', async () => {
        const k = `${P}:e`, nokey = `${P}:nokey`;
        await r.set(k, rand());
        eq('TTL without expiry', -1, await r.ttl(k));
        eq('EXPIRE 100', 1, await r.expire(k, 100));
        let t = await r.ttl(k);
        isTrue('TTL after EXPIRE 100 in 1..100', t > 0 && t <= 100, t);
        t = await r.pttl(k);
        isTrue('PTTL after EXPIRE 100 in 1..100000', t > 0 && t <= 100000, t);
        eq('PERSIST', 1, await r.persist(k));
        eq('TTL after PERSIST', -1, await r.ttl(k));
        eq('PERSIST again', 0, await r.persist(k));
        eq('TTL of a missing key', -2, await r.ttl(nokey));
        eq('PTTL of a missing key', -2, await r.pttl(nokey));
        eq('EXPIRE a missing key', 0, await r.expire(nokey, 100));
    });

    await check('pipeline', async () => {
        const k = `${P}:p`, n = `${P}:pn`, h = `${P}:ph`, v = rand();
        const got = await r.pipeline().set(k, v).get(k).incr(n).incrby(n, 9)
            .hset(h, 'f', v).hgetall(h).get(`${P}:nokey`).exec();
        eq('pipeline replies',
            [[null, 'OK'], [null, v], [null, 1], [null, 10], [null, 1], [null, { f: v }], [null, null]],
            got.map(([e, x]) => [e, x && typeof x === 'object' ? { ...x } : x]));
        const withErr = await r.pipeline().set(k, 'abc').incr(k).get(k).exec();
        eq('pipeline with an error: SET', [null, 'OK'], withErr[0]);
        isTrue('pipeline with an error: INCR gives an error', withErr[1][0] instanceof Error, withErr[1]);
        eq('pipeline with an error: its text', 'ERR value is not an integer or out of range',
            withErr[1][0].message);
        eq('pipeline with an error: GET after it', [null, 'abc'], withErr[2]);
    });

    await check('pipeline of 1000 commands', async () => {
        const p = r.pipeline();
        const vals = Array.from({ length: 500 }, () => rand());
        vals.forEach((v, i) => p.set(`${P}:pp:${i}`, v));
        vals.forEach((v, i) => p.get(`${P}:pp:${i}`));
        const got = await p.exec();
        eq('1000 pipelined replies',
            [...vals.map(() => [null, 'OK']), ...vals.map((v) => [null, v])], got);
    });

    await check('transaction (MULTI/EXEC)', async () => {
        const k = `${P}:t`, n = `${P}:tn`, v = rand();
        const got = await r.multi().set(k, v).get(k).incr(n).incr(n).exec();
        eq('MULTI/EXEC replies', [[null, 'OK'], [null, v], [null, 1], [null, 2]], got);
    }, NO_MULTI);

    await check('scanStream with MATCH/COUNT', async () => {
        const want = Array.from({ length: 40 }, (_, i) => `${P}:scan:${i}`);
        await r.mset(Object.fromEntries(want.map((k) => [k, '1'])));
        await r.mset(Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`${P}:other:${i}`, '1'])));
        const scan = (match) => new Promise((resolve, reject) => {
            const got = [];
            const s = r.scanStream({ match, count: 7 });
            s.on('data', (keys) => {
                got.push(...keys);
                if (got.length > 1000) s.destroy(new Error('SCAN never ends'));
            });
            s.on('end', () => resolve(got));
            s.on('error', reject);
        });
        eq('keys found by SCAN MATCH', [...want].sort(), [...new Set(await scan(`${P}:scan:*`))].sort());
        eq('SCAN MATCH of nothing', [], await scan(`${P}:none:*`));
        // The cursor by hand, as with SCAN in a loop.
        const byHand = new Set();
        let cursor = '0', calls = 0;
        do {
            const reply = await r.scan(cursor, 'MATCH', `${P}:scan:*`, 'COUNT', 100);
            isTrue('a SCAN reply is [cursor, keys]', Array.isArray(reply) && reply.length === 2 &&
                typeof reply[0] === 'string' && Array.isArray(reply[1]), reply);
            [cursor] = reply;
            reply[1].forEach((k) => byHand.add(k));
        } while (cursor !== '0' && ++calls < 10000);
        eq('SCAN cursor loop by hand ends with cursor 0', '0', cursor);
        eq('keys found by the SCAN loop', [...want].sort(), [...byHand].sort());
    });

    await check('client name', async () => {
        const name = rand('name');
        const c = await connect({ connectionName: name });
        eq('CLIENT GETNAME of a connectionName connection', name, await c.client('GETNAME'));
        const other = rand('name');
        eq('CLIENT SETNAME', 'OK', await c.client('SETNAME', other));
        eq('CLIENT GETNAME after SETNAME', other, await c.client('GETNAME'));
        c.disconnect();
        eq('CLIENT GETNAME without a name', null, await r.client('GETNAME'));
        eq('CLIENT SETNAME with a space',
            'ERR Client names cannot contain spaces, newlines or special characters.',
            (await errorOf(r.client('SETNAME', 'a b'))).message);
    });

    await check('select: a client with db 3', async () => {
        const k = `${P}:db`, v = rand();
        const r3 = await connect({ db: 3 });
        eq('SET in db 3', 'OK', await r3.set(k, v));
        eq('GET in db 3', v, await r3.get(k));
        eq('GET of it in db 0', null, await r.get(k));
        eq('DEL in db 3', 1, await r3.del(k));
        r3.disconnect();
    });

    await check('info', async () => {
        const r3 = await connect({ db: 3 }); // one more connected client
        const i = parseInfo(await r.info());
        isTrue('redis_version is x.y.z', /^\d+\.\d+\.\d+$/.test(i.redis_version || ''), i.redis_version);
        eq('role', 'master', i.role);
        isTrue('connected_clients is an integer >= 2',
            /^\d+$/.test(i.connected_clients || '') && Number(i.connected_clients) >= 2, i.connected_clients);
        isTrue('used_memory is an integer > 0',
            /^\d+$/.test(i.used_memory || '') && Number(i.used_memory) > 0, i.used_memory);
        const s = parseInfo(await r.info('server'));
        eq('INFO server has redis_version', i.redis_version, s.redis_version);
        isTrue('INFO server has no connected_clients', !('connected_clients' in s), Object.keys(s));
        r3.disconnect();
    });

    await check('binary values', async () => {
        const k = Buffer.concat([Buffer.from(`${P}:bin:\0\r\n`), Buffer.from([255])]);
        const v = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
        eq('SET every byte 0-255 (binary key)', 'OK', await r.set(k, v));
        eq('GET every byte 0-255', true, v.equals(await r.getBuffer(k)));
        eq('STRLEN', 256, await r.strlen(k));
        const big = crypto.randomBytes(1 << 20), kb = `${P}:big`;
        eq('SET 1 MB', 'OK', await r.set(kb, big));
        const got = await r.getBuffer(kb);
        isTrue('GET 1 MB returns the same bytes', Buffer.isBuffer(got) && big.equals(got), got);
        eq('STRLEN 1 MB', 1 << 20, await r.strlen(kb));
    });

    await check('error replies', async () => {
        const h = `${P}:eh`;
        await r.hset(h, 'f', 'v');
        eq('GET on a hash', 'WRONGTYPE Operation against a key holding the wrong kind of value',
            (await errorOf(r.get(h))).message);
        eq('unknown command', "ERR unknown command 'FOOBAR', with args beginning with: 'a' 'b' ",
            (await errorOf(r.call('FOOBAR', 'a', 'b'))).message);
        eq('GET with no key', "ERR wrong number of arguments for 'get' command",
            (await errorOf(r.call('GET'))).message);
        eq('SET EX 0', "ERR invalid expire time in 'set' command",
            (await errorOf(r.set(`${P}:x`, 'v', 'EX', 0))).message);
        eq('SET NX XX', 'ERR syntax error',
            (await errorOf(r.call('SET', `${P}:x`, 'v', 'NX', 'XX'))).message);
        eq('the connection still works after errors', 'PONG', await r.ping());
    });

    await check('del/exists/type/rename', async () => {
        const a = `${P}:da`, b = `${P}:db2`, h = `${P}:dh`, c = `${P}:dc`, nokey = `${P}:nokey`;
        const va = rand();
        await r.mset(a, va, b, rand());
        await r.hset(h, 'f', 'v');
        eq('EXISTS counts', 3, await r.exists(a, b, h, nokey));
        eq('EXISTS a key twice', 2, await r.exists(a, a));
        eq('TYPE string', 'string', await r.type(a));
        eq('TYPE hash', 'hash', await r.type(h));
        eq('TYPE none', 'none', await r.type(nokey));
        eq('RENAME', 'OK', await r.rename(a, c));
        eq('GET of the new name', va, await r.get(c));
        eq('EXISTS of the old name', 0, await r.exists(a));
        eq('RENAME a missing key', 'ERR no such key', (await errorOf(r.rename(nokey, c))).message);
        eq('DEL two keys and a missing one', 2, await r.del(b, c, nokey));
        eq('EXISTS after DEL', 0, await r.exists(b, c));
    });

    await check('quit', async () => {
        const c = await connect();
        eq('PING before QUIT', 'PONG', await c.ping());
        const ended = new Promise((res) => c.once('end', res));
        eq('QUIT', 'OK', await c.quit());
        await ended; // the server closed the connection
        eq('status after QUIT', 'end', c.status);
    });

    for (const c of opened) c.disconnect();
    done();
}

main().catch(crashed);
