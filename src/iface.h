#ifndef MCV_IFACE_H
#define MCV_IFACE_H

short		 iface_flags(const char *name);
const char	*iface_name(unsigned ifindex, char *buf);
int		 iface_is_loopback(unsigned ifindex);

#endif
