/* SPDX-License-Identifier: ISC */
/*
 * flowls: flowowner.c at work, for the tests.  For each flow given,
 * "SRC SPORT GROUP PORT" (GROUP "-" for any group), prints one line:
 *
 *   flow SRC:SPORT>GROUP:PORT foreign=0 n=N more=0
 *
 * then one line per candidate, the exact ones first:
 *
 *   owner exact=1 uid=U inode=I pid=P comm=C unit=U cgroup=PATH
 *
 * (pid=-1 and comm= empty where /proc hides).  All flows go to one
 * flowowner_lookup() call: one kernel query per family.
 *
 * usage: flowls SRC SPORT GROUP PORT [SRC SPORT GROUP PORT ...]
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flowowner.h"

int
main(int argc, char **argv)
{
	struct flow flows[16];
	struct flow_owners out[16];
	char err[256];
	size_t n = 0, i, k;

	if (argc < 5 || (argc - 1) % 4 != 0 || (argc - 1) / 4 > 16) {
		fprintf(stderr, "usage: flowls SRC SPORT GROUP PORT ...\n");
		return 2;
	}
	for (i = 1; i + 3 < (size_t)argc; i += 4, n++) {
		memset(&flows[n], 0, sizeof(flows[n]));
		if (addr_parse(argv[i], &flows[n].src) == -1 ||
		    (strcmp(argv[i + 2], "-") != 0 &&
		    addr_parse(argv[i + 2], &flows[n].dst) == -1)) {
			fprintf(stderr, "flowls: bad address\n");
			return 2;
		}
		flows[n].sport = (unsigned)atoi(argv[i + 1]);
		flows[n].dport = (unsigned)atoi(argv[i + 3]);
	}
	if (flowowner_lookup(flows, n, "/proc", out, err, sizeof(err)) == -1) {
		fprintf(stderr, "flowls: %s\n", err);
		return 1;
	}
	for (i = 0; i < n; i++) {
		printf("flow %s:%s>%s:%s foreign=%d n=%zu more=%d\n",
		    argv[1 + 4 * i], argv[2 + 4 * i], argv[3 + 4 * i],
		    argv[4 + 4 * i], out[i].foreign_source, out[i].n,
		    out[i].more);
		for (k = 0; k < out[i].n; k++) {
			const struct owner *o = &out[i].o[k];

			printf("owner exact=%d uid=%ld inode=%lu pid=%ld "
			    "comm=%s unit=%s cgroup=%s\n", o->exact, o->uid,
			    o->inode, o->pid, o->comm, o->unit, o->cgroup);
		}
	}
	return 0;
}
