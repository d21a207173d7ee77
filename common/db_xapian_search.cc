/* db_xapian_search.cc - the shim's searches: query trees to Xapian queries,
 * BM25 with the recency part, and the results. */
#include "db_xapian.hh"

#include <algorithm>

using namespace qr_shim;

/* --- searching ------------------------------------------------------------ */

/* A result list of at most this many articles gets an exact total and an
 * exact page (see run_search). */
enum { EXACT_TOTAL_UP_TO = 1000 };

/* BM25's floor on an article's length over the average (Xapian's
 * default): shorter articles weigh as if this long. */
static const double BM25_MIN_NORMLEN = 0.5;

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
    opts->wants_data = true;
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
 * the rest carries weight (and so recency) only under OP_AND_MAYBE, which
 * takes each of the rest in turn, AND_MAYBE(AND_MAYBE(l, r1), r2): the same
 * weights, and each optional side stays a posting source whose check()
 * never stands ahead (see TermBonusSource), where an OR of them would. */
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
    if (op == Xapian::Query::OP_AND_MAYBE) {
        Xapian::Query nested = kids[0];
        for (size_t i = 1; i < kids.size(); i++)
            nested = Xapian::Query(op, nested, kids[i]);
        return nested;
    }
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
 * BM25), so even a common word counts a little; 0 for an absent term.
 * Xapian's BM25Weight uses log((N - n + 0.5) / (n + 0.5)) (raised to
 * log(x / 2 + 1) under x = 2), which gives a word in most articles almost
 * nothing: in these units recency would never reach a query of common
 * words ("announcing rust" on a blog about Rust). */
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
        for (size_t i = 0; i < q->n_kids; i++)
            sum += weighted_idf(db, q->kids[i]);
        return sum;
    default:
        return 0;   /* bonuses, date ranges, ALL, NOTHING */
    }
}

/* FACTOR x the idf mass of the last kid for every document the first kid
 * matches, as a fixed weight. On a local database a first kid of one term
 * runs as a bonus posting source (term_bonus_source);
 * otherwise the weight is filtered by the first kid with built-in classes
 * only, so a remote backend can run it (there Xapian's AND_MAYBE can skip
 * a document: see db_xapian_bonus.cc). */
