/*
 * Media Gateway browser camera: makes the gateway's live feed the camera of the page.
 *
 * - navigator.mediaDevices.getUserMedia() with video (and no deviceId, or deviceId "media-gateway-camera") returns a
 *   live MediaStreamTrack of the feed; audio, if asked for too, still comes from the real getUserMedia. A request for
 *   another deviceId goes to the real camera.
 * - navigator.mediaDevices.enumerateDevices() lists a videoinput "Media Gateway Camera" first.
 *
 * How: the feed (WS /input/devices/virtual/feed/socket, live MPEG-1 in MPEG-TS) is decoded with the JSMpeg build the
 * gateway serves (/input/devices/virtual/feed/jsmpeg.min.js, loaded from the gateway when a page first asks for the
 * camera) and each decoded picture becomes a VideoFrame written to a MediaStreamTrackGenerator (Chromium), or, where
 * there is none, is drawn on an offscreen canvas whose captureStream() is the track. The track's size and rate are
 * the feed's. All tracks share one socket, which reconnects like the feed page (every second) and is closed when the
 * last track is stopped.
 *
 * The same file is the content script of the Chromium extension (manifest.json beside it, run in the page's MAIN
 * world at document_start) and is served by the gateway at GET /input/devices/virtual/camera.js for <script src>.
 */
