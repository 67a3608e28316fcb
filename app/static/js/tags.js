// Notes tagged to a child and a pathway (partials/_note_tags.html): the names on the tags,
// the board's "Show notes about" filter, and a fresh form for each new note.
(function () {
  "use strict";

  // A note pushed over the socket carries person ids only; the family panel has the names.
  function fillNames(root) {
    (root || document).querySelectorAll(".tag-person").forEach(function (tag) {
      if (tag.textContent.trim()) return;
      var person = document.querySelector('[data-person-id="' + tag.dataset.person + '"] .person-name');
      tag.textContent = person ? person.textContent : "Someone not on the family panel";
    });
  }

  function applyFilter() {
    var select = document.querySelector("[data-child-filter]");
    if (!select) return;
    var who = select.value;
    var shown = 0, hidden = 0;
    document.querySelectorAll(".board li.note").forEach(function (li) {
      var about = (li.dataset.about || "").split(" ");
      var out = who !== "" && about.indexOf(who) < 0;
      li.classList.toggle("filtered-out", out);
      if (out) hidden += 1; else shown += 1;
    });
    var status = document.querySelector(".child-filter-status");
    if (status) {
      var name = who ? select.options[select.selectedIndex].text : "";
      status.textContent = who
        ? "Showing " + shown + " note" + (shown === 1 ? "" : "s") + " about " + name + "; " + hidden + " other" + (hidden === 1 ? " is" : "s are") + " hidden."
        : "";
    }
  }

  function refresh() { fillNames(); applyFilter(); }

  document.addEventListener("change", function (e) {
    if (e.target.matches && e.target.matches("[data-child-filter]")) applyFilter();
  });
  document.addEventListener("htmx:afterSettle", refresh);
  document.addEventListener("htmx:wsAfterMessage", refresh);
  document.addEventListener("DOMContentLoaded", refresh);

  // Each new note starts untagged: the child and pathway are chosen per note.
  document.addEventListener("note-saved", function (e) {
    var form = e.target.closest ? e.target.closest("form.add-note") : null;
    if (!form) return;
    form.querySelectorAll('input[name^="about_"], input[name^="pathway_"]').forEach(function (box) { box.checked = false; });
  });
})();
