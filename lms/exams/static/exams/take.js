// Autosave for a test form. The server is the only clock and the only record: this script sends each
// change as it happens and every few seconds, keeps unacknowledged answers in localStorage until the
// server says they are saved, and submits the form when the server's time runs out.
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
      if (!checked) return null;
      return qtype === "truefalse" ? checked.value === "true" : checked.value;
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

  function show(text, isError) {
    status.textContent = text;
    status.classList.toggle("is-error", !!isError);
  }

  function flush() {
    if (inFlight || closed) return Promise.resolve();
    var positions = Object.keys(pending);
    if (!positions.length) return Promise.resolve();
    var batch = {};
    positions.forEach(function (p) { batch[p] = pending[p]; });
    inFlight = true;
    show(form.dataset.msgSaving);
    return fetch(saveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ answers: batch })
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (response.ok) {
          positions.forEach(function (p) {
            if (JSON.stringify(pending[p]) === JSON.stringify(batch[p])) delete pending[p];
          });
          remember();
          show(Object.keys(pending).length ? form.dataset.msgSaving : form.dataset.msgSaved);
        } else if (response.status === 409) {
          closed = true;
          pending = {};
          remember();
          show(body.error || form.dataset.msgTimeup, true);
          submitNow();
        } else if (response.status === 400) {
          // The server refused an answer that does not fit: say so and stop re-sending that one.
          if (body.position) { delete pending[String(body.position)]; } else { positions.forEach(function (p) { delete pending[p]; }); }
          remember();
          show(body.error, true);
        } else {
          show(form.dataset.msgOffline, true);
        }
      });
    }).catch(function () {
      show(form.dataset.msgOffline, true);
    }).then(function () { inFlight = false; });
  }

  function changed(event) {
    var fieldset = event.target.closest("fieldset.question");
    if (!fieldset) return;
    pending[fieldset.dataset.position] = responseOf(fieldset);
    remember();
    flush();
  }

  var typing = null;
  form.addEventListener("change", changed);
  form.addEventListener("input", function (event) {
    if (event.target.tagName !== "INPUT" || event.target.type !== "text" && !event.target.classList.contains("answer-text")) return;
    clearTimeout(typing);
    typing = setTimeout(function () { changed(event); }, 800);
  });

  // Answers typed while offline before the page was closed come back, and go to the server first.
  Object.keys(pending).forEach(function (p) {
    var fieldset = document.getElementById("q" + p);
    if (fieldset) restore(fieldset, pending[p]); else delete pending[p];
  });
  flush();
  setInterval(flush, Math.max(5, parseInt(form.dataset.autosave, 10) || 30) * 1000);
  window.addEventListener("online", flush);

  function submitNow() {
    if (submitting) return;
    submitting = true;
    form.submit();
  }

  form.addEventListener("submit", function (event) {
    if (submitting) return;
    var blank = [];
    form.querySelectorAll("fieldset.question").forEach(function (fieldset) {
      var r = responseOf(fieldset);
      var empty = r === null || r === "" || (Array.isArray(r) && !r.length) ||
        (typeof r === "object" && !Array.isArray(r) && !Object.keys(r).some(function (k) { return r[k]; }));
      if (empty) blank.push(fieldset.dataset.position);
    });
    var question = form.dataset.msgConfirm + (blank.length ? "\n" + form.dataset.msgUnanswered + " " + blank.join(", ") : "");
    if (!window.confirm(question)) { event.preventDefault(); return; }
    submitting = true;
    try { localStorage.removeItem(storeKey); } catch (e) { /* nothing kept */ }
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
      flush().then(submitNow);
      return;
    }
    setTimeout(tick, 1000);
  }
  tick();
})();
