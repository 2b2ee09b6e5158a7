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

// The letter page reached from a search (letters/_find.html): Previous and Next step
// through the marked matches in a bar at the foot of the screen; the numbered links above
// the letter do the same without JavaScript. The match shown is in the address (#m3).
const findStep = document.querySelector(".find-step");
const marks = Array.from(document.querySelectorAll("mark[id^='m']"));
if (findStep && marks.length) {
  const position = findStep.querySelector(".find-position");
  let current = marks.findIndex((mark) => `#${mark.id}` === window.location.hash);
  const show = (index) => {
    if (current >= 0) marks[current].classList.remove("current");
    current = (index + marks.length) % marks.length;
    const mark = marks[current];
    mark.classList.add("current");
    mark.scrollIntoView({ block: "center" });
    window.history.replaceState(null, "", `#${mark.id}`);
    position.textContent = `Match ${current + 1} of ${marks.length}`;
  };
  findStep.querySelectorAll("button[data-step]").forEach((button) => {
    const step = Number(button.dataset.step);
    button.addEventListener("click", () => {
      // From no match yet, Next goes to the first and Previous to the last.
      show(current < 0 ? (step > 0 ? 0 : marks.length - 1) : current + step);
    });
  });
  if (current >= 0) {
    marks[current].classList.add("current");
    position.textContent = `Match ${current + 1} of ${marks.length}`;
  }
  findStep.hidden = false;
  document.documentElement.classList.add("has-find-step");
}

// A paragraph's link (letters/_paragraphs.html) also copies the paragraph's address,
// where the clipboard can be written; following the link puts it in the address bar anyway.
if (navigator.clipboard && document.querySelector("a.para-link")) {
  const toast = document.createElement("p");
  toast.className = "toast";
  toast.setAttribute("role", "status");
  document.body.append(toast);
  let hide;
  document.addEventListener("click", (event) => {
    const link = event.target.closest("a.para-link");
    if (!link) return;
    navigator.clipboard.writeText(link.href).then(() => {
      toast.textContent = `Link to paragraph ${link.textContent.replace(/\D/g, "")} copied.`;
      clearTimeout(hide);
      hide = setTimeout(() => { toast.textContent = ""; }, 3000);
    }, () => {});
  });
}
