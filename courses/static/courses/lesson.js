/* The lesson page: sizes the sandboxed H5P frames, shows when a frame's answer was refused, and tells
   the server that the teacher is still on the page. Only the server counts time: this script just
   says "still here" every few seconds while the page is visible and in use. */
(function () {
  // The frames report their height and whether the server refused an answer; nothing else from them
  // is trusted, and the words shown are the page's own.
  window.addEventListener('message', function (event) {
    if (!event.data) { return; }
    document.querySelectorAll('iframe.h5p-frame').forEach(function (frame) {
      if (frame.contentWindow !== event.source) { return; }
      if (event.data.type === 'hcec-h5p-height') {
        frame.style.height = Math.min(Number(event.data.height) || 0, 4000) + 20 + 'px';
      } else if (event.data.type === 'hcec-h5p-refused') {
        var notice = frame.parentNode.querySelector('.h5p-refused');
        if (notice) { notice.hidden = false; }
      } else if (event.data.type === 'hcec-h5p-recorded') {
        var refused = frame.parentNode.querySelector('.h5p-refused');
        if (refused) { refused.hidden = true; }
      }
    });
  });

  var needs = document.querySelector('[data-heartbeat-url]');
  if (!needs || !window.fetch) { return; }
  var url = needs.getAttribute('data-heartbeat-url');
  var every = (Number(needs.getAttribute('data-heartbeat-seconds')) || 30) * 1000;
  var csrf = needs.getAttribute('data-csrf');
  var timer = needs.querySelector('[data-lesson-timer]');
  var idleAfter = 5 * 60 * 1000;
  var lastInput = Date.now();

  ['pointerdown', 'pointermove', 'keydown', 'scroll', 'wheel', 'touchstart'].forEach(function (name) {
    window.addEventListener(name, function () { lastInput = Date.now(); }, { passive: true });
  });
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'visible') { lastInput = Date.now(); }
  });

  function mediaPlaying() {
    return Array.prototype.some.call(document.querySelectorAll('video, audio'), function (media) {
      return !media.paused && !media.ended;
    });
  }

  function inUse() {
    if (document.visibilityState !== 'visible') { return false; }
    // Clicks inside an H5P frame stay in the frame; focus on it says the teacher is working there.
    var inFrame = document.activeElement && document.activeElement.tagName === 'IFRAME';
    return Date.now() - lastInput < idleAfter || mediaPlaying() || inFrame;
  }

  function show(data) {
    if (!data || !timer) { return; }
    var bar = timer.querySelector('progress');
    if (bar) { bar.max = data.needed; bar.value = data.spent; }
    if (data.text) { timer.querySelector('.checklist__text').textContent = data.text; }
    if (data.met) {
      timer.classList.add('is-met');
      timer.querySelector('.checklist__mark').textContent = '✓';
    }
  }

  function beat() {
    if (!inUse()) { return; }
    fetch(url, { method: 'POST', credentials: 'same-origin', headers: { 'X-CSRFToken': csrf } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(show)
      .catch(function () { /* offline: the next beat tries again; the server counts only what it sees */ });
  }

  window.setInterval(beat, every);
})();
