// Chromium's built-in fake capture reading the gateway's Y4M camera file (gateway.video.y4m-file):
// Chromium starts with --use-fake-device-for-media-stream --use-file-for-fake-video-capture=<file>, a page on the
// gateway's origin (loopback: a secure context) calls getUserMedia({video:true}) and reads the track's centre pixel.
//
//   node y4m-fake-capture.mjs --port=<gateway port> --file=<y4m> --first=#rrggbb --second=#rrggbb
//        [--timeout-ms=60000] [--watch-ms=15000]
//
// Events: "ready" (the track is open), "colour" (the first colour is in the track: the test now pushes the second
// one), "result" (what the track showed while watched, as runs of one colour, and whether it kept delivering frames).
import {
  BLACK, emit, launch, log, near, parseArgs, parseColour, requireArg, run, sleep, until,
} from './lib.mjs';

const args = parseArgs();
const port = Number(requireArg(args, 'port'));
const file = requireArg(args, 'file');
const first = parseColour(requireArg(args, 'first'));
const second = parseColour(requireArg(args, 'second'));
const timeoutMs = Number(args['timeout-ms'] || 60000);
const watchMs = Number(args['watch-ms'] || 15000);

function classify(rgb) {
  if (!rgb) return 'none';
  if (near(rgb, first)) return 'first';
  if (near(rgb, second)) return 'second';
  if (near(rgb, BLACK)) return 'black';
  return 'other';
}

run(async (onExit) => {
  const browser = await launch({
    extraArgs: ['--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${file}`],
  });
  onExit(browser.close);
  const page = await browser.context.newPage();
  page.on('console', (m) => log('page console:', m.type(), m.text()));
  page.on('pageerror', (e) => log('page error:', e.message));
  await page.goto(`http://127.0.0.1:${port}/input/devices/virtual/status`, { waitUntil: 'load' });

  const opened = await page.evaluate(async () => {
    const started = performance.now();
    const stream = await navigator.mediaDevices.getUserMedia({ video: true });
    const video = document.createElement('video');
    video.muted = true;
    video.autoplay = true;
    video.srcObject = stream;
    document.body.appendChild(video);
    const state = { video, track: stream.getVideoTracks()[0], frames: 0 };
    const count = () => {
      state.frames++;
      video.requestVideoFrameCallback(count);
    };
    video.requestVideoFrameCallback(count);
    // play() waits for a first frame: a track that never gets one must fail the test, not hang it
    await Promise.race([video.play(), new Promise((resolve) => setTimeout(resolve, 15000))]);
    window.__y4m = {
      sample() {
        const { track, frames } = state;
        if (!video.videoWidth) {
          return { frames, rgb: null, readyState: track.readyState };
        }
        const canvas = new OffscreenCanvas(video.videoWidth, video.videoHeight);
        const context = canvas.getContext('2d', { willReadFrequently: true });
        context.drawImage(video, 0, 0);
        const d = context.getImageData(video.videoWidth >> 1, video.videoHeight >> 1, 1, 1).data;
        return { frames, rgb: [d[0], d[1], d[2]], width: video.videoWidth, height: video.videoHeight,
          readyState: track.readyState };
      },
    };
    return { ms: Math.round(performance.now() - started), label: state.track.label, settings: state.track.getSettings(),
      playing: video.readyState >= 2 };
  });
  const sample = () => page.evaluate(() => window.__y4m.sample());
  emit('ready', { opened, sample: await sample() });

  const colour = await until(timeoutMs, 50, async () => {
    const s = await sample();
    return classify(s.rgb) === 'first' ? { ...s, at: Date.now() } : null;
  });
  if (colour) {
    emit('colour', { rgb: colour.rgb });
  }

  // What the track shows from now on: runs of one colour, with their first and last sample.
  const runs = [];
  const watchStart = Date.now();
  let last = null;
  while (colour && Date.now() - watchStart < watchMs) {
    const s = await sample();
    const now = Date.now();
    const kind = classify(s.rgb);
    if (!runs.length || runs[runs.length - 1].colour !== kind) {
      runs.push({ colour: kind, from: now, to: now, rgb: s.rgb, framesAtStart: s.frames });
    }
    runs[runs.length - 1].to = now;
    last = s;
    await sleep(100);
  }
  const framesBefore = last ? last.frames : 0;
  await sleep(1000);
  const end = await sample();
  const secondRun = runs.find((r) => r.colour === 'second');
  emit('result', {
    opened,
    colourSeen: !!colour,
    colour: colour || null,
    runs,
    secondSeen: !!secondRun,
    secondSeenAt: secondRun ? secondRun.from : null,
    end,
    framesInLastSecond: end.frames - framesBefore,
    browserVersion: browser.version,
  });
});
