// The browser camera in headless Chromium: a blank page (served here, on another origin than the gateway) gets the
// gateway's feed from getUserMedia, by the injectable script or by the extension.
//
//   node browser-camera.mjs --port=<gateway port> --expect=#rrggbb --delivery=script|extension [--output=auto|canvas]
//                           [--extension-dir=<dir>] [--timeout-ms=60000]
//
// The gateway must have socket video configured before this starts (the camera then shows black). Events: "ready"
// (the page has a camera track: push now), "colour" (the track shows the expected colour: stop pushing), "result"
// (everything measured), or "failed". Also measured: two tracks on one socket, stop(), another deviceId, a dropped
// socket (through Playwright's WebSocket routing), and a gateway that cannot be reached.
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BLACK, emit, gatewayJson, launch, log, near, parseArgs, parseColour, requireArg, run, sleep, tempDir, until } from './lib.mjs';

const args = parseArgs();
const port = Number(requireArg(args, 'port'));
const expected = parseColour(requireArg(args, 'expect'));
const delivery = requireArg(args, 'delivery');
const output = args.output || 'auto';
const timeoutMs = Number(args['timeout-ms'] || 60_000);
const here = path.dirname(fileURLToPath(import.meta.url));
const extensionSource = args['extension-dir'] || path.resolve(here, '../../main/resources/static/browser-camera/extension');
const gatewayOrigin = `http://127.0.0.1:${port}`;
if (!['script', 'extension'].includes(delivery)) {
  throw new Error(`--delivery must be script or extension, got ${delivery}`);
}

/** A blank page; with delivery=script it has the one line an integrator adds. */
function blankPage() {
  const head = [];
  if (output !== 'auto') {
    head.push(`<script>window.MEDIA_GATEWAY_CAMERA = { output: ${JSON.stringify(output)} };</script>`);
  }
  if (delivery === 'script') {
    head.push(`<script src="${gatewayOrigin}/input/devices/virtual/camera.js"></script>`);
  }
  return `<!doctype html><html><head><meta charset="utf-8"><title>blank</title>${head.join('')}</head><body></body></html>`;
}

/** The extension, with its one gateway-origin setting pointed at the test's gateway (as an integrator would). */
function extensionCopy() {
  const dir = tempDir('mg-extension-');
  fs.cpSync(extensionSource, dir, { recursive: true });
  const file = path.join(dir, 'camera.js');
  const source = fs.readFileSync(file, 'utf8');
  const pattern = /^(\s*const GATEWAY_ORIGIN = )'[^']*'(; \/\/ @gateway-origin)$/m;
  if (!pattern.test(source)) {
    throw new Error(`no "const GATEWAY_ORIGIN = '...'; // @gateway-origin" line in ${file}`);
  }
  fs.writeFileSync(file, source.replace(pattern, `$1'${gatewayOrigin}'$2`));
  return dir;
}

/** A loopback port nothing listens on. */
async function closedPort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: free } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return free;
}

