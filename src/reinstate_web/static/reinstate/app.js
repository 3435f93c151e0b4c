/* Small behaviours of every page, with no inline script (the pages can run under a strict
   Content-Security-Policy):
   - a link to a step ("#step-3") or to anything inside a closed panel opens that panel;
   - a <select data-autosubmit> sends its form when changed (a button does it without script). */
(function () {
  "use strict";

  function openAround(target) {
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") node.open = true;
    }
  }

  function targetOf(hash) {
    if (!hash || hash.length < 2) return null;
    try {
      return document.getElementById(decodeURIComponent(hash.slice(1)));
    } catch (error) {
      return null;
    }
  }

  function openFromHash() {
    var target = targetOf(window.location.hash);
    if (target) openAround(target);
  }

  // Clicking the step already in the address bar fires no "hashchange": open it here too.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest('a[href^="#"]');
    if (!link) return;
    var target = targetOf(link.getAttribute("href"));
    if (!target) return;
    openAround(target);
    if (link.getAttribute("href") === window.location.hash) {
      event.preventDefault();
      target.scrollIntoView({ block: "start" });
    }
  });

  document.addEventListener("change", function (event) {
    var select = event.target;
    if (select.matches && select.matches("select[data-autosubmit]") && select.form) {
      if (select.form.requestSubmit) select.form.requestSubmit();
      else select.form.submit();
    }
  });

  window.addEventListener("hashchange", openFromHash);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", openFromHash);
  } else {
    openFromHash();
  }
})();
