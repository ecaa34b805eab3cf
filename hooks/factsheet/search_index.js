/*
 * Italian search for the guide: a lunr "language" that Material's search worker loads.
 *
 * Generated from hooks/factsheet/search_index.js by hooks/factsheet/search_index.py,
 * which holds the reference algorithm and the tables (filled in below). Each function
 * here mirrors the Python function of the same name; the browser tests check that
 * both give the same keys for every word of the site.
 *
 * Material calls `this.use(lunr.guida)` when it builds the index: our pipeline then
 * turns every word of the pages into its keys, keeping the word's position, so the
 * results still show and highlight the original text. Material rewrites each query
 * word into a prefix query ("rimborsi*"), which lunr passes through no pipeline: so
 * the query parser is wrapped to give each query word the same treatment.
 */
(function (root) {
  "use strict"

  var TABLES = /* TABLES */ null
  var STOP_WORDS = new Set(TABLES.stopWords)
  var LETTERS = /^\p{L}+$/u
  var MARKS = /\p{M}/gu
  var EDGES = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu

  function fold(word) {
    return word.toLowerCase().normalize("NFD").replace(MARKS, "").replace(EDGES, "")
  }

  function stem(word) {
    if (!LETTERS.test(word))
      return word
    for (var i = 0; i < TABLES.suffixes.length; i++) {
      var suffix = TABLES.suffixes[i]
      if (word.endsWith(suffix) && word.length - suffix.length >= TABLES.minStem)
        return word.slice(0, -suffix.length)
    }
    return word
  }

  function indexKeys(token) {
    var word = fold(token)
    if (!word || STOP_WORDS.has(word))
      return []
    var key = stem(word)
    var group = TABLES.synonyms[key]
    return group !== undefined && group !== key ? [key, group] : [key]
  }

  function queryKey(term, prefix) {
    var word = fold(term)
    if (!word || STOP_WORDS.has(word))
      return null
    var key = stem(word)
    if (prefix && LETTERS.test(key) && key.endsWith("h") && key.length > TABLES.minStem)
      key = key.slice(0, -1)
    var group = TABLES.synonyms[key]
    return group !== undefined ? group : key
  }

  /* Exposed for the tests, which compare these functions with the Python ones */
  root.ricercaGuida = { fold: fold, stem: stem, indexKeys: indexKeys, queryKey: queryKey }

  var lunr = root.lunr
  if (typeof lunr === "undefined")
    return

  /* Index: each word becomes its keys, each key keeping the word's position */
  function indexer(token) {
    return indexKeys(token.toString()).map(function (key) {
      return token.clone(function () { return key })
    })
  }

  /* Query terms built by other means than the parser (none in Material today) */
  function searcher(token) {
    var key = queryKey(token.toString(), false)
    return key === null ? null : token.update(function () { return key })
  }

  lunr.Pipeline.registerFunction(indexer, "guida-indice")
  lunr.Pipeline.registerFunction(searcher, "guida-ricerca")

  lunr[TABLES.language] = function () {
    this.pipeline.reset()
    this.pipeline.add(indexer)
    this.searchPipeline.reset()
    this.searchPipeline.add(searcher)
  }

  /*
   * Query: give each parsed term its key, keeping Material's wildcards around it, and
   * drop stop words. A query of stop words only stays as typed: lunr would otherwise
   * treat an empty query as "everything", and the reader may still be typing a word.
   */
  function rewrite(clauses) {
    var kept = []
    for (var i = 0; i < clauses.length; i++) {
      var clause = clauses[i]
      var parts = /^(\*?)([^*]*)(\*?)$/.exec(clause.term)
      if (parts === null) {
        kept.push(clause)
        continue
      }
      var key = queryKey(parts[2], parts[3] === "*")
      if (key === null)
        continue
      clause.term = parts[1] + key + parts[3]
      clause.usePipeline = false
      kept.push(clause)
    }
    return kept.length ? kept : clauses
  }

  var parse = lunr.QueryParser.prototype.parse
  lunr.QueryParser.prototype.parse = function () {
    var query = parse.apply(this, arguments)
    query.clauses = rewrite(query.clauses)
    return query
  }
})(self)
