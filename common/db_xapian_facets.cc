/* db_xapian_facets.cc - the shim's facet counts over all matches. */
#include "db_xapian.hh"

using namespace qr_shim;

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

    enquire.set_query(query_of(db, query));
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
