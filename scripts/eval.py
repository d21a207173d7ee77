#!/usr/bin/python3
"""eval.py - rank a judged collection with quarry and two anchors, and score
them side by side.

Reads a collection in the SMART format of the Glasgow test collections
(Cranfield, CACM, CISI, MED: a documents file with .I/.T/.A/.B/.W fields, a
queries file with .I/.W, and a judgments file "qid docid code"), turns each
document into an article (title from .T, body from .A, .B and .W), indexes
it with quarry-index, runs every judged query through quarry-search, and
does the same with two anchors a user might pick instead:

  xapian  Xapian's own QueryParser and TermGenerator, English stemming,
          BM25Weight defaults (python3-xapian, Debian's build)
  fts5    SQLite FTS5 with tokenize='porter unicode61' and bm25(), the
          query's words OR-ed, English stop words dropped

Each system writes a TREC run file (depth 1000) into the work folder; the
script computes MAP, nDCG@10 and P@10 itself and prints one table.

Judgment codes: 1..4 are relevant with graded gain 5 - code (Cleverdon's
scale, 1 = complete answer), 0 is relevant with gain 1 (binary
collections), -1 is not relevant. Queries are numbered by position.
"""

import argparse
import concurrent.futures
import glob
import json
import math
import os
import re
import subprocess
import sys
import tempfile

import eval_anchors
import eval_tech as eval_tech_set

DEPTH = 1000
MONTHS = ("january february march april may june july august september "
          "october november december").split()


# --- reading the collection ------------------------------------------------

def read_smart(path):
    """Yields one {field letter: text} per .I record of a SMART file."""
    record, field = None, None
    with open(path, encoding="latin-1") as f:
        for line in f:
            line = line.rstrip("\n")
            m = re.match(r"^\.([A-Z])(?:\s+(.*))?$", line)
            if m and m.group(1) == "I":
                if record is not None:
                    yield record
                record, field = {"I": (m.group(2) or "").strip()}, None
            elif m and len(line) <= 3 + len(m.group(2) or ""):
                field = m.group(1)
                record.setdefault(field, "")
            elif record is not None and field is not None:
                record[field] += line + "\n"
    if record is not None:
        yield record


def find_file(folder, patterns):
    for pattern in patterns:
        hits = sorted(glob.glob(os.path.join(folder, pattern)))
        if hits:
            return hits[0]
    sys.exit("eval: no file matching %s in %s" % (patterns, folder))


def date_of(bib):
    """'CACM December, 1958' -> '1958-12-01' (for collections with dates)."""
    m = re.search(r"(%s),?\s+(\d{4})" % "|".join(MONTHS), bib.lower())
    if not m:
        return None
    return "%s-%02d-01" % (m.group(2), MONTHS.index(m.group(1)) + 1)


def load_collection(folder, with_dates):
    docs = []
    for r in read_smart(find_file(folder, ["*.all.*", "*.all", "*.ALL"])):
        title = " ".join(r.get("T", "").split())
        body = "\n".join(r.get(k, "").strip() for k in "ABW" if r.get(k))
        doc = {"id": r["I"], "title": title, "body": body}
        if with_dates and date_of(r.get("B", "")):
            doc["date"] = date_of(r.get("B", ""))
        docs.append(doc)
    queries = []
    for i, r in enumerate(read_smart(find_file(folder, ["*.qry", "*.QRY"]))):
        queries.append((str(i + 1), " ".join(r.get("W", "").split())))
    qrels = {}
    with open(find_file(folder, ["*qrel*", "*.REL", "*.rel"])) as f:
        for line in f:
            parts = line.split()
            if len(parts) < 3:
                continue
            qid, docid, code = str(int(parts[0])), str(int(parts[1])), \
                int(float(parts[2]))
            gain = 0 if code < 0 else (1 if code == 0 else max(5 - code, 1))
            qrels.setdefault(qid, {})[docid] = gain
    return docs, queries, qrels


# --- the systems -------------------------------------------------------------

def all_words(text):
    """The query with every word required: words joined by AND."""
    words = [w.lstrip("-") for w in re.findall(r"[^\s()\"]+", text)]
    return " AND ".join(w for w in words if re.search(r"\w", w))


