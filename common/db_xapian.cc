/* db_xapian.cc - the C shim over libxapian; the only C++ in quarry.
 *
 * Every extern "C" function wraps its body in try and has one handler that
 * calls qr_db_fail, which rethrows and maps the exception to a status, most
 * specific first. Structs with C++ members are made with new and freed
 * with delete here; strings leave the shim as malloc'd copies. */
#include "db.h"

#include <xapian.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <cstring>
#include <map>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "status.h"

namespace {

/* Thrown for a query tree the C side built wrongly (a caller bug). */
struct BadQuery : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/* Maps the exception in flight to a status and a message "WHAT: detail". */
qr_status_t
qr_db_fail(qr_err_t *err, const char *what)
{
    try {
        throw;
    } catch (const Xapian::DatabaseLockError &e) {
        return qr_err_set(err, QR_ERR_DB_LOCKED, "%s: %s", what,
                          e.get_description().c_str());
    } catch (const Xapian::DatabaseModifiedError &e) {
        return qr_err_set(err, QR_ERR_DB_MODIFIED, "%s: %s", what,
                          e.get_description().c_str());
    } catch (const Xapian::DatabaseCorruptError &e) {
        return qr_err_set(err, QR_ERR_DB_CORRUPT, "%s: %s", what,
                          e.get_description().c_str());
    } catch (const Xapian::DatabaseNotFoundError &e) {
        return qr_err_set(err, QR_ERR_NOT_FOUND, "%s: %s", what,
                          e.get_description().c_str());
    } catch (const Xapian::DatabaseOpeningError &e) {
        return qr_err_set(err, QR_ERR_IO, "%s: %s", what,
                          e.get_description().c_str());
    } catch (const Xapian::DatabaseCreateError &e) {
        return qr_err_set(err, QR_ERR_IO, "%s: %s", what,
                          e.get_description().c_str());
    } catch (const Xapian::Error &e) {
        return qr_err_set(err, QR_ERR_DB, "%s: %s", what,
                          e.get_description().c_str());
    } catch (const BadQuery &e) {
        return qr_err_set(err, QR_ERR_USAGE, "%s: %s", what, e.what());
    } catch (const std::bad_alloc &) {
        return qr_err_set(err, QR_ERR_NOMEM, "%s: out of memory", what);
    } catch (const std::exception &e) {
        return qr_err_set(err, QR_ERR_INTERNAL, "%s: %s", what, e.what());
    } catch (...) {
        return qr_err_set(err, QR_ERR_INTERNAL, "%s: unknown exception",
                          what);
    }
}

/* Longest term Xapian accepts, prefix included (see terms.h). */
const size_t TERM_MAX_BYTES = 245;

/* Most terms a wildcard may expand to; the most frequent are kept. */
const Xapian::termcount WILDCARD_MAX_EXPANSION = 256;

/* Retries of a search when a writer commits under it. */
const int MODIFIED_RETRIES = 3;

const int64_t SECS_PER_DAY = 86400;
const int64_t SECS_PER_WEEK = 7 * SECS_PER_DAY;

/* Weeks whose decay falls under 2^-10 (ten half-lives) are left out of the
 * recency map: they would add under 0.1% of the recency weight. */
const double RECENCY_HALF_LIVES = 10;

/* Weeks after the current one that still get a full recency part; later
 * dates are more likely typos than scheduled posts. */
const int64_t RECENCY_FUTURE_WEEKS = 52;

/* Most weeks in one recency map (50 years), which bounds the time to build
 * it for each query (about 30 ns a week). */
const int64_t RECENCY_MAX_WEEKS = 2600;

/* Metadata key of the week table (qr_db_write_week_table). Its layout:
 * the magic "QWK2", the revision it describes (8 bytes, little-endian),
 * the number of documents with a week (4 bytes), then one 2-byte
 * little-endian entry per docid from 1: 0 for no week, else the week's
 * number from WEEK_TABLE_BASE plus one. */
const char WEEK_TABLE_KEY[] = "quarry.weeks";
const char WEEK_TABLE_MAGIC[] = "QWK2";
const size_t WEEK_TABLE_HEADER = 16;

/* Weeks are numbered from the one holding 1900-01-01, so 16 bits reach the
 * year 3156; weeks outside add no recency anyway (older than 50 years or
 * more than a year ahead). */
const int64_t WEEK_TABLE_BASE = -3653;   /* floor(-2208988800 / 604800) */

} // namespace

struct qr_db {
    Xapian::Database reader;
    Xapian::WritableDatabase writer;
    bool is_writable = false;
    /* The week table last read, kept for searches of the same revision
     * (a process that runs many queries reads it once). */
    std::shared_ptr<const std::string> week_table;

    Xapian::Database &db() { return is_writable ? writer : reader; }
};

struct qr_doc {
    Xapian::Document doc;
};

struct qr_results {
    std::vector<qr_hit_t> hits;
    uint64_t estimated = 0, lower = 0, upper = 0;
    std::string description;

    ~qr_results()
    {
        for (qr_hit_t &hit : hits) {
            std::free(hit.data);
            for (size_t i = 0; i < hit.n_matched; i++)
                std::free(hit.matched[i]);
            std::free(hit.matched);
        }
    }
};

/* --- databases ----------------------------------------------------------- */

extern "C" qr_status_t
qr_db_open_read(const char *path, qr_db_t **db_out, qr_err_t *err)
{
    qr_db_t *db = nullptr;

    *db_out = nullptr;
    try {
        db = new qr_db_t;
        db->reader = Xapian::Database(path);
        *db_out = db;
        return QR_OK;
    } catch (...) {
        delete db;
        return qr_db_fail(err, path);
    }
}

extern "C" qr_status_t
qr_db_open_write(const char *path, qr_db_mode_t mode, qr_db_t **db_out,
                 qr_err_t *err)
{
    qr_db_t *db = nullptr;

    *db_out = nullptr;
    try {
        int flags = Xapian::DB_CREATE_OR_OPEN;
        if (mode == QR_DB_CREATE_EMPTY)
            flags = Xapian::DB_CREATE_OR_OVERWRITE;
        else if (mode == QR_DB_SCRATCH)
            flags = Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_NO_SYNC |
                    Xapian::DB_DANGEROUS;
        db = new qr_db_t;
        db->writer = Xapian::WritableDatabase(path, flags);
        db->is_writable = true;
        /* All writes happen inside a transaction, so that closing without
         * qr_db_commit discards them (a plain close would commit). */
        db->writer.begin_transaction(true);
        *db_out = db;
        return QR_OK;
    } catch (...) {
        delete db;
        return qr_db_fail(err, path);
    }
}

extern "C" void
qr_db_close(qr_db_t *db)
{
    if (db == nullptr)
        return;
    try {
        /* Cancelling the open transaction discards uncommitted changes;
         * close() or the destructor would otherwise commit them. */
        if (db->is_writable) {
            db->writer.cancel_transaction();
            db->writer.close();
        }
    } catch (...) {
        /* Closing cannot fail for the caller; the lock goes with the fd. */
    }
    delete db;
}

extern "C" qr_status_t
qr_db_commit(qr_db_t *db, qr_err_t *err)
{
    try {
        /* A flushed transaction commits to disk when it ends; start the
         * next one at once so every write stays inside one. */
        db->writer.commit_transaction();
        db->writer.begin_transaction(true);
        return QR_OK;
    } catch (...) {
        return qr_db_fail(err, "committing");
    }
}

extern "C" qr_status_t
qr_db_reopen(qr_db_t *db, qr_err_t *err)
{
    try {
        db->db().reopen();
        return QR_OK;
    } catch (...) {
        return qr_db_fail(err, "reopening the index");
    }
}

