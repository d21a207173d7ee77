/* db_xapian.hh - what the files of the Xapian shim share: the handles
 * behind db.h, the mapping of exceptions to statuses, the constants of the
 * index's value and metadata layout, and small helpers. Only the shim's
 * own .cc files include it. */
#ifndef QR_DB_XAPIAN_HH
#define QR_DB_XAPIAN_HH

#include "db.h"

#include <xapian.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "fileio.h"
#include "status.h"

namespace qr_shim {

/* Thrown for a query tree the C side built wrongly (a caller bug). */
struct BadQuery : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/* Maps the exception in flight to a status and a message "WHAT: detail".
 * Call only inside a catch handler. */
qr_status_t qr_db_fail(qr_err_t *err, const char *what);

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
 * the magic "QWK3", the revision it describes (8 bytes, little-endian),
 * the number of documents with a week (4 bytes), then one
 * WEEK_TABLE_ENTRY-byte entry per docid from 1: the week's number from
 * WEEK_TABLE_BASE plus one (2 bytes, little-endian; 0 for no week), then
 * the document's length bucket (length_bucket). */
const char WEEK_TABLE_KEY[] = "quarry.weeks";
const char WEEK_TABLE_MAGIC[] = "QWK3";
const size_t WEEK_TABLE_HEADER = 16;
const size_t WEEK_TABLE_ENTRY = 3;

/* The week file (qr_db_save_week_table): the magic "QWF1", the UUID of
 * the database (36 characters) so that a file left by another generation
 * is never taken for this one's, then the week table as above. */
const char WEEK_FILE_MAGIC[] = "QWF1";
const size_t WEEK_FILE_UUID_BYTES = 36;
const size_t WEEK_FILE_HEADER = 4 + WEEK_FILE_UUID_BYTES;

/* Weeks are numbered from the one holding 1900-01-01, so 16 bits reach the
 * year 3156; weeks outside add no recency anyway (older than 50 years or
 * more than a year ahead). */
const int64_t WEEK_TABLE_BASE = -3653;   /* floor(-2208988800 / 604800) */


/* True when DB can tell its revision: false for a remote database or
 * several combined. */
bool revision_of(const Xapian::Database &db, Xapian::rev &rev);

class WeekTable;

/* The week table of DB's current revision, or NULL (always for a remote
 * database): the one DB last read if it still describes that revision,
 * else the week file's if it does, else the one in the metadata if it
 * does; a reader keeps it for the next call. Throws Xapian errors. */
std::shared_ptr<const WeekTable> current_week_table(qr_db_t *db);

inline char *
copy_string(const std::string &s)
{
    char *out = static_cast<char *>(std::malloc(s.size() + 1));

    if (out == nullptr)
        throw std::bad_alloc();
    std::memcpy(out, s.data(), s.size());
    out[s.size()] = '\0';
    return out;
}

/* First second of the week SECS falls in (weeks count from the epoch). */
inline int64_t
week_start(int64_t secs)
{
    int64_t week = secs / SECS_PER_WEEK;

    if (secs % SECS_PER_WEEK < 0)
        week--;   /* round towards minus infinity before 1970 */
    return week * SECS_PER_WEEK;
}

/* The length bucket of a document of LEN words (Xapian's document length):
 * the bit length of LEN, so bucket B holds lengths up to 2^B - 1; 0 for an
 * empty document or a week value written without one. Recency is bounded
 * by the BM25 of a word found once at the bucket's longest length
 * (db_xapian_search.cc), which the week value and the week table both
 * carry, so a remote backend computes the same bound. */
inline unsigned
length_bucket(uint64_t len)
{
    unsigned bucket = 0;

    while (len > 0) {
        bucket++;
        len >>= 1;
    }
    return bucket;
}

/* The week value of the week starting at WEEK (week_start) for a document
 * in length bucket BUCKET: the week's first second plus the bucket, as a
 * sortable number, so values sort by week and week_start() of the value
 * is the week. */
inline std::string
week_value(int64_t week, unsigned bucket)
{
    return Xapian::sortable_serialise(static_cast<double>(week + bucket));
}

/* The week and the length bucket of the week value VALUE. */
inline void
week_value_parts(const std::string &value, int64_t &week_out,
                 unsigned &bucket_out)
{
    int64_t secs = static_cast<int64_t>(Xapian::sortable_unserialise(value));

    week_out = week_start(secs);
    bucket_out = static_cast<unsigned>(secs - week_out);
}

/* The little-endian 64-bit number at S[AT..AT+8). */
inline uint64_t
get_le64(const char *s, size_t at)
{
    uint64_t v = 0;

    for (int i = 7; i >= 0; i--)
        v = (v << 8) | static_cast<unsigned char>(s[at + i]);
    return v;
}

/* The bonus posting source (db_xapian_bonus.cc), for local databases
 * only: WEIGHT for each document holding TERM. Its check() never stands
 * ahead of the document asked about, which Xapian 1.4's AND_MAYBE needs to
 * stay exact. */
Xapian::PostingSource *term_bonus_source(const std::string &term,
                                         double weight);

/* The Xapian query for the tree Q, without recency (searches add it).
 * Throws BadQuery for a tree the C side built wrongly. */
Xapian::Query query_of(const Xapian::Database &db, const qr_query_t *q);

} // namespace qr_shim

namespace qr_shim {

/* A week table's bytes (layout at WEEK_TABLE_KEY): mapped from the week
 * file, or read from the database's metadata. */
class WeekTable {
  public:
    explicit WeekTable(std::string bytes)
        : owned_(std::move(bytes)), data_(owned_.data()),
          size_(owned_.size())
    {
    }
    /* Takes MAP, whose table starts at OFFSET. */
    WeekTable(qr_mapped_file_t map, size_t offset)
        : map_(map), data_(map.data + offset), size_(map.len - offset)
    {
    }
    ~WeekTable() { qr_file_unmap(&map_); }
    WeekTable(const WeekTable &) = delete;
    WeekTable &operator=(const WeekTable &) = delete;

    bool is_mapped() const { return map_.data != nullptr; }
    const char *data() const { return data_; }
    size_t size() const { return size_; }
    /* True when the bytes are a week table of revision REV. */
    bool describes(Xapian::rev rev) const;

  private:
    std::string owned_;
    qr_mapped_file_t map_ = { nullptr, 0 };
    const char *data_;
    size_t size_;
};

} // namespace qr_shim

struct qr_db {
    Xapian::Database reader;
    Xapian::WritableDatabase writer;
    bool is_writable = false;
    /* Where searches look for the week file first (empty: nowhere). */
    std::string week_file;
    /* The week table last read or written, kept while it describes the
     * revision (a process that runs many queries reads it once; a writer
     * saves the file from it). */
    std::shared_ptr<const qr_shim::WeekTable> week_table;

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

namespace qr_shim {

/* Fills a new T with RUN(DB, t), reopening DB and running again when a
 * writer committed meanwhile (DatabaseModifiedError), at most
 * MODIFIED_RETRIES times; returns it (the caller deletes it) or throws. */
template <typename T, typename Run>
T *
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

} // namespace qr_shim

#endif
