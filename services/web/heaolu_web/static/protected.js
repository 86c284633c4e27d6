/* Protected views (ADR 0017): deter copying and photographing, never a guarantee.
   Selection, copy, cut, drag, the context menu, printing and saving are blocked; the data is
   blurred whenever the window loses focus or is hidden. Form fields stay usable. */
(function () {
  "use strict";
  var body = document.body;
  if (!body || !body.classList.contains("protected")) { return; }

  function inField(event) {
    var target = event.target;
    return target && target.closest && target.closest("input, textarea, select") !== null;
  }
  function block(event) {
    if (inField(event)) { return; }
    event.preventDefault();
    if (event.clipboardData) { event.clipboardData.setData("text/plain", ""); }
  }
  ["copy", "cut", "dragstart", "contextmenu", "selectstart"].forEach(function (name) {
    document.addEventListener(name, block, true);
  });
  document.addEventListener("keydown", function (event) {
    var key = (event.key || "").toLowerCase();
    if ((event.ctrlKey || event.metaKey) && ["p", "s", "c", "x", "a"].indexOf(key) >= 0 && !inField(event)) {
      event.preventDefault();
    }
  }, true);

  function obscure() { body.classList.add("obscured"); }
  function reveal() { if (document.visibilityState === "visible") { body.classList.remove("obscured"); } }
  window.addEventListener("blur", obscure);
  window.addEventListener("focus", reveal);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") { reveal(); } else { obscure(); }
  });
  window.addEventListener("beforeprint", obscure);
  window.addEventListener("afterprint", reveal);
})();