/* The revision of DB into REV; false for a database that has none to
 * tell: a remote one (UnimplementedError) or several combined
 * (InvalidOperationError). */
static bool
revision_of(const Xapian::Database &db, Xapian::rev &rev)
{
    try {
        rev = db.get_revision();
        return true;
    } catch (const Xapian::UnimplementedError &) {
        return false;
    } catch (const Xapian::InvalidOperationError &) {
        return false;
    }
}

extern "C" qr_status_t
qr_db_revision(qr_db_t *db, uint64_t *rev_out, qr_err_t *err)
{
    *rev_out = 0;
    try {
        Xapian::rev rev = 0;
        if (!revision_of(db->db(), rev))
            return qr_err_set(err, QR_ERR_NOT_FOUND, "reading the revision: "
                              "a remote database tells none");
        *rev_out = rev;
        return QR_OK;
    } catch (...) {
        return qr_db_fail(err, "reading the revision");
    }
}

extern "C" qr_status_t
qr_db_each_metadata_key(qr_db_t *db, const char *prefix, qr_db_key_fn fn,
                        void *ctx, qr_err_t *err)
{
    try {
        Xapian::Database &xdb = db->db();
        for (Xapian::TermIterator it = xdb.metadata_keys_begin(prefix);
             it != xdb.metadata_keys_end(prefix); ++it) {
            if (!fn(ctx, (*it).c_str()))
                break;
        }
        return QR_OK;
    } catch (...) {
        return qr_db_fail(err, "listing metadata");
    }
}

extern "C" qr_status_t
qr_db_find_value(qr_db_t *db, const char *unique_term, unsigned slot,
                 char *value_out, size_t cap, size_t *len_out,
                 bool *found_out, qr_err_t *err)
{
    *len_out = 0;
    *found_out = false;
    try {
        Xapian::Database &xdb = db->db();
        Xapian::PostingIterator it = xdb.postlist_begin(unique_term);
        if (it == xdb.postlist_end(unique_term))
            return QR_OK;
        std::string value = xdb.get_document(*it).get_value(slot);
        size_t n = value.size() < cap ? value.size() : cap;
        std::memcpy(value_out, value.data(), n);
        *len_out = n;
        *found_out = true;
        return QR_OK;
    } catch (...) {
        return qr_db_fail(err, "looking up a document");
    }
}

extern "C" qr_status_t
qr_db_each_document(qr_db_t *db, qr_db_doc_fn fn, void *ctx, qr_err_t *err)
{
    try {
        Xapian::Database &xdb = db->db();
        for (Xapian::PostingIterator it = xdb.postlist_begin("");
             it != xdb.postlist_end(""); ++it) {
            std::string data = xdb.get_document(*it).get_data();
            if (!fn(ctx, data.c_str(), data.size()))
                break;
        }
        return QR_OK;
    } catch (...) {
        return qr_db_fail(err, "reading documents");
    }
}

extern "C" qr_status_t
qr_db_count(qr_db_t *db, uint64_t *n_out, qr_err_t *err)
{
    *n_out = 0;
    try {
        *n_out = db->db().get_doccount();
        return QR_OK;
    } catch (...) {
        return qr_db_fail(err, "counting documents");
    }
}

static char *
copy_string(const std::string &s)
{
    char *out = static_cast<char *>(std::malloc(s.size() + 1));

    if (out == nullptr)
        throw std::bad_alloc();
    std::memcpy(out, s.data(), s.size());
    out[s.size()] = '\0';
    return out;
}

extern "C" qr_status_t
qr_db_get_metadata(qr_db_t *db, const char *key, char **value_out,
                   qr_err_t *err)
{
    *value_out = nullptr;
    try {
        *value_out = copy_string(db->db().get_metadata(key));
        return QR_OK;
    } catch (...) {
        return qr_db_fail(err, "reading metadata");
    }
}

extern "C" qr_status_t
qr_db_set_metadata(qr_db_t *db, const char *key, const char *value,
                   qr_err_t *err)
{
    try {
        db->writer.set_metadata(key, value);
        return QR_OK;
    } catch (...) {
        return qr_db_fail(err, "writing metadata");
    }
}

extern "C" qr_status_t
qr_db_replace(qr_db_t *db, const char *unique_term, const qr_doc_t *doc,
              qr_err_t *err)
{
    try {
        db->writer.replace_document(unique_term, doc->doc);
        return QR_OK;
    } catch (...) {
        return qr_db_fail(err, "adding a document");
    }
}

extern "C" qr_status_t
qr_db_add(qr_db_t *db, const qr_doc_t *doc, qr_err_t *err)
{
    try {
        db->writer.add_document(doc->doc);
        return QR_OK;
    } catch (...) {
        return qr_db_fail(err, "adding a document");
    }
}

extern "C" qr_status_t
qr_db_remove_duplicates(qr_db_t *db, const char *prefix, unsigned slot,
                        qr_db_choose_fn choose, void *ctx,
                        uint64_t *n_removed_out, qr_err_t *err)
{
    *n_removed_out = 0;
    try {
        Xapian::WritableDatabase &w = db->writer;
        std::vector<Xapian::docid> doomed;
        for (Xapian::TermIterator t = w.allterms_begin(prefix);
             t != w.allterms_end(prefix); ++t) {
            if (t.get_termfreq() < 2)
                continue;
            std::vector<std::pair<std::string, Xapian::docid>> docs;
            for (Xapian::PostingIterator p = w.postlist_begin(*t);
                 p != w.postlist_end(*t); ++p) {
                docs.emplace_back(w.get_document(*p).get_value(slot), *p);
            }
            std::sort(docs.begin(), docs.end());
            std::vector<const char *> values;
            for (const auto &d : docs)
                values.push_back(d.first.c_str());
            size_t keep = 0;
            std::string term = *t;
            qr_status_t st = choose(ctx, term.c_str(), values.data(),
                                    values.size(), &keep, err);
            if (st != QR_OK)
                return st;
            for (size_t i = 0; i < docs.size(); i++) {
                if (i != keep)
                    doomed.push_back(docs[i].second);
            }
        }
        /* Delete after the scan: changing postings under an iterator is
         * not allowed. */
        for (Xapian::docid did : doomed)
            w.delete_document(did);
        *n_removed_out = doomed.size();
        return QR_OK;
    } catch (...) {
        return qr_db_fail(err, "removing duplicate documents");
    }
}

extern "C" qr_status_t
qr_db_compact(const char *const *sources, size_t n, const char *dest,
              qr_err_t *err)
{
    try {
        Xapian::Database all;
        for (size_t i = 0; i < n; i++)
            all.add_database(Xapian::Database(sources[i]));
        all.compact(dest, Xapian::DBCOMPACT_MULTIPASS);
        return QR_OK;
    } catch (...) {
        return qr_db_fail(err, dest);
    }
}

extern "C" qr_status_t
qr_db_delete(qr_db_t *db, const char *unique_term, qr_err_t *err)
{
    try {
        db->writer.delete_document(unique_term);
        return QR_OK;
    } catch (...) {
        return qr_db_fail(err, "deleting a document");
    }
}

/* --- documents ------------------------------------------------------------ */

extern "C" qr_status_t
qr_doc_new(qr_doc_t **doc_out, qr_err_t *err)
{
    *doc_out = nullptr;
    try {
        *doc_out = new qr_doc_t;
        return QR_OK;
    } catch (...) {
        return qr_db_fail(err, "creating a document");
    }
}

extern "C" void
qr_doc_free(qr_doc_t *doc)
{
    delete doc;
}

