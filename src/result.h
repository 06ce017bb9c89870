/* SPDX-License-Identifier: ISC */
/*
 * What one check observed, and the verdict drawn from it.  Filled by
 * check.c, judged by verdict.c, rendered by report*.c.
 */
#ifndef MCV_RESULT_H
#define MCV_RESULT_H

#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stddef.h>

#include "addr.h"
#include "capture.h"
#include "method.h"
#include "netns.h"

/* Interfaces one check tells apart; the last slot takes any others. */
#define CAPTURE_MAX		16
#define CAPTURE_OTHERS		"(others)"
/* Commands a report advises, at most. */
#define FIXES_MAX		4
/* Room for every captured interface's name, comma-separated. */
#define IFACE_LIST_MAX		(CAPTURE_MAX * (IF_NAMESIZE + 1))
/* Received datagrams kept for the report: foreign ones leave room for ours. */
#define RECEIVED_FOREIGN_MAX	8
#define RECEIVED_MAX		(RECEIVED_FOREIGN_MAX + 2 * METHOD_COUNT)
#define RECEIVED_TEXT_MAX	96

enum status {
	STATUS_OK = 0,
	STATUS_WARNING = 1,
	STATUS_CRITICAL = 2,
	STATUS_UNKNOWN = 3
};

enum route_state {
	ROUTE_NONE,		/* no route of ours, none to loopback */
	ROUTE_ADDED,		/* we added the group's route, removed after */
	ROUTE_PREEXISTING	/* the host has a route to loopback for it:
				   tested as it is, left alone */
};

/* A route, as a report names it (route.c finds them). */
struct route_effect {
	int		known;
	char		prefix[ADDR_STRLEN + 4];	/* "224.16.17.0/24" */
	unsigned	table;
	unsigned	protocol;
	unsigned	metric;
	char		ifname[IF_NAMESIZE];		/* "" for none */
	char		prefsrc[ADDR_STRLEN];		/* "" for none */
	int		rule;		/* priority of the rule that led to
					   its table; -1: a default rule */
	int		rule_selective;	/* that rule matches more than "to" */
	int		ours;
	unsigned	type;		/* RTN_UNICAST, RTN_BLACKHOLE, ... */
};

/* What the capture saw on one interface. */
struct capture_stats {
	char		ifname[IF_NAMESIZE];
	unsigned	ifindex;	/* 0 for CAPTURE_OTHERS */
	int		loopback;	/* the interface probes should stay on */
	unsigned long	frames;		/* frames sent (or, on loopback, seen) */
	unsigned long	foreign;	/* of those, not this run's probes */
	unsigned long	undecodable;
};

struct probe_result {
	int		required;
	int		sent;			/* the send call succeeded */
	int		skipped;		/* not tried: error says why */
	char		error[128];		/* why it was not sent */
	unsigned	captured_on;		/* bit i: seen by captures[i] */
	unsigned	listener_count;		/* datagrams the listener got */
	char		listener_if[IF_NAMESIZE];	/* first one's interface */
	char		source[ADDR_STRLEN];	/* its socket's, "" if unbound */
	unsigned	sport;
	int		predicted;		/* the kernel was asked */
	char		predicted_if[IF_NAMESIZE];	/* its answer */
	int		predicted_no_carrier;	/* that interface's link is down */
	int		queued;			/* bytes unsent at the end */
	int		agrees;			/* captured where predicted;
						   -1: not sent or not asked */
};

struct received {
	char		ifname[IF_NAMESIZE];
	char		payload[RECEIVED_TEXT_MAX];
	int		probe;			/* method index, -1 foreign */
};

/* What the kernel's routing decisions say will happen (explain.c). */
struct prediction {
	int		known;
	int		unroutable;		/* nothing can leave (explain.c) */
	char		ifname[METHOD_BASE_COUNT][IF_NAMESIZE];	/* by method */
	char		source[ADDR_STRLEN];	/* connect()'s source */
	unsigned	leak_mask;		/* bit i: method i predicted out */
	char		why[656];
	char		why_method[METHOD_BASE_COUNT][320];	/* each its
							   own, "" if none */
};

