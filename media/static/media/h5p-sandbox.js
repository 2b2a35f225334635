/* The player frame has an opaque origin (sandbox without allow-same-origin), where reading
   window.localStorage throws. H5P core reads it for convenience features (copy and paste between
   items); an in-memory stand-in keeps those working for the visit and everything else running. */
(function () {
  try {
    window.localStorage.getItem('probe');
  } catch (blocked) {
    var items = {};
    var memory = {
      getItem: function (key) { return Object.prototype.hasOwnProperty.call(items, key) ? items[key] : null; },
      setItem: function (key, value) { items[key] = String(value); },
      removeItem: function (key) { delete items[key]; },
      clear: function () { items = {}; },
      key: function (index) { return Object.keys(items)[index] || null; },
      get length() { return Object.keys(items).length; }
    };
    Object.defineProperty(window, 'localStorage', { value: memory, configurable: true });
  }
})();
