// hadcoord — progressive enhancement for every page (works without it):
// - on a narrow screen the menu folds behind a « Menu » button (issue 15: the header took
//   ~350 of 844 px on a phone);
// - data tables become one card per row on a narrow screen, each cell with its column's name,
//   so no page scrolls sideways.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function setUpMenu() {
    var button = document.querySelector(".menu-button");
    var menu = document.getElementById("main-menu");
    if (!button || !menu) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", open ? "true" : "false");
      menu.classList.toggle("open", open);
    });
  }

  function labelCells(table) {
    var headers = table.querySelectorAll("thead th");
    if (!headers.length) { return; }
    var names = [];
    for (var i = 0; i < headers.length; i += 1) {
      var span = parseInt(headers[i].getAttribute("colspan") || "1", 10);
      for (var k = 0; k < span; k += 1) { names.push(headers[i].textContent.trim()); }
    }
    var rows = table.querySelectorAll("tbody tr, tfoot tr");
    for (var r = 0; r < rows.length; r += 1) {
      var column = 0;
      for (var c = 0; c < rows[r].cells.length; c += 1) {
        var cell = rows[r].cells[c];
        if (names[column] && !cell.hasAttribute("data-label")) {
          cell.setAttribute("data-label", names[column]);
        }
        column += cell.colSpan || 1;
      }
    }
    table.classList.add("stackable");
  }

  function setUpTables() {
    var tables = document.querySelectorAll("table.data");
    for (var t = 0; t < tables.length; t += 1) { labelCells(tables[t]); }
  }

  function focusLinkedFields() {
    // The error summary's links move the focus to their field, not only the scroll.
    var summary = document.getElementById("error-summary");
    if (!summary) { return; }
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) { return; }
      var field = document.getElementById(link.getAttribute("href").slice(1));
      if (field) { event.preventDefault(); field.focus(); field.scrollIntoView({block: "center"}); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpMenu();
    setUpTables();
    focusLinkedFields();
  });
}());
