// The projector: the whole map, every note, readable from the back of the room.
// Each section first shrinks its notes' type step by step down to a floor (20px at 1920x1080);
// what still does not fit is split into pages that turn slowly, with "Page 1 of 3" on screen.
// Whoever runs the projector can turn the pages with the arrow keys and pause with Space.
// A note that has just arrived is shown at once (its page comes up) and outlined for a while.
// No inline script (the CSP forbids it); all text set with textContent.
(function () {
  "use strict";

  var SIZES = [30, 28, 26, 24, 22, 21, 20];  // the notes' type, px; the last one is the floor
  var DENSE_BELOW = 24;                       // smaller than this, the section's prompt makes room
  var TURN_MS = 12000;
  var NEW_MS = 8000;

  var paused = false;
  var timer = null;
  var known = {};  // note ids already seen, so a refresh after a reconnect is not "new"

  function isProjector() { return document.body.classList.contains("present-page"); }
  function sections() { return Array.prototype.slice.call(document.querySelectorAll(".present-board .section")); }
  function notesOf(sec) { return Array.prototype.slice.call(sec.querySelectorAll(".notes > li.note")); }
  function overflows(ul) { return ul.scrollHeight > ul.clientHeight + 1; }

  // ---- fitting one section ----
  function fit(sec) {
    var ul = sec.querySelector(".notes");
    var pager = sec.querySelector(".pager");
    if (!ul || !pager) return;
    var list = notesOf(sec);
    list.forEach(function (li) { li.hidden = false; });
    pager.hidden = true;
    sec.classList.remove("dense");
    delete sec.dataset.pages;
    for (var i = 0; i < SIZES.length; i++) {
      sec.style.setProperty("--fs", SIZES[i] + "px");
      sec.classList.toggle("dense", SIZES[i] < DENSE_BELOW);
      if (!overflows(ul)) { sec._pages = null; return; }
    }
    // At the floor and still too many: pages, packed by the notes' measured heights.
    pager.hidden = false;
    pager.textContent = "Page 1 of 2";  // room for the pager line before measuring
    var room = ul.clientHeight;
    var gap = parseFloat(getComputedStyle(ul).rowGap) || 0;
    var heights = list.map(function (li) { return li.getBoundingClientRect().height; });
    var pages = pack(list, heights, gap, room);
    // As few pages as fit, then as even as they can be: the least height that still needs no
    // more pages, so the last page is not two notes and a gap.
    var lo = Math.max.apply(null, heights);
    var hi = room;
    while (hi - lo > 2) {
      var mid = (lo + hi) / 2;
      if (pack(list, heights, gap, mid).length <= pages.length) hi = mid; else lo = mid;
    }
    pages = pack(list, heights, gap, Math.min(room, hi));
    sec._pages = pages;
    sec.dataset.pages = String(pages.length);
    var at = Math.min(Number(sec.dataset.page || 0), pages.length - 1);
    if (sec._show) {
      var target = document.getElementById(sec._show);
      pages.forEach(function (p, k) { if (target && p.indexOf(target) >= 0) at = k; });
      sec._show = null;
    }
    show(sec, at);
  }

  function pack(list, heights, gap, room) {
    var pages = [];
    var page = [];
    var used = 0;
    list.forEach(function (li, i) {
      var h = heights[i];
      var need = page.length ? used + gap + h : h;
      if (page.length && need > room) { pages.push(page); page = [li]; used = h; }
      else { page.push(li); used = need; }
    });
    if (page.length) pages.push(page);
    return pages;
  }

  function show(sec, k) {
    var pages = sec._pages;
    if (!pages) return;
    var n = pages.length;
    k = ((k % n) + n) % n;
    sec.dataset.page = String(k);
    var total = 0;
    var first = 0;
    pages.forEach(function (p, i) {
      if (i < k) first += p.length;
      total += p.length;
      p.forEach(function (li) { li.hidden = i !== k; });
    });
    var pager = sec.querySelector(".pager");
    pager.textContent = "";
    var pos = document.createElement("span");
    pos.className = "pager-pos";
    pos.textContent = "Page " + (k + 1) + " of " + n;
    var range = document.createElement("span");
    range.textContent = "notes " + (first + 1) + "–" + (first + pages[k].length) + " of " + total +
      (paused ? " · paused" : " · turns by itself");
    pager.appendChild(pos);
    pager.appendChild(range);
  }

  function fitAll() { sections().forEach(fit); }

  var queued = false;
  function refit() {
    if (queued) return;
    queued = true;
    window.requestAnimationFrame(function () { queued = false; fitAll(); });
  }

  // ---- turning pages ----
  function turn(delta) {
    sections().forEach(function (sec) {
      if (sec._pages) show(sec, Number(sec.dataset.page || 0) + delta);
    });
  }
  function restartTimer() {
    if (timer) clearInterval(timer);
    timer = setInterval(function () { if (!paused) turn(1); }, TURN_MS);
  }

  document.addEventListener("keydown", function (e) {
    if (!isProjector() || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === "ArrowRight" || e.key === "PageDown") { e.preventDefault(); turn(1); restartTimer(); }
    else if (e.key === "ArrowLeft" || e.key === "PageUp") { e.preventDefault(); turn(-1); restartTimer(); }
    else if (e.key === " ") {
      e.preventDefault();
      paused = !paused;
      sections().forEach(function (sec) { if (sec._pages) show(sec, Number(sec.dataset.page || 0)); });
    }
  });

  // ---- new notes: bring their page up and outline them for a while ----
  function noticeNew(records) {
    records.forEach(function (r) {
      r.addedNodes.forEach(function (node) {
        if (!(node.classList && node.classList.contains("note"))) return;
        var fresh = !known[node.id];
        known[node.id] = true;
        if (!fresh) return;
        var sec = node.closest(".section");
        if (sec) sec._show = node.id;
        node.classList.add("is-new");
        setTimeout(function () { node.classList.remove("is-new"); }, NEW_MS);
      });
    });
  }

  // ---- a closed meeting: nobody can join, so the way in leaves the screen ----
  function applyClosed() {
    if (document.body.dataset.status !== "closed") return;
    var box = document.querySelector(".join-box");
    if (box) box.remove();
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!isProjector()) return;
    document.querySelectorAll(".present-board li.note").forEach(function (li) { known[li.id] = true; });
    fitAll();
    restartTimer();
    var mo = new MutationObserver(function (records) { noticeNew(records); refit(); });
    document.querySelectorAll(".present-board .notes").forEach(function (ul) { mo.observe(ul, { childList: true }); });
    if (window.ResizeObserver) {
      var ro = new ResizeObserver(refit);
      sections().forEach(function (sec) { ro.observe(sec); });
    }
    window.addEventListener("resize", refit);
    document.addEventListener("casemap:state", function () { applyClosed(); refit(); });
    document.addEventListener("casemap:conn", refit);
    applyClosed();
  });
})();
