/*
 * "Fill from the link" in the issue form's entry rows (templates/admin/digest/issue/entry_inline.html).
 *
 * Each row gets a button beside its source link: it sends the link to
 * admin:digest_entry_fill_from_link, puts the canonical link in place of the one pasted and
 * fills the fields left empty. A link pasted or typed into a row without an original title
 * fills the row by itself. Fields are filled with input and change events, so entry-editor.js
 * describes the row as it does for typing.
 */
(function () {
  "use strict";

  const LINK = /^(https?:\/\/\S+\.\S+|(arxiv:)?\d{4}\.\d{4,5}(v\d+)?)$/i;
  const rows = window.digestEntryRows; // entry-rows.js
  const { field, setValue } = rows;

  rows.ready(function () {
    const group = document.querySelector(".entry-editor");
    if (!group) {
      return;
    }
    const text = group.dataset;
    const pending = new WeakMap();

    function addButton(row) {
      const source = field(row, "source_url");
      if (!source || row.querySelector(".entry-fill")) return;
      const button = document.createElement("button");
      button.type = "button";
      button.className = "button entry-fill";
      button.textContent = text.textFill;
      const message = document.createElement("p");
      message.className = "help entry-fill-message";
      message.setAttribute("role", "status");
      source.after(button, message);
    }

    async function fill(row, button) {
      const message = row.querySelector(".entry-fill-message");
      const token = document.querySelector("input[name=csrfmiddlewaretoken]");
      const data = new FormData();
      data.append("url", field(row, "source_url").value);
      button.disabled = true;
      message.textContent = text.textFilling;
      try {
        const response = await fetch(text.fillUrl, {
          method: "POST",
          body: data,
          credentials: "same-origin",
          headers: { "X-CSRFToken": token ? token.value : "" },
        });
        const answer = await response.json();
        if (answer.ok) {
          Object.entries(answer.fields).forEach(function ([name, value]) {
            const input = field(row, name);
            if (!input || !value) return;
            // The canonical link replaces the one pasted; other fields only when empty.
            if (name === "source_url" || !input.value.trim()) setValue(input, value);
          });
        }
        message.textContent = answer.message || text.textFailed;
      } catch (error) {
        message.textContent = text.textFailed;
      }
      button.disabled = false;
    }

    group.addEventListener("click", function (event) {
      const button = event.target.closest(".entry-fill");
      if (button) fill(button.closest(".entry-row"), button);
    });

    group.addEventListener("input", function (event) {
      const row = event.target.closest(".entry-row");
      if (!row || rows.setting || !/-source_url$/.test(event.target.name)) return;
      const title = field(row, "original_title");
      if (!title || title.value.trim()) return;
      clearTimeout(pending.get(row));
      if (LINK.test(event.target.value.trim())) {
        pending.set(row, setTimeout(function () {
          fill(row, row.querySelector(".entry-fill"));
        }, 400));
      }
    });

    document.addEventListener("formset:added", function (event) {
      if (event.detail && event.detail.formsetName === "entries") addButton(event.target);
    });

    group.querySelectorAll(".entry-row:not(.empty-form)").forEach(addButton);
  });
})();
