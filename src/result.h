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
#include "probe.h"

/* Interfaces one check tells apart; the last slot takes any others. */
#define CAPTURE_MAX		16
#define CAPTURE_OTHERS		"(others)"
/* Commands a report advises, at most. */
#define FIXES_MAX		1
/* Room for every captured interface's name, comma-separated. */
#define IFACE_LIST_MAX		(CAPTURE_MAX * (IF_NAMESIZE + 1))
/* Received datagrams kept for the report: foreign ones leave room for ours. */
#define RECEIVED_FOREIGN_MAX	8
#define RECEIVED_MAX		(RECEIVED_FOREIGN_MAX + 2 * PROBE_MAX)
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
};

/* The one capture handle, on every interface at once ("any"). */
struct capture_totals {
	char		device[IF_NAMESIZE];
	unsigned long	frames;		/* frames that passed the filter */
	unsigned long	ignored;	/* received, not sent, on an uplink */
	unsigned long	undecodable;
	unsigned long	dropped;	/* pcap_stats(): kernel and interface */
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
	char		why[320];
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
	char		comm[16];
	long		uid;		/* the process's; else the socket's */
	int		more_owners;	/* other processes share it */
	char		local[ADDR_ENDPOINT_STRLEN];	/* "198.51.100.2:40000" */
	char		group[ADDR_STRLEN];
	unsigned	port;
	int		leaks;
	char		ifname[IF_NAMESIZE];	/* where its datagrams go */
	unsigned long	inode;
};

struct app_audit {
	int		done;		/* it ran: the lists mean something */
	char		error[160];	/* why it could not */
	unsigned long	sockets;	/* connect()ed to a multicast group */
	unsigned long	routed_to_loopback;	/* of those, our business */
	unsigned long	leaking;
	int		owners_hidden;	/* /proc hid some processes */
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
	char		comm[16];
	long		uid;		/* -1 unknown */
	unsigned long	datagrams;
};

struct watch_counts {
	int		enabled;
	char		error[160];
	char		groups[512];	/* the prefixes routed to loopback */
	unsigned long	datagrams;	/* leaked, all sources */
	unsigned long	untracked;	/* past WATCH_MAX sources */
	unsigned long	dropped;	/* by the capture */
	size_t		n;
	struct watch_leak leaks[WATCH_MAX];
};

struct repair;		/* fix.h */

struct check_result {
	enum status		status;
	char			summary[1024];
	char			error[256];	/* why the check could not run */

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
	struct probe_result	probes[PROBE_MAX];
	struct capture_totals	capture;
	size_t			ncaptures;	/* interfaces, loopback first */
	struct capture_stats	captures[CAPTURE_MAX];

	size_t			nfixes;		/* advice.c */
	char			fixes[FIXES_MAX][160];

	unsigned long		listener_foreign;
	unsigned long		nreceived_total;
	size_t			nreceived;	/* kept in received[] */
	struct received		received[RECEIVED_MAX];
	const struct repair	*repair;	/* --fix: what it did (fix.c) */
};

const char	*status_name(enum status);
const char	*route_state_name(enum route_state);
unsigned	 result_leak_mask(const struct check_result *, size_t probe);
int		 result_captured_on_loopback(const struct check_result *,
		    size_t probe);
int		 result_fix_works(const struct check_result *, size_t probe);
size_t		 result_format_ifaces(const struct check_result *,
		    unsigned mask, char *buf, size_t size);

#endif
