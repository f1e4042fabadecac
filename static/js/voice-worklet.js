// AudioWorklet: microphone → 16 kHz mono PCM16 frames of 20 ms (320 samples), posted
// to the page, which sends them as binary WebSocket messages. Resamples linearly when
// the context does not run at 16 kHz.
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
