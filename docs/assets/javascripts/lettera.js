/*
 * «Scrivi la lettera»: the letter is composed here, in the browser, from the templates
 * in the page (the JSON written by hooks/factsheet/letters.py) and what the reader types.
 *
 * Nothing typed leaves the browser: no request, no storage. What the reader types is
 * only ever used as text (textContent, a Blob, an encoded mailto: link), never as markup.
 * The composing rules are the same as compose() in letters.py; the tests check both.
 */
(function () {
  "use strict";

  var root = document.querySelector("[data-lettera]");
  var source = document.getElementById("lettera-dati");
  if (!root || !source) {
    return;
  }
  var data = JSON.parse(source.textContent);
  var form = document.getElementById("lettera-modulo");
  var output = document.getElementById("lettera-testo");
  var status = document.getElementById("lettera-stato");
  var mail = document.getElementById("lettera-email");
  var PLACEHOLDER = /\{([^{}]*)\}/g;

  function chosen() {
    var checked = form.querySelector('input[name="modello"]:checked');
    var id = checked ? checked.value : data.lettere[0].id;
    return data.lettere.filter(function (letter) {
      return letter.id === id;
    })[0];
  }

  function italianDate(iso) {
    var match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
    if (!match) {
      return iso;
    }
    return String(Number(match[3])) + " " + data.mesi[Number(match[2]) - 1] + " " + match[1];
  }

  function values() {
    var out = {};
    data.campi.forEach(function (field) {
      var input = form.elements.namedItem(field.id);
      var typed = input ? input.value.replace(/\r\n?/g, "\n").trim() : "";
      if (!typed) {
        out[field.id] = field.vuoto;
      } else if (field.tipo === "data") {
        out[field.id] = italianDate(typed);
      } else {
        out[field.id] = typed;
      }
    });
    return out;
  }

  function fill(template, filled) {
    // A function, not a replacement string: "$&" typed by the reader stays "$&".
    return template.replace(PLACEHOLDER, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(filled, name) ? filled[name] : whole;
    });
  }

  function compose() {
    var letter = chosen();
    var filled = values();
    var subject = fill(letter.oggetto, filled);
    var body = letter.corpo
      .map(function (paragraph) {
        return fill(paragraph, filled);
      })
      .join("\n\n");
    return { letter: letter, subject: subject, body: body, text: "Oggetto: " + subject + "\n\n" + body + "\n" };
  }

  function render() {
    var letter = compose();
    output.textContent = letter.text;
    // The sources give no e-mail address for complaints: then the recipient stays empty.
    mail.href =
      "mailto:" + letter.letter.email + "?subject=" + encodeURIComponent(letter.subject) + "&body=" + encodeURIComponent(letter.body);
    status.textContent = "";
  }

  function say(message) {
    status.textContent = message;
  }

  function selectOutput() {
    var range = document.createRange();
    range.selectNodeContents(output);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function copyFallback(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "fs-lettera__appoggio";
    document.body.appendChild(area);
    area.select();
    var copied = false;
    try {
      copied = document.execCommand("copy");
    } catch (error) {
      copied = false;
    }
    area.remove();
    return copied ? Promise.resolve() : Promise.reject(new Error("copy"));
  }

  function copy() {
    var text = compose().text;
    var attempt =
      navigator.clipboard && window.isSecureContext
        ? navigator.clipboard.writeText(text).catch(function () {
            return copyFallback(text);
          })
        : copyFallback(text);
    attempt.then(
      function () {
        say("Testo copiato. Ora puoi incollarlo dove vuoi.");
      },
      function () {
        selectOutput();
        say("Non siamo riusciti a copiare il testo: l'abbiamo selezionato, copialo tu.");
      }
    );
  }

  function download() {
    var letter = compose();
    var name = letter.letter.id + ".txt";
    // A Blob in memory and a local object URL: the file is made here, not downloaded from anywhere.
    var url = URL.createObjectURL(new Blob([letter.text], { type: "text/plain;charset=utf-8" }));
    var link = document.createElement("a");
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(function () {
      URL.revokeObjectURL(url);
    }, 1000);
    say("File " + name + " pronto: lo trovi tra i download.");
  }

  function today() {
    var now = new Date();
    var month = String(now.getMonth() + 1).padStart(2, "0");
    var day = String(now.getDate()).padStart(2, "0");
    return now.getFullYear() + "-" + month + "-" + day;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
  });
  form.addEventListener("input", render);
  form.addEventListener("change", render);
  document.getElementById("lettera-copia").addEventListener("click", copy);
  document.getElementById("lettera-scarica").addEventListener("click", download);

  var date = form.elements.namedItem("data");
  if (date && !date.value) {
    date.value = today();
  }
  root.hidden = false;
  render();
})();