/* Facts about the host that explain surprises (audit.c). */
#define AUDIT_MEMBERS_MAX	8
struct host_audit {
	int		known;
	int		loopback_multicast;	/* IFF_MULTICAST on loopback */
	int		rp_filter_all;		/* -1: unknown */
	int		rp_filter_loopback;
	int		rp_filter_egress;
	int		nmembers;		/* where the group is joined */
	char		members[AUDIT_MEMBERS_MAX][IF_NAMESIZE];
	int		route_known;		/* the route the group takes */
	unsigned	route_table;
	unsigned	route_protocol;
	char		route_prefsrc[ADDR_STRLEN];
	int		mc_forwarding;		/* some interface routes multicast */
	char		forward_group[ADDR_STRLEN];	/* an entry for the group */
	char		forward_from_loopback[128];	/* its outputs, "" none */
	int		forward_entry;		/* an entry says so; else it may */
};

/* One application socket the socket audit looked at (appaudit.c). */
#define APPS_MAX		16
#define APP_OWNER_UNKNOWN	(-1)
struct app_socket {
	long		pid;		/* APP_OWNER_UNKNOWN: /proc hid it */
	char		comm[64];	/* sanitized (sanitize.c) */
	long		uid;		/* the process's; else the socket's */
	int		more_owners;	/* other processes share it */
	char		local[ADDR_ENDPOINT_STRLEN];	/* "198.51.100.2:40000" */
	char		group[ADDR_STRLEN];
	unsigned	port;
	int		leaks;
	char		ifname[IF_NAMESIZE];	/* where its datagrams go */
	unsigned long	inode;
	uint64_t	cgroup_id;	/* its creator's cgroup v2, 0 unknown */
	char		cgroup[256];	/* "/system.slice/x.service", "" */
	char		unit[128];	/* "x.service", "docker:0123...", "" */
	/* Evidence before blame: leaks is set only when its datagrams were
	 * captured leaving; a flow the kernel would route out, not seen,
	 * is at_risk; one seen on loopback only is cleared. */
	int		at_risk;
	int		seen_out;	/* captured leaving, during the check */
	int		seen_lo;	/* captured on loopback */
	struct addr	src;		/* its flow, for the capture */
	unsigned	sport;
	struct addr	dst;
	char		exe[256];	/* sanitized; "" where /proc hides */
};

struct app_audit {
	int		done;		/* it ran: the lists mean something */
	char		error[160];	/* why it could not */
	unsigned long	sockets;	/* connect()ed to a multicast group */
	unsigned long	routed_to_loopback;	/* of those, our business */
	unsigned long	leaking;	/* seen leaving */
	int		owners_hidden;	/* /proc hid some processes */
	unsigned long	at_risk;	/* routed out, not seen (yet) */
	size_t		n;		/* kept below, the leaking first */
	struct app_socket apps[APPS_MAX];
};

/* What the daemon's watch mode counted (watch.c). */
#define WATCH_MAX		32
struct watch_leak {
	char		group[ADDR_STRLEN];
	unsigned	port;
	char		ifname[IF_NAMESIZE];
	char		source[ADDR_ENDPOINT_STRLEN];	/* "198.51.100.2:40000" */
	long		pid;		/* APP_OWNER_UNKNOWN if not found */
	char		comm[64];	/* sanitized (sanitize.c) */
	long		uid;		/* -1 unknown */
	unsigned long	datagrams;
	char		unit[128];	/* systemd unit, container; "" unknown */
	unsigned	candidates;	/* sockets that may have sent it */
};

struct watch_counts {
	int		enabled;
	char		error[160];
	char		groups[512];	/* the prefixes routed to loopback */
	unsigned long	datagrams;	/* leaked, all sources */
	unsigned long	untracked;	/* of those, no source kept for */
	unsigned long	forwarded;	/* not the host's: bridged, forwarded */
	unsigned long	dropped;	/* by the capture */
	size_t		ngroups;	/* prefixes routed to loopback */
	int		wide_filter;	/* too many for the kernel's filter */
	size_t		n;
	struct watch_leak leaks[WATCH_MAX];
};

/*
 * A class of applications the policy rules route apart (class.c): the
 * sockets of a uid range, or with a mark.  Each is asked about and, where
 * the check can, probed as that class.
 */
