// harness.js - what the Node flows share: TAP checks bounded in time,
// comparisons that say what was expected and what came back, random
// names, and the closing plan.
//
// Every check prints one TAP line, "ok N - name" or "not ok N - name:
// what was expected, what came back"; the plan "1..N" comes last (done()),
// so a flow that dies half-way is noticed.  A check the server under test
// cannot do yet is reported as skipped, "ok N - name # SKIP why": run.sh
// sets RUNG_CLIENTS_NO_MULTI=1 when the server does not know MULTI
// (COMMAND INFO multi is empty), and NO_MULTI then holds the reason.
'use strict';
const assert = require('assert');
const crypto = require('crypto');

const CHECK_MS = 15000; // no check may take longer than this
// Why the transaction check is skipped, or '' when it runs.
const NO_MULTI = process.env.RUNG_CLIENTS_NO_MULTI === '1' ? 'server has no MULTI' : '';

let N = 0;
let FAILED = 0;

function rand(tag = 'v') {
    return `${tag}-${crypto.randomBytes(5).toString('hex')}`;
}

// A unique key prefix for one run of one client module.
function prefix(module) {
    return `rung-clients:${module}:${crypto.randomBytes(6).toString('hex')}`;
}

function show(x) {
    if (Buffer.isBuffer(x)) return `<Buffer of ${x.length} bytes>`;
    if (x instanceof Error) return `${x.name}: ${x.message}`;
    try {
        return JSON.stringify(x);
    } catch (e) {
        return String(x);
    }
}

function eq(what, expected, got) {
    try {
        assert.deepStrictEqual(got, expected);
    } catch (e) {
        throw new Error(`${what}: expected ${show(expected)}, got ${show(got)}`);
    }
}

function isTrue(what, cond, got) {
    if (!cond) throw new Error(`${what}: got ${show(got)}`);
}

// The error a promise rejects with (its message is the reply's text).
async function errorOf(promise) {
    let got;
    try {
        got = await promise;
    } catch (e) {
        return e;
    }
    throw new Error(`expected an error reply, got ${show(got)}`);
}

// One numbered check; bounded in time even if a reply never comes.  With
// a reason in skip, the check is reported as skipped instead of run.
async function check(name, fn, skip) {
    N++;
    if (skip) {
        console.log(`ok ${N} - ${name} # SKIP ${skip}`);
        return;
    }
    let timer;
    const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no result in ${CHECK_MS} ms`)), CHECK_MS);
    });
    try {
        await Promise.race([fn(), timeout]);
        console.log(`ok ${N} - ${name}`);
    } catch (e) {
        FAILED++;
        console.log(`not ok ${N} - ${name}: ${e && e.message ? e.message : show(e)}`);
    } finally {
        clearTimeout(timer);
    }
}

// The plan, then exit at once: a socket a client still holds would keep
// node up for seconds (stdout to a pipe is synchronous: nothing is lost).
function done() {
    console.log(`1..${N}`);
    process.exit(FAILED ? 1 : 0);
}

// For main().catch(): the flow itself threw outside any check.
function crashed(e) {
    console.log(`not ok ${N + 1} - the flow itself failed: ${e && e.stack}`);
    process.exit(1);
}

module.exports = { NO_MULTI, rand, prefix, show, eq, isTrue, errorOf, check, done, crashed };
