/* The lesson page: sizes the sandboxed H5P frames, shows when a frame's answer was refused, brings the
   lesson's status up to date once a frame's result is recorded, and tells the server that the teacher
   is still on the page. Only the server counts time: this script just says "still here" every few
   seconds while the page is visible and in use. */
(function () {
  var actions = document.querySelector('[data-status-url]');

  function mark(item, met) {
    item.classList.toggle('is-met', met);
    var sign = item.querySelector('.checklist__mark');
    if (sign) { sign.textContent = met ? '✓' : '○'; }
  }

  // The server's own account of the lesson (what is done, what is missing, each activity's result),
  // asked for after a frame says a result was recorded: the frame itself is not believed.
  function showStatus(status) {
    if (!status) { return; }
    Object.keys(status.activities || {}).forEach(function (id) {
      var activity = status.activities[id];
      var line = document.querySelector('[data-h5p-result="' + id + '"]');
      if (!line || !activity.text) { return; }
      line.textContent = activity.text;
      line.classList.toggle('is-done', activity.done_mark);
      line.hidden = false;
    });
    (status.requirements || []).forEach(function (need, index) {
      var item = document.querySelector('[data-need="' + index + '"]');
      if (!item) { return; }
      mark(item, need.met);
      item.querySelector('.checklist__text').textContent = need.text;
      var state = item.querySelector('.checklist__state');
      if (state) { state.textContent = need.met ? state.getAttribute('data-done') : state.getAttribute('data-not-yet'); }
    });
    var bar = document.querySelector('.lesson-sidebar progress');
    if (bar) { bar.value = status.percent_complete; bar.textContent = status.percent_complete + '%'; }
    if (!status.done) { return; }
    document.querySelectorAll('.lesson-needs, [data-lesson-complete]').forEach(function (node) { node.remove(); });
    var done = document.querySelector('[data-lesson-done]');
    if (done) { done.hidden = false; }
    var current = document.querySelector('.outline__lesson.is-current');
    if (current) {
      current.classList.add('is-done');
      var sign = current.querySelector('.outline__mark');
      if (sign) { sign.textContent = '✓'; }
    }
  }

  function refreshStatus() {
    if (!actions || !window.fetch) { return; }
    fetch(actions.getAttribute('data-status-url'), { credentials: 'same-origin', cache: 'no-store' })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(showStatus)
      .catch(function () { /* offline: a reload shows the same, from the server */ });
  }

  // The frames report their height, whether the server refused an answer and that it recorded one;
  // nothing else from them is trusted, and the words shown are the page's own or the server's.
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
        refreshStatus();
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
    if (data.met) { mark(timer, true); }
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
