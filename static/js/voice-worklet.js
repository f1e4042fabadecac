// AudioWorklets of voice mode.
// "pcm-frames": microphone → 16 kHz mono PCM16 frames of 20 ms (320 samples), posted
// to the page, which sends them as binary WebSocket messages. Resamples linearly when
// the context does not run at 16 kHz.
// "barge-gate": the reply audio (input 1) passes to the speakers unless the microphone
// (input 0) carries speech while the reply plays: then it shuts in the audio thread,
// with no trip through the page, and tells the page; the page reopens it.
class PcmFrames extends AudioWorkletProcessor {
  constructor() {
    super();
    this.ratio = sampleRate / 16000;
    this.pos = 0;
    this.frame = new Int16Array(320);
    this.n = 0;
  }
  process(inputs) {
    const input = inputs[0] && inputs[0][0];
    if (!input) return true;
    // Walk the input at the 16 kHz step, interpolating between neighbours.
    while (this.pos < input.length) {
      const i = Math.floor(this.pos), f = this.pos - i;
      const a = input[i];
      const b = input[Math.min(i + 1, input.length - 1)];
      const v = Math.max(-1, Math.min(1, a + (b - a) * f));
      this.frame[this.n++] = v < 0 ? v * 0x8000 : v * 0x7fff;
      if (this.n === this.frame.length) {
        this.port.postMessage(this.frame.buffer, [this.frame.buffer]);
        this.frame = new Int16Array(320);
        this.n = 0;
      }
      this.pos += this.ratio;
    }
    this.pos -= input.length;
    return true;
  }
}
registerProcessor("pcm-frames", PcmFrames);

// A 20 ms block of the microphone is loud when its RMS stands 9 dB over the background:
// the 10th percentile of the last 3 s of blocks, so a steady noise — a fan, a street,
// a hum at any level — becomes the background within seconds instead of speech (a floor
// learnt only from quiet blocks never learnt a noise louder than its first guess, and
// the noise muted the interviewer). Three loud blocks in a row (60 ms) while the reply
// has been audible in the last 0.3 s shut the gate. Echo cancellation keeps the reply
// itself out of the microphone. bench/barge_gate_noise.py measures it.
class BargeGate extends AudioWorkletProcessor {
  constructor() {
    super();
    this.open = true;
    this.block = Math.round(sampleRate * 0.02);
    this.sum = 0;
    this.n = 0;
    this.recent = new Float32Array(150); // 3 s of block levels, a ring
    this.filled = 0;
    this.next = 0;
    this.floor = 0.003;
    this.loud = 0;
    this.since = 0;
    this.replyAt = -1;
    this.port.onmessage = (e) => { if (e.data.open) this.open = true; };
  }
  process(inputs, outputs) {
    const mic = inputs[0] && inputs[0][0];
    const reply = inputs[1] && inputs[1][0];
    const out = outputs[0][0];
    if (reply) {
      for (let i = 0; i < reply.length; i++) {
        if (reply[i] > 1e-3 || reply[i] < -1e-3) { this.replyAt = currentTime; break; }
      }
      if (this.open) out.set(reply);
    }
    if (mic) {
      for (let i = 0; i < mic.length; i++) {
        this.sum += mic[i] * mic[i];
        if (++this.n === this.block) this.endBlock(currentTime + i / sampleRate);
      }
    }
    return true;
  }
  background(rms) {
    this.recent[this.next] = rms;
    this.next = (this.next + 1) % this.recent.length;
    this.filled = Math.min(this.recent.length, this.filled + 1);
    if (this.filled < 25) return; // half a second before the first estimate
    const sorted = this.recent.slice(0, this.filled).sort();
    this.floor = sorted[Math.floor(this.filled / 10)];
  }
  endBlock(at) {
    const rms = Math.sqrt(this.sum / this.n);
    this.sum = 0;
    this.n = 0;
    this.background(rms);
    // Until the background is known (the first half second), nothing counts as speech.
    if (this.filled < 25 || rms <= Math.max(0.01, this.floor * 2.8)) {
      this.loud = 0;
      return;
    }
    if (this.loud++ === 0) this.since = at - 0.02;
    const playing = this.replyAt >= 0 && at - this.replyAt < 0.3;
    if (this.open && playing && this.loud >= 3) {
      this.open = false;
      this.port.postMessage({ onset: this.since, at });
    }
  }
}
registerProcessor("barge-gate", BargeGate);
