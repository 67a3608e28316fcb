// Casemap for everyone in the room: keyboard shortcuts, screen-reader announcements, focus that
// survives live updates, the section tab bar on small screens, copy buttons (the projector's
// fitting and pages are in js/projector.js). No inline script (the CSP forbids it); all text
// set with textContent.
(function () {
  "use strict";

  var body = function () { return document.body; };
  var isBoard = function () { return body().classList.contains("board-page"); };

  // ---- polite announcements, batched so a burst of notes is one short summary ----
  var pending = [];
  var flushTimer = null;
  var lastSpoken = 0;
  var BATCH_MS = 900;
  var GAP_MS = 2500;

  function speak(text) {
    var el = document.getElementById("announcer");
    if (!el || !text) return;
    el.textContent = "";
    // A fresh text node after a tick, so the same words twice are still read out.
    setTimeout(function () { el.textContent = text; }, 60);
    lastSpoken = Date.now();
  }

  function announce(item) {
    // item: {kind: "added"|"changed"|"moved"|"deleted"|"text", text, section}
    pending.push(typeof item === "string" ? { kind: "text", text: item } : item);
    scheduleFlush();
  }

  function scheduleFlush() {
    if (flushTimer) return;
    var wait = Math.max(BATCH_MS, lastSpoken + GAP_MS - Date.now());
    flushTimer = setTimeout(flush, wait);
  }

  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

  function flush() {
    flushTimer = null;
    var items = pending;
    pending = [];
    if (!items.length) return;
    if (items.length <= 3) { speak(items.map(function (i) { return i.text; }).join(" ")); return; }
    var texts = items.filter(function (i) { return i.kind === "text"; }).map(function (i) { return i.text; });
    var added = items.filter(function (i) { return i.kind === "added"; });
    var parts = [];
    if (added.length) {
      var per = {};
      var order = [];
      added.forEach(function (i) { if (!(i.section in per)) { per[i.section] = 0; order.push(i.section); } per[i.section] += 1; });
      parts.push(plural(added.length, "new note", "new notes") + ": " +
        order.map(function (s) { return per[s] + " in " + s; }).join(", ") + ".");
    }
    var changed = items.filter(function (i) { return i.kind === "changed" || i.kind === "moved"; }).length;
    if (changed) parts.push(plural(changed, "note", "notes") + " changed or moved.");
    var deleted = items.filter(function (i) { return i.kind === "deleted"; }).length;
    if (deleted) parts.push(plural(deleted, "note", "notes") + " deleted.");
    speak(texts.concat(parts).join(" "));
  }

  // ---- what changed on the board since the last message ----
  function sectionName(key) {
    var sec = document.getElementById("section-" + key);
    return (sec && sec.dataset.short) || key;
  }
  function noteInfo(li) {
    var q = function (sel) { var el = li.querySelector(sel); return el ? el.textContent.trim() : ""; };
    return { author: q(".author"), agency: q(".agency"), kind: q(".kind-label"), text: q(".note-text") };
  }
  function snapshot() {
    var out = {};
    document.querySelectorAll(".board li.note").forEach(function (li) {
      out[li.id] = { v: li.dataset.version, s: li.dataset.section, a: li.dataset.author, info: noteInfo(li) };
    });
    return out;
  }
  var known = null;

  function short(text) { return text.length > 90 ? text.slice(0, 87) + "…" : text; }

  function diffAndAnnounce() {
    if (!isBoard()) return;
    var now = snapshot();
    if (known === null) { known = now; return; }
    var me = body().dataset.me;
    Object.keys(now).forEach(function (id) {
      var n = now[id];
      var o = known[id];
      var mine = n.a === me;
      var who = mine ? "Your note" : "Note from " + n.info.author + ", " + n.info.agency;
      if (!o) {
        announce({
          kind: "added", section: sectionName(n.s),
          text: mine ? "Your note was added to " + sectionName(n.s) + "."
            : "New " + n.info.kind.toLowerCase() + " from " + n.info.author + ", " + n.info.agency + ", in " +
              sectionName(n.s) + ": " + short(n.info.text)
        });
      } else if (o.s !== n.s) {
        announce({ kind: "moved", text: who + " moved to " + sectionName(n.s) + "." });
      } else if (o.v !== n.v && o.info.text !== n.info.text) {
        announce({ kind: "changed", text: who + " changed: " + short(n.info.text) });
      }
    });
    Object.keys(known).forEach(function (id) {
      if (!now[id]) announce({ kind: "deleted", text: (known[id].a === me ? "Your note" : "A note from " + known[id].info.author) + " was deleted." });
    });
    known = now;
    updateTabCounts();
  }

  document.addEventListener("casemap:conn", function (e) {
    // #conn is itself a polite status region; say more only when the board comes back.
    if (e.detail.state === "live" && e.detail.before && e.detail.before !== "connecting") {
      announce("Connection is back. The board is up to date.");
    }
  });

  document.addEventListener("casemap:state", function (e) {
    var b = body();
    var fac = b.dataset.role === "facilitator";
    var st = b.dataset.status;
    if (e.detail.before.status !== st) {
      var msg = st === "closed" ? "The meeting is closed. The board is read-only."
        : st === "locked" ? (fac ? "The board is locked: only you can add or change notes until you unlock it."
          : "The facilitator has locked the board. You can read it, but you can't add, edit, move or delete notes until it is unlocked.")
          : "The board is open again: you can add and change notes.";
      var notice = document.getElementById("board-notice");
      var text = document.getElementById("board-notice-text");
      if (notice && text) {
        notice.hidden = st === "open";
        text.textContent = st === "open" ? "" : msg;
      }
      announce(msg);
    }
    if (e.detail.before.focus !== (b.dataset.focus || "") && b.dataset.focus) {
      if (!fac) announce("The facilitator has focused the room on " + sectionName(b.dataset.focus) + ".");
    }
    markFocusedTab();
  });

  // ---- focus that survives live updates ----
  // A note that had focus is replaced (edit) or re-rendered elsewhere (move) by the server's
  // broadcast; put focus back on it, or on its section's heading if it was deleted.
  var lastNote = null;
  document.addEventListener("focusin", function (e) {
    var li = e.target.closest && e.target.closest(".board li.note");
    if (li) lastNote = { id: li.id, section: li.dataset.section };
    else if (!(e.target.closest && e.target.closest("#editor"))) lastNote = null;
  });
  document.addEventListener("mousedown", function (e) {
    if (!(e.target.closest && e.target.closest(".board li.note, dialog"))) lastNote = null;
  });
  function lostFocus() {
    var a = document.activeElement;
    return !a || a === document.body || !document.contains(a) || !!(a.closest && a.closest("dialog:not([open])"));
  }
  function restoreFocus() {
    if (!lastNote || !lostFocus()) return;
    var dlg = document.querySelector("dialog[open]");
    if (dlg) return;
    var li = document.getElementById(lastNote.id);
    if (li) { li.focus(); return; }
    var h = document.getElementById("h-" + lastNote.section);
    if (h) { showTab(lastNote.section); h.focus(); }
    lastNote = null;
  }
  document.addEventListener("htmx:wsAfterMessage", function () {
    diffAndAnnounce();
    restoreFocus();
  });
  document.addEventListener("close", function (e) {
    if (e.target.id === "editor") setTimeout(restoreFocus, 0);
  }, true);

  // ---- keyboard shortcuts ----
  var SECTION_KEYS = ["pattern", "impact", "factors", "practice"];
  function shortcutsOn() {
    try { return localStorage.getItem("casemap-shortcuts") !== "off"; } catch (err) { return true; }
  }
  function typing(t) {
    if (!t || !t.tagName) return false;
    if (t.closest && t.closest("dialog:not([open])")) return false;  // left behind in a closed dialog
    return t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName);
  }
  function currentSection() {
    var a = document.activeElement;
    var sec = a && a.closest && a.closest(".board .section");
    if (sec) return sec.dataset.section;
    var tab = document.querySelector(".board .section.tab-current");
    if (tab && body().classList.contains("tabs-ready") && tabsShown()) return tab.dataset.section;
    if (lastSection) return lastSection;
    return body().dataset.focus || "pattern";
  }
  var lastSection = null;
  function goSection(key) {
    var h = document.getElementById("h-" + key);
    if (!h) return;
    lastSection = key;
    showTab(key);
    h.focus();
  }
  function newNote() {
    var key = currentSection();
    var ta = document.getElementById("text-" + key);
    if (!ta) return;
    if (ta.disabled || ta.closest("fieldset:disabled")) {
      announce(body().dataset.status === "closed" ? "The meeting is closed: no new notes." : "The board is locked: you can't add notes until it is unlocked.");
      goSection(key);
      return;
    }
    showTab(key);
    ta.focus();
  }
  function notesIn(key) { return Array.prototype.slice.call(document.querySelectorAll("#notes-" + key + " > li.note")); }
  function stepNote(delta) {
    var a = document.activeElement;
    var li = a && a.closest && a.closest(".board li.note");
    var key = li ? li.dataset.section : currentSection();
    var list = notesIn(key);
    if (!list.length) { announce("No notes in " + sectionName(key) + " yet."); return; }
    var i = li ? list.indexOf(li) + delta : (delta > 0 ? 0 : list.length - 1);
    if (i < 0 || i >= list.length) { announce(delta > 0 ? "That was the last note in " + sectionName(key) + "." : "That was the first note in " + sectionName(key) + "."); return; }
    showTab(key);
    list[i].focus();
  }
  function editCurrent() {
    var a = document.activeElement;
    var li = a && a.closest && a.closest(".board li.note");
    if (!li) { announce("Go to a note first: press j or k, or Tab to it."); return; }
    var btn = li.querySelector(".note-actions button[hx-get]");
    if (!btn || getComputedStyle(li.querySelector(".note-actions")).display === "none") {
      announce("You can't edit this note.");
      return;
    }
    lastNote = { id: li.id, section: li.dataset.section };
    btn.click();
  }
  var shortcutsOpener = null;
  function openShortcuts() {
    var d = document.getElementById("shortcuts");
    if (!d || d.open) return;
    var box = document.getElementById("shortcuts-on");
    if (box) box.checked = shortcutsOn();
    shortcutsOpener = document.activeElement;
    d.showModal();
  }
  // Closing the list puts focus straight back where it was (or nowhere), at once: the browser's
  // own fix-up can lag, and a key pressed meanwhile would land on the hidden checkbox.
  document.addEventListener("close", function (e) {
    if (e.target.id !== "shortcuts") return;
    var back = shortcutsOpener;
    shortcutsOpener = null;
    if (back && back !== document.body && document.contains(back) && back.focus) back.focus();
    else if (document.activeElement && e.target.contains(document.activeElement)) document.activeElement.blur();
  }, true);

  document.addEventListener("keydown", function (e) {
    if (!isBoard() || e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
    var t = e.target;
    // Esc in a note box leaves the box (the text stays), back to its section's heading.
    if (e.key === "Escape" && t.tagName === "TEXTAREA" && t.closest("form.add-note")) {
      e.preventDefault();
      goSection(t.closest(".section").dataset.section);
      return;
    }
    if (typing(t) || document.querySelector("dialog[open]")) return;
    if (!shortcutsOn()) return;
    var k = e.key;
    var idx = ["1", "2", "3", "4"].indexOf(k);
    if (k === "?") { e.preventDefault(); openShortcuts(); }
    else if (idx >= 0) { e.preventDefault(); goSection(SECTION_KEYS[idx]); }
    else if (k === "n" || k === "N") { e.preventDefault(); newNote(); }
    else if (k === "e" || k === "E") { e.preventDefault(); editCurrent(); }
    else if (k === "j") { e.preventDefault(); stepNote(1); }
    else if (k === "k") { e.preventDefault(); stepNote(-1); }
  });

  document.addEventListener("click", function (e) {
    if (e.target.closest && e.target.closest("#shortcuts-open")) openShortcuts();
  });
  document.addEventListener("change", function (e) {
    if (e.target.id === "shortcuts-on") {
      try { localStorage.setItem("casemap-shortcuts", e.target.checked ? "on" : "off"); } catch (err) { /* private mode */ }
    }
  });

  // ---- small screens: one section at a time, a tab bar to switch ----
  var narrow = window.matchMedia ? window.matchMedia("(max-width: 700px)") : null;
  function tabsShown() { return !!(narrow && narrow.matches); }
  function showTab(key) {
    if (!document.querySelector(".section-tabs")) return;
    document.querySelectorAll(".board > .section").forEach(function (sec) {
      sec.classList.toggle("tab-current", sec.dataset.section === key);
    });
    document.querySelectorAll(".section-tab").forEach(function (b) {
      if (b.dataset.tab === key) b.setAttribute("aria-current", "true"); else b.removeAttribute("aria-current");
    });
  }
  function markFocusedTab() {
    var f = body().dataset.focus || "";
    document.querySelectorAll(".section-tab").forEach(function (b) {
      var tag = b.querySelector(".tab-focus");
      if (b.dataset.tab === f && !tag) {
        tag = document.createElement("span");
        tag.className = "tab-focus";
        tag.textContent = "in focus";
        b.appendChild(tag);
      } else if (b.dataset.tab !== f && tag) {
        tag.remove();
      }
    });
  }
  function updateTabCounts() {
    document.querySelectorAll(".section-tab").forEach(function (b) {
      var n = notesIn(b.dataset.tab).length;
      var c = b.querySelector(".tab-count");
      if (c) c.textContent = " (" + n + ")";
    });
  }
  document.addEventListener("click", function (e) {
    var b = e.target.closest && e.target.closest(".section-tab");
    if (!b) return;
    lastSection = b.dataset.tab;
    showTab(b.dataset.tab);
  });

  // ---- the ready page: copy the links ----
  function fallbackCopy(text, back) {
    var ta = document.createElement("textarea");
    ta.value = text;
    ta.setAttribute("readonly", "");
    ta.className = "visually-hidden";
    document.body.appendChild(ta);
    ta.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (err) { ok = false; }
    ta.remove();
    if (back) back.focus();
    return ok;
  }
  document.addEventListener("click", function (e) {
    var btn = e.target.closest && e.target.closest(".copy-button");
    if (!btn) return;
    var src = document.getElementById(btn.dataset.copy);
    var status = btn.parentElement.querySelector(".copy-status");
    if (!src) return;
    var text = src.textContent.trim();
    var done = function (ok) {
      document.querySelectorAll(".copy-status").forEach(function (s) { if (s !== status) s.textContent = ""; });
      if (status) status.textContent = ok ? "Copied" : "Could not copy: select the link and copy it by hand";
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(fallbackCopy(text, btn)); });
    } else {
      done(fallbackCopy(text, btn));
    }
  });

  // ---- the join form: typing an agency that is not listed chooses "Other" ----
  document.addEventListener("input", function (e) {
    if (e.target.id !== "agency_other") return;
    var sel = document.getElementById("agency");
    if (sel && e.target.value.trim() && sel.value === "") sel.value = "other";
  });

  document.addEventListener("DOMContentLoaded", function () {
    if (isBoard()) {
      known = snapshot();
      if (document.querySelector(".section-tabs")) {
        body().classList.add("tabs-ready");
        showTab(body().dataset.focus || "pattern");
        markFocusedTab();
        updateTabCounts();
      }
    }
  });
})();
