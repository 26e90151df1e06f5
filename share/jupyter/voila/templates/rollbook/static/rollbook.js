// rollbook page glue: the page's own words for the other scripts, and the current
// page kept visible in the navigation strip on narrow screens.
(function () {
  "use strict";
  // The words a script shows come from the page: the template writes them, translated,
  // into <script id="rb-text"> (rollbook/app/page_text.py), so no script holds English.
  // guard.js, watchdog.js and the page script all read them through this one function.
  window.rollbookWords = function (key) {
    try {
      var element = document.getElementById("rb-text");
      var words = element ? JSON.parse(element.textContent) : {};
      return typeof words[key] === "string" ? words[key] : "";
    } catch (error) {
      return "";
    }
  };

  document.addEventListener("DOMContentLoaded", function () {
    var current = document.querySelector('.rb-nav a[aria-current="page"]');
    if (current && current.scrollIntoView) {
      current.scrollIntoView({ block: "nearest", inline: "center" });
    }
  });
})();
