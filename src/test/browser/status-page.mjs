// The status page (/) and the Hawtio console in headless Chromium.
//
//   node status-page.mjs --port=<gateway port> --console=<hawtio url> --expect=#rrggbb [--timeout-ms=60000]
//
// Events: "ready" (the status page is open: configure and push now), "colour" (the preview shows the expected colour),
// "result" (what the page and the console showed), or "failed".
import { emit, launch, log, near, parseArgs, parseColour, requireArg, run, until } from './lib.mjs';

const args = parseArgs();
const port = Number(requireArg(args, 'port'));
const consoleUrl = requireArg(args, 'console');
const expected = parseColour(requireArg(args, 'expect'));
const timeoutMs = Number(args['timeout-ms'] || 60_000);

/** The colour at the centre of the preview as displayed (a screenshot of a small square there). */
async function previewColour(page) {
  const box = await page.locator('#preview').boundingBox();
  if (!box || box.width < 8) {
    return null;
  }
  const png = await page.screenshot({ clip: { x: box.x + box.width / 2 - 2, y: box.y + box.height / 2 - 2, width: 4, height: 4 } });
  return page.evaluate(async (b64) => {
    const bitmap = await createImageBitmap(await (await fetch('data:image/png;base64,' + b64)).blob());
    const context = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d');
    context.drawImage(bitmap, 0, 0);
    const d = context.getImageData(bitmap.width >> 1, bitmap.height >> 1, 1, 1).data;
    return [d[0], d[1], d[2]];
  }, png.toString('base64'));
}

const readPage = (page) => page.evaluate(() => ({
  inputState: document.getElementById('input-state').textContent,
  inputRows: document.getElementById('input-rows').innerText,
  healthState: document.getElementById('health-state').textContent,
  healthRows: document.getElementById('health-rows').innerText,
  streams: document.getElementById('streams').innerText,
  consoleLink: document.querySelector('#console a') ? document.querySelector('#console a').href : null,
  refreshed: window.statusRefreshed || 0,
}));

run(async (onExit) => {
  const browser = await launch({ viewport: { width: 1280, height: 800 } });
  onExit(browser.close);
  const page = await browser.context.newPage();
  page.on('console', (m) => log('page console:', m.type(), m.text()));
  const response = await page.goto(`http://127.0.0.1:${port}/`, { waitUntil: 'load' });
  await until(10_000, 100, async () => (await readPage(page)).refreshed > 0);
  const before = await readPage(page);
  emit('ready', { status: response.status(), before });

  const seen = await until(timeoutMs, 200, async () => {
    const state = await readPage(page);
    const rgb = state.inputState === 'running' ? await previewColour(page) : null;
    return rgb && near(rgb, expected) ? { rgb, state } : null;
  });
  if (seen) {
    emit('colour', { rgb: seen.rgb });
  }
  const after = await readPage(page);

  // Hawtio: its Camel tree lists the gateway's routes by id.
  const hawtio = await browser.context.newPage();
  const consoleResponse = await hawtio.goto(consoleUrl.replace(/\/$/, '') + '/camel/routes', { waitUntil: 'load' });
  const routesShown = await until(45_000, 500, async () => {
    const body = await hawtio.evaluate(() => document.body.innerText);
    return body.includes('virtual-input-stop') && body.includes('health') ? body : null;
  });
  emit('result', {
    before,
    after,
    colourSeen: !!seen,
    rgb: seen ? seen.rgb : null,
    consoleStatus: consoleResponse ? consoleResponse.status() : null,
    consoleRoutesShown: !!routesShown,
    consoleText: routesShown ? routesShown.slice(0, 2000) : await hawtio.evaluate(() => document.body.innerText.slice(0, 2000)),
  });
});
