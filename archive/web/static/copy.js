// Adds a "Copy" button beside each text marked data-copyable. The text stays selectable
// without scripts; this only saves a step.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-copyable]").forEach(function (field) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "secondary copy";
    button.textContent = "Copy citation";
    var status = document.createElement("span");
    status.className = "copy-status";
    status.setAttribute("role", "status");
    button.addEventListener("click", function () {
      field.select();
      var done = function () { status.textContent = "Copied."; };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(field.value).then(done, function () {
          status.textContent = "Press Ctrl+C (or Cmd+C) to copy the selected text.";
        });
      } else {
        status.textContent = "Press Ctrl+C (or Cmd+C) to copy the selected text.";
      }
    });
    field.insertAdjacentElement("afterend", status);
    field.insertAdjacentElement("afterend", button);
  });
});
