// Load client for bench/gateway/run.sh: one server, every measure, ROUNDS rounds; prints one JSON line.
//   node load.mjs --url ws://127.0.0.1:P/local --token JWT --pid SERVER_PID --label NAME
// Measures (each bounded in count and in time; loopback only):
//   seq   SEQ connects one after the other (handshake with the token, then close, awaited)
//   conc  CONC_TOTAL connects, CONC at a time
//   echo  ECHO_CONNS connections x ECHO_TRIPS round trips of {"action":"ping"} (after WARMUP untimed ones)
//   idle  IDLE connections held open; server VmRSS before and while they are held
// Before round 1: WARMUP_CONNECTS untimed connects (10 at a time) and one untimed echo pass.
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
const num = (name, fallback) => (args[name] === undefined ? fallback : Number(args[name]));
const settings = {
  url: `${args.url}?token=${encodeURIComponent(args.token)}`,
  pid: args.pid,
  label: args.label ?? 'server',
  rounds: num('rounds', 3),
  seq: num('seq', 500),
  concTotal: num('conc-total', 2000),
  conc: num('conc', 50),
  echoConns: num('echo-conns', 10),
  echoTrips: num('echo-trips', 500),
  warmup: num('warmup', 50),
  warmupConnects: num('warmup-connects', 200),
  idle: num('idle', 10000),
  timeoutMs: num('timeout-ms', 10000),
  measureBudgetMs: num('measure-budget-ms', 180000),
};
const ping = JSON.stringify({ action: 'ping' });

const log = (message) => process.stderr.write(`[${settings.label}] ${message}\n`);

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms); }),
  ]).finally(() => clearTimeout(timer));
}

function open() {
  const socket = new WebSocket(settings.url, { perMessageDeflate: false, handshakeTimeout: settings.timeoutMs });
  return withTimeout(new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
    socket.once('unexpected-response', (_, response) => reject(new Error(`handshake refused: ${response.statusCode}`)));
  }), settings.timeoutMs, 'connect').catch((error) => { socket.terminate(); throw error; });
}

function close(socket) {
  if (socket.readyState === WebSocket.CLOSED) return Promise.resolve();
  const closed = new Promise((resolve) => socket.once('close', resolve));
  socket.close(1000, 'bye');
  return withTimeout(closed, settings.timeoutMs, 'close').catch((error) => { socket.terminate(); throw error; });
}

async function connectAndClose() {
  await close(await open());
}

// Runs `count` tasks, `parallel` at a time; stops early (and says so) past the time budget.
async function pool(count, parallel, task) {
  const deadline = Date.now() + settings.measureBudgetMs;
  let next = 0;
  let failures = 0;
  let firstError;
  const worker = async () => {
    while (next < count && Date.now() < deadline) {
      next += 1;
      try {
        await task();
      } catch (error) {
        failures += 1;
        firstError ??= error.message;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, worker));
  if (next < count) throw new Error(`time budget spent after ${next} of ${count}`);
  return { failures, firstError };
}

async function connectsPerSecond(count, parallel) {
  const cpuBefore = cpuMs();
  const start = process.hrtime.bigint();
  const { failures, firstError } = await pool(count, parallel, connectAndClose);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (failures > 0) log(`${failures} of ${count} connects failed (first: ${firstError})`);
  return { perSecond: (count - failures) / seconds, failures, cpuUs: ((cpuMs() - cpuBefore) * 1000) / count };
}

function roundTrip(socket) {
  let onClose;
  return withTimeout(new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    onClose = () => reject(new Error('closed during a round trip'));
    socket.once('message', () => resolve(Number(process.hrtime.bigint() - start) / 1e6));
    socket.once('close', onClose);
    socket.send(ping);
  }), settings.timeoutMs, 'round trip').finally(() => socket.removeListener('close', onClose));
}

async function echoLatency() {
  const sockets = [];
  try {
    for (let i = 0; i < settings.echoConns; i += 1) sockets.push(await open());
    const samples = [];
    await Promise.all(sockets.map(async (socket) => {
      for (let i = 0; i < settings.warmup; i += 1) await roundTrip(socket);
    }));
    const cpuBefore = cpuMs();
    await Promise.all(sockets.map(async (socket) => {
      for (let i = 0; i < settings.echoTrips; i += 1) samples.push(await roundTrip(socket));
    }));
    samples.sort((a, b) => a - b);
    const at = (q) => samples[Math.min(samples.length - 1, Math.ceil(q * samples.length) - 1)];
    return { p50: at(0.5), p99: at(0.99), samples: samples.length, cpuUs: ((cpuMs() - cpuBefore) * 1000) / samples.length };
  } finally {
    await Promise.allSettled(sockets.map(close));
  }
}

// Server CPU time (user + system) in ms, from /proc/<pid>/stat: less sensitive to a noisy machine than wall time.
const ticksPerSecond = 100; // USER_HZ on Linux
function cpuMs() {
  const stat = readFileSync(`/proc/${settings.pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}

function rssMiB() {
  const status = readFileSync(`/proc/${settings.pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)[1]) / 1024;
}

async function idleMemory() {
  const before = rssMiB();
  const sockets = [];
  let failures = 0;
  let firstError;
  try {
    await pool(settings.idle, settings.conc, async () => {
      try {
        sockets.push(await open());
      } catch (error) {
        failures += 1;
        firstError ??= error.message;
        throw error;
      }
    });
    if (failures > 0) log(`${failures} of ${settings.idle} idle connects failed (first: ${firstError})`);
    await sleep(3000); // let the server settle: sessions parked in their receive, allocations done
    const held = rssMiB();
    return { before, held, open: sockets.length };
  } finally {
    await Promise.allSettled(sockets.map(close));
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

// Untimed warm-up (JIT, pools, caches), so that round 1 measures the same server as rounds 2 and 3.
await pool(settings.warmupConnects, 10, connectAndClose);
await echoLatency();

const rounds = [];
for (let round = 1; round <= settings.rounds; round += 1) {
  const seq = await connectsPerSecond(settings.seq, 1);
  const conc = await connectsPerSecond(settings.concTotal, settings.conc);
  const echo = await echoLatency();
  const idle = await idleMemory();
  await sleep(2000); // let the closes of the idle connections finish before the next round
  const result = { round, seq: seq.perSecond, conc: conc.perSecond, p50: echo.p50, p99: echo.p99, ...idle,
    cpuConnectUs: conc.cpuUs, cpuMessageUs: echo.cpuUs, failures: seq.failures + conc.failures };
  log(JSON.stringify(result));
  rounds.push(result);
}

const summary = { label: settings.label, rounds: rounds.length };
for (const key of ['seq', 'conc', 'p50', 'p99', 'before', 'held', 'open', 'cpuConnectUs', 'cpuMessageUs']) summary[key] = median(rounds.map((r) => r[key]));
summary.failures = rounds.reduce((sum, r) => sum + r.failures, 0);
summary.rssAfter = rssMiB();
process.stdout.write(`${JSON.stringify(summary)}\n`);