static qr_status_t
check_term(size_t len, qr_err_t *err)
{
    if (len == 0 || len > TERM_MAX_BYTES)
        return qr_err_set(err, QR_ERR_LIMIT, "term of %zu bytes is outside "
                          "1..%zu", len, TERM_MAX_BYTES);
    return QR_OK;
}

extern "C" qr_status_t
qr_doc_add_posting(qr_doc_t *doc, const char *term, size_t len, uint32_t pos,
                   qr_err_t *err)
{
    if (check_term(len, err) != QR_OK)
        return QR_ERR_LIMIT;
    try {
        doc->doc.add_posting(std::string(term, len), pos);
        return QR_OK;
    } catch (...) {
        return qr_db_fail(err, "adding a term");
    }
}

extern "C" qr_status_t
qr_doc_add_term(qr_doc_t *doc, const char *term, size_t len, uint32_t wdf_inc,
                qr_err_t *err)
{
    if (check_term(len, err) != QR_OK)
        return QR_ERR_LIMIT;
    try {
        doc->doc.add_term(std::string(term, len), wdf_inc);
        return QR_OK;
    } catch (...) {
        return qr_db_fail(err, "adding a term");
    }
}

extern "C" qr_status_t
qr_doc_set_date(qr_doc_t *doc, unsigned slot, int64_t secs, qr_err_t *err)
{
    try {
        doc->doc.add_value(slot, Xapian::sortable_serialise(
                                     static_cast<double>(secs)));
        return QR_OK;
    } catch (...) {
        return qr_db_fail(err, "setting a value");
    }
}

/* First second of the week SECS falls in (weeks count from the epoch). */
static int64_t
week_start(int64_t secs)
{
    int64_t week = secs / SECS_PER_WEEK;

    if (secs % SECS_PER_WEEK < 0)
        week--;   /* round towards minus infinity before 1970 */
    return week * SECS_PER_WEEK;
}

extern "C" qr_status_t
qr_doc_set_week(qr_doc_t *doc, unsigned slot, int64_t secs, qr_err_t *err)
{
    try {
        doc->doc.add_value(slot, Xapian::sortable_serialise(
                                     static_cast<double>(week_start(secs))));
        return QR_OK;
    } catch (...) {
        return qr_db_fail(err, "setting a value");
    }
}

extern "C" qr_status_t
qr_doc_set_value(qr_doc_t *doc, unsigned slot, const char *data, size_t len,
                 qr_err_t *err)
{
    try {
        doc->doc.add_value(slot, std::string(data, len));
        return QR_OK;
    } catch (...) {
        return qr_db_fail(err, "setting a value");
    }
}

/* Week number of the week value VALUE in the table's numbering, or 0 when
 * it does not fit. */
static uint16_t
week_table_entry(const std::string &value)
{
    int64_t week = static_cast<int64_t>(Xapian::sortable_unserialise(value)) /
                   SECS_PER_WEEK;
    int64_t n = week - WEEK_TABLE_BASE + 1;

    return n < 1 || n > 0xFFFF ? 0 : static_cast<uint16_t>(n);
}

static void
put_le64(std::string &s, size_t at, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        s[at + i] = static_cast<char>((v >> (8 * i)) & 0xFF);
}

static uint64_t
get_le64(const std::string &s, size_t at)
{
    uint64_t v = 0;

    for (int i = 7; i >= 0; i--)
        v = (v << 8) | static_cast<unsigned char>(s[at + i]);
    return v;
}

static std::shared_ptr<const std::string>
current_week_table(const Xapian::Database &db,
                   std::shared_ptr<const std::string> cached);

extern "C" qr_status_t
qr_db_write_week_table(qr_db_t *db, unsigned slot, bool *is_written_out,
                       qr_err_t *err)
{
    *is_written_out = false;
    try {
        Xapian::WritableDatabase &w = db->writer;
        if (current_week_table(w, nullptr) != nullptr)
            return QR_OK;
        Xapian::docid last = w.get_lastdocid();
        std::string table(WEEK_TABLE_HEADER + 2 * size_t(last), '\0');

        uint32_t n_with_week = 0;

        table.replace(0, 4, WEEK_TABLE_MAGIC);
        put_le64(table, 4, w.get_revision() + 1);
        for (Xapian::ValueIterator v = w.valuestream_begin(slot);
             v != w.valuestream_end(slot); ++v) {
            size_t at = WEEK_TABLE_HEADER + 2 * size_t(v.get_docid() - 1);
            uint16_t n = week_table_entry(*v);
            table[at] = static_cast<char>(n & 0xFF);
            table[at + 1] = static_cast<char>(n >> 8);
            n_with_week += n != 0;
        }
        for (int i = 0; i < 4; i++)
            table[12 + i] = static_cast<char>((n_with_week >> (8 * i)) &
                                              0xFF);
        w.set_metadata(WEEK_TABLE_KEY, table);
        *is_written_out = true;
        return QR_OK;
    } catch (...) {
        return qr_db_fail(err, "writing the week table");
    }
}

extern "C" qr_status_t
qr_db_has_week_table(qr_db_t *db, bool *is_current_out, qr_err_t *err)
{
    *is_current_out = false;
    try {
        *is_current_out = current_week_table(db->db(), nullptr) != nullptr;
        return QR_OK;
    } catch (...) {
        return qr_db_fail(err, "reading the week table");
    }
}

extern "C" qr_status_t
qr_doc_set_data(qr_doc_t *doc, const char *data, size_t len, qr_err_t *err)
{
    try {
        doc->doc.set_data(std::string(data, len));
        return QR_OK;
    } catch (...) {
        return qr_db_fail(err, "setting document data");
    }
}

/* --- searching ------------------------------------------------------------ */

extern "C" void
qr_search_opts_init(qr_search_opts_t *opts)
{
    opts->bm25_k1 = 1.2;
    opts->bm25_b = 0.75;
    opts->sort = QR_SORT_HYBRID;
    opts->recency_weight = QR_DEFAULT_RECENCY_WEIGHT;
    opts->half_life_days = QR_DEFAULT_HALF_LIFE_DAYS;
    opts->now = 0;
    opts->date_slot = 0;
    opts->week_slot = 0;
    opts->id_prefix = nullptr;
    opts->wants_explain = false;
    opts->offset = 0;
    opts->limit = 10;
}

/* The recency part as each weighted leaf of the text query carries it
 * (see ranked_query): a clone of PROTO scaled by WEIGHT x the leaf's idf
 * mass. NULL where the words carry no recency (unweighted filters, bonus
 * conditions, or a ranking without recency). */
struct LeafRecency {
    const Xapian::PostingSource *proto;
    double weight;
};

static Xapian::Query to_xapian(const Xapian::Database &db,
                               const qr_query_t *q,
                               const LeafRecency *rec = nullptr);

static std::vector<Xapian::Query>
kids_of(const Xapian::Database &db, const qr_query_t *q,
        const LeafRecency *rec)
{
    std::vector<Xapian::Query> kids;

    kids.reserve(q->n_kids);
    for (size_t i = 0; i < q->n_kids; i++)
        kids.push_back(to_xapian(db, q->kids[i], rec));
    return kids;
}

/* The places of a phrase: Xapian 1.4 takes a term or an OR of terms in
 * each (not OP_SYNONYM: "OP_NEAR and OP_PHRASE only currently support
 * leaf subqueries"), so a synonym of terms there, a word's aliases, runs
 * as their OR. */
