/* db_xapian.cc - the C shim over libxapian; databases and documents.
 *
 * The shim is the only C++ in quarry: this file, db_xapian_search.cc,
 * db_xapian_terms.cc and db_xapian_facets.cc, sharing db_xapian.hh.
 *
 * Every extern "C" function wraps its body in try and has one handler that
 * calls qr_db_fail, which rethrows and maps the exception to a status, most
 * specific first. Structs with C++ members are made with new and freed
 * with delete here; strings leave the shim as malloc'd copies. */
#include "db_xapian.hh"

using namespace qr_shim;

/* True when E is Xapian refusing to undo a failed write to a database
 * opened with DB_DANGEROUS (QR_DB_SCRATCH, written in place): it throws
 * this in place of the write's own error (a full disk), which is lost.
 * Scratch shards keep DB_DANGEROUS all the same: a build of 30,000
 * articles without it wrote a quarter more blocks (557,000 against
 * 444,000) and spent a third more system time. */
static bool
is_undo_refused(const Xapian::Error &e)
{
    return e.get_msg().find("cancel() not supported") != std::string::npos;
}

/* The error of a write whose reason Xapian lost (is_undo_refused). errno
 * still holds the reason: nothing between the failed write and the
 * refused undo sets it (strace shows no call that can fail there), and the
 * writes a scratch (DB_DANGEROUS) database gets, adding, replacing and
 * committing, clear errno first, so one left by earlier work is never
 * taken for it. */
static qr_status_t
write_failed(qr_err_t *err, const char *what, int write_errno,
             const Xapian::Error &e)
{
    if (write_errno == 0)
        return qr_err_set(err, QR_ERR_IO, "%s: writing failed (the reason "
                          "is lost: %s)", what, e.get_description().c_str());
    return qr_err_set(err, QR_ERR_IO, "%s: writing failed: %s", what,
                      qr_strerror(write_errno).text);
}

