// Progressive enhancement only: every control also works with JavaScript off.
document.addEventListener("change", (event) => {
  const target = event.target;
  if (target.matches("select[data-autosubmit]")) target.form.requestSubmit();
});

// "Copy citation": the button stays hidden where the clipboard cannot be written
// (no JavaScript, or a page not served over HTTPS), and the text stays selectable.
document.querySelectorAll("button[data-copy]").forEach((button) => {
  const source = document.getElementById(button.dataset.copy);
  if (!source || !navigator.clipboard) return;
  const status = button.parentElement.querySelector(".copy-status");
  button.hidden = false;
  button.addEventListener("click", () => {
    navigator.clipboard.writeText(source.value).then(
      () => { if (status) status.textContent = "Copied."; },
      () => { source.select(); if (status) status.textContent = "Press Ctrl+C to copy."; },
    );
  });
});