static std::vector<Xapian::Query>
phrase_kids_of(const Xapian::Database &db, const qr_query_t *q)
{
    std::vector<Xapian::Query> kids;

    kids.reserve(q->n_kids);
    for (size_t i = 0; i < q->n_kids; i++) {
        const qr_query_t *kid = q->kids[i];
        if (kid->op != QR_Q_SYNONYM) {
            kids.push_back(to_xapian(db, kid));
            continue;
        }
        std::vector<Xapian::Query> terms = kids_of(db, kid, nullptr);
        kids.push_back(Xapian::Query(Xapian::Query::OP_OR, terms.begin(),
                                     terms.end()));
    }
    return kids;
}

static Xapian::Query
combine(const Xapian::Database &db, Xapian::Query::op op,
        const qr_query_t *q, const LeafRecency *rec)
{
    std::vector<Xapian::Query> kids = kids_of(db, q, rec);

    if (kids.empty())
        throw BadQuery("an operator has no operands");
    return Xapian::Query(op, kids.begin(), kids.end());
}

/* Binary operators whose left side decides matches take the rest OR-ed;
 * the rest carries weight (and so recency) only under OP_AND_MAYBE. */
static Xapian::Query
left_and_rest(const Xapian::Database &db, Xapian::Query::op op,
              const qr_query_t *q, const LeafRecency *rec)
{
    std::vector<Xapian::Query> kids;

    if (q->n_kids < 2)
        throw BadQuery("an operator needs two operands");
    kids.reserve(q->n_kids);
    kids.push_back(to_xapian(db, q->kids[0], rec));
    for (size_t i = 1; i < q->n_kids; i++)
        kids.push_back(to_xapian(db, q->kids[i],
                                 op == Xapian::Query::OP_AND_MAYBE ? rec
                                                                   : nullptr));
    Xapian::Query rest(Xapian::Query::OP_OR, kids.begin() + 1, kids.end());
    return Xapian::Query(op, kids[0], rest);
}

static Xapian::Query
date_range(const qr_query_t *q)
{
    std::string lo = Xapian::sortable_serialise(static_cast<double>(q->lo));
    std::string hi = Xapian::sortable_serialise(static_cast<double>(q->hi));

    if (q->has_lo && q->has_hi)
        return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, q->slot, lo, hi);
    if (q->has_lo)
        return Xapian::Query(Xapian::Query::OP_VALUE_GE, q->slot, lo);
    if (q->has_hi)
        return Xapian::Query(Xapian::Query::OP_VALUE_LE, q->slot, hi);
    return Xapian::Query::MatchAll;
}

/* The always-positive idf log(1 + (N - n + 0.5) / (n + 0.5)) (Lucene's
 * BM25), so even a common word counts a little; 0 for an absent term. */
static double
idf_of(const Xapian::Database &db, const std::string &term)
{
    double n_docs = db.get_doccount();
    double n_with = db.get_termfreq(term);

    if (n_with == 0)
        return 0;
    return std::log(1.0 + (n_docs - n_with + 0.5) / (n_with + 0.5));
}

/* M of qr_search_opts_t: the idf mass of the terms that carry weight. */
static double
weighted_idf(const Xapian::Database &db, const qr_query_t *q)
{
    double sum = 0;

    switch (q->op) {
    case QR_Q_TERM:
        return idf_of(db, std::string(q->term, q->len));
    case QR_Q_WILDCARD:
        /* Its expansion is unknown until the match runs: count it as a
         * word found in one article in a hundred. */
        return std::log(1.0 + 100.0);
    case QR_Q_SYNONYM:
        for (size_t i = 0; i < q->n_kids; i++)
            sum = std::max(sum, weighted_idf(db, q->kids[i]));
        return sum;
    case QR_Q_AND_NOT:
    case QR_Q_AND_MAYBE:
    case QR_Q_FILTER:
        return q->n_kids > 0 ? weighted_idf(db, q->kids[0]) : 0;
    case QR_Q_SCALE:
        return q->n_kids == 1 ? q->factor * weighted_idf(db, q->kids[0]) : 0;
    case QR_Q_AND:
    case QR_Q_OR:
    case QR_Q_PHRASE:
    case QR_Q_NEAR:
        for (size_t i = 0; i < q->n_kids; i++)
            sum += weighted_idf(db, q->kids[i]);
        return sum;
    default:
        return 0;   /* bonuses, date ranges, ALL, NOTHING */
    }
}

/* FACTOR x the idf mass of the last kid for every document the first kid
 * matches, as a fixed weight filtered by the first kid: built-in classes
 * only, so a remote backend can run it. */
static Xapian::Query
bonus(const Xapian::Database &db, const qr_query_t *q)
{
    if (q->n_kids != 1 && q->n_kids != 2)
        throw BadQuery("a bonus needs one or two operands");
    double mass = weighted_idf(db, q->kids[q->n_kids - 1]);

    if (mass == 0 || q->factor <= 0)
        return Xapian::Query::MatchNothing;
    Xapian::PostingSource *fixed =
        new Xapian::FixedWeightPostingSource(q->factor * mass);
    return Xapian::Query(Xapian::Query::OP_FILTER,
                         Xapian::Query(fixed->release()),
                         to_xapian(db, q->kids[0]));
}

/* LEAF (the Xapian form of Q, a term, synonym, phrase or prefix search)
 * with REC's recency part added: the leaf decides what matches, and an
 * article matching it gains REC's weight x Q's idf mass x its decay. */
static Xapian::Query
with_leaf_recency(const Xapian::Database &db, const qr_query_t *q,
                  const Xapian::Query &leaf, const LeafRecency *rec)
{
    double mass;

    if (rec == nullptr || (mass = weighted_idf(db, q)) <= 0)
        return leaf;
    Xapian::Query recency(rec->proto->clone()->release());
    return Xapian::Query(Xapian::Query::OP_AND_MAYBE, leaf,
                         Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                                       recency, rec->weight * mass));
}

static Xapian::Query
to_xapian(const Xapian::Database &db, const qr_query_t *q,
          const LeafRecency *rec)
{
    switch (q->op) {
    case QR_Q_TERM:
        return with_leaf_recency(
            db, q, Xapian::Query(std::string(q->term, q->len), q->wqf,
                                 q->pos), rec);
    case QR_Q_WILDCARD:
        return with_leaf_recency(
            db, q, Xapian::Query(Xapian::Query::OP_WILDCARD,
                                 std::string(q->term, q->len),
                                 WILDCARD_MAX_EXPANSION,
                                 Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT),
            rec);
    case QR_Q_AND:
        return combine(db, Xapian::Query::OP_AND, q, rec);
    case QR_Q_OR:
        return combine(db, Xapian::Query::OP_OR, q, rec);
    case QR_Q_SYNONYM:
        return with_leaf_recency(
            db, q, combine(db, Xapian::Query::OP_SYNONYM, q, nullptr), rec);
    case QR_Q_AND_NOT:
        return left_and_rest(db, Xapian::Query::OP_AND_NOT, q, rec);
    case QR_Q_AND_MAYBE:
        return left_and_rest(db, Xapian::Query::OP_AND_MAYBE, q, rec);
    case QR_Q_FILTER:
        return left_and_rest(db, Xapian::Query::OP_FILTER, q, rec);
    case QR_Q_BONUS:
        return bonus(db, q);
    case QR_Q_PHRASE:
    case QR_Q_NEAR: {
        std::vector<Xapian::Query> kids = phrase_kids_of(db, q);
        Xapian::termcount window = q->window ? q->window : kids.size();
        Xapian::Query::op op = q->op == QR_Q_PHRASE ?
            Xapian::Query::OP_PHRASE : Xapian::Query::OP_NEAR;
        if (kids.empty())
            throw BadQuery("a phrase has no words");
        return with_leaf_recency(
            db, q, Xapian::Query(op, kids.begin(), kids.end(), window), rec);
    }
    case QR_Q_DATE_RANGE:
        return date_range(q);
    case QR_Q_SCALE:
        if (q->n_kids != 1 || q->factor < 0)
            throw BadQuery("a scale needs one operand and a factor >= 0");
        return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                             to_xapian(db, q->kids[0], rec), q->factor);
    case QR_Q_MATCH_ALL:
        return Xapian::Query::MatchAll;
    case QR_Q_MATCH_NOTHING:
        return Xapian::Query::MatchNothing;
    }
    throw BadQuery("unknown query operator");
}

