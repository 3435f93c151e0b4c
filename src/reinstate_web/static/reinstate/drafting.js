/* Copy buttons for the appeal-form boxes, and opening the step a link points at.
   Delegated on the document so boxes swapped in by htmx work too. No library needed. */
(function () {
  "use strict";

  function copyText(box) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(box.value);
    }
    box.removeAttribute("readonly");
    box.select();
    document.execCommand("copy");
    box.setAttribute("readonly", "");
    return Promise.resolve();
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) return;
    var box = document.getElementById(button.getAttribute("data-copy"));
    if (!box) return;
    var label = button.textContent;
    copyText(box).then(function () {
      button.textContent = button.getAttribute("data-copied") || label;
      setTimeout(function () { button.textContent = label; }, 1500);
    });
  });

  function openStep() {
    var target = window.location.hash && document.querySelector(window.location.hash);
    if (target && target.tagName === "DETAILS") target.open = true;
  }
  window.addEventListener("hashchange", openStep);
  document.addEventListener("DOMContentLoaded", openStep);
})();
