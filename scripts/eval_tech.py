"""eval_tech.py - the tech-query set: short queries as users type them over
the real archives in ../shared/corpora, judged 0/1/2, ranked by quarry and
the anchors side by side. Imported by eval.py (--tech, --pool).

The set lives in eval/tech-queries/: queries.tsv ("qid half query", half
"tune" or "held": the held-out half was never looked at while tuning) and
qrels.tsv ("qid doc grade", grade 0 not about it, 1 mentions it usefully,
2 about it; doc is the article id with everything up to "corpora/" cut,
so judgments hold wherever the corpora are). Judgments were pooled from
the top 10 of every system this module runs.

Systems, each over the same articles (quarry-index --dump-body gives the
anchors exactly the title and body quarry indexes):
  quarry hybrid / relevance   quarry-search --sort ..., --now fixed
  xapian QueryParser          Xapian's parser and TermGenerator defaults
                              (English stemmer, STEM_SOME, BM25Weight())
  fts5 AND / fts5 OR          SQLite FTS5, porter unicode61, bm25(), the
                              query's words all required (FTS5's own
                              default) or any of them
"""

import json
import math
import os
import re
import subprocess

import eval_anchors

DEPTH = 100
NOW = "2026-12-01"      # ages are measured from here, so runs repeat


def doc_key(article_id):
    """An id that holds wherever the corpora are: the part after corpora/."""
    cut = article_id.find("/corpora/")
    return article_id[cut + len("/corpora/"):] if cut >= 0 else article_id


def archive_of(path):
    return doc_key(path).split("/", 1)[0]


def load_set(folder):
    queries, qrels = [], {}
    with open(os.path.join(folder, "queries.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            qid, half, text = line.rstrip("\n").split("\t")
            queries.append((qid, half, text))
    path = os.path.join(folder, "qrels.tsv")
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.startswith("#") or not line.strip():
                    continue
                qid, doc, grade = line.rstrip("\n").split("\t")
                qrels.setdefault(qid, {})[doc] = int(grade)
    return queries, qrels


def dump_articles(build, corpora):
    out = subprocess.run([os.path.join(build, "quarry-index"), "--quiet",
                          "--dump-body", corpora], capture_output=True,
                         text=True, check=True)
    docs = []
    for line in out.stdout.splitlines():
        a = json.loads(line)
        docs.append({"id": doc_key(a["id"]), "archive": archive_of(a["path"]),
                     "title": a["title"] or "", "body": a.get("body") or ""})
    return docs


def run_quarry(build, work, corpora, queries, extra_args):
    db = os.path.join(work, "tech-quarry-db")
    subprocess.run(["rm", "-rf", db], check=True)
    # One job: articles get the same docids every run, so equal scores
    # tie the same way and the figures repeat.
    subprocess.run([os.path.join(build, "quarry-index"), "--quiet",
                    "--jobs", "1", "--db",
                    db, corpora], check=True)
    env = dict(os.environ, XDG_CONFIG_HOME=os.path.join(work, "no-config"))
    runs = {}
    for sort in ("hybrid", "relevance"):
        run = {}
        for qid, _, text in queries:
            out = subprocess.run(
                [os.path.join(build, "quarry-search"), "--db", db,
                 "--limit", str(DEPTH), "--now", NOW, "--no-snippets",
                 "--sort", sort] + extra_args + ["--", text],
                env=env, capture_output=True, text=True, check=True)
            run[qid] = [doc_key(h["id"]) for h in json.loads(out.stdout)["hits"]]
        runs["quarry " + sort] = run
    return runs


def run_xapian(work, docs, queries):
    search = eval_anchors.xapian_searcher(
        os.path.join(work, "tech-xapian-db"), docs)
    return {"xapian QueryParser": {qid: [d for d, _ in search(text, DEPTH)]
                                   for qid, _, text in queries}}


def run_fts5(work, docs, queries):
    search, con = eval_anchors.fts5_searcher(
        os.path.join(work, "tech-fts5.sqlite"), docs)
    runs = {"fts5 AND": {}, "fts5 OR": {}}
    for qid, _, text in queries:
        words = list(dict.fromkeys(re.findall(r"\w+", text.lower())))
        for name, op in (("fts5 AND", " AND "), ("fts5 OR", " OR ")):
            match = op.join('"%s"' % w for w in words)
            runs[name][qid] = [d for d, _ in search(match, DEPTH)]
    con.close()
    return runs


def all_runs(build, work, corpora, queries, quarry_args, only_quarry=False):
    os.makedirs(work, exist_ok=True)
    runs = run_quarry(build, work, corpora, queries, quarry_args)
    if not only_quarry:
        docs = dump_articles(build, corpora)
        runs.update(run_xapian(work, docs, queries))
        runs.update(run_fts5(work, docs, queries))
    return runs


# --- scoring -----------------------------------------------------------------

def scores_of(ranked, judged):
    """nDCG@10 (gains 0/1/2), P@5 (grade >= 1) and AP (grade >= 1)."""
    relevant = {d for d, g in judged.items() if g > 0}
    dcg = sum(judged.get(d, 0) / math.log2(i + 2)
              for i, d in enumerate(ranked[:10]))
    ideal = sorted((g for g in judged.values() if g > 0), reverse=True)
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal[:10]))
    p5 = sum(1 for d in ranked[:5] if d in relevant) / 5
    hits, ap = 0, 0.0
    for rank, d in enumerate(ranked, 1):
        if d in relevant:
            hits += 1
            ap += hits / rank
    return dcg / idcg, p5, ap / len(relevant)


