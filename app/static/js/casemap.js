// Casemap browser glue: connection state, board state, editor dialog, drag-and-drop moves.
// No inline script anywhere (the CSP forbids it); everything hangs off data attributes.
(function () {
  "use strict";

  var CONN_TEXT = {
    connecting: "Connecting…",
    live: "Live",
    reconnecting: "Reconnecting…",
    lost: "Connection lost – retrying",
    offline: "Offline – changes will not be saved"
  };
  var failures = 0;

  function setConn(state) {
    var el = document.getElementById("conn");
    if (!el) return;
    var before = document.body.dataset.conn;
    el.className = "conn conn-" + state;
    el.textContent = CONN_TEXT[state];
    document.body.dataset.conn = state;
    if (before !== state) document.dispatchEvent(new CustomEvent("casemap:conn", { detail: { state: state, before: before } }));
  }

  function applyState() {
    var st = document.getElementById("board-state");
    if (!st) return;
    var body = document.body;
    var before = { status: body.dataset.status, focus: body.dataset.focus || "" };
    body.dataset.status = st.dataset.status;
    body.dataset.focus = st.dataset.focus || "";
    body.dataset.showGaps = st.dataset.showGaps || "no";
    var canEdit = st.dataset.status === "open" ||
      (st.dataset.status === "locked" && body.dataset.role === "facilitator");
    document.querySelectorAll(".add-fieldset").forEach(function (fs) { fs.disabled = !canEdit; });
    document.querySelectorAll(".section").forEach(function (sec) {
      sec.classList.toggle("focused", sec.id === "section-" + body.dataset.focus);
    });
    if (before.status !== body.dataset.status || before.focus !== body.dataset.focus) {
      document.dispatchEvent(new CustomEvent("casemap:state", { detail: { before: before } }));
    }
  }

  function toggleActionFields(scope) {
    (scope || document).querySelectorAll(".kind-select").forEach(function (sel) {
      var form = sel.closest("form");
      var fields = form && form.querySelector(".action-fields");
      if (fields) fields.hidden = sel.value !== "action";
    });
  }

  document.addEventListener("change", function (e) {
    if (e.target.classList && e.target.classList.contains("kind-select")) toggleActionFields(e.target.closest("form"));
  });

  // The socket that is open now, if any: a drop of the network alone (the socket survives it)
  // must not leave the page saying "Offline" once the network is back.
  var socket = null;
  function socketOpen() { return !!socket && socket.readyState === 1; }
  // While the browser is offline, try again every second or so (each try fails at once, at no
  // cost), so that the page is live again within a second or two of the network coming back.
  // Otherwise back off as before: the server may be restarting.
  if (window.htmx) {
    htmx.config.wsReconnectDelay = function (retryCount) {
      if (navigator.onLine === false) return 500 + 500 * Math.random();
      return 1000 * Math.pow(2, Math.min(retryCount, 6)) * Math.random();
    };
  }

  document.addEventListener("htmx:wsConnecting", function () { setConn(failures ? "reconnecting" : "connecting"); });
  document.addEventListener("htmx:wsOpen", function (e) {
    failures = 0;
    socket = e.detail && e.detail.event && e.detail.event.target;
    setConn("live");
  });
  document.addEventListener("htmx:wsClose", function (e) {
    var closed = e.detail && e.detail.event && e.detail.event.target;
    if (socket && closed && closed !== socket && socketOpen()) return;  // an old socket, already replaced
    socket = null;
    failures += 1;
    var code = e.detail && e.detail.event && e.detail.event.code;
    if (code === 4403 || code === 4404) { endAccess(code); return; }
    if (code === 1008) {
      setConn("lost");
      var el = document.getElementById("conn");
      if (el) el.textContent = e.detail.event.reason || "Disconnected";
      return;
    }
    setConn(navigator.onLine === false ? "offline" : (failures > 3 ? "lost" : "reconnecting"));
    if (failures >= 2 && navigator.onLine !== false) checkAccess();
  });
  // A refused reconnect looks like any other failure to a browser: ask the server whether this
  // browser may still see the board (it may have been removed, or the board deleted, while the
  // socket was down). No answer (the server is restarting) changes nothing.
  function checkAccess() {
    var board = document.body.dataset.board, role = document.body.dataset.role;
    if (!board || (role !== "participant" && role !== "facilitator")) return;
    fetch("/b/" + board + "/waiting/status", { credentials: "same-origin", headers: { "HX-Request": "true" } })
      .then(function (resp) {
        if (resp.status === 401 || resp.status === 404) endAccess(0);
      })
      .catch(function () { /* the server is down: keep trying to reconnect */ });
  }
  window.addEventListener("offline", function () { setConn("offline"); });
  window.addEventListener("online", function () {
    if (socketOpen()) setConn("live");  // the socket lived through the drop: live at once
    else setConn("reconnecting");  // the next try, within a second, makes it live
  });

  // Removed from the board, or the board deleted: the board's content leaves this page (the
  // DOM, not just the view), with notes that were never sent, and the page says what happened.
  function endAccess(code) {
    try { localStorage.removeItem(queueKey()); } catch (err) { /* storage may be off */ }
    var body = document.body;
    body.textContent = "";
    body.className = "ended-page";
    ["board", "me", "status", "focus", "conn"].forEach(function (k) { delete body.dataset[k]; });
    var texts = {
      4403: ["Removed from the meeting", "You have been removed from this meeting",
        "The facilitator removed you from the board, so it has been cleared from this screen and you can no longer see or add notes. If you think this is a mistake, speak to the facilitator."],
      4404: ["Board deleted", "This board has been deleted",
        "The facilitator deleted this board and everything on it, so it has been cleared from this screen."],
      0: ["No access to the board", "You can no longer open this board",
        "While this screen was disconnected, the facilitator removed you or deleted the board, so it has been cleared from this screen. If you think this is a mistake, speak to the facilitator."]
    }[code] || [];
    document.title = texts[0] + " – Casemap";
    var header = document.createElement("header");
    header.className = "site-header";
    var brand = document.createElement("a");
    brand.className = "brand"; brand.href = "/"; brand.textContent = "Casemap";
    header.appendChild(brand);
    var main = document.createElement("main");
    main.id = "main"; main.className = "page";
    var h1 = document.createElement("h1");
    h1.tabIndex = -1;
    h1.textContent = texts[1];
    var p = document.createElement("p");
    p.setAttribute("role", "alert");
    p.textContent = texts[2];
    var back = document.createElement("p");
    var link = document.createElement("a");
    link.href = "/"; link.textContent = "Back to the start page";
    back.appendChild(link);
    main.appendChild(h1); main.appendChild(p); main.appendChild(back);
    body.appendChild(header); body.appendChild(main);
    h1.focus();
  }

  // Every message is a set of out-of-band swaps; re-apply board state after each. On the
  // projector, keep the newest notes in view.
  document.addEventListener("htmx:wsAfterMessage", function () {
    applyState();
    if (document.body.classList.contains("present-page")) {
      document.querySelectorAll(".present-board .notes").forEach(function (ul) { ul.scrollTop = ul.scrollHeight; });
    }
  });
  document.addEventListener("htmx:afterSettle", function () { applyState(); toggleActionFields(); });

  // Clear an add-note form once the server has stored the note (HX-Trigger: note-saved).
  document.addEventListener("note-saved", function (e) {
    var form = e.target.closest ? e.target.closest("form") : null;
    var dialog = document.getElementById("editor");
    if (dialog && dialog.open && dialog.contains(e.target)) { dialog.close(); return; }
    if (form && form.classList.contains("add-note")) {
      freshForm(form);
      var ta = form.querySelector("textarea");
      if (ta) ta.focus();
    }
  });

  // Each new note starts as the section's default kind, not confidential, every field empty:
  // nothing the last note chose carries over to the next one unless its author chooses again.
  function freshForm(form) {
    form.reset();
    var hint = form.querySelector(".hint-box");
    if (hint) hint.innerHTML = "";
    toggleActionFields(form);
    form.dispatchEvent(new CustomEvent("casemap:form-reset", { bubbles: true }));
  }

  document.addEventListener("htmx:beforeRequest", function (e) {
    var form = e.target.closest ? e.target.closest("form") : null;
    var err = form && form.querySelector(".form-error");
    if (err) err.textContent = "";
  });

  // The editor dialog: opened when its form arrives, closed by Cancel or Esc.
  document.addEventListener("htmx:afterSwap", function (e) {
    if (e.target.id === "editor") {
      toggleActionFields(e.target);
      if (!e.target.open) e.target.showModal();
      var ta = e.target.querySelector("textarea");
      if (ta) ta.focus();
    }
  });
  document.addEventListener("click", function (e) {
    if (e.target.classList && e.target.classList.contains("close-dialog")) {
      var dialog = e.target.closest("dialog");
      if (dialog) dialog.close();
    }
  });

  // Drag a note onto another section to move it (the "Move" control does the same by keyboard).
  document.addEventListener("dragstart", function (e) {
    var note = e.target.closest && e.target.closest(".note[draggable=true]");
    if (!note) return;
    e.dataTransfer.setData("text/plain", note.dataset.noteId);
    e.dataTransfer.effectAllowed = "move";
    note.classList.add("dragging");
  });
  document.addEventListener("dragend", function (e) {
    if (e.target.classList) e.target.classList.remove("dragging");
    document.querySelectorAll(".drop-target").forEach(function (s) { s.classList.remove("drop-target"); });
  });
  document.addEventListener("dragover", function (e) {
    var section = e.target.closest && e.target.closest(".board .section");
    if (!section) return;
    e.preventDefault();
    section.classList.add("drop-target");
  });
  document.addEventListener("dragleave", function (e) {
    var section = e.target.closest && e.target.closest(".board .section");
    if (section && !section.contains(e.relatedTarget)) section.classList.remove("drop-target");
  });
  document.addEventListener("drop", function (e) {
    var section = e.target.closest && e.target.closest(".board .section");
    if (!section) return;
    e.preventDefault();
    section.classList.remove("drop-target");
    var id = e.dataTransfer.getData("text/plain");
    var note = document.getElementById("note-" + id);
    if (!note || note.dataset.section === section.dataset.section) return;
    htmx.ajax("POST", "/b/" + document.body.dataset.board + "/notes/" + id + "/move", {
      values: { section: section.dataset.section, version: note.dataset.version },
      target: note.querySelector(".note-error") || note,
      swap: "innerHTML"
    });
  });

  // Ctrl+Enter (or Cmd+Enter) adds the note from its box.
  document.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && e.target.tagName === "TEXTAREA") {
      var form = e.target.closest("form");
      if (form) { e.preventDefault(); htmx.trigger(form, "submit"); }
    }
  });

  // ---- Note length: counted as people type, refused over the limit, and never cut. ----
  // (A maxlength attribute silently drops the end of a long paste.) Counted as the server
  // counts: code points, line breaks as one, surrounding spaces ignored.
  function charCount(text) { return Array.from(text.replace(/\r\n/g, "\n").trim()).length; }
  function fmt(n) { return n.toLocaleString("en-GB"); }
  function counterFor(ta) {
    var id = ta.id + "-count";
    var el = document.getElementById(id);
    if (el) return el;
    el = document.createElement("p");
    el.id = id;
    el.className = "char-count";
    ta.insertAdjacentElement("afterend", el);
    var described = (ta.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    described.push(id);
    ta.setAttribute("aria-describedby", described.join(" "));
    return el;
  }
  function overBy(ta) { return charCount(ta.value) - Number(ta.dataset.maxChars); }
  function updateCount(ta) {
    if (!ta.id || !ta.dataset.maxChars) return;
    var el = counterFor(ta), max = Number(ta.dataset.maxChars), n = charCount(ta.value), over = n - max;
    var wasOver = el.classList.contains("over");
    el.textContent = fmt(n) + " of " + fmt(max) + " characters" + (over > 0 ? " – " + fmt(over) + " too many" : "");
    el.classList.toggle("over", over > 0);
    el.classList.toggle("near", over <= 0 && max - n < 100);
    if (over > 0) ta.setAttribute("aria-invalid", "true"); else ta.removeAttribute("aria-invalid");
    if (over > 0 !== wasOver) announce(over > 0 ? "The note is " + fmt(over) + " characters too long." : "The note is within the limit again.");
  }
  function announce(text) {
    var a = document.getElementById("announcer");
    if (a) a.textContent = text;
  }
  function countAll(scope) { (scope || document).querySelectorAll("textarea[data-max-chars]").forEach(updateCount); }
  document.addEventListener("input", function (e) {
    if (e.target.matches && e.target.matches("textarea[data-max-chars]")) updateCount(e.target);
  });
  document.addEventListener("casemap:form-reset", function (e) { countAll(e.target); });
  document.addEventListener("htmx:afterSwap", function (e) { if (e.target.id === "editor") countAll(e.target); });
  document.addEventListener("DOMContentLoaded", function () { countAll(); });
  // Refuse to send a note over the limit; say so, and keep every character where it was typed.
  document.addEventListener("htmx:beforeRequest", function (e) {
    var form = e.target;
    if (!form.querySelector || form.tagName !== "FORM") return;
    var ta = form.querySelector("textarea[data-max-chars]");
    if (!ta || overBy(ta) <= 0) return;
    e.preventDefault();
    var err = form.querySelector(".form-error");
    if (err) {
      err.textContent = "This note has " + fmt(charCount(ta.value)) + " characters; a note can have at most " +
        fmt(Number(ta.dataset.maxChars)) + ". Shorten it or split it into two notes – nothing you typed has been removed.";
    }
    ta.focus();
  });

  // ---- Notes typed while the connection is down: kept in this browser, sent on reconnect. ----
  // Each note carries a client_id, so a retry never makes a duplicate; a note is shown as
  // saved only when the server's own broadcast puts it on the board.
  function queueKey() { return "casemap-pending-" + document.body.dataset.board + "-" + document.body.dataset.me; }
  function loadQueue() {
    try { return JSON.parse(localStorage.getItem(queueKey()) || "[]"); } catch (err) { return []; }
  }
  function saveQueue(q) { localStorage.setItem(queueKey(), JSON.stringify(q)); renderQueue(); }
  function newId() {
    return (window.crypto && crypto.randomUUID) ? crypto.randomUUID() : String(Date.now()) + Math.random();
  }
  function renderQueue() {
    var box = document.getElementById("pending");
    if (!box) return;
    var q = loadQueue();
    box.hidden = q.length === 0;
    var list = box.querySelector("ul");
    list.textContent = "";
    q.forEach(function (item) {
      var li = document.createElement("li");
      li.className = "pending-note";
      li.textContent = item.params.text;  // text, never HTML
      if (item.error) {
        var err = document.createElement("span");
        err.className = "error-text";
        err.textContent = " – not saved: " + item.error;
        li.appendChild(err);
      }
      list.appendChild(li);
    });
    var count = box.querySelector(".pending-count");
    if (count) count.textContent = String(q.length);
  }
  function formParams(form) {
    var params = {};
    new FormData(form).forEach(function (v, k) { if (typeof v === "string") params[k] = v; });
    return params;
  }
  var flushing = false;
  function flushQueue() {
    if (flushing) return;
    var q = loadQueue().filter(function (item) { return !item.error; });
    if (!q.length) return;
    flushing = true;
    var item = q[0];
    fetch(item.url, {
      method: "POST", credentials: "same-origin",
      headers: { "HX-Request": "true", "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(item.params).toString()
    }).then(function (resp) {
      var rest = loadQueue().filter(function (x) { return x.params.client_id !== item.params.client_id; });
      if (resp.ok) { saveQueue(rest); return true; }
      return resp.text().then(function (t) {
        var tmp = document.createElement("div");
        tmp.innerHTML = t;  // a server-rendered, escaped error fragment
        item.error = (tmp.textContent || "refused").trim();
        rest.push(item);
        saveQueue(rest);
        return true;
      });
    }).catch(function () { return false; }).then(function (more) {
      flushing = false;
      if (more && document.body.dataset.conn === "live") flushQueue();
    });
  }

  document.addEventListener("htmx:configRequest", function (e) {
    var form = e.target.closest ? e.target.closest("form.add-note") : null;
    if (!form || e.target !== form) return;
    if (!form.dataset.clientId) form.dataset.clientId = newId();
    e.detail.parameters.client_id = form.dataset.clientId;
  });
  document.addEventListener("htmx:beforeRequest", function (e) {
    var form = e.target;
    if (e.defaultPrevented || !form.classList || !form.classList.contains("add-note")) return;
    if (document.body.dataset.conn === "live" && navigator.onLine !== false) return;
    e.preventDefault();
    queueNote(form);
  });
  document.addEventListener("htmx:sendError", function (e) {
    var form = e.target;
    if (form.classList && form.classList.contains("add-note")) queueNote(form);
  });
  function queueNote(form) {
    var params = formParams(form);
    if (!params.text || !params.text.trim()) return;
    params.client_id = form.dataset.clientId || newId();
    var q = loadQueue();
    if (!q.some(function (x) { return x.params.client_id === params.client_id; })) {
      q.push({ url: form.getAttribute("hx-post"), params: params });
    }
    saveQueue(q);
    delete form.dataset.clientId;
    freshForm(form);
  }
  document.addEventListener("note-saved", function (e) {
    var form = e.target.closest ? e.target.closest("form.add-note") : null;
    if (form) delete form.dataset.clientId;
  });
  document.addEventListener("htmx:wsOpen", function () { setTimeout(flushQueue, 50); });
  window.addEventListener("online", function () { if (document.body.dataset.conn === "live") flushQueue(); });

  document.addEventListener("DOMContentLoaded", function () {
    applyState(); toggleActionFields(); renderQueue();
  });
})();
