/* 专题页面：复制嵌入代码。结果显示在按钮旁的状态文字里（不用弹窗）；
   浏览器不允许写剪贴板时，选中代码并提示手动复制。 */
(function () {
  "use strict";
  function legacyCopy(field) {
    field.focus();
    field.select();
    try { return document.execCommand("copy"); } catch (e) { return false; }
  }
  function report(status, ok) {
    if (status) {
      status.textContent = ok ? "已复制，可以粘贴到网页代码中。"
                              : "无法自动复制：代码已选中，请按 Ctrl+C（Mac 上按 ⌘+C）复制。";
    }
  }
  document.addEventListener("click", function (ev) {
    var target = ev.target instanceof Element ? ev.target : null;
    var button = target && target.closest("[data-cb-copy]");
    if (!button) { return; }
    var field = document.getElementById(button.getAttribute("data-cb-copy"));
    var status = document.getElementById(button.getAttribute("aria-describedby"));
    if (!field) { return; }
    field.select();
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(
        function () { report(status, true); },
        function () { report(status, legacyCopy(field)); });
    } else {
      report(status, legacyCopy(field));
    }
  });
})();
