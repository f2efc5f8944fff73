// Submit the language form on change (no inline script: the content security policy forbids it).
document.addEventListener("change", function (event) {
  if (event.target.matches("select[data-autosubmit], input[data-autosubmit]")) {
    event.target.form.submit();
  }
});

// Print the page from a button marked data-print.
document.addEventListener("click", function (event) {
  if (event.target.matches("[data-print]")) {
    window.print();
  }
});
