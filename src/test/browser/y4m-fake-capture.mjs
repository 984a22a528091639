// Chromium's built-in fake capture reading the gateway's Y4M camera file (gateway.video.y4m-file):
// Chromium starts with --use-fake-device-for-media-stream --use-file-for-fake-video-capture=<file>, a page on the
// gateway's origin (loopback: a secure context) calls getUserMedia({video:true}) and reads the track's centre pixel.
//
//   node y4m-fake-capture.mjs --port=<gateway port> --file=<y4m> --colours=#rrggbb,#rrggbb,#rrggbb
//        [--timeout-ms=30000] [--watch-ms=5000]
//
// The test pushes the three colours in turn. Events: "ready" (the track is open); "seen" {index} when colour 0, then
// colour 1 is in the track (the test then pushes the next one); "rotated" once <file>.1 exists (the gateway rotated
// the file: the test pushes colour 2); then the track is watched for --watch-ms and until colour 0 comes back, stopped,
// and a new getUserMedia track waits for colour 2; "result" has what each showed, as runs of one colour.
import fs from 'node:fs';
import {
  BLACK, emit, launch, log, near, parseArgs, parseColour, requireArg, run, sleep, until,
} from './lib.mjs';

const args = parseArgs();
const port = Number(requireArg(args, 'port'));
const file = requireArg(args, 'file');
const colours = requireArg(args, 'colours').split(',').map(parseColour);
const timeoutMs = Number(args['timeout-ms'] || 30000);
const watchMs = Number(args['watch-ms'] || 5000);

/** The index of the colour an RGB triple is near, 'black', 'other' or 'none'. */
function classify(rgb) {
  if (!rgb) return 'none';
  const index = colours.findIndex((c) => near(rgb, c));
  return index >= 0 ? index : near(rgb, BLACK) ? 'black' : 'other';
}

/** Opens a getUserMedia track in a <video>; window.__y4m.sample() reads its centre pixel and frame count. */
const openTrack = (page) => page.evaluate(async () => {
  const started = performance.now();
  const stream = await navigator.mediaDevices.getUserMedia({ video: true });
  const video = document.createElement('video');
  video.muted = true;
  video.autoplay = true;
  video.srcObject = stream;
  document.body.appendChild(video);
  const track = stream.getVideoTracks()[0];
  const state = { frames: 0 };
  const count = () => {
    state.frames++;
    video.requestVideoFrameCallback(count);
  };
  video.requestVideoFrameCallback(count);
  // play() waits for a first frame: a track that never gets one must fail the test, not hang it
  await Promise.race([video.play(), new Promise((resolve) => setTimeout(resolve, 15000))]);
  window.__y4m = {
    sample() {
      if (!video.videoWidth) {
        return { frames: state.frames, rgb: null, readyState: track.readyState };
      }
      const canvas = new OffscreenCanvas(video.videoWidth, video.videoHeight);
      const context = canvas.getContext('2d', { willReadFrequently: true });
      context.drawImage(video, 0, 0);
      const d = context.getImageData(video.videoWidth >> 1, video.videoHeight >> 1, 1, 1).data;
      return { frames: state.frames, rgb: [d[0], d[1], d[2]], width: video.videoWidth, height: video.videoHeight,
        readyState: track.readyState };
    },
    stop() {
      stream.getTracks().forEach((t) => t.stop());
      video.remove();
    },
  };
  return { ms: Math.round(performance.now() - started), label: track.label, settings: track.getSettings(),
    playing: video.readyState >= 2 };
});

run(async (onExit) => {
  const browser = await launch({
    extraArgs: ['--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${file}`],
  });
  onExit(browser.close);
  const page = await browser.context.newPage();
  page.on('console', (m) => log('page console:', m.type(), m.text()));
  page.on('pageerror', (e) => log('page error:', e.message));
  await page.goto(`http://127.0.0.1:${port}/input/devices/virtual/status`, { waitUntil: 'load' });
  const sample = () => page.evaluate(() => window.__y4m.sample());

  // Runs of one colour in the track, with the time and frame count at their start.
  const runs = [];
  const record = (s) => {
    const kind = classify(s.rgb);
    const now = Date.now();
    if (!runs.length || runs[runs.length - 1].colour !== kind) {
      runs.push({ colour: kind, from: now, to: now, rgb: s.rgb, frames: s.frames });
    }
    runs[runs.length - 1].to = now;
    return { ...s, kind, at: now };
  };
  const waitFor = (index) => until(timeoutMs, 50, async () => {
    const s = record(await sample());
    return s.kind === index ? s : null;
  });

  const opened = await openTrack(page);
  emit('ready', { opened, sample: await sample() });
  const seen = [];
  for (const index of [0, 1]) {
    const s = await waitFor(index);
    if (!s) {
      break;
    }
    seen.push(s);
    emit('seen', { index, rgb: s.rgb });
  }

  // The gateway rotates the file at its max bytes: what does the open track show after that?
  const rotatedAt = seen.length === 2 ? await until(90_000, 50, () => fs.existsSync(`${file}.1`) && Date.now()) : null;
  let afterRotation = null;
  if (rotatedAt) {
    emit('rotated', { at: rotatedAt });
    const from = runs.length;
    // at least --watch-ms, and until colour 0 comes back (the old file looped) or --timeout-ms passes
    let looped = false;
    while ((Date.now() - rotatedAt < watchMs || !looped) && Date.now() - rotatedAt < timeoutMs) {
      looped = record(await sample()).kind === 0 || looped;
      await sleep(100);
    }
    const before = await sample();
    await sleep(1000);
    const end = await sample();
    afterRotation = { runs: runs.slice(Math.max(0, from - 1)), framesInLastSecond: end.frames - before.frames, end };
  }
  await page.evaluate(() => window.__y4m.stop());

  // A new track after the rotation.
  let reopened = null;
  if (rotatedAt) {
    const reopenedAt = Date.now();
    const track = await openTrack(page);
    const from = runs.length;
    const s = await waitFor(2);
    reopened = { track, at: reopenedAt, seen: s || null, runs: runs.slice(from) };
    await page.evaluate(() => window.__y4m.stop());
  }

  emit('result', {
    opened,
    seen,
    rotatedAt,
    afterRotation,
    reopened,
    runs,
    browserVersion: browser.version,
  });
});
