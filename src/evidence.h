/*
 * Evidence: the frames that carried a check's probes, saved as a pcap
 * file (--pcap) that tcpdump and Wireshark open.
 */
#ifndef MCV_EVIDENCE_H
#define MCV_EVIDENCE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/time.h>

#define EVIDENCE_MAX		32	/* frames kept per check */
#define EVIDENCE_SNAPLEN	256	/* as captured (capture.c) */

struct evidence_frame {
	struct timeval	ts;
	unsigned	caplen;
	unsigned	len;
	uint8_t		data[EVIDENCE_SNAPLEN];
};

struct evidence {
	size_t			n;
	unsigned long		left_out;	/* past EVIDENCE_MAX */
	struct evidence_frame	frames[EVIDENCE_MAX];
};

void	evidence_add(struct evidence *, const struct timeval *,
	    const uint8_t *data, unsigned caplen, unsigned len);
int	evidence_save(const struct evidence *, const char *path, char *err,
	    size_t errlen);

#endif
