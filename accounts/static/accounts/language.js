// Submit the language form on change (no inline script: the content security policy forbids it).
document.addEventListener("change", function (event) {
  if (event.target.matches("select[data-autosubmit]")) {
    event.target.form.submit();
  }
});
