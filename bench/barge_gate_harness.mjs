// Runs the room's real barge-in gate (static/js/voice-worklet.js, "barge-gate") outside
// the browser: the AudioWorklet globals are provided here, the microphone comes from a
// raw 48 kHz float32 file, and the reply input is a steady tone (the interviewer talking
// all along). Prints JSON: when the gate closed (seconds of microphone audio).
//     node bench/barge_gate_harness.mjs WORKLET.js MIC.f32
import { readFileSync } from "node:fs";
import vm from "node:vm";

const [workletPath, micPath] = process.argv.slice(2);
const RATE = 48000, QUANTUM = 128;
const processors = {};
const sandbox = {
  sampleRate: RATE,
  currentTime: 0,
  AudioWorkletProcessor: class { constructor() { this.port = { postMessage: (m) => sandbox.posted.push(m), onmessage: null }; } },
  registerProcessor: (name, cls) => { processors[name] = cls; },
  posted: [],
  Math, Int16Array, Float32Array,
};
vm.createContext(sandbox);
vm.runInContext(readFileSync(workletPath, "utf8"), sandbox);
const gate = new processors["barge-gate"]();
const buf = readFileSync(micPath);
const mic = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
const reply = new Float32Array(QUANTUM).map((_, i) => 0.2 * Math.sin((2 * Math.PI * 220 * i) / RATE));
const out = [new Float32Array(QUANTUM)];
const closed = [];
for (let at = 0; at + QUANTUM <= mic.length; at += QUANTUM) {
  sandbox.currentTime = at / RATE;
  gate.process([[mic.subarray(at, at + QUANTUM)], [reply]], [out]);
  while (sandbox.posted.length) {
    const msg = sandbox.posted.shift();
    closed.push(+msg.at.toFixed(3));
    gate.port.onmessage({ data: { open: true } }); // the page reopens it (as if unconfirmed)
  }
}
console.log(JSON.stringify({ seconds: mic.length / RATE, closed }));