/* The recency part: which weeks it covers, their decay and its scale. */
struct Recency {
    int64_t oldest = 1, newest = 0;   /* first seconds of the weeks */
    int64_t now = 0;
    double half_life = 1;             /* seconds */
    double scale = 0;                 /* of a query without weighted words */
    bool is_per_leaf = false;         /* each word carries its own part */

    /* 2^(-age / half-life), age from the middle of WEEK to now. */
    double decay(int64_t week) const
    {
        double age = static_cast<double>(now - week - SECS_PER_WEEK / 2);
        return age <= 0 ? 1.0 : std::exp2(-age / half_life);
    }

    /* The part an article with week value VALUE gets (as the posting
     * source computes it: weeks outside the map add nothing). */
    double part_of(const std::string &value) const
    {
        if (value.empty() || scale == 0)
            return 0;
        int64_t week = static_cast<int64_t>(
            Xapian::sortable_unserialise(value));
        return week < oldest || week > newest ? 0 : scale * decay(week);
    }
};

/* Sets R to cover the weeks the index holds between ten half-lives ago
 * and a year ahead (at most RECENCY_MAX_WEEKS, the newest kept); false
 * when the index holds no week values. */
static bool
plan_recency(const Xapian::Database &db, const qr_search_opts_t *opts,
             Recency &r)
{
    std::string lo_value = db.get_value_lower_bound(opts->week_slot);
    std::string hi_value = db.get_value_upper_bound(opts->week_slot);

    if (lo_value.empty() || hi_value.empty())
        return false;
    r.now = opts->now;
    r.half_life = opts->half_life_days * SECS_PER_DAY;
    int64_t now_week = week_start(opts->now);
    double span = std::min(RECENCY_HALF_LIVES * r.half_life,
                           static_cast<double>(RECENCY_MAX_WEEKS *
                                               SECS_PER_WEEK));
    r.oldest = week_start(static_cast<int64_t>(
        Xapian::sortable_unserialise(lo_value)));
    r.newest = week_start(static_cast<int64_t>(
        Xapian::sortable_unserialise(hi_value)));
    r.newest = std::min(r.newest,
                        now_week + RECENCY_FUTURE_WEEKS * SECS_PER_WEEK);
    r.oldest = std::max(r.oldest, week_start(opts->now -
                                             static_cast<int64_t>(span)));
    r.oldest = std::max(r.oldest, r.newest - (RECENCY_MAX_WEEKS - 1) *
                                                 SECS_PER_WEEK);
    return r.oldest <= r.newest;
}

/* The recency part read from the week table (qr_db_write_week_table): the
 * same weights as the ValueMapPostingSource, but a candidate costs an
 * array lookup instead of decoding its value from the value stream, which
 * made hybrid ranking three times slower than BM25 alone. It is a class of
 * ours, so a remote backend would need it registered; ranked_query keeps
 * the built-in source for databases without a current table. */
class WeekTableSource : public Xapian::PostingSource {
  public:
    WeekTableSource(std::shared_ptr<const std::string> table,
                    std::shared_ptr<const std::vector<double>> decays,
                    uint16_t first, double max_weight)
        : table_(std::move(table)), decays_(std::move(decays)),
          first_(first), max_weight_(max_weight),
          n_docs_(static_cast<Xapian::docid>(
              (table_->size() - WEEK_TABLE_HEADER) / 2))
    {
        for (int i = 3; i >= 0; i--)
            n_with_week_ = (n_with_week_ << 8) |
                           static_cast<unsigned char>((*table_)[12 + i]);
    }

    PostingSource *clone() const override
    {
        return new WeekTableSource(table_, decays_, first_, max_weight_);
    }

    std::string name() const override { return "quarry.WeekTableSource"; }

    void init(const Xapian::Database &) override
    {
        did_ = 0;
        set_maxweight(max_weight_);
    }

    Xapian::doccount get_termfreq_min() const override
    {
        return n_with_week_;
    }
    Xapian::doccount get_termfreq_est() const override
    {
        return n_with_week_;
    }
    Xapian::doccount get_termfreq_max() const override
    {
        return n_with_week_;
    }

    void next(double) override
    {
        do {
            did_++;
        } while (did_ <= n_docs_ && entry(did_) == 0);
    }

    void skip_to(Xapian::docid did, double min_wt) override
    {
        if (did <= did_)
            return;
        did_ = did - 1;
        next(min_wt);
    }

    bool at_end() const override { return did_ > n_docs_; }
    Xapian::docid get_docid() const override { return did_; }

    double get_weight() const override
    {
        size_t at = size_t(entry(did_)) - first_;
        return at < decays_->size() ? (*decays_)[at] : 0.0;
    }

  private:
    uint16_t entry(Xapian::docid did) const
    {
        const std::string &t = *table_;
        size_t at = WEEK_TABLE_HEADER + 2 * size_t(did - 1);
        return static_cast<uint16_t>(static_cast<unsigned char>(t[at]) |
                                     static_cast<unsigned char>(t[at + 1])
                                         << 8);
    }

    std::shared_ptr<const std::string> table_;
    std::shared_ptr<const std::vector<double>> decays_;
    uint16_t first_;            /* table entry DECAYS_[0] is for */
    double max_weight_;
    Xapian::docid n_docs_;
    Xapian::doccount n_with_week_ = 0;
    Xapian::docid did_ = 0;     /* 0: before the first document */
};

/* True when TABLE is a week table describing revision REV. */
static bool
is_week_table_of(const std::string &table, Xapian::rev rev)
{
    return table.size() >= WEEK_TABLE_HEADER &&
           table.compare(0, 4, WEEK_TABLE_MAGIC) == 0 &&
           (table.size() - WEEK_TABLE_HEADER) % 2 == 0 &&
           get_le64(table, 4) == rev;
}

/* The week table of DB if it describes DB's current revision, else
 * NULL (always for a remote database); CACHED (may be NULL) is returned
 * when it still does. */
static std::shared_ptr<const std::string>
current_week_table(const Xapian::Database &db,
                   std::shared_ptr<const std::string> cached)
{
    Xapian::rev rev = 0;

    /* A database without a revision to tell is remote (or several): no
     * table can be shown current, and a server would not know our source
     * anyway, so recency_source takes the built-in one. */
    if (!revision_of(db, rev))
        return nullptr;
    if (cached != nullptr && is_week_table_of(*cached, rev))
        return cached;
    auto table = std::make_shared<std::string>(db.get_metadata(
        WEEK_TABLE_KEY));
    if (!is_week_table_of(*table, rev))
        return nullptr;
    return table;
}

/* A recency source for R: the week table's when DB has a current one, the
 * built-in ValueMapPostingSource over SLOT otherwise. */
