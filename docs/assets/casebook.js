/* Reading settings: font size (标准/大/特大) and high contrast, remembered in
   localStorage. The inline script in <head> applies them before first paint;
   this file wires up the buttons and keeps aria-pressed in sync. */
(function () {
  "use strict";
  var root = document.documentElement;
  var FONT_KEY = "cb-font", CONTRAST_KEY = "cb-contrast";

  function store(key, value) {
    try {
      if (value) { localStorage.setItem(key, value); } else { localStorage.removeItem(key); }
    } catch (e) { /* storage blocked: the setting lasts for this page only */ }
  }

  function sync() {
    var font = root.getAttribute("data-cb-font") || "normal";
    var high = root.getAttribute("data-cb-contrast") === "high";
    document.querySelectorAll("[data-cb-font-set]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.getAttribute("data-cb-font-set") === font));
    });
    document.querySelectorAll("[data-cb-contrast-toggle]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(high));
    });
  }

  document.addEventListener("click", function (ev) {
    var target = ev.target instanceof Element ? ev.target : null;
    var fontBtn = target && target.closest("[data-cb-font-set]");
    var contrastBtn = target && target.closest("[data-cb-contrast-toggle]");
    if (fontBtn) {
      var size = fontBtn.getAttribute("data-cb-font-set");
      if (size === "normal") { root.removeAttribute("data-cb-font"); } else { root.setAttribute("data-cb-font", size); }
      store(FONT_KEY, size === "normal" ? null : size);
      sync();
    } else if (contrastBtn) {
      var high = root.getAttribute("data-cb-contrast") !== "high";
      if (high) { root.setAttribute("data-cb-contrast", "high"); } else { root.removeAttribute("data-cb-contrast"); }
      store(CONTRAST_KEY, high ? "high" : null);
      sync();
    }
  });
  sync();
})();
