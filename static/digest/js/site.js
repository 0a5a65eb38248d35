/*
 * Copy-link buttons next to entries. Without JavaScript the entry number is already a link to
 * the entry's #anchor; with it, a button copies the full address to the clipboard.
 *
 * Contents lists: folded on narrow screens, open beside the text where the stylesheet puts
 * them there (the width below must match site.css).
 */
(function () {
  "use strict";
  var BESIDE_THE_TEXT = "(min-width: 66rem)";

  function enableCopyLinks() {
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
  }

  function openContentsBesideTheText() {
    var contents = document.querySelectorAll(".toc-details");
    if (!contents.length || !window.matchMedia) {
      return;
    }
    var wide = window.matchMedia(BESIDE_THE_TEXT);
    function follow() {
      contents.forEach(function (details) { details.open = wide.matches; });
    }
    follow();
    wide.addEventListener("change", follow);
  }

  document.addEventListener("DOMContentLoaded", function () {
    enableCopyLinks();
    openContentsBesideTheText();
  });
})();
