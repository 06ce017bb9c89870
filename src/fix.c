/* SPDX-License-Identifier: ISC */
/*
 * --fix: a check of the group, the plan from the kernel's routes
 * (fixplan.c), the previous routes recorded (fixrecord.c), the plan
 * applied, and a second check that proves it; a proof that fails rolls
 * the routes back to exactly what they were.  --fix --undo puts back
 * what the last --fix changed.
 *
 * Everything runs on one event loop with the check lock held from
 * before the first check to after the last route change, so no other
 * check sees the host half-fixed or sweeps it; the checks are told the
 * lock is held (a POSIX lock taken twice by one process would be
 * dropped by the first close).  Each change is one RTM_NEWROUTE with
 * NLM_F_REPLACE (or a route of ours added or deleted): a SIGKILL at any
 * moment leaves the old route or the new one, never none.  Each stage
 * logs a line at -v ("fix: ..."), which tests/ns-fix-kill.sh waits on.
 */
#include "config.h"

#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "evloop.h"
#include "fix.h"
#include "lock.h"
#include "log.h"
#include "persist.h"
#include "report.h"

struct fixrun {
	const struct options	*opt;
	struct evloop		*loop;
	struct event_base	*base;		/* the loop's */
	struct lock		*lock;
	struct check		*check;		/* the one running, if any */
	struct nl		*nl;
	unsigned		 lo_ifindex;
	int			 interrupted;
	int			 rc;
	int			 done;
	char			 error[512];
	struct check_result	 diag;		/* before */
	struct check_result	 proof;		/* after */
	int			 have_proof;
	struct repair		 rep;
};

static void
stop(struct fixrun *f, int rc)
{
	f->rc = f->rep.exit_code = rc;
	f->done = 1;
	evloop_stop(f->loop);
}

static void
stop_error(struct fixrun *f, const char *msg)
{
	snprintf(f->error, sizeof(f->error), "%s", msg);
	stop(f, STATUS_UNKNOWN);
}

/* --- changing the routes ------------------------------------------------- */

/* Puts one entry's route back: the route replaced, or ours deleted. */
static int
undo_entry(struct fixrun *f, const struct fix_entry *e)
{
	if (e->action == FIX_REPLACE)
		return nl_route_send_raw(f->nl, NL_ROUTE_REPLACE, &e->before);
	if (nl_route_send_raw(f->nl, NL_ROUTE_DELETE, &e->after) == -1 &&
	    errno != ESRCH && errno != ENOENT)
		return -1;
	return 0;
}

/* Puts the first n entries back, last first; -1 if one could not be. */
static int
undo_entries(struct fixrun *f, size_t n, char *err, size_t errlen)
{
	int rc = 0;

	while (n-- > 0) {
		if (undo_entry(f, &f->rep.e[n]) == -1) {
			snprintf(err, errlen, "%s: %s", f->rep.e[n].undo,
			    strerror(errno));
			rc = -1;
		} else
			log_debug("fix: put back: %s", f->rep.e[n].undo);
	}
	return rc;
}

/* Applies the plan's entries in order; *done says how many took. */
static int
apply_entries(struct fixrun *f, size_t *done, char *err, size_t errlen)
{
	const struct fix_entry *e;

	for (*done = 0; *done < f->rep.n; (*done)++) {
		e = &f->rep.e[*done];
		if (nl_route_send_raw(f->nl, e->action == FIX_REPLACE ?
		    NL_ROUTE_REPLACE : NL_ROUTE_ADD, &e->after) == -1) {
			snprintf(err, errlen, "%s: %s%s", e->command,
			    strerror(errno), errno == EPERM ?
			    " (needs root or CAP_NET_ADMIN)" : "");
			return -1;
		}
		log_debug("fix: applied: %s", e->command);
	}
	return 0;
}

/* --- the proof ----------------------------------------------------------- */

/*
 * Every class the policy rules route apart must stay on loopback too:
 * its probes (or, where it could not be probed, the kernel's answers
 * for it, as the check says) leave through no interface.
 */
static int
classes_proven(const struct check_result *r, char *why, size_t size)
{
	size_t k;

	for (k = 0; k < r->nclasses; k++) {
		const struct class_result *cl = &r->classes[k];

		if (cl->leak_mask == 0)
			continue;
		snprintf(why, size, "applications of %.50s (%.70s) still leak "
		    "through %.40s after the fix%s", cl->name, cl->rule_text,
		    cl->leak_ifs[0] ? cl->leak_ifs : "an interface",
		    cl->probed ? "" : " (the kernel's answer; not probed)");
		return 0;
	}
	return 1;
}

