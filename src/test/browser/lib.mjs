// Shared by the Chromium scenarios: arguments, the JSON-lines protocol with the Java test, launching Chromium,
// reading pixels and classifying colours.
//
// Protocol: every line a scenario prints on stdout is one JSON object with an "event". The Java test waits for some
// of them (e.g. "ready" before it pushes video, "colour" to stop pushing) and asserts on the last one, "result".
// Diagnostics go to stderr.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

/** --name=value arguments as an object. */
export function parseArgs(argv = process.argv.slice(2)) {
  const out = {};
  for (const arg of argv) {
    const m = /^--([^=]+)=(.*)$/s.exec(arg);
    if (!m) {
      throw new Error(`unexpected argument ${arg} (expected --name=value)`);
    }
    out[m[1]] = m[2];
  }
  return out;
}

export function requireArg(args, name) {
  if (args[name] === undefined || args[name] === '') {
    throw new Error(`missing --${name}=...`);
  }
  return args[name];
}

export function emit(event, fields = {}) {
  process.stdout.write(JSON.stringify({ event, at: Date.now(), ...fields }) + '\n');
}

export function log(...parts) {
  process.stderr.write(`[${new Date().toISOString()}] ${parts.join(' ')}\n`);
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** #rrggbb to [r, g, b]. */
export function parseColour(hex) {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) {
    throw new Error(`colour must be #rrggbb, got ${hex}`);
  }
  return [parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16)];
}

// Generous on purpose: MPEG-1 at -q:v 3 and the YCbCr round trip move a solid colour by a few units only, while the
// colours the tests use (red, blue, green, black) are more than 200 apart on some channel.
const TOLERANCE = 60;

export function near(rgb, expected) {
  return rgb.every((v, i) => Math.abs(v - expected[i]) <= TOLERANCE);
}

export const BLACK = [0, 0, 0];

/** Polls fn() until it returns a truthy value or the limit passes; returns the value (or undefined). */
export async function until(limitMs, intervalMs, fn) {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = await fn();
    if (value) {
      return value;
    }
    if (Date.now() > deadline) {
      return undefined;
    }
    await sleep(intervalMs);
  }
}

/** The Chromium binary: CHROMIUM_BIN, else Debian's real binary (not the /usr/bin wrapper), else the wrapper. */
export function chromiumBinary() {
  if (process.env.CHROMIUM_BIN) {
    return process.env.CHROMIUM_BIN;
  }
  for (const candidate of ['/usr/lib/chromium/chromium', '/usr/bin/chromium']) {
    if (fs.existsSync(candidate)) {
      return candidate;
    }
  }
  return 'chromium';
}

/**
 * Headless Chromium with the flags from STACK.md and a fresh profile, as a persistent context (extensions only run
 * in the default context). Playwright's own default flags are left out (they include --disable-extensions and a
 * --disable-features of their own): these are all the flags, with one --disable-features, plus a scenario's extraArgs.
 */
export async function launch({ extensionDir = null, viewport = { width: 640, height: 480 }, extraArgs = [] } = {}) {
  const userDataDir = tempDir('mg-chromium-');
  const args = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-dev-shm-usage',
    '--allow-loopback-in-peer-connection',
    '--use-fake-ui-for-media-stream',
    '--autoplay-policy=no-user-gesture-required',
    '--mute-audio',
    '--hide-scrollbars',
    '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost',
    '--disable-features=Translate,MediaRouter,OptimizationHints',
  ];
  if (extensionDir) {
    args.push(`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`);
  }
  args.push(...extraArgs); // a scenario's own flags, e.g. Chromium's fake capture from a file
  // With ignoreDefaultArgs: true Playwright adds nothing, not even its own connection and profile flags.
  args.push(`--user-data-dir=${userDataDir}`, '--remote-debugging-pipe', 'about:blank');
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumBinary(),
    headless: true,
    ignoreDefaultArgs: true,
    args,
    viewport,
    timeout: 60_000,
    handleSIGTERM: false, // run() handles it: closes the browser, then removes the profile
  });
  const close = async () => {
    try {
      await context.close();
    } finally {
      removeTempDir(userDataDir);
    }
  };
  return { context, close, version: context.browser() ? context.browser().version() : null };
}

const tempDirs = new Set();

/** A new temporary directory, removed by removeTempDir() or, at the latest, when run() ends (even on SIGTERM). */
export function tempDir(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

export function removeTempDir(dir) {
  fs.rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

/** Runs main(), prints a "failed" event (and exits 1) on any error, and always runs the cleanups. */
export async function run(main) {
  const cleanups = [];
  const onExit = (fn) => cleanups.push(fn);
  let cleaning = null;
  const cleanUp = () => {
    cleaning = cleaning || (async () => {
      for (const fn of cleanups.splice(0).reverse()) {
        try {
          await fn();
        } catch (e) {
          log('cleanup failed:', e && e.message || e);
        }
      }
      [...tempDirs].forEach(removeTempDir);
    })();
    return cleaning;
  };
  // The Java test ends a scenario that overran with SIGTERM: still close Chromium and remove its profile.
  process.once('SIGTERM', () => cleanUp().finally(() => process.exit(143)));
  let code = 0;
  try {
    await main(onExit);
  } catch (error) {
    log('scenario failed:', error && error.stack || error);
    emit('failed', { message: String(error && error.message || error) });
    code = 1;
  } finally {
    await cleanUp();
  }
  process.exit(code);
}

/** JSON from the gateway (Node's fetch, not the browser's). */
export async function gatewayJson(port, pathname) {
  const response = await fetch(`http://127.0.0.1:${port}${pathname}`);
  return response.json();
}
