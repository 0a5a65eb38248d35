/*
 * Status buttons act on the saved issue. When the editor has typed something that is not
 * saved yet, disable them and say so, so a status change never throws away unsaved work.
 */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("issue_form");
    if (!form) {
      return;
    }
    function markDirty() {
      document.querySelectorAll("[data-workflow-form]").forEach(function (panel) {
        panel.querySelectorAll("button").forEach(function (button) {
          button.disabled = true;
        });
        var note = panel.querySelector(".workflow-dirty");
        if (note) {
          note.hidden = false;
        }
      });
    }
    form.addEventListener("input", markDirty, { once: true });
    form.addEventListener("change", markDirty, { once: true });
  });
})();