/*
 * Whether the check proves the host fixed: it ran, and every method an
 * application uses was sent, stayed on loopback (captured nowhere
 * else) and reached the listener there, and every class of
 * application stayed on loopback too.  Applications that still leak
 * (connected before the fix) do not disprove it: they are listed.
 */
static int
proven(const struct check_result *r, char *why, size_t size)
{
	size_t i;

	if (r->error[0] != '\0' || r->status == STATUS_UNKNOWN) {
		snprintf(why, size, "the check after the fix failed: %.200s",
		    r->error[0] ? r->error : r->summary);
		return 0;
	}
	for (i = 0; i < METHOD_BASE_COUNT && i < r->nprobes; i++) {
		const struct probe_result *p = &r->probes[i];
		const char *label = method_get((enum method)i)->label;
		char ifs[IFACE_LIST_MAX];

		if (!p->sent) {
			snprintf(why, size, "%s could not be sent after the "
			    "fix: %s", label, p->error);
			return 0;
		}
		if (result_leak_mask(r, i) != 0) {
			result_format_ifaces(r, result_leak_mask(r, i), ifs,
			    sizeof(ifs));
			snprintf(why, size, "%s still leaked through %.150s "
			    "after the fix", label, ifs);
			return 0;
		}
		if (!result_captured_on_loopback(r, i) ||
		    p->listener_count == 0) {
			snprintf(why, size, "%s did not reach %s after the fix",
			    label, r->loopback);
			return 0;
		}
	}
	if (r->nprobes < METHOD_BASE_COUNT) {
		snprintf(why, size, "the check after the fix sent no probes");
		return 0;
	}
	return classes_proven(r, why, size);
}

/* The sockets the proof's audit found still leaking: who must restart. */
static void
keep_still_leaking(struct fixrun *f)
{
	const struct app_audit *a = &f->proof.apps;
	struct app_audit *still = &f->rep.still;
	size_t i;

	memset(still, 0, sizeof(*still));
	still->done = a->done;
	snprintf(still->error, sizeof(still->error), "%s", a->error);
	still->leaking = a->leaking;
	for (i = 0; i < a->n; i++)
		if (a->apps[i].leaks)
			still->apps[still->n++] = a->apps[i];
}

static void
rollback(struct fixrun *f)
{
	char err[512];

	log_debug("fix: rolling back");
	if (undo_entries(f, f->rep.n, err, sizeof(err)) == -1) {
		log_warnx("rollback: %s; the previous routes are in %s", err,
		    f->rep.record);
		snprintf(f->error, sizeof(f->error), "the fix was not proven "
		    "(%.150s) and rolling it back failed: %.300s", f->rep.why,
		    err);
		stop(f, STATUS_UNKNOWN);
		return;
	}
	f->rep.rolled_back = 1;
	fix_record_remove(&f->rep);
	log_debug("fix: rolled back");
	stop(f, STATUS_CRITICAL);
}

/* Removes the persistent files written so far (a failed write). */
static void
remove_persisted(const struct repair *rep)
{
	size_t i;

	for (i = 0; i < rep->npersisted; i++)
		if (remove(rep->persisted[i]) == -1 && errno != ENOENT)
			log_warn("%s", rep->persisted[i]);
}

/*
 * The persistent form, once the fix is proven.  One that cannot be
 * written takes the fix back too: the host is left as it was.
 */
static void
persist(struct fixrun *f)
{
	char err[512], undo_err[512];

	if (f->rep.npersisted == 0) {
		stop(f, STATUS_OK);
		return;
	}
	if (persist_write(&f->rep, err, sizeof(err)) == 0) {
		log_debug("fix: persisted (%s) in %s",
		    persist_form_name(f->rep.persist_form),
		    f->rep.persisted[0]);
		stop(f, STATUS_OK);
		return;
	}
	remove_persisted(&f->rep);
	if (undo_entries(f, f->rep.n, undo_err, sizeof(undo_err)) == 0) {
		f->rep.rolled_back = 1;
		fix_record_remove(&f->rep);
	}
	f->rep.proven = 0;
	snprintf(f->error, sizeof(f->error), "writing the persistent form: "
	    "%.400s; the fix is rolled back", err);
	stop(f, STATUS_UNKNOWN);
}