def index_quarry(build, work, docs):
    articles = os.path.join(work, "articles.jsonl")
    with open(articles, "w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    db = os.path.join(work, "quarry-db")
    subprocess.run(["rm", "-rf", db], check=True)
    # One job: articles get the same docids every run, so equal scores
    # tie the same way and the figures repeat.
    subprocess.run([os.path.join(build, "quarry-index"), "--quiet",
                    "--jobs", "1", "--db",
                    db, articles], check=True)
    return db


def search_quarry(build, work, db, queries, args, rewrite=None):
    """One run: every query through quarry-search with ARGS."""
    env = dict(os.environ, XDG_CONFIG_HOME=os.path.join(work, "no-config"))

    def one(q):
        qid, text = q
        out = subprocess.run(
            [os.path.join(build, "quarry-search"), "--db", db, "--limit",
             str(DEPTH)] + args + ["--", rewrite(text) if rewrite else text],
            env=env, capture_output=True, text=True)
        if out.returncode != 0:
            sys.exit("eval: quarry-search failed on query %s: %s"
                     % (qid, out.stderr))
        hits = json.loads(out.stdout)["hits"]
        return qid, [(h["id"], h["score"]) for h in hits]
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        return dict(pool.map(one, queries))


def then(first, rest):
    """FIRST's ranking followed by REST's documents FIRST lacks."""
    merged = {}
    for qid, ranked in first.items():
        seen = {d for d, _ in ranked}
        tail = [(d, s) for d, s in rest.get(qid, []) if d not in seen]
        merged[qid] = (ranked + tail)[:DEPTH]
    return merged


def run_quarry(build, work, docs, queries, extra_args, with_ablations):
    db = index_quarry(build, work, docs)
    runs = {}
    for sort in ("relevance", "hybrid"):
        runs["quarry " + sort] = search_quarry(
            build, work, db, queries, ["--sort", sort] + extra_args)
    if with_ablations:
        # How else bare words could combine: all required, or all required
        # first and then the rest (all-then-relax).
        every = search_quarry(build, work, db, queries,
                              ["--sort", "relevance"] + extra_args,
                              all_words)
        runs["ablation: all words"] = every
        runs["ablation: all, then any"] = then(every, runs["quarry relevance"])
    return runs


def run_xapian(work, docs, queries):
    search = eval_anchors.xapian_searcher(os.path.join(work, "xapian-db"),
                                          docs)
    return {"xapian QueryParser": {qid: search(text, DEPTH)
                                   for qid, text in queries}}


def run_fts5(work, docs, queries, stopwords):
    search, con = eval_anchors.fts5_searcher(
        os.path.join(work, "fts5.sqlite"), docs)
    run = {}
    for qid, text in queries:
        words = [w for w in re.findall(r"\w+", text.lower())
                 if w not in stopwords]
        match = " OR ".join('"%s"' % w for w in dict.fromkeys(words))
        run[qid] = search(match, DEPTH) if words else []
    con.close()
    return {"fts5 bm25": run}


# --- scoring -----------------------------------------------------------------

def write_trec(path, name, run):
    with open(path, "w") as f:
        for qid in sorted(run, key=int):
            for rank, (docid, score) in enumerate(run[qid], 1):
                f.write("%s Q0 %s %d %.6f %s\n" % (qid, docid, rank, score,
                                                   name.replace(" ", "-")))


def measures(run, qrels):
    """Mean AP, nDCG@10 and P@10 over the queries with a relevant doc."""
    aps, ndcgs, p10s = [], [], []
    for qid, judged in qrels.items():
        relevant = {d for d, g in judged.items() if g > 0}
        if not relevant:
            continue
        ranked = [d for d, _ in run.get(qid, [])]
        hits, precision_sum = 0, 0.0
        for rank, docid in enumerate(ranked, 1):
            if docid in relevant:
                hits += 1
                precision_sum += hits / rank
        aps.append(precision_sum / len(relevant))
        dcg = sum(judged.get(d, 0) / math.log2(i + 2)
                  for i, d in enumerate(ranked[:10]))
        ideal = sorted((g for g in judged.values() if g > 0), reverse=True)
        idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal[:10]))
        ndcgs.append(dcg / idcg)
        p10s.append(sum(1 for d in ranked[:10] if d in relevant) / 10)
    n = len(aps)
    return sum(aps) / n, sum(ndcgs) / n, sum(p10s) / n, n


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--collection",
                    default=os.path.join(root, "..", "shared", "eval",
                                         "cranfield"),
                    help="folder of a SMART-format collection")
    ap.add_argument("--build", default=os.path.join(root, "build"),
                    help="folder holding quarry-index and quarry-search")
    ap.add_argument("--work", help="folder for articles, indexes and run "
                    "files (default: a new temporary folder)")
    ap.add_argument("--dates", action="store_true",
                    help="date articles from a 'Month, Year' in .B (CACM)")
    ap.add_argument("--quarry-args", default="",
                    help="extra quarry-search options, e.g. '--k1 1.5'")
    ap.add_argument("--only-quarry", action="store_true",
                    help="skip the anchors (for quick experiments)")
    ap.add_argument("--no-ablations", action="store_true",
                    help="skip the runs that show how else bare words "
                    "could combine")
    ap.add_argument("--tech-only", action="store_true",
                    help="only the tech-query set over the shared corpora")
    ap.add_argument("--no-tech", action="store_true",
                    help="only the SMART collection")
    ap.add_argument("--corpora",
                    default=os.path.join(root, "..", "shared", "corpora"),
                    help="the archives the tech-query set is judged on")
    ap.add_argument("--pool", metavar="FILE",
                    help="write the tech set's unjudged top-10 articles of "
                    "every system to FILE for judging")
    args = ap.parse_args()

    work = args.work or tempfile.mkdtemp(prefix="quarry-eval-")
    os.makedirs(work, exist_ok=True)
    status = 0
    if not args.tech_only:
        status = eval_smart(args, root, work)
    if not args.no_tech:
        status = max(status, eval_tech(args, root, work))
    return status


