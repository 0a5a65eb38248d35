/*
 * The issue form never loses unsaved work silently.
 *
 * The form holds unsaved work when a field differs from what the page was sent with (typed
 * text, Markdown editors, inline rows, delete boxes, chosen files), or when the server sent the
 * form back unsaved (data-unsaved-edits: a save refused with errors). Then the status buttons,
 * which act on the saved issue, are disabled with a note, and leaving the page asks first.
 * Saving the form itself is not asked about.
 */
(function () {
  "use strict";

  function selectChanged(select) {
    if (select.multiple) {
      return Array.prototype.some.call(select.options, function (option) {
        return option.selected !== option.defaultSelected;
      });
    }
    // With no option marked, a browser shows the first; with several, the last.
    var initial = 0;
    Array.prototype.forEach.call(select.options, function (option, index) {
      if (option.defaultSelected) {
        initial = index;
      }
    });
    return select.options.length > 0 && select.selectedIndex !== initial;
  }

  function fieldChanged(field) {
    if (!field.name || field.name.indexOf("__prefix__") !== -1) {
      return false; // the template row "Add another" copies
    }
    if (field.tagName === "SELECT") {
      return selectChanged(field);
    }
    if (field.type === "checkbox" || field.type === "radio") {
      return field.checked !== field.defaultChecked;
    }
    if (["hidden", "submit", "button", "reset"].indexOf(field.type) !== -1) {
      return false; // the formsets' counters change when rows are added
    }
    return field.value !== field.defaultValue;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("issue_form");
    if (!form) {
      return;
    }
    var panel = document.getElementById("workflow");
    var sentBackUnsaved = panel !== null && panel.hasAttribute("data-unsaved-edits");
    var saving = false;

    function hasUnsavedWork() {
      return sentBackUnsaved || Array.prototype.some.call(form.elements, fieldChanged);
    }

    function showState() {
      var unsaved = hasUnsavedWork();
      document.querySelectorAll("[data-workflow-form]").forEach(function (panelForm) {
        panelForm.querySelectorAll("button").forEach(function (button) {
          button.disabled = unsaved;
        });
        var note = panelForm.querySelector(".workflow-dirty");
        if (note) {
          note.hidden = !unsaved;
        }
      });
    }

    ["input", "change", "click"].forEach(function (name) {
      form.addEventListener(name, showState);
    });
    document.addEventListener("formset:removed", showState);
    form.addEventListener("submit", function () {
      saving = true;
    });
    window.addEventListener("beforeunload", function (event) {
      if (!saving && hasUnsavedWork()) {
        event.preventDefault();
        event.returnValue = ""; // older browsers show the prompt only with this set
      }
    });
    showState();
  });
})();