/* Maps the exception in flight to a status and a message "WHAT: detail". */
qr_status_t
qr_shim::qr_db_fail(qr_err_t *err, const char *what)
{
    int write_errno = errno;   /* before anything here can change it */

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
        if (is_undo_refused(e))
            return write_failed(err, what, write_errno, e);
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

/* After a failed commit: Xapian ended the transaction before trying,
 * and may still hold changes of the batch, so writes made next would go
 * in outside any transaction and closing would commit them after all.
 * Cancelling a new transaction drops what is held: an unflushed one,
 * since beginning a flushed one commits what is held first (Xapian 1.4's
 * Database::Internal::begin_transaction). The flushed one begun after it
 * keeps later writes discardable, as qr_db_close promises; when even that
 * fails (its commit of nothing on a full disk), an unflushed one does.
 * (Under DB_DANGEROUS Xapian cannot cancel; a scratch database is thrown
 * away on failure anyway.) */
static void
discard_uncommitted(qr_db_t *db) noexcept
{
    try {
        db->writer.begin_transaction(false);
        db->writer.cancel_transaction();
    } catch (...) {
    }
    try {
        db->writer.begin_transaction(true);
    } catch (...) {
        try {
            db->writer.begin_transaction(false);
        } catch (...) {
        }
    }
}

extern "C" qr_status_t
qr_db_commit(qr_db_t *db, qr_err_t *err)
{
    try {
        errno = 0;   /* see write_failed */
        /* A flushed transaction commits to disk when it ends; start the
         * next one at once so every write stays inside one. */
        db->writer.commit_transaction();
        db->writer.begin_transaction(true);
        return QR_OK;
    } catch (...) {
        qr_status_t st = qr_db_fail(err, "committing");
        discard_uncommitted(db);
        return st;
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
bool
qr_shim::revision_of(const Xapian::Database &db, Xapian::rev &rev)
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
        errno = 0;   /* see write_failed */
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
        errno = 0;   /* see write_failed */
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
        errno = 0;   /* see write_failed */
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

extern "C" qr_status_t
qr_doc_set_week(qr_doc_t *doc, unsigned slot, int64_t secs, qr_err_t *err)
{
    try {
        Xapian::termcount len = 0;
        for (Xapian::TermIterator t = doc->doc.termlist_begin();
             t != doc->doc.termlist_end(); ++t)
            len += t.get_wdf();
        doc->doc.add_value(slot, week_value(week_start(secs),
                                            length_bucket(len)));
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

/* Writes the table entry of the week value VALUE at TABLE[AT..): the
 * week's number in the table's numbering (0 when it does not fit) and the
 * length bucket. Returns false when the week does not fit. */
static bool
put_week_table_entry(std::string &table, size_t at, const std::string &value)
{
    int64_t week;
    unsigned bucket;

    week_value_parts(value, week, bucket);
    int64_t n = week / SECS_PER_WEEK - WEEK_TABLE_BASE + 1;
    /* A bucket past a byte is no length week_value writes (at most 32). */
    if (n < 1 || n > 0xFFFF || bucket > 0xFF)
        return false;
    table[at] = static_cast<char>(n & 0xFF);
    table[at + 1] = static_cast<char>(n >> 8);
    table[at + 2] = static_cast<char>(bucket);
    return true;
}

static void
put_le64(std::string &s, size_t at, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        s[at + i] = static_cast<char>((v >> (8 * i)) & 0xFF);
}

extern "C" qr_status_t
qr_db_write_week_table(qr_db_t *db, unsigned slot, bool *is_written_out,
                       qr_err_t *err)
{
    *is_written_out = false;
    try {
        Xapian::WritableDatabase &w = db->writer;
        /* Kept in DB either way, for qr_db_save_week_table after the
         * commit to save without reading it back. */
        db->week_table =
            std::make_shared<const WeekTable>(w.get_metadata(WEEK_TABLE_KEY));
        if (db->week_table->describes(w.get_revision()))
            return QR_OK;
        Xapian::docid last = w.get_lastdocid();
        std::string table(WEEK_TABLE_HEADER + WEEK_TABLE_ENTRY * size_t(last),
                          '\0');
        uint32_t n_with_week = 0;

        table.replace(0, 4, WEEK_TABLE_MAGIC);
        put_le64(table, 4, w.get_revision() + 1);
        for (Xapian::ValueIterator v = w.valuestream_begin(slot);
             v != w.valuestream_end(slot); ++v) {
            size_t at = WEEK_TABLE_HEADER +
                        WEEK_TABLE_ENTRY * size_t(v.get_docid() - 1);
            n_with_week += put_week_table_entry(table, at, *v);
        }
        for (int i = 0; i < 4; i++)
            table[12 + i] = static_cast<char>((n_with_week >> (8 * i)) &
                                              0xFF);
        w.set_metadata(WEEK_TABLE_KEY, table);
        db->week_table = std::make_shared<const WeekTable>(std::move(table));
        *is_written_out = true;
        return QR_OK;
    } catch (...) {
        return qr_db_fail(err, "writing the week table");
    }
}

extern "C" qr_status_t
qr_db_week_source(qr_db_t *db, qr_week_source_t *source_out, qr_err_t *err)
{
    *source_out = QR_WEEKS_NONE;
    try {
        std::shared_ptr<const WeekTable> table = current_week_table(db);
        if (table != nullptr)
            *source_out = table->is_mapped() ? QR_WEEKS_FILE
                                             : QR_WEEKS_METADATA;
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

bool
qr_shim::WeekTable::describes(Xapian::rev rev) const
{
    return size_ >= WEEK_TABLE_HEADER &&
           std::memcmp(data_, WEEK_TABLE_MAGIC, 4) == 0 &&
           (size_ - WEEK_TABLE_HEADER) % WEEK_TABLE_ENTRY == 0 &&
           get_le64(data_, 4) == rev;
}

/* The week file's header for DB: the magic and DB's UUID, or "" when DB
 * has no UUID of the expected form. */
static std::string
week_file_header(const Xapian::Database &db)
{
    std::string uuid = db.get_uuid();

    if (uuid.size() != WEEK_FILE_UUID_BYTES)
        return std::string();
    return WEEK_FILE_MAGIC + uuid;
}

/* The table in DB's week file if the file is DB's and describes REV, else
 * NULL: a missing, short or stale file only means reading the metadata. */
static std::shared_ptr<const WeekTable>
mapped_week_table(const qr_db_t *db, Xapian::rev rev)
{
    qr_mapped_file_t map;
    qr_err_t err;

    if (db->week_file.empty() ||
        qr_file_map(db->week_file.c_str(), &map, &err) != QR_OK)
        return nullptr;
    std::string header = week_file_header(db->reader);
    if (header.empty() || map.len < header.size() ||
        std::memcmp(map.data, header.data(), header.size()) != 0) {
        qr_file_unmap(&map);
        return nullptr;
    }
    auto table = std::make_shared<const WeekTable>(map, header.size());
    return table->describes(rev) ? table : nullptr;
}

std::shared_ptr<const WeekTable>
qr_shim::current_week_table(qr_db_t *db)
{
    const Xapian::Database &xdb = db->db();
    Xapian::rev rev = 0;

    /* A database without a revision to tell is remote (or several): no
     * table can be shown current, and a server would not know our source
     * anyway, so recency_source takes the built-in one. */
    if (!revision_of(xdb, rev))
        return nullptr;
    if (db->week_table != nullptr && db->week_table->describes(rev))
        return db->week_table;
    std::shared_ptr<const WeekTable> table;
    if (!db->is_writable)
        table = mapped_week_table(db, rev);
    if (table == nullptr)
        table = std::make_shared<const WeekTable>(
            xdb.get_metadata(WEEK_TABLE_KEY));
    if (!table->describes(rev))
        table = nullptr;
    /* A reader keeps what it read (and lets a stale map go); a writer's
     * table is the one qr_db_write_week_table made for its commit. */
    if (!db->is_writable)
        db->week_table = table;
    return table;
}

extern "C" void
qr_db_set_week_file(qr_db_t *db, const char *path)
{
    try {
        db->week_file = path;
    } catch (...) {
        db->week_file.clear();   /* out of memory: read the metadata */
    }
}

extern "C" qr_status_t
qr_db_save_week_table(qr_db_t *db, const char *path, qr_err_t *err)
{
    try {
        std::string header = week_file_header(db->writer);
        std::shared_ptr<const WeekTable> table = current_week_table(db);
        qr_mapped_file_t map;
        qr_err_t ignored;

        if (header.empty() || table == nullptr)
            return QR_OK;   /* nothing current to save */
        header.append(table->data(), table->size());
        /* Rewriting an unchanged file would cost a sync on every run. */
        if (qr_file_map(path, &map, &ignored) == QR_OK) {
            bool is_same = map.len == header.size() &&
                           std::memcmp(map.data, header.data(),
                                       header.size()) == 0;
            qr_file_unmap(&map);
            if (is_same)
                return QR_OK;
        }
        return qr_file_write_atomic(path, header.data(), header.size(), err);
    } catch (...) {
        return qr_db_fail(err, "saving the week table");
    }
}