static Xapian::Query
bonus(const Xapian::Database &db, const qr_query_t *q)
{
    if (q->n_kids != 1 && q->n_kids != 2)
        throw BadQuery("a bonus needs one or two operands");
    double mass = weighted_idf(db, q->kids[q->n_kids - 1]);
    const qr_query_t *cond = q->kids[0];
    Xapian::rev rev;

    if (mass == 0 || q->factor <= 0)
        return Xapian::Query::MatchNothing;
    if (revision_of(db, rev)) {
        if (cond->op == QR_Q_TERM) {
            return Xapian::Query(term_bonus_source(
                std::string(cond->term, cond->len),
                q->factor * mass)->release());
        }
    }
    Xapian::PostingSource *fixed =
        new Xapian::FixedWeightPostingSource(q->factor * mass);
    return Xapian::Query(Xapian::Query::OP_FILTER,
                         Xapian::Query(fixed->release()),
                         to_xapian(db, cond));
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
        /* No limit is 0 with LIMIT_ERROR: under LIMIT_MOST_FREQUENT, 0
         * keeps no term at all. */
        return with_leaf_recency(
            db, q, Xapian::Query(Xapian::Query::OP_WILDCARD,
                                 std::string(q->term, q->len),
                                 q->is_every_term ? 0 : WILDCARD_MAX_EXPANSION,
                                 q->is_every_term
                                     ? Xapian::Query::WILDCARD_LIMIT_ERROR
                                     : Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT),
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
    case QR_Q_PHRASE: {
        std::vector<Xapian::Query> kids = phrase_kids_of(db, q);
        if (kids.empty())
            throw BadQuery("a phrase has no words");
        return with_leaf_recency(
            db, q, Xapian::Query(Xapian::Query::OP_PHRASE, kids.begin(),
                                 kids.end(), kids.size()), rec);
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

Xapian::Query
qr_shim::query_of(const Xapian::Database &db, const qr_query_t *q)
{
    return to_xapian(db, q);
}

/* The recency part: which weeks it covers, their decay, how long
 * articles are bounded, and its scale. */
struct Recency {
    int64_t oldest = 1, newest = 0;   /* first seconds of the weeks */
    int64_t now = 0;
    double half_life = 1;             /* seconds */
    double scale = 0;                 /* of a query without weighted words */
    bool is_per_leaf = false;         /* each word carries its own part */
    /* By length bucket (length_bucket): what BM25 gives a word found once
     * in an article of the bucket's longest length, over the word's idf,
     * at most 1: (k1 + 1) / (K + 1), K = k1 ((1 - b) + b max(len / avg,
     * BM25_MIN_NORMLEN)). A word's recency part is scaled by it, so it
     * never exceeds W times that word's own BM25 part in the article, its
     * idf counted as idf_of does (which is Xapian's, or more for a word in
     * many articles). All 1 (no bound) for a query of filters only, which
     * has no text part. */
    std::vector<double> length_factors;

    /* 2^(-age / half-life), age from the middle of WEEK to now. */
    double decay(int64_t week) const
    {
        double age = static_cast<double>(now - week - SECS_PER_WEEK / 2);
        return age <= 0 ? 1.0 : std::exp2(-age / half_life);
    }

    double length_factor(unsigned bucket) const
    {
        return bucket < length_factors.size() ? length_factors[bucket] : 0;
    }

    /* The part an article with week value VALUE gets (as the posting
     * source computes it: weeks outside the map add nothing). */
    double part_of(const std::string &value) const
    {
        int64_t week;
        unsigned bucket;

        if (value.empty() || scale == 0)
            return 0;
        week_value_parts(value, week, bucket);
        return week < oldest || week > newest
                   ? 0 : scale * decay(week) * length_factor(bucket);
    }
};

/* Sets R's length factors (see Recency) for DB under OPTS' BM25
 * parameters, or all 1 when not IS_BOUNDED. */
static void
plan_length_factors(const Xapian::Database &db, const qr_search_opts_t *opts,
                    bool is_bounded, Recency &r)
{
    unsigned last = length_bucket(db.get_doclength_upper_bound());
    double avg = db.get_avlength();
    double k1 = opts->bm25_k1, b = opts->bm25_b;

    r.length_factors.assign(size_t(last) + 1, 1.0);
    if (!is_bounded || !(avg > 0))
        return;
    for (unsigned bucket = 1; bucket <= last; bucket++) {
        double longest = std::ldexp(1.0, static_cast<int>(bucket)) - 1;
        double norm = std::max(longest / avg, BM25_MIN_NORMLEN);
        double k = k1 * ((1 - b) + b * norm);
        r.length_factors[bucket] = std::min(1.0, (k1 + 1) / (k + 1));
    }
}

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
 * ours, so a remote backend would need it registered; recency_source
 * takes the built-in one for databases without a current table. */
class WeekTableSource : public Xapian::PostingSource {
  public:
    WeekTableSource(std::shared_ptr<const WeekTable> table,
                    std::shared_ptr<const std::vector<double>> decays,
                    std::shared_ptr<const std::vector<double>> factors,
                    uint16_t first, double max_weight)
        : table_(std::move(table)), decays_(std::move(decays)),
          factors_(std::move(factors)), first_(first),
          max_weight_(max_weight),
          n_docs_(static_cast<Xapian::docid>(
              (table_->size() - WEEK_TABLE_HEADER) / WEEK_TABLE_ENTRY))
    {
        const char *count = table_->data() + 12;
        for (int i = 3; i >= 0; i--)
            n_with_week_ = (n_with_week_ << 8) |
                           static_cast<unsigned char>(count[i]);
    }

    PostingSource *clone() const override
    {
        return new WeekTableSource(table_, decays_, factors_, first_,
                                   max_weight_);
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

    /* Stays on DID, true when it has a week: never ahead of the document
     * asked about, which Xapian's AND_MAYBE needs; true at the end too,
     * which Xapian's AND needs (both: db_xapian_bonus.cc). */
    bool check(Xapian::docid did, double) override
    {
        did_ = std::min<Xapian::docid>(did, n_docs_ + 1);
        return did_ > n_docs_ || entry(did_) != 0;
    }

    bool at_end() const override { return did_ > n_docs_; }
    Xapian::docid get_docid() const override { return did_; }

    double get_weight() const override
    {
        size_t at = size_t(entry(did_)) - first_;
        size_t bucket = static_cast<unsigned char>(
            table_->data()[offset(did_) + 2]);
        if (at >= decays_->size() || bucket >= factors_->size())
            return 0.0;
        return (*decays_)[at] * (*factors_)[bucket];
    }

  private:
    static size_t offset(Xapian::docid did)
    {
        return WEEK_TABLE_HEADER + WEEK_TABLE_ENTRY * size_t(did - 1);
    }

    /* DID's week number in the table's numbering, 0 for none. */
    uint16_t entry(Xapian::docid did) const
    {
        const char *t = table_->data() + offset(did);
        return static_cast<uint16_t>(static_cast<unsigned char>(t[0]) |
                                     static_cast<unsigned char>(t[1]) << 8);
    }

    std::shared_ptr<const WeekTable> table_;
    std::shared_ptr<const std::vector<double>> decays_;
    std::shared_ptr<const std::vector<double>> factors_;   /* by bucket */
    uint16_t first_;            /* table entry DECAYS_[0] is for */
    double max_weight_;
    Xapian::docid n_docs_;
    Xapian::doccount n_with_week_ = 0;
    Xapian::docid did_ = 0;     /* 0: before the first document */
};

/* A recency source for R: the week table's when DB has a current one, the
 * built-in ValueMapPostingSource over SLOT otherwise. */
static Xapian::PostingSource *
recency_source(qr_db_t *qdb, unsigned slot, const Recency &r)
{
    std::shared_ptr<const WeekTable> table = current_week_table(qdb);

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
            return new WeekTableSource(
                table, decays,
                std::make_shared<std::vector<double>>(r.length_factors),
                static_cast<uint16_t>(first), max_weight);
        }
    }
    /* One entry per week and length bucket: under 2,600 x 33. */
    Xapian::ValueMapPostingSource *source =
        new Xapian::ValueMapPostingSource(slot);
    for (int64_t week = r.oldest; week <= r.newest; week += SECS_PER_WEEK) {
        for (unsigned bucket = 0; bucket < r.length_factors.size();
             bucket++) {
            source->add_mapping(week_value(week, bucket),
                                r.decay(week) * r.length_factor(bucket));
        }
    }
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
    bool has_text = weighted_idf(db, query) > 0;
    plan_length_factors(db, opts, has_text, r);
    std::unique_ptr<Xapian::PostingSource> proto(
        recency_source(qdb, opts->week_slot, r));
    if (has_text) {
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

/* BM25 with OPTS' k1 and b: no query-length factor (k2 0), k3 1, and
 * Xapian's default floor on the length normalisation (0.5). */
static Xapian::BM25Weight
bm25_of(const qr_search_opts_t *opts)
{
    return Xapian::BM25Weight(opts->bm25_k1, 0, 1, opts->bm25_b,
                              BM25_MIN_NORMLEN);
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
    enquire.set_weighting_scheme(bm25_of(opts));
    Xapian::MSet mset = enquire.get_mset(0, results->hits.size());
    for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it)
        text[*it] = it.get_weight();
    for (qr_hit_t &hit : results->hits) {
        hit.relevance = text[hit.docid];
        hit.recency = hit.score - hit.relevance;
    }
}

/* Appends to TERMS the term of every bonus in Q that is one term. */
static void
bonus_terms_of(const qr_query_t *q, std::vector<std::string> &terms)
{
    if (q->op == QR_Q_BONUS && q->n_kids > 0 && q->kids[0]->op == QR_Q_TERM)
        terms.emplace_back(q->kids[0]->term, q->kids[0]->len);
    for (size_t i = 0; i < q->n_kids; i++)
        bonus_terms_of(q->kids[i], terms);
}

/* Fills HIT's explanation: its recency part and the terms it matched,
 * sorted as Xapian lists them. A bonus run by a posting source shows no
 * term to Xapian, so the BONUS_TERMS the article holds join the list. */
static void
explain_hit(const Xapian::Enquire &enquire, const Xapian::MSetIterator &it,
            const qr_search_opts_t *opts, const Recency &r,
            const std::vector<std::string> &bonus_terms, qr_hit_t &hit)
{
    std::vector<std::string> terms(enquire.get_matching_terms_begin(it),
                                   enquire.get_matching_terms_end(it));
    Xapian::Document doc = it.get_document();

    for (const std::string &term : bonus_terms) {
        Xapian::TermIterator t = doc.termlist_begin();
        t.skip_to(term);
        if (t != doc.termlist_end() && *t == term)
            terms.push_back(term);
    }
    std::sort(terms.begin(), terms.end());
    terms.erase(std::unique(terms.begin(), terms.end()), terms.end());

    if (!r.is_per_leaf) {   /* else explain_text_parts sets both */
        hit.recency = r.part_of(doc.get_value(opts->week_slot));
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
    enquire.set_weighting_scheme(bm25_of(opts));
    if (opts->sort == QR_SORT_DATE)
        enquire.set_sort_by_value_then_relevance(opts->date_slot, true);
    std::vector<std::string> bonus_terms;
    if (opts->wants_explain) {
        results->description = xq.get_description();
        bonus_terms_of(query, bonus_terms);
    }
    /* Past a full page Xapian stops counting and estimates the total,
     * which a title bonus (its documents also hold the word) makes too
     * high: "go" on the bundled corpus said 14 for 13. Checking at least
     * EXACT_TOTAL_UP_TO candidates counts a result list that small
     * exactly. It also keeps the page exact there: Xapian raises the
     * weight its operators prune by only after that many candidates, and
     * its pruning is what can lose a hit (an OR decays into an AND_MAYBE
     * whose optional side a check moved ahead, and which then skips one
     * past it on becoming an AND: AndMaybePostList::next in 1.4.22). With
     * 1000 instead of 100, check_topk's 3000 queries lost a hit on 4
     * pages of 27,000 instead of 17, for about 3% on the 1-4 word
     * benchmark's p50 and nothing on its p99 (README.md, Benchmarks).
     * With no hit to find, the total would come from term frequencies
     * alone, a guess for a phrase; the same check makes --limit 0 count
     * as well as any page. */
    Xapian::doccount check_at_least = std::max<Xapian::doccount>(
        EXACT_TOTAL_UP_TO, Xapian::doccount(opts->offset) + 1);
    Xapian::MSet mset = enquire.get_mset(opts->offset, opts->limit,
                                         check_at_least);
    results->estimated = mset.get_matches_estimated();
    results->lower = mset.get_matches_lower_bound();
    results->upper = mset.get_matches_upper_bound();
    results->hits.reserve(mset.size());
    for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
        results->hits.emplace_back();
        qr_hit_t &hit = results->hits.back();
        std::string data;
        if (opts->wants_data)
            data = it.get_document().get_data();
        hit.docid = *it;
        hit.score = it.get_weight();
        hit.data = copy_string(data);
        hit.data_len = data.size();
        if (opts->wants_explain)
            explain_hit(enquire, it, opts, recency, bonus_terms, hit);
    }
    if (opts->wants_explain && recency.is_per_leaf)
        explain_text_parts(db, query, opts, results);
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
