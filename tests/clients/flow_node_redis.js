// flow_node_redis.js MODULE PORT [PROTO] - node-redis's basic flows against
// a server on 127.0.0.1:PORT.
//
// MODULE is the npm alias to load (node-redis4, node-redis5: tests/clients/
// package.json pins them; run.sh puts build/clients/node_modules on
// NODE_PATH).  PROTO 3 connects with node-redis 5's RESP: 3 option (HELLO 3
// at connect); node-redis 4 speaks RESP2 only.  The two majors differ in
// API and reply types (EXPIRE is true in 4, 1 in 5; scanIterator yields
// keys in 4, arrays of keys in 5; SET's options were renamed), so a few
// checks ask V4 which to use.  The checks, their TAP lines and the plan
// come from harness.js.  Keys and values are random.  What a check expects
// is what the real redis-server answers: a check is never loosened to fit
// a server.
'use strict';
const crypto = require('crypto');
const { NO_MULTI, rand, prefix, eq, isTrue, errorOf, check, done, crashed } = require('./harness');

const [MODULE, PORT_ARG, PROTO_ARG] = process.argv.slice(2);
if (!MODULE || !PORT_ARG) {
    console.error('usage: flow_node_redis.js MODULE PORT [2|3]');
    process.exit(2);
}
const redis = require(MODULE);
const V4 = require(`${MODULE}/package.json`).version.startsWith('4.');
const PORT = Number(PORT_ARG);
const PROTO = PROTO_ARG ? Number(PROTO_ARG) : 2;
const P = prefix(MODULE);

// A map reply (a null-prototype object in node-redis) as a plain object.
function plain(x) {
    return x && typeof x === 'object' && !Array.isArray(x) ? { ...x } : x;
}

// SET's options in each major's own words.
const opt = V4 ? {
    EX: (s) => ({ EX: s }),
    PX: (ms) => ({ PX: ms }),
    NX: () => ({ NX: true }),
    XX: () => ({ XX: true }),
    KEEPTTL: () => ({ KEEPTTL: true }),
} : {
    EX: (s) => ({ expiration: { type: 'EX', value: s } }),
    PX: (ms) => ({ expiration: { type: 'PX', value: ms } }),
    NX: () => ({ condition: 'NX' }),
    XX: () => ({ condition: 'XX' }),
    KEEPTTL: () => ({ expiration: 'KEEPTTL' }),
};
// EXPIRE and PERSIST: a boolean in node-redis 4, the integer in 5.
const flag = (n) => (V4 ? n === 1 : n);

// Every client: no reconnects (a failure must surface, not be retried
// away), a bounded connect.
const opened = [];
async function connect(extra = {}) {
    const c = redis.createClient({
        socket: { host: '127.0.0.1', port: PORT, connectTimeout: 5000, reconnectStrategy: false },
        ...(PROTO === 3 ? { RESP: 3 } : {}),
        ...extra,
    });
    c.on('error', () => {}); // errors surface through the promises
    opened.push(c);
    await c.connect();
    return c;
}

