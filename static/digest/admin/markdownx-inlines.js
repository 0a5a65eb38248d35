/*
 * Live Markdown preview in inline rows added with "Add another".
 *
 * markdownx attaches its editor once, when the page loads, and marks each textarea it has
 * handled with data-markdownx-init. A row added later is a copy of the hidden template row: it
 * carries the mark but none of the listeners, so its preview never renders. On Django's
 * formset:added event, clear the mark in the new row and run markdownx's own start-up again;
 * it only attaches to textareas without the mark, so existing editors are left as they are.
 */
(function () {
  "use strict";

  function markdownxScriptUrl() {
    var script = document.querySelector('script[src*="markdownx/js/markdownx"]');
    return script ? script.src : null;
  }

  function attachEditors(row) {
    var editors = row.querySelectorAll(".markdownx .markdownx-editor");
    if (!editors.length) {
      return;
    }
    editors.forEach(function (editor) {
      editor.removeAttribute("data-markdownx-init");
    });
    var url = markdownxScriptUrl();
    if (!url) {
      return;
    }
    var again = document.createElement("script");
    again.src = url;
    again.async = false;
    document.body.appendChild(again);
  }

  document.addEventListener("formset:added", function (event) {
    attachEditors(event.target);
  });
})();
