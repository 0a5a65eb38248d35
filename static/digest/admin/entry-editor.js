/*
 * The issue form's compact entry editor (templates/admin/digest/issue/entry_inline.html).
 *
 * - Each entry row is folded to one line (position, section, headline, source site, tags,
 *   image and card markers) and opens on a click; rows the server sent back with errors, and
 *   new rows, stay open. Adding an entry folds the others (except those with errors).
 * - Rows are ordered by dragging their handle (⠿), or with the ↑ ↓ buttons from the keyboard,
 *   within a section and across sections: the section and position fields are updated at once,
 *   and the order is saved with the issue. A new row goes to the end of its section.
 * - ★ makes the entry one of the picks (a checkbox of the row's form; the server
 *   creates or removes the pick on saving), with the pick's text beside it.
 * - "Fill from the link" is entry-fill.js; a field it fills is described here like one typed.
 *   Both use entry-rows.js (a row's fields, setting a field as typing would).
 *
 * Django's inlines.js renumbers the rows by their order on the page when an unsaved row is
 * removed; the rows are put back in the order of their numbers just before that, so saved and
 * new rows keep their places in the formset.
 */
(function () {
  "use strict";

  const NUMBER = /-(\d+)$/;
  const { ready, field, setValue } = window.digestEntryRows; // entry-rows.js

  ready(function () {
    const group = document.querySelector(".entry-editor");
    if (!group) {
      return;
    }
    const text = group.dataset;
    const status = group.querySelector(".entry-editor-status");

    function rows() {
      return Array.from(group.querySelectorAll(".entry-row:not(.empty-form)"));
    }

    function numberOf(row) {
      const found = NUMBER.exec(row.id);
      return found ? parseInt(found[1], 10) : Infinity;
    }

    function sectionOf(row) {
      const select = field(row, "section");
      return select ? select.value : "";
    }

    // Sections in the order of the select's options (the sections' own order).
    function sectionRank(row) {
      const select = field(row, "section");
      return select && select.value ? select.selectedIndex : Infinity;
    }

    function positionOf(row) {
      const value = parseInt((field(row, "position") || {}).value, 10);
      return isNaN(value) ? Infinity : value;
    }

    // A field's value, or its text where the row is shown read-only.
    function shown(row, name) {
      const input = field(row, name);
      if (input) return input.value;
      const readonly = row.querySelector(".field-" + name + " .readonly");
      return readonly ? readonly.textContent.trim() : "";
    }

    function sectionName(row) {
      const select = field(row, "section");
      if (!select) return shown(row, "section");
      return select.value ? select.options[select.selectedIndex].text : "";
    }

    function domainOf(link) {
      try {
        return new URL(link).hostname.replace(/^www\./, "");
      } catch (error) {
        return "";
      }
    }

    function hasImage(row) {
      const input = field(row, "image");
      const clear = row.querySelector('[name$="-image-clear"]');
      const staged = field(row, "staged_image");
      const saved = row.querySelector(".file-upload a, .field-image .readonly a") && !(clear && clear.checked);
      return Boolean((input && input.files && input.files.length) || saved || (staged && staged.value));
    }

    function describe(row) {
      const bar = row.querySelector(".entry-bar");
      bar.querySelector(".entry-position").textContent = shown(row, "position") || "·";
      bar.querySelector(".entry-section").textContent = sectionName(row);
      bar.querySelector(".entry-headline").textContent =
        shown(row, "headline").trim() || text.textUntitled;
      bar.querySelector(".entry-domain").textContent = domainOf(shown(row, "source_url"));
      bar.querySelector(".entry-tags").textContent = shown(row, "tags");
      const markers = [];
      if (hasImage(row)) markers.push("▣ " + text.textImage);
      if (shown(row, "card_url") || shown(row, "card_title")) markers.push("▤ " + text.textCard);
      bar.querySelector(".entry-markers").textContent = markers.join(" ");
      const star = field(row, "is_pick");
      const pickText = row.querySelector(".entry-pick-text");
      if (star && pickText) {
        pickText.hidden = !star.checked;
        row.classList.toggle("entry-is-pick", star.checked);
      }
      const deleting = field(row, "DELETE");
      row.classList.toggle("entry-deleting", Boolean(deleting && deleting.checked));
    }

    function setOpen(row, open) {
      const body = row.querySelector(".entry-body");
      const toggle = row.querySelector(".entry-toggle");
      body.hidden = !open;
      toggle.setAttribute("aria-expanded", String(open));
      toggle.title = open ? text.textClose : text.textOpen;
      row.classList.toggle("entry-open", open);
    }

    function name(row) {
      const body = row.querySelector(".entry-body");
      body.id = row.id + "-body";
      row.querySelector(".entry-toggle").setAttribute("aria-controls", body.id);
    }

    function prepare(row, open) {
      name(row);
      describe(row);
      setOpen(row, open);
    }

    // --- Order -------------------------------------------------------------------------------

    function placeInOrder() {
      const template = group.querySelector(".entry-row.empty-form");
      const ordered = rows().sort(function (a, b) {
        return (
          sectionRank(a) - sectionRank(b) ||
          positionOf(a) - positionOf(b) ||
          numberOf(a) - numberOf(b)
        );
      });
      ordered.forEach(function (row) {
        if (template) {
          template.before(row);
        } else {
          group.querySelector("fieldset").append(row);
        }
      });
    }

    function placeByNumber() {
      const template = group.querySelector(".entry-row.empty-form");
      rows()
        .sort(function (a, b) {
          return numberOf(a) - numberOf(b);
        })
        .forEach(function (row) {
          if (template) template.before(row);
        });
    }

    // Positions 1, 2, 3… in the order the rows of `sections` stand on the page.
    function renumber(sections) {
      const counts = {};
      rows().forEach(function (row) {
        const section = sectionOf(row);
        if (!section || sections.indexOf(section) === -1) return;
        counts[section] = (counts[section] || 0) + 1;
        setValue(field(row, "position"), counts[section]);
        describe(row);
      });
    }

    function announce(row) {
      if (status) {
        status.textContent = text.textMoved
          .replace("{position}", field(row, "position").value)
          .replace("{section}", sectionName(row));
      }
    }

    function moveTo(row, section, before) {
      const from = sectionOf(row);
      if (before && before !== row) {
        before.before(row);
      }
      if (section !== from) {
        setValue(field(row, "section"), section);
      }
      renumber([from, section]);
      describe(row);
      announce(row);
    }

    function step(row, up) {
      const section = sectionOf(row);
      if (!section) return;
      const same = rows().filter(function (other) {
        return sectionOf(other) === section;
      });
      const neighbour = same[same.indexOf(row) + (up ? -1 : 1)];
      if (neighbour) {
        moveTo(row, section, up ? neighbour : neighbour.nextElementSibling);
      } else {
        // At the edge of its section: to the end of the section above, the start of the one below.
        const sections = Array.from(field(row, "section").options).filter(function (option) {
          return option.value;
        });
        const next = sections[sections.findIndex((option) => option.value === section) + (up ? -1 : 1)];
        if (!next) return;
        setValue(field(row, "section"), next.value);
        setValue(field(row, "position"), up ? lastPosition(next.value, row) + 1 : 0);
        placeInOrder();
        renumber([section, next.value]);
        announce(row);
      }
      placeInOrder();
    }

    function lastPosition(section, except) {
      return rows().reduce(function (last, row) {
        if (row === except || sectionOf(row) !== section) return last;
        const position = positionOf(row);
        return position === Infinity ? last : Math.max(last, position);
      }, 0);
    }

    // --- Dragging ------------------------------------------------------------------------------

    let dragged = null;

    function clearMarks() {
      group.querySelectorAll(".drop-before, .drop-after").forEach(function (row) {
        row.classList.remove("drop-before", "drop-after");
      });
    }

    group.addEventListener("dragstart", function (event) {
      const handle = event.target.closest && event.target.closest(".entry-handle");
      if (!handle) return;
      dragged = handle.closest(".entry-row");
      dragged.classList.add("entry-dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", dragged.id);
    });

    group.addEventListener("dragover", function (event) {
      const target = dragged && event.target.closest(".entry-row:not(.empty-form)");
      if (!target || target === dragged) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = "move";
      const box = target.getBoundingClientRect();
      const before = event.clientY < box.top + box.height / 2;
      clearMarks();
      target.classList.add(before ? "drop-before" : "drop-after");
    });

    group.addEventListener("drop", function (event) {
      const target = dragged && event.target.closest(".entry-row:not(.empty-form)");
      if (!target || target === dragged || !sectionOf(target)) return;
      event.preventDefault();
      const before = target.classList.contains("drop-before");
      clearMarks();
      moveTo(dragged, sectionOf(target), before ? target : target.nextElementSibling);
      placeInOrder();
    });

    group.addEventListener("dragend", function () {
      clearMarks();
      if (dragged) dragged.classList.remove("entry-dragging");
      dragged = null;
    });

    // --- Clicks and typing ---------------------------------------------------------------------

    group.addEventListener("click", function (event) {
      const row = event.target.closest(".entry-row");
      if (!row) return;
      if (event.target.closest(".entry-toggle")) {
        setOpen(row, row.querySelector(".entry-body").hidden);
      } else if (event.target.closest(".entry-up, .entry-down")) {
        step(row, Boolean(event.target.closest(".entry-up")));
        event.target.closest("button").focus();
      }
    });

    // Removing an unsaved row renumbers the rows by their place: put them in number order first.
    group.addEventListener(
      "click",
      function (event) {
        if (event.target.closest(".inline-deletelink")) placeByNumber();
      },
      true
    );
    document.addEventListener("formset:removed", function (event) {
      if (event.detail && event.detail.formsetName === "entries") {
        placeInOrder();
        rows().forEach(function (row) {
          name(row);
          describe(row);
        });
      }
    });

    group.addEventListener("input", function (event) {
      const row = event.target.closest(".entry-row");
      if (row) describe(row);
    });

    group.addEventListener("change", function (event) {
      const row = event.target.closest(".entry-row");
      if (!row) return;
      if (!window.digestEntryRows.setting && event.target.name && /-section$/.test(event.target.name)) {
        // Chosen by the editor: the entry goes to the end of its new section.
        setValue(field(row, "position"), lastPosition(sectionOf(row), row) + 1);
        placeInOrder();
      }
      describe(row);
    });

    document.addEventListener("formset:added", function (event) {
      if (!event.detail || event.detail.formsetName !== "entries") return;
      const row = event.target;
      // The entry being written is the one open; the others fold, unless they have errors.
      rows().forEach(function (other) {
        if (other !== row && !other.classList.contains("entry-has-errors")) setOpen(other, false);
      });
      prepare(row, true);
      const section = field(row, "section");
      // In the section of the entry added or listed last: usually the next entry's section too.
      const earlier = rows()
        .filter(function (other) {
          return other !== row && sectionOf(other);
        })
        .sort(function (a, b) {
          return numberOf(a) - numberOf(b);
        });
      if (section && !section.value && earlier.length) {
        setValue(section, sectionOf(earlier[earlier.length - 1]));
      }
      if (section && section.value) {
        setValue(field(row, "position"), lastPosition(section.value, row) + 1);
        placeInOrder();
      }
      const first = field(row, "source_url") || field(row, "headline");
      if (first) first.focus();
    });

    // A link to a row (the list of errors at the top) opens it.
    document.addEventListener("click", function (event) {
      const link = event.target.closest && event.target.closest(".error-summary a[href^='#']");
      const row = link && document.getElementById(link.getAttribute("href").slice(1));
      if (row && row.classList.contains("entry-row")) setOpen(row, true);
    });

    // --- Start ---------------------------------------------------------------------------------

    // A form sent back with errors shows the order the editor had given.
    placeInOrder();
    rows().forEach(function (row) {
      const saved = !field(row, "id") || field(row, "id").value;
      prepare(row, !saved || row.classList.contains("entry-has-errors"));
    });
    if (window.location.hash) {
      const target = document.getElementById(window.location.hash.slice(1));
      if (target && target.classList.contains("entry-row")) setOpen(target, true);
    }
  });
})();
