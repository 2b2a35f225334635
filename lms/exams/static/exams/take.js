// Autosave for a test form. The server is the only clock and the only record: this script sends each
// change as it happens and every few seconds, keeps unacknowledged answers in localStorage until the
// server says they are saved, and submits the form when the server's time runs out. While the server
// cannot be reached (offline, or its database restarting: a 503) it says so calmly, keeps the answers
// on this device and tries again, waiting a little longer each time; the final submit waits for it too.
// Values are the page's opaque ones: the script never knows which option is which.
(function () {
  "use strict";
  var form = document.getElementById("exam-form");
  if (!form) return;
  var saveUrl = form.dataset.saveUrl;
  var storeKey = "hcec-exam-pending-" + form.dataset.attempt;
  var status = document.getElementById("save-status");
  var timer = document.getElementById("timer");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var pending = {};
  var inFlight = false;
  var closed = false;
  var submitting = false;
  var finishing = false;
  var retryDelay = 0;
  var retryTimer = null;
  var typing = null;
  var typingEvent = null;

  try { pending = JSON.parse(localStorage.getItem(storeKey) || "{}") || {}; } catch (e) { pending = {}; }

  function remember() {
    try { localStorage.setItem(storeKey, JSON.stringify(pending)); } catch (e) { /* private mode: memory only */ }
  }

  function responseOf(fieldset) {
    var position = fieldset.dataset.position;
    var qtype = fieldset.dataset.qtype;
    var name = "q" + position;
    if (qtype === "multiple") {
      return Array.prototype.map.call(fieldset.querySelectorAll("input[name='" + name + "']:checked"), function (i) { return i.value; });
    }
    if (qtype === "single" || qtype === "truefalse") {
      var checked = fieldset.querySelector("input[name='" + name + "']:checked");
      return checked ? checked.value : null;
    }
    if (qtype === "matching") {
      var answer = {};
      fieldset.querySelectorAll("select").forEach(function (select) { answer[select.name.split(".")[1]] = select.value; });
      return answer;
    }
    var input = fieldset.querySelector("input");
    return input ? input.value : null;
  }

  function restore(fieldset, response) {
    var position = fieldset.dataset.position;
    var qtype = fieldset.dataset.qtype;
    var name = "q" + position;
    if (qtype === "multiple") {
      fieldset.querySelectorAll("input[name='" + name + "']").forEach(function (i) { i.checked = response.indexOf(i.value) >= 0; });
    } else if (qtype === "single" || qtype === "truefalse") {
      fieldset.querySelectorAll("input[name='" + name + "']").forEach(function (i) {
        i.checked = response !== null && i.value === String(response);
      });
    } else if (qtype === "matching") {
      fieldset.querySelectorAll("select").forEach(function (s) { s.value = (response || {})[s.name.split(".")[1]] || ""; });
    } else {
      var input = fieldset.querySelector("input");
      if (input) input.value = response || "";
    }
  }

  // ``state`` is "error" for what the candidate must act on, "waiting" for a connection being retried.
  function show(text, state) {
    status.textContent = text;
    status.classList.toggle("is-error", state === true || state === "error");
    status.classList.toggle("is-waiting", state === "waiting");
  }

  // Try again later, a little later each time (1 s, 2 s, 4 s … up to 30 s, spread so that a room full
  // of candidates does not come back in the same second).
  function retryLater() {
    retryDelay = Math.min(30000, retryDelay ? retryDelay * 2 : 1000);
    clearTimeout(retryTimer);
    retryTimer = setTimeout(function () { retryTimer = null; flush(); }, retryDelay * (0.7 + Math.random() * 0.6));
  }

  function unreachable() {
    show(finishing ? form.dataset.msgWaitSubmit : form.dataset.msgReconnecting, "waiting");
    retryLater();
    return false;
  }

  // Sends what is pending; resolves true once the server has acknowledged all of it (or the attempt is
  // over), false while it cannot be reached. When finishing, an empty batch is sent too, to learn that
  // the server is there before the final form goes, and the form goes as soon as everything is saved.
  function flush() {
    if (closed) return Promise.resolve(true);
    if (inFlight) return Promise.resolve(false);
    var positions = Object.keys(pending);
    if (!positions.length && !finishing) return Promise.resolve(true);
    var batch = {};
    positions.forEach(function (p) { batch[p] = pending[p]; });
    inFlight = true;
    // While reconnecting, the calm message stays up until the server answers.
    if (!retryDelay) show(form.dataset.msgSaving);
    return fetch(saveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ answers: batch })
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (response.ok) {
          retryDelay = 0;
          positions.forEach(function (p) {
            if (JSON.stringify(pending[p]) === JSON.stringify(batch[p])) delete pending[p];
          });
          remember();
          show(Object.keys(pending).length ? form.dataset.msgSaving : form.dataset.msgSaved);
          return !Object.keys(pending).length;
        }
        if (response.status === 409) {
          closed = true;
          pending = {};
          remember();
          show(body.error || form.dataset.msgTimeup, true);
          submitNow();
          return true;
        }
        if (response.status === 400) {
          // The server refused an answer that does not fit: say so and stop re-sending that one.
          if (body.position) { delete pending[String(body.position)]; } else { positions.forEach(function (p) { delete pending[p]; }); }
          remember();
          show(body.error, true);
          return !Object.keys(pending).length;
        }
        return unreachable();
      });
    }).catch(unreachable).then(function (done) {
      inFlight = false;
      if (finishing && done) submitNow();
      // Answers given while this batch was on its way go next; after a failure the retry timer sends them.
      else if (!done && retryTimer === null && Object.keys(pending).length) flush();
      return done;
    });
  }

  // The candidate asked to submit, or time ran out: submit once the server has every answer.
  function finish() {
    finishing = true;
    var button = document.getElementById("submit-exam");
    if (button) button.disabled = true;
    if (typing) { clearTimeout(typing); typing = null; changed(typingEvent, true); }
    show(form.dataset.msgSaving);
    flush();
  }

  function changed(event, quietly) {
    var fieldset = event.target.closest("fieldset.question");
    if (!fieldset) return;
    pending[fieldset.dataset.position] = responseOf(fieldset);
    remember();
    if (!quietly) flush();
  }

  form.addEventListener("change", function (event) { changed(event); });
  form.addEventListener("input", function (event) {
    if (event.target.tagName !== "INPUT" || event.target.type !== "text" && !event.target.classList.contains("answer-text")) return;
    clearTimeout(typing);
    typingEvent = event;
    typing = setTimeout(function () { typing = null; changed(event); }, 800);
  });

  // Answers typed while offline before the page was closed come back, and go to the server first.
  Object.keys(pending).forEach(function (p) {
    var fieldset = document.getElementById("q" + p);
    if (fieldset) restore(fieldset, pending[p]); else delete pending[p];
  });
  flush();
  setInterval(flush, Math.max(5, parseInt(form.dataset.autosave, 10) || 30) * 1000);
  window.addEventListener("online", function () { retryDelay = 0; flush(); });

  // The answers this device kept are all with the server now, so the final form can go.
  function submitNow() {
    if (submitting) return;
    submitting = true;
    try { localStorage.removeItem(storeKey); } catch (e) { /* nothing kept */ }
    form.submit();
  }

  form.addEventListener("submit", function (event) {
    if (submitting) return;
    event.preventDefault();
    if (finishing) return;
    var blank = [];
    form.querySelectorAll("fieldset.question").forEach(function (fieldset) {
      var r = responseOf(fieldset);
      var empty = r === null || r === "" || (Array.isArray(r) && !r.length) ||
        (typeof r === "object" && !Array.isArray(r) && !Object.keys(r).some(function (k) { return r[k]; }));
      if (empty) blank.push(fieldset.dataset.position);
    });
    var question = form.dataset.msgConfirm + (blank.length ? "\n" + form.dataset.msgUnanswered + " " + blank.join(", ") : "");
    if (!window.confirm(question)) return;
    finish();
  });

  // The countdown is a display of the server's deadline, started from the seconds the server sent.
  var endsAt = Date.now() + parseInt(timer.dataset.seconds, 10) * 1000;
  function tick() {
    var left = Math.max(0, Math.round((endsAt - Date.now()) / 1000));
    var minutes = Math.floor(left / 60);
    var seconds = left % 60;
    timer.textContent = minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
    timer.classList.toggle("is-low", left < 300);
    if (left === 0) {
      show(form.dataset.msgTimeup, true);
      finish();
      return;
    }
    setTimeout(tick, 1000);
  }
  tick();
})();
