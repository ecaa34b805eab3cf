/*
 * The «Copia link» button of every share row of the guide (class fs-share).
 *
 * Without JavaScript the row already works: its first link is the fact's own
 * page, a normal link the reader can long-press or right-click to copy, and the
 * WhatsApp, Telegram and e-mail links are plain URLs. The button and its status
 * are in the page from the start, hidden until JavaScript runs (guida.css), so
 * the page does not move or restyle when this script starts: it only listens for
 * clicks on the whole page. The button copies the row's link: with the Clipboard
 * API where the browser has it, otherwise by selecting a read-only field and
 * asking the browser to copy; if even that fails, the field stays on screen,
 * selected, for the reader to copy. No request, no storage, nothing sent anywhere.
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

  function copy(button) {
    var row = button.closest(".fs-share");
    var link = row && row.querySelector("a.fs-permalink");
    var status = row && row.querySelector(".fs-copy-status");
    if (!link || !status) {
      return;
    }
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
  }

  // One listener for the whole page: it also serves rows that a page swap brings in later.
  document.addEventListener("click", function (event) {
    var button = event.target instanceof Element ? event.target.closest("button.fs-copy") : null;
    if (button) {
      copy(button);
    }
  });
})();
