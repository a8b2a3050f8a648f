/* csr-disclosures' search, added to every page by the csr plugin: the header's search field
   (partials/search.html, Material's markup and styles) over the Pagefind index the plugin builds
   at the site root (pagefind/): the main part there, and the parts of companies below it
   (pagefind/parts/<name>/, listed per language in pagefind/csr-parts.json), merged into one
   search.

   - Nothing is loaded until the reader opens the search (a click in the field, the header's
     search button, or the keys "/", "s" or "f"); then Pagefind's script, which loads the index
     of the page's language (<html lang>) chunk by chunk: a query downloads only the chunks of
     its words and the fragments of the results shown, 10 at a time as the list is scrolled.
   - Chinese queries are cut into the index's own words first.  Pagefind segments page text
     with a dictionary when it indexes, but a query with the browser's segmenter, and the two
     disagree (the index has 价目 + 表, the browser makes 价 + 目 + 表 of 价目表: a page without
     another word starting with 目 is missed).  The words of the index, grouped by first
     character, are in pagefind/csr-words/<lang>/<n>.json (n = code point % 128); every way
     of cutting the query into them is searched (at most 8) and the results are merged, with
     the browser's segmenter set aside meanwhile so that Pagefind searches the words as given
     (Pagefind runs in this page, not in its web worker, for that).
   - Results: the page (title, excerpt with the query's words marked), then its sections that
     match, each a link to the section's anchor; arrow keys move through them, Escape closes.
   Excerpts come from the index as HTML with <mark>; only their text and marks are used. */