static void
on_proof(void *arg, struct check_result *r)
{
	struct fixrun *f = arg;

	f->check = NULL;
	f->have_proof = 1;
	keep_still_leaking(f);
	if (f->interrupted) {
		snprintf(f->rep.why, sizeof(f->rep.why), "interrupted before "
		    "the fix was proven");
		rollback(f);
		return;
	}
	if (!proven(r, f->rep.why, sizeof(f->rep.why))) {
		log_warnx("fix not proven: %s; rolling back", f->rep.why);
		rollback(f);
		return;
	}
	f->rep.proven = 1;
	log_debug("fix: proven");
	persist(f);
}

static void
start_check(struct fixrun *f, struct check_result *r, check_done_cb cb)
{
	f->check = check_new(f->base, f->opt, CHECK_LOCK_HELD, r, cb, f);
	if (f->check == NULL) {
		stop_error(f, "cannot start the check: out of memory");
		return;
	}
	check_run(f->check);
}

/* --- plan, record, apply -------------------------------------------------- */

static void
apply_and_prove(struct fixrun *f)
{
	char err[512];
	size_t done;

	if (fix_record_save(&f->rep, err, sizeof(err)) == -1) {
		stop_error(f, err);
		return;
	}
	log_debug("fix: recorded the previous routes in %s", f->rep.record);
	if (f->interrupted) {
		fix_record_remove(&f->rep);
		stop_error(f, "interrupted before any route was changed");
		return;
	}
	if (apply_entries(f, &done, err, sizeof(err)) == -1) {
		char undo_err[512];

		if (undo_entries(f, done, undo_err, sizeof(undo_err)) == 0)
			fix_record_remove(&f->rep);
		stop_error(f, err);
		return;
	}
	f->rep.applied = 1;
	log_debug("fix: proving");
	start_check(f, &f->proof, on_proof);
}

/*
 * A --fix recorded and not undone: a second record would replace the
 * routes the first one kept, and they could never be put back.
 */
static int
earlier_fix(struct fixrun *f)
{
	static struct repair earlier;
	char err[512];

	memset(&earlier, 0, sizeof(earlier));
	snprintf(earlier.record, sizeof(earlier.record), "%s", f->rep.record);
	switch (fix_record_load(&earlier, err, sizeof(err))) {
	case 1:
		return 0;
	case 0:
		snprintf(f->error, sizeof(f->error), "an earlier --fix is "
		    "recorded in %.300s: undo it first (--fix --undo)",
		    f->rep.record);
		break;
	default:
		snprintf(f->error, sizeof(f->error), "%.500s", err);
	}
	stop(f, STATUS_UNKNOWN);
	return 1;
}

static void
on_diagnosis(void *arg, struct check_result *r)
{
	struct fixrun *f = arg;
	char err[512];

	f->check = NULL;
	if (r->status == STATUS_UNKNOWN) {
		snprintf(f->error, sizeof(f->error), "%.500s", r->error[0] ?
		    r->error : r->summary);
		stop(f, STATUS_UNKNOWN);
		return;
	}
	if (fix_plan(f->nl, r, f->lo_ifindex, &f->rep, err, sizeof(err)) ==
	    -1) {
		stop_error(f, err);
		return;
	}
	f->rep.planned = 1;
	log_debug("fix: planned %zu route%s", f->rep.n,
	    f->rep.n == 1 ? "" : "s");
	if (f->rep.n == 0) {
		stop(f, r->status);
		return;
	}
	if (persist_plan(f->opt->persist, f->opt->persist_root, &f->rep, err,
	    sizeof(err)) == -1) {
		stop_error(f, err);
		return;
	}
	if (f->rep.dry_run) {
		stop(f, r->status);
		return;
	}
	if (earlier_fix(f))
		return;
	apply_and_prove(f);
}

/* --- undo ------------------------------------------------------------- */

static void
run_undo(struct fixrun *f)
{
	char err[512];
	size_t i;
	int rc;

	if ((rc = fix_record_load(&f->rep, err, sizeof(err))) == -1) {
		stop_error(f, err);
		return;
	}
	if (rc == 1) {
		snprintf(f->rep.why, sizeof(f->rep.why), "no record of a --fix "
		    "in this network namespace (%.150s)", f->rep.record);
		stop(f, STATUS_OK);
		return;
	}
	for (i = 0; i < f->rep.n; i++)
		fix_describe(f->rep.e[i].action == FIX_REPLACE ?
		    &f->rep.e[i].before : &f->rep.e[i].after,
		    f->rep.e[i].action == FIX_REPLACE ? "replace" : "del",
		    f->rep.e[i].undo, sizeof(f->rep.e[i].undo));
	if (undo_entries(f, f->rep.n, err, sizeof(err)) == -1) {
		stop_error(f, err);
		return;
	}
	remove_persisted(&f->rep);
	fix_record_remove(&f->rep);
	f->rep.undone = 1;
	stop(f, STATUS_OK);
}

