/*
 * Copy-link buttons next to entries. Without JavaScript the entry number is already a link to
 * the entry's #anchor; with it, a button copies the full address to the clipboard.
 */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-copy-anchor]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var url = window.location.href.split("#")[0] + "#" + button.getAttribute("data-copy-anchor");
        var label = button.textContent;
        function done(text) {
          button.textContent = text;
          window.setTimeout(function () { button.textContent = label; }, 1500);
        }
        if (navigator.clipboard) {
          navigator.clipboard.writeText(url).then(
            function () { done(button.getAttribute("data-copied")); },
            function () { window.location.hash = button.getAttribute("data-copy-anchor"); }
          );
        } else {
          window.location.hash = button.getAttribute("data-copy-anchor");
        }
      });
    });
  });
})();
