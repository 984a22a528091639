// The seed's aiortc example ("Send Video via WebRTC (Python)") step by step, in the browser:
//
//   pc = RTCPeerConnection(); player = MediaPlayer("video.mp4")      → a <video> playing a file, captureStream()
//   if player.video: pc.addTrack(player.video)                         → its video track only, addTrack
//   await pc.setLocalDescription(await pc.createOffer())               → and wait for ICE gathering (aiortc does)
//   resp = POST .../webrtc/offer json={"sdp": pc.localDescription.sdp} → the same JSON body
//   answer = await resp.json()
//   await pc.setRemoteDescription(RTCSessionDescription(sdp=answer["sdp"], type="answer"))
//
// The same client also meets the flow's error outcomes: the offer before configure (409), bodies that are not an
// offer (400), and the offer after stop (409), each answered with a JSON {"message"}.
//
//   node webrtc-seed-flow.mjs --port=<gateway port> --file=<video file> [--type=video/webm] [--hold-ms=60000]
//
// Events, in order: "refused" (the offer before configure; the test configures the gateway when it sees it),
// "bad-input" (after configure), "connected" (the file plays into the peer: check the feed now), then, once the test
// stopped the gateway, "result" (the offer after stop). Or "failed".
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { emit, gatewayJson, launch, log, parseArgs, requireArg, run, until } from './lib.mjs';

const args = parseArgs();
const port = Number(requireArg(args, 'port'));
const file = path.resolve(requireArg(args, 'file'));
const type = args.type || 'video/webm';
const holdMs = Number(args['hold-ms'] || 60_000);
const STATUS = '/input/devices/virtual/status';

/** Serves the file (whole, or the one byte range asked) with CORS, so the page may capture the video it plays. */
function serveFile(onExit) {
  const bytes = fs.readFileSync(file);
  const server = http.createServer((request, response) => {
    const headers = { 'Content-Type': type, 'Accept-Ranges': 'bytes', 'Access-Control-Allow-Origin': '*' };
    const range = /^bytes=(\d+)-(\d*)$/.exec(request.headers.range || '');
    if (!range) {
      response.writeHead(200, { ...headers, 'Content-Length': bytes.length });
      response.end(bytes);
      return;
    }
    const start = Number(range[1]);
    const end = range[2] ? Math.min(Number(range[2]), bytes.length - 1) : bytes.length - 1;
    response.writeHead(206, { ...headers, 'Content-Length': end - start + 1,
      'Content-Range': `bytes ${start}-${end}/${bytes.length}` });
    response.end(bytes.subarray(start, end + 1));
  });
  onExit(() => new Promise((done) => server.close(done)));
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(`http://127.0.0.1:${server.address().port}/video`)));
}

run(async (onExit) => {
  const videoUrl = await serveFile(onExit);
  const browser = await launch();
  onExit(browser.close);
  const page = await browser.context.newPage();
  page.on('console', (m) => log('page console:', m.type(), m.text()));
  await page.goto(`http://127.0.0.1:${port}/webrtc/config`); // an origin on the gateway, as an integrator's page

  // The seed's steps up to the offer, in the page: the offer is kept, and the page POSTs it as often as asked.
  await page.evaluate(async (videoUrl) => {
    const video = document.createElement('video');
    video.crossOrigin = 'anonymous'; // the file comes from another origin: CORS lets the page capture it
    video.muted = true;
    video.loop = true;
    video.src = videoUrl;
    document.body.appendChild(video); // as with canvases, a detached element gives captureStream no frames headless
    await video.play();

    const pc = new RTCPeerConnection();
    const player = video.captureStream();
    if (player.getVideoTracks().length) {
      pc.addTrack(player.getVideoTracks()[0]);
    }
    await pc.setLocalDescription(await pc.createOffer());
    await new Promise((done) => { // aiortc's setLocalDescription returns once gathering is complete
      if (pc.iceGatheringState === 'complete') return done();
      pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && done());
    });
    window.pc = pc;
    // resp = await s.post(url, json={...}); answer = await resp.json(), with the status and the raw body kept
    window.post = async (body) => {
      const resp = await fetch('/input/devices/virtual/webrtc/offer', {
        method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await resp.text();
      let json = null;
      try { json = JSON.parse(text); } catch (notJson) { /* reported as is */ }
      return { status: resp.status, contentType: resp.headers.get('content-type'), json, text: json ? undefined : text };
    };
  }, videoUrl);
  const offer = { sdp: await page.evaluate(() => window.pc.localDescription.sdp) };

  // 1. The offer before the gateway is configured: 409 with a JSON message, nothing else happens.
  emit('refused', await page.evaluate((body) => window.post(body), offer));

  // The test configures video as webrtc now.
  const configured = await until(60_000, 200, async () => {
    const status = await gatewayJson(port, STATUS);
    return status.video && status.video.type === 'webrtc';
  });
  if (!configured) throw new Error('video was not configured as webrtc within 60 s');

  // 2. What the same client gets for bodies that are not an offer.
  const badBodies = {
    'no sdp': {},
    'empty sdp': { sdp: '' },
    'not SDP': { sdp: 'hello' },
    'truncated offer': { sdp: offer.sdp.slice(0, 40) },
    'sdp not a string': { sdp: 42 },
    'not JSON': '{"sdp": ',
  };
  const bad = {};
  for (const [name, body] of Object.entries(badBodies)) {
    bad[name] = await page.evaluate((body) => window.post(body), body);
  }
  emit('bad-input', { cases: bad });

  // 3. The seed's flow: POST the offer, read the JSON answer, set it as the remote description.
  const answered = await page.evaluate(async (body) => {
    const resp = await window.post(body);
    if (resp.status !== 200) return { resp };
    const answer = resp.json;
    await window.pc.setRemoteDescription({ type: 'answer', sdp: answer.sdp });
    return { resp: { status: resp.status, contentType: resp.contentType, keys: Object.keys(answer).sort(),
      type: answer.type, sdpStart: String(answer.sdp).slice(0, 7) } };
  }, offer);
  if (answered.resp.status !== 200) {
    throw new Error(`the offer was refused after configure: ${JSON.stringify(answered.resp)}`);
  }
  const connected = await page.evaluate(() => new Promise((done, fail) => {
    const pc = window.pc;
    const check = () => {
      if (pc.connectionState === 'connected') done(pc.connectionState);
      if (pc.connectionState === 'failed') fail(new Error('connection failed'));
    };
    pc.addEventListener('connectionstatechange', check);
    check();
    setTimeout(() => fail(new Error('not connected after 20 s: ' + pc.connectionState)), 20_000);
  }));
  const sent = await page.evaluate(async () => {
    const sender = window.pc.getSenders().find((s) => s.track && s.track.kind === 'video');
    const video = document.querySelector('video');
    return { codec: sender.getParameters().codecs[0].mimeType, videoWidth: video.videoWidth,
      videoHeight: video.videoHeight, tracks: window.pc.getSenders().map((s) => s.track && s.track.kind) };
  });
  emit('connected', { state: connected, answer: answered.resp, ...sent });

  // 4. The test stops the gateway: the same offer is refused again.
  const stopped = await until(holdMs, 200, async () => (await gatewayJson(port, STATUS)).state === 'idle');
  if (!stopped) throw new Error(`the gateway was not stopped within ${holdMs} ms`);
  emit('result', { afterStop: await page.evaluate((body) => window.post(body), offer), browserVersion: browser.version });
});
