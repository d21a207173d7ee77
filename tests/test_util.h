/* test_util.h - helpers shared by the Check suites: temporary folders,
 * running the programs, reading their JSON. */
#ifndef QR_TEST_UTIL_H
#define QR_TEST_UTIL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* Makes a fresh temporary folder; the caller removes it with
 * tu_remove_tree and frees the returned path. Aborts the test on failure. */
char *tu_make_temp_dir(void);

/* Removes PATH and everything below it. */
void tu_remove_tree(const char *path);

/* Writes LEN bytes of DATA to DIR/NAME (creating missing folders in NAME)
 * and returns the full path (caller frees). */
char *tu_write_file(const char *dir, const char *name, const char *data,
                    size_t len);

/* Runs the shell command CMD; its stdout goes into *OUT (caller frees, may
 * be NULL to discard) and its stderr into *ERR_OUT (likewise). Returns the
 * exit status, or -1 when it did not exit normally. */
int tu_run(const char *cmd, char **out, char **err_out);

/* Parses TEXT as JSON or fails the test with the text in the message. */
json_t *tu_parse_json(const char *text);

#endif /* QR_TEST_UTIL_H */
