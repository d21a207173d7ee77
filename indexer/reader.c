/* reader.c - choose the reader for a file by its name. */
#include "reader.h"

#include <string.h>
#include <strings.h>

static const struct {
    const char *extension;
    const char *format;
    ix_reader_fn read;
} READERS[] = {
    { ".md", "markdown", ix_read_markdown },
    { ".markdown", "markdown", ix_read_markdown },
    { ".jsonl", "jsonl", ix_read_jsonl },
    { ".ndjson", "jsonl", ix_read_jsonl },
    { ".json", "json", ix_read_json },
    { ".html", "html", ix_read_html },
    { ".htm", "html", ix_read_html },
    { ".xhtml", "html", ix_read_html },
    { ".xml", "feed", ix_read_feed },
    { ".atom", "feed", ix_read_feed },
    { ".rss", "feed", ix_read_feed },
    { ".rst", "rst", ix_read_rst },
    { ".article", "present", ix_read_present },
    { ".txt", "text", ix_read_text },
    { ".text", "text", ix_read_text },
};

static const char *
file_name(const char *path)
{
    const char *slash = strrchr(path, '/');

    return slash ? slash + 1 : path;
}

ix_reader_fn
ix_reader_for_path(const char *path, const char **format_out)
{
    const char *dot = strrchr(file_name(path), '.');

    *format_out = NULL;
    if (dot == NULL)
        return NULL;
    for (size_t i = 0; i < sizeof READERS / sizeof READERS[0]; i++) {
        if (strcasecmp(dot, READERS[i].extension) == 0) {
            *format_out = READERS[i].format;
            return READERS[i].read;
        }
    }
    return NULL;
}

const char *
ix_reader_skips_name(const char *path)
{
    static const struct {
        const char *prefix;
        const char *reason;
    } NAMES[] = {
        { "readme", "a README file" },
        { "license", "a license file" },
        { "licence", "a license file" },
        { "copying", "a license file" },
        { "changelog", "a change log" },
        { "contributing", "a contributing guide" },
        { "_index.", "a section index" },
    };
    const char *name = file_name(path);

    for (size_t i = 0; i < sizeof NAMES / sizeof NAMES[0]; i++) {
        if (strncasecmp(name, NAMES[i].prefix, strlen(NAMES[i].prefix)) == 0)
            return NAMES[i].reason;
    }
    return NULL;
}

bool
ix_reader_is_listing_name(const char *path)
{
    const char *name = file_name(path);

    return strncasecmp(name, "index.", 6) == 0 ||
           strncasecmp(name, "all.", 4) == 0;
}
