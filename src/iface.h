/* SPDX-License-Identifier: ISC */
#ifndef MCV_IFACE_H
#define MCV_IFACE_H

short		 iface_flags(const char *name);
unsigned	 iface_index(const char *name);
char		*iface_indexname(unsigned ifindex, char *buf);
const char	*iface_name(unsigned ifindex, char *buf);
int		 iface_is_loopback(unsigned ifindex);
int		 iface_ipv6_disabled(const char *name);
int		 iface_no_carrier(const char *name);

#endif
