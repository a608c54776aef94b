// The door's counts, the event's and each session's (checked in of confirmed), as the server gave them.
function showCounts(counts) {
  const total = document.getElementById("door-counts");
  const sessions = document.getElementById("door-session-counts");
  if (total && counts) total.textContent = counts.text;
  if (sessions && counts && counts.sessions) {
    sessions.replaceChildren(...counts.sessions.map((session) => {
      const line = document.createElement("li");
      line.textContent = session.text;
      return line;
    }));
    sessions.hidden = counts.sessions.length === 0;
  }
}

// The check-in page's counts (checked in of confirmed) keep up with the other doors: asked again now and then.
(() => {
  const counts = document.getElementById("door-counts");
  if (!counts || !window.fetch) return;
  const POLL_MS = 30000;
  async function refresh() {
    try {
      const response = await fetch(counts.dataset.countsUrl, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if ((response.headers.get("Content-Type") || "").includes("application/json")) {
        showCounts((await response.json()).counts);
      }
    } catch (error) {
      // Offline for a moment: the next round tries again.
    }
    window.setTimeout(refresh, POLL_MS);
  }
  window.setTimeout(refresh, POLL_MS);
})();

// The check-in page's own scanner: ticket after ticket through the camera, each answer shown large
// with a sound. Progressive enhancement: without a camera or script the typed-code form still works.
(() => {
  const scanner = document.getElementById("scanner");
  const form = document.getElementById("check-in-form");
  const answer = document.getElementById("check-in-result");
  if (!scanner || !form || !answer || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return;

  const video = scanner.querySelector("video");
  const startButton = scanner.querySelector("[data-scanner-start]");
  const confirmRow = answer.querySelector(".scanner-confirm");
  const canvas = document.createElement("canvas");
  const context = canvas.getContext("2d", { willReadFrequently: true });
  const levels = ["success", "warning", "error"];
  // A ticket held in front of the camera is read many times a second: one answer per code.
  const SAME_CODE_PAUSE_MS = 4000;
  const ANSWER_PAUSE_MS = 1200;
  let detector = null;
  let audio = null;
  let lastCode = "";
  let lastCodeAt = 0;
  let pausedUntil = 0;
  let waitingForChoice = null;
  let busy = false;

  scanner.hidden = false;

  if ("BarcodeDetector" in window) {
    window.BarcodeDetector.getSupportedFormats()
      .then((formats) => { if (formats.includes("qr_code")) detector = new window.BarcodeDetector({ formats: ["qr_code"] }); })
      .catch(() => {});
  }

  // A ticket's QR code holds the check-in address with ?code=…; a bare code is accepted too.
  function ticketCode(text) {
    let code = text;
    try {
      code = new URL(text).searchParams.get("code") || "";
    } catch (error) {
      // Not an address: the text itself is the code.
    }
    code = code.toUpperCase().replace(/[^0-9A-Z]/g, "");
    return code.length >= 4 && code.length <= 40 ? code : "";
  }

  function beep(level) {
    if (!audio) return;
    const tones = { success: [880, 0.15], warning: [440, 0.35], error: [220, 0.5] };
    const [frequency, seconds] = tones[level] || tones.error;
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.frequency.value = frequency;
    oscillator.type = level === "success" ? "sine" : "square";
    gain.gain.value = 0.2;
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start();
    oscillator.stop(audio.currentTime + seconds);
  }

  function show(status) {
    answer.hidden = false;
    answer.classList.remove(...levels.map((level) => `check-in-${level}`));
    answer.classList.add(`check-in-${status.level}`);
    answer.dataset.result = status.code;
    answer.querySelector("[data-field=text]").textContent = status.text;
    answer.querySelector("[data-field=person]").textContent = status.name
      ? `${status.name} · ${status.organisation} · ${status.ticket_code}`
      : "";
    answer.querySelector("[data-field=invitation-code]").textContent = status.invitation_code || "";
    showCounts(status.counts);
    // The sessions the ticket holds, for the door to send the person the right way.
    answer.querySelector("[data-field=sessions]").replaceChildren(...(status.sessions || []).map((session) => {
      const line = document.createElement("li");
      line.textContent = session;
      return line;
    }));
    // The answers the organisers marked to be shown at the door, each under its question.
    const doorAnswers = answer.querySelector("[data-field=door-answers]");
    doorAnswers.replaceChildren(...(status.door_answers || []).flatMap((item) => {
      const question = document.createElement("dt");
      const given = document.createElement("dd");
      question.textContent = item.question;
      given.textContent = item.answer;
      return [question, given];
    }));
    const serverConfirm = answer.querySelector("[data-server-confirm]");
    if (serverConfirm) serverConfirm.remove();
    confirmRow.hidden = status.code !== "not_today";
    beep(status.level);
  }

  async function send(code, confirmOtherDay) {
    busy = true;
    const data = new FormData();
    data.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
    data.append("ticket_code", code);
    if (confirmOtherDay) data.append("confirm_other_day", "1");
    try {
      const response = await fetch(form.getAttribute("action") || window.location.pathname, {
        method: "POST",
        body: data,
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (!(response.headers.get("Content-Type") || "").includes("application/json")) {
        // The organiser's login ended (the answer is the login page): say so; this ticket may be scanned again.
        show({ code: "signed_out", level: "error", text: scanner.dataset.signedOut });
        lastCode = "";
        return;
      }
      const status = await response.json();
      show(status);
      waitingForChoice = status.code === "not_today" ? code : null;
    } catch (error) {
      // The network dropped: the same ticket may be scanned again at once.
      lastCode = "";
    } finally {
      pausedUntil = Date.now() + ANSWER_PAUSE_MS;
      busy = false;
    }
  }

  async function decode() {
    const width = video.videoWidth;
    const height = video.videoHeight;
    if (!width || !height) return "";
    const scale = Math.min(1, 800 / Math.max(width, height));
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    context.drawImage(video, 0, 0, canvas.width, canvas.height);
    if (detector) {
      const found = await detector.detect(canvas);
      return found.length ? found[0].rawValue : "";
    }
    if (!window.jsQR) return "";
    const image = context.getImageData(0, 0, canvas.width, canvas.height);
    const found = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
    return found ? found.data : "";
  }

  async function scan() {
    if (!busy && !waitingForChoice && Date.now() >= pausedUntil) {
      try {
        const code = ticketCode(await decode());
        const now = Date.now();
        if (code && (code !== lastCode || now - lastCodeAt > SAME_CODE_PAUSE_MS)) {
          lastCode = code;
          lastCodeAt = now;
          await send(code, false);
        }
      } catch (error) {
        // One unreadable frame: the next one is tried.
      }
    }
    window.setTimeout(scan, 150);
  }

  startButton.addEventListener("click", async () => {
    const AudioContext = window.AudioContext || window.webkitAudioContext;
    if (AudioContext) audio = new AudioContext();
    try {
      video.srcObject = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: "environment" },
        audio: false,
      });
      await video.play();
    } catch (error) {
      scanner.querySelector(".scanner-unavailable").hidden = false;
      return;
    }
    startButton.hidden = true;
    video.hidden = false;
    scanner.querySelector(".scanner-hint").hidden = false;
    scan();
  });

  answer.querySelector("[data-scanner-confirm]").addEventListener("click", () => {
    const code = waitingForChoice;
    waitingForChoice = null;
    if (code) send(code, true);
  });
  answer.querySelector("[data-scanner-skip]").addEventListener("click", () => {
    waitingForChoice = null;
    answer.hidden = true;
  });
})();