// The GET of a key as a Buffer.
function getBuffer(c, key) {
    if (V4) return c.get(redis.commandOptions({ returnBuffers: true }), key);
    return c.withTypeMapping({ [redis.RESP_TYPES.BLOB_STRING]: Buffer }).get(key);
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
    await check(`connect${PROTO === 3 ? ' with RESP: 3 (HELLO 3)' : ''} (CLIENT SETINFO sent too, its errors ignored)`, async () => {
        r = await connect();
        eq('isReady after connect', true, r.isReady);
    });
    if (!r) {
        console.log('# cannot connect: every other check fails');
        r = redis.createClient({ socket: { host: '127.0.0.1', port: PORT, reconnectStrategy: false } });
        r.on('error', () => {});
    }

    if (PROTO === 3) {
        await check('HELLO: the connection speaks RESP3', async () => {
            const h = plain(await r.hello());
            eq('HELLO proto', 3, h.proto);
            eq('HELLO server', 'redis', h.server);
            eq('HELLO role', 'master', h.role);
            isTrue('HELLO version is x.y.z', /^\d+\.\d+\.\d+$/.test(h.version || ''), h.version);
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
        eq('SET EX 100', 'OK', await r.set(k, rand(), opt.EX(100)));
        const t = await r.ttl(k);
        isTrue('TTL after SET EX 100 in 1..100', t > 0 && t <= 100, t);
    });

    await check('set PX, and the key expires', async () => {
        const k = `${P}:px`;
        eq('SET PX 100000', 'OK', await r.set(k, rand(), opt.PX(100000)));
        const t = await r.pTTL(k);
        isTrue('PTTL after SET PX 100000 in 1..100000', t > 0 && t <= 100000, t);
        eq('SET PX 30', 'OK', await r.set(k, rand(), opt.PX(30)));
        for (let i = 0; i < 100 && (await r.get(k)) !== null; i++) {
            await new Promise((res) => setTimeout(res, 20));
        }
        eq('GET 2 s after SET PX 30', null, await r.get(k));
    });

    await check('set NX/XX', async () => {
        const k = `${P}:nx`, v1 = rand(), v2 = rand();
        eq('SET XX on a missing key', null, await r.set(k, v1, opt.XX()));
        eq('EXISTS after SET XX on a missing key', 0, await r.exists(k));
        eq('SET NX on a missing key', 'OK', await r.set(k, v1, opt.NX()));
        eq('SET NX on an existing key', null, await r.set(k, v2, opt.NX()));
        eq('GET after the refused SET NX', v1, await r.get(k));
        eq('SET XX on an existing key', 'OK', await r.set(k, v2, opt.XX()));
        eq('GET after SET XX', v2, await r.get(k));
    });

    await check('set GET and KEEPTTL', async () => {
        const k = `${P}:get`, v1 = rand(), v2 = rand(), v3 = rand();
        eq('SET GET on a missing key', null, await r.set(k, v1, { GET: true }));
        eq('SET GET returns the old value', v1, await r.set(k, v2, { GET: true }));
        eq('GET after SET GET', v2, await r.get(k));
        eq('SET EX 100', 'OK', await r.set(k, v1, opt.EX(100)));
        eq('SET KEEPTTL', 'OK', await r.set(k, v3, opt.KEEPTTL()));
        const t = await r.ttl(k);
        isTrue('TTL after SET KEEPTTL still in 1..100', t > 0 && t <= 100, t);
        eq('GET after SET KEEPTTL', v3, await r.get(k));
        eq('plain SET', 'OK', await r.set(k, v1));
        eq('TTL after a plain SET drops the expiry', -1, await r.ttl(k));
    });

    await check('incr/incrby/incrbyfloat', async () => {
        const k = `${P}:n`, f = `${P}:f`;
        eq('INCR on a missing key', 1, await r.incr(k));
        eq('INCRBY 10', 11, await r.incrBy(k, 10));
        eq('INCRBY -20', -9, await r.incrBy(k, -20));
        eq('INCRBYFLOAT 1.5', '-7.5', await r.incrByFloat(k, 1.5));
        eq('INCRBYFLOAT 5.0e3', '4992.5', await r.sendCommand(['INCRBYFLOAT', k, '5.0e3']));
        eq('GET after INCRBYFLOAT', '4992.5', await r.get(k));
        await r.set(f, '10.50');
        eq('INCRBYFLOAT 0.1 on 10.50', '10.6', await r.incrByFloat(f, 0.1));
        await r.set(k, rand());
        eq('INCR on a non-integer', 'ERR value is not an integer or out of range',
            (await errorOf(r.incr(k))).message);
        eq('INCRBYFLOAT on a non-number', 'ERR value is not a valid float',
            (await errorOf(r.incrByFloat(k, 1))).message);
    });

    await check('mset/mget', async () => {
        const [a, b, c] = ['a', 'b', 'c'].map((x) => `${P}:m:${x}`);
        const va = rand(), vc = rand();
        eq('MSET', 'OK', await r.mSet({ [a]: va, [c]: vc }));
        eq('MGET with a missing key', [va, null, vc], await r.mGet([a, b, c]));
    });

    await check('hashes', async () => {
        const h = `${P}:h`, f1 = rand('f'), f2 = rand('f'), v1 = rand(), v2 = rand(), v3 = rand();
        eq('HSET two fields', 2, await r.hSet(h, { [f1]: v1, [f2]: v2 }));
        eq('HSET an existing field', 0, await r.hSet(h, f1, v3));
        eq('HGET', v3, await r.hGet(h, f1));
        eq('HGET a missing field', null, await r.hGet(h, 'nosuch'));
        eq('HGETALL', { [f1]: v3, [f2]: v2 }, plain(await r.hGetAll(h)));
        eq('HDEL a field and a missing one', 1, await r.hDel(h, [f1, 'nosuch']));
        eq('HGETALL after HDEL', { [f2]: v2 }, plain(await r.hGetAll(h)));
        eq('HINCRBY a new field', 5, await r.hIncrBy(h, 'n', 5));
        eq('HINCRBY -7', -2, await r.hIncrBy(h, 'n', -7));
        eq('HINCRBY on a non-integer field', 'ERR hash value is not an integer',
            (await errorOf(r.hIncrBy(h, f2, 1))).message);
        eq('HGETALL of a missing key', {}, plain(await r.hGetAll(`${P}:nohash`)));
    });

    await check('expire/ttl/pttl/persist', async () => {
        const k = `${P}:e`, nokey = `${P}:nokey`;
        await r.set(k, rand());
        eq('TTL without expiry', -1, await r.ttl(k));
        eq('EXPIRE 100', flag(1), await r.expire(k, 100));
        let t = await r.ttl(k);
        isTrue('TTL after EXPIRE 100 in 1..100', t > 0 && t <= 100, t);
        t = await r.pTTL(k);
        isTrue('PTTL after EXPIRE 100 in 1..100000', t > 0 && t <= 100000, t);
        eq('PERSIST', flag(1), await r.persist(k));
        eq('TTL after PERSIST', -1, await r.ttl(k));
        eq('PERSIST again', flag(0), await r.persist(k));
        eq('TTL of a missing key', -2, await r.ttl(nokey));
        eq('PTTL of a missing key', -2, await r.pTTL(nokey));
        eq('EXPIRE a missing key', flag(0), await r.expire(nokey, 100));
    });

    await check('pipeline (execAsPipeline, and commands in flight together)', async () => {
        const k = `${P}:p`, n = `${P}:pn`, h = `${P}:ph`, v = rand();
        const got = await r.multi().set(k, v).get(k).incr(n).incrBy(n, 9)
            .hSet(h, 'f', v).hGetAll(h).get(`${P}:nokey`).execAsPipeline();
        eq('execAsPipeline replies', ['OK', v, 1, 10, 1, { f: v }, null], got.map(plain));
        // Commands issued without awaiting each other share one write.
        const [s, i, g] = await Promise.allSettled([r.set(k, 'abc'), r.incr(k), r.get(k)]);
        eq('in flight together: SET', { status: 'fulfilled', value: 'OK' }, s);
        eq('in flight together: INCR gives an error', 'rejected', i.status);
        eq('in flight together: its text', 'ERR value is not an integer or out of range', i.reason.message);
        eq('in flight together: GET after it', { status: 'fulfilled', value: 'abc' }, g);
    });

    await check('pipeline of 1000 commands', async () => {
        const vals = Array.from({ length: 500 }, () => rand());
        const got = await Promise.all([
            ...vals.map((v, i) => r.set(`${P}:pp:${i}`, v)),
            ...vals.map((v, i) => r.get(`${P}:pp:${i}`)),
        ]);
        eq('1000 replies of commands in flight together', [...vals.map(() => 'OK'), ...vals], got);
    });

    await check('transaction (MULTI/EXEC)', async () => {
        const k = `${P}:t`, n = `${P}:tn`, v = rand();
        eq('MULTI/EXEC replies', ['OK', v, 1, 2], await r.multi().set(k, v).get(k).incr(n).incr(n).exec());
        // A command that fails inside EXEC fails alone.
        const e = await errorOf(r.multi().set(k, 'abc').incr(k).get(k).exec());
        isTrue('EXEC with a failing command: the replies', Array.isArray(e.replies) && e.replies.length === 3, e);
        eq('EXEC with a failing command: SET', 'OK', e.replies[0]);
        eq('EXEC with a failing command: INCR', 'ERR value is not an integer or out of range',
            e.replies[1] && e.replies[1].message);
        eq('EXEC with a failing command: GET', 'abc', e.replies[2]);
    }, NO_MULTI);

    await check('scanIterator with MATCH/COUNT', async () => {
        const want = Array.from({ length: 40 }, (_, i) => `${P}:scan:${i}`);
        await r.mSet(Object.fromEntries(want.map((k) => [k, '1'])));
        await r.mSet(Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`${P}:other:${i}`, '1'])));
        const scan = async (MATCH) => {
            const got = [];
            let calls = 0;
            for await (const item of r.scanIterator({ MATCH, COUNT: 7 })) {
                if (Array.isArray(item)) got.push(...item); else got.push(item); // 5 / 4
                if (++calls > 10000) throw new Error('SCAN never ends');
            }
            return got;
        };
        eq('keys found by SCAN MATCH', [...want].sort(), [...new Set(await scan(`${P}:scan:*`))].sort());
        eq('SCAN MATCH of nothing', [], await scan(`${P}:none:*`));
    });

    await check('client name', async () => {
        const name = rand('name');
        const c = await connect({ name });
        eq('CLIENT GETNAME of a name: connection', name, await c.clientGetName());
        const other = rand('name');
        eq('CLIENT SETNAME', 'OK', await c.clientSetName(other));
        eq('CLIENT GETNAME after SETNAME', other, await c.clientGetName());
        await c.disconnect();
        eq('CLIENT GETNAME without a name', null, await r.clientGetName());
        eq('CLIENT SETNAME with a space',
            'ERR Client names cannot contain spaces, newlines or special characters.',
            (await errorOf(r.clientSetName('a b'))).message);
    });

    await check('select: a client with database 3', async () => {
        const k = `${P}:db`, v = rand();
        const r3 = await connect({ database: 3 });
        eq('SET in db 3', 'OK', await r3.set(k, v));
        eq('GET in db 3', v, await r3.get(k));
        eq('GET of it in db 0', null, await r.get(k));
        eq('DEL in db 3', 1, await r3.del(k));
        await r3.disconnect();
    });

    await check('info', async () => {
        const r3 = await connect({ database: 3 }); // one more connected client
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
        await r3.disconnect();
    });

    await check('binary values', async () => {
        const k = Buffer.concat([Buffer.from(`${P}:bin:\0\r\n`), Buffer.from([255])]);
        const v = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
        eq('SET every byte 0-255 (binary key)', 'OK', await r.set(k, v));
        const got = await getBuffer(r, k);
        isTrue('GET every byte 0-255', Buffer.isBuffer(got) && v.equals(got), got);
        eq('STRLEN', 256, await r.strLen(k));
        const big = crypto.randomBytes(1 << 20), kb = `${P}:big`;
        eq('SET 1 MB', 'OK', await r.set(kb, big));
        const gotBig = await getBuffer(r, kb);
        isTrue('GET 1 MB returns the same bytes', Buffer.isBuffer(gotBig) && big.equals(gotBig), gotBig);
        eq('STRLEN 1 MB', 1 << 20, await r.strLen(kb));
    });

    await check('error replies', async () => {
        const h = `${P}:eh`;
        await r.hSet(h, 'f', 'v');
        eq('GET on a hash', 'WRONGTYPE Operation against a key holding the wrong kind of value',
            (await errorOf(r.get(h))).message);
        eq('unknown command', "ERR unknown command 'FOOBAR', with args beginning with: 'a' 'b' ",
            (await errorOf(r.sendCommand(['FOOBAR', 'a', 'b']))).message);
        eq('GET with no key', "ERR wrong number of arguments for 'get' command",
            (await errorOf(r.sendCommand(['GET']))).message);
        eq('SET EX 0', "ERR invalid expire time in 'set' command",
            (await errorOf(r.set(`${P}:x`, 'v', opt.EX(0)))).message);
        eq('SET NX XX', 'ERR syntax error',
            (await errorOf(r.sendCommand(['SET', `${P}:x`, 'v', 'NX', 'XX']))).message);
        eq('the connection still works after errors', 'PONG', await r.ping());
    });

    await check('del/exists/type/rename', async () => {
        const a = `${P}:da`, b = `${P}:db2`, h = `${P}:dh`, c = `${P}:dc`, nokey = `${P}:nokey`;
        const va = rand();
        await r.mSet([[a, va], [b, rand()]]);
        await r.hSet(h, 'f', 'v');
        eq('EXISTS counts', 3, await r.exists([a, b, h, nokey]));
        eq('EXISTS a key twice', 2, await r.exists([a, a]));
        eq('TYPE string', 'string', await r.type(a));
        eq('TYPE hash', 'hash', await r.type(h));
        eq('TYPE none', 'none', await r.type(nokey));
        eq('RENAME', 'OK', await r.rename(a, c));
        eq('GET of the new name', va, await r.get(c));
        eq('EXISTS of the old name', 0, await r.exists(a));
        eq('RENAME a missing key', 'ERR no such key', (await errorOf(r.rename(nokey, c))).message);
        eq('DEL two keys and a missing one', 2, await r.del([b, c, nokey]));
        eq('EXISTS after DEL', 0, await r.exists([b, c]));
    });

    await check('quit', async () => {
        const c = await connect();
        eq('PING before QUIT', 'PONG', await c.ping());
        eq('QUIT', 'OK', await c.quit());
        eq('isOpen after QUIT', false, c.isOpen);
    });

    for (const c of opened) {
        try {
            if (c.isOpen) await c.disconnect();
        } catch (e) {
            // already closed
        }
    }
    done();
}

main().catch(crashed);
