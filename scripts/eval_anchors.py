"""eval_anchors.py - the engines quarry is compared with, built over the
same articles (dicts with "id", "title" and "body"): one home for how each
anchor indexes and searches, shared by eval.py and eval_tech.py.

  xapian  Xapian's own QueryParser and TermGenerator, English stemming
          (STEM_SOME), BM25Weight defaults (Debian's python3-xapian)
  fts5    SQLite FTS5 with tokenize='porter unicode61', ranked by bm25()
"""

import os
import sqlite3


def xapian_searcher(path, docs):
    """Indexes DOCS into a new Xapian database at PATH; returns a function
    (text, depth) -> [(id, weight)] that runs text through the QueryParser
    (its flags off when the text does not parse with them)."""
    import xapian
    db = xapian.WritableDatabase(path, xapian.DB_CREATE_OR_OVERWRITE)
    stemmer = xapian.Stem("english")
    tg = xapian.TermGenerator()
    tg.set_stemmer(stemmer)
    for d in docs:
        doc = xapian.Document()
        tg.set_document(doc)
        tg.index_text(d["title"])
        tg.increase_termpos()
        tg.index_text(d["body"])
        doc.set_data(d["id"])
        doc.add_boolean_term("Q" + d["id"])
        db.replace_document("Q" + d["id"], doc)
    db.commit()
    qp = xapian.QueryParser()
    qp.set_stemmer(stemmer)
    qp.set_stemming_strategy(xapian.QueryParser.STEM_SOME)
    qp.set_database(db)
    enquire = xapian.Enquire(db)
    enquire.set_weighting_scheme(xapian.BM25Weight())

    def search(text, depth):
        try:
            query = qp.parse_query(text)
        except xapian.QueryParserError:
            query = qp.parse_query(text, 0)
        enquire.set_query(query)
        return [(m.document.get_data().decode(), m.weight)
                for m in enquire.get_mset(0, depth)]
    return search


def fts5_searcher(path, docs):
    """Indexes DOCS into a new FTS5 table at PATH; returns a function
    (match, depth) -> [(id, score)] for an FTS5 MATCH expression, best
    first (score is -bm25(), so higher is better), and the connection to
    close."""
    if os.path.exists(path):
        os.remove(path)
    con = sqlite3.connect(path)
    con.execute("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, "
                "body, tokenize='porter unicode61')")
    con.executemany("INSERT INTO docs VALUES (?, ?, ?)",
                    [(d["id"], d["title"], d["body"]) for d in docs])
    con.commit()

    def search(match, depth):
        rows = con.execute("SELECT id, bm25(docs) FROM docs WHERE docs "
                           "MATCH ? ORDER BY bm25(docs) LIMIT ?",
                           (match, depth)).fetchall()
        return [(docid, -score) for docid, score in rows]
    return search, con
