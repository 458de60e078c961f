// Adds a "Copy" button beside each text marked data-copyable. The text stays selectable
// without scripts; this only saves a step. Its words come from the field's data-copy-*
// attributes (the reader's language, written by the server), English when missing.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-copyable]").forEach(function (field) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "secondary copy";
    var words = field.dataset;
    var hint = words.copyHint || "Press Ctrl+C (or Cmd+C) to copy the selected text.";
    button.textContent = words.copyLabel || "Copy citation";
    var status = document.createElement("span");
    status.className = "copy-status";
    status.setAttribute("role", "status");
    button.addEventListener("click", function () {
      field.select();
      var done = function () { status.textContent = words.copyDone || "Copied."; };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(field.value).then(done, function () {
          status.textContent = hint;
        });
      } else {
        status.textContent = hint;
      }
    });
    field.insertAdjacentElement("afterend", status);
    field.insertAdjacentElement("afterend", button);
  });
});