async function serveBlankPage() {
  const server = http.createServer((req, res) => {
    if (req.url === '/blank.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(blankPage());
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

/** Test helpers inside the page: play streams in <video> elements, count their frames, read their centre pixel. */
async function installPageHelpers(page) {
  await page.evaluate(() => {
    const videos = [];
    window.__camTest = {
      streams: [],
      async open(constraints) {
        const started = performance.now();
        const stream = await navigator.mediaDevices.getUserMedia(constraints);
        const ms = Math.round(performance.now() - started);
        const video = document.createElement('video');
        video.muted = true;
        video.autoplay = true;
        video.playsInline = true;
        video.width = 160;
        video.srcObject = stream;
        document.body.appendChild(video);
        const entry = { video, frames: 0 };
        const count = () => {
          entry.frames++;
          video.requestVideoFrameCallback(count);
        };
        video.requestVideoFrameCallback(count);
        // play() waits for a first frame: a track that never gets one must fail the test, not hang it
        await Promise.race([video.play(), new Promise((resolve) => setTimeout(resolve, 15000))]);
        videos.push(entry);
        this.streams.push(stream);
        const track = stream.getVideoTracks()[0];
        return {
          index: videos.length - 1,
          ms,
          playing: video.readyState >= 2,
          tracks: stream.getTracks().map((t) => ({ kind: t.kind, label: t.label, readyState: t.readyState })),
          settings: track.getSettings(),
        };
      },
      sample(i) {
        const { video, frames } = videos[i];
        const track = this.streams[i].getVideoTracks()[0];
        if (!video.videoWidth) {
          return { frames, rgb: null };
        }
        const canvas = new OffscreenCanvas(video.videoWidth, video.videoHeight);
        const context = canvas.getContext('2d', { willReadFrequently: true });
        context.drawImage(video, 0, 0);
        const d = context.getImageData(video.videoWidth >> 1, video.videoHeight >> 1, 1, 1).data;
        return {
          frames,
          rgb: [d[0], d[1], d[2]],
          videoWidth: video.videoWidth,
          videoHeight: video.videoHeight,
          settings: track.getSettings(),
          readyState: track.readyState,
        };
      },
      stop(i) {
        this.streams[i].getTracks().forEach((t) => t.stop());
      },
      async devices() {
        return (await navigator.mediaDevices.enumerateDevices()).map((d) => ({
          kind: d.kind, label: d.label, deviceId: d.deviceId, groupId: d.groupId,
          isMediaDeviceInfo: d instanceof MediaDeviceInfo, json: JSON.stringify(d),
        }));
      },
      async tryOpen(constraints) {
        try {
          const stream = await navigator.mediaDevices.getUserMedia(constraints);
          const labels = stream.getTracks().map((t) => t.label);
          stream.getTracks().forEach((t) => t.stop());
          return { ok: true, labels };
        } catch (e) {
          return { ok: false, name: e.name, message: e.message };
        }
      },
    };
  });
}

const sample = (page, i) => page.evaluate((index) => window.__camTest.sample(index), i);
const feedViewers = async () => (await gatewayJson(port, '/input/devices/virtual/status')).stats?.video?.feed_viewers;
const cameraStatus = (page) => page.evaluate(() => window.mediaGatewayCamera ? window.mediaGatewayCamera.status() : null);

/** Frames a video shows over {@code ms}. */
async function framesDuring(page, i, ms) {
  const before = (await sample(page, i)).frames;
  await sleep(ms);
  return (await sample(page, i)).frames - before;
}

run(async (onExit) => {
  const server = await serveBlankPage();
  onExit(() => new Promise((resolve) => server.close(resolve)));
  const pageUrl = `http://127.0.0.1:${server.address().port}/blank.html`;
  let extensionDir = null;
  if (delivery === 'extension') {
    extensionDir = extensionCopy();
  }
  const browser = await launch({ extensionDir });
  onExit(browser.close);

  const page = await browser.context.newPage();
  page.on('console', (m) => log('page console:', m.type(), m.text()));
  page.on('pageerror', (e) => log('page error:', e.message));
  await page.goto(pageUrl, { waitUntil: 'load' });
  await installPageHelpers(page);
  const installed = await page.evaluate(() => window.mediaGatewayCamera
    ? { deviceId: window.mediaGatewayCamera.deviceId, defaultOrigin: window.mediaGatewayCamera.defaultOrigin,
      scriptTags: [...document.scripts].map((s) => s.src).filter(Boolean) }
    : null);
  const devices = await page.evaluate(() => window.__camTest.devices());

  const first = await page.evaluate(() => window.__camTest.open({ video: true }));
  const before = await until(10_000, 50, async () => {
    const s = await sample(page, 0);
    return s.rgb ? s : null;
  });
  emit('ready', { pageUrl, installed, devices, first, before });

  // The pushed colour.
  const started = Date.now();
  const samples = [];
  const colour = await until(timeoutMs, 50, async () => {
    const s = await sample(page, 0);
    if (samples.length < 1000) {
      samples.push({ t: Date.now() - started, rgb: s.rgb, frames: s.frames });
    }
    return s.rgb && near(s.rgb, expected) ? { ...s, at: Date.now() } : null;
  });
  if (colour) {
    emit('colour', { rgb: colour.rgb });
  }
  // Then black, once the push has stopped (the gateway's stale-after).
  const black = colour ? await until(timeoutMs, 50, async () => {
    const s = await sample(page, 0);
    return s.rgb && near(s.rgb, BLACK) ? { ...s, at: Date.now() } : null;
  }) : null;

  // One socket for all tracks; stop() releases it with the last track.
  const viewersOneTrack = await feedViewers();
  const second = await page.evaluate(() => window.__camTest.open({ video: { deviceId: { exact: 'media-gateway-camera' } } }));
  const viewersTwoTracks = await feedViewers();
  const statusTwoTracks = await cameraStatus(page);
  await page.evaluate(() => window.__camTest.stop(0));
  await sleep(1500);
  const viewersAfterFirstStopped = await feedViewers();
  const secondFramesAfterFirstStopped = await framesDuring(page, 1, 1500);
  const firstAfterStop = await sample(page, 0);
  await page.evaluate(() => window.__camTest.stop(1));
  const viewersAfterBothStopped = (await until(10_000, 100, async () => {
    const viewers = await feedViewers();
    return viewers === 0 ? { viewers } : null;
  }) || { viewers: await feedViewers() }).viewers;
  const statusAfterStop = await cameraStatus(page);

  // Another device falls through to the real getUserMedia (no camera on this machine: it refuses).
  const otherDevice = await page.evaluate(() => window.__camTest.tryOpen({ video: { deviceId: { exact: 'some-real-camera' } } }));

  // Reconnect: a second page whose feed socket goes through Playwright, which then drops it.
  const page2 = await browser.context.newPage();
  const routed = [];
  await page2.routeWebSocket(/\/input\/devices\/virtual\/feed\/socket$/, (ws) => {
    routed.push(ws);
    ws.connectToServer();
  });
  await page2.goto(pageUrl, { waitUntil: 'load' });
  await installPageHelpers(page2);
  await page2.evaluate(() => window.__camTest.open({ video: true }));
  const framesBeforeDrop = await until(20_000, 100, async () => {
    const f = (await sample(page2, 0)).frames;
    return f >= 10 ? f : null;
  });
  const connectionsBeforeDrop = routed.length;
  if (routed.length) {
    await routed[routed.length - 1].close({ code: 1001, reason: 'test drops the feed' });
  }
  const connectionsAfterDrop = await until(20_000, 100, () => (routed.length >= 2 ? routed.length : null)) || routed.length;
  await sleep(500);
  const framesAfterReconnect = await framesDuring(page2, 0, 2000);
  const statusAfterReconnect = await cameraStatus(page2);
  await page2.evaluate(() => window.__camTest.stop(0));

  // No gateway where the camera looks (a port nothing listens on): getUserMedia still gives a track, playing black.
  const deadOrigin = `http://127.0.0.1:${await closedPort()}`;
  const page3 = await browser.context.newPage();
  await page3.goto(pageUrl, { waitUntil: 'load' });
  await installPageHelpers(page3);
  await page3.evaluate((origin) => {
    window.MEDIA_GATEWAY_CAMERA = Object.assign({}, window.MEDIA_GATEWAY_CAMERA, { origin });
  }, deadOrigin);
  const unreachableTrack = await page3.evaluate(() => window.__camTest.open({ video: true }));
  const unreachableFrames = await framesDuring(page3, 0, 2000);
  const unreachableSample = await sample(page3, 0);
  const unreachableStatus = await cameraStatus(page3);
  await page3.evaluate(() => window.__camTest.stop(0));

  emit('result', {
    delivery,
    output,
    installed,
    devices,
    first,
    before,
    beforeBlack: !!before && near(before.rgb, BLACK),
    colourSeen: !!colour,
    colourSeenAt: colour ? colour.at : null,
    colour: colour || null,
    blackSeen: !!black,
    blackSeenAt: black ? black.at : null,
    black: black || null,
    samples: colour ? samples.slice(-5) : samples,
    viewersOneTrack,
    viewersTwoTracks,
    second,
    statusTwoTracks,
    viewersAfterFirstStopped,
    secondFramesAfterFirstStopped,
    firstAfterStop,
    viewersAfterBothStopped,
    statusAfterStop,
    otherDevice,
    unreachable: { origin: deadOrigin, track: unreachableTrack, frames: unreachableFrames, sample: unreachableSample,
      status: unreachableStatus },
    reconnect: { framesBeforeDrop, connectionsBeforeDrop, connectionsAfterDrop, framesAfterReconnect, statusAfterReconnect },
    browserVersion: browser.version,
  });
});
