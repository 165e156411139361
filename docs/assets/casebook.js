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

/* Keyboard access to the phone navigation drawer (Material opens it with a
   hidden checkbox and a <label>, which Tab cannot reach): the menu button is
   focusable, Enter/Space toggle it and move focus into the open drawer,
   Escape closes it and returns focus to the button. */
(function () {
  "use strict";
  var toggle = document.getElementById("__drawer");
  var button = document.querySelector("[data-cb-drawer-button]");
  if (!toggle || !button) { return; }
  var fromKeyboard = false;

  function sync() {
    button.setAttribute("aria-expanded", String(toggle.checked));
    button.setAttribute("aria-label", toggle.checked ? "关闭导航菜单" : "打开导航菜单");
  }

  toggle.addEventListener("change", function () {
    sync();
    if (fromKeyboard && toggle.checked) {
      var first = document.querySelector(".md-sidebar--primary a[href]");
      /* the drawer becomes visible (CSS) in this frame: focus it in the next */
      if (first) { setTimeout(function () { first.focus(); }, 50); }
    }
    fromKeyboard = false;
  });

  button.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" || ev.key === " ") {
      ev.preventDefault();
      ev.stopPropagation();   /* Material's own Enter-clicks-label handler */
      fromKeyboard = true;
      button.click();         /* the label toggles the checkbox and fires change */
    }
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape" && toggle.checked) {
      toggle.checked = false;
      toggle.dispatchEvent(new Event("change", { bubbles: true }));
      button.focus();
    }
  });
  sync();
})();

/* The skip link (跳到正文) leads to the start of the main text: the article,
   not the first sub-heading Material points it at. Material writes no skip
   link on pages without headings; add one there. */
(function () {
  "use strict";
  var skip = document.querySelector(".md-skip");
  var main = document.querySelector("article.md-content__inner");
  var slot = document.querySelector('[data-md-component="skip"]');
  if (!main) { return; }
  if (!skip && slot) {
    skip = document.createElement("a");
    skip.className = "md-skip";
    skip.textContent = "跳到正文";
    slot.appendChild(skip);
  }
  if (!skip) { return; }
  if (!main.id) { main.id = "cb-main"; }
  main.setAttribute("tabindex", "-1");
  skip.setAttribute("href", "#" + main.id);
})();

/* Tables Material wraps for sideways scrolling (tables written in Markdown):
   a wrapper that really scrolls must be reachable by keyboard, so it becomes
   a named, focusable region; re-checked when the width or font size changes. */
(function () {
  "use strict";
  function mark() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      var scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
      if (scrolls && !wrap.hasAttribute("tabindex")) {
        var caption = wrap.querySelector("caption");
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", (caption ? caption.textContent.trim() + "：" : "") + "表格，可左右滚动");
      } else if (!scrolls && wrap.getAttribute("role") === "region") {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    });
  }
  /* Material's document$ fires after it has wrapped the tables (also on instant navigation) */
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(mark);
  } else {
    document.addEventListener("DOMContentLoaded", mark);
  }
  window.addEventListener("resize", mark);
  document.addEventListener("click", function (ev) {
    var t = ev.target instanceof Element ? ev.target : null;
    if (t && t.closest("[data-cb-font-set]")) { setTimeout(mark, 0); }
  });
})();

