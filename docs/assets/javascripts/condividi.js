/*
 * "Copia link" next to every share row of the guide (class fs-share).
 *
 * Without JavaScript the row already works: its first link is the fact's own
 * page, a normal link the reader can long-press or right-click to copy, and the
 * WhatsApp, Telegram and e-mail links are plain URLs. This script only adds a
 * button that copies that link: with the Clipboard API where the browser has it,
 * otherwise by selecting a read-only field and asking the browser to copy; if
 * even that fails, the field stays on screen, selected, for the reader to copy.
 * No request, no storage, nothing sent anywhere.
 */
(function () {
  "use strict";

  var COPIED = "Link copiato";
  var COPY_BY_HAND = "Copia il link dal riquadro";

  function copyBySelection(row, url) {
    var field = row.querySelector(".fs-copy-field");
    if (!field) {
      field = document.createElement("input");
      field.type = "text";
      field.readOnly = true;
      field.className = "fs-copy-field";
      field.setAttribute("aria-label", "Link da copiare");
      row.appendChild(field);
    }
    field.value = url;
    field.focus();
    field.select();
    field.setSelectionRange(0, url.length);
    var copied = false;
    try {
      copied = document.execCommand("copy");
    } catch (error) {
      copied = false;
    }
    if (copied) {
      field.remove();
    }
    return copied;
  }

  function enhance(row) {
    var link = row.querySelector("a.fs-permalink");
    if (!link || row.querySelector(".fs-copy")) {
      return;
    }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "fs-copy";
    button.textContent = "Copia link";
    var status = document.createElement("span");
    status.className = "fs-copy-status";
    status.setAttribute("role", "status");

    button.addEventListener("click", function () {
      // The absolute address the link points to, as the browser resolves it.
      var url = link.href;
      status.textContent = "";
      var fallback = function () {
        if (copyBySelection(row, url)) {
          status.textContent = COPIED;
          button.focus();
        } else {
          status.textContent = COPY_BY_HAND;
        }
      };
      if (navigator.clipboard && typeof navigator.clipboard.writeText === "function") {
        navigator.clipboard.writeText(url).then(function () {
          status.textContent = COPIED;
        }, fallback);
      } else {
        fallback();
      }
    });

    row.insertBefore(document.createTextNode(" "), row.firstChild);
    row.insertBefore(button, row.firstChild);
    row.appendChild(status);
  }

  function init() {
    var rows = document.querySelectorAll(".fs-share");
    for (var i = 0; i < rows.length; i++) {
      enhance(rows[i]);
    }
  }

  // Material's instant navigation (if ever switched on) swaps pages without a load event.
  if (typeof window.document$ !== "undefined" && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