static Xapian::PostingSource *
recency_source(qr_db_t *qdb, unsigned slot, const Recency &r)
{
    Xapian::Database &db = qdb->db();
    std::shared_ptr<const std::string> table =
        current_week_table(db, qdb->week_table);

    qdb->week_table = table;
    if (table != nullptr) {
        int64_t first = r.oldest / SECS_PER_WEEK - WEEK_TABLE_BASE + 1;
        int64_t last = r.newest / SECS_PER_WEEK - WEEK_TABLE_BASE + 1;
        if (first >= 1 && last <= 0xFFFF) {
            auto decays = std::make_shared<std::vector<double>>();
            double max_weight = 0;
            for (int64_t week = r.oldest; week <= r.newest;
                 week += SECS_PER_WEEK) {
                decays->push_back(r.decay(week));
                max_weight = std::max(max_weight, decays->back());
            }
            return new WeekTableSource(table, decays,
                                       static_cast<uint16_t>(first),
                                       max_weight);
        }
    }
    Xapian::ValueMapPostingSource *source =
        new Xapian::ValueMapPostingSource(slot);
    for (int64_t week = r.oldest; week <= r.newest; week += SECS_PER_WEEK)
        source->add_mapping(Xapian::sortable_serialise(
                                static_cast<double>(week)),
                            r.decay(week));
    source->set_default_weight(0);
    return source;
}

/* The Xapian query for QUERY, with the recency part when OPTS asks for
 * one. Each weighted leaf (a word, synonym group, phrase or prefix) carries
 * its own part, W x its idf x the decay, so an article gains recency for
 * the words it matches: one holding every word gets W x M x decay (db.h),
 * one holding only a common word little. That is also what keeps the
 * matcher fast: a single part over the whole query would let any article
 * matching any word gain W x M, so Xapian could skip far fewer candidates
 * by their weight bounds. A query of filters only (no weighted leaf) gets
 * one part of weight W: its matches are ordered by recency alone. */
static Xapian::Query
ranked_query(qr_db_t *qdb, const qr_query_t *query,
             const qr_search_opts_t *opts, Recency &r)
{
    const Xapian::Database &db = qdb->db();

    if (opts->sort != QR_SORT_HYBRID || opts->recency_weight <= 0 ||
        !(opts->half_life_days > 0) || !plan_recency(db, opts, r)) {
        return to_xapian(db, query);
    }
    std::unique_ptr<Xapian::PostingSource> proto(
        recency_source(qdb, opts->week_slot, r));
    if (weighted_idf(db, query) > 0) {
        LeafRecency rec = { proto.get(), opts->recency_weight };
        r.is_per_leaf = true;
        return to_xapian(db, query, &rec);
    }
    r.scale = opts->recency_weight;
    Xapian::Query recency(proto.release()->release());
    return Xapian::Query(Xapian::Query::OP_AND_MAYBE, to_xapian(db, query),
                         Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                                       recency, r.scale));
}

/* The unique id term (PREFIX + id) of document DID, or "" if none. */
static std::string
id_term_of(const Xapian::Database &db, Xapian::docid did,
           const std::string &prefix)
{
    Xapian::TermIterator t = db.termlist_begin(did);

    t.skip_to(prefix);
    if (t != db.termlist_end(did) && (*t).compare(0, prefix.size(),
                                                  prefix) == 0)
        return *t;
    return std::string();
}

/* Sets each hit's text part (BM25 and bonuses) by running QUERY without
 * recency over the hits alone (filtered by their id terms, which a remote
 * backend can run too), with the same collection statistics weighing it,
 * so the recency part is the rest of the score. Only for --explain:
 * per-leaf recency leaves no single value to read it from. */
static void
explain_text_parts(const Xapian::Database &db, const qr_query_t *query,
                   const qr_search_opts_t *opts, qr_results_t *results)
{
    std::unordered_map<Xapian::docid, double> text;
    std::vector<Xapian::Query> ids;
    Xapian::Enquire enquire(db);

    if (opts->id_prefix == nullptr || results->hits.empty())
        return;
    for (const qr_hit_t &hit : results->hits) {
        std::string id = id_term_of(db, hit.docid, opts->id_prefix);
        if (!id.empty())
            ids.emplace_back(id);
    }
    enquire.set_query(Xapian::Query(
        Xapian::Query::OP_FILTER, to_xapian(db, query),
        Xapian::Query(Xapian::Query::OP_OR, ids.begin(), ids.end())));
    enquire.set_weighting_scheme(Xapian::BM25Weight(opts->bm25_k1, 0, 1,
                                                    opts->bm25_b, 0.5));
    Xapian::MSet mset = enquire.get_mset(0, results->hits.size());
    for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it)
        text[*it] = it.get_weight();
    for (qr_hit_t &hit : results->hits) {
        hit.relevance = text[hit.docid];
        hit.recency = hit.score - hit.relevance;
    }
}

/* Fills HIT's explanation: its recency part and the terms it matched. */
static void
explain_hit(const Xapian::Enquire &enquire, const Xapian::MSetIterator &it,
            const qr_search_opts_t *opts, const Recency &r, qr_hit_t &hit)
{
    std::vector<std::string> terms(enquire.get_matching_terms_begin(it),
                                   enquire.get_matching_terms_end(it));

    if (!r.is_per_leaf) {   /* else explain_text_parts sets both */
        hit.recency = r.part_of(it.get_document().get_value(opts->week_slot));
        hit.relevance = hit.score - hit.recency;
    }
    if (terms.empty())
        return;
    hit.matched = static_cast<char **>(std::calloc(terms.size(),
                                                   sizeof *hit.matched));
    if (hit.matched == nullptr)
        throw std::bad_alloc();
    for (const std::string &term : terms)
        hit.matched[hit.n_matched++] = copy_string(term);
}

static void
run_search(qr_db_t *qdb, const qr_query_t *query,
           const qr_search_opts_t *opts, qr_results_t *results)
{
    Xapian::Database &db = qdb->db();
    Xapian::Enquire enquire(db);
    Recency recency;
    Xapian::Query xq = ranked_query(qdb, query, opts, recency);

    enquire.set_query(xq);
    enquire.set_weighting_scheme(Xapian::BM25Weight(opts->bm25_k1, 0, 1,
                                                    opts->bm25_b, 0.5));
    if (opts->sort == QR_SORT_DATE)
        enquire.set_sort_by_value_then_relevance(opts->date_slot, true);
    if (opts->wants_explain)
        results->description = xq.get_description();
    /* With no hit to find, Xapian estimates the total from term
     * frequencies alone, a guess for a phrase (which can say 0 where a
     * page of one finds a match); checking as many candidates as that page
     * would makes --limit 0 estimate as well as --limit 1, for the cost of
     * finding one hit. */
    Xapian::doccount check_at_least =
        opts->limit == 0 ? Xapian::doccount(opts->offset) + 1 : 0;
    Xapian::MSet mset = enquire.get_mset(opts->offset, opts->limit,
                                         check_at_least);
    results->estimated = mset.get_matches_estimated();
    results->lower = mset.get_matches_lower_bound();
    results->upper = mset.get_matches_upper_bound();
    results->hits.reserve(mset.size());
    for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
        results->hits.emplace_back();
        qr_hit_t &hit = results->hits.back();
        std::string data = it.get_document().get_data();
        hit.docid = *it;
        hit.score = it.get_weight();
        hit.data = copy_string(data);
        hit.data_len = data.size();
        if (opts->wants_explain)
            explain_hit(enquire, it, opts, recency, hit);
    }
    if (opts->wants_explain && recency.is_per_leaf)
        explain_text_parts(db, query, opts, results);
}

/* Fills a new T with RUN(DB, t), reopening DB and running again when a
 * writer committed meanwhile (DatabaseModifiedError), at most
 * MODIFIED_RETRIES times; returns it (the caller deletes it) or throws. */
