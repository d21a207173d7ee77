/* db_xapian_bonus.cc - the posting sources of quarry's fixed-weight
 * bonuses: a term (titles, pairs of neighbouring words).
 *
 * Why posting sources and not OP_FILTER(FixedWeightPostingSource, cond):
 * Xapian 1.4's AND_MAYBE (written, or one an OR decays into) turns into an
 * AND once only documents with its optional side can still make the page,
 * and then skips to one past where the optional side stands
 * (AndMaybePostList::next). An optional side whose check() moved ahead, to
 * a later document the required side also holds, loses that document:
 * "async http" lost a hit with 8.0054 from its top 10 this way. These
 * sources answer check() for the document asked about and never stand
 * ahead of it, so nothing is skipped. They are classes of ours, so only
 * local databases use them (db_xapian_search.cc, bonus()).
 *
 * Except at the end: a check() that runs out of documents returns true,
 * at_end() (a definite position, as the contract allows). Returning false
 * there crashed the searcher: Xapian 1.4's AND (MultiAndPostList, which
 * an AND_MAYBE decays into) does not look at at_end() after a false
 * check and checks the ended source again, whose object it has already
 * dropped (ExternalPostList), a null dereference: "rust
 * since:2016-01-01" under --sort relevance. */
#include "db_xapian.hh"

using namespace qr_shim;

namespace {

class TermBonusSource : public Xapian::PostingSource {
  public:
    TermBonusSource(std::string term, double weight)
        : term_(std::move(term)), weight_(weight) {}

    PostingSource *clone() const override
    {
        return new TermBonusSource(term_, weight_);
    }

    std::string name() const override { return "quarry.TermBonusSource"; }

    void init(const Xapian::Database &db) override
    {
        db_ = db;
        it_ = db_.postlist_begin(term_);
        end_ = db_.postlist_end(term_);
        n_with_ = db_.get_termfreq(term_);
        is_unread_ = true;
        set_maxweight(weight_);
    }

    Xapian::doccount get_termfreq_min() const override { return n_with_; }
    Xapian::doccount get_termfreq_est() const override { return n_with_; }
    Xapian::doccount get_termfreq_max() const override { return n_with_; }

    /* IS_UNREAD: the iterator stands on a document not yet reported (the
     * first one, or one a failed check() moved to), which next() gives.
     * An iterator at its end must not move again (in a shard without the
     * term it starts there). */
    void next(double) override
    {
        if (!is_unread_ && it_ != end_)
            ++it_;
        is_unread_ = false;
    }

    void skip_to(Xapian::docid did, double) override
    {
        if (it_ != end_)
            it_.skip_to(did);
        is_unread_ = false;
    }

    bool check(Xapian::docid did, double) override
    {
        if (it_ != end_)
            it_.skip_to(did);
        is_unread_ = it_ != end_ && *it_ != did;
        return !is_unread_;   /* true at the end: see the top */
    }

    bool at_end() const override { return it_ == end_; }
    Xapian::docid get_docid() const override { return *it_; }
    double get_weight() const override { return weight_; }

  private:
    std::string term_;
    double weight_;
    Xapian::Database db_;
    Xapian::PostingIterator it_, end_;
    Xapian::doccount n_with_ = 0;
    bool is_unread_ = true;
};

} // namespace

Xapian::PostingSource *
qr_shim::term_bonus_source(const std::string &term, double weight)
{
    return new TermBonusSource(term, weight);
}
