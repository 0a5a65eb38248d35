/*
 * Pictures dropped or pasted into a Markdown editor, or chosen with its "Insert an image…"
 * button, are uploaded by this script, not by markdownx's own: markdownx writes the words
 * "Invalid response" into the text whenever the server refuses a file. Here a refused file
 * leaves the text as it was, and the server's reason ("The image is larger than 5 MB.") is
 * shown under the editor until the next upload. An accepted picture is inserted on a line of
 * its own, with the description (alt text) the editor is asked for; cancelling that question
 * inserts nothing.
 *
 * The listeners capture the events on the document, before they reach the editor, so
 * markdownx never sees a drop or paste that carries files; typing and the live preview stay
 * markdownx's.
 */
(function () {
  "use strict";

  function filesOf(event) {
    var transfer = event.type === "drop" ? event.dataTransfer : event.clipboardData;
    return transfer && transfer.files && transfer.files.length ? transfer.files : null;
  }

  function messageFor(editor) {
    var box = editor.parentNode.querySelector(".markdownx-upload-error");
    if (!box) {
      box = document.createElement("p");
      box.className = "markdownx-upload-error errornote";
      box.setAttribute("role", "alert");
      editor.insertAdjacentElement("afterend", box);
    }
    return box;
  }

  function showProblem(editor, text) {
    messageFor(editor).textContent = text;
  }

  function clearProblem(editor) {
    var box = editor.parentNode.querySelector(".markdownx-upload-error");
    if (box) {
      box.remove();
    }
  }

  // The blank lines that put `block` in a paragraph of its own between `before` and `after`.
  function onOwnLine(before, block, after) {
    var lead = "";
    if (before.length) {
      lead = /\n\n$/.test(before) ? "" : /\n$/.test(before) ? "\n" : "\n\n";
    }
    var tail = "\n";
    if (after.length) {
      tail = /^\n\n/.test(after) ? "" : /^\n/.test(after) ? "\n" : "\n\n";
    }
    return lead + block + tail;
  }

  function insert(editor, block) {
    var start = editor.selectionStart;
    var before = editor.value.slice(0, start);
    var after = editor.value.slice(editor.selectionEnd);
    var text = onOwnLine(before, block, after);
    editor.value = before + text + after;
    editor.selectionStart = editor.selectionEnd = start + text.length;
    editor.focus();
    // markdownx renders the preview again on input.
    editor.dispatchEvent(new Event("input", { bubbles: true }));
  }

  // markdownx answers ![](address); the description goes between the brackets.
  function withDescription(code, description) {
    var found = /^!\[[^\]]*\]\((.*)\)$/.exec(code.trim());
    if (!found) {
      return code.trim();
    }
    var alt = description.replace(/\s+/g, " ").trim().replace(/([\\\[\]])/g, "\\$1");
    return "![" + alt + "](" + found[1] + ")";
  }

  function reasons(body) {
    var found = [];
    Object.keys(body || {}).forEach(function (field) {
      if (Array.isArray(body[field])) {
        found = found.concat(body[field]);
      }
    });
    return found.join(" ");
  }

  function upload(editor, file) {
    var limit = parseInt(editor.dataset.uploadMaxBytes, 10);
    if (limit && file.size > limit) {
      showProblem(editor, editor.dataset.uploadTooLarge);
      return;
    }
    var token = document.querySelector("input[name=csrfmiddlewaretoken]");
    var data = new FormData();
    data.append("image", file);
    data.append("csrfmiddlewaretoken", token ? token.value : "");
    editor.style.opacity = "0.3";
    fetch(editor.dataset.markdownxUploadUrlsPath, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Requested-With": "XMLHttpRequest" },
    })
      .then(function (response) {
        return response.json().then(
          function (body) {
            return { ok: response.ok, body: body };
          },
          function () {
            return { ok: false, body: null };
          }
        );
      })
      .then(function (answer) {
        if (answer.ok && answer.body && answer.body.image_code) {
          clearProblem(editor);
          var description = window.prompt(editor.dataset.uploadAltPrompt || "", "");
          if (description !== null) {
            insert(editor, withDescription(answer.body.image_code, description));
          }
        } else {
          showProblem(editor, reasons(answer.body) || editor.dataset.uploadFailed);
        }
      })
      .catch(function () {
        showProblem(editor, editor.dataset.uploadFailed);
      })
      .then(function () {
        editor.style.opacity = "";
      });
  }

  function takeOver(event) {
    var editor = event.target.closest && event.target.closest(".markdownx-editor");
    var files = editor && filesOf(event);
    if (!files) {
      return;
    }
    event.preventDefault();
    event.stopPropagation();
    Array.prototype.forEach.call(files, function (file) {
      upload(editor, file);
    });
  }

  document.addEventListener("drop", takeOver, true);
  document.addEventListener("paste", takeOver, true);

  // --- The "Insert an image…" button beside each editor -------------------------------------

  function addButton(editor) {
    if (!editor.dataset.uploadButton || editor.name.indexOf("__prefix__") !== -1) {
      return;
    }
    var box = editor.closest(".markdownx") || editor.parentNode;
    if (box.querySelector(".markdownx-upload-button")) {
      return;
    }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button markdownx-upload-button";
    button.textContent = editor.dataset.uploadButton;
    var input = document.createElement("input");
    input.type = "file";
    input.accept = "image/jpeg,image/png,image/webp,image/gif";
    input.hidden = true;
    input.className = "markdownx-upload-input";
    input.tabIndex = -1;
    box.insertBefore(button, box.firstChild);
    box.insertBefore(input, button);
  }

  function editorOf(element) {
    var box = element.closest(".markdownx") || element.parentNode;
    return box.querySelector(".markdownx-editor");
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".markdownx-upload-button");
    if (button) {
      button.parentNode.querySelector(".markdownx-upload-input").click();
    }
  });

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.classList || !input.classList.contains("markdownx-upload-input")) {
      return;
    }
    var editor = editorOf(input);
    Array.prototype.forEach.call(input.files, function (file) {
      upload(editor, file);
    });
    input.value = ""; // the same file may be chosen again
  });

  function addButtons(root) {
    root.querySelectorAll(".markdownx-editor").forEach(addButton);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      addButtons(document);
    });
  } else {
    addButtons(document);
  }
  document.addEventListener("formset:added", function (event) {
    addButtons(event.target);
  });
})();
