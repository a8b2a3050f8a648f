/* csr-disclosures' script, added to every page by the csr plugin (the search is search.js).
   Sort the rows of a table by a column (progressive enhancement).
   Tables marked data-csr-sortable get a sort button in each column header; without
   JavaScript there are no buttons and the table keeps its order (by company).  Filtering
   needs no script: the coverage matrix links to static pages per organisation type and
   period.  Sorting reorders the rows of the page shown (at most 200 in the matrix). */
(function () {
  "use strict";
  var LEVELS = { top: 3, mid: 2, low: 1, omission: 0, none: -1 };

  function key(cell) {
    if (!cell) return "";
    if (cell.hasAttribute("data-csr-sort")) return Number(cell.getAttribute("data-csr-sort"));
    var marked = cell.querySelector("[data-csr-level]");
    if (marked) return LEVELS[marked.getAttribute("data-csr-level")];
    return cell.textContent.trim();
  }

  function compare(a, b, lang) {
    if (typeof a === "number" && typeof b === "number") return a - b;
    return String(a).localeCompare(String(b), lang, { numeric: true });
  }

  function sort(table, column, header) {
    var lang = document.documentElement.lang || undefined;
    var descending = header.getAttribute("aria-sort") === "ascending";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows).map(function (row, index) {
      return { row: row, key: key(row.cells[column]), index: index };
    });
    rows.sort(function (x, y) {
      var order = compare(x.key, y.key, lang);
      return (descending ? -order : order) || x.index - y.index;
    });
    rows.forEach(function (item) { body.appendChild(item.row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) { cell.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", descending ? "descending" : "ascending");
  }

  function setup() {
    var chinese = (document.documentElement.lang || "").indexOf("zh") === 0;
    var label = chinese ? "排序" : "Sort";
    document.querySelectorAll("table[data-csr-sortable]").forEach(function (table) {
      if (!table.tHead || !table.tBodies.length || table.getAttribute("data-csr-sortable") === "ready") return;
      table.setAttribute("data-csr-sortable", "ready");
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, column) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "csr-sort";
        button.setAttribute("aria-label", label + ": " + header.textContent.trim());
        button.addEventListener("click", function () { sort(table, column, header); });
        header.appendChild(button);
      });
    });
  }

  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(setup); /* Material's instant navigation */
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
