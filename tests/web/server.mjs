// Starts the real `pierobeza serve` on a free loopback port for the browser tests.

import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const ARTIFACTS = join(REPO, 'artifacts');

/** The server binary: $PIEROBEZA_BIN, else target/release/pierobeza, built if missing. */
export function serverBinary() {
  if (process.env.PIEROBEZA_BIN) return resolve(process.env.PIEROBEZA_BIN);
  const bin = join(REPO, 'target', 'release', 'pierobeza');
  if (!existsSync(bin)) {
    const r = spawnSync('cargo', ['build', '--release', '--bin', 'pierobeza'], { cwd: REPO, stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`cargo build --release failed (exit ${r.status})`);
  }
  return bin;
}

function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

/**
 * Runs `pierobeza serve` from the repository root (so it finds geodata/ and seeds/) with the
 * built assets, waits until `/` answers, and returns `{base, database, stop()}`. Output goes to
 * artifacts/server.log (server-<name>.log, and a store of its own, for a named one). With
 * $PIEROBEZA_URL set, tests that server instead of starting one.
 */
export async function startServer({ timeoutMs = 120_000, name = null } = {}) {
  // An already running server (e.g. one being debugged by hand): test it as it is.
  if (process.env.PIEROBEZA_URL) return { base: process.env.PIEROBEZA_URL.replace(/\/$/, ''), async stop() {} };
  const bin = serverBinary();
  const port = await freePort();
  const webDir = join(REPO, 'web', 'dist');
  if (!existsSync(join(webDir, 'index.html'))) {
    throw new Error(`${webDir}/index.html is missing: build the page first (npm run build in web/)`);
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  const log = createWriteStream(join(ARTIFACTS, name ? `server-${name}.log` : 'server.log'));
  // A fresh store each run, loaded from the files of this checkout.
  const database = join(ARTIFACTS, name ? `web-test-${name}.sqlite3` : 'web-test.sqlite3');
  for (const f of [database, `${database}-wal`, `${database}-shm`]) rmSync(f, { force: true });
  const child = spawn(bin, ['serve', '--bind', '127.0.0.1', '--port', String(port), '--web-dir', webDir, '--database', database], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, RUST_LOG: process.env.RUST_LOG ?? 'info' },
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  let exited = null;
  child.on('exit', (code, signal) => { exited = { code, signal }; });

  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) throw new Error(`pierobeza serve exited early (${JSON.stringify(exited)}); see artifacts/server.log`);
    try {
      const res = await fetch(`${base}/`, { headers: { Accept: 'application/json' }, signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`pierobeza serve did not answer on ${base} within ${timeoutMs} ms`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  return {
    base,
    database,
    async stop() {
      if (exited) return;
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await gone;
      clearTimeout(timer);
    },
  };
}

/** `pierobeza token create` against a running server's store; returns the secret (printed once). */
export function createToken(database, name, role) {
  const r = spawnSync(serverBinary(), ['token', 'create', '--name', name, '--role', role, '--database', database], { cwd: REPO, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`pierobeza token create failed (exit ${r.status}): ${r.stderr}`);
  return r.stdout.trim();
}