(() => {
  'use strict';

  // ---- Settings: the one place to change them ---------------------------------------------------------------------
  // Where the gateway is. This default is for the extension: the gateway of the Docker image, as its Chromium sees it.
  // To point the extension at another gateway, change this line. The copy the gateway serves at
  // /input/devices/virtual/camera.js has this line replaced: it uses the origin it was loaded from.
  // A page can also set window.MEDIA_GATEWAY_CAMERA = { origin: 'http://host:port' } before asking for the camera.
  const GATEWAY_ORIGIN = 'http://localhost:10001'; // @gateway-origin
  const DEVICE_ID = 'media-gateway-camera';
  const GROUP_ID = 'media-gateway';
  const LABEL = 'Media Gateway Camera';
  const FEED_SOCKET_PATH = '/input/devices/virtual/feed/socket';
  const JSMPEG_PATH = '/input/devices/virtual/feed/jsmpeg.min.js';
  const RECONNECT_MS = 1000; // as the feed page (JSMpeg reconnectInterval: 1)
  const FIRST_PICTURE_WAIT_MS = 3000; // getUserMedia waits this long for a first picture, then starts with black
  const DEFAULT_SIZE = { width: 640, height: 480 }; // only until the feed has sent a picture
  const DEFAULT_FRAME_RATE = 30; // only until the feed has sent a sequence header
  const VIDEO_BUFFER_BYTES = 4 * 1024 * 1024;
  // With no picture from the gateway for this long (unreachable, or no video configured), tracks get black frames at
  // BLACK_FILL_FPS: a track without frames would never start playing.
  const BLACK_FILL_AFTER_MS = 1000;
  const BLACK_FILL_FPS = 5;
  // 'auto': MediaStreamTrackGenerator where there is one, else canvas.captureStream(); 'generator' or 'canvas' force one.
  const DEFAULT_OUTPUT = 'auto';
  // ------------------------------------------------------------------------------------------------------------------

  if (typeof window === 'undefined' || typeof MediaDevices === 'undefined' || !MediaDevices.prototype.getUserMedia) {
    return; // no camera API here (insecure context, worker, ...)
  }
  const installed = window.mediaGatewayCamera;
  if (installed && installed.deviceId === DEVICE_ID) {
    // Already installed in this page (extension and <script src> both): the copy loaded last says where the gateway is.
    installed.defaultOrigin = GATEWAY_ORIGIN;
    return;
  }

  const realGetUserMedia = MediaDevices.prototype.getUserMedia;
  const realEnumerateDevices = MediaDevices.prototype.enumerateDevices;
  const settings = { defaultOrigin: GATEWAY_ORIGIN };

  function pageOverrides() {
    const o = window.MEDIA_GATEWAY_CAMERA;
    return o && typeof o === 'object' ? o : {};
  }

  function origin() {
    const value = pageOverrides().origin || settings.defaultOrigin;
    return String(value).replace(/\/+$/, '');
  }

  function output() {
    const wanted = pageOverrides().output || DEFAULT_OUTPUT;
    const hasGenerator = typeof window.MediaStreamTrackGenerator === 'function' && typeof window.VideoFrame === 'function';
    if (wanted === 'canvas' || !hasGenerator) {
      return 'canvas';
    }
    return 'generator';
  }

  // ---- JSMpeg, loaded once per page from the gateway ---------------------------------------------------------------
  const jsmpegByOrigin = new Map();

  function loadJsmpeg(from) {
    if (!jsmpegByOrigin.has(from)) {
      const loading = new Promise((resolve, reject) => {
        // The UMD build sets window.JSMpeg: keep the page's own JSMpeg (if it has one) where it was.
        const hadOwn = Object.prototype.hasOwnProperty.call(window, 'JSMpeg');
        const own = window.JSMpeg;
        const script = document.createElement('script');
        const done = () => {
          const ours = window.JSMpeg;
          if (hadOwn) {
            window.JSMpeg = own;
          } else {
            try { delete window.JSMpeg; } catch (e) { window.JSMpeg = undefined; }
          }
          script.remove();
          return ours;
        };
        script.src = from + JSMPEG_PATH;
        script.async = true;
        script.onload = () => {
          const ours = done();
          if (ours && ours.Decoder && ours.Demuxer) {
            resolve(ours);
          } else {
            reject(new Error('Media Gateway camera: ' + script.src + ' did not define JSMpeg'));
          }
        };
        script.onerror = () => {
          done();
          reject(new Error('Media Gateway camera: could not load ' + script.src));
        };
        (document.head || document.documentElement).appendChild(script);
      });
      loading.catch(() => jsmpegByOrigin.delete(from)); // try again on the next connect
      jsmpegByOrigin.set(from, loading);
    }
    return jsmpegByOrigin.get(from);
  }

  // ---- Pictures -----------------------------------------------------------------------------------------------------
  // A decoded picture: JSMpeg's planes (Y, Cr, Cb at coded size, a multiple of 16) and the picture size.
  function picture(y, cr, cb, width, height, codedWidth, codedHeight, frameRate) {
    let packed = null;
    return {
      y, cr, cb, width, height, codedWidth, codedHeight, frameRate,
      /** The planes as one I420 buffer (Y, U=Cb, V=Cr), made once per picture for all tracks. */
      i420() {
        if (!packed) {
          const ySize = codedWidth * codedHeight;
          packed = new Uint8Array(ySize + (ySize >> 1));
          packed.set(y.subarray(0, ySize), 0);
          packed.set(cb.subarray(0, ySize >> 2), ySize);
          packed.set(cr.subarray(0, ySize >> 2), ySize + (ySize >> 2));
        }
        return packed;
      },
    };
  }

  let lastBlack = null;

  function blackPicture(width, height, frameRate) {
    if (lastBlack && lastBlack.width === width && lastBlack.height === height) {
      return lastBlack;
    }
    const codedWidth = (width + 15) >> 4 << 4;
    const codedHeight = (height + 15) >> 4 << 4;
    const ySize = codedWidth * codedHeight;
    const y = new Uint8ClampedArray(ySize).fill(16);
    const c = new Uint8ClampedArray(ySize >> 2).fill(128);
    lastBlack = picture(y, c, c, width, height, codedWidth, codedHeight, frameRate);
    return lastBlack;
  }

  // ---- The feed: one socket and decoder for all tracks of the page --------------------------------------------------
  class Feed {
    constructor() {
      this.sinks = new Set();
      this.socket = null;
      this.reconnectTimer = 0;
      this.generation = 0; // bumps on every (re)connect and on close; stale callbacks compare against it
      this.last = null; // the last picture (or black)
      this.lastPictureAt = 0; // performance.now() of the last picture from the gateway
      this.blackFill = 0;
      this.frameRate = DEFAULT_FRAME_RATE;
      this.stats = { connects: 0, pictures: 0, bytes: 0, state: 'idle' };
      this.firstPictureWaiters = [];
    }

    add(sink) {
      this.sinks.add(sink);
      if (this.sinks.size === 1) {
        this.open();
      }
    }

    remove(sink) {
      this.sinks.delete(sink);
      if (this.sinks.size === 0) {
        this.close();
      }
    }

    /** Resolves with the first picture after now, or null after {@code ms}. */
    nextPicture(ms) {
      return new Promise((resolve) => {
        const waiter = (p) => { clearTimeout(timer); resolve(p); };
        const timer = setTimeout(() => {
          this.firstPictureWaiters = this.firstPictureWaiters.filter((w) => w !== waiter);
          resolve(null);
        }, ms);
        this.firstPictureWaiters.push(waiter);
      });
    }

    open() {
      const generation = ++this.generation;
      const from = origin();
      if (!this.blackFill) {
        this.lastPictureAt = performance.now();
        this.blackFill = setInterval(() => this.fillBlack(), 1000 / BLACK_FILL_FPS);
      }
      this.stats.state = 'loading decoder';
      loadJsmpeg(from).then((JSMpeg) => {
        if (generation === this.generation) {
          this.connect(JSMpeg, from, generation);
        }
      }, (error) => {
        console.warn(String(error && error.message || error) + '; trying again in ' + RECONNECT_MS + ' ms');
        this.retryLater(generation);
      });
    }

    retryLater(generation) {
      if (generation !== this.generation || this.sinks.size === 0) {
        return;
      }
      this.stats.state = 'waiting to reconnect';
      clearTimeout(this.reconnectTimer);
      this.reconnectTimer = setTimeout(() => {
        if (generation === this.generation && this.sinks.size > 0) {
          this.open();
        }
      }, RECONNECT_MS);
    }

    connect(JSMpeg, from, generation) {
      // A fresh demuxer and decoder per connection: the gateway starts every viewer at a keyframe.
      const demuxer = new JSMpeg.Demuxer.TS({});
      const decoder = new JSMpeg.Decoder.MPEG1Video({ streaming: true, decodeFirstFrame: false, videoBufferSize: VIDEO_BUFFER_BYTES });
      demuxer.connect(JSMpeg.Demuxer.TS.STREAM.VIDEO_1, decoder);
      decoder.connect({
        resize: () => {},
        render: (y, cr, cb) => {
          if (generation !== this.generation) {
            return;
          }
          this.frameRate = decoder.frameRate || this.frameRate;
          this.deliver(picture(y, cr, cb, decoder.width, decoder.height, decoder.codedWidth, decoder.codedHeight, this.frameRate));
        },
      });
      const socket = new window.WebSocket(from.replace(/^http/, 'ws') + FEED_SOCKET_PATH);
      socket.binaryType = 'arraybuffer';
      this.socket = socket;
      this.stats.connects++;
      this.stats.state = 'connecting';
      socket.onopen = () => {
        if (generation === this.generation) {
          this.stats.state = 'open';
        }
      };
      socket.onmessage = (event) => {
        if (generation !== this.generation || !(event.data instanceof ArrayBuffer)) {
          return;
        }
        this.stats.bytes += event.data.byteLength;
        demuxer.write(event.data);
        // Decode everything that arrived, at once: the gateway paces the feed, we add no delay.
        while (generation === this.generation && decoder.decode()) { /* one picture per call */ }
      };
      socket.onerror = () => {};
      socket.onclose = () => {
        if (generation !== this.generation) {
          return;
        }
        this.socket = null;
        // The gateway is gone for now: black rather than a frozen picture, then reconnect.
        const size = this.last || DEFAULT_SIZE;
        this.deliver(blackPicture(size.width, size.height, this.frameRate), true);
        this.retryLater(generation);
      };
    }

    fillBlack() {
      if (this.sinks.size > 0 && performance.now() - this.lastPictureAt > BLACK_FILL_AFTER_MS) {
        const size = this.last || DEFAULT_SIZE;
        this.deliver(blackPicture(size.width, size.height, this.frameRate), true);
      }
    }

    deliver(p, synthetic) {
      this.last = p;
      if (!synthetic) {
        this.stats.pictures++;
        this.lastPictureAt = performance.now();
      }
      for (const sink of this.sinks) {
        sink.render(p);
      }
      if (!synthetic && this.firstPictureWaiters.length) {
        const waiters = this.firstPictureWaiters;
        this.firstPictureWaiters = [];
        waiters.forEach((w) => w(p));
      }
    }

    close() {
      this.generation++;
      clearTimeout(this.reconnectTimer);
      clearInterval(this.blackFill);
      this.blackFill = 0;
      this.stats.state = 'idle';
      if (this.socket) {
        const socket = this.socket;
        this.socket = null;
        socket.onclose = null;
        socket.onmessage = null;
        socket.close(1000, 'camera stopped');
      }
    }
  }

  const feed = new Feed();

  // ---- Tracks -------------------------------------------------------------------------------------------------------
  const videoColorSpace = { primaries: 'smpte170m', transfer: 'smpte170m', matrix: 'smpte170m', fullRange: false };

  /** A MediaStreamTrackGenerator fed with one VideoFrame per picture. */
  function generatorSink() {
    const generator = new window.MediaStreamTrackGenerator({ kind: 'video' });
    const writer = generator.writable.getWriter();
    let ended = false;
    return {
      track: generator,
      size: null,
      render(p) {
        if (ended) {
          return;
        }
        if (writer.desiredSize !== null && writer.desiredSize <= 0) {
          return; // the consumer is behind: drop rather than queue (live)
        }
        this.size = p;
        const frame = new window.VideoFrame(p.i420(), {
          format: 'I420',
          codedWidth: p.codedWidth,
          codedHeight: p.codedHeight,
          visibleRect: { x: 0, y: 0, width: p.width, height: p.height },
          timestamp: Math.round(performance.now() * 1000),
          colorSpace: videoColorSpace,
        });
        writer.write(frame).catch(() => { ended = true; });
      },
      end() {
        ended = true;
        writer.close().catch(() => {});
      },
    };
  }

  /** An offscreen canvas drawn by JSMpeg's 2D renderer; its captureStream() makes a frame per picture drawn. */
  function canvasSink() {
    const canvas = document.createElement('canvas');
    canvas.width = DEFAULT_SIZE.width;
    canvas.height = DEFAULT_SIZE.height;
    const context = canvas.getContext('2d');
    const track = canvas.captureStream().getVideoTracks()[0];
    let image = null;
    return {
      track,
      size: null,
      render(p) {
        if (!image || image.width !== p.width || image.height !== p.height) {
          canvas.width = p.width;
          canvas.height = p.height;
          image = context.createImageData(p.width, p.height);
        }
        this.size = p;
        toRgba(p, image.data);
        context.putImageData(image, 0, 0);
      },
      end() {},
    };
  }

  /** BT.601 limited range Y'CbCr (JSMpeg's planes) to RGBA. */
  function toRgba(p, rgba) {
    const { y, cr, cb, width, height, codedWidth } = p;
    const chromaWidth = codedWidth >> 1;
    for (let row = 0; row < height; row++) {
      let i = row * width * 4;
      const yRow = row * codedWidth;
      const cRow = (row >> 1) * chromaWidth;
      for (let col = 0; col < width; col++) {
        const l = 1.164 * (y[yRow + col] - 16);
        const u = cb[cRow + (col >> 1)] - 128;
        const v = cr[cRow + (col >> 1)] - 128;
        rgba[i] = l + 1.596 * v;
        rgba[i + 1] = l - 0.392 * u - 0.813 * v;
        rgba[i + 2] = l + 2.017 * u;
        rgba[i + 3] = 255;
        i += 4;
      }
    }
  }

  /**
   * Makes {@code track} look like a camera (label, settings) and ties its stop() to the feed: the socket closes when
   * the last track (clones included) is stopped.
   */
  function dressAsCamera(track, sink, release) {
    const realStop = track.stop;
    const realClone = track.clone;
    const realGetSettings = track.getSettings;
    let stopped = false;
    const define = (name, value) => Object.defineProperty(track, name, { value, configurable: true, writable: true });
    Object.defineProperty(track, 'label', { get: () => LABEL, configurable: true });
    define('stop', function stop() {
      realStop.call(track);
      if (!stopped) {
        stopped = true;
        release();
      }
    });
    define('clone', function clone() {
      const copy = realClone.call(track);
      sink.refs++;
      return dressAsCamera(copy, sink, releaseOne(sink));
    });
    define('getSettings', function getSettings() {
      const real = realGetSettings.call(track);
      const size = sink.size || feed.last || DEFAULT_SIZE;
      return Object.assign({}, real, {
        deviceId: DEVICE_ID,
        groupId: GROUP_ID,
        width: size.width,
        height: size.height,
        aspectRatio: size.width / size.height,
        frameRate: feed.frameRate,
        resizeMode: 'none',
      });
    });
    define('getCapabilities', function getCapabilities() {
      const size = sink.size || feed.last || DEFAULT_SIZE;
      return {
        deviceId: DEVICE_ID,
        groupId: GROUP_ID,
        width: { min: 1, max: size.width },
        height: { min: 1, max: size.height },
        aspectRatio: { min: 1 / size.height, max: size.width },
        frameRate: { min: 0, max: feed.frameRate },
        resizeMode: ['none'],
      };
    });
    // The picture is the feed's: constraints cannot change it, and refusing them would break pages for nothing.
    define('applyConstraints', function applyConstraints() { return Promise.resolve(); });
    return track;
  }

  function releaseOne(sink) {
    return () => {
      sink.refs--;
      if (sink.refs === 0) {
        sink.end();
        feed.remove(sink);
      }
    };
  }

  async function cameraTrack() {
    const sink = output() === 'generator' ? generatorSink() : canvasSink();
    sink.refs = 1;
    const first = feed.last && feed.sinks.size > 0 ? feed.last : null;
    feed.add(sink);
    if (first) {
      sink.render(first); // the feed is already running: start with its last picture
    } else if (!(await feed.nextPicture(FIRST_PICTURE_WAIT_MS))) {
      // Nothing yet (gateway unreachable, or no video configured): black until pictures come.
      const size = feed.last || DEFAULT_SIZE;
      sink.render(blackPicture(size.width, size.height, feed.frameRate));
    }
    return dressAsCamera(sink.track, sink, releaseOne(sink));
  }

  // ---- getUserMedia and enumerateDevices ----------------------------------------------------------------------------
  function requestedDeviceIds(deviceId) {
    if (deviceId === undefined || deviceId === null) {
      return null;
    }
    if (typeof deviceId === 'string') {
      return [deviceId];
    }
    if (Array.isArray(deviceId)) {
      return deviceId;
    }
    if (typeof deviceId === 'object') {
      const value = deviceId.exact !== undefined ? deviceId.exact : deviceId.ideal;
      return value === undefined || value === null ? null : [].concat(value);
    }
    return null;
  }

  /** Video wanted, and either no particular device or ours. */
  function wantsThisCamera(video) {
    if (!video) {
      return false;
    }
    if (typeof video !== 'object') {
      return true;
    }
    const ids = requestedDeviceIds(video.deviceId);
    return ids === null || ids.length === 0 || ids.includes(DEVICE_ID);
  }

  async function getUserMedia(constraints) {
    const devices = this instanceof MediaDevices ? this : navigator.mediaDevices;
    if (!constraints || typeof constraints !== 'object' || !wantsThisCamera(constraints.video)) {
      return realGetUserMedia.call(devices, constraints);
    }
    const tracks = [];
    if (constraints.audio) {
      const audio = await realGetUserMedia.call(devices, { audio: constraints.audio });
      tracks.push(...audio.getAudioTracks());
    }
    tracks.push(await cameraTrack());
    return new MediaStream(tracks);
  }

  function cameraInfo() {
    const proto = typeof InputDeviceInfo === 'function' ? InputDeviceInfo.prototype : MediaDeviceInfo.prototype;
    const fields = { deviceId: DEVICE_ID, kind: 'videoinput', label: LABEL, groupId: GROUP_ID };
    const info = Object.create(proto);
    for (const [name, value] of Object.entries(fields)) {
      Object.defineProperty(info, name, { value, enumerable: true });
    }
    Object.defineProperty(info, 'toJSON', { value: () => Object.assign({}, fields) });
    Object.defineProperty(info, 'getCapabilities', {
      value: () => ({ deviceId: DEVICE_ID, groupId: GROUP_ID, width: { min: 1, max: 3840 }, height: { min: 1, max: 2160 },
        frameRate: { min: 1, max: 60 }, resizeMode: ['none'] }),
    });
    return info;
  }

  async function enumerateDevices() {
    const real = await realEnumerateDevices.call(this instanceof MediaDevices ? this : navigator.mediaDevices);
    return [cameraInfo(), ...real.filter((d) => d.deviceId !== DEVICE_ID)];
  }

  const replace = (target, name, fn) => Object.defineProperty(target, name, { value: fn, configurable: true, writable: true, enumerable: true });
  replace(MediaDevices.prototype, 'getUserMedia', getUserMedia);
  replace(MediaDevices.prototype, 'enumerateDevices', enumerateDevices);
  for (const legacy of ['getUserMedia', 'webkitGetUserMedia']) {
    if (typeof navigator[legacy] === 'function') {
      replace(Navigator.prototype, legacy, function (constraints, onSuccess, onError) {
        navigator.mediaDevices.getUserMedia(constraints).then(onSuccess, onError);
      });
    }
  }

  Object.defineProperty(window, 'mediaGatewayCamera', {
    value: Object.freeze({
      deviceId: DEVICE_ID,
      label: LABEL,
      get defaultOrigin() { return settings.defaultOrigin; },
      set defaultOrigin(value) { settings.defaultOrigin = String(value); },
      /** Where the camera connects now, how it makes tracks, and what came in. */
      status: () => Object.assign({ origin: origin(), output: output(), tracks: feed.sinks.size }, feed.stats),
    }),
    configurable: false,
    enumerable: false,
  });
})();
