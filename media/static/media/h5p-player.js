/* Starts h5p-standalone in this sandboxed frame, forwards its xAPI statements to the platform (at most
   one "interacted" every 10 s) and tells the lesson page how tall the content is and whether an answer
   was refused. */
(function () {
  var config = JSON.parse(document.getElementById('h5p-config').textContent);
  var container = document.getElementById('h5p-container');
  var lastInteracted = 0;

  function send(statement) {
    // text/plain keeps this a simple request: no CORS preflight from the frame's opaque origin.
    fetch(config.xapiUrl, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify(statement) })
      .then(function (response) {
        // The lesson page says in its own words that an answer did not count (too soon, wrong maximum).
        var type = response.status === 400 ? 'hcec-h5p-refused' : response.ok ? 'hcec-h5p-recorded' : null;
        if (type) { window.parent.postMessage({ type: type }, '*'); }
      })
      .catch(function () {});
  }

  function reportHeight() {
    window.parent.postMessage({ type: 'hcec-h5p-height', height: document.documentElement.scrollHeight }, '*');
  }

  new H5PStandalone.H5P(container, config.options).then(function () {
    H5P.externalDispatcher.on('xAPI', function (event) {
      var statement = event.data.statement;
      var verb = (statement.verb && statement.verb.id) || '';
      if (/\/interacted$/.test(verb)) {
        var now = Date.now();
        if (now - lastInteracted < 10000) { return; }
        lastInteracted = now;
      }
      send(statement);
    });
    document.body.setAttribute('data-h5p-ready', '1');
    reportHeight();
    new ResizeObserver(reportHeight).observe(document.body);
  });
})();
