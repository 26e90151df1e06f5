// rollbook page glue. Voila's front end builds its own shell (div.jp-LabShell) at the
// end of <body>, sized to the window and scrolling inside itself. We move it into
// the page's <main> landmark so the page scrolls as one document, the header sits
// above the content and the footer below it (rollbook.css makes the shell static).
(function () {
  "use strict";
  function adopt() {
    var main = document.getElementById("rollbook-main");
    var shell = document.querySelector("body > div.jp-LabShell");
    if (main && shell) {
      main.appendChild(shell);
      return true;
    }
    return false;
  }
  // Keep the current page visible in the navigation strip on narrow screens.
  document.addEventListener("DOMContentLoaded", function () {
    var current = document.querySelector('.rb-nav a[aria-current="page"]');
    if (current && current.scrollIntoView) {
      current.scrollIntoView({ block: "nearest", inline: "center" });
    }
  });
  if (adopt()) return;
  var observer = new MutationObserver(function () {
    if (adopt()) observer.disconnect();
  });
  observer.observe(document.documentElement, { childList: true, subtree: true });
})();
