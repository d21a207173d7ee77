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
};

ix_reader_fn
ix_reader_for_path(const char *path, const char **format_out)
{
    const char *dot = strrchr(path, '.');
    const char *slash = strrchr(path, '/');

    *format_out = NULL;
    if (dot == NULL || (slash != NULL && dot < slash))
        return NULL;
    for (size_t i = 0; i < sizeof READERS / sizeof READERS[0]; i++) {
        if (strcasecmp(dot, READERS[i].extension) == 0) {
            *format_out = READERS[i].format;
            return READERS[i].read;
        }
    }
    return NULL;
}

bool
ix_reader_skips_name(const char *path)
{
    static const char *const PREFIXES[] = {
        "readme", "license", "licence", "changelog", "contributing", "_index."
    };
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;

    for (size_t i = 0; i < sizeof PREFIXES / sizeof PREFIXES[0]; i++) {
        if (strncasecmp(name, PREFIXES[i], strlen(PREFIXES[i])) == 0)
            return true;
    }
    return false;
}
