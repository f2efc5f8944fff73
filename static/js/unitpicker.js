// The unit picker: type part of a unit's name (accents optional) or code, pick it from the list;
// the field then holds the unit's code. The list is the user's units, fetched once per date.
(function () {
  "use strict";

  function fold(text) {
    return text.replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, " ").trim();
  }

  function setup(input) {
    var list = document.getElementById(input.getAttribute("aria-controls"));
    var named = input.parentNode.querySelector(".unit-named");
    var dateInput = input.form ? input.form.querySelector("[name=as_of]") : null;
    var units = null;
    var loadedFor = null;
    var active = -1;

    function load() {
      var date = dateInput ? dateInput.value : "";
      if (units && loadedFor === date) { return Promise.resolve(units); }
      var url = new URL(input.dataset.optionsUrl, window.location.href);
      if (date) { url.searchParams.set("as_of", date); }
      return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (answer) { return answer.json(); })
        .then(function (data) { units = data.units; loadedFor = date; return units; });
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      active = -1;
    }

    function pick(unit) {
      input.value = unit.code;
      // A code may name a unit in each data set: the page's data set follows the pick.
      var dataset = input.form ? input.form.querySelector("input[name=dataset]") : null;
      if (dataset) { dataset.value = unit.dataset; }
      named.textContent = unit.label;
      close();
    }

    function show() {
      load().then(function (all) {
        var asked = fold(input.value);
        var found = all.filter(function (unit) {
          return !asked || unit.key.indexOf(asked) !== -1 || unit.code.indexOf(asked) === 0;
        }).slice(0, 40);
        list.replaceChildren.apply(list, found.map(function (unit) {
          var item = document.createElement("span");
          item.setAttribute("role", "option");
          item.textContent = unit.label;
          item.addEventListener("mousedown", function (event) {
            event.preventDefault();
            pick(unit);
          });
          item.unit = unit;
          return item;
        }));
        list.hidden = !found.length;
        input.setAttribute("aria-expanded", found.length ? "true" : "false");
        active = -1;
        var same = all.filter(function (unit) { return unit.code === input.value.trim(); });
        named.textContent = same.length ? same[0].label : "";
      });
    }

    function move(step) {
      var items = list.querySelectorAll("[role=option]");
      if (!items.length) { return; }
      if (active >= 0) { items[active].removeAttribute("aria-selected"); }
      active = (active + step + items.length) % items.length;
      items[active].setAttribute("aria-selected", "true");
      items[active].scrollIntoView({ block: "nearest" });
    }

    input.addEventListener("input", show);
    input.addEventListener("focus", show);
    input.addEventListener("blur", close);
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") { event.preventDefault(); if (list.hidden) { show(); } else { move(1); } }
      else if (event.key === "ArrowUp") { event.preventDefault(); move(-1); }
      else if (event.key === "Escape") { close(); }
      else if (event.key === "Enter" && !list.hidden && active >= 0) {
        event.preventDefault();
        pick(list.querySelectorAll("[role=option]")[active].unit);
      }
    });
    if (dateInput) { dateInput.addEventListener("change", function () { units = null; }); }
    if (input.value) {
      load().then(function (all) {
        var same = all.filter(function (unit) { return unit.code === input.value.trim(); });
        named.textContent = same.length ? same[0].label : "";
      });
    }
  }

  document.querySelectorAll("input[data-unit-picker]").forEach(setup);
})();
