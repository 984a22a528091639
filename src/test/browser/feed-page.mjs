// The live feed page in headless Chromium: "Loading…" before any picture, then the pushed colour on its canvas.
//
//   node feed-page.mjs --port=<gateway port> --expect=#rrggbb [--timeout-ms=60000]
//
// Events: "ready" (the page is open and has shown its Loading… state: push now), "colour" (the centre of the canvas
// shows the expected colour: stop pushing), "result" (everything measured), or "failed".
import { BLACK, emit, launch, log, near, parseArgs, parseColour, requireArg, run, until } from './lib.mjs';

const args = parseArgs();
const port = Number(requireArg(args, 'port'));
const expected = parseColour(requireArg(args, 'expect'));
const timeoutMs = Number(args['timeout-ms'] || 60_000);

/** What the page shows: the Loading… overlay, JSMpeg's counters, and the feed canvas. */
async function pageState(page) {
  return page.evaluate(() => {
    const loading = document.getElementById('loading');
    const canvas = document.getElementById('feed');
    const style = getComputedStyle(loading);
    return {
      loadingVisible: style.display !== 'none' && style.visibility !== 'hidden',
      loadingText: loading.textContent,
      pictures: window.feedStats ? window.feedStats.pictures : null,
      connected: window.feedStats ? window.feedStats.connected : null,
      canvasWidth: canvas.width,
      canvasHeight: canvas.height,
      renderer: !window.feedPlayer || !window.feedPlayer.renderer ? null
        : window.feedPlayer.renderer instanceof JSMpeg.Renderer.WebGL ? 'webgl' : '2d',
    };
  });
}

/**
 * The colour at the centre of the page as it is displayed: a screenshot of a small square there, decoded by the
 * browser. This reads what a viewer sees whichever renderer JSMpeg picked (WebGL buffers cannot be read back once
 * presented unless preserveDrawingBuffer is set, and the page does not set it).
 */
async function centreColour(page) {
  const { width, height } = page.viewportSize();
  const png = await page.screenshot({ clip: { x: Math.floor(width / 2) - 2, y: Math.floor(height / 2) - 2, width: 4, height: 4 } });
  return page.evaluate(async (b64) => {
    const blob = await (await fetch('data:image/png;base64,' + b64)).blob();
    const bitmap = await createImageBitmap(blob);
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d');
    context.drawImage(bitmap, 0, 0);
    const d = context.getImageData(bitmap.width >> 1, bitmap.height >> 1, 1, 1).data;
    return [d[0], d[1], d[2]];
  }, png.toString('base64'));
}

run(async (onExit) => {
  const browser = await launch();
  onExit(browser.close);
  const page = await browser.context.newPage();
  page.on('console', (m) => log('page console:', m.type(), m.text()));
  const url = `http://127.0.0.1:${port}/input/devices/virtual/feed?fit=fill`;
  const response = await page.goto(url, { waitUntil: 'load' });
  // Let JSMpeg open its socket: with no video configured the gateway sends nothing, so the page must say Loading….
  await until(10_000, 50, async () => (await pageState(page)).connected !== null);
  await page.waitForTimeout(500);
  const before = await pageState(page);
  const beforeColour = await centreColour(page);
  emit('ready', { url, status: response.status(), before, beforeColour });

  const samples = [];
  let seen;
  const started = Date.now();
  seen = await until(timeoutMs, 100, async () => {
    const rgb = await centreColour(page);
    const state = await pageState(page);
    if (samples.length < 400) {
      samples.push({ t: Date.now() - started, rgb, loadingVisible: state.loadingVisible, pictures: state.pictures });
    }
    return near(rgb, expected) && !state.loadingVisible ? { rgb, state, at: Date.now() } : null;
  });
  if (seen) {
    emit('colour', { rgb: seen.rgb });
  }
  const after = await pageState(page);
  emit('result', {
    before,
    beforeColour,
    colourSeen: !!seen,
    colourSeenAt: seen ? seen.at : null,
    rgb: seen ? seen.rgb : null,
    after,
    blackBefore: near(beforeColour, BLACK),
    samples: seen ? samples.slice(-5) : samples,
    browserVersion: browser.version,
  });
});
