// On a phone the top menu folds behind a "Menu" button (without scripts it stays unfolded).
(function () {
  "use strict";
  document.documentElement.classList.add("has-menu-toggle");
  document.addEventListener("click", function (event) {
    var button = event.target.closest(".menu-toggle");
    if (!button) { return; }
    var nav = document.getElementById(button.getAttribute("aria-controls"));
    var open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", open ? "true" : "false");
    nav.classList.toggle("open", open);
  });
  // A menu group (Báo cáo) closes when the user clicks elsewhere.
  document.addEventListener("click", function (event) {
    document.querySelectorAll("details.nav-group[open]").forEach(function (group) {
      if (!group.contains(event.target)) { group.removeAttribute("open"); }
    });
  });
})();
