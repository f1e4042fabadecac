// Records the candidate's camera + microphone (webm vp8/opus) and uploads it in chunks
// every few seconds while the interview runs. Chunks are numbered; a failed upload is
// retried and the server tells which number it expects next, so a dropped network
// loses nothing that was recorded, and everything uploaded survives a closed tab.
(() => {
  const SLICE_MS = 3000;
  window.interviewRecorder = {
    // onStop(message): the server refused the recording for good (a limit reached, the
    // link no longer valid); the room shows the message, the interview goes on.
    start(stream, url, onStop) {
      if (!window.MediaRecorder || !url) return null;
      const types = ["video/webm;codecs=vp8,opus", "video/webm", "audio/webm"];
      const mime = types.find((m) => MediaRecorder.isTypeSupported(m));
      if (!mime) return null;
      const recorder = new MediaRecorder(stream, { mimeType: mime, videoBitsPerSecond: 500000 });
      const queue = [];  // [index, blob, last, elapsed ms]
      // The recorder's own clock: the server dates this page load's segment from it, so
      // segments and the interviewer's voice line up in the joined recording.
      let began = 0;
      let recordingId = "", next = 0, sending = false, retry = 0, stopped = false;

      async function pump() {
        if (sending) return;
        sending = true;
        while (queue.length) {
          const [index, blob, last, elapsed] = queue[0];
          try {
            const res = await fetch(url, {
              method: "POST",
              body: blob,
              keepalive: blob.size < 60000,
              headers: {
                "Content-Type": mime,
                "X-Chunk-Index": String(index),
                "X-Recording-Id": recordingId,
                // The chunk after stop(): the server joins the parts into one file.
                "X-Recording-Last": last ? "1" : "0",
                "X-Recording-Elapsed": String(elapsed),
              },
            });
            if (res.status === 429) {
              // Too fast (or too many failed links): wait as told, then send it again.
              const wait = Number(res.headers.get("Retry-After")) || 5;
              await new Promise((r) => setTimeout(r, Math.min(60, wait) * 1000));
              continue;
            }
            if (res.status === 403 || res.status === 413) {
              const reply = await res.json().catch(() => ({}));
              queue.length = 0;
              if (recorder.state !== "inactive") recorder.stop();
              stopped = true;
              if (onStop && reply.message) onStop(reply.message);
              break;
            }
            if (!res.ok) throw new Error("upload " + res.status);
            const ack = await res.json();
            recordingId = String(ack.recording);
            // Drop what the server has; on a gap it asks for an earlier number.
            while (queue.length && queue[0][0] < ack.next) queue.shift();
            retry = 0;
          } catch (err) {
            await new Promise((r) => setTimeout(r, Math.min(10000, 500 * 2 ** retry++)));
          }
        }
        sending = false;
      }

      recorder.ondataavailable = (e) => {
        if (!e.data || !e.data.size || stopped) return;
        queue.push([next++, e.data, recorder.state === "inactive", Math.round(performance.now() - began)]);
        pump();
      };
      recorder.onstart = () => { began = performance.now(); };
      began = performance.now();
      recorder.start(SLICE_MS);
      return recorder;
    },
  };
})();
