/* Fact-check pages: filters on the claims index (state kept in the URL) and the Pagefind search box.
   Progressive enhancement: without JavaScript the index is a plain list and nothing here runs. */
(function () {
  "use strict";
  var script = document.currentScript;
  var bundle = script ? new URL("../../pagefind/", script.src).href : null;

  /* The page's messages in its language (JSON in a data-fc-messages attribute, see render.SCRIPT_MESSAGES);
     plural messages come by CLDR category and are chosen with Intl.PluralRules. */
  function messages() {
    var holder = document.querySelector("[data-fc-messages]");
    var data = {};
    try { data = holder ? JSON.parse(holder.getAttribute("data-fc-messages")) : {}; } catch (e) { data = {}; }
    var rules = window.Intl && Intl.PluralRules ? new Intl.PluralRules(data.lang || document.documentElement.lang || "en") : null;
    return function (name, values) {
      var message = data[name];
      if (message && typeof message === "object") {
        var n = values && typeof values.total === "number" ? values.total : 0;
        message = message[rules ? rules.select(n) : "other"] || message.other || "";
      }
      return String(message || "").replace(/%\((\w+)\)[sd]/g, function (all, key) {
        return values && key in values ? (rules ? new Intl.NumberFormat(data.lang || "en").format(values[key]) : String(values[key])) : all;
      });
    };
  }
  var t = messages();

  function words(text) {
    return text.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "").split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  function setUpFilters(form) {
    var items = Array.prototype.slice.call(document.querySelectorAll(".fc-claims-index .fc-item"));
    var texts = items.map(function (item) { return " " + words(item.textContent).join(" ") + " "; });
    var fields = ["text", "verdict", "claimant", "topic", "source"];
    var count = form.querySelector(".fc-filters__count");

    function state() {
      var s = {};
      fields.forEach(function (name) { s[name] = form.elements[name].value.trim(); });
      return s;
    }

    function apply(updateUrl) {
      var s = state(), shown = 0, query = words(s.text);
      items.forEach(function (item, i) {
        var d = item.dataset;
        var ok = (!s.verdict || d.verdict === s.verdict) &&
          (!s.claimant || d.claimant === s.claimant) &&
          (!s.topic || (d.topics || "").split(" ").indexOf(s.topic) >= 0) &&
          (!s.source || (d.sources || "").split(" ").indexOf(s.source) >= 0) &&
          query.every(function (w) { return texts[i].indexOf(" " + w) >= 0; });
        item.hidden = !ok;
        if (ok) shown += 1;
      });
      count.textContent = shown === items.length ? t("showing_all", { total: items.length })
        : t("showing", { shown: shown, total: items.length });
      if (updateUrl) {
        var params = new URLSearchParams(window.location.search);
        fields.forEach(function (name) { if (s[name]) params.set(name, s[name]); else params.delete(name); });
        var search = params.toString();
        history.replaceState(null, "", window.location.pathname + (search ? "?" + search : "") + window.location.hash);
      }
    }

    var params = new URLSearchParams(window.location.search);
    fields.forEach(function (name) {
      var value = params.get(name), field = form.elements[name];
      if (value === null) return;
      if (field.tagName === "SELECT" && !Array.prototype.some.call(field.options, function (o) { return o.value === value; })) return;
      field.value = value;
    });
    form.addEventListener("input", function () { apply(true); });
    form.addEventListener("change", function () { apply(true); });
    form.addEventListener("submit", function (event) { event.preventDefault(); apply(true); });
    form.addEventListener("reset", function () { setTimeout(function () { apply(true); }, 0); });
    apply(false);
  }

  function load(tag, attrs) {
    return new Promise(function (resolve, reject) {
      var el = document.createElement(tag);
      Object.keys(attrs).forEach(function (key) { el[key] = attrs[key]; });
      el.onload = resolve;
      el.onerror = reject;
      document.head.appendChild(el);
    });
  }

  /* Pagefind's UI inserts result texts as HTML. The build already keeps markup characters out of
     filters and metadata (search.index_safe) and Pagefind escapes < and > of the page text, but
     what is inserted is made inert here too: metadata as plain text with look-alike brackets, an
     excerpt as its text plus Pagefind's <mark> around the words found, nothing else. */
  var LOOKALIKE = { "<": "\u2039", ">": "\u203a", "&": "\uff06" };

  function inertText(value) {
    return String(value === undefined || value === null ? "" : value).replace(/[<>&]/g, function (c) { return LOOKALIKE[c]; });
  }

  function inertExcerpt(html) {
    var template = document.createElement("template");
    template.innerHTML = String(html || "");  // a template's content is inert: nothing in it loads or runs
    var out = document.createElement("div");
    Array.prototype.forEach.call(template.content.childNodes, function (node) {
      var piece = node.nodeName === "MARK" ? document.createElement("mark") : null;
      var text = document.createTextNode(node.textContent);
      if (piece) piece.appendChild(text);
      out.appendChild(piece || text);
    });
    return out.innerHTML;  // text serialised with &lt; &gt; &amp;
  }

  /* Pagefind's UI puts its filter panel above the results once it has the filters; results shown
     before that jump down (layout shift). How long the filters take depends on the reader's
     network (over 2 s on a slow phone), so no timer guesses it: a query from the address is
     searched once Pagefind's engine (the module the UI uses, so its filters are then loaded) has
     them, or has failed to load them, which then shows as the UI's own error. */
  function afterFilters(engine, run) {
    engine.then(function (pagefind) { return pagefind.filters(); }).then(function (filters) { run(filters); }, function () { run(null); });
  }

  /* The filters the reader has ticked, in the form PagefindUI.triggerFilters takes. */
  function tickedFilters(element) {
    var ticked = {};
    Array.prototype.forEach.call(element.querySelectorAll(".pagefind-ui__filter-checkbox:checked"), function (box) {
      (ticked[box.name] = ticked[box.name] || []).push(box.value);
    });
    return ticked;
  }

  function setUpPagefind(element) {
    if (!bundle) return;
    // Opened from files (Material's offline plugin): browsers load no JavaScript module from a
    // file:// page, and Pagefind's engine is one; say so instead of searching for ever.
    if (window.location.protocol === "file:") {
      var note = document.createElement("p");
      note.className = "fc-search__offline";
      note.setAttribute("role", "status");
      note.textContent = t("offline") + " ";
      var all = document.createElement("a");
      all.href = element.getAttribute("data-fc-all") || "../claims/";
      all.textContent = t("offline_link");
      note.appendChild(all);
      note.appendChild(document.createTextNode("."));
      element.replaceChildren(note);
      return;
    }
    load("link", { rel: "stylesheet", href: bundle + "pagefind-ui.css" });
    load("script", { src: bundle + "pagefind-ui.js" }).then(function () {
      var ui = new window.PagefindUI({
        element: "#" + element.id, bundlePath: bundle, showSubResults: false, showImages: false,
        resetStyles: false, autofocus: false, debounceTimeoutMs: 100,
        translations: { placeholder: t("placeholder") },
        processResult: function (result) {
          var meta = result.meta || {};
          Object.keys(meta).forEach(function (key) { meta[key] = inertText(meta[key]); });
          if (meta.verdict) meta.title = t("verdict_prefix") + " " + meta.verdict + " · " + meta.title;
          delete meta.verdict;  // shown in the title; Pagefind would list it again under its (English) key
          result.excerpt = inertExcerpt(result.excerpt);
          (result.sub_results || []).forEach(function (sub) {
            sub.title = inertText(sub.title);
            sub.excerpt = inertExcerpt(sub.excerpt);
          });
          return result;
        }
      });
      // Warm up: load Pagefind's engine and index metadata now, not on the first keystroke.
      var engine = import(bundle + "pagefind.js");
      engine.then(function (pagefind) { if (pagefind.init) pagefind.init(); }, function () {});
      var input = element.querySelector("input");
      if (input) input.setAttribute("aria-labelledby", "search-the-fact-checks");  // a visible label (axe)
      var query = new URLSearchParams(window.location.search).get("search");
      // Pagefind counts a search's filters over the filter chunks it has loaded so far, and its UI
      // keeps the first non-empty set it gets: a search that ran while they were still loading (a
      // reader typing at once, a slow network) left whole groups out of the panel (a claimant, a
      // topic) until the next keystroke. Once the engine has every filter, a panel missing groups
      // is searched again (triggerFilters with the same ticks: triggerSearch with an unchanged term
      // is a no-op), after the UI has drawn what it has; the query from the address runs then.
      afterFilters(engine, function (filters) {
        if (!(input && input.value)) {
          if (query) ui.triggerSearch(query);
          return;
        }
        setTimeout(function () {
          var shown = element.querySelectorAll(".pagefind-ui__filter-block").length;
          if (shown && shown < Object.keys(filters || {}).length) ui.triggerFilters(tickedFilters(element));
        }, 0);
      });
      element.addEventListener("input", function (event) {
        if (!event.target.matches || !event.target.matches("input[type=text], input[type=search]")) return;
        var params = new URLSearchParams(window.location.search);
        if (event.target.value) params.set("search", event.target.value); else params.delete("search");
        var search = params.toString();
        history.replaceState(null, "", window.location.pathname + (search ? "?" + search : "") + window.location.hash);
      });
    }, function () {
      element.textContent = t("unavailable");
    });
  }

  /* Material renders the tags of a search result (our verdict, claimant, topics) in a <nav>: many
     unnamed navigation landmarks. They are not navigation: take the landmark role off. */
  function fixSearchResultTags() {
    var list = document.querySelector(".md-search-result__list");
    if (!list || !window.MutationObserver) return;
    new MutationObserver(function () {
      list.querySelectorAll("nav.md-tags:not([role])").forEach(function (nav) { nav.setAttribute("role", "none"); });
    }).observe(list, { childList: true, subtree: true });
  }

  /* The header's search box with Pagefind (partials/search.html) is a plain form, which Material's
     script does not drive: focus it when the search button opens it, close it with Escape. */
  function setUpHeaderSearch() {
    var toggle = document.getElementById("__search");
    var input = document.querySelector(".fc-header-search input[name=search]");
    if (!toggle || !input) return;
    toggle.addEventListener("change", function () { if (toggle.checked) input.focus(); });
    input.addEventListener("focus", function () { toggle.checked = true; });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { toggle.checked = false; input.blur(); }
    });
  }

  function init() {
    fixSearchResultTags();
    setUpHeaderSearch();
    var form = document.querySelector("form[data-fc-filters]");
    if (form) setUpFilters(form);
    var search = document.getElementById("fc-pagefind");
    if (search) setUpPagefind(search);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
