// clinicite pages work without JavaScript; this file only adds conveniences.
// It is a static file because the Content-Security-Policy forbids inline scripts.
"use strict";
document.addEventListener("submit", function (event) {
  var form = event.target;
  var question = form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
    return;
  }
  // Avoid double submissions of slow forms (asking can take a few seconds).
  var button = form.querySelector("button[type=submit]");
  if (button) {
    window.setTimeout(function () { button.disabled = true; button.textContent = "Working…"; }, 0);
  }
});
