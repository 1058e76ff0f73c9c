// Follows the chair: each "view" event replaces the page's <main> with the HTML the server
// rendered (escaped there); "ended" does so for the last time and stops listening.
"use strict";
(function () {
  var main = document.getElementById("view");
  var status = document.getElementById("status");
  var source = new EventSource(document.body.getAttribute("data-events"));
  var ended = false;

  function show(event) {
    var data = JSON.parse(event.data);
    main.innerHTML = data.html;
    document.title = data.title;
    status.textContent = data.status;
  }

  source.addEventListener("view", show);
  source.addEventListener("ended", function (event) {
    ended = true;
    show(event);
    source.close();
  });
  source.addEventListener("error", function () {
    if (ended) {
      return;
    }
    if (source.readyState === EventSource.CLOSED) {
      status.textContent = "The share is not available (it may be full, or it has ended).";
    } else {
      status.textContent = "Connection lost: trying again…";
    }
  });
})();
