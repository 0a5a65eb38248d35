/*
 * What the issue form's entry scripts share (entry-editor.js, entry-fill.js): starting once the
 * page is read, a row's field by name, and setting a field as typing would (input and change
 * events), with `setting` true meanwhile so that their listeners do not take it for the editor.
 */
window.digestEntryRows = (function () {
  "use strict";

  const rows = {
    setting: false,

    ready: function (start) {
      if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
      } else {
        start();
      }
    },

    field: function (row, name) {
      return row.querySelector('[name$="-' + name + '"]');
    },

    setValue: function (input, value) {
      if (!input || input.value === String(value)) return;
      input.value = value;
      rows.setting = true;
      try {
        input.dispatchEvent(new Event("input", { bubbles: true }));
        input.dispatchEvent(new Event("change", { bubbles: true }));
      } finally {
        rows.setting = false;
      }
    },
  };
  return rows;
})();
