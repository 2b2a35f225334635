// A small rich-text editor for PLC posts: bold, italic, lists, quotes, links and pictures.
// It enhances a <textarea data-rich-text>; the textarea still carries the HTML to the server, which
// cleans it with the platform's policy whatever this script does. Without script the textarea works.
(function () {
  "use strict";

  var SVG = '<svg viewBox="0 0 24 24" width="18" height="18" fill="none" stroke="currentColor" stroke-width="2" ' +
    'stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">';
  var ICONS = {
    link: SVG + '<path d="M10 13a5 5 0 0 0 7.5.5l3-3a5 5 0 0 0-7-7l-1.7 1.7"/>' +
      '<path d="M14 11a5 5 0 0 0-7.5-.5l-3 3a5 5 0 0 0 7 7l1.7-1.7"/></svg>',
    image: SVG + '<rect x="3" y="3" width="18" height="18" rx="2"/><circle cx="8.5" cy="8.5" r="1.5"/>' +
      '<path d="M21 15l-5-5L5 21"/></svg>',
  };

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML.replace(/"/g, "&quot;");
  }

  function enhance(textarea) {
    var labels = JSON.parse(textarea.getAttribute("data-labels") || "{}");
    var form = textarea.form;
    var toolbar = document.createElement("div");
    toolbar.className = "editor__toolbar";
    toolbar.setAttribute("role", "toolbar");
    toolbar.setAttribute("aria-label", labels.toolbar || "");
    var area = document.createElement("div");
    area.className = "editor__area prose";
    area.contentEditable = "true";
    area.setAttribute("role", "textbox");
    area.setAttribute("aria-multiline", "true");
    var label = form.querySelector('label[for="' + textarea.id + '"]');
    if (label) {
      label.id = label.id || textarea.id + "_label";
      area.setAttribute("aria-labelledby", label.id);
      label.addEventListener("click", function () { area.focus(); });
    }
    // Start inside a paragraph, so the first line is a <p> like the ones after it.
    area.innerHTML = textarea.value || "<p><br></p>";
    var status = document.createElement("p");
    status.className = "editor__status muted";
    status.setAttribute("aria-live", "polite");

    function sync() { textarea.value = area.innerHTML; }
    function command(name, value) {
      area.focus();
      document.execCommand(name, false, value);
      sync();
    }
    function button(key, text, title, action) {
      var b = document.createElement("button");
      b.type = "button";
      b.setAttribute("data-command", key);
      b.className = "editor__button";
      b.innerHTML = text;
      b.title = title;
      b.setAttribute("aria-label", title);
      b.addEventListener("mousedown", function (event) { event.preventDefault(); });
      b.addEventListener("click", action);
      toolbar.appendChild(b);
      return b;
    }

    button("bold", "<b>B</b>", labels.bold, function () { command("bold"); });
    button("italic", "<i>I</i>", labels.italic, function () { command("italic"); });
    button("ul", "•≡", labels.ul, function () { command("insertUnorderedList"); });
    button("ol", "1≡", labels.ol, function () { command("insertOrderedList"); });
    button("quote", "❝", labels.quote, function () { command("formatBlock", "blockquote"); });
    button("link", ICONS.link, labels.link, function () {
      var url = window.prompt(labels.linkPrompt, "https://");
      if (url && /^(https?:\/\/|mailto:)/i.test(url)) { command("createLink", url); }
    });
    var uploadUrl = form.getAttribute("data-upload-url");
    if (uploadUrl) {
      var picker = document.createElement("input");
      picker.type = "file";
      picker.accept = "image/jpeg,image/png,image/gif,image/webp";
      picker.hidden = true;
      toolbar.appendChild(picker);
      button("image", ICONS.image, labels.image, function () { picker.click(); });
      picker.addEventListener("change", function () {
        var file = picker.files[0];
        if (!file) { return; }
        var data = new FormData();
        data.append("file", file);
        status.textContent = labels.uploading;
        fetch(uploadUrl, {
          method: "POST",
          body: data,
          credentials: "same-origin",
          headers: { "X-CSRFToken": form.querySelector("[name=csrfmiddlewaretoken]").value },
        }).then(function (response) {
          return response.json().then(function (body) { return { ok: response.ok, body: body }; });
        }).then(function (result) {
          if (!result.ok) { throw new Error(result.body.error || labels.uploadFailed); }
          area.focus();
          document.execCommand("insertHTML", false,
            '<p><img src="' + escapeHtml(result.body.url) + '" alt="' + escapeHtml(result.body.name) + '"></p>');
          var drafts = form.querySelector("[name=drafts]");
          drafts.value = drafts.value ? drafts.value + "," + result.body.id : String(result.body.id);
          status.textContent = "";
          sync();
        }).catch(function (error) {
          status.textContent = error.message || labels.uploadFailed;
        }).finally(function () { picker.value = ""; });
      });
    }

    document.execCommand("defaultParagraphSeparator", false, "p");
    area.addEventListener("input", sync);
    form.addEventListener("submit", sync);
    textarea.required = false;
    textarea.hidden = true;
    textarea.parentNode.insertBefore(toolbar, textarea);
    textarea.parentNode.insertBefore(area, textarea);
    textarea.parentNode.insertBefore(status, textarea);
  }

  document.querySelectorAll("textarea[data-rich-text]").forEach(enhance);
})();
