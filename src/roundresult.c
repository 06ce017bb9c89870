/* SPDX-License-Identifier: ISC */
/*
 * A round's status and summary, from its entries (netround.h): pure,
 * so the unit tests can give it any round.  The status is the worst of
 * the namespaces that were checked or failed (status_worse()); one
 * that vanished before its turn is said, never counted.  The summary
 * names the worst namespace and what its check said:
 *
 *   all 4 network namespaces OK
 *   2 of 4 network namespaces not OK; worst: web (docker:1a2b): send()
 *   leaked through eth0; 1 skipped (vanished)
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "roundresult.h"

/* n, as far as entries[] goes: a filler's bug stays a short report. */
size_t
round_entries(const struct round_result *rr)
{
	return rr->n < NETROUND_MAX ? rr->n : NETROUND_MAX;
}

/* Whether an entry is in the round's status: checked, or failed. */
int
round_entry_counted(const struct ns_entry *e)
{
	return e->state == NS_CHECKED || e->state == NS_FAILED;
}

void
round_result_count(const struct round_result *rr, struct round_counts *c)
{
	const struct ns_entry *e;
	size_t i;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < round_entries(rr); i++) {
		e = &rr->entries[i];
		if (!round_entry_counted(e)) {
			c->vanished++;
			/* Not gone: entered, nothing up (netround.c). */
			if (e->r.status == STATUS_OK)
				c->idle++;
			continue;
		}
		c->checked++;
		if (e->r.status != STATUS_OK)
			c->not_ok++;
	}
}

/* The first counted entry with the round's status: the one to name. */
static const struct ns_entry *
round_worst(const struct round_result *rr)
{
	size_t i;

	for (i = 0; i < round_entries(rr); i++)
		if (round_entry_counted(&rr->entries[i]) &&
		    rr->entries[i].r.status == rr->status)
			return &rr->entries[i];
	return NULL;
}

/*
 * Cuts s to fit size bytes with its end ("..."), never inside a UTF-8
 * character (names and summaries are valid UTF-8, sanitize.c, and the
 * JSON status file must stay so).
 */
static void
cut_utf8(char *s, size_t size)
{
	size_t cut;

	if (size < 4 || strlen(s) < size)
		return;
	cut = size - 4;
	while (cut > 0 && ((unsigned char)s[cut] & 0xc0) == 0x80)
		cut--;
	memcpy(s + cut, "...", 4);
}

/* The counts after the verdict: what the round did not check. */
static void
round_tail(const struct round_result *rr, const struct round_counts *c,
    char *buf, size_t size)
{
	size_t len;

	buf[0] = '\0';
	if (c->vanished > 0 && c->idle == 0)
		snprintf(buf, size, "; %zu skipped (vanished)", c->vanished);
	else if (c->vanished > 0 && c->idle == c->vanished)
		snprintf(buf, size, "; %zu skipped (no interface up)",
		    c->vanished);
	else if (c->vanished > 0)
		snprintf(buf, size, "; %zu skipped (%zu vanished, %zu with no "
		    "interface up)", c->vanished, c->vanished - c->idle,
		    c->idle);
	len = strlen(buf);
	if (rr->over_limit > 0)
		snprintf(buf + len, size - len, "; %lu not checked (over the "
		    "limit of %d)", rr->over_limit, NETROUND_MAX);
}

/* The verdict: all OK, or how many were not and the worst of them. */
static void
round_head(const struct round_result *rr, const struct round_counts *c,
    char *buf, size_t size)
{
	const struct ns_entry *worst = round_worst(rr);
	const struct netns_id *ns;

	if (c->checked == 0)
		snprintf(buf, size, "no network namespace checked");
	else if (c->not_ok == 0 || worst == NULL)
		snprintf(buf, size, "all %zu network namespaces OK",
		    c->checked);
	else {
		ns = &worst->r.netns;
		snprintf(buf, size, "%zu of %zu network namespaces not OK; "
		    "worst: %s%s%s%s: %s", c->not_ok, c->checked, ns->name,
		    ns->owner[0] != '\0' ? " (" : "", ns->owner,
		    ns->owner[0] != '\0' ? ")" : "", worst->r.summary);
	}
}

/*
 * The status and the summary; nothing else is touched.  A round that
 * counted no namespace at all checked nothing, and nothing checked is
 * not OK: UNKNOWN.  The tail (what was skipped) is kept whole when the
 * summary is too long: the worst namespace's own summary is cut.
 */
void
round_result_finish(struct round_result *rr)
{
	struct round_counts c;
	char head[sizeof(rr->summary) + NETNS_NAME_MAX + NETNS_OWNER_MAX +
	    128], tail[128];
	size_t i;

	round_result_count(rr, &c);
	rr->status = c.checked == 0 ? STATUS_UNKNOWN : STATUS_OK;
	for (i = 0; i < round_entries(rr); i++)
		if (round_entry_counted(&rr->entries[i]))
			rr->status = status_worse(rr->status,
			    rr->entries[i].r.status);
	round_head(rr, &c, head, sizeof(head));
	round_tail(rr, &c, tail, sizeof(tail));
	cut_utf8(head, sizeof(rr->summary) - strlen(tail));
	snprintf(rr->summary, sizeof(rr->summary), "%s%s", head, tail);
}
