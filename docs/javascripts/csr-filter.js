/* csr-disclosures: filter table rows by data attributes (progressive enhancement).
   Without JavaScript the whole table is shown and the filter controls stay hidden. */
(function () {
  "use strict";
  function apply(controls, table) {
    var wanted = {};
    controls.querySelectorAll("select[data-csr-filter]").forEach(function (select) {
      wanted[select.getAttribute("data-csr-filter")] = select.value;
    });
    table.querySelectorAll("tbody tr").forEach(function (row) {
      var show = Object.keys(wanted).every(function (key) {
        return !wanted[key] || row.getAttribute("data-csr-" + key) === wanted[key];
      });
      row.hidden = !show;
    });
  }
  function setup() {
    document.querySelectorAll("[data-csr-filter-for]").forEach(function (controls) {
      var table = document.getElementById(controls.getAttribute("data-csr-filter-for"));
      if (!table) return;
      controls.hidden = false;
      controls.addEventListener("change", function () { apply(controls, table); });
      apply(controls, table);
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