def eval_tech(args, root, work):
    """The tech-query set: the table, or the pool to judge with --pool."""
    folder = os.path.join(root, "eval", "tech-queries")
    queries, qrels = eval_tech_set.load_set(folder)
    runs = eval_tech_set.all_runs(args.build, work, args.corpora, queries,
                                  args.quarry_args.split(), args.only_quarry)
    docs = eval_tech_set.dump_articles(args.build, args.corpora)
    if args.pool:
        n = eval_tech_set.write_pool(args.pool, runs, queries, qrels,
                                     {d["id"]: d["title"] for d in docs})
        print("pool: %d unjudged articles in %s" % (n, args.pool))
        return 0
    eval_tech_set.report(runs, queries, qrels,
                         {d["id"]: d["archive"] for d in docs})
    return 0


def eval_smart(args, root, work):
    """A SMART collection (Cranfield by default): exit status 1 when quarry
    falls below the better anchor."""
    docs, queries, qrels = load_collection(args.collection, args.dates)
    with open(os.path.join(root, "common", "data",
                           "stopwords-english.txt")) as f:
        stopwords = {w.strip() for w in f if w.strip() and w[0] != "#"}

    runs = run_quarry(args.build, work, docs, queries,
                      args.quarry_args.split(), not args.no_ablations)
    if not args.only_quarry:
        runs.update(run_xapian(work, docs, queries))
        runs.update(run_fts5(work, docs, queries, stopwords))

    print("collection: %s (%d documents, %d queries, %d judged)"
          % (os.path.basename(os.path.normpath(args.collection)), len(docs),
             len(queries), len(qrels)))
    print("%-26s %7s %8s %7s" % ("system", "MAP", "nDCG@10", "P@10"))
    scores = {}
    for name, run in runs.items():
        write_trec(os.path.join(work, "run-%s.txt" % name.replace(" ", "-")),
                   name, run)
        scores[name] = measures(run, qrels)
        print("%-26s %7.4f %8.4f %7.4f" % ((name,) + scores[name][:3]))
    print("run files in %s" % work)
    anchors = [s for n, s in scores.items()
               if n.startswith(("xapian", "fts5"))]
    if anchors:
        best_map = max(s[0] for s in anchors)
        best_ndcg = max(s[1] for s in anchors)
        mine = scores["quarry relevance"]
        is_ok = mine[0] >= best_map and mine[1] >= best_ndcg
        print("quarry relevance vs best anchor: MAP %+.4f, nDCG@10 %+.4f: %s"
              % (mine[0] - best_map, mine[1] - best_ndcg,
                 "at or above" if is_ok else "BELOW"))
        return 0 if is_ok else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
