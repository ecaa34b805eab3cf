/*
 * «Posso chiedere un indennizzo?» without waiting.
 *
 * Every answer of the checker is a plain link to a page built in advance, so the
 * checker works without JavaScript. Here, on the checker's pages only, the next page
 * is fetched from this same site (the pages one click away are fetched ahead) and
 * swapped in place of the current one, without a reload. Nothing is sent anywhere
 * else, and anything unexpected falls back to the normal link.
 */
(function () {
  "use strict";

  var SELECTOR = "a.fs-risposta, a.fs-cambia, a.fs-ricomincia";
  var pages = new Map();

  function article(doc) {
    return doc.querySelector("article.md-content__inner");
  }

  function isChecker(doc) {
    var content = article(doc);
    return content !== null && content.querySelector("[data-verifica]") !== null;
  }

  function key(url) {
    return url.href.split("#")[0];
  }

  // Only pages of this same site, over http(s): a page opened from disk navigates normally.
  function sameSite(url) {
    return url.origin === window.location.origin && (url.protocol === "http:" || url.protocol === "https:");
  }

  function load(url) {
    var k = key(url);
    if (!pages.has(k)) {
      var page = window
        .fetch(k, { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(String(response.status));
          }
          return response.text();
        })
        .then(function (text) {
          return new DOMParser().parseFromString(text, "text/html");
        });
      page.catch(function () {
        pages.delete(k);
      });
      pages.set(k, page);
    }
    return pages.get(k);
  }

  function prefetch() {
    var current = article(document);
    if (!current) {
      return;
    }
    Array.prototype.forEach.call(current.querySelectorAll("a.fs-risposta"), function (link) {
      var url = new URL(link.href);
      if (sameSite(url)) {
        load(url).catch(function () {});
      }
    });
  }

  function show(doc, url, push) {
    var next = article(doc);
    var current = article(document);
    if (!next || !current || !isChecker(doc)) {
      window.location.assign(url.href);
      return;
    }
    current.replaceWith(document.importNode(next, true));
    document.title = doc.title;
    if (push) {
      window.history.pushState({ verifica: true }, "", url.href);
    }
    window.scrollTo(0, 0);
    // Screen readers hear the new question; keyboard users continue from it.
    var heading = article(document).querySelector("h1");
    if (heading) {
      heading.setAttribute("tabindex", "-1");
      heading.focus({ preventScroll: true });
      // Material's «skip to content» link points at the first heading of the page.
      var skip = document.querySelector("a.md-skip");
      if (skip && heading.id) {
        skip.setAttribute("href", "#" + heading.id);
      }
    }
    prefetch();
  }

  // The pages of the checker sit in folders of different depths. Links around the swapped
  // part (navigation, header, icons) are relative to the page first loaded: made absolute
  // once, they keep working whatever address the steps give the window.
  function absolutize() {
    var current = article(document);
    Array.prototype.forEach.call(document.querySelectorAll("[href], [src]"), function (element) {
      if (current.contains(element)) {
        return;
      }
      ["href", "src"].forEach(function (name) {
        var value = element.getAttribute(name);
        if (value && !/^([a-z][a-z0-9+.-]*:|#|\/)/i.test(value)) {
          element.setAttribute(name, new URL(value, document.baseURI).href);
        }
      });
    });
  }

  function go(url, push) {
    load(url).then(
      function (doc) {
        show(doc, url, push);
      },
      function () {
        window.location.assign(url.href);
      }
    );
  }

  if (!isChecker(document) || !sameSite(new URL(window.location.href))) {
    return;
  }

  // The page as first loaded, for when «Indietro» comes back to it.
  pages.set(key(new URL(window.location.href)), Promise.resolve(document.cloneNode(true)));
  window.history.replaceState({ verifica: true }, "");
  absolutize();

  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return;
    }
    var link = event.target instanceof Element ? event.target.closest(SELECTOR) : null;
    if (!link || !isChecker(document)) {
      return;
    }
    var url = new URL(link.href);
    if (!sameSite(url)) {
      return;
    }
    event.preventDefault();
    go(url, true);
  });

  window.addEventListener("popstate", function (event) {
    if (event.state && event.state.verifica) {
      go(new URL(window.location.href), false);
    }
  });

  prefetch();
})();
