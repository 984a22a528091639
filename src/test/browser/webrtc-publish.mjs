// A browser WebRTC publisher: the README's JavaScript, with a canvas track of one colour and an oscillator tone as
// its camera and microphone (no devices, no flags needed).
//
//   node webrtc-publish.mjs --port=<gateway port> --colour=#ff0000 [--hold-ms=20000]
//
// Events: "connected" (the peer is up: check the feed now), "result" (final connection state), or "failed".
import { emit, launch, log, parseArgs, requireArg, run, sleep } from './lib.mjs';

const args = parseArgs();
const port = Number(requireArg(args, 'port'));
const colour = requireArg(args, 'colour');
const holdMs = Number(args['hold-ms'] || 20_000);

run(async (onExit) => {
  const browser = await launch();
  onExit(browser.close);
  const page = await browser.context.newPage();
  page.on('console', (m) => log('page console:', m.type(), m.text()));
  await page.goto(`http://127.0.0.1:${port}/webrtc/config`); // an origin on the gateway; CORS allows others too
  const connected = await page.evaluate(async ({ colour }) => {
    const canvas = document.createElement('canvas');
    canvas.width = 640;
    canvas.height = 360;
    document.body.appendChild(canvas); // a detached canvas gives captureStream no frames in headless Chromium
    const g = canvas.getContext('2d');
    const paint = () => { g.fillStyle = colour; g.fillRect(0, 0, canvas.width, canvas.height); };
    paint();
    setInterval(paint, 33); // captureStream only emits frames when the canvas is drawn
    const audio = new AudioContext();
    const oscillator = audio.createOscillator();
    oscillator.frequency.value = 440;
    const destination = audio.createMediaStreamDestination();
    oscillator.connect(destination);
    oscillator.start();
    const media = new MediaStream([...canvas.captureStream(30).getVideoTracks(), ...destination.stream.getAudioTracks()]);

    // --- the README snippet ---
    const gateway = location.origin;
    const { ice_servers } = await (await fetch(`${gateway}/webrtc/config`)).json();
    const pc = new RTCPeerConnection({ iceServers: ice_servers });
    media.getTracks().forEach((track) => pc.addTransceiver(track, { direction: 'sendonly' }));
    await pc.setLocalDescription(await pc.createOffer());
    await new Promise((done) => {
      if (pc.iceGatheringState === 'complete') return done();
      pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && done());
    });
    const response = await fetch(`${gateway}/input/devices/virtual/webrtc/offer`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ sdp: pc.localDescription.sdp }),
    });
    if (!response.ok) throw new Error((await response.json()).message);
    await pc.setRemoteDescription(await response.json());
    // --- end of the snippet ---

    window.publisher = pc;
    await new Promise((done, fail) => {
      const check = () => {
        if (pc.connectionState === 'connected') done();
        if (pc.connectionState === 'failed') fail(new Error('connection failed'));
      };
      pc.addEventListener('connectionstatechange', check);
      check();
      setTimeout(() => fail(new Error('not connected after 20 s: ' + pc.connectionState)), 20_000);
    });
    const sender = pc.getSenders().find((s) => s.track && s.track.kind === 'video');
    await new Promise((done) => setTimeout(done, 1000));
    let framesSent = 0;
    (await sender.getStats()).forEach((r) => { if (r.type === 'outbound-rtp') framesSent = r.framesSent || 0; });
    return { state: pc.connectionState, codec: sender.getParameters().codecs[0].mimeType, framesSent };
  }, { colour });
  emit('connected', connected);
  await sleep(holdMs);
  const state = await page.evaluate(() => window.publisher.connectionState);
  emit('result', { state, browserVersion: browser.version });
});
