/*
 * Pictures dropped or pasted into a Markdown editor are uploaded by this script, not by
 * markdownx's own: markdownx writes the words "Invalid response" into the text whenever the
 * server refuses a file. Here a refused file leaves the text as it was, and the server's
 * reason ("The image is larger than 5 MB.") is shown under the editor until the next upload.
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

  function insert(editor, text) {
    var start = editor.selectionStart;
    editor.value = editor.value.slice(0, start) + text + editor.value.slice(editor.selectionEnd);
    editor.selectionStart = editor.selectionEnd = start + text.length;
    // markdownx renders the preview again on input.
    editor.dispatchEvent(new Event("input", { bubbles: true }));
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
          insert(editor, answer.body.image_code);
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
})();
