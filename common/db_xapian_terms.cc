/* db_xapian_terms.cc - the shim's reads of the vocabulary, values and
 * term lists, and the expand set for related articles. */
#include "db_xapian.hh"

using namespace qr_shim;

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

/* Rethrows the exception in flight as a DatabaseModifiedError when it is a
 * std::logic_error and XDB has moved to a later revision. Xapian 1.4's
 * glass can read a block that a busy writer has just reused and fail on
 * what it finds there (std::out_of_range, "basic_string::append") before
 * it notices the revision moved on; searches retry a modified database
 * (search.c), and the resuming walk goes on, as for Xapian's own error.
 * Seen once in ten runs of check_search's moving-index test. */
[[noreturn]] static void
rethrow_as_modified(Xapian::Database &xdb)
{
    try {
        throw;
    } catch (const std::logic_error &e) {
        if (xdb.reopen())
            throw Xapian::DatabaseModifiedError(
                std::string("the index changed while its terms were "
                            "read: ") + e.what());
        throw;
    }
}

extern "C" qr_status_t
qr_db_each_term(qr_db_t *db, const char *prefix, qr_db_term_fn fn, void *ctx,
                qr_err_t *err)
{
    try {
        try {
            std::string last;
            bool is_started = false;
            walk_terms(db->db(), prefix, fn, ctx, last, is_started);
            return QR_OK;
        } catch (const std::logic_error &) {
            rethrow_as_modified(db->db());
        }
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
                try {
                    walk_terms(db->db(), prefix, fn, ctx, last, is_started);
                    return QR_OK;
                } catch (const std::logic_error &) {
                    rethrow_as_modified(db->db());
                }
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

/* Into HAS[I] whether DOCIDS[I] holds KEY, for a plain term: one walk of
 * its posting list, the docids taken in increasing order so that skip_to
 * only moves forward. */
static void
postings_hold(Xapian::Database &xdb, const std::string &key,
              const uint32_t *docids, size_t n, std::vector<bool> &has)
{
    std::vector<size_t> order(n);

    for (size_t i = 0; i < n; i++)
        order[i] = i;
    std::sort(order.begin(), order.end(), [docids](size_t a, size_t b) {
        return docids[a] < docids[b];
    });
    Xapian::PostingIterator p = xdb.postlist_begin(key);
    Xapian::PostingIterator end = xdb.postlist_end(key);
    for (size_t i = 0; i < n && p != end; i++) {
        Xapian::docid docid = docids[order[i]];
        p.skip_to(docid);
        has[order[i]] = p != end && *p == docid;
    }
}

/* Into HAS[I] whether DOCIDS[I] holds a term starting with PREFIX: each
 * document's own terms, as the prefix may expand to many. */
static void
terms_start_with(Xapian::Database &xdb, const std::string &prefix,
                 const uint32_t *docids, size_t n, std::vector<bool> &has)
{
    for (size_t i = 0; i < n; i++) {
        Xapian::TermIterator t = xdb.termlist_begin(docids[i]);
        t.skip_to(prefix);
        has[i] = t != xdb.termlist_end(docids[i]) &&
                 (*t).compare(0, prefix.size(), prefix) == 0;
    }
}

extern "C" qr_status_t
qr_db_docs_have_term(qr_db_t *db, const char *term, size_t len,
                     bool is_prefix, const uint32_t *docids, size_t n,
                     bool *has_out, qr_err_t *err)
{
    std::fill(has_out, has_out + n, false);
    if (n == 0)
        return QR_OK;
    try {
        Xapian::Database &xdb = db->db();
        std::string key(term, len);
        std::vector<bool> has(n, false);
        if (is_prefix)
            terms_start_with(xdb, key, docids, n, has);
        else
            postings_hold(xdb, key, docids, n, has);
        std::copy(has.begin(), has.end(), has_out);
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
