// Keeps the jobs page current while uploads are being ingested, without reloading it: a
// timed reload moves a screen-reader user back to the top and loses the keyboard focus
// (WCAG 2.2.1; axe-core's "meta-refresh" rule). Every 3 seconds this fetches the page again
// and swaps in the table's rows, and stops once nothing is queued or being ingested, saying
// so in the status line (its words in the reader's language come from the line's data-done
// and data-failed attributes). Without scripts, the <noscript> meta refresh reloads instead.
(function () {
  "use strict";
  var DELAY = 3000;
  var ROWS = "table.jobs tbody";
  var STATUS = "main p[role=status]:not(.flash)";
  var status = document.querySelector(STATUS);

  function say(text) {
    if (status) { status.textContent = text; }
  }

  function swap(fresh) {
    var rows = document.querySelector(ROWS);
    var newRows = fresh.querySelector(ROWS);
    if (rows && newRows && rows.innerHTML !== newRows.innerHTML) {
      rows.innerHTML = newRows.innerHTML;
    }
    return fresh.querySelector(STATUS) !== null;  // the server still says work goes on
  }

  function check() {
    fetch(window.location.href, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (!response.ok || new URL(response.url).pathname !== window.location.pathname) {
          throw new Error("HTTP " + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        if (swap(new DOMParser().parseFromString(html, "text/html"))) {
          window.setTimeout(check, DELAY);
        } else {
          say(status.dataset.done || "All uploads are finished.");
        }
      })
      .catch(function () {
        say(status.dataset.failed ||
          "The list could not be updated; reload the page to see the latest state.");
      });
  }

  if (status) { window.setTimeout(check, DELAY); }
})();