/* --- the run ------------------------------------------------------------ */

static void
begin(struct fixrun *f)
{
	log_debug("fix: check lock held");
	if (f->rep.undo)
		run_undo(f);
	else
		start_check(f, &f->diag, on_diagnosis);
}

static void
on_lock(void *arg, int held, const char *why)
{
	struct fixrun *f = arg;

	if (held)
		begin(f);
	else
		stop_error(f, why);
}

static void
on_signal(void *arg, int sig)
{
	struct fixrun *f = arg;

	f->interrupted = 1;
	if (f->check != NULL)
		check_abort(f->check, sig);
	else if (!f->rep.applied)
		stop_error(f, "interrupted");
}

static void
start(struct fixrun *f)
{
	char err[256];

	if ((f->lo_ifindex = if_nametoindex(f->opt->loopback)) == 0) {
		snprintf(f->error, sizeof(f->error), "loopback interface %s: %s",
		    f->opt->loopback, strerror(errno));
		stop(f, STATUS_UNKNOWN);
		return;
	}
	if ((f->nl = nl_open()) == NULL) {
		snprintf(f->error, sizeof(f->error), "rtnetlink: %s",
		    strerror(errno));
		stop(f, STATUS_UNKNOWN);
		return;
	}
	if ((f->lock = lock_new(f->base, on_lock, f)) == NULL) {
		stop_error(f, "lock: out of memory");
		return;
	}
	switch (lock_take(f->lock, LOCK_WAIT_MS, err, sizeof(err))) {
	case LOCK_HELD:
		begin(f);
		break;
	case LOCK_WAITING:
		log_debug("waiting for another check to end");
		break;
	case LOCK_FAILED:
		stop_error(f, err);
		break;
	}
}

static void
report(struct fixrun *f)
{
	struct check_result *r = f->have_proof ? &f->proof : &f->diag;

	if (f->opt->format == FORMAT_JSON && f->rep.undo) {
		/* No check ran: the repair is the whole report. */
		fix_report_json(stdout, &f->rep);
		return;
	}
	if (f->opt->format == FORMAT_JSON) {
		if (f->error[0] != '\0' && r->summary[0] == '\0')
			snprintf(r->error, sizeof(r->error), "%.250s", f->error);
		r->repair = &f->rep;
		report_json(stdout, r);
		r->repair = NULL;
		return;
	}
	if (!f->rep.undo && (f->rep.dry_run || f->rep.planned))
		report_write(stdout, &f->diag, f->opt->format);
	fix_report_text(stdout, &f->rep);
	/* The second check's verdict: its socket audit may still blame. */
	if (f->have_proof && f->opt->format == FORMAT_TEXT)
		printf("The check after the fix: %s: %s\n",
		    status_name(f->proof.status), f->proof.summary);
}

/*
 * --fix [--dry-run | --undo]: 0 when the host is proven fixed (or
 * there was nothing to do, or the undo is done), 2 when the fix was
 * not proven and was rolled back, 3 when it could not be carried out.
 * --dry-run exits with the check's verdict.
 */
int
fix_run(const struct options *opt)
{
	static const struct evloop_handlers handlers = { .stop = on_signal };
	static struct fixrun f;
	char path[PATH_MAX];

	memset(&f, 0, sizeof(f));
	f.opt = opt;
	f.rep.dry_run = opt->fix_dry_run;
	f.rep.undo = opt->fix_undo;
	if (fix_record_path(path, sizeof(path)) == 0)
		snprintf(f.rep.record, sizeof(f.rep.record), "%s", path);
	if ((f.loop = evloop_new(RUN_FIX, &handlers, &f)) == NULL) {
		log_warnx("cannot create the event loop");
		return STATUS_UNKNOWN;
	}
	f.base = evloop_base(f.loop);
	start(&f);
	if (!f.done)
		evloop_run(f.loop);
	lock_free(f.lock);
	nl_close(f.nl);
	evloop_free(f.loop);
	if (f.error[0] != '\0') {
		log_warnx("%s", f.error);
		if (f.rep.why[0] == '\0')
			snprintf(f.rep.why, sizeof(f.rep.why), "%.250s",
			    f.error);
	}
	report(&f);
	return f.rc;
}
