/* db_xapian_bonus.cc - the posting sources of quarry's fixed-weight
 * bonuses: a term (titles) and words standing near each other (proximity).
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

#include <algorithm>

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

/* WEIGHT for every document where the two TERMS occur within WINDOW
 * positions of each other, in any order (Xapian's OP_NEAR of two terms). */
class NearBonusSource : public Xapian::PostingSource {
  public:
    NearBonusSource(std::vector<std::string> terms, Xapian::termcount window,
                    double weight)
        : terms_(std::move(terms)), window_(window), weight_(weight) {}

    PostingSource *clone() const override
    {
        return new NearBonusSource(terms_, window_, weight_);
    }

    std::string name() const override { return "quarry.NearBonusSource"; }

    void init(const Xapian::Database &db) override
    {
        db_ = db;
        its_.clear();
        n_with_max_ = db_.get_doccount();
        for (const std::string &term : terms_) {
            its_.push_back(db_.postlist_begin(term));
            n_with_max_ = std::min(n_with_max_, db_.get_termfreq(term));
        }
        end_ = db_.postlist_end(terms_.front());
        did_ = 0;
        is_match_ = false;
        is_at_end_ = n_with_max_ == 0;
        set_maxweight(weight_);
    }

    Xapian::doccount get_termfreq_min() const override { return 0; }
    /* Words a query names together mostly stand together where they all
     * occur; half is a guess that only orders Xapian's work. */
    Xapian::doccount get_termfreq_est() const override
    {
        return n_with_max_ / 2;
    }
    Xapian::doccount get_termfreq_max() const override
    {
        return n_with_max_;
    }

    void next(double) override { find_from(did_ + 1); }

    void skip_to(Xapian::docid did, double) override
    {
        if (did <= did_) {
            if (is_match_ || is_at_end_)
                return;
            did = did_ + 1;   /* after a failed check() */
        }
        find_from(did);
    }

    /* Stays on DID: true when it matches, or at the end (see the top). */
    bool check(Xapian::docid did, double) override
    {
        did_ = did;
        is_match_ = !is_at_end_ && holds_all(did) && is_near();
        return is_match_ || is_at_end_;
    }

    bool at_end() const override { return is_at_end_; }
    Xapian::docid get_docid() const override { return did_; }
    double get_weight() const override { return weight_; }

  private:
    /* Moves every term's iterator to DID; true when all stand on it. Sets
     * IS_AT_END_ when a term has no document from DID on. */
    bool holds_all(Xapian::docid did)
    {
        bool holds = true;

        for (Xapian::PostingIterator &it : its_) {
            it.skip_to(did);
            if (it == end_) {
                is_at_end_ = true;
                return false;
            }
            holds = holds && *it == did;
        }
        return holds;
    }

    /* Moves to the first match from DID on (leapfrogging the terms'
     * posting lists), or to the end. */
    void find_from(Xapian::docid did)
    {
        is_match_ = false;
        while (!is_at_end_) {
            Xapian::docid first = did;
            for (Xapian::PostingIterator &it : its_) {
                it.skip_to(did);
                if (it == end_) {
                    is_at_end_ = true;
                    return;
                }
                did = std::max(did, *it);
            }
            if (did != first)
                continue;   /* some term starts later: try from there */
            if (is_near()) {
                did_ = did;
                is_match_ = true;
                return;
            }
            did++;
        }
    }

    /* True when, in the document both iterators stand on, the two terms
     * occur at different positions less than WINDOW_ apart. For each
     * position x of the term with fewer occurrences, the other's list
     * skips to the window's start, so a long article costs about the
     * rarer term's count, not both lists' length. Copies of a Xapian
     * PositionIterator share their place, so nothing is re-read: the
     * other's position equal to x, stepped over, is remembered (AT_X) for
     * the next x, which it may lie within the window of. */
    bool is_near()
    {
        bool is_first_rarer = its_[0].get_wdf() <= its_[1].get_wdf();
        Xapian::PostingIterator &rare = its_[is_first_rarer ? 0 : 1];
        Xapian::PostingIterator &other = its_[is_first_rarer ? 1 : 0];
        Xapian::PositionIterator p = rare.positionlist_begin();
        Xapian::PositionIterator p_end = rare.positionlist_end();
        Xapian::PositionIterator q = other.positionlist_begin();
        Xapian::PositionIterator q_end = other.positionlist_end();
        Xapian::termpos at_x = 0;   /* 0: none stepped over */

        for (; p != p_end; ++p) {
            Xapian::termpos x = *p;
            if (at_x != 0 && at_x != x && x - at_x < window_)
                return true;
            if (q == q_end) {
                if (at_x == 0 || x - at_x >= window_)
                    return false;   /* nothing of the other is left near */
                continue;
            }
            q.skip_to(x >= window_ ? x - window_ + 1 : 1);
            if (q != q_end && *q == x) {
                at_x = x;
                ++q;
            }
            if (q != q_end && *q < x + window_ && *q != x)
                return true;
        }
        return false;
    }

    std::vector<std::string> terms_;
    Xapian::termcount window_;
    double weight_;
    Xapian::Database db_;
    std::vector<Xapian::PostingIterator> its_;
    Xapian::PostingIterator end_;
    Xapian::doccount n_with_max_ = 0;
    Xapian::docid did_ = 0;     /* 0: before the first document */
    bool is_match_ = false;     /* DID_ matches (a failed check: not) */
    bool is_at_end_ = false;
};

} // namespace

Xapian::PostingSource *
qr_shim::term_bonus_source(const std::string &term, double weight)
{
    return new TermBonusSource(term, weight);
}

Xapian::PostingSource *
qr_shim::near_bonus_source(const std::string &first,
                           const std::string &second,
                           Xapian::termcount window, double weight)
{
    return new NearBonusSource({ first, second }, window, weight);
}
