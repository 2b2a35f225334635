// The sandboxed H5P frames report their height; nothing else from them is trusted.
window.addEventListener("message", function (event) {
  if (!event.data || event.data.type !== "hcec-h5p-height") { return; }
  document.querySelectorAll("iframe.h5p-frame").forEach(function (frame) {
    if (frame.contentWindow === event.source) { frame.style.height = Math.min(Number(event.data.height) || 0, 4000) + 20 + "px"; }
  });
});
