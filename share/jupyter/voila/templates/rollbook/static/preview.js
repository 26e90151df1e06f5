// rollbook preview (`rollbook preview`, for editing only): reload the page soon after
// a notebook, a content file or pages.toml is saved. The app never loads this file.
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script && script.getAttribute("data-stamp-url");
  if (!url) { return; }
  var first = null;
  function check() {
    fetch(url, { cache: "no-store", credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        if (first === null) { first = data.stamp; }
        else if (data.stamp !== first) { window.location.reload(); return; }
        window.setTimeout(check, 1000);
      })
      .catch(function () { window.setTimeout(check, 3000); });
  }
  check();
})();