#define CLASSES_MAX		8
struct class_result {
	char		name[64];	/* "uid 1000-1999", "mark 0x1/0xff" */
	char		rule_text[160];	/* "rule 32765: uidrange 1000-1999
					   lookup 100" */
	int		rule;		/* its priority */
	int		has_uid;
	unsigned	uid;		/* the uid probed and asked about */
	int		has_mark;
	unsigned	mark;
	struct route_effect route;	/* what the kernel uses for it */
	struct prediction prediction;	/* the kernel's answers for it */
	int		probed;		/* probes were sent as this class */
	char		not_probed[320];	/* else why: judged by the
						   kernel's answer alone */
	char		nonce[40];	/* its probes' nonce (hex) */
	struct probe_result probes[METHOD_BASE_COUNT];
	unsigned	leak_mask;	/* bit i: method i leaked (or is
					   predicted to, if not probed) */
	char		leak_ifs[IFACE_LIST_MAX];
	char		fix[160];	/* for this class, "" none */
	char		fix_table[16];
	int		fix_proven;
	char		fix_why[160];	/* why it is not proven */
};

/*
 * A fix tried for one class (the default one first): applied in the
 * table the kernel uses for that class, probed as the class, removed
 * (check.c); proven when both probes then stayed on loopback.
 */
#define TRIALS_MAX		(CLASSES_MAX + 1)
struct fix_trial {
	char		class_name[64];	/* "" the default class */
	char		table[16];	/* "main", "local", "100" */
	char		command[192];	/* exactly what to run */
	int		tried;		/* applied and probed here */
	int		proven;
	char		why[200];	/* why not tried, or not proven */
	char		nonce[40];
	struct probe_result probes[METHOD_BASE_COUNT];
};

struct repair;		/* fix.h */

struct check_result {
	enum status		status;
	char			summary[1024];
	char			error[256];	/* why the check could not run */
	char			setup_error[256];	/* a set-up step that
						   failed; the check went on */
	int			no_listener;	/* it could not be set up */
	int			loopback_down;	/* lo is down: routes through
						   it are gone */

	struct addr		group;
	unsigned		port;
	char			loopback[IF_NAMESIZE];
	char			egress[IF_NAMESIZE];
	enum route_state	route;
	struct route_effect	route_in_effect;	/* what the kernel uses */
	struct route_effect	route_unused;	/* to loopback, not used */
	int			route_checked;	/* the route stage ran */
	int			route_removed;	/* ROUTE_ADDED: deleted again */
	int			route_lost;	/* ours vanished mid-check */
	double			duration_ms;
	double			finished_at;	/* Unix time, seconds */

	int			explain_only;	/* --explain: nothing sent */
	int			no_route;	/* --no-route */
	unsigned		require_mask;	/* bit i: method i required */
	unsigned		ttl;		/* the probes' TTL or hop limit */
	struct prediction	prediction;
	struct host_audit	audit;
	struct app_audit	apps;		/* the socket audit */
	struct watch_counts	watch;		/* the daemon's watch mode */
	int			prediction_agrees;	/* with the capture;
							   -1: nothing to compare */

	size_t			nprobes;
	struct probe_result	probes[METHOD_COUNT];
	struct capture_totals	capture;
	size_t			ncaptures;	/* interfaces, loopback first */
	struct capture_stats	captures[CAPTURE_MAX];

	size_t			nclasses;	/* class.c: rules by uid, mark */
	struct class_result	classes[CLASSES_MAX];

	size_t			ntrials;	/* fixes tried (check.c) */
	struct fix_trial	trials[TRIALS_MAX];

	size_t			nfixes;		/* advice.c */
	char			fixes[FIXES_MAX][160];

	unsigned long		listener_foreign;
	unsigned long		nreceived_total;
	size_t			nreceived;	/* kept in received[] */
	struct received		received[RECEIVED_MAX];
	const struct repair	*repair;	/* --fix: what it did (fix.c) */
	struct netns_id		netns;		/* --netns: where it ran */
};

const char	*status_name(enum status);
void		 result_clamp(struct check_result *);
enum status	 status_worse(enum status, enum status);
const char	*route_state_name(enum route_state);
unsigned	 result_leak_mask(const struct check_result *, size_t probe);
int		 result_captured_on_loopback(const struct check_result *,
		    size_t probe);
int		 result_fix_works(const struct check_result *, size_t probe);
int		 result_queued_out(const struct check_result *, size_t probe);
unsigned	 result_probe_leak_mask(const struct check_result *,
		    const struct probe_result *);
int		 result_probe_queued_out(const struct check_result *,
		    const struct probe_result *);
int		 result_leaked(const struct check_result *, size_t probe);
const char	*route_type_name(unsigned type);
const char	*route_owner_name(unsigned protocol);
size_t		 result_format_ifaces(const struct check_result *,
		    unsigned mask, char *buf, size_t size);

#endif
