// rollbook page guard (issue 15; README "Security and privacy").
// 1. A file chosen in an upload control is checked for size here, before any byte is
//    sent: a file over the limit would otherwise be refused by the server half-way,
//    dropping the page's connection. The page says why and the control keeps working.
// 2. When the server ends the page's kernel (memory limit, kernel restart), the page
//    cannot work any more: say so plainly, with a reload button.
(function () {
  "use strict";
  // Same figure as rollbook.csvlimits.MAX_CSV_BYTES (a unit test keeps them equal).
  var MAX_UPLOAD_BYTES = 2000000;
  var leaving = false;
  var noticeShown = false;

  window.addEventListener("beforeunload", function () { leaving = true; });
  window.addEventListener("pagehide", function () { leaving = true; });

  // The notice's words come from the page, through rollbook.js (loaded first), so this
  // file holds no English.
  function say(key) {
    return window.rollbookWords ? window.rollbookWords(key) : "";
  }

  function megabytes(n) {
    return (n / 1000000).toFixed(1);
  }

  // The upload widget's file input is never put in the page: the widget's button calls
  // input.click() on a detached element. So the check hooks that call, and runs before
  // the widget's own "change" listener (capture listeners on the target run first).
  var lastUploadButton = null;
  document.addEventListener(
    "click",
    function (event) {
      var button = event.target && event.target.closest && event.target.closest(".widget-upload");
      if (button) lastUploadButton = button;
    },
    true
  );

  function uploadMessage(text) {
    var control = lastUploadButton;
    if (!control || !control.parentNode) return;
    var holder = control.parentNode;
    var box = holder.querySelector(":scope > .rb-upload-refused");
    if (!box) {
      box = document.createElement("div");
      box.className = "rb-msg rb-msg-error rb-upload-refused";
      box.setAttribute("role", "alert");
      holder.insertBefore(box, control.nextSibling);
    }
    box.textContent = text;
  }

  function clearUploadMessage() {
    var holder = lastUploadButton && lastUploadButton.parentNode;
    var box = holder && holder.querySelector(":scope > .rb-upload-refused");
    if (box) box.remove();
  }

  function checkFiles(event) {
    var input = event.currentTarget;
    var files = input.files || [];
    for (var i = 0; i < files.length; i++) {
      if (files[i].size > MAX_UPLOAD_BYTES) {
        // Keep the widget from sending the file; clear the choice so the same
        // control can be used again at once.
        event.stopImmediatePropagation();
        uploadMessage(
          say("upload_too_big")
            .replace("{name}", files[i].name)
            .replace("{size}", megabytes(files[i].size))
            .replace("{limit}", String(MAX_UPLOAD_BYTES / 1000000))
        );
        input.value = "";
        return;
      }
    }
    clearUploadMessage();
  }

  var nativeClick = HTMLInputElement.prototype.click;
  HTMLInputElement.prototype.click = function () {
    if (this.type === "file" && !this.rbGuarded) {
      this.rbGuarded = true;
      this.addEventListener("change", checkFiles, true);
    }
    return nativeClick.apply(this, arguments);
  };

  function showStopped() {
    if (noticeShown || leaving || !document.body) return;
    noticeShown = true;
    var box = document.createElement("div");
    box.className = "rb-notice rb-kernel-ended";
    box.setAttribute("role", "alert");
    box.style.cssText =
      "position:fixed;top:0;left:0;right:0;z-index:100000;padding:1rem 1.25rem;" +
      "background:#fff6e0;color:#1d2a30;border-bottom:3px solid #8a5a00;" +
      "font:1.05rem/1.5 system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;";
    var text = document.createElement("p");
    text.style.margin = "0 0 0.5rem 0";
    var strong = document.createElement("strong");
    strong.textContent = say("stopped_title");
    text.appendChild(strong);
    text.appendChild(document.createTextNode(" " + say("stopped_body")));
    var button = document.createElement("button");
    button.type = "button";
    button.className = "rb-reload";
    button.textContent = say("reload");
    button.style.cssText =
      "min-height:2.75rem;padding:0.5rem 1.25rem;font:inherit;font-weight:600;" +
      "color:#fff;background:#0f6e6a;border:0;border-radius:10px;cursor:pointer;";
    button.addEventListener("click", function () { window.location.reload(); });
    box.appendChild(text);
    box.appendChild(button);
    document.body.insertBefore(box, document.body.firstChild);
  }

  // Watch the page's kernel connection. The server closes it with code 1011 when it
  // ends the kernel; any close while the page is open means the widgets are dead.
  var NativeWebSocket = window.WebSocket;
  if (NativeWebSocket) {
    var Watched = function (url, protocols) {
      var socket =
        protocols === undefined ? new NativeWebSocket(url) : new NativeWebSocket(url, protocols);
      if (/\/api\/kernels\/[^/]+\/channels/.test(String(url))) {
        socket.addEventListener("close", function (event) {
          if (event.code === 1011) {
            showStopped();
            return;
          }
          // Give a closing tab a moment to say it is leaving.
          setTimeout(showStopped, 1500);
        });
      }
      return socket;
    };
    Watched.prototype = NativeWebSocket.prototype;
    ["CONNECTING", "OPEN", "CLOSING", "CLOSED"].forEach(function (name) {
      Watched[name] = NativeWebSocket[name];
    });
    window.WebSocket = Watched;
  }
  window.rollbookGuard = { maxUploadBytes: MAX_UPLOAD_BYTES, showStopped: showStopped };
})();