template <typename T, typename Run>
static T *
with_retries(qr_db_t *db, Run run)
{
    for (int attempt = 0;; attempt++) {
        std::unique_ptr<T> out(new T);
        try {
            run(db, out.get());
            return out.release();
        } catch (const Xapian::DatabaseModifiedError &) {
            if (attempt == MODIFIED_RETRIES)
                throw;
            db->db().reopen();
        }
    }
}

extern "C" qr_status_t
qr_db_search(qr_db_t *db, const qr_query_t *query,
             const qr_search_opts_t *opts, qr_results_t **results_out,
             qr_err_t *err)
{
    *results_out = nullptr;
    try {
        *results_out = with_retries<qr_results_t>(
            db, [&](qr_db_t *qdb, qr_results_t *results) {
                run_search(qdb, query, opts, results);
            });
        return QR_OK;
    } catch (...) {
        return qr_db_fail(err, "searching");
    }
}

extern "C" size_t
qr_results_count(const qr_results_t *results)
{
    return results->hits.size();
}

extern "C" uint64_t
qr_results_estimated(const qr_results_t *results)
{
    return results->estimated;
}

extern "C" uint64_t
qr_results_lower(const qr_results_t *results)
{
    return results->lower;
}

extern "C" uint64_t
qr_results_upper(const qr_results_t *results)
{
    return results->upper;
}

extern "C" const qr_hit_t *
qr_results_hit(const qr_results_t *results, size_t i)
{
    return &results->hits[i];
}

extern "C" const char *
qr_results_description(const qr_results_t *results)
{
    return results->description.c_str();
}

extern "C" void
qr_results_free(qr_results_t *results)
{
    delete results;
}

/* --- vocabulary ------------------------------------------------------------ */

extern "C" qr_status_t
qr_db_term_freq(qr_db_t *db, const char *term, size_t len, uint64_t *freq_out,
                qr_err_t *err)
{
    *freq_out = 0;
    try {
        *freq_out = db->db().get_termfreq(std::string(term, len));
        return QR_OK;
    } catch (...) {
        return qr_db_fail(err, "reading a term frequency");
    }
}

/* Calls FN for the terms under PREFIX after LAST (all when IS_STARTED is
 * false), keeping LAST and IS_STARTED up to date; false when FN stopped. */
static bool
walk_terms(Xapian::Database &xdb, const std::string &prefix, qr_db_term_fn fn,
           void *ctx, std::string &last, bool &is_started)
{
    Xapian::TermIterator it = xdb.allterms_begin(prefix);
    Xapian::TermIterator end = xdb.allterms_end(prefix);

    if (is_started) {
        it.skip_to(last);
        if (it != end && *it == last)
            ++it;
    }
    for (; it != end; ++it) {
        last = *it;
        is_started = true;
        if (!fn(ctx, last.data(), last.size(), it.get_termfreq()))
            return false;
    }
    return true;
}

extern "C" qr_status_t
qr_db_each_term(qr_db_t *db, const char *prefix, qr_db_term_fn fn, void *ctx,
                qr_err_t *err)
{
    try {
        std::string last;
        bool is_started = false;
        walk_terms(db->db(), prefix, fn, ctx, last, is_started);
        return QR_OK;
    } catch (...) {
        return qr_db_fail(err, "listing terms");
    }
}

extern "C" qr_status_t
qr_db_each_term_resuming(qr_db_t *db, const char *prefix, qr_db_term_fn fn,
                         void *ctx, qr_err_t *err)
{
    try {
        std::string last;
        bool is_started = false;
        /* Each reopening that gives a term makes progress, so only a run
         * of fruitless ones can go on: bound those. */
        for (int fruitless = 0;; fruitless++) {
            std::string before = last;
            try {
                walk_terms(db->db(), prefix, fn, ctx, last, is_started);
                return QR_OK;
            } catch (const Xapian::DatabaseModifiedError &) {
                if (last != before)
                    fruitless = 0;
                if (fruitless == MODIFIED_RETRIES)
                    throw;
                db->db().reopen();
            }
        }
    } catch (...) {
        return qr_db_fail(err, "listing terms");
    }
}

extern "C" qr_status_t
qr_db_find_data(qr_db_t *db, const char *term, size_t len, char **data_out,
                size_t *len_out, bool *found_out, qr_err_t *err)
{
    *data_out = nullptr;
    *len_out = 0;
    *found_out = false;
    try {
        Xapian::Database &xdb = db->db();
        std::string key(term, len);
        Xapian::PostingIterator it = xdb.postlist_begin(key);
        if (it == xdb.postlist_end(key))
            return QR_OK;
        std::string data = xdb.get_document(*it).get_data();
        *data_out = copy_string(data);
        *len_out = data.size();
        *found_out = true;
        return QR_OK;
    } catch (...) {
        return qr_db_fail(err, "reading a document");
    }
}

extern "C" qr_status_t
qr_db_get_value(qr_db_t *db, uint32_t docid, unsigned slot, char **value_out,
                size_t *len_out, qr_err_t *err)
{
    *value_out = nullptr;
    *len_out = 0;
    try {
        std::string value = db->db().get_document(docid).get_value(slot);
        *value_out = copy_string(value);
        *len_out = value.size();
        return QR_OK;
    } catch (...) {
        return qr_db_fail(err, "reading a value");
    }
}

extern "C" qr_status_t
qr_db_doc_has_term(qr_db_t *db, uint32_t docid, const char *term, size_t len,
                   bool is_prefix, bool *has_out, qr_err_t *err)
{
    *has_out = false;
    try {
        Xapian::Database &xdb = db->db();
        std::string key(term, len);
        if (is_prefix) {
            /* The document's own terms: a prefix may expand to many. */
            Xapian::TermIterator t = xdb.termlist_begin(docid);
            t.skip_to(key);
            *has_out = t != xdb.termlist_end(docid) &&
                       (*t).compare(0, key.size(), key) == 0;
        } else {
            Xapian::PostingIterator p = xdb.postlist_begin(key);
            p.skip_to(docid);
            *has_out = p != xdb.postlist_end(key) && *p == docid;
        }
        return QR_OK;
    } catch (...) {
        return qr_db_fail(err, "looking up a term");
    }
}

extern "C" int64_t
qr_db_date_from_value(const char *value, size_t len)
{
    try {
        return static_cast<int64_t>(
            Xapian::sortable_unserialise(std::string(value, len)));
    } catch (...) {
        return 0;   /* only std::bad_alloc is possible */
    }
}

extern "C" qr_status_t
qr_db_each_data(qr_db_t *db, const char *term, size_t len, size_t max_docs,
                qr_db_doc_fn fn, void *ctx, qr_err_t *err)
{
    try {
        Xapian::Database &xdb = db->db();
        std::string key(term, len);
        size_t n = 0;
        for (Xapian::PostingIterator it = xdb.postlist_begin(key);
             it != xdb.postlist_end(key) && n < max_docs; ++it, ++n) {
            std::string data = xdb.get_document(*it).get_data();
            if (!fn(ctx, data.data(), data.size()))
                break;
        }
        return QR_OK;
    } catch (...) {
        return qr_db_fail(err, "reading documents");
    }
}

/* Least (IS_LEAST) or greatest date in SLOT among the documents of TERM. */
static int64_t
extreme_date(Xapian::Database &xdb, const std::string &term, unsigned slot,
             bool is_least)
{
    std::string best;

    for (Xapian::PostingIterator it = xdb.postlist_begin(term);
         it != xdb.postlist_end(term); ++it) {
        std::string value = xdb.get_document(*it).get_value(slot);
        if (value.empty())
            continue;
        if (best.empty() || (is_least ? value < best : value > best))
            best = value;
    }
    return static_cast<int64_t>(Xapian::sortable_unserialise(best));
}