(function () {
  "use strict";
  var SEGMENTER = window.Intl ? window.Intl.Segmenter : undefined;
  var HAN = /\p{Script=Han}/u;
  var SHARDS = 128;
  var PAGE = 10; // results rendered at a time
  var VARIANTS = 8; // ways of cutting one query into the index's words, at most
  var SECTIONS = 3; // sections shown under a page; the others behind "more on this page"

  function element(tag, className) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    return node;
  }

  function plain(text) {
    return String(text || "").replace(/\u200b/g, "");
  }

  /* The text of an excerpt and its <mark>s, nothing else */
  function appendExcerpt(target, excerpt) {
    var parsed = new DOMParser().parseFromString("<p>" + excerpt + "</p>", "text/html").body.firstChild;
    Array.prototype.forEach.call(parsed ? parsed.childNodes : [], function (node) {
      if (node.nodeType === 1 && node.tagName === "MARK") {
        var mark = element("mark");
        mark.textContent = plain(node.textContent);
        target.appendChild(mark);
      } else {
        target.appendChild(document.createTextNode(plain(node.textContent)));
      }
    });
  }

  function Search(root) {
    this.root = root;
    this.toggle = document.getElementById("__search");
    this.input = root.querySelector(".md-search__input");
    this.form = root.querySelector(".md-search__form");
    this.meta = root.querySelector(".md-search-result__meta");
    this.list = root.querySelector(".md-search-result__list");
    this.scroll = root.querySelector(".md-search__scrollwrap");
    this.bundle = new URL(root.getAttribute("data-csr-bundle"), document.baseURI).href;
    this.lang = (document.documentElement.lang || "").toLowerCase();
    this.segmented = this.lang.indexOf("zh") === 0;
    this.engine = null;
    this.words = {}; // vocabulary shards: number -> promise of {first character: [words]}
    this.queue = Promise.resolve(); // Pagefind searches, one at a time
    this.current = 0; // number of the latest query
    this.shown = null; // {results, next, loading}
    this.timer = 0;
  }

  /* Material's translations of the search texts (search.result.*), in every page's #__config */
  function translations() {
    var config = document.getElementById("__config");
    try {
      return (config && JSON.parse(config.textContent).translations) || {};
    } catch (error) {
      return {};
    }
  }

  Search.prototype.text = function (name, count) {
    if (!this.translations) this.translations = translations();
    var value = this.root.getAttribute("data-csr-" + name) ||
      this.translations["search.result." + name.replace("-", ".")] || "";
    return count === undefined ? value : value.replace("#", String(count));
  };

  Search.prototype.state = function (message, state) {
    this.meta.textContent = message;
    this.meta.setAttribute("data-csr-state", state);
  };

  /* The company parts of the index for this page's language (pagefind/csr-parts.json) */
  Search.prototype.parts = function () {
    var lang = this.lang.split("-")[0];
    return fetch(this.bundle + "csr-parts.json")
      .then(function (response) { return response.ok ? response.json() : {}; })
      .then(function (listed) { return listed[lang] || []; }, function () { return []; });
  };

  Search.prototype.load = function () {
    if (!this.engine) {
      var bundle = this.bundle;
      var lang = this.lang;
      var options = { baseUrl: new URL("../", bundle).pathname, excerptLength: 24 };
      this.engine = Promise.all([import(bundle + "pagefind.js"), this.parts()]).then(function (loaded) {
        var pagefind = loaded[0];
        /* noWorker: search in this page, where the segmenter can be set aside (see above) */
        return Promise.resolve(pagefind.options(Object.assign({ noWorker: true }, options)))
          .then(function () { return pagefind.init(); })
          .then(function () {
            /* each part shares the main part's WebAssembly; it loads its own meta and chunks */
            return Promise.all(loaded[1].map(function (part) {
              var path = new URL(part, bundle).pathname;
              return pagefind.mergeIndex(path, Object.assign({ language: lang }, options));
            }));
          })
          .then(function () { return pagefind; });
      });
      this.engine.catch(function () {}); /* reported when a query needs it */
    }
    return this.engine;
  };

  /* -- opening and closing, keys ------------------------------------------------------------ */

  Search.prototype.open = function () {
    if (!this.toggle.checked) this.toggle.checked = true;
  };

  Search.prototype.close = function () {
    this.toggle.checked = false;
    this.input.blur();
  };

  Search.prototype.links = function () {
    return Array.prototype.filter.call(this.list.querySelectorAll("a.md-search-result__link"), function (link) {
      return link.offsetParent !== null;
    });
  };

  Search.prototype.move = function (step) {
    var stops = [this.input].concat(this.links());
    var at = stops.indexOf(document.activeElement);
    var next = stops[(at + step + stops.length) % stops.length];
    if (next) next.focus();
  };

  Search.prototype.keydown = function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var active = document.activeElement;
    if (this.toggle.checked) {
      if (event.key === "Escape") {
        this.close();
        event.preventDefault();
      } else if ((event.key === "ArrowDown" || event.key === "ArrowUp") && this.root.contains(active)) {
        this.move(event.key === "ArrowDown" ? 1 : -1);
        event.preventDefault();
      } else if (event.key === "Enter" && active === this.input) {
        var first = this.links()[0];
        if (first) {
          first.click();
          event.preventDefault();
        }
      }
      return;
    }
    var typing = active && (active.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName));
    if (!typing && (event.key === "/" || event.key === "s" || event.key === "f")) {
      this.open();
      this.input.focus();
      this.input.select();
      event.preventDefault();
    }
  };

  /* -- queries ---------------------------------------------------------------------------------- */

  Search.prototype.shard = function (character) {
    var number = character.codePointAt(0) % SHARDS;
    if (!this.words[number]) {
      this.words[number] = fetch(this.bundle + "csr-words/" + this.lang.split("-")[0] + "/" + number + ".json")
        .then(function (response) { return response.ok ? response.json() : {}; })
        .catch(function () { return {}; });
    }
    return this.words[number];
  };

  /* The ways (fewest words first, at most VARIANTS) of cutting a run of Chinese characters into
     words of the index: {words, open}; the last word may be unfinished (open: the reader is
     still typing, and the run ends inside a word of the index). */
  function cuttings(run, vocabulary) {
    var characters = Array.from(run);
    var memo = {};
    function from(i) {
      if (i === characters.length) return [{ words: [], open: false }];
      if (memo[i]) return memo[i];
      var rest = characters.slice(i).join("");
      var found = [];
      (vocabulary[characters[i]] || []).forEach(function (word) {
        if (rest.indexOf(word) === 0) {
          from(i + Array.from(word).length).forEach(function (tail) {
            found.push({ words: [word].concat(tail.words), open: tail.open });
          });
        } else if (word.indexOf(rest) === 0) {
          found.push({ words: [rest], open: true });
        }
      });
      if (!found.length) { /* no word of the index starts here: nothing will be found */
        from(i + 1).forEach(function (tail) {
          found.push({ words: [characters[i]].concat(tail.words), open: tail.open });
        });
      }
      var seen = {};
      found = found.filter(function (cut) {
        var key = cut.words.join(" ");
        return seen[key] ? false : (seen[key] = true);
      }).sort(function (a, b) { return a.words.length - b.words.length; }).slice(0, VARIANTS);
      return (memo[i] = found);
    }
    return from(0);
  }

  /* The queries to search for what the reader typed: {query, phrase}.  For Chinese, every way of
     cutting it into the index's words; when the query is one run of Chinese characters, a cut
     into several words is a phrase: only pages with those words next to each other, in that
     order, are results (价目 表 does not find pages with 价目 in one place and 表格 in another). */
  Search.prototype.queries = function (query) {
    if (!this.segmented || !HAN.test(query)) return Promise.resolve([{ query: query, phrase: false }]);
    var self = this;
    var characters = {};
    Array.from(query).forEach(function (c) { if (HAN.test(c)) characters[c] = true; });
    return Promise.all(Object.keys(characters).map(function (c) { return self.shard(c); })).then(function (shards) {
      var vocabulary = {};
      shards.forEach(function (shard) {
        Object.keys(shard).forEach(function (first) { vocabulary[first] = shard[first]; });
      });
      var pieces = query.split(/(\p{Script=Han}+)/u).map(function (p) { return p.trim(); }).filter(Boolean);
      var variants = [{ words: [], open: false }];
      pieces.forEach(function (piece) {
        var options = HAN.test(piece) ? cuttings(piece, vocabulary) : [{ words: [piece], open: false }];
        var next = [];
        variants.forEach(function (head) {
          options.forEach(function (option) {
            next.push({ words: head.words.concat(option.words), open: option.open });
          });
        });
        variants = next.slice(0, VARIANTS);
      });
      return variants.map(function (cut) {
        return { query: cut.words.join(" "), phrase: pieces.length === 1 && cut.words.length > 1 && !cut.open };
      });
    });
  };

  /* One Pagefind search; for Chinese without the browser's segmenter, so that the words are
     searched as cut above.  Searches run one after the other (the segmenter is global). */
  Search.prototype.search = function (pagefind, query) {
    var segmented = this.segmented;
    var run = function () {
      if (segmented && SEGMENTER) window.Intl.Segmenter = undefined;
      return Promise.resolve(pagefind.search(query)).then(function (found) {
        window.Intl.Segmenter = SEGMENTER;
        return found ? found.results : [];
      }, function (error) {
        window.Intl.Segmenter = SEGMENTER;
        throw error;
      });
    };
    var done = this.queue.then(run, run);
    this.queue = done.catch(function () {});
    return done;
  };

  Search.prototype.find = function (pagefind, query) {
    var self = this;
    return this.queries(query).then(function (queries) {
      return Promise.all(queries.map(function (q) {
        if (!q.phrase) return self.search(pagefind, q.query);
        /* the pages with the phrase; their results from the words' search, which locates every
           occurrence (for excerpts and sections), where the phrase search locates the first */
        return Promise.all([self.search(pagefind, '"' + q.query + '"'), self.search(pagefind, q.query)])
          .then(function (both) {
            var pages = {};
            both[0].forEach(function (result) { pages[result.id] = true; });
            return both[1].filter(function (result) { return pages[result.id]; });
          });
      }));
    }).then(function (lists) {
      var best = {};
      lists.forEach(function (results) {
        results.forEach(function (result) {
          if (!best[result.id] || best[result.id].score < result.score) best[result.id] = result;
        });
      });
      return Object.keys(best).map(function (id) { return best[id]; })
        .sort(function (a, b) { return b.score - a.score || (a.id < b.id ? -1 : 1); });
    });
  };

  Search.prototype.run = function () {
    var self = this;
    var query = this.input.value.trim();
    var number = ++this.current;
    this.shown = null;
    if (!query) {
      this.list.textContent = "";
      this.state(this.text("placeholder"), "idle");
      return;
    }
    var unavailable = this.text("unavailable");
    if (unavailable) {
      this.list.textContent = "";
      this.state(unavailable, "done");
      return;
    }
    this.list.setAttribute("aria-busy", "true");
    this.load().then(function (pagefind) {
      return self.find(pagefind, query);
    }).then(function (results) {
      if (number !== self.current) return;
      self.list.textContent = "";
      self.scroll.scrollTop = 0;
      self.shown = { results: results, next: 0, loading: false };
      self.state(results.length === 0 ? self.text("none") :
        results.length === 1 ? self.text("one") : self.text("other", results.length), "done");
      return self.more(number);
    }, function () { /* no index here (a preview of one language, say) */
      if (number !== self.current) return;
      self.list.textContent = "";
      self.state(self.text("missing") || self.text("none"), "done");
    }).then(function () {
      if (number === self.current) self.list.removeAttribute("aria-busy");
    });
  };

  /* The next PAGE results, and more while the list does not fill its frame */
  Search.prototype.more = function (number) {
    var self = this;
    var shown = this.shown;
    if (!shown || shown.loading || shown.next >= shown.results.length) return Promise.resolve();
    var batch = shown.results.slice(shown.next, shown.next + PAGE);
    shown.next += batch.length;
    shown.loading = true;
    this.list.setAttribute("aria-busy", "true");
    return Promise.all(batch.map(function (result) { return result.data(); })).then(function (pages) {
      shown.loading = false;
      if (number !== self.current) return;
      pages.forEach(function (page) { self.list.appendChild(self.item(page)); });
      if (self.scroll.scrollHeight <= self.scroll.clientHeight + 16) return self.more(number);
    }, function () {
      shown.loading = false;
    }).then(function () {
      if (number === self.current && !(self.shown && self.shown.loading)) self.list.removeAttribute("aria-busy");
    });
  };

  Search.prototype.link = function (url, tag, title, excerpt, document_) {
    var self = this;
    var link = element("a", "md-search-result__link");
    link.href = url;
    link.addEventListener("click", function () { self.close(); });
    var article = element("article", "md-search-result__article md-typeset");
    if (document_) article.appendChild(element("div", "md-search-result__icon md-icon"));
    var heading = element(tag);
    heading.textContent = plain(title);
    article.appendChild(heading);
    if (excerpt) {
      var text = element("p");
      appendExcerpt(text, excerpt);
      article.appendChild(text);
    }
    link.appendChild(article);
    return link;
  };

  Search.prototype.item = function (page) {
    var self = this;
    var item = element("li", "md-search-result__item");
    var title = (page.meta && page.meta.title) || page.url;
    item.appendChild(this.link(page.url, "h1", title, page.excerpt, true));
    var sections = (page.sub_results || []).filter(function (section) {
      return section.url !== page.url && !(section.anchor && section.anchor.element === "h1");
    }).map(function (section, index) {
      return { section: section, index: index, hits: (section.locations || []).length };
    }).sort(function (a, b) { return b.hits - a.hits || a.index - b.index; }).map(function (s) { return s.section; });
    sections.slice(0, SECTIONS).forEach(function (section) {
      item.appendChild(self.link(section.url, "h2", section.title, section.excerpt));
    });
    var rest = sections.slice(SECTIONS);
    if (rest.length) {
      var details = element("details", "md-search-result__more");
      var summary = element("summary");
      var label = element("div");
      label.textContent = rest.length === 1 ? this.text("more-one") : this.text("more-other", rest.length);
      summary.appendChild(label);
      details.appendChild(summary);
      rest.forEach(function (section) {
        details.appendChild(self.link(section.url, "h2", section.title, section.excerpt));
      });
      item.appendChild(details);
    }
    return item;
  };

  Search.prototype.start = function () {
    var self = this;
    this.input.addEventListener("focus", function () {
      self.open();
      if (!self.text("unavailable")) self.load();
    });
    this.input.addEventListener("input", function () {
      clearTimeout(self.timer);
      self.timer = setTimeout(function () { self.run(); }, 100);
    });
    this.form.addEventListener("submit", function (event) { event.preventDefault(); });
    this.form.addEventListener("reset", function () {
      setTimeout(function () {
        self.run();
        self.input.focus();
      });
    });
    this.toggle.addEventListener("change", function () {
      if (self.toggle.checked) {
        setTimeout(function () { self.input.focus(); });
      } else {
        self.input.blur();
      }
    });
    this.scroll.addEventListener("scroll", function () {
      if (self.scroll.scrollTop + self.scroll.clientHeight >= self.scroll.scrollHeight - 64) self.more(self.current);
    });
    document.addEventListener("keydown", function (event) { self.keydown(event); }, true);
  };

  function setup() {
    var root = document.querySelector("[data-csr-search]");
    if (!root || root.csrSearch || !document.getElementById("__search")) return;
    root.csrSearch = new Search(root);
    root.csrSearch.start();
    /* a query in the address (?q=..., the home page's own search field): open the search with it */
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) {
      var search = root.csrSearch;
      search.toggle.checked = true;
      search.input.value = query;
      search.input.focus();
      search.load();
      search.run();
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
