/* check_main.h - the main() every Check program shares. */
#ifndef QR_CHECK_MAIN_H
#define QR_CHECK_MAIN_H

#include <check.h>
#include <stdlib.h>

/* Runs SUITE and returns a process exit status: 0 when every test passed. */
static inline int
qr_check_run(Suite *suite)
{
    SRunner *sr = srunner_create(suite);
    int n_failed;

    srunner_run_all(sr, CK_NORMAL);
    n_failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return n_failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

#endif /* QR_CHECK_MAIN_H */
