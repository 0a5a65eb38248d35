// Existing tags offered while an editor types in a tags field (input[data-tag-suggestions],
// also in entry rows added after the page loaded): the term after the last comma is looked up
// on the server, and each suggestion in the field's <datalist> completes the whole value.
(function () {
  "use strict";

  const DELAY_MS = 150;
  const timers = new WeakMap();
  let lists = 0;

  function listOf(input) {
    if (!input.list) {
      const list = document.createElement("datalist");
      lists += 1;
      list.id = "tag-suggestions-" + lists;
      input.after(list);
      input.setAttribute("list", list.id);
    }
    return input.list;
  }

  // The text before the term being typed, and that term.
  function split(value) {
    const comma = value.lastIndexOf(",");
    return {
      before: comma < 0 ? "" : value.slice(0, comma + 1) + " ",
      term: value.slice(comma + 1).trim(),
    };
  }

  // A name with a comma or a space is quoted, as the tags field reads it (django-taggit).
  function quoted(name) {
    return /[ ,]/.test(name) ? '"' + name.replace(/"/g, "") + '"' : name;
  }

  async function suggest(input) {
    const { before, term } = split(input.value);
    const list = listOf(input);
    if (!term) {
      list.replaceChildren();
      return;
    }
    const url = new URL(input.dataset.tagSuggestions, window.location.href);
    url.searchParams.set("q", term);
    let tags;
    try {
      const response = await fetch(url, { credentials: "same-origin" });
      if (!response.ok) return;
      tags = (await response.json()).tags;
    } catch (error) {
      return; // no suggestions; typing goes on as before
    }
    if (split(input.value).term !== term) return; // the editor typed on meanwhile
    list.replaceChildren(
      ...tags.map(function (name) {
        const option = document.createElement("option");
        option.value = before + quoted(name);
        return option;
      })
    );
  }

  document.addEventListener("input", function (event) {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.hasAttribute("data-tag-suggestions")) {
      return;
    }
    clearTimeout(timers.get(input));
    timers.set(input, setTimeout(function () { suggest(input); }, DELAY_MS));
  });
})();
