// Progressive enhancement only: every control also works with JavaScript off.
document.addEventListener("change", (event) => {
  const target = event.target;
  if (target.matches("select[data-autosubmit]")) target.form.requestSubmit();
});
