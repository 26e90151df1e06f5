// rollbook page watchdog (issue 10; see docs/design-concurrency.md).
// A page must never spin without end. If no new cell arrives for STALL_MS while the
// server is still running the page, or the widgets have not appeared WIDGETS_MS after
// the page finished, show a short notice with a real reload button.
(function () {
  "use strict";
  var STALL_MS = 45000;
  var WIDGETS_MS = 45000;
  var WIDGET_MIME = "application/vnd.jupyter.widget-view+json";
  var timer = null;
  var shown = false;

  // The notice's words come from the page, through rollbook.js (loaded first), so this
  // file holds no English.
  function say(key) {
    return window.rollbookWords ? window.rollbookWords(key) : "";
  }

  function show() {
    if (shown || !document.body) return;
    shown = true;
    var box = document.createElement("div");
    box.className = "rb-notice rb-watchdog";
    box.setAttribute("role", "alert");
    // Above Voila's full-page loading screen, readable at any width.
    box.style.cssText =
      "position:fixed;top:0;left:0;right:0;z-index:100000;padding:1rem 1.25rem;" +
      "background:#fff6e0;color:#1d2a30;border-bottom:3px solid #8a5a00;" +
      "font:1.05rem/1.5 system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;";
    var text = document.createElement("p");
    text.style.margin = "0 0 0.5rem 0";
    var strong = document.createElement("strong");
    strong.textContent = say("slow_title");
    text.appendChild(strong);
    text.appendChild(document.createTextNode(" " + say("slow_body")));
    var button = document.createElement("button");
    button.type = "button";
    button.className = "rb-reload";
    button.textContent = say("reload");
    button.style.cssText =
      "min-height:2.75rem;padding:0.5rem 1.25rem;font:inherit;font-weight:600;" +
      "color:#fff;background:#0f6e6a;border:0;border-radius:10px;cursor:pointer;";
    button.addEventListener("click", function () {
      window.location.reload();
    });
    box.appendChild(text);
    box.appendChild(button);
    document.body.insertBefore(box, document.body.firstChild);
  }

  function arm(ms, check) {
    if (timer) clearTimeout(timer);
    timer = setTimeout(function () {
      if (!check || check()) show();
    }, ms);
  }

  function widgetsMissing() {
    var outputs = document.querySelectorAll('script[type="application/vnd.voila.cell-output+json"]');
    var expected = false;
    for (var i = 0; i < outputs.length && !expected; i++) {
      expected = outputs[i].textContent.indexOf(WIDGET_MIME) !== -1;
    }
    return expected && !document.querySelector(".jupyter-widgets");
  }

  var process = window.voila_process;
  var finish = window.voila_finish;
  window.voila_process = function () {
    arm(STALL_MS);
    return process ? process.apply(this, arguments) : undefined;
  };
  window.voila_finish = function () {
    arm(WIDGETS_MS, widgetsMissing);
    return finish ? finish.apply(this, arguments) : undefined;
  };
  arm(STALL_MS);
  // Exposed for tests and for anyone debugging a stuck page.
  window.rollbookWatchdog = { show: show, stallMs: STALL_MS, widgetsMs: WIDGETS_MS };
})();