def mean_scores(run, qrels, qids, archive=None, archive_of_doc=None):
    """Means over QIDS with a relevant document (in ARCHIVE when given)."""
    rows = []
    for qid in qids:
        judged = qrels.get(qid, {})
        ranked = run.get(qid, [])
        if archive is not None:
            judged = {d: g for d, g in judged.items()
                      if archive_of_doc.get(d) == archive}
            ranked = [d for d in ranked if archive_of_doc.get(d) == archive]
        if any(g > 0 for g in judged.values()):
            rows.append(scores_of(ranked, judged))
    if not rows:
        return None
    return tuple(sum(r[i] for r in rows) / len(rows) for i in range(3)) + \
        (len(rows),)


def report(runs, queries, qrels, archive_of_doc):
    """Prints the table; returns {(half, system): (nDCG, P@5, MAP, n)}."""
    halves = {"tune": [q for q, h, _ in queries if h == "tune"],
              "held": [q for q, h, _ in queries if h == "held"]}
    multi = {q for q, _, t in queries if len(t.split()) > 1}
    table = {}
    print("tech queries: %d (%d tune, %d held out), %d judgments"
          % (len(queries), len(halves["tune"]), len(halves["held"]),
             sum(len(j) for j in qrels.values())))
    for half, qids in halves.items():
        print("\n%s half          nDCG@10   P@5     MAP   P@5 multi-word  (n)"
              % half)
        for name, run in runs.items():
            s = mean_scores(run, qrels, qids)
            m = mean_scores(run, qrels, [q for q in qids if q in multi])
            table[(half, name)] = s
            print("%-22s %7.4f %7.4f %7.4f %8.4f %9d"
                  % (name, s[0], s[1], s[2], m[1], s[3]))
    archives = sorted(set(archive_of_doc.values()))
    print("\nnDCG@10 per archive (queries with a relevant article there)")
    print("%-22s" % "system" + "".join(" %15s" % a[:15] for a in archives))
    for half, qids in halves.items():
        for name, run in runs.items():
            cells = []
            for a in archives:
                s = mean_scores(run, qrels, qids, a, archive_of_doc)
                cells.append(" %9.4f (%3d)" % (s[0], s[3]) if s else
                             " %15s" % "-")
            print("%-22s" % ("%s %s" % (half, name))[:22] + "".join(cells))
    return table


def write_pool(path, runs, queries, qrels, titles, depth=10):
    """The unjudged articles of every run's top DEPTH, for the judges."""
    n = 0
    with open(path, "w", encoding="utf-8") as f:
        for qid, half, text in queries:
            pooled = []
            for run in runs.values():
                for d in run.get(qid, [])[:depth]:
                    if d not in pooled and d not in qrels.get(qid, {}):
                        pooled.append(d)
            for d in pooled:
                f.write("%s\t%s\t%s\t%s\n" % (qid, text, d, titles.get(d, "")))
                n += 1
    return n
