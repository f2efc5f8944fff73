// A calendar beside every date input of the registry (inputs marked data-datepicker).
// The input stays a text field in dd/mm/yyyy, which the server reads (cadre_registry/dates.py);
// the calendar only fills it. Month and weekday names come from the page's language.
(function () {
  "use strict";
  var lang = document.documentElement.lang || "vi";
  var open = null;

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function show(d) { return pad(d.getDate()) + "/" + pad(d.getMonth() + 1) + "/" + d.getFullYear(); }
  function read(text) {
    var m = /^\s*(\d{1,2})\s*[\/.\-\s]\s*(\d{1,2})\s*[\/.\-\s]\s*(\d{4})\s*$/.exec(text || "");
    var iso = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$/.exec(text || "");
    var p = m ? [+m[3], +m[2], +m[1]] : iso ? [+iso[1], +iso[2], +iso[3]] : null;
    if (!p) { return null; }
    var d = new Date(p[0], p[1] - 1, p[2]);
    return d.getFullYear() === p[0] && d.getMonth() === p[1] - 1 && d.getDate() === p[2] ? d : null;  // 31/02: no date
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  function close() {
    if (open) { open.panel.remove(); open.toggle.setAttribute("aria-expanded", "false"); open = null; }
  }

  function render(state) {
    var panel = state.panel, input = state.input, shown = state.month;
    panel.textContent = "";
    var head = el("div", "datepicker-head");
    var prev = el("button", "datepicker-nav", "‹");
    prev.type = "button"; prev.setAttribute("aria-label", input.dataset.previousLabel || "‹");
    var next = el("button", "datepicker-nav", "›");
    next.type = "button"; next.setAttribute("aria-label", input.dataset.nextLabel || "›");
    var month = el("select", "datepicker-month");
    var monthName = new Intl.DateTimeFormat(lang, { month: "long" });
    for (var i = 0; i < 12; i++) {
      var o = el("option", "", monthName.format(new Date(2000, i, 1)));
      o.value = i; if (i === shown.getMonth()) { o.selected = true; }
      month.appendChild(o);
    }
    month.setAttribute("aria-label", monthName.format(shown));
    var year = el("select", "datepicker-year");
    var thisYear = new Date().getFullYear();
    var from = Math.min(1940, shown.getFullYear()), to = Math.max(thisYear + 6, shown.getFullYear());
    for (var y = to; y >= from; y--) {
      var oy = el("option", "", String(y)); oy.value = y;
      if (y === shown.getFullYear()) { oy.selected = true; }
      year.appendChild(oy);
    }
    year.setAttribute("aria-label", String(shown.getFullYear()));
    head.append(prev, month, year, next);
    panel.appendChild(head);

    var grid = el("table", "datepicker-grid");
    grid.setAttribute("role", "grid");
    var weekday = new Intl.DateTimeFormat(lang, { weekday: "short" });
    var hr = el("tr");
    for (var w = 0; w < 7; w++) { hr.appendChild(el("th", "", weekday.format(new Date(2024, 0, 1 + w)))); } // 1/1/2024: a Monday
    var thead = el("thead"); thead.appendChild(hr); grid.appendChild(thead);
    var body = el("tbody");
    var first = new Date(shown.getFullYear(), shown.getMonth(), 1);
    var offset = (first.getDay() + 6) % 7;
    var day = new Date(first); day.setDate(1 - offset);
    var chosen = read(input.value), today = new Date();
    for (var r = 0; r < 6; r++) {
      var tr = el("tr");
      for (var c = 0; c < 7; c++) {
        var td = el("td");
        var b = el("button", "datepicker-day", String(day.getDate()));
        b.type = "button";
        b.dataset.date = show(day);
        b.setAttribute("aria-label", show(day));
        if (day.getMonth() !== shown.getMonth()) { b.classList.add("other"); }
        if (show(day) === show(today)) { b.classList.add("today"); }
        if (chosen && show(day) === show(chosen)) { b.classList.add("chosen"); b.setAttribute("aria-pressed", "true"); }
        b.tabIndex = show(day) === show(state.focus) ? 0 : -1;
        td.appendChild(b); tr.appendChild(td);
        day.setDate(day.getDate() + 1);
      }
      body.appendChild(tr);
    }
    grid.appendChild(body);
    panel.appendChild(grid);
    var foot = el("div", "datepicker-foot");
    var todayButton = el("button", "link", input.dataset.todayLabel || show(today));
    todayButton.type = "button";
    todayButton.dataset.date = show(today);
    foot.appendChild(todayButton);
    panel.appendChild(foot);

    prev.addEventListener("click", function () { move(state, -1, "month"); });
    next.addEventListener("click", function () { move(state, 1, "month"); });
    month.addEventListener("change", function () { jump(state, +year.value, +month.value); });
    year.addEventListener("change", function () { jump(state, +year.value, +month.value); });
  }

  function jump(state, y, m) {
    var d = Math.min(state.focus.getDate(), new Date(y, m + 1, 0).getDate());
    state.focus = new Date(y, m, d); state.month = new Date(y, m, 1); render(state);
  }
  function move(state, n, unit) {
    var f = new Date(state.focus);
    if (unit === "month") { jump(state, f.getFullYear(), f.getMonth() + n); return; }
    f.setDate(f.getDate() + n);
    state.focus = f; state.month = new Date(f.getFullYear(), f.getMonth(), 1); render(state);
    var b = state.panel.querySelector('[data-date="' + show(f) + '"]:not(.other)') || state.panel.querySelector('[data-date="' + show(f) + '"]');
    if (b) { b.focus(); }
  }
  function choose(state, text) {
    state.input.value = text;
    state.input.dispatchEvent(new Event("input", { bubbles: true }));
    state.input.dispatchEvent(new Event("change", { bubbles: true }));
    close(); state.input.focus();
  }

  function toggle(input, button) {
    if (open && open.input === input) { close(); return; }
    close();
    var chosen = read(input.value) || new Date();
    var panel = el("div", "datepicker");
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-label", input.dataset.calendarLabel || "");
    var state = { input: input, toggle: button, panel: panel, focus: chosen, month: new Date(chosen.getFullYear(), chosen.getMonth(), 1) };
    render(state);
    button.parentNode.appendChild(panel);
    button.setAttribute("aria-expanded", "true");
    open = state;
    panel.addEventListener("click", function (e) {
      var t = e.target.closest("[data-date]");
      if (t) { choose(state, t.dataset.date); }
    });
    panel.addEventListener("keydown", function (e) {
      var keys = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7 };
      if (e.key === "Escape") { e.preventDefault(); close(); button.focus(); }
      else if (keys[e.key] && e.target.classList.contains("datepicker-day")) { e.preventDefault(); move(state, keys[e.key], "day"); }
      else if (e.key === "PageUp" || e.key === "PageDown") { e.preventDefault(); move(state, e.key === "PageUp" ? -1 : 1, "month"); }
    });
    var focused = panel.querySelector(".datepicker-day[tabindex='0']");
    if (focused) { focused.focus(); }
  }

  function enhance(input) {
    if (input.dataset.datepickerReady) { return; }
    input.dataset.datepickerReady = "1";
    var wrap = el("span", "datepicker-wrap");
    input.parentNode.insertBefore(wrap, input);
    wrap.appendChild(input);
    var button = el("button", "datepicker-toggle");
    button.type = "button";
    button.setAttribute("aria-label", input.dataset.calendarLabel || "");
    button.setAttribute("title", input.dataset.calendarLabel || "");
    button.setAttribute("aria-haspopup", "dialog");
    button.setAttribute("aria-expanded", "false");
    button.appendChild(el("span", "datepicker-icon"));
    wrap.appendChild(button);
    button.addEventListener("click", function () { toggle(input, button); });
    input.addEventListener("blur", function () {
      var d = read(input.value);
      if (d && /^\s*\d/.test(input.value) && d.getFullYear() >= 1900) { input.value = show(d); }
    });
  }

  function enhanceAll(root) {
    (root || document).querySelectorAll("input[data-datepicker]").forEach(enhance);
  }
  document.addEventListener("click", function (e) {
    if (open && !open.panel.contains(e.target) && !open.toggle.contains(e.target)) { close(); }
  });
  document.addEventListener("htmx:afterSwap", function (e) { enhanceAll(e.target); });
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", function () { enhanceAll(); }); } else { enhanceAll(); }
})();
