// Keep the number of officials chosen in sight ("Selected: N") and offer "select everyone".
(function () {
  "use strict";
  function setUp(form) {
    var boxes = function () { return Array.prototype.slice.call(form.querySelectorAll('input[name="official"]')); };
    var all = form.querySelector("[data-select-all]");
    var counts = form.querySelectorAll("[data-selected-count]");
    function update() {
      var chosen = boxes().filter(function (b) { return b.checked; }).length;
      counts.forEach(function (c) { c.textContent = chosen; });
      if (all) {
        all.checked = chosen > 0 && chosen === boxes().length;
        all.indeterminate = chosen > 0 && chosen < boxes().length;
      }
    }
    form.addEventListener("change", function (event) {
      if (event.target === all) { boxes().forEach(function (b) { b.checked = all.checked; }); }
      update();
    });
    update();
  }
  function start() { document.querySelectorAll("form[data-selection]").forEach(setUp); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
