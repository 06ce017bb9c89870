/* SPDX-License-Identifier: ISC */
/*
 * The daemon's log policy: the first result and every change, a
 * reminder at most hourly while it stays bad, nothing else.
 */
#include "config.h"

#include "atomicfile.h"
#include "daemon.h"
#include "unit.h"

static void
result(struct check_result *r, enum status status, const char *summary)
{
	memset(r, 0, sizeof(*r));
	r->status = status;
	snprintf(r->summary, sizeof(r->summary), "%s", summary);
}

int
main(void)
{
	struct log_memory m;
	struct check_result r;
	struct log_repeat e;

	memset(&m, 0, sizeof(m));
	result(&r, STATUS_CRITICAL, "send() leaked through eth0");
	CHECK(daemon_log_kind(&m, &r, 100) == LOG_KIND_CHANGE);
	CHECK(daemon_log_kind(&m, &r, 160) == LOG_KIND_NONE);
	CHECK(daemon_log_kind(&m, &r, 100 + 3599) == LOG_KIND_NONE);
	CHECK(daemon_log_kind(&m, &r, 100 + 3600) == LOG_KIND_REMINDER);
	CHECK(daemon_log_kind(&m, &r, 100 + 3660) == LOG_KIND_NONE);
	/* Another leak is a change, at once. */
	result(&r, STATUS_CRITICAL, "send() leaked through eth1");
	CHECK(daemon_log_kind(&m, &r, 3800) == LOG_KIND_CHANGE);
	/* OK: said once, then never again, however long. */
	result(&r, STATUS_OK, "every probe stayed on lo");
	CHECK(daemon_log_kind(&m, &r, 3860) == LOG_KIND_CHANGE);
	CHECK(daemon_log_kind(&m, &r, 3860 + 7200) == LOG_KIND_NONE);
	result(&r, STATUS_WARNING, "send() (not required) leaked through eth0");
	CHECK(daemon_log_kind(&m, &r, 11200) == LOG_KIND_CHANGE);

	/* An error outside the result: on change, hourly, and its end. */
	memset(&e, 0, sizeof(e));
	CHECK(daemon_log_repeat(&e, "", 10) == LOG_KIND_NONE);
	CHECK(daemon_log_repeat(&e, "status file /s: No space left on device",
	    20) == LOG_KIND_CHANGE);
	CHECK(daemon_log_repeat(&e, "status file /s: No space left on device",
	    21) == LOG_KIND_NONE);
	CHECK(daemon_log_repeat(&e, "status file /s: No space left on device",
	    20 + 3600) == LOG_KIND_REMINDER);
	CHECK(daemon_log_repeat(&e, "status file /s: No space left on device",
	    20 + 3601) == LOG_KIND_NONE);
	CHECK(daemon_log_repeat(&e, "status file /s: Permission denied",
	    3700) == LOG_KIND_CHANGE);
	CHECK(daemon_log_repeat(&e, NULL, 3701) == LOG_KIND_RECOVERED);
	CHECK(daemon_log_repeat(&e, "", 3702) == LOG_KIND_NONE);
	CHECK(daemon_log_repeat(&e, "status file /s: Permission denied",
	    3703) == LOG_KIND_CHANGE);

	/* Only a temporary file of that very file is ever removed. */
	CHECK(atomicfile_is_tmp(".status.json.0123abcd", "status.json"));
	CHECK(!atomicfile_is_tmp(".status.json.0123abc", "status.json"));
	CHECK(!atomicfile_is_tmp(".status.json.0123abcde", "status.json"));
	CHECK(!atomicfile_is_tmp(".status.json.0123abcg", "status.json"));
	CHECK(!atomicfile_is_tmp("status.json.0123abcd", "status.json"));
	CHECK(!atomicfile_is_tmp(".other.json.0123abcd", "status.json"));
	CHECK(!atomicfile_is_tmp(".status.json", "status.json"));
	return unit_done("unit_daemon");
}
