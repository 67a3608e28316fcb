// The facilitator's flags panel: compact rows that open for the pivot, and "Go to note".
// The panel is re-sent by the server whenever a note changes; a row she opened stays open,
// a reason she is typing stays typed, and focus stays where it was.
// No inline script (the CSP forbids it); all text set with textContent.
(function () {
  "use strict";

  var saved = null;
  var targetTimer = null;

  function panel() { return document.getElementById("flags"); }

  function snapshot() {
    var p = panel();
    if (!p) return null;
    var state = { open: [], values: {}, focus: null };
    p.querySelectorAll("details[open][data-flag]").forEach(function (d) { state.open.push(d.dataset.flag); });
    p.querySelectorAll("input[id]").forEach(function (i) { if (i.value) state.values[i.id] = i.value; });
    var a = document.activeElement;
    if (a && p.contains(a)) {
      var holder = a.closest("[data-flag]");
      state.focus = {
        id: a.id || null,
        flag: holder ? holder.dataset.flag : null,
        what: a.tagName === "SUMMARY" ? "summary" : a.classList.contains("flag-jump") ? "jump" :
          (a.closest("form") && a.closest("form").querySelector("input[name=status]") || {}).value || null
      };
    }
    return state;
  }

  function restore(state) {
    var p = panel();
    if (!p || !state) return;
    state.open.forEach(function (key) {
      var d = p.querySelector('details[data-flag="' + CSS.escape(key) + '"]');
      if (d) d.open = true;
    });
    Object.keys(state.values).forEach(function (id) {
      var i = document.getElementById(id);
      if (i && p.contains(i) && !i.value) i.value = state.values[id];
    });
    var f = state.focus;
    if (!f || (document.activeElement && document.activeElement !== document.body && document.contains(document.activeElement))) return;
    var target = f.id ? document.getElementById(f.id) : null;
    if (!target && f.flag) {
      var item = p.querySelector('[data-flag="' + CSS.escape(f.flag) + '"]');
      var li = item && item.closest("li.flag-item");
      if (li && f.what === "summary") target = li.querySelector("summary");
      else if (li && f.what === "jump") target = li.querySelector(".flag-jump");
      else if (li && f.what) target = li.querySelector('input[value="' + CSS.escape(f.what) + '"] ~ button');
      else if (item && item.tagName === "DETAILS") target = item.querySelector("summary");
    }
    // Her row went (she pivoted it, or the note changed): on to the newest open flag, else the heading.
    if (!target) target = p.querySelector(":scope > .flags-list summary");
    if (!target) target = p.closest("section") && p.closest("section").querySelector("h2");
    if (target) {
      if (target.tagName === "H2" && !target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
      target.focus({ preventScroll: true });
    }
  }

  document.addEventListener("htmx:wsBeforeMessage", function () { saved = snapshot(); });
  document.addEventListener("htmx:wsAfterMessage", function () { restore(saved); saved = null; });

  // ---- Go to note: bring the note into view, on its tab on a phone, and put focus on it ----
  function say(text) {
    var s = document.querySelector("#flags .flag-jump-status");
    if (!s) return;
    s.textContent = "";
    setTimeout(function () { s.textContent = text; }, 50);
  }
  document.addEventListener("click", function (e) {
    var btn = e.target.closest && e.target.closest("#flags .flag-jump");
    if (!btn) return;
    var note = document.getElementById("note-" + btn.dataset.note);
    if (!note) { say("That note is no longer on the board."); return; }
    var tab = document.querySelector('.section-tab[data-tab="' + CSS.escape(note.dataset.section || "") + '"]');
    if (tab && tab.offsetParent !== null) tab.click();
    var still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    note.scrollIntoView({ block: "center", behavior: still ? "auto" : "smooth" });
    note.focus({ preventScroll: true });
    document.querySelectorAll(".flag-target").forEach(function (n) { n.classList.remove("flag-target"); });
    note.classList.add("flag-target");
    clearTimeout(targetTimer);
    targetTimer = setTimeout(function () { note.classList.remove("flag-target"); }, 4000);
  });
})();