extern "C" qr_status_t
qr_db_date_bounds(qr_db_t *db, const char *day_prefix, unsigned slot,
                  int64_t *oldest_out, int64_t *newest_out,
                  bool *has_dates_out, qr_err_t *err)
{
    *oldest_out = *newest_out = 0;
    *has_dates_out = false;
    try {
        Xapian::Database &xdb = db->db();
        std::string first, last;
        /* Day terms are few (one per day with an article), so walking
         * them to the last is cheap. */
        for (Xapian::TermIterator it = xdb.allterms_begin(day_prefix);
             it != xdb.allterms_end(day_prefix); ++it) {
            if (first.empty())
                first = *it;
            last = *it;
        }
        if (first.empty())
            return QR_OK;
        *oldest_out = extreme_date(xdb, first, slot, true);
        *newest_out = extreme_date(xdb, last, slot, false);
        *has_dates_out = true;
        return QR_OK;
    } catch (...) {
        return qr_db_fail(err, "reading the date range");
    }
}

/* --- related documents ------------------------------------------------------ */

namespace {

/* Accepts unprefixed terms found in at least two documents. */
class RelatedTermDecider : public Xapian::ExpandDecider {
    const Xapian::Database &db;

  public:
    explicit RelatedTermDecider(const Xapian::Database &db_) : db(db_) {}

    bool operator()(const std::string &term) const override
    {
        if (term.empty() || (term[0] >= 'A' && term[0] <= 'Z'))
            return false;
        return db.get_termfreq(term) >= 2;
    }
};

} // namespace

extern "C" qr_status_t
qr_db_expand(qr_db_t *db, const char *unique_term, size_t max_terms,
             qr_db_term_fn fn, void *ctx, qr_err_t *err)
{
    try {
        Xapian::Database &xdb = db->db();
        Xapian::PostingIterator it = xdb.postlist_begin(unique_term);
        if (it == xdb.postlist_end(unique_term))
            return qr_err_set(err, QR_ERR_NOT_FOUND, "no article has the "
                              "id term %s", unique_term);
        Xapian::Enquire enquire(xdb);
        Xapian::RSet rset;
        RelatedTermDecider decider(xdb);
        rset.add_document(*it);
        Xapian::ESet eset = enquire.get_eset(
            static_cast<Xapian::termcount>(max_terms), rset, 0, &decider);
        for (Xapian::ESetIterator e = eset.begin(); e != eset.end(); ++e) {
            const std::string &term = *e;
            if (!fn(ctx, term.data(), term.size(), xdb.get_termfreq(term)))
                break;
        }
        return QR_OK;
    } catch (...) {
        return qr_db_fail(err, "finding related terms");
    }
}

/* --- facets ------------------------------------------------------------------ */

struct qr_facets {
    uint64_t matches = 0;
    /* Per spec, the values in order; strings own the items. */
    std::vector<std::vector<std::pair<std::string, uint64_t>>> lists;
    std::vector<std::vector<std::pair<int64_t, uint64_t>>> days;
};

/* Facets are counted by Xapian's built-in ValueCountMatchSpy, one per
 * slot, which counts the documents holding each distinct value; a remote
 * server runs it too (custom spies would need registering there). The
 * items of list values and the days of dates are tallied from its counts:
 * a value counted N times adds N to each of its items, or to its day. */

/* The items of each list value SPY counted (items joined by SEPARATOR),
 * in byte order, into OUT. */
static void
tally_items(const Xapian::ValueCountMatchSpy &spy, char separator,
            std::vector<std::pair<std::string, uint64_t>> &out)
{
    std::unordered_map<std::string, uint64_t> counts;

    for (Xapian::TermIterator it = spy.values_begin();
         it != spy.values_end(); ++it) {
        const std::string value = *it;
        uint64_t n = it.get_termfreq();
        size_t start = 0;
        for (;;) {
            size_t end = value.find(separator, start);
            counts[value.substr(start, end == std::string::npos
                                           ? std::string::npos
                                           : end - start)] += n;
            if (end == std::string::npos)
                break;
            start = end + 1;
        }
    }
    out.assign(counts.begin(), counts.end());
    std::sort(out.begin(), out.end());
}

/* The UTC days of the date values SPY counted, in order, into OUT. */
static void
tally_days(const Xapian::ValueCountMatchSpy &spy,
           std::vector<std::pair<int64_t, uint64_t>> &out)
{
    std::unordered_map<int64_t, uint64_t> counts;

    for (Xapian::TermIterator it = spy.values_begin();
         it != spy.values_end(); ++it) {
        double day = std::floor(Xapian::sortable_unserialise(*it) /
                                static_cast<double>(SECS_PER_DAY));
        counts[static_cast<int64_t>(day)] += it.get_termfreq();
    }
    out.assign(counts.begin(), counts.end());
    std::sort(out.begin(), out.end());
}

static void
run_facets(Xapian::Database &db, const qr_query_t *query,
           const qr_facet_spec_t *specs, size_t n_specs, qr_facets_t *out)
{
    Xapian::Enquire enquire(db);
    std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> spies;

    enquire.set_query(to_xapian(db, query));
    /* Which documents match does not depend on weights: skip them. */
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    for (size_t i = 0; i < n_specs; i++) {
        spies.emplace_back(new Xapian::ValueCountMatchSpy(specs[i].slot));
        enquire.add_matchspy(spies.back().get());
    }
    /* No hits wanted, but every match checked: the spies see them all. */
    Xapian::MSet mset = enquire.get_mset(0, 0, db.get_doccount());
    out->matches = mset.get_matches_estimated();
    out->lists.resize(n_specs);
    out->days.resize(n_specs);
    for (size_t i = 0; i < n_specs; i++) {
        if (specs[i].kind == QR_FACET_LIST)
            tally_items(*spies[i], specs[i].separator, out->lists[i]);
        else
            tally_days(*spies[i], out->days[i]);
    }
}

extern "C" qr_status_t
qr_db_facets(qr_db_t *db, const qr_query_t *query,
             const qr_facet_spec_t *specs, size_t n_specs,
             qr_facets_t **facets_out, qr_err_t *err)
{
    *facets_out = nullptr;
    try {
        *facets_out = with_retries<qr_facets_t>(
            db, [&](qr_db_t *qdb, qr_facets_t *facets) {
                run_facets(qdb->db(), query, specs, n_specs, facets);
            });
        return QR_OK;
    } catch (...) {
        return qr_db_fail(err, "counting facets");
    }
}

extern "C" uint64_t
qr_facets_matches(const qr_facets_t *facets)
{
    return facets->matches;
}

extern "C" size_t
qr_facets_size(const qr_facets_t *facets, size_t spec)
{
    return facets->lists[spec].size() + facets->days[spec].size();
}

extern "C" qr_facet_value_t
qr_facets_value(const qr_facets_t *facets, size_t spec, size_t i)
{
    qr_facet_value_t v = { nullptr, 0, 0, 0 };

    if (!facets->lists[spec].empty()) {
        const std::pair<std::string, uint64_t> &item = facets->lists[spec][i];
        v.value = item.first.data();
        v.len = item.first.size();
        v.count = item.second;
    } else {
        v.day = facets->days[spec][i].first;
        v.count = facets->days[spec][i].second;
    }
    return v;
}

extern "C" void
qr_facets_free(qr_facets_t *facets)
{
    delete facets;
}
